"""Managing the library: ``rm``, ``open`` and ``edit --key``, as a user (and a crash) sees them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from paperprep.app import App
from paperprep.cli import app as cli
from paperprep.errors import NotFound, PaperprepError
from paperprep.library import StagedFile
from paperprep.models import Paper
from paperprep.notes import parse_note
from paperprep.notes.rekey import rekey_front_matter
from paperprep.settings import load_settings
from paperprep.workflows import manage
from paperprep.workflows.add import add_items
from paperprep.workflows.manage import change_key, open_pdf, remove_papers, viewer_command
from tests.pdfgen import Spec, paper_pdf

WIDE = Spec(
    title="Wide & Deep Learning for Recommender Systems",
    authors=["Heng-Tze Cheng", "Levent Koc"],
    year=2016,
)


@pytest.fixture
def app(isolated_home: Path, tmp_path: Path) -> App:
    opened = App.open(load_settings())
    for name, spec in (("din.pdf", Spec()), ("wide.pdf", WIDE)):
        pdf = tmp_path / name
        pdf.write_bytes(paper_pdf(spec))
        [outcome] = add_items(opened, [str(pdf)], domain="recsys").outcomes
        assert outcome.status == "added", outcome
    return opened


def key_of(app: App, title_word: str) -> str:
    return next(p.key for p in app.library.list_papers() if title_word in p.title)


def pdf_of(app: App, key: str) -> Path:
    pdf = app.library.record(app.library.resolve(key)).pdf
    assert pdf is not None and pdf.path
    return Path(pdf.path)


def note_of(app: App, key: str) -> Path:
    note = app.library.record(app.library.resolve(key)).note_for()
    assert note is not None
    return Path(note.path)


def counts(app: App, paper_id: int) -> dict[str, int]:
    """How many rows of each kind the library holds for the paper."""
    conn = app.library.conn
    out = {}
    for table, column in (
        ("papers", "id"),
        ("paper_domains", "paper_id"),
        ("pdfs", "paper_id"),
        ("pages", "paper_id"),
        ("sections", "paper_id"),
        ("evidence", "paper_id"),
        ("notes", "paper_id"),
        ("note_fields", "paper_id"),
        ("tags", "paper_id"),
        ("key_facts", "paper_id"),
        ("search_index", "paper_id"),
    ):
        sql = f"select count(*) from {table} where {column} = ?"
        (n,) = conn.execute(sql, [paper_id]).fetchone()
        out[table] = n
    return out


def edit_note(path: Path, text: str = "My own summary.") -> None:
    note = path.read_text(encoding="utf-8")
    path.write_text(note.replace("## Summary\n", f"## Summary\n\n{text}\n", 1), encoding="utf-8")


# -- rm ------------------------------------------------------------------------------------------


def test_rm_removes_the_paper_its_rows_pdf_and_untouched_note(app: App) -> None:
    key = key_of(app, "Deep Interest")
    record = app.library.record(app.library.resolve(key))
    pdf, note = pdf_of(app, key), note_of(app, key)
    assert pdf.is_file() and note.is_file()
    app.library.update_tags(record.id, add=["must-read"])
    before = counts(app, record.id)
    assert all(n for table, n in before.items() if table not in ("key_facts", "note_fields"))
    [removed] = remove_papers(app, [key])
    assert removed.note_action == "removed"
    assert not pdf.exists() and not note.exists()
    assert set(counts(app, record.id).values()) == {0}
    assert app.library.search("interest") == [] or all(
        h.key != key for h in app.library.search("interest")
    )
    with pytest.raises(NotFound):
        app.library.resolve(key)
    # The other paper is untouched.
    other = key_of(app, "Wide")
    assert pdf_of(app, other).is_file()


def test_rm_of_several_papers_removes_them_all(app: App) -> None:
    keys = [key_of(app, "Wide"), key_of(app, "Deep Interest")]
    removed = remove_papers(app, [*keys, keys[0]])  # a paper named twice is removed once
    assert [r.key for r in removed] == keys
    assert app.library.list_papers() == []
    assert list(app.settings.pdf_dir.iterdir()) == []


def test_rm_keeps_a_note_the_user_edited_unless_notes(app: App) -> None:
    key = key_of(app, "Deep Interest")
    note = note_of(app, key)
    edit_note(note)
    [removed] = remove_papers(app, [key])
    assert removed.note_action == "kept"
    assert "My own summary." in note.read_text(encoding="utf-8")

    other = key_of(app, "Wide")
    other_note = note_of(app, other)
    edit_note(other_note)
    [gone] = remove_papers(app, [other], notes=True)
    assert gone.note_action == "removed" and not other_note.exists()


def test_rm_of_an_unknown_paper_removes_nothing_and_says_did_you_mean(app: App) -> None:
    key = key_of(app, "Wide")
    with pytest.raises(NotFound) as exc:
        remove_papers(app, [key, key[:-1] + "x"])
    assert exc.value.hint and key in exc.value.hint
    assert app.library.resolve(key)  # the known one was not removed either


def test_rm_declined_removes_nothing(app: App) -> None:
    key = key_of(app, "Wide")
    assert remove_papers(app, [key], confirm=lambda plans: False) == []
    assert app.library.resolve(key)


def test_rm_failing_mid_transaction_leaves_everything(app: App) -> None:
    """The database write fails after the first deletes (a trigger, as a full disk would):
    the rows, the PDF and the note are all still there."""
    key = key_of(app, "Deep Interest")
    record = app.library.record(app.library.resolve(key))
    before = counts(app, record.id)
    pdf, note = pdf_of(app, key), note_of(app, key)
    app.library.conn.execute(
        "create trigger fail_rm before delete on papers begin "
        "select raise(abort, 'database or disk is full'); end"
    )
    with pytest.raises(sqlite3.DatabaseError):
        remove_papers(app, [key])
    assert counts(app, record.id) == before
    assert pdf.is_file() and note.is_file()
    assert app.library.pending_removals() == []


def test_rm_killed_after_the_commit_is_finished_by_the_next_command(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = key_of(app, "Deep Interest")
    pdf = pdf_of(app, key)

    def killed(self: App) -> list[str]:
        if self.library.pending_removals():
            raise KeyboardInterrupt
        return []

    with monkeypatch.context() as patched:  # (not undo(): that would drop PAPERPREP_HOME too)
        patched.setattr(App, "finish_removals", killed)
        with pytest.raises(KeyboardInterrupt):
            remove_papers(app, [key])
    assert pdf.is_file()  # the row is gone, the file waits
    app.close()
    again = App.open(load_settings())
    assert not pdf.exists()
    assert again.library.pending_removals() == []


def test_staged_file_changed_since_is_kept(app: App, tmp_path: Path) -> None:
    path = app.settings.notes_dir / "mine.md"
    path.write_text("first", encoding="utf-8")
    from paperprep.files import sha256_file

    app.library.stage_removals([StagedFile(str(path), sha256_file(path), "test")])
    path.write_text("saved again by the user", encoding="utf-8")
    assert app.finish_removals() == [str(path)]
    assert path.read_text(encoding="utf-8") == "saved again by the user"


def test_rm_cli_piped_needs_yes(app: App) -> None:
    key = key_of(app, "Wide")
    app.close()
    result = CliRunner().invoke(cli, ["rm", key])
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    result = CliRunner().invoke(cli, ["rm", key, "--yes"])
    assert result.exit_code == 0, result.stderr
    assert f"removed {key}" in result.stdout


def test_rm_cli_json_and_kept_note_message(app: App) -> None:
    key = key_of(app, "Wide")
    note = note_of(app, key)
    edit_note(note)
    app.close()
    result = CliRunner().invoke(cli, ["rm", key, "--yes", "--json"])
    assert result.exit_code == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["key"] == key and row["note_action"] == "kept"
    assert row["note"] == str(note) and row["pdf"].endswith(f"pdfs/{key}.pdf")
    result = CliRunner().invoke(cli, ["rm", key, "--yes"])
    assert result.exit_code == 1 and "no paper matches" in result.stderr


def test_rm_cli_says_it_kept_the_note(app: App) -> None:
    key = key_of(app, "Wide")
    note = note_of(app, key)
    edit_note(note)
    app.close()
    result = CliRunner().invoke(cli, ["rm", key, "-y"])
    assert result.exit_code == 0
    assert f"kept your note notes/{key}.md; --notes removes it" in result.stderr


def test_re_adding_a_removed_paper_picks_up_the_kept_note(app: App, tmp_path: Path) -> None:
    key = key_of(app, "Wide")
    note = note_of(app, key)
    edit_note(note, "Kept across rm.")
    remove_papers(app, [key])
    [outcome] = add_items(app, [str(tmp_path / "wide.pdf")], domain="recsys").outcomes
    assert outcome.key == key
    fields = app.library.note_fields(app.library.resolve(key))
    assert "Kept across rm." in fields["summary"]


# -- open ----------------------------------------------------------------------------------------


def test_open_spawns_the_viewer_with_the_page(app: App) -> None:
    key = key_of(app, "Wide")
    started: list[list[str]] = []
    env = {"PAPERPREP_PDF_VIEWER": "true -P {page} {path}"}
    opened = open_pdf(app, key, page=1, environ=env, spawn=started.append)
    assert started == [["true", "-P", "1", str(opened.path)]]
    assert opened.page_note is None and opened.path.name == f"{key}.pdf"


def test_open_print_only_and_page_past_the_end(app: App) -> None:
    key = key_of(app, "Wide")
    started: list[list[str]] = []
    opened = open_pdf(app, key, print_only=True, spawn=started.append)
    assert opened.path.is_file() and started == []
    with pytest.raises(PaperprepError, match="there is no page 99"):
        open_pdf(app, key, page=99, spawn=started.append)


def test_open_a_paper_without_pdf_says_what_to_do(app: App) -> None:
    pid, _ = app.library.upsert_paper(Paper(title="A paper found by search only", year=2020))
    with pytest.raises(NotFound) as exc:
        open_pdf(app, str(pid))
    assert "has no PDF" in str(exc.value) and "paperprep add FILE.pdf" in (exc.value.hint or "")


def test_open_missing_viewer_is_a_clear_error(app: App) -> None:
    key = key_of(app, "Wide")
    with pytest.raises(PaperprepError, match="cannot start the PDF viewer 'no-such-viewer'"):
        open_pdf(app, key, environ={"PAPERPREP_PDF_VIEWER": "no-such-viewer {path}"})


def test_viewer_commands_per_platform(tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    assert viewer_command(pdf, None, environ={}, platform="darwin") == (["open", str(pdf)], None)
    cmd, note = viewer_command(pdf, 3, environ={}, platform="darwin")
    assert cmd == ["open", str(pdf)] and note and "cannot be told a page" in note
    assert viewer_command(pdf, None, environ={}, platform="win32") == (None, None)
    cmd, note = viewer_command(pdf, 3, environ={}, platform="linux", default_app=lambda: None)
    assert cmd == ["xdg-open", str(pdf)] and note is not None
    # The override: {path} appended when missing; no {page}: says so.
    cmd, note = viewer_command(pdf, 3, environ={"PAPERPREP_PDF_VIEWER": "mupdf"})
    assert cmd == ["mupdf", str(pdf)] and note and "no {page}" in note
    cmd, _ = viewer_command(pdf, 3, environ={"PAPERPREP_PDF_VIEWER": "firefox {url}"})
    assert cmd == ["firefox", pdf.resolve().as_uri() + "#page=3"]


def test_xdg_default_viewer_that_takes_a_page_is_started_directly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "bin" / "evince"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:/usr/bin:/bin")
    pdf = tmp_path / "x.pdf"
    cmd, note = viewer_command(
        pdf, 4, environ={}, platform="linux", default_app=lambda: "org.gnome.Evince.desktop"
    )
    assert cmd == ["evince", "-i", "4", str(pdf)] and note is None


def test_open_does_not_wait_for_the_viewer(app: App, tmp_path: Path) -> None:
    """The viewer runs on after ``open`` returns (a real, slow viewer process)."""
    import time

    key = key_of(app, "Wide")
    marker = tmp_path / "viewer-ran"
    script = tmp_path / "viewer.sh"
    script.write_text(f'#!/bin/sh\nsleep 3\necho "$@" > {marker}\n', encoding="utf-8")
    script.chmod(0o755)
    start = time.monotonic()
    open_pdf(app, key, page=1, environ={"PAPERPREP_PDF_VIEWER": f"{script} {{page}} {{path}}"})
    assert time.monotonic() - start < 2.5
    deadline = time.monotonic() + 20
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker.read_text(encoding="utf-8").startswith("1 ")


def test_open_cli_print_and_no_pdf(app: App) -> None:
    key = key_of(app, "Wide")
    pid, _ = app.library.upsert_paper(Paper(title="A paper found by search only", year=2020))
    app.close()
    result = CliRunner().invoke(cli, ["open", key, "--print"])
    assert result.exit_code == 0 and result.stdout.strip().endswith(f"pdfs/{key}.pdf")
    result = CliRunner().invoke(cli, ["open", str(pid)])
    assert result.exit_code == 1 and "has no PDF" in result.stderr
    assert "Traceback" not in result.stderr


# -- edit --key ----------------------------------------------------------------------------------


def test_edit_key_renames_files_and_every_reference(app: App) -> None:
    old = key_of(app, "Wide")
    pid = app.library.resolve(old)
    result = change_key(app, old, "wide-and-deep")
    assert result.changed and result.old == old
    record = app.library.record(pid)
    assert record.key == "wide-and-deep"
    pdfs, notes = app.settings.pdf_dir, app.settings.notes_dir
    assert (pdfs / "wide-and-deep.pdf").is_file() and not (pdfs / f"{old}.pdf").exists()
    assert (notes / "wide-and-deep.md").is_file() and not (notes / f"{old}.md").exists()
    assert record.pdf and record.pdf.path == str(pdfs / "wide-and-deep.pdf")
    stored = app.library.conn.execute(
        "select n.path, p.path from notes n join pdfs p using (paper_id) where paper_id = ?", [pid]
    ).fetchone()
    assert stored == ("notes/wide-and-deep.md", "pdfs/wide-and-deep.pdf")
    front = parse_note((notes / "wide-and-deep.md").read_text(encoding="utf-8")).front
    assert front["key"] == "wide-and-deep"
    assert [h.key for h in app.library.search("recommender")][:1] == ["wide-and-deep"]
    assert app.library.resolve(old) == pid  # the old key still finds it
    assert app.library.pending_removals() == []


def test_edit_key_in_an_edited_note_changes_only_the_key_line(app: App) -> None:
    old = key_of(app, "Wide")
    note = app.settings.notes_dir / f"{old}.md"
    edit_note(note, "Every character of mine stays.")
    before = note.read_text(encoding="utf-8")
    change_key(app, old, "wd2016")
    after = (app.settings.notes_dir / "wd2016.md").read_text(encoding="utf-8")
    assert after == before.replace(f"key: {old}\n", "key: wd2016\n", 1)
    fields = app.library.note_fields(app.library.resolve("wd2016"))
    assert "Every character of mine stays." in fields["summary"]


def test_edit_key_refuses_a_taken_or_bad_key(app: App) -> None:
    wide, din = key_of(app, "Wide"), key_of(app, "Deep Interest")
    with pytest.raises(PaperprepError, match="taken by another paper") as exc:
        change_key(app, wide, din.upper())
    assert exc.value.hint and "choose another" in exc.value.hint
    for bad in ("has space", "../x", "", "123", "a" * 61, "-x", "é"):
        with pytest.raises(PaperprepError):
            change_key(app, wide, bad)
    assert app.library.record(app.library.resolve(wide)).key == wide


def test_edit_key_is_pinned_against_fetch_and_refresh(app: App) -> None:
    old = key_of(app, "Wide")
    pid = app.library.resolve(old)
    change_key(app, old, "mine")
    doi = "10.1145/2988450.2988454"
    same = Paper(title=WIDE.title, authors=["Someone Else"], year=2016, doi=doi)
    assert app.library.upsert_paper(same) == (pid, False)
    app.library.prefer_metadata(pid, same)
    assert app.library.record(pid).key == "mine"
    assert "key" in json.loads(app.library._row(pid)["locked"])


def test_edit_key_db_failure_leaves_the_old_state_and_no_new_files(app: App) -> None:
    old = key_of(app, "Wide")
    app.library.conn.execute(
        "create trigger fail_key before update of key on papers begin "
        "select raise(abort, 'database or disk is full'); end"
    )
    with pytest.raises(sqlite3.DatabaseError):
        change_key(app, old, "newkey")
    notes, pdfs = app.settings.notes_dir, app.settings.pdf_dir
    assert (notes / f"{old}.md").is_file() and (pdfs / f"{old}.pdf").is_file()
    assert not (notes / "newkey.md").exists() and not (pdfs / "newkey.pdf").exists()
    assert app.library.record(app.library.resolve(old)).key == old


def test_edit_key_killed_midway_is_finished_by_running_it_again(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed right after the commit (old names not yet deleted, front matter not yet fixed):
    the same command again finishes the job."""
    old = key_of(app, "Wide")

    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(manage, "_rekey_note", killed)
        patched.setattr(App, "finish_removals", lambda self: [])
        with pytest.raises(KeyboardInterrupt):
            change_key(app, old, "again")
    assert (app.settings.notes_dir / f"{old}.md").exists()  # the old name still waits
    result = change_key(app, old, "again")
    assert not result.changed
    notes = app.settings.notes_dir
    assert sorted(p.name for p in notes.glob("*.md") if "again" in p.name or old in p.name) == [
        "again.md"
    ]
    assert parse_note((notes / "again.md").read_text(encoding="utf-8")).front["key"] == "again"


def test_edit_key_cli(app: App) -> None:
    old = key_of(app, "Wide")
    app.close()
    result = CliRunner().invoke(cli, ["edit", old, "--key", "wd"])
    assert result.exit_code == 0, result.stderr
    assert f"key {old} is now wd" in result.stdout
    assert f"notes/{old}.md -> notes/wd.md" in result.stdout
    result = CliRunner().invoke(cli, ["show", "wd", "--json"])
    assert json.loads(result.stdout)["note"]["path"].endswith("notes/wd.md")
    result = CliRunner().invoke(cli, ["edit", "wd", "--key", "bad key"])
    assert result.exit_code == 1 and "not a usable citation key" in result.stderr


# -- the front matter rewrite --------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r"), max_size=60)


@settings(max_examples=60, deadline=None)
@given(body=_text, comment=_text.filter(lambda t: "\n" not in t))
def test_rekey_front_matter_changes_only_the_key(body: str, comment: str) -> None:
    note = (
        f'---\nid: 3\nkey: cheng2016wide\n# {comment}\naliases:\n  - "Wide & Deep"\n'
        f"  - cheng2016wide\ntags: []\n---\n\n## Summary\n{body}\nkey: cheng2016wide\n"
    )
    out = rekey_front_matter(note, "wide.deep", ["cheng2016wide"])
    expected = note.replace("key: cheng2016wide\n", "key: wide.deep\n", 1).replace(
        "  - cheng2016wide\n", "  - wide.deep\n", 1
    )
    assert out == expected
    assert rekey_front_matter(out, "wide.deep", ["cheng2016wide"]) == out


def test_rm_keeps_a_note_saved_while_the_question_waited(app: App) -> None:
    key = key_of(app, "Wide")
    note = note_of(app, key)

    def user_saves_then_says_yes(plans: list[manage.Removal]) -> bool:
        assert plans[0].note_action == "removed"  # untouched when asked
        edit_note(note, "Typed while rm asked.")
        return True

    [removed] = remove_papers(app, [key], confirm=user_saves_then_says_yes)
    assert removed.note_action == "kept"
    assert "Typed while rm asked." in note.read_text(encoding="utf-8")


# -- at a terminal (beyond the rows of tests/terminal.py) -------------------------------------


def test_rm_at_a_terminal_keeps_an_edited_note_and_says_so(app: App, isolated_home: Path) -> None:
    from tests.terminal import run_tty

    key = key_of(app, "Wide")
    edit_note(note_of(app, key), "Mine, typed in Obsidian.")
    app.close()
    screen = run_tty(["rm", key], home=isolated_home, cols=80, dialog=(("[y/N]", "y"),))
    screen.assert_clean(0)
    assert f"keeps: your note notes/{key}.md" in screen.text
    assert f"kept your note notes/{key}.md; --notes removes it" in screen.text
    assert "Mine, typed in Obsidian." in (isolated_home / "notes" / f"{key}.md").read_text()
    assert not (isolated_home / "pdfs" / f"{key}.pdf").exists()


def test_ctrl_c_at_the_rm_question_removes_nothing(app: App, isolated_home: Path) -> None:
    from tests.terminal import finish, spawn_tty

    key = key_of(app, "Wide")
    app.close()
    child = spawn_tty(["rm", key], home=isolated_home, cols=80)
    child.expect_exact("[y/N]")
    child.sendintr()
    screen = finish(child, cols=80)
    screen.assert_clean(None)
    assert screen.code != 0
    assert (isolated_home / "pdfs" / f"{key}.pdf").is_file()
    reopened = App.open(load_settings())
    assert reopened.library.resolve(key)
