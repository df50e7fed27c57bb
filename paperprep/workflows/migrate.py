"""From one note per paper *and* domain to one note per paper, losing nothing the user wrote.

Libraries made before this layout have ``notes/<domain>/<key>.md`` and the per-domain rows
``legacy_notes``/``legacy_note_fields`` (migration ``m010``). :func:`merge_legacy_notes` runs
once, the first time such a library is opened:

1. The whole ``notes/`` folder is copied to ``backups/notes-per-domain/`` (kept until the user
   removes it).
2. Per paper, its notes become ``notes/<key>.md``: notes nobody touched are drafted again in the
   new layout; a single touched note moves as it is, byte for byte; several touched notes are
   combined field by field (:func:`paperprep.notes.combine.combine_notes`: every text kept,
   differing ones marked with their domain, drafts once). A touched note whose front matter
   cannot be read is not combined but kept beside it as ``notes/<key>.<domain>.md``, with a
   warning. A note whose file is gone contributes the library's copy of its fields.
3. The per-domain files that were merged are removed from ``notes/`` (the backup has them), and
   the per-domain rows dropped.

All database changes happen in one transaction, which also keeps a second paperprep process
from migrating at the same time. A run killed half-way leaves the old rows in place; the next
run reads each note from ``notes/`` or, where it was already removed, from the backup, and a
new note already written is recognised (texts it already holds are not written twice).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from paperprep import notes as notes_mod
from paperprep.app import App
from paperprep.errors import NoteParseError
from paperprep.library import NoteState
from paperprep.library.notes import LegacyNote
from paperprep.migrations import relative_to_library
from paperprep.models import PaperRecord
from paperprep.notes.combine import NoteSource, combine_notes
from paperprep.workflows.notefile import create_note, read_note, replace_if_unchanged
from paperprep.workflows.notes import note_path

#: Where the per-domain notes folder is copied before the merge (inside the library).
BACKUP_DIR = Path("backups") / "notes-per-domain"


@dataclass
class MigrationReport:
    """What the merge did (the CLI prints a line of it)."""

    papers: int = 0
    #: per-domain notes read
    notes: int = 0
    #: papers whose notes were combined from several touched notes
    combined: int = 0
    backup: Path | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Source:
    legacy: LegacyNote
    #: where the note is now (notes/<domain>/<key>.md), or None when it is gone
    path: Path | None
    text: str | None
    touched: bool
    error: str | None = None


def merge_legacy_notes(app: App) -> MigrationReport:
    """Merge every per-domain note into one note per paper (see the module doc)."""
    lib, settings = app.library, app.settings
    report = MigrationReport()
    with lib.transaction():
        if not lib.has_legacy_notes():  # another process did it while we waited
            return report
        legacy = lib.legacy_notes()
        report.backup = _backup(settings.notes_dir, settings.home / BACKUP_DIR)
        done: list[Path] = []
        for paper_id, notes in legacy.items():
            done += _merge_paper(app, lib.record(paper_id), notes, report.backup, report)
            lib.forget_legacy_notes(paper_id)
            report.papers += 1
            report.notes += len(notes)
        lib.drop_legacy_notes()
    for folder in sorted({p.parent for p in done}, reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty: attachments and the user's files stay
    return report


def _backup(notes_dir: Path, backup: Path) -> Path:
    if backup.exists() or not notes_dir.is_dir():
        return backup
    staging = backup.with_name(backup.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(notes_dir, staging, symlinks=True)
    os.replace(staging, backup)  # complete or absent: never half a backup
    return backup


def _source(app: App, note: LegacyNote, backup: Path) -> _Source:
    home = app.settings.home
    rel = relative_to_library(note.path, "notes") or note.path
    here = home / rel if not Path(rel).is_absolute() else Path(rel)
    saved = backup / Path(rel).relative_to("notes") if rel.startswith("notes/") else None
    path = here if here.is_file() else None
    text: str | None = None
    error: str | None = None
    for candidate in (here, saved):
        if candidate is not None and candidate.is_file():
            try:
                text = read_note(candidate)
            except NoteParseError as exc:
                error = str(exc)
            break
    if text is None:
        touched = error is not None or any(t.strip() for t in note.fields.values())
        return _Source(note, path, None, touched, error)
    digest = notes_mod.content_hash(text)
    touched = note.user_edited or digest != note.written_hash
    if touched:
        try:
            notes_mod.parse_note(text)
        except NoteParseError as exc:
            error = str(exc)
    return _Source(note, path, text, touched, error)


def _merge_paper(
    app: App, record: PaperRecord, notes: list[LegacyNote], backup: Path, report: MigrationReport
) -> list[Path]:
    """Write the paper's one note and its rows; returns the per-domain files it replaced."""
    lib, settings = app.library, app.settings
    sources = [_source(app, n, backup) for n in notes]
    target = note_path(settings, record.key)
    touched = [s for s in sources if s.touched]
    combinable = touched
    if len(touched) > 1:
        combinable = []
        for s in touched:
            if s.error is None:
                combinable.append(s)
            elif s.text is not None:
                _keep_apart(s, target, report)
            else:  # unreadable (not UTF-8, no permission): its library copy joins the note
                combinable.append(_Source(s.legacy, None, None, True))
                report.warnings.append(f"{s.path}: {s.error}; left where it is")
    text, written, edited = _desired(record, combinable, settings.user_templates_dir)
    if len(combinable) > 1:
        report.combined += 1
    existing = read_note(target) if target.is_file() else None
    if existing is None:
        create_note(target, text)
    elif existing != text:
        # notes/<key>.md is there already: the user's own file, or a run that was cut short.
        if not combinable:
            text, written, edited = existing, None, True  # nothing to add to it: keep it
        else:
            parts = [*_parts(combinable), NoteSource(target.name, existing)]
            text = combine_notes(record, parts)
            written, edited = notes_mod.content_hash(text), True
            replace_if_unchanged(target, notes_mod.content_hash(existing), text)
    digest = notes_mod.content_hash(text)
    try:
        parsed = notes_mod.parse_note(text)
    except NoteParseError:  # a single touched note moved as it is; sync will report it
        fields = next((s.legacy.fields for s in combinable), {})
        front: dict[str, object] = {}
    else:
        fields = parsed.fields
        front = {"status": parsed.front.get("status"), "tags": parsed.front.get("tags")}
    offered = list(dict.fromkeys(q for s in sources for q in s.legacy.offered))
    lib.save_note_state(
        NoteState(record.id, str(target), written or digest, digest, edited, front, offered)
    )
    lib.save_note_fields(record.id, fields)
    replaced: list[Path] = []
    for s in sources:
        if s.path is None or s.text is None or s.path == target:
            continue  # gone already, or unreadable: an unreadable file is left where it is
        with contextlib.suppress(OSError, NoteParseError):
            if read_note(s.path) == s.text:  # unchanged since it was read: its text is kept
                s.path.unlink()
                replaced.append(s.path)
    return replaced


def _parts(sources: list[_Source]) -> list[NoteSource]:
    return [NoteSource(s.legacy.domain, s.text, s.legacy.fields) for s in sources]


def _desired(
    record: PaperRecord, sources: list[_Source], templates: Path
) -> tuple[str, str | None, bool]:
    """The paper's one note: (text, the hash paperprep counts as its own, touched by the user)."""
    if not sources:  # nobody wrote in any of its notes: a fresh draft in the new layout
        text = notes_mod.render_note(record, user_templates=templates)
        return text, notes_mod.content_hash(text), False
    if len(sources) == 1 and sources[0].text is not None:
        # One touched note: it moves as it is, byte for byte (still the user's file).
        return sources[0].text, sources[0].legacy.written_hash, True
    if len(sources) == 1:  # the file is gone: what the library holds of it
        text = notes_mod.render_note(
            record, fields=sources[0].legacy.fields, user_templates=templates
        )
        return text, notes_mod.content_hash(text), True
    text = combine_notes(record, _parts(sources))
    return text, notes_mod.content_hash(text), True


def _keep_apart(source: _Source, target: Path, report: MigrationReport) -> None:
    """A touched note that cannot be read is not combined: it is kept beside the new note."""
    assert source.text is not None
    side = target.with_name(f"{target.stem}.{notes_mod.safe_filename(source.legacy.domain)}.md")
    if create_note(side, source.text) or read_note(side) == source.text:
        report.warnings.append(
            f"{source.path}: could not be combined ({source.error}); kept as {side} — copy "
            f"what you need into {target.name}, then delete it"
        )
    else:  # pragma: no cover - a different file of that name already there
        report.warnings.append(f"{source.path}: could not be combined ({source.error})")
        source.path = None  # so it is not removed
