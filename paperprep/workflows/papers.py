"""Managing papers: fix metadata (and the key), reading status, tags."""

from __future__ import annotations

from collections.abc import Iterable

from paperprep.app import App
from paperprep.errors import PaperprepError
from paperprep.ids import normalize_arxiv, normalize_doi
from paperprep.models import PaperRecord
from paperprep.workflows.manage import Rekeyed, change_key
from paperprep.workflows.notes import refresh_notes


def edit_metadata(app: App, ref: str, changes: dict[str, object]) -> PaperRecord:
    """``paperprep edit``: fix metadata; refresh untouched notes so they show the fix."""
    return edit_paper(app, ref, changes)[0]


def edit_paper(
    app: App, ref: str, changes: dict[str, object], *, key: str | None = None
) -> tuple[PaperRecord, Rekeyed | None]:
    """``paperprep edit [--key K] [--title …]``: a new key first (nothing changes when it is
    refused), then the metadata fixes; untouched notes are refreshed to show them."""
    lib = app.library
    paper_id = lib.resolve(ref)
    if not changes and key is None:
        raise PaperprepError(
            "nothing to change",
            hint="give --key, --title, --authors, --year, --venue, --doi or --arxiv",
        )
    rekeyed = change_key(app, str(paper_id), key) if key is not None else None
    if changes:
        lib.edit(paper_id, changes)
        refresh_notes(app, paper_id)
    return lib.record(paper_id), rekeyed


def set_status(app: App, ref: str, status: str) -> PaperRecord:
    lib = app.library
    paper_id = lib.resolve(ref)
    lib.set_status(paper_id, status)
    refresh_notes(app, paper_id)
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
    refresh_notes(app, paper_id)
    return lib.record(paper_id)


def normalize_ref(ref: str) -> str:
    """Accept ``arXiv:1606.07792v2`` and DOI URLs as well as ids and keys."""
    return normalize_arxiv(ref) or normalize_doi(ref) or ref
