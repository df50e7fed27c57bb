"""The brief in a real browser: printed page counts, a screenshot, injected markup never runs.

Headless Chromium (Debian's ``chromium``; ``.ci/run`` installs it) prints the brief to PDF on
A4 (the brief's ``@page`` rule), and the pages are counted: the short brief of a 10-paper
domain must fit on four. The Markdown brief is printed the way a Markdown viewer shows it:
rendered by markdown-it-py (CommonMark + tables) with a plain stylesheet (:data:`MD_VIEWER_CSS`,
10 pt text) — the brief cannot choose a viewer's styles, so it is measured with ordinary ones.

Skipped when Chromium is not installed. ``PAPERPREP_SCREENSHOT=path.png`` keeps the
screenshot; ``PAPERPREP_UPDATE_GOLDEN=1`` rewrites the README's ``docs/brief.png``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from paperprep.brief import BriefOptions, render_brief
from paperprep.domains import get_domain
from paperprep.models import PaperRecord
from paperprep.plan import make_plan, plan_papers
from tests.brief_world import ten_papers
from tests.test_brief import GENERATED, record, sample_domain, sample_records

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "docs" / "brief.png"
PAYLOAD_TITLE = "<script>document.title='PWNED'</script> Evil paper"
PAYLOAD_NOTE = '"><img src=x onerror="document.title=\'PWNED\'"> see notes'
MAX_PAGES = 4

MD_VIEWER_CSS = """
@page { size: A4; margin: 1.5cm; }
body { font-family: sans-serif; font-size: 10pt; line-height: 1.4; }
table { border-collapse: collapse; font-size: 9pt; }
th, td { border: 1px solid #ccc; padding: 2px 5px; vertical-align: top; }
code { font-size: 9pt; }
h1 { font-size: 20pt; } h2 { font-size: 15pt; } h3 { font-size: 12pt; }
"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            # Any request the page tried to make would fail: the brief must not need one.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def print_pdf(tmp_path: Path, page: Path) -> PdfReader:
    pdf = page.with_suffix(".pdf")
    done = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert done.returncode == 0 and pdf.is_file(), done.stderr[-2000:]
    return PdfReader(pdf)


def recsys_brief(fmt: str, records: list[PaperRecord], *, full: bool = False) -> str:
    plan = make_plan(
        "recsys", plan_papers(records, "recsys"), dt.date(2026, 8, 5), dt.date(2026, 8, 1)
    )
    return render_brief(
        get_domain("recsys"),
        records,
        "md" if fmt == "md" else "html",
        user_templates=None,
        generated=GENERATED,
        options=BriefOptions(full=full),
        plan=plan,
    )


def markdown_page(md: str) -> str:
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(md)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{MD_VIEWER_CSS}</style>'
        f"</head><body>{body}</body></html>"
    )


@pytest.mark.slow
@pytest.mark.parametrize("filled", [True, False], ids=["notes-written", "nothing-written"])
def test_short_brief_of_ten_papers_prints_on_four_a4_pages(tmp_path: Path, filled: bool) -> None:
    records = ten_papers(filled=filled)
    html = tmp_path / "brief.html"
    html.write_text(recsys_brief("html", records), encoding="utf-8")
    md = tmp_path / "brief-md.html"
    md.write_text(markdown_page(recsys_brief("md", records)), encoding="utf-8")
    html_pdf, md_pdf = print_pdf(tmp_path, html), print_pdf(tmp_path, md)
    for pdf in (html_pdf, md_pdf):
        box = pdf.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), "not A4"
    print(f"short brief, {'notes' if filled else 'no notes'}: HTML {len(html_pdf.pages)} pages, ")
    print(f"Markdown {len(md_pdf.pages)} pages")
    assert len(html_pdf.pages) <= MAX_PAGES
    assert len(md_pdf.pages) <= MAX_PAGES
    # And it is the brief, all of it: the last section made it onto the last page.
    last = html_pdf.pages[-1].extract_text()
    assert "How do you pick the weights of a multi-objective ranker?" in last
    # The full form is the long one (what the short one saves).
    full = tmp_path / "full.html"
    full.write_text(recsys_brief("html", records, full=True), encoding="utf-8")
    assert len(print_pdf(tmp_path, full).pages) > MAX_PAGES


@pytest.mark.slow
def test_printing_hides_navigation_and_keeps_table_rows_whole(tmp_path: Path) -> None:
    records = ten_papers()
    full = tmp_path / "full.html"
    full.write_text(recsys_brief("html", records, full=True), encoding="utf-8")
    pages = [p.extract_text() for p in print_pdf(tmp_path, full).pages]
    text = "\n".join(pages)
    # The table of contents is a screen thing: not on paper.
    assert not re.search(r"Readiness\s*Problem\s*Reading list\s*Comparison", text)
    # Every row of the reading list sits on one page: its key and its "why" together.
    for r in records:
        if r.status == "skipped":
            continue
        why = r.domains[0].why or ""
        on = [i for i, page in enumerate(pages) if why[:25] in " ".join(page.split())]
        assert on, why
        assert r.key in pages[on[0]], f"{r.key}'s row was split across pages"


@pytest.mark.slow
def test_screenshot_of_the_short_brief(tmp_path: Path) -> None:
    page = tmp_path / "brief.html"
    page.write_text(recsys_brief("html", ten_papers()), encoding="utf-8")
    keep = os.environ.get("PAPERPREP_SCREENSHOT")
    update = os.environ.get("PAPERPREP_UPDATE_GOLDEN") == "1"
    shot = Path(keep) if keep else SCREENSHOT if update else tmp_path / "brief.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    done = chromium(
        tmp_path,
        "--hide-scrollbars",
        "--window-size=1100,1500",
        f"--screenshot={shot}",
        page.as_uri(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1100, 1500)
    assert len(data) > 60_000  # a blank or unstyled page compresses to far less
    done = chromium(tmp_path, "--dump-dom", page.as_uri())
    dom = done.stdout
    for expected in ("Interview in 4 days", "Reading list", "Comparison matrix", "<svg"):
        assert expected in dom
    # The README shows this screenshot: it must exist (regenerate it with the switch above).
    assert SCREENSHOT.is_file(), "docs/brief.png missing: PAPERPREP_UPDATE_GOLDEN=1 pytest " + (
        "tests/test_brief_chromium.py"
    )


def test_brief_renders_in_chromium_and_nothing_injected_runs(tmp_path: Path) -> None:
    evil = record(
        8,
        PAYLOAD_TITLE,
        rank=5,
        citations=42,
        year=2019,
        status="read",
        why=PAYLOAD_NOTE,
        notes={
            "findings": PAYLOAD_NOTE + " [click](javascript:document.title='PWNED')",
            "talking_points": PAYLOAD_TITLE,
        },
    )
    page = tmp_path / "brief.html"
    page.write_text(
        render_brief(
            sample_domain(),
            [*sample_records(), evil],
            "html",
            user_templates=None,
            generated=GENERATED,
            options=BriefOptions(full=True),
        ),
        encoding="utf-8",
    )
    done = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    # The injected scripts would have renamed the page.
    assert re.search(r"<title>Interview brief: demo</title>", dom)
    assert not re.search(r"<(script|img)\b", dom, flags=re.IGNORECASE)
    assert "javascript:" not in re.findall(r'href="([^"]*)"', dom)
    text = re.sub(r"<[^>]+>", " ", dom)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = re.sub(r"\s+", " ", text)
    for expected in (
        "Interview brief: demo",
        "Papers read 2 / 4",
        "Wide & Deep Learning for Recommender Systems",
        "Interview answer scaffold",
        "How do you handle cold start?",
        PAYLOAD_TITLE,  # shown as text
    ):
        assert expected in text, expected
    assert dom.count("<circle") == 4
