"""A domain's candidates, ready to rank: search hits, the seeds and the seeds' citation graph,
merged, each with its OpenAlex record.

1. **Search and graph, at once.** Every chosen source searches the domain's queries (one thread
   per source, each at its own service's pace through the shared :class:`~paperprep.http.Http`).
   Meanwhile, when OpenAlex is chosen, the seeds are looked up in OpenAlex (their DOIs and arXiv
   DataCite DOIs in one batched request, title look-ups for seeds without ids) and their
   citation graph is walked: the most cited works citing any seed (``filter=cites:W…|W…``), the
   same for the last :data:`~paperprep.rank.RECENT_YEARS` years, and the works that at least
   :data:`COMMON_REFERENCE` seeds cite (from the seeds' ``referenced_works``, batched
   ``filter=openalex:W…|W…``). This is how the modern canon is found when no query names it.
2. **Merge** (:mod:`paperprep.merge`) with the seed list.
3. **Enrich** every candidate OpenAlex has not described yet: all those with a DOI or an arXiv
   id (``10.48550/arXiv.<id>``) in batched ``filter=doi:a|b|…`` requests of 50, then title
   look-ups for the seeds still unknown and up to ``title_budget`` other on-topic candidates
   (Scholar hits carry no ids), most cited on Scholar first -- Scholar's count only chooses what
   to look up; ranking reads OpenAlex's. What OpenAlex does not know stays unknown.
4. **A domain without seeds** then walks the same graph around its :data:`ANCHORS` best-scored
   search hits (:func:`paperprep.rank.leading`: known to OpenAlex, matching the domain's own
   terms, on its topics) and merges what it finds (OpenAlex records already): works building on
   several of the best hits and the works several of them cite are how a seedless list finds
   the canon its queries do not name. The ranking counts links around these anchors as evidence,
   never as a pass through the gate.

Adapters only return records; merging happens here and ranking in :mod:`paperprep.rank`.
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from paperprep.errors import SourceBlocked, SourceError
from paperprep.http import Http
from paperprep.merge import combine, merge
from paperprep.models import Domain, Paper
from paperprep.relevance import matches, parse_terms
from paperprep.settings import Settings
from paperprep.sources.openalex import OpenAlexSource, batchable, doi_keys

log = logging.getLogger(__name__)

#: Candidates asked of each source per query.
PER_QUERY = 25
#: Works citing the seeds asked for (per request; most cited first).
CITING = 100
#: A work cited by this many seeds is fetched as a candidate.
COMMON_REFERENCE = 2
#: At most this many of the seeds' common references are fetched.
MAX_REFERENCES = 50
#: A domain without seeds walks the graph of this many of its best-scored search hits.
ANCHORS = 8
#: Title look-ups in flight at once (their starts are still paced by Http).
TITLE_LOOKUPS = 4


@dataclass
class Gathered:
    """What :func:`gather` found, and what went wrong on the way (one line per source)."""

    papers: list[Paper] = field(default_factory=list)
    #: source name -> candidates it returned
    counts: dict[str, int] = field(default_factory=dict)
    #: source name -> one-line problem
    errors: dict[str, str] = field(default_factory=dict)
    #: source name -> malformed records skipped
    skipped: dict[str, int] = field(default_factory=dict)
    #: works the seeds' citation graph contributed (None: not walked)
    graph: int | None = None
    graph_error: str | None = None
    #: OpenAlex ids of the best search hits whose graph was walked (a domain without seeds)
    anchors: list[str] = field(default_factory=list)
    enrich_error: str | None = None


Notify = Callable[[str, str], None]


def seed_papers(domain: Domain) -> list[Paper]:
    """The domain's seeds as candidate records (source "seed")."""
    return [
        Paper(title=s.title, year=s.year, doi=s.doi, arxiv_id=s.arxiv_id, sources=["seed"])
        for s in domain.seeds
    ]


def lookup(
    openalex: OpenAlexSource, papers: Sequence[Paper], *, titles: Sequence[int] | None = None
) -> list[Paper | None]:
    """OpenAlex's record of each paper: batched by DOI / arXiv DOI, then (for the indexes in
    ``titles``, default all) by title; None where OpenAlex does not know it.

    :raises SourceError: OpenAlex failed.
    """
    keys = [doi_keys(p) for p in papers]
    by_doi = openalex.works_by_dois(doi for pair in keys for doi in pair if doi)
    hits: list[Paper | None] = [None] * len(papers)
    for i, (doi, arxiv_doi) in enumerate(keys):
        hits[i] = by_doi.get(doi or "") or by_doi.get(arxiv_doi or "")
        if hits[i] is None and doi and not batchable(doi):
            hits[i] = openalex.work_by_doi(doi)
    wanted = range(len(papers)) if titles is None else titles
    left = [i for i in wanted if hits[i] is None and papers[i].title]
    if left:
        # Title look-ups overlap (a few threads); the shared Http still spaces their starts by
        # the host delay, so OpenAlex sees the same request rate, minus the idle waits.
        with cf.ThreadPoolExecutor(max_workers=min(TITLE_LOOKUPS, len(left))) as pool:
            found = pool.map(
                lambda i: openalex.work_by_title(papers[i].title, papers[i].year), left
            )
            for i, hit in zip(left, found, strict=True):
                hits[i] = hit
    return hits


def enrich(
    openalex: OpenAlexSource,
    papers: list[Paper],
    *,
    title_budget: int | None = None,
    wanted: Callable[[Paper], bool] | None = None,
) -> list[Paper]:
    """``papers`` with OpenAlex's record merged into each one OpenAlex knows.

    Papers already described by OpenAlex are left alone. All others with a DOI or arXiv id are
    asked for in batches; by title: every seed, then up to ``title_budget`` (None: all) of those
    ``wanted`` accepts (default all), most cited first.
    """
    todo = [i for i, p in enumerate(papers) if not ("openalex" in p.sources and p.openalex_id)]
    if not todo:
        return list(papers)
    subset = [papers[i] for i in todo]
    seeds = [n for n, p in enumerate(subset) if "seed" in p.sources]
    others = [n for n, p in enumerate(subset) if "seed" not in p.sources]
    if wanted is not None:
        others = [n for n in others if wanted(subset[n])]
    others.sort(key=lambda n: (-(subset[n].citations or 0), subset[n].title))
    if title_budget is not None:
        others = others[: max(0, title_budget)]
    hits = lookup(openalex, subset, titles=sorted({*seeds, *others}))
    out = list(papers)
    for n, hit in zip(range(len(subset)), hits, strict=True):
        if hit is not None:
            out[todo[n]] = combine([subset[n], hit])
    return out


def walk_graph(
    openalex: OpenAlexSource, domain: Domain, *, now_year: int, since: int | None
) -> list[Paper]:
    """The seeds' OpenAlex records and their citation graph's works (see the module docstring).

    :raises SourceError: OpenAlex failed.
    """
    seeds = seed_papers(domain)
    if not seeds:
        return []
    records = [r for r in lookup(openalex, seeds) if r is not None]
    return records + around(openalex, records, now_year=now_year, since=since)


def around(
    openalex: OpenAlexSource, records: Sequence[Paper], *, now_year: int, since: int | None
) -> list[Paper]:
    """The citation graph around ``records`` (OpenAlex records): the most cited works citing
    any of them, the same for recent years, and the works at least COMMON_REFERENCE of them cite.

    :raises SourceError: OpenAlex failed.
    """
    from paperprep.rank import RECENT_YEARS

    ids = sorted({i for r in records for i in r.openalex_ids})
    if not ids:
        return []
    found: list[Paper] = []
    found += openalex.citing(ids, since=since, limit=CITING)
    recent = now_year - RECENT_YEARS + 1
    found += openalex.citing(ids, since=max(recent, since or recent), limit=CITING)
    counts = Counter(ref for r in records for ref in set(r.references))
    common = sorted(
        (ref for ref, n in counts.items() if n >= COMMON_REFERENCE and ref not in ids),
        key=lambda ref: (-counts[ref], ref),
    )[:MAX_REFERENCES]
    found += openalex.works_by_ids(common).values()
    return found


def _walk_anchors(
    source: OpenAlexSource,
    domain: Domain,
    merged: list[Paper],
    out: Gathered,
    now_year: int,
    since: int | None,
    notify: Notify,
) -> list[Paper]:
    """A seedless domain's candidates grown by the citation graph of its best search hits."""
    from paperprep.rank import leading

    anchors = leading(merged, domain, ANCHORS, since=since, now_year=now_year)
    if len(anchors) < COMMON_REFERENCE:
        return merged
    try:
        found = around(source, anchors, now_year=now_year, since=since)
    except SourceError as exc:
        out.graph_error = str(exc)
        notify("warn", f"citation graph of the best search hits not used: {exc}")
        return merged
    out.graph = len(found)
    out.anchors = sorted({i for p in anchors for i in p.openalex_ids})
    notify("info", f"citation graph: {len(found)} works around the {len(anchors)} best hits")
    return merge([*merged, *found])


def _on_topic(domain: Domain) -> Callable[[Paper], bool]:
    terms = parse_terms([*domain.terms, *(t for ts in domain.facets.values() for t in ts)])
    if not terms:
        return lambda _: True
    return lambda p: bool(matches(terms, p.title, p.abstract))


def gather(
    settings: Settings,
    http: Http,
    domain: Domain,
    sources: Sequence[str],
    *,
    since: int | None,
    now_year: int,
    title_budget: int,
    notify: Notify,
) -> Gathered:
    """Search, walk the graph, merge and enrich (see the module docstring).

    ``notify(kind, message)`` hears about each step ("progress" with a source name, "warn",
    "info") as it happens, from this thread.
    """
    from paperprep.sources import make_source

    out = Gathered()
    found: list[Paper] = []
    use_openalex = "openalex" in sources
    graph_source = OpenAlexSource(settings, http) if use_openalex and domain.seeds else None

    def search(name: str) -> tuple[list[Paper], int]:
        source = make_source(name, settings, http)
        papers = source.search(domain, limit=PER_QUERY, since=since)
        return papers, int(getattr(source, "skipped", 0) or 0)

    def graph() -> tuple[list[Paper], int]:
        assert graph_source is not None
        return walk_graph(graph_source, domain, now_year=now_year, since=since), 0

    jobs: dict[str, Callable[[], tuple[list[Paper], int]]] = {
        name: functools.partial(search, name) for name in sources
    }
    if graph_source is not None:
        jobs["graph"] = graph
    with cf.ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:
        futures = {pool.submit(job): name for name, job in jobs.items()}
        for future in cf.as_completed(futures):
            name = futures[future]
            notify("progress", name)
            try:
                papers, skipped = future.result()
            except SourceError as exc:
                message = str(exc) + (
                    f"; {exc.hint}" if isinstance(exc, SourceBlocked) and exc.hint else ""
                )
                if name == "graph":
                    out.graph_error = str(exc)
                    notify("warn", f"seeds' citation graph not used: {exc}")
                else:
                    out.errors[name] = str(exc)
                    notify("warn", message)
                continue
            except Exception as exc:
                # A third-party client or scraper can raise anything (a RecursionError deep in
                # scholarly, a TypeError on a surprising answer): that source failed, the others
                # carry on. The traceback goes to the log (--verbose), not the terminal.
                log.debug("%s failed unexpectedly", name, exc_info=True)
                problem = f"{name}: failed unexpectedly ({type(exc).__name__}: {exc})"
                problem = problem.splitlines()[0][:300]
                if name == "graph":
                    out.graph_error = problem
                    notify("warn", f"seeds' citation graph not used: {problem}")
                else:
                    out.errors[name] = problem
                    notify("warn", f"{problem}; continuing with the other sources")
                continue
            if skipped:
                out.skipped[name] = out.skipped.get(name, 0) + skipped
            if name == "graph":
                out.graph = len(papers)
                notify("info", f"citation graph: {len(papers)} works around the seeds")
            else:
                out.counts[name] = len(papers)
                notify("info", f"{name}: {len(papers)} candidates")
            found.extend(papers)
    if graph_source is not None and graph_source.skipped:
        out.skipped["openalex"] = out.skipped.get("openalex", 0) + graph_source.skipped
    if not out.counts:
        return out  # no search source answered: the caller reports it
    merged = merge([*found, *seed_papers(domain)])
    if use_openalex and "openalex" not in out.errors:
        source = OpenAlexSource(settings, http)
        try:
            merged = merge(
                enrich(source, merged, title_budget=title_budget, wanted=_on_topic(domain))
            )
        except SourceError as exc:
            out.enrich_error = str(exc)
            notify("warn", f"citation counts not looked up: {exc}")
        if not domain.seeds and out.enrich_error is None:
            merged = _walk_anchors(source, domain, merged, out, now_year, since, notify)
            if source.skipped:
                out.skipped["openalex"] = out.skipped.get("openalex", 0) + source.skipped
    for name, n in sorted(out.skipped.items()):
        notify("warn", f"{name}: skipped {n} malformed record{'s' if n != 1 else ''}")
    out.papers = merged
    return out
