"""``paperprep fetch DOMAIN``: gather, rank, download, extract, store, draft notes.

Steps, in order (README › "What fetch does"):

1. :func:`paperprep.workflows.candidates.gather`: every chosen source searches the domain's queries
   while the seeds' citation graph is walked in OpenAlex; the results and the seeds are merged and
   every candidate with a DOI or arXiv id gets its OpenAlex record (batched). A source that fails or
   is blocked is reported in one line and the others carry on.
2. :func:`paperprep.rank.rank` picks the top N into slots (classic, core, frontier, by score);
   each pick is stored (or merged into the stored copy), linked to the domain with its rank and
   "why picked".
3. PDFs are downloaded concurrently across hosts (per-host pacing), each to a temp file that is
   renamed only when complete and valid. As each download finishes its extraction starts in a
   worker process, so downloading overlaps extraction.
4. Text, sections and evidence are stored and the notes drafted -- a note the user touched only
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
from urllib.parse import urlsplit

from paperprep import notes as notes_mod
from paperprep.app import App, Event
from paperprep.errors import DownloadError, PaperprepError
from paperprep.files import sha256_file
from paperprep.models import Domain, Paper, PaperRecord
from paperprep.workflows.notes import draft_note

if TYPE_CHECKING:
    from paperprep.http import Http
    from paperprep.rank import Ranked

log = logging.getLogger("paperprep.fetch")

#: Title look-ups (for candidates without ids) allowed per fetch, per paper asked for.
TITLE_LOOKUPS_PER_PICK = 1
#: Longest PDF link tried (a longer one is a corrupt record, not a URL).
MAX_URL = 2048


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
    #: How the ranking saw it (slot, scores, evidence); None for ``add``.
    ranked: Ranked | None = field(default=None, repr=False)

    @property
    def slot(self) -> str | None:
        return self.ranked.slot if self.ranked else None

    def to_json(self) -> dict[str, object]:
        r = self.ranked
        impact = r.paper.impact if r is not None else None
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
            "slot": r.slot if r else None,
            "score": r.score if r else None,
            "relevance": r.relevance if r else None,
            "seed": r.seed_tier if r else None,
            "facet": r.facet if r else None,
            "impact": None
            if r is None or r.impact is None
            else {
                "score": r.impact,
                "percentile": impact.percentile if impact else None,
                "top_1_percent": impact.top_1_percent if impact else None,
                "year_percentile": list(impact.year_percentile)
                if impact and impact.year_percentile
                else None,
                "fwci": impact.fwci if impact else None,
                "recent_citations": r.recent_citations,
            },
            "seed_links": None
            if r is None
            else {"cites": r.cites_seeds, "cited_by": r.cited_by_seeds},
        }


@dataclass
class FetchReport:
    domain: str
    items: list[FetchItem] = field(default_factory=list)
    #: source name -> one-line problem (blocked, unreachable, ...)
    source_errors: dict[str, str] = field(default_factory=dict)
    #: source name -> how many candidates it returned
    source_counts: dict[str, int] = field(default_factory=dict)
    #: source name -> malformed records skipped
    source_skipped: dict[str, int] = field(default_factory=dict)
    candidates: int = 0
    #: works the citation graph contributed (None: not walked), and its problem
    graph: int | None = None
    graph_error: str | None = None
    #: whose graph: the seeds', or (a domain without seeds) the best search hits' -- their
    #: OpenAlex ids
    anchors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "domain": self.domain,
            "candidates": self.candidates,
            "sources": {
                name: {
                    "papers": self.source_counts.get(name, 0),
                    "error": self.source_errors.get(name),
                    "skipped": self.source_skipped.get(name, 0),
                }
                for name in sorted(
                    set(self.source_counts) | set(self.source_errors) | set(self.source_skipped)
                )
            },
            "graph": {
                "papers": self.graph,
                "error": self.graph_error,
                "around": "best search hits" if self.anchors else "seeds",
                "anchors": list(self.anchors),
            },
            "papers": [i.to_json() for i in self.items],
        }


class FetchFailed(PaperprepError):
    """No source answered, so there is nothing to rank."""


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
    from paperprep.rank import rank
    from paperprep.workflows.candidates import gather

    opts = opts or FetchOptions()
    domain = app.domain(domain_name)
    year = now_year or dt.date.today().year
    report = FetchReport(domain.name)
    http = (
        http_factory()
        if http_factory
        else Http(app.settings, offline=opts.offline, refresh=opts.refresh)
    )

    def notify(kind: str, message: str) -> None:
        if kind == "progress":
            app.on_event(Event("progress", message, stage="search"))
        else:
            app.on_event(Event(kind, message))

    try:
        steps = len(opts.sources) + (1 if "openalex" in opts.sources and domain.seeds else 0)
        app.on_event(Event("stage", "searching", stage="search", total=steps))
        found = gather(
            app.settings,
            http,
            domain,
            opts.sources,
            since=opts.since,
            now_year=year,
            title_budget=TITLE_LOOKUPS_PER_PICK * opts.top,
            notify=notify,
        )
        report.source_errors = dict(found.errors)
        report.source_counts = dict(found.counts)
        report.source_skipped = dict(found.skipped)
        report.graph, report.graph_error = found.graph, found.graph_error
        report.anchors = list(found.anchors)
        if not found.counts:
            # Each source's problem was already reported on its own line as it happened.
            failed = len(report.source_errors)
            why = f"{failed} of {len(opts.sources)} failed" if failed else "none returned a paper"
            hint = None
            if not opts.offline and (app.settings.cache_dir / "http").is_dir():
                hint = f"earlier results are cached: try `paperprep fetch {domain.name} --offline`"
            elif opts.offline:
                hint = "run once without --offline to fill the cache"
            elif failed == len(opts.sources) and all(
                "cannot connect" in e for e in report.source_errors.values()
            ):
                # The first run on a machine without a connection (or behind a proxy).
                hint = (
                    "check the internet connection (a proxy is taken from HTTPS_PROXY); "
                    "PDFs you have need no network: `paperprep add FILE.pdf`"
                )
            raise FetchFailed(f"no source answered for {domain.name} ({why})", hint=hint)
        report.candidates = len(found.papers)
        ranked = rank(
            found.papers,
            domain,
            top=opts.top,
            since=opts.since,
            now_year=year,
            anchors=found.anchors,
        )
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
            item.note = draft_note(app, item.paper_id).path
        report.items = items
        return report
    finally:
        http.close()


def _store_ranked(app: App, domain: Domain, ranked: Sequence[Ranked]) -> list[FetchItem]:
    lib = app.library
    items: list[FetchItem] = []
    picked: set[int] = set()
    for r in ranked:
        paper_id, _ = lib.upsert_paper(r.paper)
        lib.link_domain(paper_id, domain.name, rank=r.rank, score=r.score, why=r.why)
        picked.add(paper_id)
        item = item_for(lib.record(paper_id), r.paper, rank=r.rank, why=r.why)
        item.ranked = r
        items.append(item)
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


def usable_url(url: object) -> bool:
    """Whether a PDF link from a source can be requested at all: an http(s) URL with a host,
    no spaces or control characters, a valid port, not absurdly long."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL:
        return False
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return False
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _pdf_urls(app: App, paper: Paper) -> tuple[list[str], list[str]]:
    """(links to try, links refused as unusable) for a paper's PDF."""
    urls = [u for u in [paper.pdf_url, *paper.pdf_urls] if u]
    if paper.arxiv_id:
        built = f"{app.settings.arxiv_pdf_url}/{paper.arxiv_id}"
        if built not in urls:
            urls.append(built)
    urls = list(dict.fromkeys(urls))
    return [u for u in urls if usable_url(u)], [u for u in urls if not usable_url(u)]


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
        repair = item.pdf_status == "ok" and lib.text_missing(item.paper_id)
        if item.pdf_status == "ok" and not repair:
            continue
        urls, refused = _pdf_urls(app, item.paper) if item.paper else ([], [])
        if repair and not urls:
            continue  # a file given to `add`: adding it again reads its text again
        if not urls and refused:
            shown = refused[0][:80] + ("…" if len(refused[0]) > 80 else "")
            item.pdf_status = "failed"
            item.pdf_error = f"the PDF link the source gave is not a usable URL ({shown!r})"
            lib.set_pdf(
                item.paper_id, path=None, sha256=None, status="failed", error=item.pdf_error
            )
            app.on_event(Event("warn", f"PDF not downloaded: {item.pdf_error}", item.key))
            continue
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
    """A job's value, or the problem that fails that one paper's PDF (never the whole run)."""
    try:
        return future.result()
    except PaperprepError as exc:
        return exc
    except Exception as exc:  # a library raising something unexpected for one odd link or file
        log.debug("PDF job failed unexpectedly", exc_info=True)
        return DownloadError(f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
