"""Merge the sources' candidate lists into one list of distinct works.

Two records are the same work when they share a DOI (case-insensitive, ``https://doi.org/``
prefix stripped), an arXiv id (version-less; the arXiv DOI ``10.48550/arXiv.<id>`` counts as
one), or a normalised title with years at most one apart (unless both carry different
non-arXiv DOIs or different arXiv ids: two distinct works can share a generic title).

A merged paper keeps the best of every record: the published title, venue and year over the
preprint's, the longest abstract and author list, both ids, the highest citation count with the
source that reported it, and the union of sources and PDF links (arXiv's first).

``merge`` is a pure function of the *set* of input records: the output does not depend on their
order, and ``merge(merge(x)) == merge(x)``.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from paperprep.ids import is_arxiv_doi, normalize_arxiv, normalize_doi, normalize_title
from paperprep.models import Paper

#: Which source's PDF link to try first, and whose citation count wins a tie.
SOURCE_PRIORITY = {"arxiv": 0, "openalex": 1, "seed": 2, "pdf": 2, "scholar": 3}


def _arxiv_of(paper: Paper) -> str | None:
    return normalize_arxiv(paper.arxiv_id) or (
        normalize_arxiv(paper.doi) if is_arxiv_doi(normalize_doi(paper.doi)) else None
    )


def _published_doi(paper: Paper) -> str | None:
    doi = normalize_doi(paper.doi)
    return None if doi is None or is_arxiv_doi(doi) else doi


def is_published(paper: Paper) -> bool:
    """True when the record describes a published (non-arXiv) version."""
    venue = (paper.venue or "").strip().lower()
    has_venue = bool(venue) and not venue.startswith(("arxiv", "corr"))
    return has_venue or _published_doi(paper) is not None


def _id_keys(paper: Paper) -> list[str]:
    keys = []
    doi = normalize_doi(paper.doi)
    if doi:
        keys.append(f"doi:{doi}")
    arxiv_id = _arxiv_of(paper)
    if arxiv_id:
        keys.append(f"arxiv:{arxiv_id}")
    return keys


def _title_match(a: Paper, b: Paper) -> bool:
    if a.year is not None and b.year is not None and abs(a.year - b.year) > 1:
        return False
    da, db = _published_doi(a), _published_doi(b)
    if da and db and da != db:
        return False
    xa, xb = _arxiv_of(a), _arxiv_of(b)
    return not (xa and xb and xa != xb)


def same_work(a: Paper, b: Paper) -> bool:
    """Whether two records describe the same work (shared id, or title and year)."""
    if set(_id_keys(a)) & set(_id_keys(b)):
        return True
    ta = normalize_title(a.title)
    return bool(ta) and ta == normalize_title(b.title) and _title_match(a, b)


def _pdf_links(paper: Paper) -> list[str]:
    links: list[str] = []
    for url in [paper.pdf_url, *paper.pdf_urls]:
        if url and url not in links:
            links.append(url)
    return links


def _source_rank(paper: Paper) -> int:
    return min((SOURCE_PRIORITY.get(s, 2) for s in paper.sources), default=2)


def combine(records: Iterable[Paper]) -> Paper:
    """One paper from records of the same work, keeping the best metadata of each.

    Every choice depends only on the records' values, never on their order.
    """
    group = sorted(records, key=lambda p: repr(dataclasses.astuple(p)))
    if not group:
        raise ValueError("combine() needs at least one paper")
    published = [p for p in group if is_published(p)] or group

    title_from = max(published, key=lambda p: (bool(p.title), len(p.title), p.title))
    authors = max((p.authors for p in group), key=lambda a: (len(a), a))
    years = [p.year for p in published if p.year is not None] or [
        p.year for p in group if p.year is not None
    ]
    venues = [
        (p.citations or -1, p.venue.strip()) for p in published if p.venue and p.venue.strip()
    ]
    abstracts = [p.abstract.strip() for p in group if p.abstract and p.abstract.strip()]
    dois = {normalize_doi(p.doi) for p in group} - {None}
    published_dois = sorted(d for d in dois if d and not is_arxiv_doi(d))
    arxiv_ids = sorted({a for a in (_arxiv_of(p) for p in group) if a})
    counted = [p for p in group if p.citations is not None]
    best_count = max(counted, key=lambda p: (p.citations or 0, -_source_rank(p)), default=None)
    citation_source = None
    if best_count is not None:
        ties = [p for p in counted if p.citations == best_count.citations]
        citation_source = min(
            (p.citation_source or (p.sources[0] if p.sources else "") for p in ties),
            key=lambda s: (SOURCE_PRIORITY.get(s, 2), s),
        )
    links: list[str] = []
    for p in sorted(group, key=lambda p: (_source_rank(p), _pdf_links(p))):
        for url in _pdf_links(p):
            if url not in links:
                links.append(url)
    urls = sorted(p.url for p in published if p.url) or sorted(p.url for p in group if p.url)

    return Paper(
        title=title_from.title.strip(),
        authors=list(authors),
        year=min(years) if years else None,
        venue=max(venues)[1] if venues else None,
        abstract=max(abstracts, key=lambda a: (len(a), a)) if abstracts else None,
        doi=published_dois[0] if published_dois else (min(d for d in dois if d) if dois else None),
        arxiv_id=arxiv_ids[0] if arxiv_ids else None,
        openalex_id=min((p.openalex_id for p in group if p.openalex_id), default=None),
        scholar_id=min((p.scholar_id for p in group if p.scholar_id), default=None),
        citations=best_count.citations if best_count is not None else None,
        citation_source=citation_source or None,
        pdf_url=links[0] if links else None,
        url=urls[0] if urls else None,
        sources=sorted({s for p in group for s in p.sources}),
        pdf_urls=links[1:],
    )


def _one_pass(papers: list[Paper]) -> list[Paper]:
    parent = list(range(len(papers)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    owner: dict[str, int] = {}
    titles: dict[str, list[int]] = defaultdict(list)
    for i, paper in enumerate(papers):
        for key in _id_keys(paper):
            if key in owner:
                union(i, owner[key])
            else:
                owner[key] = i
        norm = normalize_title(paper.title)
        if norm:
            titles[norm].append(i)
    for members in titles.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                if _title_match(papers[i], papers[j]):
                    union(i, j)
    groups: dict[int, list[Paper]] = defaultdict(list)
    for i, paper in enumerate(papers):
        groups[find(i)].append(paper)
    return [combine(g) for g in groups.values()]


def _order(paper: Paper) -> tuple[int, str, str]:
    return (
        -(paper.citations if paper.citations is not None else -1),
        normalize_title(paper.title),
        repr(dataclasses.astuple(paper)),
    )


def merge(papers: Iterable[Paper]) -> list[Paper]:
    """Distinct works from all sources' records, most cited first.

    Repeats the grouping until nothing more joins, so a merged record that now matches another
    (through an id it picked up) is merged too; this makes ``merge`` idempotent.
    """
    current = list(papers)
    while True:
        merged = _one_pass(current)
        if len(merged) == len(current):
            current = merged
            break
        current = merged
    return sorted(current, key=_order)
