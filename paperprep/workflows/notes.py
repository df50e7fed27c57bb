"""Notes on disk: draft, refresh and sync each paper's note without ever losing the user's text.

One note per paper, ``notes/<key>.md``, whatever domains the paper is in. The file is the
user's: paperprep re-renders it only while it is exactly what paperprep last wrote; once the
user has touched it, paperprep only *inserts* new evidence quotes (``notes.add_new_evidence``),
through a compare-and-swap (:mod:`~paperprep.workflows.notefile`) so a save landing meanwhile
wins. Reading a note back never lets damage spread: an empty note, or one whose ``##``
headings are gone, leaves the library's copy of the fields as it was (``damaged``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shlex
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from paperprep import notes as notes_mod
from paperprep.app import App, Event
from paperprep.errors import NoteParseError, NotFound, PaperprepError
from paperprep.library import NoteState
from paperprep.models import FIELD_HEADINGS, STATUSES, PaperRecord
from paperprep.settings import Settings
from paperprep.workflows.notefile import (
    NoteChanged,
    create_note,
    read_note,
    replace_if_unchanged,
)

log = logging.getLogger("paperprep")

#: Where a damaged note is moved before it is re-created (inside the library, outside notes/).
DAMAGED_DIR = Path("backups") / "damaged-notes"


@dataclass
class NoteOutcome:
    paper_id: int
    path: Path
    #: created, updated (untouched draft re-rendered), evidence-added, kept, recreated, synced,
    #: unchanged, failed (could not be read: the library keeps its copy), damaged (empty, or
    #: its headings gone: the library keeps its copy; ``paperprep sync --recreate`` rewrites it)
    action: str
    message: str | None = None
    #: Problems that did not stop the sync (a bad status value, a field heading gone).
    warnings: list[str] = field(default_factory=list)
    #: The paper's first domain (``sync --json`` has always had a ``domain`` key).
    domain: str | None = None


def note_path(settings: Settings, key: str) -> Path:
    """Where a paper's note lives: ``notes/<key>.md`` (a file-system-safe form of the key)."""
    return settings.notes_dir / f"{notes_mod.safe_filename(key)}.md"


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


def _outcome(
    record: PaperRecord, path: Path, action: str, message: str | None = None
) -> NoteOutcome:
    first = record.domains[0].name if record.domains else None
    return NoteOutcome(record.id, path, action, message, domain=first)


def draft_note(app: App, paper_id: int) -> NoteOutcome:
    """Create or refresh a paper's note without ever losing the user's text.

    - no file yet: render it (with any field text the library already holds);
    - the file is exactly what paperprep last wrote: re-render it with the newest evidence and
      the paper's domains;
    - the user touched it (now or ever): read their fields back first, then only *insert*
      evidence quotes the note has never offered; a quote the user deleted is not offered again.
    """
    lib, settings = app.library, app.settings
    record = lib.record(paper_id)
    state = lib.note_state(paper_id)
    path = Path(state.path) if state else note_path(settings, record.key)
    templates = settings.user_templates_dir
    edited = state.user_edited if state else False
    if not path.exists():
        fields = lib.note_fields(paper_id)
        text = notes_mod.render_note(record, fields=fields, user_templates=templates)
        if create_note(path, text):
            _remember(app, record, path, text, state, edited=edited)
            recreated = state is not None and any(v.strip() for v in fields.values())
            return _outcome(record, path, "recreated" if recreated else "created")
        # A file appeared at that path meanwhile (the user, another run): it is theirs.
    current = read_note(path)
    digest = notes_mod.content_hash(current)
    if state is not None and not edited and digest == state.written_hash:
        text = notes_mod.render_note(
            record, fields=lib.note_fields(paper_id), user_templates=templates
        )
        if text == current:
            return _outcome(record, path, "unchanged")
        try:
            replace_if_unchanged(path, digest, text)
        except NoteChanged as exc:
            return _outcome(record, path, "kept", str(exc))
        _remember(app, record, path, text, state, edited=False)
        return _outcome(record, path, "updated")
    # The user's file: take in what they wrote, then add new evidence only as pure inserts.
    outcome = sync_note(app, paper_id, path=path)
    if outcome.action in ("failed", "damaged"):
        return outcome
    state = lib.note_state(paper_id)
    record = lib.record(paper_id)
    addition = notes_mod.add_new_evidence(current, record, offered=state.offered if state else ())
    if addition is None:
        return _outcome(record, path, "kept")
    try:
        replace_if_unchanged(path, digest, addition)
    except NoteChanged as exc:
        return _outcome(record, path, "kept", str(exc))
    _remember(app, record, path, addition, state, edited=True)
    return _outcome(record, path, "evidence-added")


def _remember(
    app: App,
    record: PaperRecord,
    path: Path,
    text: str,
    state: NoteState | None,
    *,
    edited: bool,
) -> None:
    """Record what paperprep just wrote to the note (its hash is how "untouched" is told)."""
    digest = notes_mod.content_hash(text)
    app.library.save_note_state(
        NoteState(
            record.id, str(path), digest, digest, edited, _front_of(text), _offered(state, record)
        )
    )


def sync_note(app: App, paper_id: int, *, path: Path | None = None) -> NoteOutcome:
    """Read a paper's note file back into the library (fields; status and tags the user changed).

    A missing file is re-created from the library. Damage never spreads to the library: an
    empty file or one without any field heading is reported (``damaged``) and the library keeps
    its copy; a single field whose heading is gone keeps its library text, with a warning.
    """
    lib = app.library
    state = lib.note_state(paper_id)
    if path is None:
        if state is None:
            raise NotFound(f"paper {paper_id} has no note yet")
        path = Path(state.path)
    if not path.exists():
        return draft_note(app, paper_id)
    record = lib.record(paper_id)
    text = read_note(path)
    digest = notes_mod.content_hash(text)
    if state is not None and digest == state.seen_hash:
        return _outcome(record, path, "unchanged")
    try:
        parsed = notes_mod.parse_note(text)
    except NoteParseError as exc:
        return _outcome(
            record,
            path,
            "failed",
            f"{path}: {exc} — fix it and run `paperprep sync` again; the library keeps the "
            "fields it had",
        )
    held = {f: t for f, t in lib.note_fields(paper_id).items() if t.strip()}
    if not text.strip() or not parsed.fields:
        what = "is empty" if not text.strip() else "has none of its ## headings"
        kept = (
            f"the library keeps its copy of your {len(held)} filled field(s)"
            if held
            else ("the library had no text of yours for it")
        )
        return _outcome(
            record,
            path,
            "damaged",
            f"{path} {what} (an editor crash, a full disk?); {kept} — "
            "`paperprep sync --recreate` writes the note again from it",
        )
    warnings: list[str] = []
    for name, kept_text in held.items():
        if name not in parsed.fields:
            warnings.append(
                f"{path}: the '## {FIELD_HEADINGS[name]}' heading is gone; the library keeps "
                f"your {len(kept_text)} characters of it (put the heading back to edit them)"
            )
    lib.save_note_fields(paper_id, parsed.fields)
    last_front = state.front if state else {}
    status = parsed.front.get("status")
    if status is not None and (not isinstance(status, str) or status not in STATUSES):
        warnings.append(
            f"{path}: status {status!r} is not one of {', '.join(STATUSES)}; kept {record.status!r}"
        )
    elif isinstance(status, str) and status != last_front.get("status") and status != record.status:
        lib.set_status(paper_id, status)
    tags = parsed.front.get("tags")
    if isinstance(tags, list) and tags != last_front.get("tags"):
        lib.set_tags(paper_id, [str(t).strip() for t in tags if str(t).strip()])
    written = state.written_hash if state else None
    lib.save_note_state(
        NoteState(
            paper_id,
            str(path),
            written,
            digest,
            (state.user_edited if state else True) or digest != written,
            {"status": parsed.front.get("status"), "tags": parsed.front.get("tags")},
            state.offered if state else [],
        )
    )
    out = _outcome(record, path, "synced")
    out.warnings = warnings
    return out


def sync_all(app: App, *, domain: str | None = None) -> list[NoteOutcome]:
    """``paperprep sync``: read every edited note back; re-create deleted ones from the library.

    :param domain: only the notes of this domain's papers (``export`` syncs its domain first).
    """
    out = []
    for state in app.library.note_states(domain):
        try:
            outcome = sync_note(app, state.paper_id)
        except PaperprepError as exc:
            outcome = NoteOutcome(state.paper_id, Path(state.path), "failed", str(exc))
        out.append(outcome)
    return out


def recreate_note(app: App, paper_id: int) -> NoteOutcome:
    """Write a damaged note again from the library's copy of its fields.

    The damaged file is moved to ``backups/damaged-notes/`` first (nothing is deleted).
    """
    lib, settings = app.library, app.settings
    record = lib.record(paper_id)
    state = lib.note_state(paper_id)
    path = Path(state.path) if state else note_path(settings, record.key)
    if path.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = settings.home / DAMAGED_DIR / f"{path.stem}-{stamp}{path.suffix}"
        aside.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, aside)
        message = f"the damaged file is in {aside}"
    else:
        message = None
    outcome = draft_note(app, paper_id)
    outcome.message = message
    return outcome


def open_note(
    app: App,
    ref: str,
    *,
    editor: str,
    run: Callable[[list[str]], int] | None = None,
) -> NoteOutcome:
    """``paperprep note``: make sure the note exists, open it in ``editor``, then sync it."""
    paper_id = app.library.resolve(ref)
    outcome = draft_note(app, paper_id)
    if outcome.action in ("failed", "damaged"):
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
    return sync_note(app, paper_id)


def refresh_notes(app: App, paper_id: int) -> None:
    """Re-render the paper's note if the user has not touched it (a touched one is left alone)."""
    with contextlib.suppress(PaperprepError):
        state = app.library.note_state(paper_id)
        if state is not None and not state.user_edited:
            draft_note(app, paper_id)


def command_words(command: str, variable: str, example: str) -> list[str]:
    """A command line from an environment variable (``$EDITOR``, ``$PAPERPREP_PDF_VIEWER``) as
    its words; bad quoting is one line naming the variable."""
    try:
        return shlex.split(command)
    except ValueError as exc:
        raise PaperprepError(
            f"cannot read ${variable} ({command!r}): {exc}",
            hint=f"fix its quoting, e.g. `export {variable}='{example}'`",
        ) from None


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
    words = command_words(editor, name, "code --wait")
    if not words:
        raise PaperprepError(
            f"${name} is blank", hint=f"set it to an editor command, e.g. `export {name}=nano`"
        )
    return editor
