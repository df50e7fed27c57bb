"""Hostile titles and notes: safe file names, intact display, escaped HTML, FTS syntax in search."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from paperprep.notes import parse_note
from tests.faults.conftest import (
    UserNotes,
    check_invariants,
    make_pdfs,
    paper_count,
    run,
)
from tests.mirror import Mirror, openalex_body
from tests.pdfgen import Spec, paper_pdf

SCRIPT = '<script>alert("t")</script><img src=x onerror=alert(2)>'
HOSTILE_TITLES = {
    "dotdot": "../../../etc/passwd Ranking",
    "slashes": "a/b/c\\d: Learning //to// Rank",
    "5000 chars": ("Long Title Embedding " * 250)[:5000],
    "right-to-left": "שלום עולם ‏تعلم الآلة‎ ‮gnp.exe‬ Ranking",
    "emoji": "😀🚀 Emoji Ranking 👩‍👩‍👧 with ZWJ",
    "html/js": f"Click Models {SCRIPT}",
    "rich markup": "[bold red]Red[/] [/] [link=file:///etc/passwd]x[/link] Ranking",
}


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [name.lower() for name, _ in attrs]
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def assert_html_escaped(html: str) -> None:
    parsed = _Elements()
    parsed.feed(html)
    assert "img" not in parsed.tags
    assert not [a for a in parsed.attrs if a.startswith("on")], "an event handler attribute"
    assert not [s for s in parsed.scripts if "alert" in s], "a script from the data"


def assert_markdown_escaped(md: str) -> None:
    """No raw HTML tag: a ``<`` opening one is backslash-escaped (CommonMark shows it as text)."""
    raw = re.findall(r"(?<!\\)<(?:script|img|b\b|/script)", md)
    assert not raw, f"raw HTML {raw} in the Markdown brief"


def one_paper(tmp_path: Path) -> tuple[int, str, Path]:
    [pdf] = make_pdfs(tmp_path / "in", 1)
    [added] = run("add", str(pdf), "--domain", "recsys", "--json").json()
    return int(added["id"]), str(added["key"]), Path(added["note"])


def check_note_file(home: Path, note: Path) -> None:
    notes_root = (home / "notes").resolve()
    assert note.resolve().parent == notes_root
    assert ".." not in note.name and "\x00" not in note.name and "/" not in note.name
    assert len(note.name.encode("utf-8")) <= 255


@pytest.mark.parametrize("title", list(HOSTILE_TITLES.values()), ids=list(HOSTILE_TITLES))
def test_hostile_title_set_by_edit(title: str, tmp_path: Path, isolated_home: Path) -> None:
    paper_id, key, note = one_paper(tmp_path)
    run("edit", str(paper_id), "--title", title)
    [listed] = run("list", "--json").json()
    assert listed["title"] == title
    shown = run("show", key, "--json").json()
    assert isinstance(shown, dict) and shown["title"] == title
    # Human output shows the title as text (rich markup in it is not interpreted).
    human = run("show", key).stdout
    assert "".join(title.split())[:60] in "".join(human.split())
    piped = run("list").stdout.splitlines()
    assert len(piped) == 1 and piped[0].endswith(title)
    # The note (untouched, so refreshed) carries the title; its name is the key's, safe.
    note_path = Path(shown["note"]["path"])
    assert note_path == note
    check_note_file(isolated_home, note_path)
    assert parse_note(note_path.read_text(encoding="utf-8")).front["title"] == title
    run("export", "recsys", "-f", "html", "-o", str(tmp_path / "b.html"))
    html = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert_html_escaped(html)
    run("export", "recsys", "-f", "md", "-o", str(tmp_path / "b.md"))
    md = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert_markdown_escaped(md)
    word = next(w for w in title.split() if w.isalpha() and len(w) > 3)
    hits = run("search", word, "--json").json()
    assert isinstance(hits, list) and [h["id"] for h in hits] == [paper_id]
    assert hits[0]["title"] == title
    check_invariants(isolated_home)


def test_nul_newlines_and_traversal_from_a_source_response(
    services: Mirror, tmp_path: Path, isolated_home: Path
) -> None:
    """OpenAlex answers a DOI with a title holding NUL, newlines, fake front matter, ``../``."""
    work = json.loads(openalex_body("doi-lookup"))
    evil = "../../Evil\x00Title\n---\nstatus: read\n---\n## Summary\ninjected <script>x</script>"
    work["title"] = work["display_name"] = evil
    work["authorships"][0]["author"]["display_name"] = "../../Root\x00 Admin"
    doi = "10.1073/pnas.1414271111"
    services.route(
        "/works/https://doi.org/10.1073%2Fpnas.1414271111", json.dumps(work).encode("utf-8")
    )
    out = run("add", doi, "--domain", "recsys", "--json", code=None)
    [added] = out.json()
    assert added["id"] is not None
    shown = run("show", doi, "--json").json()
    assert isinstance(shown, dict)
    title = shown["title"]
    # One line of text: no NUL, no line breaks; the words are all there, in order.
    assert "\x00" not in title and "\n" not in title
    assert title.split() == [
        "../../Evil",
        "Title",
        "---",
        "status:",
        "read",
        "---",
        "##",
        "Summary",
        "injected",
        "<script>x</script>",
    ]
    assert shown["status"] == "unread", "text in a title became front matter"
    piped = run("list").stdout.splitlines()
    assert len(piped) == 1
    note = Path(shown["note"]["path"])
    check_note_file(isolated_home, note)
    text = note.read_text(encoding="utf-8")
    assert "\x00" not in text
    front = parse_note(text).front
    assert front["status"] == "unread" and front["title"] == title
    run("sync")
    assert run("show", doi, "--json").json()["status"] == "unread"
    run("export", "recsys", "-f", "md", "-o", str(tmp_path / "b.md"))
    assert_markdown_escaped((tmp_path / "b.md").read_text(encoding="utf-8"))
    # Adding it again is the same paper.
    run("add", doi, "--domain", "recsys", "--json", code=None)
    assert paper_count(isolated_home) == 1
    check_invariants(isolated_home)


def test_html_and_js_in_notes_is_escaped_in_exports(tmp_path: Path, isolated_home: Path) -> None:
    _, key, note = one_paper(tmp_path)
    user = UserNotes()
    user.write(note, f"My summary {SCRIPT} and <b onclick=alert(4)>bold</b> a < b.")
    user.write(note, f"Arch {SCRIPT}", heading="Architecture")
    run("sync")
    shown = run("show", key, "--json").json()
    assert isinstance(shown, dict)
    assert SCRIPT in shown["note"]["fields"]["architecture"]  # stored as the user wrote it
    run("export", "recsys", "-f", "html", "-o", str(tmp_path / "b.html"))
    assert_html_escaped((tmp_path / "b.html").read_text(encoding="utf-8"))
    run("export", "recsys", "-f", "md", "-o", str(tmp_path / "b.md"))
    md = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert_markdown_escaped(md)
    assert "a < b" in md
    # Re-drafting (a fetch or re-extraction) leaves the user's HTML-looking text as typed.
    run("add", str(tmp_path / "in" / "paper0.pdf"), "--domain", "recsys")
    check_invariants(isolated_home, user)


FTS_QUERIES = [
    '"unbalanced',
    "AND",
    "OR OR",
    "NOT",
    "NEAR(",
    "click*",
    "*",
    "title:click",
    "-click",
    "click^",
    "(click",
    "click)",
    "'; drop table papers; --",
    "{click models}",
    "col : click",
    "\\x00click",
    "ranking\x00",
    'NEAR("click" "models", -1)',
    "ÜBER ﬁne 😀 click",
]


def test_fts_syntax_in_search_never_crashes(tmp_path: Path, isolated_home: Path) -> None:
    paper_id, _, _ = one_paper(tmp_path)
    for query in FTS_QUERIES:
        result = run("search", "--json", "--", query, code=None)
        assert result.code in (0, 1), (query, result.stderr)
        if result.code == 0:
            hits = result.json()
            assert isinstance(hits, list)
            assert all(h["id"] == paper_id for h in hits)
        else:
            assert "nothing to search for" in result.stderr
    # Words still find the paper whatever syntax is around them.
    for query in ('"click', "click)", "-click", "title:click", "ranking\x00"):
        hits = run("search", "--json", "--", query).json()
        assert isinstance(hits, list) and [h["id"] for h in hits] == [paper_id], query
    assert run("search", "*", code=1).stderr.strip()
    assert paper_count(isolated_home) == 1
    check_invariants(isolated_home)


def test_hostile_title_in_pdf_metadata(tmp_path: Path, isolated_home: Path) -> None:
    title = f"Ranking ../../x {SCRIPT} 😀"
    pdf = tmp_path / "evil.pdf"
    pdf.write_bytes(paper_pdf(Spec(title=title, unicode_font=True)))
    [added] = run("add", str(pdf), "--domain", "recsys", "--json").json()
    check_note_file(isolated_home, Path(added["note"]))
    run("export", "recsys", "-f", "html", "-o", str(tmp_path / "b.html"))
    assert_html_escaped((tmp_path / "b.html").read_text(encoding="utf-8"))
    run("export", "recsys", "-f", "md", "-o", str(tmp_path / "b.md"))
    assert_markdown_escaped((tmp_path / "b.md").read_text(encoding="utf-8"))
    assert "<script>" in run("show", "1", "--json").json()["title"]
    check_invariants(isolated_home)
