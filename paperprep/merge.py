"""Merge the sources' candidate lists into one list of distinct works.

Two records are the same work when they share a DOI (case-insensitive, ``https://doi.org/``
prefix stripped), an arXiv id (version-less; the arXiv DOI ``10.48550/arXiv.<id>`` counts as
one), or a normalised title with years at most one apart. Ids join versions however far apart
their years are (a 2014 preprint and its 2016 journal version). Nothing joins two records, or
two groups of records, that carry different published (non-arXiv) DOIs or different arXiv ids:
a wrong id in one record (a seed's arXiv id that belongs to another paper) must not fuse two
papers into one. Joins are made strongest first -- shared published DOI, shared arXiv id with
agreeing titles, any other shared id, then title and year -- so that when an id is claimed by
two papers, it goes to the one whose title agrees.

A merged paper keeps the best of every record: the published title, venue and year over the
preprint's, the longest abstract and author list, both ids, the citation count of OpenAlex (the
one source ranking uses; another source's count only when OpenAlex reported none), OpenAlex's
impact of its most-cited record, every OpenAlex id and reference, and the union of sources and
PDF links (arXiv's first).

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
    """True when the record describes a published (non-arXiv) version.

    An arXiv record describes the preprint even when it carries the journal's DOI or reference.
    """
    if paper.sources == ["arxiv"]:
        return False
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
    return not _conflict(a, b)


def _conflict(a: Paper, b: Paper) -> bool:
    """Whether two records carry ids that say they are different works."""
    da, db = _published_doi(a), _published_doi(b)
    if da and db and da != db:
        return True
    xa, xb = _arxiv_of(a), _arxiv_of(b)
    return bool(xa and xb and xa != xb)


def _title_words(paper: Paper) -> set[str]:
    return set(normalize_title(paper.title).split())


def titles_agree(a: Paper, b: Paper) -> bool:
    """Whether two titles plausibly name one work (a retitled version still shares most words).

    No title on either side is no evidence against.
    """
    wa, wb = _title_words(a), _title_words(b)
    if not wa or not wb:
        return True
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.5


def same_work(a: Paper, b: Paper) -> bool:
    """Whether two records describe the same work (a shared id, or title and year), and no
    published DOI or arXiv id of theirs disagrees."""
    if set(_id_keys(a)) & set(_id_keys(b)):
        return not _conflict(a, b)
    ta = normalize_title(a.title)
    return bool(ta) and ta == normalize_title(b.title) and _title_match(a, b)


def _pdf_links(paper: Paper) -> list[str]:
    links: list[str] = []
    for url in [paper.pdf_url, *paper.pdf_urls]:
        if url and url not in links:
            links.append(url)
    return links


def count_source(paper: Paper) -> str:
    """Which source a record's citation count comes from."""
    return paper.citation_source or (paper.sources[0] if paper.sources else "")


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
    # One source of counts: OpenAlex's when any record has one (ranking reads only those);
    # another source's count is shown only when OpenAlex reported none.
    counted = [p for p in group if p.citations is not None and count_source(p) == "openalex"]
    counted = counted or [p for p in group if p.citations is not None]
    best_count = max(counted, key=lambda p: (p.citations or 0, -_source_rank(p)), default=None)
    citation_source = None
    if best_count is not None:
        ties = [p for p in counted if p.citations == best_count.citations]
        citation_source = min(
            (count_source(p) for p in ties), key=lambda s: (SOURCE_PRIORITY.get(s, 2), s)
        )
    links: list[str] = []
    for p in sorted(group, key=lambda p: (_source_rank(p), _pdf_links(p))):
        for url in _pdf_links(p):
            if url not in links:
                links.append(url)
    urls = sorted(p.url for p in published if p.url) or sorted(p.url for p in group if p.url)
    # OpenAlex may hold a preprint and its published version as two works: the most cited one
    # is the paper's main record (its id, its impact).
    records = [p for p in group if p.openalex_id]
    main = max(records, key=lambda p: (p.citations or -1, _neg(p.openalex_id)), default=None)
    impacts = [p for p in group if p.impact is not None]
    impact_from = max(impacts, key=lambda p: (p.citations or -1, _neg(p.openalex_id)), default=None)

    return Paper(
        title=title_from.title.strip(),
        authors=list(authors),
        year=min(years) if years else None,
        venue=max(venues)[1] if venues else None,
        abstract=max(abstracts, key=lambda a: (len(a), a)) if abstracts else None,
        doi=published_dois[0] if published_dois else (min(d for d in dois if d) if dois else None),
        arxiv_id=arxiv_ids[0] if arxiv_ids else None,
        openalex_id=main.openalex_id if main is not None else None,
        scholar_id=min((p.scholar_id for p in group if p.scholar_id), default=None),
        citations=best_count.citations if best_count is not None else None,
        citation_source=citation_source or None,
        pdf_url=links[0] if links else None,
        url=urls[0] if urls else None,
        sources=sorted({s for p in group for s in p.sources}),
        pdf_urls=links[1:],
        impact=impact_from.impact if impact_from is not None else None,
        topic=main.topic if main is not None and main.topic else _first_topic(group),
        references=sorted({r for p in group for r in p.references}),
        openalex_ids=sorted(
            {i for p in group for i in [*p.openalex_ids, p.openalex_id] if i is not None}
        ),
    )


def _first_topic(group: list[Paper]) -> str | None:
    return min((p.topic for p in group if p.topic), default=None)


def _neg(text: str | None) -> tuple[int, ...]:
    """A key that sorts strings in reverse, so ``max`` breaks ties by the smallest string."""
    return tuple(-ord(c) for c in text or "")


def _canonical(paper: Paper) -> str:
    return repr(dataclasses.astuple(paper))


def _one_pass(papers: list[Paper]) -> list[Paper]:
    # Records in a canonical order, so that every choice below depends on the set only.
    papers = sorted(papers, key=_canonical)
    parent = list(range(len(papers)))
    # Per group (keyed by its root): its published DOI and its arXiv id, if any.
    doi: list[str | None] = [_published_doi(p) for p in papers]
    arx: list[str | None] = [_arxiv_of(p) for p in papers]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri == rj:
            return
        if (doi[ri] and doi[rj] and doi[ri] != doi[rj]) or (
            arx[ri] and arx[rj] and arx[ri] != arx[rj]
        ):
            return  # the two groups are different works by their ids
        root, other = min(ri, rj), max(ri, rj)
        parent[other] = root
        doi[root] = doi[root] or doi[other]
        arx[root] = arx[root] or arx[other]

    by_key: dict[str, list[int]] = defaultdict(list)
    titles: dict[str, list[int]] = defaultdict(list)
    for i, paper in enumerate(papers):
        for key in _id_keys(paper):
            by_key[key].append(i)
        norm = normalize_title(paper.title)
        if norm:
            titles[norm].append(i)
    edges: list[tuple[int, int, int]] = []
    for key, members in by_key.items():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                if key.startswith("doi:") and not is_arxiv_doi(key[4:]):
                    strength = 0
                else:
                    strength = 1 if titles_agree(papers[i], papers[j]) else 2
                edges.append((strength, i, j))
    for members in titles.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                if _title_match(papers[i], papers[j]):
                    edges.append((3, i, j))
    for _, i, j in sorted(set(edges)):
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
