"""Looking a paper's metadata up again: ``paperprep refresh PAPER`` and ``add``'s online look-up.

A paper with an arXiv id is looked up on arXiv, one with a DOI on OpenAlex, one with neither by
title (and year) on OpenAlex; OpenAlex also gives the citation count. The record found is
preferred over what the PDF's first page gave (title, authors, year, venue, ids, a longer
abstract), except for the fields the user fixed with ``edit``. The citation key stays (notes are
named by it).

``add FILE.pdf`` does this for every new paper whose PDF names an arXiv id or a DOI, unless
``PAPERPREP_LOOKUP=0``; without the network it keeps the PDF's metadata and says so once
(``paperprep refresh KEY`` does it later).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from paperprep.app import App, Event
from paperprep.errors import NotFound, PaperprepError, SourceError
from paperprep.ids import normalize_arxiv
from paperprep.models import Paper, PaperRecord

__all__ = ["RefreshResult", "look_up", "lookup_enabled", "refresh_papers"]


@dataclass
class RefreshResult:
    """What ``refresh`` did to one paper."""

    key: str
    #: Where the record came from ("arxiv", "openalex") or None when nothing was found.
    source: str | None
    changed: list[str] = field(default_factory=list)
    error: str | None = None


def lookup_enabled() -> bool:
    """``add``'s online look-up is on unless ``PAPERPREP_LOOKUP`` is 0/no/false/off."""
    return os.environ.get("PAPERPREP_LOOKUP", "1").strip().lower() not in (
        "0",
        "no",
        "false",
        "off",
    )


def look_up(
    app: App, record: PaperRecord, *, quick: bool = False
) -> tuple[Paper | None, str | None]:
    """The paper's record on arXiv/OpenAlex, and which source gave it.

    :param quick: one attempt with a short timeout (``add``'s look-up: when the network is down
        the add goes on at once).
    :raises SourceError: the services could not be reached.
    """
    from paperprep.http import Http
    from paperprep.sources.arxiv import ArxivSource
    from paperprep.sources.openalex import OpenAlexSource

    settings = app.settings
    if quick:
        settings = replace(settings, retries=0, timeout=min(settings.timeout, 8.0))
    with Http(settings) as http:
        openalex = OpenAlexSource(settings, http)
        found: Paper | None = None
        source: str | None = None
        if record.arxiv_id:
            want = normalize_arxiv(record.arxiv_id)
            for paper in ArxivSource(settings, http).lookup([record.arxiv_id]):
                if normalize_arxiv(paper.arxiv_id) == want:
                    found, source = paper, "arxiv"
                    break
        if found is None and record.doi:
            found = openalex.work_by_doi(record.doi)
            source = "openalex" if found is not None else None
        if found is None and not record.arxiv_id and not record.doi and record.title:
            found = openalex.work_by_title(record.title, record.year)
            source = "openalex" if found is not None else None
        if found is not None and source == "arxiv":
            try:
                found = merge_with(found, openalex.find(found))
            except SourceError as exc:
                app.on_event(Event("warn", f"no citation count: {exc}", record.key))
    return found, source


def merge_with(paper: Paper, other: Paper | None) -> Paper:
    """``paper`` completed with what ``other`` (the same work from another source) knows."""
    from paperprep.merge import merge

    if other is None:
        return paper
    merged = merge([paper, other])
    return merged[0] if len(merged) == 1 else paper


def refresh_papers(app: App, refs: list[str]) -> list[RefreshResult]:
    """``paperprep refresh PAPER...``: look each paper's metadata up again and prefer it.

    :raises NotFound: a reference names no paper (nothing is looked up then).
    """
    lib = app.library
    ids = [lib.resolve(ref) for ref in refs]
    out: list[RefreshResult] = []
    for paper_id in ids:
        record = lib.record(paper_id)
        try:
            found, source = look_up(app, record)
        except SourceError as exc:
            out.append(RefreshResult(record.key, None, error=str(exc)))
            continue
        if found is None:
            what = record.arxiv_id or record.doi or f"the title {record.title!r}"
            out.append(RefreshResult(record.key, None, error=f"no record found for {what}"))
            continue
        changed = lib.prefer_metadata(paper_id, found)
        out.append(RefreshResult(record.key, source, changed))
    return out


def refresh_after_add(app: App, paper_id: int, item: str) -> list[str]:
    """``add``'s look-up of a new paper whose PDF names an arXiv id or DOI; the fields changed.

    Never fails the add: without the network (or with ``PAPERPREP_LOOKUP=0``) the PDF's
    metadata stays and one line says how to look it up later.
    """
    if not lookup_enabled():
        return []
    record = app.library.record(paper_id)
    if not (record.arxiv_id or record.doi):
        return []
    try:
        found, _ = look_up(app, record, quick=True)
    except (SourceError, PaperprepError) as exc:
        if isinstance(exc, NotFound):
            raise
        app.on_event(
            Event(
                "info",
                f"metadata from the PDF only ({exc}); "
                f"`paperprep refresh {record.key}` looks it up later",
                item,
            )
        )
        return []
    if found is None:
        return []
    return app.library.prefer_metadata(paper_id, found)
