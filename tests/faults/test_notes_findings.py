"""The notes findings of the reliability review (issue 11): each scenario that lost what the user
wrote, or crashed, on the code before the fix (``../shared/reviews/reliability.md``).

- F1: an editor save landing between paperprep's "unchanged?" check and its rename;
- F2: an orphan or duplicated draft start marker capturing the user's text;
- F9: a 0-byte note, or one lost ``##`` heading, wiping the library's copy;
- F10: a moved library writing to its old place and ignoring edits in the new one;
- F19: front matter nested thousands deep (a RecursionError that blocked ``export``);
- issue 10: a bad ``status:`` in front matter silently ignored.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from paperprep.app import App
from paperprep.models import EVIDENCE_FIELDS, Evidence, Extraction, PdfMeta, Section
from paperprep.notes import DRAFT_END, DRAFT_START
from paperprep.settings import load_settings
from paperprep.workflows import notefile
from paperprep.workflows.notes import draft_note
from paperprep.workflows.papers import edit_metadata
from tests.faults.conftest import UserNotes, check_invariants, make_pdfs, run


def one_note(tmp_path: Path, n: int = 1) -> list[tuple[int, Path]]:
    pdfs = make_pdfs(tmp_path / "in", n)
    added = run("add", *map(str, pdfs), "--domain", "recsys", "--json").json()
    return [(int(a["id"]), Path(a["note"])) for a in added]


def quote(sentence: str, field: str = "data_format") -> Extraction:
    ev: dict[str, list[Evidence]] = {f: [] for f in EVIDENCE_FIELDS}
    ev[field] = [Evidence(field, sentence, 2, "Data", 0.99)]
    return Extraction("pdfium", ["p1", "p2"], [Section("Data", 2)], ev, PdfMeta())


def fields_of(paper: int) -> dict[str, str]:
    shown = run("show", str(paper), "--json").json()
    return dict(shown["note"]["fields"])


# -- F1 ------------------------------------------------------------------------------------------


def save_as_editor(path: Path, line: str, style: str) -> None:
    """An editor's save: in place (vim's backupcopy=yes) or a new file renamed over the note."""
    text = path.read_text(encoding="utf-8").replace("## Summary\n", f"## Summary\n\n{line}\n", 1)
    if style == "in-place":
        with path.open("r+", encoding="utf-8") as fh:
            fh.write(text)
            fh.truncate()
    else:
        tmp = path.with_name(".editor-save.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)


@pytest.mark.parametrize("style", ["in-place", "rename"])
@pytest.mark.parametrize("swap", ["atomic-exchange", "link-fallback"])
def test_a_save_landing_while_paperprep_rewrites_the_note_wins(
    style: str, swap: str, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F1: 38 of 40 saves forced into this window were overwritten, silently."""
    if swap == "link-fallback":
        monkeypatch.setattr(notefile, "_exchange", None)
    elif notefile._exchange is None:  # pragma: no cover - not Linux or macOS
        pytest.skip("no atomic exchange on this system")
    [(paper, note)] = one_note(tmp_path)
    user = UserNotes()
    forced = 0
    app = App.open(load_settings())
    try:
        for n in range(20):
            line = f"Save {n}, typed while paperprep wrote the note."

            def editor(path: Path, line: str = line) -> None:
                nonlocal forced
                forced += 1
                save_as_editor(path, line, style)

            monkeypatch.setattr(notefile, "before_swap", editor)
            if n == 0:  # the untouched note is re-rendered by a metadata fix
                edit_metadata(app, str(paper), {"title": "Ranking Study Number Zero"})
            else:  # the user's note gains new quotes
                app.library.store_extraction(paper, quote(f"We log {n} TB of clicks a day."))
                draft_note(app, paper)
            monkeypatch.setattr(notefile, "before_swap", None)
            user.texts.setdefault(note, []).append(line)
            check_invariants(isolated_home, user)  # every save so far is in the file
        assert forced == 20  # each round really saved inside the window
        run("sync")
        summary = fields_of(paper)["summary"]
        assert all(text in summary for text in user.texts[note])
    finally:
        app.close()


# -- F2 ------------------------------------------------------------------------------------------


def section_of(text: str, heading: str) -> tuple[str, str, str]:
    head = f"## {heading}\n"
    before, rest = text.split(head, 1)
    body, sep, after = rest.partition("\n## ")
    return before + head, body, sep + after


@pytest.mark.parametrize("damage", ["end-deleted", "start-pasted-twice"])
def test_user_text_beside_a_broken_draft_block_survives_new_quotes(
    damage: str, tmp_path: Path, isolated_home: Path
) -> None:
    """F2: the user's text dropped out of the library, the brief and the Anki deck."""
    [(paper, note)] = one_note(tmp_path)
    mine = "MY DATA NOTES: one row per impression, labels from clicks."
    head, body, tail = section_of(note.read_text(encoding="utf-8"), "Data format")
    assert DRAFT_START in body and DRAFT_END in body
    if damage == "end-deleted":  # keep the quotes by deleting the end marker (documented)
        body = body.replace(DRAFT_END + "\n", "", 1) + f"\n{mine}\n"
    else:  # a start marker pasted a second time, above the user's text
        body = f"\n{DRAFT_START}\n{mine}\n" + body
    note.write_text(head + body + tail, encoding="utf-8")
    run("sync")
    assert mine in fields_of(paper)["data_format"]
    app = App.open(load_settings())
    try:  # the PDF is extracted again with new quotes: they are inserted into the field
        app.library.store_extraction(paper, quote("Impressions are joined with installs."))
        assert draft_note(app, paper).action in ("evidence-added", "kept")
    finally:
        app.close()
    UserNotes().write(note, "An edit elsewhere, so the note is read again.")
    run("sync")
    assert mine in fields_of(paper)["data_format"]
    # The long form: the short brief caps each step's points by design, and the quotes kept above
    # the user's text (the END marker is gone, so they are the user's now) come first.
    brief = run("export", "recsys", "-f", "md", "--full", "-o", "-").stdout
    assert mine in brief
    check_invariants(isolated_home, UserNotes({note: [mine]}))


# -- F9 ------------------------------------------------------------------------------------------


def test_an_emptied_note_does_not_wipe_the_library_and_can_be_recreated(
    tmp_path: Path, isolated_home: Path
) -> None:
    """F9: a 0-byte note (editor crash, full disk) wiped every field at the next export."""
    [(paper, note)] = one_note(tmp_path)
    UserNotes().write(note, "MY SUMMARY, synced before the crash.")
    run("sync")
    note.write_bytes(b"")
    run("export", "recsys", "-f", "md", "-o", str(tmp_path / "brief.md"))  # syncs first
    assert fields_of(paper)["summary"] == "MY SUMMARY, synced before the crash."
    ran = run("sync", code=1)
    message = " ".join(ran.stderr.split())
    assert "damaged" in message and "is empty" in message and "--recreate" in message
    assert note.read_bytes() == b""  # left as it is until the user says so
    again = run("sync", "--recreate")
    assert "recreated" in again.stdout
    assert "MY SUMMARY, synced before the crash." in note.read_text(encoding="utf-8")
    assert list((isolated_home / "backups" / "damaged-notes").glob("*.md"))


def test_a_lost_heading_keeps_that_fields_library_copy(tmp_path: Path, isolated_home: Path) -> None:
    """F9: deleting one ``## `` line wiped that field in the library."""
    [(paper, note)] = one_note(tmp_path)
    UserNotes().write(note, "MY SUMMARY under its heading.")
    UserNotes().write(note, "MY FINDINGS.", heading="Findings")
    run("sync")
    note.write_text(note.read_text(encoding="utf-8").replace("## Summary\n", "", 1), "utf-8")
    ran = run("sync")
    assert "'## Summary' heading is gone" in " ".join(ran.stderr.split())
    fields = fields_of(paper)
    assert fields["summary"] == "MY SUMMARY under its heading."
    assert fields["findings"] == "MY FINDINGS."


def test_a_note_without_any_heading_is_damage_not_an_empty_note(
    tmp_path: Path, isolated_home: Path
) -> None:
    [(paper, note)] = one_note(tmp_path)
    UserNotes().write(note, "MY SUMMARY before the headings went.")
    run("sync")
    note.write_text("just some words, every heading gone\n", encoding="utf-8")
    ran = run("sync", code=1)
    assert "has none of its ## headings" in " ".join(ran.stderr.split())
    assert fields_of(paper)["summary"] == "MY SUMMARY before the headings went."


# -- F10 -----------------------------------------------------------------------------------------


def test_a_moved_library_reads_and_writes_where_it_is_now(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F10: after ``mv libA libB``, sync re-created libA and ignored the edits in libB."""
    [(paper, note)] = one_note(tmp_path)
    UserNotes().write(note, "Written before the move.")
    run("sync")
    moved = tmp_path / "moved-library"
    shutil.move(isolated_home, moved)
    monkeypatch.setenv("PAPERPREP_HOME", str(moved))
    there = moved / note.relative_to(isolated_home)
    UserNotes().write(there, "Written after the move.")
    run("sync")
    assert not isolated_home.exists()  # nothing was written to the old place
    shown = run("show", str(paper), "--json").json()
    assert Path(shown["note"]["path"]) == there
    assert "Written after the move." in shown["note"]["fields"]["summary"]
    assert Path(shown["pdf"]["path"]).parent == moved / "pdfs"
    assert Path(shown["pdf"]["path"]).is_file()
    (there).unlink()
    run("sync")  # a deleted note is re-created in the library's new place
    assert there.is_file() and not isolated_home.exists()


# -- F19 (deep YAML) and a bad status ------------------------------------------------------------


def test_deeply_nested_front_matter_is_one_line_and_does_not_block_export(
    tmp_path: Path, isolated_home: Path
) -> None:
    """F19: ``tags: [[[[…]]]]`` 5,000 deep gave a RecursionError in sync, status and export."""
    [(_, deep), (other, good)] = one_note(tmp_path, 2)
    UserNotes().write(good, "The good note still reaches the brief.")
    text = deep.read_text(encoding="utf-8").replace("tags: []", "tags: " + "[" * 5000 + "]" * 5000)
    deep.write_text(text, encoding="utf-8")
    brief = run("export", "recsys", "-f", "md", "-o", "-").stdout
    assert "The good note still reaches the brief." in brief
    ran = run("sync", code=1)
    assert "nested more than 32 levels deep" in " ".join(ran.stderr.split())
    run("status", str(other), "read")
    assert deep.read_text(encoding="utf-8") == text


def test_a_bad_status_in_front_matter_is_reported_and_the_status_kept(
    tmp_path: Path, isolated_home: Path
) -> None:
    """Issue 10: ``status: finished`` was silently ignored."""
    [(paper, note)] = one_note(tmp_path)
    run("status", str(paper), "reading")
    text = note.read_text(encoding="utf-8")
    text = text.replace("status: reading", "status: finished", 1)
    note.write_text(text + "\nMy own line.\n", encoding="utf-8")
    ran = run("sync")
    message = " ".join(ran.stderr.split())
    assert "status 'finished' is not one of unread, reading, read, skipped" in message
    assert "kept 'reading'" in message
    assert run("show", str(paper), "--json").json()["status"] == "reading"
