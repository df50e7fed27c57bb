"""Notes in the library: the user's file is theirs, whatever paperprep runs afterwards."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paperprep.app import App
from paperprep.models import EVIDENCE_FIELDS, Evidence, Extraction, PdfMeta, Section
from paperprep.notes import DRAFT_END, DRAFT_START
from paperprep.settings import load_settings
from paperprep.workflows.add import add_items
from paperprep.workflows.notes import draft_note, sync_all
from tests.pdfgen import Spec, paper_pdf


@pytest.fixture
def app(isolated_home: Path) -> App:
    return App.open(load_settings())


@pytest.fixture
def note(app: App, tmp_path: Path) -> Path:
    pdf = tmp_path / "din.pdf"
    pdf.write_bytes(paper_pdf(Spec()))
    [outcome] = add_items(app, [str(pdf)], domain="recsys").outcomes
    assert outcome.note is not None
    return outcome.note


def is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


def new_extraction(sentence: str) -> Extraction:
    ev: dict[str, list[Evidence]] = {f: [] for f in EVIDENCE_FIELDS}
    ev["data_format"] = [Evidence("data_format", sentence, 3, "Data", 0.99)]
    return Extraction("pdfium", ["p1", "p2", "p3"], [Section("Data", 3)], ev, PdfMeta())


def strip_first_draft(text: str, heading: str) -> str:
    """What a user does: delete the draft block under ``heading`` and write their own line."""
    pattern = re.compile(
        rf"(## {heading}\n\n){re.escape(DRAFT_START)}.*?{re.escape(DRAFT_END)}\n", re.S
    )
    return pattern.sub(r"\1My own words about the data.\n", text, count=1)


def test_untouched_note_is_refreshed_with_new_evidence(app: App, note: Path) -> None:
    paper_id = app.library.resolve(note.stem)
    app.library.store_extraction(paper_id, new_extraction("We crawl 12 TB of click logs daily."))
    assert draft_note(app, paper_id).action == "updated"
    assert "We crawl 12 TB of click logs daily." in note.read_text()


def test_touched_note_only_gains_new_quotes_and_keeps_every_character(app: App, note: Path) -> None:
    paper_id = app.library.resolve(note.stem)
    original_quotes = [e.text for e in app.library.record(paper_id).evidence["data_format"]]
    edited = strip_first_draft(note.read_text(), "Data format")
    assert edited != note.read_text()
    edited += "\n## My heading\n\nStuff only I care about. ☃ עברית\n"
    note.write_text(edited)
    app.library.store_extraction(paper_id, new_extraction("We crawl 12 TB of click logs daily."))
    outcome = draft_note(app, paper_id)
    assert outcome.action == "evidence-added"
    after = note.read_text()
    assert is_subsequence(edited, after)
    assert after.startswith(edited.split("## Data format")[0])
    assert "We crawl 12 TB of click logs daily." in after
    # Quotes the user deleted are not offered again.
    for quote in original_quotes[:3]:
        assert quote not in after.split("## Data format")[1].split("## Features")[0]
    fields = app.library.note_fields(paper_id)
    assert fields["data_format"] == "My own words about the data."
    # Running it again changes nothing.
    assert draft_note(app, paper_id).action == "kept"
    assert note.read_text() == after


def test_note_with_malformed_front_matter_is_left_alone(app: App, note: Path) -> None:
    paper_id = app.library.resolve(note.stem)
    broken = "---\ntitle: 'unterminated\n---\n\n## Summary\n\nMine.\n"
    note.write_text(broken)
    outcomes = sync_all(app)
    assert [o.action for o in outcomes] == ["failed"]
    assert "front matter" in (outcomes[0].message or "")
    app.library.store_extraction(paper_id, new_extraction("A brand new sentence about data."))
    assert draft_note(app, paper_id).action == "failed"
    assert note.read_text() == broken
