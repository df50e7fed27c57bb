"""From one note per paper and domain to one note per paper: every character the user wrote stays.

The library is built as paperprep 0.1.0 left it: its schema (migrations m001-m006), its rows,
absolute paths of a folder it has since been moved from, and the very notes it drafted
(``tests/fixtures/legacy``), which the "user" then edits in both domains.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database
from typer.testing import CliRunner

from paperprep.app import App
from paperprep.cli import app as cli
from paperprep.migrations import MIGRATIONS, applied, migrate
from paperprep.models import NOTE_FIELDS, DomainLink, PaperRecord
from paperprep.notes import DRAFT_START, parse_note
from paperprep.notes.combine import NoteSource, combine_notes
from paperprep.notes.parse import split_body
from paperprep.settings import load_settings
from paperprep.workflows.migrate import merge_legacy_notes
from tests.test_notes import user_text

FIXTURES = Path(__file__).parent / "fixtures" / "legacy"
KEY = "cheng2016wide"
#: Where the library was when paperprep 0.1.0 wrote its paths (it has been moved since).
OLD_HOME = Path("/home/someone/.local/share/paperprep")


def pristine(domain: str) -> str:
    return (FIXTURES / f"{domain}.md").read_text(encoding="utf-8")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_into(note: str, heading: str, text: str) -> str:
    """What a user does in a field: write below the heading (the draft block stays above)."""
    head = f"## {heading}\n"
    before, after = note.split(head, 1)
    block, sep, rest = after.partition("\n## ")
    return (
        f"{before}{head}{block.rstrip()}\n\n{text}\n{sep}{rest}"
        if sep
        else (f"{before}{head}{block.rstrip()}\n\n{text}\n")
    )


def legacy_library(
    home: Path,
    notes: Mapping[str, str],
    *,
    synced: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """A paperprep 0.1.0 library with one paper in recsys and ads-ctr and these note files.

    :param notes: domain -> the note file's text (the pristine draft, or as the user edited it).
    :param synced: domain -> fields the library holds (what an earlier ``sync`` read in).
    """
    db = Database(sqlite3.connect(home / "library.db"))
    migrate(db, upto="m006_progress_indexes")
    db.execute(
        "insert into papers (id, key, title, authors, year, arxiv_id, citations, "
        "citation_source, abstract, status, added_at, updated_at) values (1, ?, ?, ?, 2016, "
        "'1606.07792', 3200, 'openalex', ?, 'reading', '2026-08-01T09:00:00+00:00', 'x')",
        [
            KEY,
            "Wide & Deep Learning for Recommender Systems",
            json.dumps(["Heng-Tze Cheng", "Levent Koc"]),
            "Generalized linear models with nonlinear feature transformations are widely "
            "used. We present Wide & Deep learning.",
        ],
    )
    for domain, rank, why in (("ads-ctr", 4, "cited 3200×"), ("recsys", 1, "seed paper")):
        db.execute(
            "insert into paper_domains (paper_id, domain, rank, why, added_at) "
            "values (1, ?, ?, ?, 'x')",
            [domain, rank, why],
        )
    db.execute(
        "insert into pdfs (paper_id, path, sha256, status, pages, updated_at) "
        "values (1, ?, 'abc', 'ok', 4, 'x')",
        [str(OLD_HOME / "pdfs" / f"{KEY}.pdf")],
    )
    evidence = [
        (
            "data_format",
            "Over 500 billion examples of app impressions.",
            3,
            "System Implementation",
        ),
        ("findings", "App acquisitions rose 3.9% relative to the control group.", 4, "Results"),
    ]
    for name, quote, page, section in evidence:
        db.execute(
            "insert into evidence (paper_id, field, rank, text, page, section, score) "
            "values (1, ?, 0, ?, ?, ?, 0.9)",
            [name, quote, page, section],
        )
    offered = [quote for _, quote, _, _ in evidence]
    for domain, text in notes.items():
        path = home / "notes" / domain / f"{KEY}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        fields = (synced or {}).get(domain)
        written = digest(pristine(domain))
        db.execute(
            "insert into notes (paper_id, domain, path, written_hash, seen_hash, user_edited, "
            "front, offered) values (1, ?, ?, ?, ?, ?, '{}', ?)",
            [
                domain,
                str(OLD_HOME / "notes" / domain / f"{KEY}.md"),
                written,
                digest(text) if fields is not None else written,
                int(fields is not None),
                json.dumps(offered),
            ],
        )
        for name, value in (fields or {}).items():
            db.execute(
                "insert into note_fields (paper_id, domain, field, text) values (1, ?, ?, ?)",
                [domain, name, value],
            )
            db.execute(
                "insert into search_index (title, body, paper_id, kind, loc) "
                "values ('', ?, 1, 'note', ?)",
                [value, f"{domain}:{name}"],
            )
    db.conn.commit()
    db.close()


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout + result.stderr


RECSYS_SUMMARY = "Two towers? No: one wide linear part, one deep part, trained jointly. ☃"
ADS_SUMMARY = "For ads: the wide part memorises crosses like installed_app × impression_app."
SHARED = "Same words typed in both notes."


def edited_notes() -> dict[str, str]:
    recsys = write_into(pristine("recsys"), "Summary", RECSYS_SUMMARY)
    recsys = write_into(recsys, "Features", SHARED)
    recsys = write_into(
        recsys, "Findings", "+3.9% installs online (p. 4).\n\n```\n## not a heading\n```"
    )
    recsys += "\n## My comparison\n\nBetter than FM alone for sparse crosses.\n"
    ads = write_into(pristine("ads-ctr"), "Summary", ADS_SUMMARY)
    ads = write_into(ads, "Features", SHARED)
    ads = ads.replace(
        "# Wide & Deep Learning for Recommender Systems\n",
        "# Wide & Deep Learning for Recommender Systems\n\nRead for the ads loop.\n",
        1,
    )
    ads = ads.replace("tags: []\n", "tags: []\naliases: [W&D]\nrating: 5\n", 1)
    return {"recsys": recsys, "ads-ctr": ads}


def test_edited_notes_in_two_domains_become_one_note_keeping_every_character(
    isolated_home: Path,
) -> None:
    isolated_home.mkdir(parents=True)
    notes = edited_notes()
    legacy_library(
        isolated_home,
        notes,
        synced={"recsys": {"summary": RECSYS_SUMMARY, "features": SHARED}},
    )
    said = run("list")  # any command opens the library, and the merge happens once
    assert "one note per paper" in said and "backups" in said
    note = isolated_home / "notes" / f"{KEY}.md"
    text = note.read_text(encoding="utf-8")
    # Every text the user wrote, in either note, is in the one note and in the library.
    for typed in (
        RECSYS_SUMMARY,
        ADS_SUMMARY,
        SHARED,
        "+3.9% installs online (p. 4).\n\n```\n## not a heading\n```",
        "Better than FM alone for sparse crosses.",
        "Read for the ads loop.",
    ):
        assert typed in text
    shown = json.loads(run("show", KEY, "--json"))
    fields = shown["note"]["fields"]
    assert RECSYS_SUMMARY in fields["summary"] and ADS_SUMMARY in fields["summary"]
    # Where the notes differ both are kept, marked with their domain; the same text once.
    assert "### From your recsys note" in fields["summary"]
    assert "### From your ads-ctr note" in fields["summary"]
    assert fields["features"] == SHARED and text.count(SHARED) == 1
    # Drafts are not duplicated: one draft block per field at most.
    for heading in ("Summary", "Data format", "Features", "Findings"):
        section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
        assert section.count(DRAFT_START) <= 1, heading
    front = parse_note(text).front
    assert [d["name"] for d in front["domains"]] == ["ads-ctr", "recsys"]
    assert front["rating"] == 5 and "W&D" in front["aliases"]
    assert front["status"] == "reading"
    # The library points at the one note, relative to where the library is now (F10).
    assert Path(shown["note"]["path"]) == note
    assert Path(shown["pdf"]["path"]) == isolated_home / "pdfs" / f"{KEY}.pdf"
    # The old folders left the vault; a byte-for-byte backup stays until the user removes it.
    assert not (isolated_home / "notes" / "recsys").exists()
    assert not (isolated_home / "notes" / "ads-ctr").exists()
    backup = isolated_home / "backups" / "notes-per-domain"
    for domain, original in notes.items():
        assert (backup / domain / f"{KEY}.md").read_text(encoding="utf-8") == original
    # Search finds the user's text of both notes; nothing of the old layout is left.
    assert [h["where"] for h in json.loads(run("search", "memorises", "--json"))] == [
        "note summary"
    ]
    conn = sqlite3.connect(isolated_home / "library.db")
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
    assert not {"legacy_notes", "legacy_note_fields"} & tables
    assert conn.execute("select count(*) from search_index where loc like '%:%'").fetchone()[0] == 0
    # Once: the next command changes nothing.
    before = text
    assert "one note per paper" not in run("sync")
    assert note.read_text(encoding="utf-8") == before


def test_one_touched_note_moves_as_it_is_and_untouched_ones_are_redrafted(
    isolated_home: Path,
) -> None:
    isolated_home.mkdir(parents=True)
    mine = write_into(pristine("recsys"), "Findings", "Only recsys has my words.")
    legacy_library(isolated_home, {"recsys": mine, "ads-ctr": pristine("ads-ctr")})
    run("list")
    note = isolated_home / "notes" / f"{KEY}.md"
    assert note.read_text(encoding="utf-8") == mine  # byte for byte, still the user's file
    shown = json.loads(run("show", KEY, "--json"))
    assert shown["note"]["fields"]["findings"] == "Only recsys has my words."
    assert shown["note"]["edited"] is True


def test_untouched_notes_become_one_fresh_note(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    legacy_library(isolated_home, {"recsys": pristine("recsys"), "ads-ctr": pristine("ads-ctr")})
    run("list")
    text = (isolated_home / "notes" / f"{KEY}.md").read_text(encoding="utf-8")
    front = parse_note(text).front
    assert [d["name"] for d in front["domains"]] == ["ads-ctr", "recsys"]
    assert text.count("Over 500 billion examples of app impressions.") == 1
    # Still paperprep's own draft: new evidence may re-render it.
    assert json.loads(run("show", KEY, "--json"))["note"]["edited"] is False


def test_a_deleted_note_contributes_what_the_library_synced(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    ads = write_into(pristine("ads-ctr"), "Summary", ADS_SUMMARY)
    legacy_library(
        isolated_home,
        {"recsys": "placeholder", "ads-ctr": ads},
        synced={"recsys": {"summary": RECSYS_SUMMARY, "questions": "Why not GBDT features?"}},
    )
    (isolated_home / "notes" / "recsys" / f"{KEY}.md").unlink()  # the user deleted it
    run("list")
    fields = json.loads(run("show", KEY, "--json"))["note"]["fields"]
    assert RECSYS_SUMMARY in fields["summary"] and ADS_SUMMARY in fields["summary"]
    assert fields["questions"] == "Why not GBDT features?"


def test_a_note_that_cannot_be_read_is_kept_apart_not_combined(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    broken = write_into(pristine("recsys"), "Summary", RECSYS_SUMMARY).replace(
        "tags: []", "tags: [unclosed", 1
    )
    ads = write_into(pristine("ads-ctr"), "Summary", ADS_SUMMARY)
    legacy_library(isolated_home, {"recsys": broken, "ads-ctr": ads})
    said = run("list")
    apart = isolated_home / "notes" / f"{KEY}.recsys.md"
    assert apart.read_text(encoding="utf-8") == broken
    assert "could not be combined" in " ".join(said.split())
    assert ADS_SUMMARY in (isolated_home / "notes" / f"{KEY}.md").read_text(encoding="utf-8")


def test_a_merge_cut_short_is_finished_without_writing_anything_twice(
    isolated_home: Path,
) -> None:
    isolated_home.mkdir(parents=True)
    notes = edited_notes()
    legacy_library(isolated_home, notes)
    app = App.open(load_settings())
    try:
        merge_legacy_notes(app)
        first = (isolated_home / "notes" / f"{KEY}.md").read_text(encoding="utf-8")
    finally:
        app.close()
    # As if the process died before the commit: the old rows and files are back, the new note
    # stays; the next run must recognise what it already holds.
    (isolated_home / "library.db").unlink()
    for suffix in ("-wal", "-shm"):
        (isolated_home / f"library.db{suffix}").unlink(missing_ok=True)
    for domain in notes:
        (isolated_home / "notes" / domain).mkdir(exist_ok=True)
    legacy_library(isolated_home, notes)
    run("list")
    again = (isolated_home / "notes" / f"{KEY}.md").read_text(encoding="utf-8")
    assert again.count(RECSYS_SUMMARY) == 1 and again.count(ADS_SUMMARY) == 1
    assert again.count(SHARED) == 1
    assert parse_note(again).fields == parse_note(first).fields


# -- property: whatever the user wrote in each note, all of it is in the one note ------------


def record() -> PaperRecord:
    return PaperRecord(
        id=1,
        key=KEY,
        title="Wide & Deep Learning for Recommender Systems",
        authors=["Heng-Tze Cheng"],
        year=2016,
        venue=None,
        doi=None,
        arxiv_id="1606.07792",
        citations=3200,
        citation_source="openalex",
        abstract="We present Wide & Deep learning.",
        status="unread",
        tags=[],
        domains=[DomainLink("ads-ctr", 4, None), DomainLink("recsys", 1, "seed")],
        pdf=None,
        sections=[],
        evidence={},
        added_at="2026-08-01T00:00:00+00:00",
    )


HEADINGS = {
    "summary": "Summary",
    "data_format": "Data format",
    "features": "Features",
    "architecture": "Architecture",
    "findings": "Findings",
    "talking_points": "Interview talking points",
    "questions": "Open questions",
}
own_heading = st.sampled_from(["My comparison", "Links", "Questions for the team"])


@st.composite
def a_note(draw: st.DrawFn, domain: str) -> tuple[str, dict[str, str], list[str]]:
    """An edited note of ``domain``: (its text, its fields, the bodies of the user's sections)."""
    text = pristine(domain)
    fields = draw(st.dictionaries(st.sampled_from(NOTE_FIELDS), user_text))
    for name, value in fields.items():
        if value:
            text = write_into(text, HEADINGS[name], value)
    own = draw(st.lists(st.tuples(own_heading, user_text), max_size=2))
    for heading, body in own:
        text += f"\n## {heading}\n\n{body}\n"
    return text, fields, [b for _, b in own if b.strip()]


def within(small: str, big: str) -> bool:
    return small.strip() in big


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recsys=a_note("recsys"), ads=a_note("ads-ctr"))
def test_combining_keeps_every_user_text(
    recsys: tuple[str, dict[str, str], list[str]], ads: tuple[str, dict[str, str], list[str]]
) -> None:
    sources = [NoteSource("recsys", recsys[0]), NoteSource("ads-ctr", ads[0])]
    combined = combine_notes(record(), sources)
    parsed = parse_note(combined)
    for _, fields, own in (recsys, ads):
        for name, value in fields.items():
            source_value = parse_note(write_into(pristine("recsys"), HEADINGS[name], value))
            typed = source_value.fields[name]
            assert within(typed, parsed.fields[name]), (name, typed, parsed.fields[name])
        for body in own:
            assert body.strip() in combined
    for heading in HEADINGS.values():
        section = combined.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
        assert len(split_body(section.split("\n"))[1]) <= 1  # drafts once, not per note
    # Combining what was combined adds nothing (a migration run twice).
    again = combine_notes(record(), [NoteSource("notes/x.md", combined), *sources])
    assert parse_note(again).fields == parsed.fields


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(recsys=a_note("recsys"), ads=a_note("ads-ctr"))
def test_migrating_a_library_keeps_every_user_text(
    tmp_path_factory: pytest.TempPathFactory,
    recsys: tuple[str, dict[str, str], list[str]],
    ads: tuple[str, dict[str, str], list[str]],
) -> None:
    home = tmp_path_factory.mktemp("home")
    legacy_library(home, {"recsys": recsys[0], "ads-ctr": ads[0]})
    app = App.open(load_settings(home))
    try:
        merge_legacy_notes(app)
        text = (home / "notes" / f"{KEY}.md").read_text(encoding="utf-8")
        fields = app.library.record(1).note
        assert fields is not None
        for source, (_, typed_fields, own) in (("recsys", recsys), ("ads-ctr", ads)):
            parsed_source = parse_note({"recsys": recsys[0], "ads-ctr": ads[0]}[source])
            for name in typed_fields:
                typed = parsed_source.fields.get(name, "")
                assert within(typed, fields.fields[name]), (source, name)
            for body in own:
                assert body.strip() in text
        assert applied(app.library.db) == {fn.__name__ for fn in MIGRATIONS}
        assert not re.search(r"notes/(recsys|ads-ctr)/", text)
    finally:
        app.close()
