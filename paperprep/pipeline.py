"""Workflows: the steps behind each command, on top of the library, notes and extraction.

This is paperprep's ``run()`` layer (see STYLE.md): no prompts, no printing. Progress and problems
are reported through an ``on_event`` callback that the CLI renders.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shlex
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from paperprep import notes as notes_mod
from paperprep.app import App, Event
from paperprep.errors import NoteParseError, NotFound, PaperprepError
from paperprep.files import (
    atomic_copy,
    atomic_write_bytes,
    atomic_write_text,
    sha256_file,
)
from paperprep.ids import normalize_arxiv, normalize_doi
from paperprep.library import NoteState
from paperprep.models import STATUSES, Domain, Extraction, Paper, PaperRecord
from paperprep.settings import Settings

log = logging.getLogger("paperprep")

#: Notes of papers added without ``--domain`` live under ``notes/unfiled/``.
UNFILED = "unfiled"


# -- notes ---------------------------------------------------------------------------------------


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
    name = _note_domain(record, domain)
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


def _note_domain(record: PaperRecord, domain: str | None) -> str:
    if domain is not None:
        return domain
    if record.notes:
        return next(iter(record.notes))
    return record.domains[0].name if record.domains else UNFILED


# -- add -----------------------------------------------------------------------------------------


@dataclass
class AddOutcome:
    item: str
    #: added, exists, updated, failed
    status: str
    paper_id: int | None = None
    key: str | None = None
    title: str | None = None
    error: str | None = None
    note: Path | None = None


@dataclass
class AddReport:
    outcomes: list[AddOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[AddOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


_ARXIV_ITEM = re.compile(
    r"^(?:arxiv:|https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/)?\d{4}\.\d{4,5}(?:v\d+)?(?:\.pdf)?$",
    re.I,
)


def classify_item(item: str) -> str:
    """``pdf`` (a local file), ``arxiv``, ``doi`` or ``missing``."""
    path = Path(item).expanduser()
    if path.exists():
        return "pdf"
    if _ARXIV_ITEM.match(item.strip()) or item.lower().startswith("arxiv:"):
        return "arxiv"
    if normalize_doi(item):
        return "doi"
    return "missing"


def _title_from_filename(path: Path) -> str:
    stem = re.sub(r"[_\-]+", " ", path.stem).strip()
    return stem[:1].upper() + stem[1:] if stem else path.name


def add_items(
    app: App,
    items: Sequence[str],
    *,
    domain: str | None = None,
    engine: str | None = None,
) -> AddReport:
    """``paperprep add``: local PDFs (no network needed), arXiv ids/URLs and DOIs.

    Each item succeeds or fails on its own; the report says which and why.
    """
    report = AddReport()
    domain_name = app.domain(domain).name if domain else None
    pdfs: list[tuple[str, Path, str]] = []
    remote: list[tuple[str, str]] = []
    for item in items:
        kind = classify_item(item)
        if kind == "missing":
            report.outcomes.append(
                AddOutcome(
                    item, "failed", error=f"{item}: no such file, and not an arXiv id or DOI"
                )
            )
        elif kind == "pdf":
            path = Path(item).expanduser().resolve()
            problem = _precheck(path)
            if problem:
                report.outcomes.append(AddOutcome(item, "failed", error=f"{item}: {problem}"))
            else:
                pdfs.append((item, path, sha256_file(path)))
        else:
            remote.append((item, kind))
    if pdfs:
        report.outcomes.extend(_add_pdfs(app, pdfs, domain_name, engine or app.settings.engine))
    if remote:
        report.outcomes.extend(_add_remote(app, remote, domain_name, engine))
    return report


def _precheck(path: Path) -> str | None:
    if path.is_dir():
        return "is a folder; give the PDF files in it (e.g. folder/*.pdf)"
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        return f"cannot read it ({exc.strerror})"
    if size == 0:
        return "empty file (0 bytes)"
    if b"%PDF-" not in head:
        start = head[:20].decode("latin-1").strip().replace("\n", " ")
        if start.lower().startswith(("<!doctype html", "<html")):
            return "not a PDF: it is an HTML page (a login or paywall page saved as .pdf?)"
        return f"not a PDF: starts with {start[:15]!r}"
    return None


def _add_pdfs(
    app: App,
    pdfs: list[tuple[str, Path, str]],
    domain: str | None,
    engine: str,
) -> list[AddOutcome]:
    from paperprep.extract import extract_files

    lib = app.library
    out: list[AddOutcome] = []
    todo: dict[Path, tuple[str, str]] = {}
    seen: set[str] = set()
    for item, path, sha in pdfs:
        existing = lib.paper_by_sha256(sha)
        pdf = lib.pdf(existing) if existing is not None else None
        if sha in seen or (existing is not None and pdf is not None and pdf.status == "ok"):
            pid = existing if existing is not None else None
            if pid is None:
                continue  # the same file twice on one command line
            out.append(_finish_existing(app, item, pid, domain))
            continue
        seen.add(sha)
        todo[path] = (item, sha)
    if not todo:
        return out
    settings = app.settings
    app.on_event(Event("stage", "extracting", stage="extract", total=len(todo)))
    results = extract_files(
        list(todo),
        engine=engine,
        max_pages=settings.max_pages,
        workers=settings.workers,
        timeout=settings.extract_timeout,
    )
    for result in results:
        item, sha = todo[result.path]
        app.on_event(Event("progress", "extracted", item, stage="extract"))
        try:
            out.append(
                store_pdf(app, item, result.path, sha, result.extraction, result.error, domain)
            )
        except PaperprepError as exc:
            out.append(AddOutcome(item, "failed", error=f"{item}: {exc}"))
    return out


def _finish_existing(app: App, item: str, paper_id: int, domain: str | None) -> AddOutcome:
    lib = app.library
    if domain:
        lib.link_domain(paper_id, domain)
    note = draft_note(app, paper_id, domain or _note_domain(lib.record(paper_id), None))
    record = lib.record(paper_id)
    return AddOutcome(item, "exists", paper_id, record.key, record.title, note=note.path)


def store_pdf(
    app: App,
    item: str,
    path: Path,
    sha: str,
    extraction: Extraction | None,
    error: str | None,
    domain: str | None,
) -> AddOutcome:
    lib, settings = app.library, app.settings
    existing = lib.paper_by_sha256(sha)
    if extraction is not None:
        meta = extraction.meta
        paper = Paper(
            title=meta.title or _title_from_filename(path),
            authors=meta.authors,
            year=meta.year,
            doi=meta.doi,
            arxiv_id=meta.arxiv_id,
            abstract=meta.abstract,
            sources=["pdf"],
        )
    else:
        paper = Paper(title=_title_from_filename(path), sources=["pdf"])
    if existing is not None:
        paper_id, created = existing, False
    else:
        paper_id, created = lib.upsert_paper(paper)
    record = lib.record(paper_id)
    current = lib.pdf(paper_id)
    if current is not None and current.status == "ok" and current.sha256 != sha:
        # Another file of the same work (e.g. arXiv v1 and v2): keep the one we have.
        app.on_event(
            Event("info", f"same paper as {record.key}; kept the PDF already stored", item)
        )
        return _finish_existing(app, item, paper_id, domain)
    dest = settings.pdf_dir / f"{notes_mod.safe_filename(record.key)}.pdf"
    if not dest.exists() or sha256_file(dest) != sha:
        atomic_copy(path, dest)
    lib.set_pdf(
        paper_id,
        path=str(dest),
        sha256=sha,
        size=dest.stat().st_size,
        status="ok" if extraction is not None else "failed",
        pages=len(extraction.pages) if extraction else None,
        engine=extraction.engine if extraction else None,
        error=error,
    )
    if extraction is not None:
        lib.store_extraction(paper_id, extraction)
        for warning in extraction.warnings:
            log.info("%s: %s", item, warning)
            if warning.startswith("read the first "):
                # Pages past the cap are not in search or evidence: the user must know.
                app.on_event(Event("warn", f"{warning} (the page cap, max_pages)", item))
    if domain:
        lib.link_domain(paper_id, domain)
    note = draft_note(app, paper_id, domain or _note_domain(lib.record(paper_id), None))
    record = lib.record(paper_id)
    if extraction is None:
        return AddOutcome(
            item,
            "failed",
            paper_id,
            record.key,
            record.title,
            error=f"{item}: {error}",
            note=note.path,
        )
    return AddOutcome(
        item, "added" if created else "updated", paper_id, record.key, record.title, note=note.path
    )


def _add_remote(
    app: App, items: list[tuple[str, str]], domain: str | None, engine: str | None
) -> list[AddOutcome]:
    from paperprep.fetch import add_remote

    return add_remote(app, items, domain, engine=engine)


# -- small commands ------------------------------------------------------------------------------


def edit_metadata(app: App, ref: str, changes: dict[str, object]) -> PaperRecord:
    """``paperprep edit``: fix metadata; refresh untouched notes so they show the fix."""
    lib = app.library
    paper_id = lib.resolve(ref)
    if not changes:
        raise PaperprepError(
            "nothing to change", hint="give --title, --authors, --year, --venue, --doi or --arxiv"
        )
    lib.edit(paper_id, changes)
    _refresh_notes(app, paper_id)
    return lib.record(paper_id)


def set_status(app: App, ref: str, status: str) -> PaperRecord:
    lib = app.library
    paper_id = lib.resolve(ref)
    lib.set_status(paper_id, status)
    _refresh_notes(app, paper_id)
    return lib.record(paper_id)


def change_tags(app: App, ref: str, changes: Iterable[str]) -> PaperRecord:
    """``paperprep tag PAPER +t -t`` (a bare ``t`` adds)."""
    add: list[str] = []
    remove: list[str] = []
    for change in changes:
        text = change.strip()
        name = text[1:].strip() if text[:1] in "+-" else text
        if not name or any(c.isspace() for c in name):
            raise PaperprepError(f"bad tag {change!r}: tags are single words like +must-read")
        (remove if text.startswith("-") else add).append(name)
    lib = app.library
    paper_id = lib.resolve(ref)
    lib.update_tags(paper_id, add, remove)
    _refresh_notes(app, paper_id)
    return lib.record(paper_id)


def _refresh_notes(app: App, paper_id: int) -> None:
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
    return editor


def normalize_ref(ref: str) -> str:
    """Accept ``arXiv:1606.07792v2`` and DOI URLs as well as ids and keys."""
    return normalize_arxiv(ref) or normalize_doi(ref) or ref


# -- export --------------------------------------------------------------------------------------

EXPORT_FORMATS = {"md": "md", "html": "html", "bibtex": "bib", "anki": "apkg"}


def render_export(app: App, domain_name: str, fmt: str) -> tuple[Domain, bytes]:
    """The domain brief (md/html) or a study output (bibtex/anki) of the domain's papers."""
    import datetime as dt

    from paperprep import brief

    if fmt not in EXPORT_FORMATS:
        raise PaperprepError(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    domain = app.domain(domain_name)
    # Notes edited since the last sync count: read them in first.
    for state in app.library.note_states(domain.name):
        with contextlib.suppress(PaperprepError):
            sync_note(app, state.paper_id, state.domain)
    records = app.library.domain_records(domain.name)
    if fmt in ("md", "html"):
        generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        text = brief.render_brief(
            domain,
            records,
            "md" if fmt == "md" else "html",
            user_templates=app.settings.user_templates_dir,
            generated=generated,
        )
        return domain, text.encode("utf-8")
    if fmt == "bibtex":
        return domain, brief.to_bibtex(records).encode("utf-8")
    return domain, brief.to_anki(domain, records)


def export_path(app: App, domain: Domain, fmt: str) -> Path:
    suffix = EXPORT_FORMATS[fmt]
    name = f"{domain.name}-brief.{suffix}" if fmt in ("md", "html") else f"{domain.name}.{suffix}"
    return app.settings.exports_dir / name


def write_export(path: Path, data: bytes) -> Path:
    atomic_write_bytes(path, data)
    return path
