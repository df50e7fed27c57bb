from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperprep.errors import NoteParseError
from paperprep.models import (
    EVIDENCE_FIELDS,
    FIELD_HEADINGS,
    NOTE_FIELDS,
    DomainLink,
    Evidence,
    PaperRecord,
)
from paperprep.notes import (
    DRAFT_END,
    DRAFT_START,
    add_new_evidence,
    content_hash,
    field_for_heading,
    filled_fields,
    note_context,
    parse_note,
    render_note,
    safe_filename,
)
from paperprep.notes.frontmatter import dump_front_matter, load_front_matter

yaml = pytest.importorskip("yaml")

FIXTURES = Path(__file__).parent / "fixtures" / "notes"


def make_record(
    *,
    title: str = "Wide & Deep Learning for Recommender Systems",
    key: str = "cheng2016wide",
    abstract: str
    | None = "We present Wide & Deep learning. It trains wide and deep parts jointly.",
    evidence: dict[str, list[Evidence]] | None = None,
    tags: list[str] | None = None,
    status: str = "unread",
) -> PaperRecord:
    if evidence is None:
        evidence = {
            f: [
                Evidence(f, f"{f} quote {i}: the model uses {i * 100} million examples", i + 1,
                         "Experiments" if i else None, 1.0 - i / 10)
                for i in range(4)
            ]
            for f in EVIDENCE_FIELDS
        }  # fmt: skip
    return PaperRecord(
        id=3,
        key=key,
        title=title,
        authors=["Heng-Tze Cheng", "Levent Koc"],
        year=2016,
        venue="DLRS",
        doi="10.1145/2988450.2988454",
        arxiv_id="1606.07792",
        citations=3200,
        citation_source="openalex",
        abstract=abstract,
        status=status,
        tags=list(tags or []),
        domains=[DomainLink("recsys", 1, "cited 3200×")],
        pdf=None,
        sections=[],
        evidence=evidence,
        added_at="2026-08-01T09:00:00+00:00",
    )


def front_matter_text(note: str) -> str:
    lines = note.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    return "\n".join(lines[1:end])


def full(fields: dict[str, str]) -> dict[str, str]:
    return {f: fields.get(f, "") for f in NOTE_FIELDS}


# ---------------------------------------------------------------------------------------------
# Strategies: user text a note field may hold (documented in paperprep.notes)
# ---------------------------------------------------------------------------------------------

_HEADING = re.compile(r"##(?:[ \t].*)?")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,}).*")
_MARKER = re.compile(r"<!--\s*/?paperprep:draft\b.*-->")

_chars = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\r\n")
_chars |= st.sampled_from(list("#>-`~*_[]<!:\"' \t"))
_raw_line = st.text(_chars, max_size=30)


def _free(line: str) -> bool:
    # Checked as written and stripped: the first and last line of a field are stripped.
    return not any(
        _HEADING.fullmatch(v) or _FENCE.fullmatch(v) for v in (line, line.strip())
    ) and not _MARKER.fullmatch(line.strip())


_free_line = _raw_line.filter(_free)
_tricky_line = st.sampled_from(
    [
        "---",
        "...",
        "# An H1 inside a field",
        "### A subheading",
        "#### Deeper",
        "- a list item",
        "  1. nested numbered",
        "> a quote of my own",
        f"inline {DRAFT_START} marker",
        f"{DRAFT_END} with text after",
        "<!-- paperprep:drafts are mine -->",
        "<!-- my own comment -->",
        "##no-space-is-not-a-heading",
        "text\n ## indented is not a heading",
        "---\nid: 9\n---",
        "key: value",
        "\ufeffBOM in the middle",
        "Ⅷ ﬁ 🎉 مرحبا بالعالم",
    ]
)
_code_line = _raw_line.filter(lambda s: not _FENCE.fullmatch(s)) | st.sampled_from(
    ["## a comment in code", DRAFT_START, DRAFT_END, "---", "# x"]
)


@st.composite
def _code_block(draw: st.DrawFn) -> str:
    fence = draw(st.sampled_from(["```", "~~~", "````"]))
    info = draw(st.sampled_from(["", "python", "md"]))
    body = draw(st.lists(_code_line, max_size=4))
    return "\n".join([fence + info, *body, fence])


_block = st.one_of(
    st.lists(_free_line, min_size=1, max_size=4).map("\n".join),
    _tricky_line,
    _code_block(),
)
user_text = st.lists(_block, max_size=5).map(lambda blocks: "\n\n".join(blocks).strip())
field_values = st.dictionaries(st.sampled_from(NOTE_FIELDS), user_text)


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def test_rendered_note_has_front_matter_title_and_sections_in_order() -> None:
    note = render_note(make_record())
    front = yaml.safe_load(front_matter_text(note))
    assert front["key"] == "cheng2016wide"
    assert front["title"] == "Wide & Deep Learning for Recommender Systems"
    assert front["status"] == "unread"
    assert front["tags"] == []
    # One note per paper: every domain the paper is in, with its rank and why.
    assert front["domains"] == [{"name": "recsys", "rank": 1, "why": "cited 3200×"}]
    assert front["aliases"] == ["Wide & Deep Learning for Recommender Systems"]
    assert front["added"] == dt.date(2026, 8, 1)  # an Obsidian date property
    assert front["arxiv"] == "1606.07792"
    assert "\n# Wide & Deep Learning for Recommender Systems\n" in note
    headings = re.findall(r"^## (.*)$", note, flags=re.M)
    assert headings == [FIELD_HEADINGS[f] for f in NOTE_FIELDS]
    assert note.endswith("\n") and not note.endswith("\n\n")


def test_evidence_fields_start_with_the_top_quotes_in_a_draft_block() -> None:
    record = make_record()
    note = render_note(record)
    data = note.split("## Data format\n", 1)[1].split("\n## ", 1)[0]
    lines = data.strip().split("\n")
    assert lines[0] == DRAFT_START and lines[-1] == DRAFT_END
    quotes = [line for line in lines if line.startswith("> ")]
    assert len(quotes) == 3  # the top three of four
    best = record.evidence["data_format"][0]
    assert quotes[0] == f'> "{best.text}" — p. {best.page}'
    second = record.evidence["data_format"][1]
    assert quotes[1] == f'> "{second.text}" — p. {second.page}, Experiments'
    assert record.evidence["data_format"][3].text not in note


def test_summary_drafts_the_abstract_first_sentences() -> None:
    record = make_record(abstract="First sentence here. Second one. Third is not quoted.")
    note = render_note(record)
    summary = note.split("## Summary\n", 1)[1].split("\n## ", 1)[0]
    assert "First sentence here. Second one." in summary
    assert "Third" not in summary
    assert DRAFT_START in summary


def test_fresh_note_has_no_user_text() -> None:
    parsed = parse_note(render_note(make_record()))
    assert parsed.fields == full({})
    assert filled_fields(parsed) == []


def test_drafts_only_for_fields_without_user_text() -> None:
    record = make_record()
    note = render_note(record, fields={"data_format": "My own notes on the data."})
    assert record.evidence["data_format"][0].text not in note
    assert record.evidence["features"][0].text in note
    parsed = parse_note(note)
    assert parsed.fields["data_format"] == "My own notes on the data."
    assert filled_fields(parsed) == ["data_format"]


def test_note_context_ignores_keys_that_are_not_fields() -> None:
    ctx = note_context(make_record(), fields={"nonsense": "x", "findings": "mine"})
    assert [s["field"] for s in ctx["sections"]] == list(NOTE_FIELDS)
    assert {s["field"]: s["text"] for s in ctx["sections"]} == full({"findings": "mine"})


def test_user_template_wins(tmp_path: Path) -> None:
    (tmp_path / "note.md.j2").write_text(
        "---\n{{ yaml.key }}\n{{ yaml.status }}\n---\nMINE {{ title }}\n"
        "{% for s in sections %}## {{ s.heading }}\n{{ s.body }}\n{% endfor %}",
        encoding="utf-8",
    )
    note = render_note(make_record(), user_templates=tmp_path)
    assert "MINE Wide & Deep" in note
    assert parse_note(note).front == {"key": "cheng2016wide", "status": "unread"}


def test_evidence_text_cannot_open_an_html_comment() -> None:
    ev = Evidence("findings", "AUC rose <!-- by 2% --> online", 4, None, 0.9)
    note = render_note(make_record(evidence={"findings": [ev]}))
    body = note.split("---", 2)[2]
    assert "<!-- by" not in body
    assert parse_note(note).fields["findings"] == ""


TITLES = [
    'He said "wide" & deep',
    "Ranking: a survey: part 2",
    "C# and #hashtags in #titles",
    "Line one\nline two\r\nline three",
    "Emoji 🎉🚀 in titles",
    "تعلم الآلة للتوصيات",
    "- starts like a list",
    "null",
    "2016",
    "  padded  ",
    "'single' quotes and back\\slash",
    "tab\there",
]


@pytest.mark.parametrize("title", TITLES)
def test_titles_render_as_valid_yaml_and_parse_back(title: str) -> None:
    note = render_note(make_record(title=title))
    expected = " ".join(title.split())
    assert yaml.safe_load(front_matter_text(note))["title"] == expected
    assert parse_note(note).front["title"] == expected
    assert f"\n# {expected}\n" in note


@settings(max_examples=150, deadline=None)
@given(title=st.text(min_size=1), key=st.text(min_size=1), tags=st.lists(st.text(min_size=1)))
def test_front_matter_is_valid_yaml_and_we_read_what_yaml_reads(
    title: str, key: str, tags: list[str]
) -> None:
    note = render_note(make_record(title=title, key=key, tags=tags))
    theirs = yaml.safe_load(front_matter_text(note))
    ours = parse_note(note).front
    assert theirs["key"] == key
    assert ours["key"] == key
    assert ours["title"] == theirs["title"]
    assert ours["authors"] == theirs["authors"]


# ---------------------------------------------------------------------------------------------
# Parsing and round trips
# ---------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=field_values)
def test_round_trip_user_fields(fields: dict[str, str]) -> None:
    note = render_note(make_record(), fields=fields)
    parsed = parse_note(note)
    assert parsed.fields == full(fields)
    assert filled_fields(parsed) == [f for f in NOTE_FIELDS if fields.get(f)]


@settings(max_examples=50, deadline=None)
@given(fields=field_values)
def test_round_trip_survives_crlf_and_bom(fields: dict[str, str]) -> None:
    note = render_note(make_record(), fields=fields)
    windows = "\ufeff" + note.replace("\n", "\r\n")
    parsed = parse_note(windows)
    assert parsed.fields == full(fields)
    assert parsed.front == parse_note(note).front


def test_obsidian_edited_note() -> None:
    parsed = parse_note((FIXTURES / "obsidian_edited.md").read_text(encoding="utf-8"))
    assert parsed.front["status"] == "reading"
    assert parsed.front["tags"] == ["recsys", "two-tower", "ml/candidates"]
    assert parsed.front["authors"] == ["Paul Covington", "Jay Adams"]
    assert parsed.front["aliases"] == ["YouTube DNN"]
    assert parsed.front["created"] == "2026-08-01"
    assert parsed.front["rating"] == 4.5
    assert parsed.fields["summary"] == "Two-stage system: candidate generation, then ranking."
    assert parsed.fields["data_format"] == "Implicit feedback: watches, not likes."
    features = parsed.fields["features"]
    assert features.startswith("### Candidate generation\n- watch history")
    assert "## not a heading: a Python comment\n<!-- /paperprep:draft -->\n```" in features
    assert parsed.fields["findings"] == ""
    assert parsed.fields["questions"] == "How fresh must candidate embeddings be?"
    # Headings the user deleted are absent; their own heading is kept, in file order.
    assert "architecture" not in parsed.fields
    assert "talking_points" not in parsed.fields
    headings = [h for h, _ in parsed.sections]
    assert headings == [
        "summary:",
        "Data format",
        "Features ##",
        "My own comparison",
        "FINDINGS",
        "Open questions",
    ]
    assert dict(parsed.sections)["My own comparison"].strip() == "Compare with Wide & Deep."
    assert filled_fields(parsed) == ["summary", "data_format", "features", "questions"]


def test_obsidian_edited_front_matter_agrees_with_yaml() -> None:
    text = (FIXTURES / "obsidian_edited.md").read_text(encoding="utf-8")
    theirs = yaml.safe_load(front_matter_text(text))
    ours = parse_note(text).front
    theirs["tags"] = [t.lstrip("#") for t in theirs["tags"]]
    theirs["created"] = str(theirs["created"])  # PyYAML reads dates; we keep the text
    assert ours == theirs


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Data format", "data_format"),
        ("data FORMAT:", "data_format"),
        ("Data   format :  ", "data_format"),
        ("Findings ##", "findings"),
        ("Interview talking points", "talking_points"),
        ("talking_points", "talking_points"),
        ("Open Questions:", "questions"),
        ("My thoughts", None),
        ("Findings and more", None),
    ],
)
def test_headings_match_loosely(heading: str, field: str | None) -> None:
    assert field_for_heading(heading) == field
    parsed = parse_note(f"## {heading}\n\nhello\n")
    if field is None:
        assert parsed.fields == {}
        assert parsed.sections == [(heading.strip(), "\nhello")]
    else:
        assert parsed.fields == {field: "hello"}


def test_empty_file_and_missing_front_matter() -> None:
    empty = parse_note("")
    assert (empty.front, empty.fields, empty.sections) == ({}, {}, [])
    assert parse_note("\ufeff").fields == {}
    bare = parse_note("# Title\n\n## Findings\n\nIt works.\n\n### Detail\nMore.\n")
    assert bare.front == {}
    assert bare.fields == {"findings": "It works.\n\n### Detail\nMore."}


def test_user_text_around_a_draft_block_is_kept_without_the_gap() -> None:
    note = f"## Features\n\nbefore\n\n{DRAFT_START}\n> quote\n{DRAFT_END}\n\nafter\n"
    assert parse_note(note).fields["features"] == "before\n\nafter"


def test_unterminated_draft_block_keeps_the_users_lines() -> None:
    # The user deleted the end marker to keep the quote: the quote is now theirs.
    note = f"## Features\n\n{DRAFT_START}\n> a quote I keep\n\nmine\n"
    assert parse_note(note).fields["features"] == "> a quote I keep\n\nmine"


def test_duplicate_field_headings_are_joined() -> None:
    parsed = parse_note("## Findings\none\n## Other\nx\n## findings\ntwo\n")
    assert parsed.fields["findings"] == "one\n\ntwo"
    assert [h for h, _ in parsed.sections] == ["Findings", "Other", "findings"]


@pytest.mark.parametrize(
    ("front", "message", "line"),
    [
        ("key: a\ntitle: 'open", "unterminated quoted string", 3),
        ('key: a\ntitle: "open\nyear: 1', "unterminated quoted string", 3),
        ("key: a\njust some words\n", "expected 'key: value'", 3),
        ("key:\n    a: 1\n  b: 2\n", "unexpected indentation", 4),
        ("key: a\n  indented: x\n", "must be quoted", 3),
        ("key: a\nkey: b\n", "duplicate key 'key'", 3),
        ("title: Wide: Deep\n", "must be quoted", 2),
        ("tags: [a, b\nstatus: read\n", "missing ']'", 2),
        ("links: {a: 1\nb: 2\n", "missing '}'", 2),
        ("tags:\n\t- a\n", "tab", 3),
        ("- a\n- b\n", "not a list", 2),
        ("just text\n", "not a single value", 2),
        ('title: "bad \\q escape"\n', "unknown escape character 'q'", 2),
        ("ref: *anchor\n", "aliases (*name) are not supported", 2),
        ("a: &x [1]\nb: *x\n", "aliases (*name) are not supported", 3),
        ("x: !!python/object:os.system echo\n", "is not supported", 2),
        ("nul: a\x00b\n", "U+0000 is not allowed", 2),
        ("tags: " + "[" * 40 + "]" * 40, "nested more than 32 levels deep", 2),
    ],
)
def test_malformed_front_matter_names_the_problem_and_line(
    front: str, message: str, line: int
) -> None:
    with pytest.raises(NoteParseError) as info:
        parse_note(f"---\n{front}\n---\n\n## Summary\n")
    text = str(info.value)
    assert text.startswith("front matter: ")
    assert message in text
    assert text.endswith(f"(line {line})")
    assert "\n" not in text


def test_front_matter_nested_thousands_deep_is_one_line_not_a_recursion_error() -> None:
    # F19: 5,000 levels used to end in RecursionError (and block the whole domain's export).
    for deep in (
        "tags: " + "[" * 5000 + "]" * 5000,
        "a:\n" + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(1, 600)),
    ):
        with pytest.raises(NoteParseError, match=r"nested more than 32 levels deep \(line \d+\)"):
            parse_note(f"---\n{deep}\n---\n\n## Summary\n\nmine\n")


def test_front_matter_reads_yaml_as_obsidian_does() -> None:
    # Obsidian parses YAML 1.2: yes/no/on/off are words, dates are dates (kept as their text).
    front = parse_note(
        "---\nflag: yes\nother: off\nreal: true\ncreated: 2026-08-01\n"
        "due: 2026-08-01T09:30:00\nrating: 4.5\nn: 12\nempty:\n---\n"
    ).front
    assert front == {
        "flag": "yes",
        "other": "off",
        "real": True,
        "created": "2026-08-01",
        "due": "2026-08-01T09:30:00",
        "rating": 4.5,
        "n": 12,
        "empty": None,
    }


def test_unterminated_front_matter() -> None:
    with pytest.raises(NoteParseError, match=r"no closing '---'.*\(line 1\)"):
        parse_note((FIXTURES / "unterminated.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("tags:\n  - recsys\n  - ml/ranking", ["recsys", "ml/ranking"]),
        ("tags: [recsys, '#deep', \"two tower\"]", ["recsys", "deep", "two tower"]),
        ("tags: recsys, ranking", ["recsys", "ranking"]),
        ("tags: recsys ranking", ["recsys", "ranking"]),
        ("tags: '#recsys'", ["recsys"]),
        ("tags:", []),
        ("tags: []", []),
        ("tags:\n- a\n- a\n- 2024", ["a", "2024"]),
    ],
)
def test_obsidian_style_tags(tags: str, expected: list[str]) -> None:
    parsed = parse_note(f"---\nstatus: read\n{tags}\n---\n")
    assert parsed.front["tags"] == expected
    assert parsed.front["status"] == "read"


def test_front_matter_yaml_subset() -> None:
    front = """\
plain: some words here # a comment
quoted: "tab\\there \\u00e9 \\U0001F389"
single: 'it''s'
number: 42
negative: -3
float: 2.5
yes_is_text: yes
truth: true
nothing: ~
empty:
flow: [1, "two", three, [4]]
mapping: {a: 1, b: [x]}
nested:
  inner: value
  list:
    - x
    - y: 1
      z: 2
literal: |
  line one
    indented
  line three
folded: >-
  folded
  text

  new paragraph
continued: a plain
  scalar that continues
multiline_quoted: "one
  two"
"""
    ours = parse_note(f"---\n{front}---\n").front
    assert ours == yaml.safe_load(front) | {"yes_is_text": "yes"}


_yaml_keys = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True)
_yaml_scalars = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=120),
    st.sampled_from(["yes", "no", "on", "null", "~", "2016", "1e3", "2026-08-01", "- x", "#x"]),
    st.integers(),
    st.booleans(),
    st.none(),
)
_yaml_values = st.one_of(
    _yaml_scalars,
    st.lists(_yaml_scalars, max_size=4),
    st.lists(st.dictionaries(_yaml_keys, _yaml_scalars, max_size=3), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(doc=st.dictionaries(_yaml_keys, _yaml_values, min_size=1, max_size=6))
def test_front_matter_we_write_reads_back_exactly(doc: dict[str, Any]) -> None:
    """What paperprep writes into front matter is read back as the same values, by PyYAML
    itself (any tool) and by paperprep's reader (YAML 1.2 words, dates as text)."""
    written = "\n".join(dump_front_matter(doc).values())
    assert load_front_matter(written) == doc, written
    assert yaml.safe_load(written) == doc, written


@settings(max_examples=200, deadline=None)
@given(
    doc=st.dictionaries(
        _yaml_keys,
        st.one_of(
            st.text(st.characters(codec="utf-8", exclude_characters="\x85\u2028\u2029")),
            st.integers(),
            st.lists(
                st.text(
                    st.characters(codec="utf-8", exclude_characters="\x85\u2028\u2029"), max_size=20
                ),
                max_size=3,
            ),
        ),
        min_size=1,
        max_size=6,
    ),
    flow=st.sampled_from([False, None]),
    width=st.sampled_from([20, 80]),
)
def test_we_read_front_matter_other_tools_write(
    doc: dict[str, Any], flow: bool | None, width: int
) -> None:
    # PyYAML's own style (indentless lists, folded long lines) as other tools write it.
    dumped = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow, width=width)
    parsed = parse_note(f"---\n{dumped}---\n").front
    if "tags" in doc:  # tags are normalised; compare the rest
        parsed.pop("tags")
        doc = {k: v for k, v in doc.items() if k != "tags"}
    assert parsed == doc, dumped


# ---------------------------------------------------------------------------------------------
# add_new_evidence: never move or change a user character
# ---------------------------------------------------------------------------------------------


def is_pure_insert(old: str, new: str) -> bool:
    """True when ``old`` is a subsequence of ``new`` (greedy match; only inserts happened)."""
    it = iter(new)
    return all(ch in it for ch in old)


def evidence_with(*texts: str, field: str = "findings") -> dict[str, list[Evidence]]:
    return {field: [Evidence(field, t, 5, "Results", 1.0 - i / 10) for i, t in enumerate(texts)]}


def test_new_evidence_goes_at_the_end_of_the_field_section() -> None:
    old = make_record(evidence=evidence_with("AUC +0.3% offline."))
    drafted = render_note(old)
    note = drafted.replace("\n## Interview", "\nMy findings.\n\n## Interview")  # the user writes
    new = make_record(evidence=evidence_with("AUC +0.3% offline.", "App installs +3.9% online."))
    updated = add_new_evidence(note, new)
    assert updated is not None
    findings = updated.split("## Findings\n", 1)[1].split("\n## ", 1)[0]
    # The new quote comes after the user's text; the quote already drafted is not repeated.
    assert findings.index("My findings.") < findings.index("App installs +3.9% online.")
    assert findings.count("AUC +0.3% offline.") == 1
    assert is_pure_insert(note, updated)
    assert parse_note(updated).fields == parse_note(note).fields
    assert add_new_evidence(updated, new) is None


def test_nothing_new_returns_none() -> None:
    record = make_record()
    note = render_note(record)
    assert add_new_evidence(note, record) is None


def test_quotes_already_in_the_users_text_are_not_new() -> None:
    record = make_record(evidence=evidence_with("Wide   and deep\nbeats deep only."))
    note = "## Findings\n\nI noted: > WIDE and deep beats\n> deep only. Nice.\n"
    assert add_new_evidence(note, record) is None


def test_offered_quotes_the_user_deleted_are_not_offered_again() -> None:
    record = make_record(evidence=evidence_with("Old quote.", "Fresh quote."))
    note = "## Findings\n\nMine.\n"
    updated = add_new_evidence(note, record, offered=["Old quote."])
    assert updated is not None
    assert "Fresh quote." in updated and "Old quote." not in updated


def test_deleted_heading_gets_no_evidence_and_crlf_is_kept() -> None:
    record = make_record()
    note = "---\r\nkey: x\r\n---\r\n## Data format\r\nmine\r\n## My section\r\nkeep\r\n"
    updated = add_new_evidence(note, record)
    assert updated is not None
    assert "\n" not in updated.replace("\r\n", "")
    assert record.evidence["data_format"][0].text in updated
    assert record.evidence["features"][0].text not in updated
    assert is_pure_insert(note, updated)
    assert updated.endswith("## My section\r\nkeep\r\n")


def test_empty_section_at_end_of_file_without_newline() -> None:
    record = make_record(evidence=evidence_with("A new result."))
    note = "## Findings"
    updated = add_new_evidence(note, record)
    assert updated is not None and updated.startswith("## Findings\n\n" + DRAFT_START)
    assert parse_note(updated).fields == {"findings": ""}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fields=field_values,
    extra=st.lists(st.sampled_from(["\n## Mine\n\nnotes\n", "\n\n\n", "tail text"]), max_size=2),
    crlf=st.booleans(),
    new_texts=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=4),
)
def test_add_new_evidence_only_inserts(
    fields: dict[str, str], extra: list[str], crlf: bool, new_texts: list[str]
) -> None:
    note = render_note(make_record(), fields=fields) + "".join(extra)
    if crlf:
        note = note.replace("\n", "\r\n")
    evidence = {
        f: [Evidence(f, f"{f}: {t}", 9, None, 0.5) for t in new_texts] for f in EVIDENCE_FIELDS
    }
    record = make_record(evidence=evidence)
    updated = add_new_evidence(note, record)
    if updated is None:
        return
    assert is_pure_insert(note, updated)
    assert parse_note(updated).fields == parse_note(note).fields
    assert add_new_evidence(updated, record) is None


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------


def test_content_hash_detects_any_change() -> None:
    note = render_note(make_record())
    assert content_hash(note) == content_hash(str(note))
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash(note))
    assert content_hash(note + " ") != content_hash(note)
    assert content_hash(note.replace("\n", "\r\n")) != content_hash(note)


@pytest.mark.parametrize(
    "key", ["../../etc/passwd", "a/b", "a\\b", "nul\x00byte", "", ".", "..", "CON", "a" * 300]
)
def test_safe_filename_examples(key: str) -> None:
    stem = safe_filename(key)
    assert stem and "/" not in stem and "\\" not in stem and ".." not in stem
    assert stem not in (".", "CON")
    assert len(stem.encode("utf-8")) <= 120


def test_safe_filename_keeps_ordinary_keys() -> None:
    assert safe_filename("cheng2016wide") == "cheng2016wide"
    assert safe_filename("zhou2018din-v2") == "zhou2018din-v2"


@settings(max_examples=300)
@given(a=st.text(), b=st.text())
def test_safe_filename_properties(a: str, b: str) -> None:
    stem = safe_filename(a)
    assert stem
    assert not re.search(r"[/\\\x00-\x1f\x7f]", stem)
    assert ".." not in stem
    assert len(stem.encode("utf-8")) <= 120
    assert safe_filename(stem) == stem
    if a != b:
        assert safe_filename(b) != stem


_note_pieces = st.sampled_from(
    [*"-#:\n\r `~ab[]{}'\"|>!&*\\\t", "## Findings", "## Data format", "---\n", DRAFT_START,
     DRAFT_END, "```", "tags: ", "- ", "\ufeff", "key: 'x'"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.lists(_note_pieces).map("".join))
def test_any_text_parses_or_fails_with_a_one_line_message(text: str) -> None:
    try:
        parsed = parse_note(text)
    except NoteParseError as exc:
        assert re.search(r"\(line \d+\)$", str(exc)) and "\n" not in str(exc)
        return
    record = make_record(evidence=evidence_with("A brand new finding."))
    updated = add_new_evidence(text, record)
    if updated is not None:
        assert is_pure_insert(text, updated)
        assert parse_note(updated).fields == parsed.fields
