"""Notes on disk: draft, refresh and sync note files without ever losing the user's text."""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from paperprep import notes as notes_mod
from paperprep.app import App, Event
from paperprep.errors import NoteParseError, NotFound, PaperprepError
from paperprep.files import atomic_write_text
from paperprep.library import NoteState
from paperprep.models import STATUSES, PaperRecord
from paperprep.settings import Settings

log = logging.getLogger("paperprep")

#: Notes of papers added without ``--domain`` live under ``notes/unfiled/``.
UNFILED = "unfiled"


@dataclass
class NoteOutcome:
    paper_id: int
    domain: str
    path: Path
    #: created, updated (untouched draft re-rendered), evidence-added, kept, recreated, synced,
    #: unchanged, failed
    action: str
    message: str | None = None


def note_path(settings: Settings, domain: str, key: str) -> Path:
    return (
        settings.notes_dir / notes_mod.safe_filename(domain) / f"{notes_mod.safe_filename(key)}.md"
    )


def _front_of(text: str) -> dict[str, object]:
    try:
        front = notes_mod.parse_note(text).front
    except NoteParseError:
        return {}
    return {"status": front.get("status"), "tags": front.get("tags")}


def _drafted(record: PaperRecord) -> list[str]:
    """The evidence quotes a freshly rendered note offers (the top ones of each field)."""
    return [
        ev.text
        for items in record.evidence.values()
        for ev in sorted(items, key=lambda e: -e.score)[: notes_mod.DRAFT_QUOTES]
    ]


def _offered(state: NoteState | None, record: PaperRecord) -> list[str]:
    return list(dict.fromkeys([*(state.offered if state else []), *_drafted(record)]))


def draft_note(app: App, paper_id: int, domain: str) -> NoteOutcome:
    """Create or refresh the note of a paper in a domain without ever losing the user's text.

    - no file yet: render it (with any field text the library already holds);
    - the file is exactly what paperprep last wrote: re-render it with the newest evidence;
    - the user touched it (now or ever): only *insert* evidence quotes the note has never
      offered, never change or drop a character of theirs (``notes.add_new_evidence``); read
      their fields back first. A quote the user deleted is not offered again.
    """
    lib, settings = app.library, app.settings
    record = lib.record(paper_id)
    state = lib.note_state(paper_id, domain)
    path = Path(state.path) if state else note_path(settings, domain, record.key)
    templates = settings.user_templates_dir
    edited = state.user_edited if state else False
    if not path.exists():
        fields = lib.note_fields(paper_id, domain)
        text = notes_mod.render_note(record, domain, fields=fields, user_templates=templates)
        _commit_note(app, record, domain, path, text, state, edited=edited, expected=None)
        action = "recreated" if state and any(v.strip() for v in fields.values()) else "created"
        return NoteOutcome(paper_id, domain, path, action)
    current = _read_note(path)
    digest = notes_mod.content_hash(current)
    if state is not None and not edited and digest == state.written_hash:
        text = notes_mod.render_note(record, domain, user_templates=templates)
        if text == current:
            return NoteOutcome(paper_id, domain, path, "unchanged")
        kept = _commit_note(app, record, domain, path, text, state, edited=False, expected=digest)
        return NoteOutcome(paper_id, domain, path, "kept" if kept else "updated", kept)
    # The user's file: take in what they wrote, then add new evidence only as pure inserts.
    outcome = sync_note(app, paper_id, domain, path=path)
    if outcome.action == "failed":
        return outcome
    state = lib.note_state(paper_id, domain)
    record = lib.record(paper_id)
    addition = notes_mod.add_new_evidence(current, record, offered=state.offered if state else ())
    if addition is None:
        return NoteOutcome(paper_id, domain, path, "kept")
    kept = _commit_note(app, record, domain, path, addition, state, edited=True, expected=digest)
    return NoteOutcome(paper_id, domain, path, "kept" if kept else "evidence-added", kept)


def _commit_note(
    app: App,
    record: PaperRecord,
    domain: str,
    path: Path,
    text: str,
    state: NoteState | None,
    *,
    edited: bool,
    expected: str | None,
) -> str | None:
    """Write a note and remember what was written; returns why it was left alone, if it was.

    :param expected: the hash the file must still have (None: the file does not exist yet).
    """
    if expected is None:
        atomic_write_text(path, text)
    else:
        try:
            _replace_if_unchanged(path, expected, text)
        except NoteChanged as exc:
            return str(exc)
    digest = notes_mod.content_hash(text)
    app.library.save_note_state(
        NoteState(
            record.id,
            domain,
            str(path),
            digest,
            digest,
            edited,
            _front_of(text),
            _offered(state, record),
        )
    )
    return None


def _read_note(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NoteParseError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise NoteParseError(f"{path}: cannot read it ({exc.strerror})") from None


class NoteChanged(PaperprepError):
    """The user saved the note while paperprep was about to update it."""


def _replace_if_unchanged(path: Path, expected_hash: str, text: str) -> None:
    """Write ``text`` unless the user saved the file since we read it (then leave theirs)."""
    if notes_mod.content_hash(_read_note(path)) != expected_hash:
        raise NoteChanged(
            f"{path} changed while paperprep was updating it; left as you saved it",
            hint="run `paperprep sync` to read it in",
        )
    atomic_write_text(path, text)


def sync_note(app: App, paper_id: int, domain: str, *, path: Path | None = None) -> NoteOutcome:
    """Read one note file back into the library (fields; status and tags the user changed)."""
    lib = app.library
    state = lib.note_state(paper_id, domain)
    if path is None:
        if state is None:
            raise NotFound(f"paper {paper_id} has no note in {domain}")
        path = Path(state.path)
    if not path.exists():
        return draft_note(app, paper_id, domain)
    text = _read_note(path)
    digest = notes_mod.content_hash(text)
    if state is not None and digest == state.seen_hash:
        return NoteOutcome(paper_id, domain, path, "unchanged")
    try:
        parsed = notes_mod.parse_note(text)
    except NoteParseError as exc:
        return NoteOutcome(
            paper_id,
            domain,
            path,
            "failed",
            f"{path}: {exc} — fix it and run `paperprep sync` again; the library keeps the "
            "fields it had",
        )
    lib.save_note_fields(paper_id, domain, parsed.fields)
    last_front = state.front if state else {}
    status = parsed.front.get("status")
    if (
        isinstance(status, str)
        and status in STATUSES
        and status != last_front.get("status")
        and status != lib.record(paper_id).status
    ):
        lib.set_status(paper_id, status)
    tags = parsed.front.get("tags")
    if isinstance(tags, list) and tags != last_front.get("tags"):
        lib.set_tags(paper_id, [str(t).strip() for t in tags if str(t).strip()])
    written = state.written_hash if state else None
    lib.save_note_state(
        NoteState(
            paper_id,
            domain,
            str(path),
            written,
            digest,
            (state.user_edited if state else True) or digest != written,
            {"status": parsed.front.get("status"), "tags": parsed.front.get("tags")},
            state.offered if state else [],
        )
    )
    return NoteOutcome(paper_id, domain, path, "synced")


def sync_all(app: App) -> list[NoteOutcome]:
    """``paperprep sync``: read every edited note back; recreate deleted ones from the library."""
    out = []
    for state in app.library.note_states():
        try:
            outcome = sync_note(app, state.paper_id, state.domain)
        except PaperprepError as exc:
            outcome = NoteOutcome(
                state.paper_id, state.domain, Path(state.path), "failed", str(exc)
            )
        out.append(outcome)
    return out


def open_note(
    app: App,
    ref: str,
    *,
    domain: str | None,
    editor: str,
    run: Callable[[list[str]], int] | None = None,
) -> NoteOutcome:
    """``paperprep note``: make sure the note exists, open it in ``editor``, then sync it."""
    paper_id = app.library.resolve(ref)
    record = app.library.record(paper_id)
    name = note_domain(record, domain)
    outcome = draft_note(app, paper_id, name)
    if outcome.action == "failed":
        return outcome
    argv = [*shlex.split(editor), str(outcome.path)]
    runner = run or (lambda cmd: subprocess.call(cmd))
    try:
        code = runner(argv)
    except OSError as exc:
        raise PaperprepError(
            f"cannot start the editor {editor!r} ({exc.strerror})",
            hint="set $VISUAL or $EDITOR to an editor command, e.g. `export EDITOR=nano`",
        ) from None
    if code != 0:
        app.on_event(Event("warn", f"the editor exited with status {code}; syncing anyway"))
    return sync_note(app, paper_id, name)


def note_domain(record: PaperRecord, domain: str | None) -> str:
    if domain is not None:
        return domain
    if record.notes:
        return next(iter(record.notes))
    return record.domains[0].name if record.domains else UNFILED


def refresh_notes(app: App, paper_id: int) -> None:
    """Re-render the paper's notes the user has not touched (touched ones are left alone)."""
    for name in list(app.library.record(paper_id).notes):
        with contextlib.suppress(PaperprepError):
            state = app.library.note_state(paper_id, name)
            if state is not None and not state.user_edited:
                draft_note(app, paper_id, name)


def resolve_editor(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    editor = env.get("VISUAL") or env.get("EDITOR")
    if not editor:
        raise PaperprepError(
            "no editor configured",
            hint="set $VISUAL or $EDITOR (e.g. `export EDITOR=nano`), or open the note file "
            "in Obsidian and run `paperprep sync` afterwards",
        )
    name = "VISUAL" if env.get("VISUAL") else "EDITOR"
    try:
        words = shlex.split(editor)
    except ValueError as exc:
        raise PaperprepError(
            f"cannot read ${name} ({editor!r}): {exc}",
            hint=f"fix its quoting, e.g. `export {name}='code --wait'`",
        ) from None
    if not words:
        raise PaperprepError(
            f"${name} is blank", hint=f"set it to an editor command, e.g. `export {name}=nano`"
        )
    return editor
