"""A PDF we have: store it (file, text, sections, evidence) with its paper, and draft the note.

Shared by ``add`` (local files) and ``fetch`` (downloads).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from paperprep import notes as notes_mod
from paperprep.app import App, Event
from paperprep.files import atomic_copy, sha256_file
from paperprep.models import Extraction, Paper
from paperprep.workflows.notes import draft_note

log = logging.getLogger("paperprep")


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


def title_from_filename(path: Path) -> str:
    stem = re.sub(r"[_\-]+", " ", path.stem).strip()
    return stem[:1].upper() + stem[1:] if stem else path.name


def finish_existing(app: App, item: str, paper_id: int, domain: str | None) -> AddOutcome:
    lib = app.library
    if domain:
        lib.link_domain(paper_id, domain)
    note = draft_note(app, paper_id)
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
    *,
    look_up: bool = False,
) -> AddOutcome:
    """Store a PDF we have with its paper, extraction and drafted note.

    :param look_up: for a new paper whose PDF names an arXiv id or DOI, look its record up
        online first and prefer it (``add``; see :mod:`paperprep.workflows.refresh`).
    """
    lib, settings = app.library, app.settings
    existing = lib.paper_by_sha256(sha)
    if extraction is not None:
        meta = extraction.meta
        paper = Paper(
            title=meta.title or title_from_filename(path),
            authors=meta.authors,
            year=meta.year,
            doi=meta.doi,
            arxiv_id=meta.arxiv_id,
            abstract=meta.abstract,
            sources=["pdf"],
        )
    else:
        paper = Paper(title=title_from_filename(path), sources=["pdf"])
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
        return finish_existing(app, item, paper_id, domain)
    dest = settings.pdf_dir / f"{notes_mod.safe_filename(record.key)}.pdf"
    if not dest.exists() or sha256_file(dest) != sha:
        atomic_copy(path, dest)
    # The PDF's record and its text in one transaction: an interrupted run (a kill, a full disk)
    # leaves neither, never a PDF marked "ok" without its text.
    with lib.transaction():
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
    if extraction is not None:
        for warning in extraction.warnings:
            log.info("%s: %s", item, warning)
            if warning.startswith("read the first "):
                # Pages past the cap are not in search or evidence: the user must know.
                app.on_event(Event("warn", f"{warning} (the page cap, max_pages)", item))
    if domain:
        lib.link_domain(paper_id, domain)
    if look_up and created and extraction is not None:
        from paperprep.workflows.refresh import refresh_after_add

        refresh_after_add(app, paper_id, item)
    note = draft_note(app, paper_id)
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
