"""Hostile titles and notes stay inert in every export; the user's Markdown still renders.

Three outputs carry text from PDFs, web services and the user: the HTML brief, the Markdown
brief and the Anki deck. In HTML and on cards, the user's Markdown is rendered (bold, code,
links, lists, quotes) with raw HTML off and only web/e-mail links; in Markdown, nothing may
become a tag or a link to anything but a web page (issue 11 F20).
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import markupsafe
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from paperprep.brief import BriefOptions, anki_cards, render_brief, to_anki
from paperprep.models import NOTE_FIELDS, PaperRecord
from paperprep.render import _finalize_markdown
from tests.test_brief import GENERATED, record, sample_domain, sample_records

SAFE_HREF = ("https://", "http://", "mailto:", "#")

HOSTILE_MARKDOWN = "\n".join(
    [
        "- <script>alert(1)</script> and <SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '- <img src=x onerror="alert(2)"> <svg onload=alert(3)> <iframe src="https://e.x">',
        "- [js](javascript:alert(4)) [JS](JaVaScRiPt:alert(5)) [ent](javascript&#58;alert(6))",
        "- [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox(7)) [file](file:///etc)",
        '- <a href="javascript:alert(8)">raw link</a> <b onclick=alert(9)>bold</b>',
        "- ![pixel](https://evil.example/track.png) ![js](javascript:alert(10))",
        "- <details open ontoggle=alert(11)>x</details> [ref][r] <javascript:alert(12)>",
        "",
        "[r]: javascript:alert(13)",
    ]
)


class Elements(HTMLParser):
    """Every element and attribute a browser would build from an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def elements(doc: str) -> Elements:
    parser = Elements()
    parser.feed(doc)
    return parser


def assert_inert_html(doc: str, *, svgs: int = 0, images: bool = False) -> None:
    """No script, no event handler, no link or source but a web or e-mail one.

    :param images: allow ``<img>`` (with a web ``src``): a Markdown viewer shows the images
        the user put in their notes; the HTML brief and the cards load nothing.
    """
    found = elements(doc)
    names = [t for t, _ in found.tags]
    bad_tags = ["script", "iframe", "object", "embed", "details", "link", "form"]
    for bad in [*bad_tags, *([] if images else ["img"])]:
        assert bad not in names, f"<{bad}> in the output"
    assert names.count("svg") <= svgs, "an <svg> that is not the brief's chart"
    for tag, attrs in found.tags:
        assert not [a for a in attrs if a.lower().startswith("on")], f"event handler on <{tag}>"
        for attr in ("href", "src", "action", "formaction", "xlink:href"):
            value = attrs.get(attr)
            if value is not None:
                assert value.strip().lower().startswith(SAFE_HREF), f"{attr}={value!r}"


def hostile_records() -> list[PaperRecord]:
    evil = '"><img src=x onerror=alert(3)><script>alert(4)</script>'
    return [
        record(
            1,
            '<script>alert(1)</script>"><img src=x onerror=alert(2)> [t](javascript:alert(0))',
            rank=1,
            why=evil,
            venue=evil,
            authors=[evil],
            citations=5,
            status="read",
            arxiv_id="1606.07792",
            notes=dict.fromkeys(NOTE_FIELDS, HOSTILE_MARKDOWN),
        ),
        record(2, "Quiet", rank=2, citations=9, evidence={"findings": [(evil, 1)]}),
    ]


def test_html_brief_keeps_hostile_markdown_and_html_inert() -> None:
    for full in (False, True):
        page = render_brief(
            sample_domain(),
            hostile_records(),
            "html",
            user_templates=None,
            generated=GENERATED,
            options=BriefOptions(full=full),
        )
        assert_inert_html(page, svgs=1)
        text = "".join(elements(page).text)
        # Shown, as text: the reader sees what the PDF or the note said.
        assert "<script>alert(1)</script>" in text
        assert "[js](javascript:alert(4))" in text
        assert str(markupsafe.escape("<script>alert(1)</script>")) in page


def test_anki_cards_keep_hostile_markdown_inert(tmp_path: Path) -> None:
    data = to_anki(sample_domain(), hostile_records())
    path = tmp_path / "collection.anki2"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        path.write_bytes(zf.read("collection.anki2"))
    con = sqlite3.connect(path)
    fields = [f for (f,) in con.execute("select flds from notes")]
    con.close()
    assert fields
    for note in fields:
        for part in note.split("\x1f"):
            assert_inert_html(part)
    joined = " ".join(fields)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in joined


def test_markdown_in_notes_renders_in_the_html_brief_and_on_cards() -> None:
    note = (
        "- **500 billion** impressions, see [the paper](https://arxiv.org/abs/1606.07792)\n"
        "- label `installed` (1) or not (0)\n"
        '> "In this stage, user and app impression data are used to generate training data."'
    )
    records = [record(1, "Wide", key="wide", rank=1, status="read", notes={"data_format": note})]
    page = render_brief(sample_domain(), records, "html", user_templates=None, generated=GENERATED)
    matrix = page.split('id="matrix"', 1)[1].split("</section>", 1)[0]
    assert "<strong>500 billion</strong>" in matrix
    assert "<code>installed</code>" in matrix
    assert '<a href="https://arxiv.org/abs/1606.07792">the paper</a>' in matrix
    # A kept quote is a point like any other, never raw "&gt; &quot;".
    assert "&gt; &quot;" not in page and "&gt; “" not in page
    [card] = [c for c in anki_cards(sample_domain(), records) if c["kind"] == "field"]
    back = card["back_html"]
    assert "<ul>" in back and "<li><strong>500 billion</strong> impressions" in back
    assert "<blockquote>" in back and "&gt; &quot;" not in back


def permissive_viewer() -> MarkdownIt:
    """A Markdown viewer that renders raw HTML and follows any link: the worst reader."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def test_markdown_brief_has_no_live_javascript_links_f20() -> None:
    """Issue 11 F20: a PDF titled ``Title](javascript:alert(1)) [x](javascript:alert(2))``."""
    title = "Title](javascript:alert(1)) [x](javascript:alert(2)) <script>alert(3)</script>"
    records = [
        record(
            1, title, rank=1, citations=3, why="[why](javascript:alert(4))", venue="[v](vbscript:1)"
        ),
        *hostile_records(),
    ]
    for full in (False, True):
        md = render_brief(
            sample_domain(),
            records,
            "md",
            user_templates=None,
            generated=GENERATED,
            options=BriefOptions(full=full),
        )
        assert_inert_html(permissive_viewer().render(md), images=True)
        assert "Title\\](javascript" in md
    # The user's own web links stay links.
    ok = [record(1, "A", rank=1, notes={"summary": "see [the paper](https://arxiv.org/abs/1)"})]
    md = render_brief(sample_domain(), ok, "md", user_templates=None, generated=GENERATED)
    assert '<a href="https://arxiv.org/abs/1">the paper</a>' in permissive_viewer().render(md)


_markdownish = st.text(
    alphabet=st.sampled_from(list("[]()<>!:/\\&#;*_` \njavascriptJSvbdata.x=\"'hH")), max_size=80
)


@settings(max_examples=300, deadline=None)
@given(_markdownish)
def test_any_value_in_a_markdown_brief_renders_inert(text: str) -> None:
    out = _finalize_markdown(text)
    tokens = permissive_viewer().parseInline(out) + permissive_viewer().parse(out)
    for token in tokens:
        for child in [token, *(token.children or [])]:
            assert child.type not in ("html_inline", "html_block"), (text, out)
            href = child.attrGet("href") or child.attrGet("src")
            if href is not None:
                assert str(href).strip().lower().startswith(SAFE_HREF), (text, out, href)


def test_sample_brief_still_escapes_as_before() -> None:
    page = render_brief(
        sample_domain(), sample_records(), "html", user_templates=None, generated=GENERATED
    )
    assert_inert_html(page, svgs=1)


def test_f20_a_hostile_pdf_title_end_to_end(tmp_path: Path) -> None:
    """The reliability probe's reproduction: add a paper, give it the hostile title, export."""
    from typer.testing import CliRunner

    from paperprep.cli import app
    from tests.test_cli import make_pdf

    runner = CliRunner()
    pdf = make_pdf(tmp_path, "p.pdf", title="Click Models for Web Search")
    assert runner.invoke(app, ["add", str(pdf), "--domain", "recsys"]).exit_code == 0
    title = "Title](javascript:alert(1)) [x](javascript:alert(2))"
    assert runner.invoke(app, ["edit", "1", "--title", title]).exit_code == 0
    for extra in ([], ["--full"]):
        result = runner.invoke(app, ["export", "recsys", "-f", "md", "-o", "-", *extra])
        assert result.exit_code == 0, result.stderr
        assert "Title\\](javascript" in result.stdout
        assert_inert_html(permissive_viewer().render(result.stdout), images=True)
