"""Notes under stress: edited while paperprep writes, deleted, malformed, not UTF-8."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from paperprep import notes as notes_mod
from paperprep.app import App
from paperprep.errors import PaperprepError
from paperprep.models import (
    EVIDENCE_FIELDS,
    Evidence,
    Extraction,
    PaperRecord,
    PdfMeta,
    Section,
)
from paperprep.settings import load_settings
from paperprep.workflows.notes import draft_note, sync_all
from tests.faults.conftest import (
    UserNotes,
    check_invariants,
    cli_argv,
    cli_env,
    make_pdfs,
    paper_count,
    run,
    run_sub,
)


def one_note(tmp_path: Path) -> tuple[int, Path]:
    [pdf] = make_pdfs(tmp_path / "in", 1)
    [added] = run("add", str(pdf), "--domain", "recsys", "--json").json()
    return int(added["id"]), Path(added["note"])


def new_evidence(sentence: str) -> Extraction:
    ev: dict[str, list[Evidence]] = {f: [] for f in EVIDENCE_FIELDS}
    ev["data_format"] = [Evidence("data_format", sentence, 2, "Data", 0.99)]
    return Extraction("pdfium", ["p1", "p2"], [Section("Data", 2)], ev, PdfMeta())


def test_note_saved_while_paperprep_adds_evidence(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper_id, note = one_note(tmp_path)
    user = UserNotes()
    user.write(note, "First save: my summary.")
    app = App.open(load_settings())
    try:
        app.library.store_extraction(paper_id, new_evidence("We log 9 TB of clicks per day."))
        original = notes_mod.add_new_evidence

        def user_saves_meanwhile(
            text: str, record: PaperRecord, *, offered: Iterable[str] = ()
        ) -> str | None:
            # The editor writes the file between paperprep's read and its write.
            user.write(note, "Second save, typed while paperprep ran.")
            return original(text, record, offered=offered)

        monkeypatch.setattr(notes_mod, "add_new_evidence", user_saves_meanwhile)
        try:
            message = draft_note(app, paper_id).message or ""
        except PaperprepError as exc:
            message = str(exc)
        assert "changed while paperprep was updating it" in message
        check_invariants(isolated_home, user)
        monkeypatch.setattr(notes_mod, "add_new_evidence", original)
        # The re-run takes the save in and then adds the evidence around it.
        assert draft_note(app, paper_id).action == "evidence-added"
        assert "We log 9 TB of clicks per day." in note.read_text(encoding="utf-8")
        fields = app.library.note_fields(paper_id)
        assert "Second save, typed while paperprep ran." in fields["summary"]
    finally:
        app.close()
    check_invariants(isolated_home, user)


@pytest.mark.slow
def test_note_edited_repeatedly_while_sync_runs(tmp_path: Path, isolated_home: Path) -> None:
    pdfs = make_pdfs(tmp_path / "in", 3)
    added = run("add", *map(str, pdfs), "--domain", "recsys", "--json").json()
    assert isinstance(added, list)
    notes = [Path(a["note"]) for a in added]
    user = UserNotes()
    stop = threading.Event()
    lines: list[str] = []

    def typist() -> None:
        n = 0
        while not stop.is_set():
            for path in notes:
                line = f"Typed line {n} while syncing."
                user.write(path, line)
                lines.append(line)
                n += 1
            time.sleep(0.02)

    thread = threading.Thread(target=typist)
    thread.start()
    try:
        for _ in range(4):
            proc = subprocess.run(
                cli_argv("sync"), env=cli_env(), capture_output=True, text=True, timeout=60
            )
            assert "Traceback" not in proc.stderr
            assert proc.returncode in (0, 1)
            if proc.returncode:
                assert proc.stderr.strip()
    finally:
        stop.set()
        thread.join()
    assert lines
    check_invariants(isolated_home, user)
    run_sub("sync")
    app = App.open(load_settings())
    try:
        for item, path in zip(added, notes, strict=True):
            summary = app.library.note_fields(int(item["id"]))["summary"]
            for text in user.texts[path]:
                assert text in summary
    finally:
        app.close()
    check_invariants(isolated_home, user)


def test_deleted_note_is_recreated_with_the_users_synced_text(
    tmp_path: Path, isolated_home: Path
) -> None:
    paper_id, note = one_note(tmp_path)
    user = UserNotes()
    user.write(note, "Words I synced before losing the file.")
    run("sync")
    note.unlink()
    ran = run("sync")
    assert "recreated" in ran.stdout or "created" in ran.stdout
    check_invariants(isolated_home, user)
    # A whole deleted notes folder, and a fetch/add re-run, too.
    for path in (isolated_home / "notes").rglob("*.md"):
        path.unlink()
    run("add", str(tmp_path / "in" / "paper0.pdf"), "--domain", "recsys")
    check_invariants(isolated_home, user)
    assert paper_count(isolated_home) == 1 and paper_id == 1


@pytest.mark.parametrize(
    "broken",
    [
        "---\ntitle: 'unterminated\n---\n\n## Summary\n\nMine, in a broken note.\n",
        "---\n: : :\n  - [\n---\n## Summary\n\nMine, in a broken note.\n",
        "---\nid: 1\nno closing fence\n\n## Summary\n\nMine, in a broken note.\n",
    ],
    ids=["unterminated-quote", "bad-yaml", "no-closing-fence"],
)
def test_malformed_front_matter_is_reported_and_left_alone(
    broken: str, tmp_path: Path, isolated_home: Path
) -> None:
    _, note = one_note(tmp_path)
    note.write_text(broken, encoding="utf-8")
    user = UserNotes({note: ["Mine, in a broken note."]})
    ran = run("sync", code=1)
    message = " ".join(ran.stderr.split())
    assert note.name in message and "front matter" in message and "paperprep sync" in message
    # Whatever paperprep runs next, the file stays exactly as the user left it.
    run("add", str(tmp_path / "in" / "paper0.pdf"), "--domain", "recsys", code=None)
    run("status", "1", "reading")
    run("export", "recsys", "-f", "md", "-o", str(tmp_path / "b.md"))
    assert note.read_text(encoding="utf-8") == broken
    check_invariants(isolated_home, user)
    # Fixed by the user, the next sync completes.
    note.write_text(
        "---\ntitle: fixed\n---\n\n## Summary\n\nMine, in a broken note.\n", encoding="utf-8"
    )
    run("sync")
    check_invariants(isolated_home, user)


def test_note_that_is_not_utf8_is_reported_and_left_alone(
    tmp_path: Path, isolated_home: Path
) -> None:
    _, note = one_note(tmp_path)
    garbage = b"---\ntitle: x\n---\n## Summary\n\nLatin-1 caf\xe9 notes\xff\xfe\n"
    note.write_bytes(garbage)
    ran = run("sync", code=1)
    assert "not UTF-8" in ran.stderr and note.name in " ".join(ran.stderr.split())
    run("status", "1", "read")
    run("add", str(tmp_path / "in" / "paper0.pdf"), "--domain", "recsys", code=None)
    assert note.read_bytes() == garbage
    check_invariants(isolated_home)
    note.write_bytes(garbage.decode("latin-1").encode("utf-8"))
    run("sync")
    check_invariants(isolated_home, UserNotes({note: ["Latin-1 café notes"]}))


def test_sync_all_reports_each_broken_note_and_syncs_the_rest(
    tmp_path: Path, isolated_home: Path
) -> None:
    pdfs = make_pdfs(tmp_path / "in", 2)
    added = run("add", *map(str, pdfs), "--domain", "recsys", "--json").json()
    assert isinstance(added, list)
    good, bad = (Path(a["note"]) for a in added)
    user = UserNotes()
    user.write(good, "The good note's text.")
    bad.write_text("---\ntitle: 'x\n---\n## Summary\n\nbroken\n", encoding="utf-8")
    app = App.open(load_settings())
    try:
        actions = sorted(o.action for o in sync_all(app))
        assert actions == ["failed", "synced"]
        assert "good note" in app.library.note_fields(int(added[0]["id"]))["summary"]
    finally:
        app.close()
    check_invariants(isolated_home, user)
