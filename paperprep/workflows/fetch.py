"""``paperprep fetch DOMAIN``: search, merge, rank, download, extract, store, draft notes.

Steps, in order (README › "What fetch does"):

1. Every chosen source searches the domain's queries, concurrently (one thread per source; each
   source keeps its own service's pacing through the shared :class:`~paperprep.http.Http`).
   A source that fails or is blocked is reported in one line and the others carry on.
2. The domain's seed papers join the candidates (a backstop when a search is blocked or noisy).
3. Candidates are merged (DOI, version-less arXiv id, title ± 1 year) and pre-ranked; OpenAlex
   then fills in citation counts, abstracts and open-access PDF links for the best of them.
4. The final ranking (``paperprep.rank``) picks the top N; each pick is stored (or merged into the
   stored copy), linked to the domain with its rank and "why picked".
5. PDFs are downloaded concurrently across hosts (per-host pacing), each to a temp file that is
   renamed only when complete and valid. As each download finishes its extraction starts in a
   worker process, so downloading overlaps extraction.
6. Text, sections and evidence are stored and the notes drafted — a note the user touched only
   ever gains new evidence quotes, never loses a character.

Re-running is safe: papers are matched, not duplicated; PDFs on disk are not downloaded again;
citation counts are refreshed.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperprep import notes as notes_mod
from paperprep.app import App, Event
from paperprep.errors import PaperprepError, SourceBlocked, SourceError
from paperprep.files import sha256_file
from paperprep.models import Domain, Paper, PaperRecord
from paperprep.workflows.notes import draft_note

if TYPE_CHECKING:
    from paperprep.http import Http
    from paperprep.rank import Ranked

log = logging.getLogger("paperprep.fetch")

#: Candidates asked of each source per query.
PER_QUERY = 25
#: How many pre-ranked candidates OpenAlex enriches (citations, abstracts, PDF links).
ENRICH_FACTOR = 4


@dataclass
class FetchOptions:
    top: int = 5
    sources: Sequence[str] = ("scholar", "arxiv", "openalex")
    since: int | None = None
    pdf: bool = True
    offline: bool = False
    #: Ask the services again even when the cache has a fresh answer.
    refresh: bool = False
    engine: str | None = None


@dataclass
class FetchItem:
    rank: int
    paper_id: int
    key: str
    title: str
    year: int | None
    citations: int | None
    citation_source: str | None
    sources: list[str]
    why: str
    pdf_status: str
    pdf_error: str | None = None
    note: Path | None = None
    #: The merged source record (PDF links); not part of the JSON summary.
    paper: Paper | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            "id": self.paper_id,
            "key": self.key,
            "title": self.title,
            "year": self.year,
            "citations": self.citations,
            "citation_source": self.citation_source,
            "sources": self.sources,
            "why": self.why,
            "pdf": {"status": self.pdf_status, "error": self.pdf_error},
            "note": str(self.note) if self.note else None,
        }


@dataclass
class FetchReport:
    domain: str
    items: list[FetchItem] = field(default_factory=list)
    #: source name -> one-line problem (blocked, unreachable, ...)
    source_errors: dict[str, str] = field(default_factory=dict)
    #: source name -> how many candidates it returned
    source_counts: dict[str, int] = field(default_factory=dict)
    candidates: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "domain": self.domain,
            "candidates": self.candidates,
            "sources": {
                name: {
                    "papers": self.source_counts.get(name, 0),
                    "error": self.source_errors.get(name),
                }
                for name in sorted(set(self.source_counts) | set(self.source_errors))
            },
            "papers": [i.to_json() for i in self.items],
        }


class FetchFailed(PaperprepError):
    """No source answered, so there is nothing to rank."""


def _seed_papers(domain: Domain) -> list[Paper]:
    return [
        Paper(title=s.title, year=s.year, doi=s.doi, arxiv_id=s.arxiv_id, sources=["seed"])
        for s in domain.seeds
    ]


def _search_all(
    app: App, http: Http, domain: Domain, opts: FetchOptions, report: FetchReport
) -> list[Paper]:
    from paperprep.sources import make_source

    found: list[Paper] = []

    def one(name: str) -> list[Paper]:
        source = make_source(name, app.settings, http)
        return source.search(domain, limit=PER_QUERY, since=opts.since)

    app.on_event(Event("stage", "searching", stage="search", total=len(opts.sources)))
    with cf.ThreadPoolExecutor(max_workers=max(1, len(opts.sources))) as pool:
        futures = {pool.submit(one, name): name for name in opts.sources}
        for future in cf.as_completed(futures):
            name = futures[future]
            app.on_event(Event("progress", name, stage="search"))
            try:
                papers = future.result()
            except SourceBlocked as exc:
                report.source_errors[name] = str(exc)
                app.on_event(Event("warn", f"{exc}" + (f"; {exc.hint}" if exc.hint else "")))
                continue
            except SourceError as exc:
                report.source_errors[name] = str(exc)
                app.on_event(Event("warn", str(exc)))
                continue
            except Exception as exc:
                # A third-party client or scraper can raise anything (a RecursionError deep in
                # scholarly, a TypeError on a surprising answer): that source failed, the others
                # carry on. The traceback goes to the log (--verbose), not the terminal.
                log.debug("%s failed unexpectedly", name, exc_info=True)
                problem = f"{name}: failed unexpectedly ({type(exc).__name__}: {exc})"
                problem = problem.splitlines()[0][:300]
                report.source_errors[name] = problem
                app.on_event(Event("warn", f"{problem}; continuing with the other sources"))
                continue
            report.source_counts[name] = len(papers)
            app.on_event(Event("info", f"{name}: {len(papers)} candidates"))
            found.extend(papers)
    return found


def fetch(
    app: App,
    domain_name: str,
    opts: FetchOptions | None = None,
    *,
    now_year: int | None = None,
    http_factory: Callable[[], Http] | None = None,
) -> FetchReport:
    """Find, rank, download, extract and draft notes for the domain's top papers."""
    from paperprep.http import Http
    from paperprep.merge import merge
    from paperprep.rank import rank

    opts = opts or FetchOptions()
    domain = app.domain(domain_name)
    year = now_year or dt.date.today().year
    report = FetchReport(domain.name)
    http = (
        http_factory()
        if http_factory
        else Http(app.settings, offline=opts.offline, refresh=opts.refresh)
    )
    try:
        found = _search_all(app, http, domain, opts, report)
        if not found:
            # Each source's problem was already reported on its own line as it happened.
            failed = len(report.source_errors)
            why = f"{failed} of {len(opts.sources)} failed" if failed else "none returned a paper"
            hint = None
            if not opts.offline and (app.settings.cache_dir / "http").is_dir():
                hint = f"earlier results are cached: try `paperprep fetch {domain.name} --offline`"
            elif opts.offline:
                hint = "run once without --offline to fill the cache"
            raise FetchFailed(f"no source answered for {domain.name} ({why})", hint=hint)
        merged = merge([*found, *_seed_papers(domain)])
        report.candidates = len(merged)
        if "openalex" in opts.sources and "openalex" not in report.source_errors:
            merged = _enrich(app, http, domain, merged, opts, year)
        ranked = rank(merged, domain, top=opts.top, since=opts.since, now_year=year)
        items = _store_ranked(app, domain, ranked)
        if opts.pdf and opts.offline:
            missing = sum(1 for i in items if i.pdf_status != "ok")
            if missing:
                app.on_event(
                    Event(
                        "info", f"offline: {missing} PDF(s) not downloaded; run without --offline"
                    )
                )
        elif opts.pdf:
            download_and_extract(app, http, domain.name, items, opts)
        for item in items:
            item.note = draft_note(app, item.paper_id, domain.name).path
        report.items = items
        return report
    finally:
        http.close()


def _enrich(
    app: App, http: Http, domain: Domain, merged: list[Paper], opts: FetchOptions, year: int
) -> list[Paper]:
    from paperprep.merge import merge
    from paperprep.rank import rank
    from paperprep.sources.openalex import OpenAlexSource

    pre = rank(merged, domain, top=opts.top * ENRICH_FACTOR, since=opts.since, now_year=year)
    chosen = [r.paper for r in pre]
    rest = [p for p in merged if all(p is not c for c in chosen)]
    try:
        hits = OpenAlexSource(app.settings, http).find_all(chosen)
    except SourceError as exc:
        app.on_event(Event("warn", f"citation counts not refreshed: {exc}"))
        return merged
    return merge([*enrich_with(chosen, hits), *rest])


def enrich_with(papers: Sequence[Paper], records: Sequence[Paper | None]) -> list[Paper]:
    """Each paper with what its OpenAlex record (same position, None: unknown) adds to it."""
    from paperprep.merge import combine

    return [combine([p, r]) if r else p for p, r in zip(papers, records, strict=True)]


def _store_ranked(app: App, domain: Domain, ranked: Sequence[Ranked]) -> list[FetchItem]:
    lib = app.library
    items: list[FetchItem] = []
    picked: set[int] = set()
    for r in ranked:
        paper_id, _ = lib.upsert_paper(r.paper)
        lib.link_domain(paper_id, domain.name, rank=r.rank, score=r.score, why=r.why)
        picked.add(paper_id)
        items.append(item_for(lib.record(paper_id), r.paper, rank=r.rank, why=r.why))
    lib.clear_ranks(domain.name, keep=picked)
    return items


def item_for(record: PaperRecord, paper: Paper, *, rank: int, why: str) -> FetchItem:
    """The fetch summary line of a stored paper, carrying the source record for its PDF links."""
    pdf = record.pdf
    return FetchItem(
        rank=rank,
        paper_id=record.id,
        key=record.key,
        title=record.title,
        year=record.year,
        citations=record.citations,
        citation_source=record.citation_source,
        sources=list(paper.sources),
        why=why,
        pdf_status=pdf.status if pdf else "none",
        pdf_error=pdf.error if pdf else None,
        paper=paper,
    )


def _pdf_urls(app: App, paper: Paper) -> list[str]:
    urls = [u for u in [paper.pdf_url, *paper.pdf_urls] if u]
    if paper.arxiv_id:
        built = f"{app.settings.arxiv_pdf_url}/{paper.arxiv_id}"
        if built not in urls:
            urls.append(built)
    return list(dict.fromkeys(urls))


def download_and_extract(
    app: App,
    http: Http,
    domain_name: str | None,
    items: list[FetchItem],
    opts: FetchOptions,
) -> None:
    """Download each item's PDF and extract it, overlapping the two; store what comes back.

    Used by ``fetch`` and by ``add`` of arXiv ids and DOIs. Items whose PDF is already ``ok``
    are skipped; one without a link is marked ``missing``; a failed download or extraction is
    that paper's failure and the rest go on.
    """
    from paperprep.download import download_pdf
    from paperprep.extract import ExtractResult, extract_files
    from paperprep.workflows.pdfs import store_pdf

    lib, settings = app.library, app.settings
    jobs: dict[int, tuple[FetchItem, list[str]]] = {}
    for item in items:
        if item.pdf_status == "ok":
            continue
        urls = _pdf_urls(app, item.paper) if item.paper else []
        if not urls:
            item.pdf_status, item.pdf_error = "missing", "no open-access PDF link found"
            lib.set_pdf(
                item.paper_id, path=None, sha256=None, status="missing", error=item.pdf_error
            )
            continue
        jobs[item.paper_id] = (item, urls)
    if not jobs:
        return
    app.on_event(Event("stage", "downloading and extracting", stage="pdf", total=2 * len(jobs)))
    workers = settings.workers or os.cpu_count() or 1

    def get(item: FetchItem, urls: list[str]) -> tuple[Path, str | None]:
        dest = settings.pdf_dir / f"{notes_mod.safe_filename(item.key)}.pdf"
        result = download_pdf(http, urls, dest, max_bytes=settings.max_pdf_bytes)
        return result.path, result.url

    def extract(path: Path) -> ExtractResult:
        # One worker process per file, so a pathological PDF is killed at the time limit.
        return next(
            iter(
                extract_files(
                    [path],
                    engine=opts.engine or settings.engine,
                    max_pages=settings.max_pages,
                    workers=1,
                    timeout=settings.extract_timeout,
                )
            )
        )

    # Downloads (threads, paced per host by Http) and extractions (worker processes) overlap:
    # a PDF goes to extraction the moment its download completes. Every database write happens
    # here, in this thread.
    with (
        cf.ThreadPoolExecutor(max_workers=min(4, len(jobs))) as downloads,
        cf.ThreadPoolExecutor(max_workers=workers) as extractions,
    ):
        owner: dict[cf.Future[Any], FetchItem] = {
            downloads.submit(get, item, urls): item for item, urls in jobs.values()
        }
        pending: set[cf.Future[Any]] = set(owner)
        while pending:
            done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                item = owner.pop(future)
                value = _result(future)
                if isinstance(value, PaperprepError):
                    item.pdf_status, item.pdf_error = "failed", str(value)
                    lib.set_pdf(
                        item.paper_id, path=None, sha256=None, status="failed", error=str(value)
                    )
                    app.on_event(Event("warn", f"PDF not downloaded: {value}", item.key))
                    app.on_event(Event("progress", "failed", item.key, stage="pdf", steps=2))
                elif isinstance(value, ExtractResult):
                    store_pdf(
                        app,
                        item.key,
                        value.path,
                        sha256_file(value.path),
                        value.extraction,
                        value.error,
                        domain_name,
                    )
                    item.pdf_status = "ok" if value.extraction is not None else "failed"
                    item.pdf_error = value.error
                    app.on_event(Event("progress", "extracted", item.key, stage="pdf"))
                else:
                    path, url = value
                    lib.set_pdf(
                        item.paper_id,
                        path=str(path),
                        sha256=sha256_file(path),
                        status="pending",
                        size=path.stat().st_size,
                        source_url=url,
                    )
                    app.on_event(Event("progress", "downloaded", item.key, stage="pdf"))
                    follow = extractions.submit(extract, path)
                    owner[follow] = item
                    pending.add(follow)


def _result(future: cf.Future[Any]) -> Any:
    try:
        return future.result()
    except PaperprepError as exc:
        return exc
