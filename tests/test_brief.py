from __future__ import annotations

import io
import os
import re
import sqlite3
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

import bibtexparser
import markupsafe
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperprep.brief import anki_cards, brief_context, render_brief, to_anki, to_bibtex
from paperprep.domains import get_domain
from paperprep.errors import TemplateError
from paperprep.models import (
    NOTE_FIELDS,
    Domain,
    DomainLink,
    Evidence,
    Framing,
    NoteInfo,
    PaperRecord,
)

EXPECTED = Path(__file__).resolve().parent / "fixtures" / "expected"
GENERATED = "2026-08-01 09:00"


# --------------------------------------------------------------------------- factory


def record(
    id: int,
    title: str,
    *,
    key: str | None = None,
    domain: str = "demo",
    rank: int | None = None,
    why: str | None = None,
    year: int | None = 2016,
    venue: str | None = None,
    authors: list[str] | None = None,
    doi: str | None = None,
    arxiv_id: str | None = None,
    citations: int | None = None,
    citation_source: str | None = "openalex",
    status: str = "unread",
    notes: dict[str, str] | None = None,
    evidence: dict[str, list[tuple[str, int]]] | None = None,
) -> PaperRecord:
    """A PaperRecord as the library would hand it to the brief."""
    fields = dict.fromkeys(NOTE_FIELDS, "")
    fields.update(notes or {})
    return PaperRecord(
        id=id,
        key=key or f"paper{id}",
        title=title,
        authors=authors if authors is not None else ["Ada Lovelace", "Alan Turing", "Grace Hopper"],
        year=year,
        venue=venue,
        doi=doi,
        arxiv_id=arxiv_id,
        citations=citations,
        citation_source=citation_source if citations is not None else None,
        abstract=None,
        status=status,
        tags=[],
        domains=[DomainLink(domain, rank, why)],
        pdf=None,
        sections=[],
        evidence={
            f: [
                Evidence(f, text, page, "Experiments", 0.9 - i / 10)
                for i, (text, page) in enumerate(q)
            ]
            for f, q in (evidence or {}).items()
        },
        notes={domain: NoteInfo(path=f"/notes/{domain}/{key or id}.md", fields=fields)},
    )


def sample_domain() -> Domain:
    """A small fixed domain so the golden files do not change when built-in domains do."""
    return Domain(
        name="demo",
        aliases=["demo-recs"],
        description="Demo recommendation domain for tests.",
        queries={"scholar": ["demo"]},
        arxiv_categories=["cs.IR"],
        terms=["recommendation"],
        seeds=[],
        framing=Framing(
            problem="Recommend items to users to grow engagement.",
            clarifying_questions=["What is the objective?", "How many users and items?"],
            data=["Impression and click logs", "Negatives: shown but not clicked"],
            features=["User and item ID embeddings", "Context: time, device"],
            models=[
                "Two-tower retrieval — pros: scales to millions of items; cons: no feature crosses",
                "Wide & Deep — pros: memorisation plus generalisation; cons: hand-made crosses",
                "Matrix factorization — pros: simple baseline; cons: cold start",
            ],
            offline_metrics=["Recall@K", "NDCG@K"],
            online_metrics=["CTR in an A/B test", "Retention"],
            serving=["Candidate generation then ranking", "Feature store for consistency"],
            follow_ups=["How do you handle cold start?", "How do you remove position bias?"],
        ),
    )


def sample_records() -> list[PaperRecord]:
    return [
        record(
            3,
            "Deep Neural Networks for YouTube Recommendations",
            key="covington2016deep",
            rank=3,
            why="cited 2900×, matches 3/5 terms",
            venue="Proceedings of the 10th ACM Conference on Recommender Systems",
            authors=["Paul Covington", "Jay Adams", "Emre Sargin"],
            doi="10.1145/2959100.2959190",
            citations=2900,
            evidence={
                "data_format": [("Training examples are generated from all YouTube watches.", 3)],
                "architecture": [("A deep candidate generation network followed by ranking.", 2)],
            },
        ),
        record(
            1,
            "Wide & Deep Learning for Recommender Systems",
            key="cheng2016wide",
            rank=1,
            why="cited 3200×, 320/yr, matches 4/5 terms",
            venue="DLRS 2016",
            authors=["Heng-Tze Cheng", "Levent Koc"],
            doi="10.1145/2988450.2988454",
            arxiv_id="1606.07792",
            citations=3200,
            status="read",
            notes={
                "summary": "Joint training of a linear model with crosses and a DNN.",
                "data_format": "- 500 billion examples from Google Play app installs\n"
                "- label: app acquired (1) or not (0)",
                "features": "Cross-product of installed and impressed apps; embeddings of "
                "categorical features.",
                "architecture": "Wide linear part + 3-layer ReLU MLP, trained jointly with "
                "FTRL and AdaGrad.",
                "findings": "+3.9% app acquisitions online vs the wide-only control.",
                "talking_points": "Serving: 10 ms by multithreading the batch scoring.",
                "questions": "How were crosses chosen?\n\nWould DCN replace the wide part?",
            },
            evidence={"findings": [("Online acquisition gain of 3.9%.", 5)]},
        ),
        record(
            2,
            "DeepFM: A Factorization-Machine based Neural Network for CTR Prediction",
            key="guo2017deepfm",
            rank=2,
            why="cited 2100×",
            year=2017,
            venue="IJCAI",
            authors=["Huifeng Guo"],
            arxiv_id="1703.04247",
            citations=2100,
            citation_source="scholar",
            status="reading",
            notes={"architecture": "FM and DNN share the embedding layer | no pretraining."},
            evidence={"features": [("Each field is one-hot encoded & embedded.", 4)]},
        ),
        record(
            7,
            "A 100% | odd_title & {braces} #1",
            key="odd",
            rank=None,
            year=None,
            authors=[],
            citations=None,
            status="skipped",
        ),
    ]


def render(
    fmt: Literal["md", "html"],
    records: list[PaperRecord] | None = None,
    *,
    user_templates: Path | None = None,
) -> str:
    recs = sample_records() if records is None else records
    return render_brief(
        sample_domain(), recs, fmt, user_templates=user_templates, generated=GENERATED
    )


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/fixtures/expected/<name>; PAPERPREP_UPDATE_GOLDEN=1 rewrites it."""
    path = EXPECTED / name
    if os.environ.get("PAPERPREP_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run with PAPERPREP_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8")


class TextAndTags(HTMLParser):
    """Collects visible text, tag names and attributes of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(doc: str) -> TextAndTags:
    parser = TextAndTags()
    parser.feed(doc)
    return parser


# --------------------------------------------------------------------------- golden files


def test_markdown_golden() -> None:
    check_golden("brief_demo.md", render("md"))


def test_html_golden() -> None:
    check_golden("brief_demo.html", render("html"))


def test_bibtex_golden() -> None:
    check_golden("brief_demo.bib", to_bibtex(sample_records()))


def test_empty_markdown_golden() -> None:
    check_golden("brief_demo_empty.md", render("md", []))


# --------------------------------------------------------------------------- content


def test_readiness_numbers() -> None:
    ctx = brief_context(sample_domain(), sample_records(), generated=GENERATED)
    r = ctx["readiness"]
    assert (r["papers"], r["read"], r["reading"], r["skipped"]) == (4, 1, 1, 1)
    # Wide & Deep has all 7 fields, DeepFM one: 8 of 4 × 7.
    assert (r["fields_filled"], r["fields_total"]) == (8, 28)
    # The paper in progress comes first, then the best-ranked unread one; skipped never.
    assert [p["title"][:6] for p in r["next"]] == ["DeepFM", "Deep N"]
    md = render("md")
    assert "Papers read: **1 / 4** (25%), 1 in progress, 1 skipped" in md
    assert "Note fields filled: **8 / 28** (29%)" in md
    assert "`paperprep note 2`" in md


def test_reading_list_is_in_rank_order_with_sources() -> None:
    ctx = brief_context(sample_domain(), sample_records(), generated=GENERATED)
    assert [p["key"] for p in ctx["papers"]] == [
        "cheng2016wide",
        "guo2017deepfm",
        "covington2016deep",
        "odd",
    ]
    md = render("md")
    row = next(line for line in md.splitlines() if "DeepFM" in line and line.startswith("| [2]"))
    assert "| 2 |" in row and "2,100 (scholar)" in row and "| reading |" in row
    assert "cited 2100×" in row


def test_matrix_uses_user_notes_and_marks_drafts() -> None:
    md = render("md")
    matrix = md.split("## Comparison matrix", 1)[1].split("## Interview", 1)[0]
    wide = next(line for line in matrix.splitlines() if line.startswith("| [1]"))
    assert "500 billion examples" in wide and "draft" not in wide
    youtube = next(line for line in matrix.splitlines() if line.startswith("| [3]"))
    assert "_draft, p. 3:_ “Training examples are generated" in youtube
    deepfm = next(line for line in matrix.splitlines() if line.startswith("| [2]"))
    # The user's pipe must not split the table cell.
    assert "share the embedding layer \\| no pretraining" in deepfm
    assert len(re.split(r"(?<!\\)\|", deepfm)) == 1 + 5 + 1


def test_scaffold_follows_the_interview_order_with_references() -> None:
    md = render("md")
    headings = re.findall(r"^### (\d)\. (.+)$", md, flags=re.M)
    assert [h[1].split(":")[0] for h in headings] == [
        "Clarify the problem",
        "Data",
        "Features",
        "Model selection",
        "Training, tuning and evaluation",
        "Serving and monitoring",
    ]
    scaffold = md.split("## Interview answer scaffold", 1)[1]
    assert "- 500 billion examples from Google Play app installs [1]" in scaffold
    assert "- label: app acquired (1) or not (0) [1]" in scaffold
    assert "FM and DNN share the embedding layer | no pretraining. [2]" in scaffold
    # Drafts never reach the scaffold.
    assert "Training examples are generated" not in scaffold
    assert "**Two-tower retrieval**\n  - pros: scales to millions of items" in scaffold
    assert "Also worth naming: Matrix factorization." in scaffold


def test_follow_ups_open_questions_and_references() -> None:
    md = render("md")
    assert "1. How do you handle cold start?" in md
    assert "- How were crosses chosen? [1]" in md
    assert "- Would DCN replace the wide part? [1]" in md
    refs = md.split("## References", 1)[1]
    assert "[arXiv:1606.07792](https://arxiv.org/abs/1606.07792)" in refs
    assert "[doi:10.1145/2959100.2959190](https://doi.org/10.1145/2959100.2959190)" in refs
    assert (
        "1. Cheng and Koc (2016). Wide & Deep Learning for Recommender Systems. DLRS 2016." in refs
    )


def test_empty_domain_says_what_to_run() -> None:
    formats: tuple[Literal["md", "html"], ...] = ("md", "html")
    for fmt in formats:
        out = render(fmt, [])
        text = " ".join(parse_html(out).text) if fmt == "html" else out
        assert "paperprep fetch demo" in text
        # Still useful: the framing is there.
        assert "Recommend items to users to grow engagement." in text
        assert "How do you handle cold start?" in text


def test_builtin_domain_renders_both_formats() -> None:
    domain = get_domain("recsys")
    records = [record(1, "Some paper", domain="recsys", rank=1, citations=10)]
    md = render_brief(domain, records, "md", user_templates=None, generated=GENERATED)
    assert "## Interview answer scaffold" in md and domain.framing.problem in md
    page = render_brief(domain, records, "html", user_templates=None, generated=GENERATED)
    assert "<svg" in page


def test_user_template_overrides_builtin(tmp_path: Path) -> None:
    (tmp_path / "brief.md.j2").write_text(
        "{{ domain.name }}: {{ readiness.read }}/{{ readiness.papers }}\n", encoding="utf-8"
    )
    assert render("md", user_templates=tmp_path) == "demo: 1/4\n"
    (tmp_path / "brief.html.j2").write_text("{{ nope }}", encoding="utf-8")
    with pytest.raises(TemplateError):
        render("html", user_templates=tmp_path)


# --------------------------------------------------------------------------- HTML


XSS_TITLE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def xss_records() -> list[PaperRecord]:
    evil = '"><img src=x onerror=alert(3)><script>alert(4)</script>'
    return [
        record(
            1,
            XSS_TITLE,
            rank=1,
            why=evil,
            venue=evil,
            authors=[evil],
            citations=5,
            status="read",
            arxiv_id="1606.07792",
            notes={f: f"{f}: {evil}" for f in NOTE_FIELDS},
        ),
        record(2, "Quiet", rank=2, citations=9, evidence={"findings": [(evil, 1)]}),
    ]


def test_html_escapes_every_piece_of_paper_and_user_text() -> None:
    page = render("html", xss_records())
    parsed = parse_html(page)
    tags = [t for t, _ in parsed.tags]
    assert "script" not in tags
    assert "img" not in tags
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    # The text is shown, as text.
    text = "".join(parsed.text)
    assert XSS_TITLE in text
    assert 'findings: "><img src=x onerror=alert(3)>' in text
    assert str(markupsafe.escape(XSS_TITLE)) in page


def test_html_is_self_contained() -> None:
    page = render("html")
    parsed = parse_html(page)
    for tag, attrs in parsed.tags:
        assert tag not in {"script", "link", "img", "iframe", "object", "embed"}
        assert "src" not in attrs
        if tag == "a":
            assert (attrs.get("href") or "").startswith(
                ("https://arxiv.org/", "https://doi.org/", "#")
            )
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "url(" not in style and "@import" not in style
    assert "@media print" in style
    assert page.count("<svg") == 1


def test_html_chart_plots_papers_by_year_and_citations() -> None:
    page = render("html")
    circles = re.findall(r"<circle [^>]*>", page)
    # Three papers have a year and a citation count; the odd one is listed as not shown.
    assert len(circles) == 3
    ctx = brief_context(sample_domain(), sample_records(), generated=GENERATED)
    points = {p["n"]: p for p in ctx["chart"]["points"]}
    assert points[2]["cx"] > points[1]["cx"]  # 2017 right of 2016
    assert points[1]["cy"] < points[2]["cy"]  # 3200 citations above 2100
    assert points[1]["color"] != points[3]["color"]  # read vs unread
    assert "1 paper(s) without a year or citation count" in " ".join(parse_html(page).text)


# --------------------------------------------------------------------------- BibTeX


def test_bibtex_parses_back_with_unique_stable_keys() -> None:
    records = [*sample_records(), record(9, "Another Wide", key="cheng2016wide", year=2016)]
    text = to_bibtex(records)
    db = bibtexparser.loads(text)
    entries = {e["ID"]: e for e in db.entries}
    assert len(entries) == len(records)
    assert {"cheng2016wide", "cheng2016widea", "guo2017deepfm", "covington2016deep", "odd"} == set(
        entries
    )
    wide = entries["cheng2016wide"]
    assert wide["doi"] == "10.1145/2988450.2988454"
    assert wide["eprint"] == "1606.07792" and wide["archiveprefix"] == "arXiv"
    assert wide["author"] == "Heng-Tze Cheng and Levent Koc"
    assert entries["covington2016deep"]["ENTRYTYPE"] == "inproceedings"
    assert entries["odd"]["title"] == (
        r"{A 100\% | odd\_title \& \textbraceleft{}braces\textbraceright{} \#1}"
    )
    assert to_bibtex(list(reversed(records))) == text


_bib_text = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_bib_text, _bib_text, _bib_text), min_size=1, max_size=5))
def test_bibtex_always_parses_back(items: list[tuple[str, str, str]]) -> None:
    records = [
        record(i, title or "x", key=key, venue=venue, authors=[venue, title])
        for i, (title, key, venue) in enumerate(items, start=1)
    ]
    db = bibtexparser.loads(to_bibtex(records))
    assert len({e["ID"] for e in db.entries}) == len(records)


# --------------------------------------------------------------------------- Anki


def apkg_notes(data: bytes, tmp: Path) -> list[tuple[str, str, str]]:
    """(guid, fields, tags) of every note in an .apkg (a zip holding an SQLite collection)."""
    path = tmp / "collection.anki2"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        path.write_bytes(zf.read("collection.anki2"))
    con = sqlite3.connect(path)
    try:
        rows = con.execute("select guid, flds, tags from notes order by id").fetchall()
    finally:
        con.close()
    path.unlink()
    return [(str(g), str(f), str(t)) for g, f, t in rows]


def test_anki_cards_come_from_filled_fields_and_follow_ups_only() -> None:
    cards = anki_cards(sample_domain(), sample_records())
    fronts = [c["front"] for c in cards]
    # Wide & Deep: 6 answerable fields; DeepFM: architecture; the open questions are not cards.
    assert "What data did Wide & Deep Learning for Recommender Systems train on?" in fronts
    assert "What is the model architecture of DeepFM?" in fronts
    assert len([c for c in cards if "follow_up" not in c["tags"]]) == 7
    assert fronts[-2:] == ["How do you handle cold start?", "How do you remove position bias?"]
    # Drafts (evidence quotes) never become cards.
    backs = " ".join(c["back"] for c in cards)
    assert "Training examples are generated" not in backs
    assert "Each field is one-hot encoded" not in backs


def test_anki_package_is_a_valid_deck(tmp_path: Path) -> None:
    data = to_anki(sample_domain(), sample_records())
    notes = apkg_notes(data, tmp_path)
    assert len(notes) == 9
    pairs = {f.split("\x1f")[0]: f.split("\x1f")[1] for _, f, _ in notes}
    assert pairs["What data did Wide &amp; Deep Learning for Recommender Systems train on?"] == (
        "- 500 billion examples from Google Play app installs<br>"
        "- label: app acquired (1) or not (0)"
    )
    assert all("demo" in tags.split() for _, _, tags in notes)
    # Same input, same note ids: re-importing updates cards rather than duplicating them.
    again = apkg_notes(to_anki(sample_domain(), sample_records()), tmp_path)
    assert [g for g, _, _ in again] == [g for g, _, _ in notes]


def test_anki_escapes_user_html(tmp_path: Path) -> None:
    notes = apkg_notes(to_anki(sample_domain(), xss_records()), tmp_path)
    joined = " ".join(f for _, f, _ in notes)
    assert "<script>" not in joined and "&lt;script&gt;" in joined
