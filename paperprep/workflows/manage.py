"""Managing the library: remove papers (``rm``), open a PDF (``open``), change a key
(``edit --key``).

Both writes are crash-safe and re-runnable. ``rm`` deletes every row of the papers in one
transaction, which also *stages* their files (the PDF, an untouched note) for deletion; the
files go after the commit (:meth:`~paperprep.app.App.finish_removals`), and a crash in between
is finished by the next command. ``edit --key`` hard-links each key-named file to its new name
first (the new names are staged, so a crash there leaves nothing behind either), then changes
the key and the stored paths in one transaction that stages the old names, then deletes them.
At every moment the library's paths name files that exist.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from paperprep import notes as notes_mod
from paperprep.app import App, Event
from paperprep.errors import NoteParseError, NotFound, PaperprepError
from paperprep.files import atomic_copy, sha256_file
from paperprep.library import StagedFile, check_key
from paperprep.notes.rekey import rekey_front_matter
from paperprep.workflows.notefile import NoteChanged, read_note, replace_if_unchanged
from paperprep.workflows.notes import command_words, draft_note, note_path, sync_note

#: The environment variable naming the PDF viewer command (``{path}``/``{page}`` placeholders).
VIEWER_ENV = "PAPERPREP_PDF_VIEWER"


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is in ``folder`` (paperprep deletes and renames only its own files)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _untouched(app: App, paper_id: int, path: Path) -> bool:
    """The note is exactly what paperprep last wrote and the user never touched it."""
    state = app.library.note_state(paper_id)
    if state is None or state.user_edited or state.written_hash is None:
        return False
    try:
        return notes_mod.content_hash(read_note(path)) == state.written_hash
    except NoteParseError:
        return False


# -- rm ------------------------------------------------------------------------------------------


@dataclass
class Removal:
    """One paper ``rm`` removes (or, before the confirmation, would remove)."""

    paper_id: int
    key: str
    title: str
    #: The PDF file deleted with it (None: none, or kept because it is outside the library).
    pdf: Path | None
    #: The paper's note file, if there is one.
    note: Path | None
    #: What happens to the note: "removed" (untouched, or --notes), "kept" (you edited it),
    #: "none" (no note file).
    note_action: str


def plan_removals(app: App, refs: Sequence[str], *, notes: bool = False) -> list[Removal]:
    """What ``rm`` would remove, paper by paper; an unknown reference fails before anything."""
    lib, settings = app.library, app.settings
    ids = list(dict.fromkeys(lib.resolve(ref) for ref in refs))
    plans = []
    for paper_id in ids:
        record = lib.record(paper_id)
        pdf = Path(record.pdf.path) if record.pdf and record.pdf.path else None
        if pdf is not None and not (pdf.is_file() and _inside(pdf, settings.pdf_dir)):
            pdf = None
        state = lib.note_state(paper_id)
        note = Path(state.path) if state else note_path(settings, record.key)
        if not note.is_file():
            action, note_file = "none", None
        else:
            note_file = note
            ours = _inside(note, settings.notes_dir)
            removable = ours and (notes or _untouched(app, paper_id, note))
            action = "removed" if removable else "kept"
        plans.append(Removal(paper_id, record.key, record.title, pdf, note_file, action))
    return plans


def remove_papers(
    app: App,
    refs: Sequence[str],
    *,
    notes: bool = False,
    confirm: Callable[[list[Removal]], bool] | None = None,
) -> list[Removal]:
    """``paperprep rm``: remove the papers, their rows and their files.

    :param notes: remove the notes the user edited too (an untouched note always goes).
    :param confirm: asked with the plan before anything changes; False removes nothing.
    :returns: what was removed (empty when not confirmed).
    """
    app.finish_removals()
    plans = plan_removals(app, refs, notes=notes)
    if confirm is not None and not confirm(plans):
        return []
    for p in plans:
        # Saved while the question waited: no longer paperprep's untouched draft.
        draft = p.note is not None and p.note_action == "removed" and not notes
        if draft and p.note is not None and not _untouched(app, p.paper_id, p.note):
            p.note_action = "kept"
    files = [
        StagedFile(str(path), sha256_file(path), f"rm {p.key}")
        for p in plans
        for path in (p.pdf, p.note if p.note_action == "removed" else None)
        if path is not None
    ]
    app.library.delete_papers([p.paper_id for p in plans], files)
    for kept in app.finish_removals():
        # Saved in the editor between the plan and the deletion: the user's file stays.
        for p in plans:
            if p.note is not None and str(p.note) == kept:
                p.note_action = "kept"
    return plans


# -- open ----------------------------------------------------------------------------------------


@dataclass
class Opened:
    """The PDF ``open`` showed (or, with ``--print``, only found)."""

    key: str
    path: Path
    #: The command started (None with --print, or os.startfile on Windows).
    command: list[str] | None
    #: Why --page could not be passed to the viewer (None: it was, or no --page).
    page_note: str | None = None


def pdf_file(app: App, ref: str, page: int | None = None) -> tuple[str, Path]:
    """The paper's key and PDF file; a clear error when it has none (or not that page)."""
    lib = app.library
    record = lib.record(lib.resolve(ref))
    pdf = record.pdf
    get = f"`paperprep add {record.arxiv_id}` downloads it, or " if record.arxiv_id else ""
    hint = (
        f"{get}`paperprep add FILE.pdf` adds your copy (it joins {record.key} when its title, "
        "DOI or arXiv id match)"
    )
    if pdf is None or not pdf.path:
        raise NotFound(f"{record.key} has no PDF", hint=hint)
    path = Path(pdf.path)
    if not path.is_file():
        raise NotFound(f"{record.key}'s PDF {path} is gone (moved or deleted)", hint=hint)
    if page is not None and pdf.pages and page > pdf.pages:
        raise PaperprepError(
            f"{record.key} has {pdf.pages} page{'s' if pdf.pages != 1 else ''}; "
            f"there is no page {page}",
            hint="it has only the one page"
            if pdf.pages == 1
            else f"pages go from 1 to {pdf.pages}",
        )
    return record.key, path


#: Viewers that take a page on the command line, by the name in their desktop file id.
_PAGE_ARGS = {
    "evince": ["evince", "-i", "{page}", "{path}"],
    "okular": ["okular", "-p", "{page}", "{path}"],
    "zathura": ["zathura", "-P", "{page}", "{path}"],
    "atril": ["atril", "-i", "{page}", "{path}"],
    "qpdfview": ["qpdfview", "{path}#{page}"],
    "firefox": ["firefox", "{url}"],
    "chromium": ["chromium", "{url}"],
    "google-chrome": ["google-chrome", "{url}"],
}


def _default_pdf_app() -> str | None:
    """The desktop id of the default PDF application (``xdg-mime``), or None."""
    if shutil.which("xdg-mime") is None:
        return None
    try:
        found = subprocess.run(
            ["xdg-mime", "query", "default", "application/pdf"],
            capture_output=True,
            text=True,
            timeout=3,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip() or None


def _fill(words: Sequence[str], path: Path, page: int | None) -> list[str]:
    values = {"path": str(path), "page": str(page or 1), "url": path.resolve().as_uri()}
    if page:
        values["url"] += f"#page={page}"
    return [w.format_map(values) for w in words]


def viewer_command(
    path: Path,
    page: int | None,
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    default_app: Callable[[], str | None] = _default_pdf_app,
) -> tuple[list[str] | None, str | None]:
    """The command that shows ``path`` (at ``page``), and why the page is not passed if not.

    ``$PAPERPREP_PDF_VIEWER`` wins (``{path}`` and ``{page}`` are filled in; without ``{path}``
    the path is appended). Else ``open`` on macOS, ``os.startfile`` on Windows (command None),
    ``xdg-open`` elsewhere; with ``--page`` on Linux, the default PDF application is started
    directly when it is one known to take a page (evince, okular, zathura, a browser).
    """
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    template = env.get(VIEWER_ENV, "").strip()
    if template:
        words = command_words(template, VIEWER_ENV, "zathura -P {page} {path}")
        if not any("{path}" in w or "{url}" in w for w in words):
            words.append("{path}")
        note = None
        if page and not any("{page}" in w or "{url}" in w for w in words):
            note = f"${VIEWER_ENV} has no {{page}}: opened at the first page"
        try:
            return _fill(words, path, page), note
        except (KeyError, IndexError, ValueError) as exc:
            raise PaperprepError(
                f"${VIEWER_ENV} has an unknown placeholder ({exc})",
                hint="use {path} and {page}, e.g. 'evince -i {page} {path}'",
            ) from None
    cannot = (
        "the system viewer cannot be told a page: opened at the first page (set "
        f"{VIEWER_ENV}, e.g. 'evince -i {{page}} {{path}}', to open at a page)"
    )
    if system == "win32":
        return None, cannot if page else None
    if system == "darwin":
        return ["open", str(path)], cannot if page else None
    if page:
        desktop = (default_app() or "").lower()
        for name, words in _PAGE_ARGS.items():
            if name in desktop and shutil.which(words[0]):
                return _fill(words, path, page), None
    return ["xdg-open", str(path)], cannot if page else None


def _spawn(argv: list[str]) -> None:
    """Start the viewer detached: its own session, no terminal I/O, never waited for."""
    subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )


def open_pdf(
    app: App,
    ref: str,
    *,
    page: int | None = None,
    print_only: bool = False,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    spawn: Callable[[list[str]], None] = _spawn,
    default_app: Callable[[], str | None] = _default_pdf_app,
) -> Opened:
    """``paperprep open``: show the paper's PDF in the viewer, without waiting for it."""
    key, path = pdf_file(app, ref, page)
    if print_only:
        return Opened(key, path, None)
    command, note = viewer_command(
        path, page, environ=environ, platform=platform, default_app=default_app
    )
    hint = (
        f"set {VIEWER_ENV} to a PDF viewer command (e.g. 'evince {{path}}'), or use "
        "`paperprep open PAPER --print` for the path"
    )
    if command is None:
        try:
            os.startfile(path)  # type: ignore[attr-defined]  # Windows only
        except OSError as exc:
            raise PaperprepError(f"cannot open {path}: {exc.strerror or exc}", hint=hint) from None
        return Opened(key, path, None, note)
    if shutil.which(command[0]) is None:
        raise PaperprepError(f"cannot start the PDF viewer {command[0]!r}: not found", hint=hint)
    try:
        spawn(command)
    except OSError as exc:
        raise PaperprepError(
            f"cannot start the PDF viewer {command[0]!r} ({exc.strerror or exc})", hint=hint
        ) from None
    return Opened(key, path, command, note)


# -- edit --key ----------------------------------------------------------------------------------


@dataclass
class Rekeyed:
    paper_id: int
    old: str
    new: str
    #: The files renamed (old path, new path).
    renamed: list[tuple[Path, Path]]
    #: False when the paper had that key already (a re-run finishes what a crash left).
    changed: bool


def _same_file(a: Path, b: Path) -> bool:
    with contextlib.suppress(OSError):
        return a.samefile(b) or sha256_file(a) == sha256_file(b)
    return False


def _case_alias(src: Path, dst: Path) -> bool:
    """``dst`` is ``src`` under another spelling on a case-insensitive file system."""
    if src.name.lower() != dst.name.lower():
        return False
    with contextlib.suppress(OSError):
        return src.samefile(dst) and src.stat().st_nlink == 1
    return False


def _link(src: Path, dst: Path) -> None:
    """``dst`` becomes a second name of ``src`` (a complete copy where links are refused)."""
    if dst.exists():
        return  # checked by the caller: the same content (a re-run)
    try:
        os.link(src, dst)
    except FileExistsError:
        pass
    except OSError:
        atomic_copy(src, dst)


def _moves(app: App, paper_id: int, old: str, new: str) -> list[tuple[Path, Path]]:
    """The key-named files to rename (note, PDF): (from, to)."""
    lib, settings = app.library, app.settings
    moves: list[tuple[Path, Path]] = []
    state = lib.note_state(paper_id)
    if state is not None:
        src = Path(state.path)
        if src == note_path(settings, old) and src.is_file():
            moves.append((src, note_path(settings, new)))
    pdf = lib.pdf(paper_id)
    if pdf is not None and pdf.path:
        src = Path(pdf.path)
        named = settings.pdf_dir / f"{notes_mod.safe_filename(old)}.pdf"
        if src == named and src.is_file():
            moves.append((src, settings.pdf_dir / f"{notes_mod.safe_filename(new)}.pdf"))
    return moves


def change_key(app: App, ref: str, new_key: str) -> Rekeyed:
    """``paperprep edit PAPER --key NEWKEY``: the new key everywhere, pinned.

    The note file and a key-named PDF are renamed, the key and the stored paths change in one
    transaction, the note's front matter says the new key (an untouched note is re-rendered; in
    one the user edited only the ``key:`` line and an old key in ``aliases`` change). The old
    key still finds the paper. Safe to run again after a crash at any step.
    """
    lib = app.library
    app.finish_removals()
    paper_id = lib.resolve(ref)
    new = check_key(new_key)
    record = lib.record(paper_id)
    old = record.key
    owner = lib.key_owner(new)
    if owner is not None and owner[0] != paper_id:
        raise PaperprepError(
            f"the key {new!r} is taken by another paper ({owner[1]})",
            hint=f"choose another, e.g. {lib.free_key(new)}",
        )
    moves = _moves(app, paper_id, old, new) if old != new else []
    renamed: list[tuple[Path, Path]] = []
    for src, dst in moves:
        if dst.exists() and not _same_file(src, dst) and src != dst:
            raise PaperprepError(
                f"{dst} already exists and is not {old}'s file",
                hint="move that file away, or choose another key",
            )
    moves = [(s, d) for s, d in moves if s != d]  # a file-system-safe name may not change
    for src, dst in list(moves):
        if _case_alias(src, dst):
            # A case-insensitive file system (macOS, Windows): one file, both names. A rename
            # is atomic there, and the stored path finds the file under either spelling.
            os.rename(src, dst)
            moves.remove((src, dst))
            renamed.append((src, dst))
    if old != new:
        # Should anything below not finish, the new names go again (the next command).
        why = f"edit --key {new}"
        lib.stage_removals(StagedFile(str(d), sha256_file(s), why) for s, d in moves)
        for src, dst in moves:
            _link(src, dst)
        everything = [*renamed, *moves]
        note_to = next((d for s, d in everything if s.suffix == ".md"), None)
        pdf_to = next((d for s, d in everything if s.suffix == ".pdf"), None)
        try:
            lib.change_key(
                paper_id,
                new,
                note_path=str(note_to) if note_to else None,
                pdf_path=str(pdf_to) if pdf_to else None,
                stage=[StagedFile(str(s), sha256_file(d), why) for s, d in moves],
                unstage=[str(d) for _, d in moves],
            )
        finally:
            # The old names after the commit, the new ones after a failure.
            for kept in app.finish_removals():
                app.on_event(
                    Event("warn", f"kept {kept}: it changed meanwhile; check it, then remove it")
                )
    else:
        lib.change_key(paper_id, new, note_path=None, pdf_path=None)
    _rekey_note(app, paper_id, new, [old, *lib.previous_keys(paper_id)])
    return Rekeyed(paper_id, old, new, [*renamed, *moves], old != new)


def _rekey_note(app: App, paper_id: int, new: str, old: list[str]) -> None:
    """Make the note's front matter say the new key, never losing a character of the user's."""
    state = app.library.note_state(paper_id)
    if state is None or not Path(state.path).is_file():
        return
    path = Path(state.path)
    if _untouched(app, paper_id, path):
        draft_note(app, paper_id)  # paperprep's own draft: rendered again with the new key
        return
    text = read_note(path)
    fixed = rekey_front_matter(text, new, old)
    if fixed == text:
        return
    try:
        replace_if_unchanged(path, notes_mod.content_hash(text), fixed)
    except NoteChanged:
        return  # saved in the editor just now: the user's version stays, as saved
    sync_note(app, paper_id)
