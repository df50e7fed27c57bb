"""``paperprep add``: local PDFs (no network needed), arXiv ids/URLs and DOIs."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from paperprep.app import App, Event
from paperprep.errors import PaperprepError, SourceError
from paperprep.files import sha256_file
from paperprep.ids import normalize_arxiv, normalize_doi
from paperprep.models import Paper
from paperprep.workflows.fetch import FetchItem, FetchOptions, download_and_extract, item_for
from paperprep.workflows.notes import draft_note
from paperprep.workflows.pdfs import AddOutcome, finish_existing, store_pdf
from paperprep.workflows.refresh import merge_with

log = logging.getLogger("paperprep")


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
        report.outcomes.extend(add_remote(app, remote, domain_name, engine=engine))
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
        if existing is not None and lib.text_missing(existing):
            # Left "ok" without its text by an interrupted older run: read it again.
            app.on_event(
                Event("info", "its text was missing from the library; reading it again", item)
            )
            pdf = None
        if sha in seen or (existing is not None and pdf is not None and pdf.status == "ok"):
            pid = existing if existing is not None else None
            if pid is None:
                continue  # the same file twice on one command line
            out.append(finish_existing(app, item, pid, domain))
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
                store_pdf(
                    app,
                    item,
                    result.path,
                    sha,
                    result.extraction,
                    result.error,
                    domain,
                    look_up=True,
                )
            )
        except PaperprepError as exc:
            out.append(AddOutcome(item, "failed", error=f"{item}: {exc}"))
    return out


def add_remote(
    app: App, items: Sequence[tuple[str, str]], domain: str | None, *, engine: str | None = None
) -> list[AddOutcome]:
    """``paperprep add`` of arXiv ids/URLs and DOIs: metadata, then the open-access PDF.

    arXiv ids are looked up on arXiv (citations from OpenAlex when it answers); DOIs on OpenAlex.
    """
    from paperprep.http import Http
    from paperprep.sources.arxiv import ArxivSource
    from paperprep.sources.openalex import OpenAlexSource

    out: list[AddOutcome] = []
    found: list[tuple[str, Paper]] = []
    with Http(app.settings) as http:
        openalex = OpenAlexSource(app.settings, http)
        arxiv_items: list[tuple[str, str]] = []
        existing: list[tuple[str, tuple[int, Paper]]] = []
        for item, kind in items:
            if kind != "arxiv":
                continue
            arxiv_id = normalize_arxiv(item)
            known = _known_arxiv(app, arxiv_id) if arxiv_id else None
            if arxiv_id is None:
                out.append(AddOutcome(item, "failed", error=f"{item}: not an arXiv id"))
            elif known is not None:
                # Already in the library: no need to ask arXiv again.
                existing.append((item, known))
            else:
                arxiv_items.append((item, arxiv_id))
        if arxiv_items:
            try:
                papers = ArxivSource(app.settings, http).lookup([a for _, a in arxiv_items])
            except SourceError as exc:
                out += [AddOutcome(i, "failed", error=f"{i}: {exc}") for i, _ in arxiv_items]
                arxiv_items, papers = [], []
            by_id = {normalize_arxiv(p.arxiv_id): p for p in papers}
            for item, arxiv_id in arxiv_items:
                paper = by_id.get(arxiv_id)
                if paper is not None:
                    found.append((item, paper))
                else:
                    out.append(AddOutcome(item, "failed", error=f"{item}: arXiv has no such paper"))
        for item, kind in items:
            if kind != "doi":
                continue
            try:
                paper = openalex.work_by_doi(normalize_doi(item) or item)
            except SourceError as exc:
                out.append(AddOutcome(item, "failed", error=f"{item}: {exc}"))
                continue
            if paper is None:
                out.append(
                    AddOutcome(item, "failed", error=f"{item}: OpenAlex does not know this DOI")
                )
            else:
                found.append((item, paper))
        fetched: list[tuple[str, FetchItem, bool]] = []
        for item, (paper_id, paper) in existing:
            if domain:
                app.library.link_domain(paper_id, domain)
            fetch_item = item_for(app.library.record(paper_id), paper, rank=0, why="added by hand")
            fetched.append((item, fetch_item, False))
        for item, paper in found:
            if "openalex" not in paper.sources:
                try:
                    paper = merge_with(paper, openalex.find(paper))
                except SourceError as exc:
                    app.on_event(Event("warn", f"no citation count: {exc}", item))
            paper_id, created = app.library.upsert_paper(paper)
            if domain:
                app.library.link_domain(paper_id, domain)
            fetch_item = item_for(app.library.record(paper_id), paper, rank=0, why="added by hand")
            fetched.append((item, fetch_item, created))
        download_and_extract(
            app, http, domain, [f for _, f, _ in fetched], FetchOptions(engine=engine)
        )
    for item, fetch_item, created in fetched:
        record = app.library.record(fetch_item.paper_id)
        note = draft_note(app, fetch_item.paper_id).path
        status = "added" if created else "exists"
        error = None
        if fetch_item.pdf_status not in ("ok",):
            error = f"{item}: PDF {fetch_item.pdf_status}: {fetch_item.pdf_error or 'none found'}"
        out.append(
            AddOutcome(item, status, fetch_item.paper_id, record.key, record.title, error, note)
        )
    return out


def _known_arxiv(app: App, arxiv_id: str) -> tuple[int, Paper] | None:
    """The library's paper with this arXiv id, its id and a :class:`Paper` for its PDF links
    (``add`` of an id that is already there says "exists" without asking arXiv)."""
    from paperprep.errors import NotFound

    try:
        record = app.library.record(app.library.resolve(arxiv_id))
    except NotFound:
        return None
    if record.arxiv_id != arxiv_id:
        return None
    return record.id, Paper(
        title=record.title,
        authors=list(record.authors),
        year=record.year,
        venue=record.venue,
        doi=record.doi,
        arxiv_id=record.arxiv_id,
        sources=["library"],
    )
