"""arXiv through the ``arxiv`` package, with its I/O routed through our :class:`Http`.

``arxiv.Client`` (4.x) builds page URLs from ``query_url_format``, paginates and parses the Atom
feed with its own lxml parser into ``arxiv.Result`` objects, but fetches with ``requests``. We
keep all of that except the fetch: :class:`_Client` overrides ``_parse_feed`` so each page goes
through :class:`~paperprep.http.Http` (cache, ``--offline``, the 3-second arXiv pacing, one
connection, retries on 429/503 and connection errors) and retries the API's spurious empty pages
(``UnexpectedEmptyPageError``) without caching them.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

import arxiv
from arxiv import _feed

from paperprep.errors import SourceError
from paperprep.http import Http
from paperprep.ids import normalize_arxiv, normalize_doi
from paperprep.models import Domain, Paper
from paperprep.settings import Settings

log = logging.getLogger(__name__)

NAME = "arxiv"
_FIELD = re.compile(r"\b(all|ti|abs|au|cat|co|jr|rn|id|submittedDate):", re.IGNORECASE)


def pdf_link(result: Any, pdf_base: str) -> str:
    """The PDF URL of an entry: its ``title="pdf"`` link, else any link that looks like a PDF
    (``type="application/pdf"`` or ``/pdf/`` in the href: the Nov 2025 API dropped the title),
    else ``{pdf_base}/{id}`` built from the id."""
    if getattr(result, "pdf_url", None):
        return str(result.pdf_url)
    for link in getattr(result, "links", []) or []:
        if (link.content_type or "").lower() == "application/pdf" or "/pdf/" in link.href:
            return str(link.href)
    return f"{pdf_base.rstrip('/')}/{normalize_arxiv(result.get_short_id())}"


def to_paper(result: Any, *, pdf_base: str = "https://arxiv.org/pdf") -> Paper:
    """Map one ``arxiv.Result`` to a :class:`Paper` (pure; arXiv has no citation counts)."""
    arxiv_id = normalize_arxiv(result.get_short_id())
    journal_ref = (result.journal_ref or "").strip() or None
    published = getattr(result, "published", None)
    year = published.year if published is not None and published.year > 1 else None
    return Paper(
        title=re.sub(r"\s+", " ", result.title or "").strip(),
        authors=[a.name.strip() for a in result.authors if a.name and a.name.strip()],
        year=year,
        venue=journal_ref,
        abstract=re.sub(r"\s+", " ", result.summary or "").strip() or None,
        doi=normalize_doi(result.doi),
        arxiv_id=arxiv_id,
        pdf_url=pdf_link(result, pdf_base),
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else result.entry_id,
        sources=[NAME],
    )


def build_query(query: str, categories: list[str], since: int | None) -> str:
    """The ``search_query`` for one domain query: fielded queries pass through, plain text
    becomes a phrase in ``all:``; restricted to the domain's categories and ``since``."""
    query = query.strip()
    if not _FIELD.search(query):
        query = f'all:"{query}"' if " " in query else f"all:{query}"
    parts = [f"({query})"]
    if categories:
        parts.append("(" + " OR ".join(f"cat:{c}" for c in categories) + ")")
    if since is not None:
        parts.append(f"submittedDate:[{since}01010000 TO 999912312359]")
    return " AND ".join(parts)


class _Client(arxiv.Client):  # type: ignore[misc]
    """``arxiv.Client`` whose pages are fetched through our Http."""

    def __init__(self, http: Http, settings: Settings, *, page_size: int) -> None:
        # Pacing lives in Http (it also spaces cache misses only), so the client's own is off.
        super().__init__(page_size=page_size, delay_seconds=0.0, num_retries=settings.retries)
        self.query_url_format = settings.arxiv_url + "?{}"
        self._http = http

    def _parse_feed(self, url: str, first_page: bool = True, _try_index: int = 0) -> Any:
        for attempt in range(self.num_retries + 1):
            resp = self._http.get_text(url, source=NAME)
            if resp.status != 200:
                raise SourceError(NAME, _api_error(resp.status, resp.content))
            feed = _feed.parse(resp.content)
            if feed.malformed:
                self._http.forget(url)
                raise SourceError(NAME, f"could not read the API's answer ({feed.error})")
            if feed.results or first_page:
                return feed
            # A spurious empty page (known arXiv flakiness): don't keep it, ask again.
            self._http.forget(url)
            log.info("arXiv returned an unexpectedly empty page (try %d): %s", attempt + 1, url)
        raise SourceError(
            NAME,
            f"the API kept returning empty pages ({self.num_retries + 1} tries)",
            hint="arXiv is flaky at times; run again later (answers so far are cached)",
        )


def _api_error(status: int, content: bytes) -> str:
    # The error entry has no <published>, so arxiv's parser skips it: read its summary directly.
    match = re.search(rb"<summary[^>]*>(.*?)</summary>", content, re.DOTALL)
    summary = html.unescape(match.group(1).decode("utf-8", "replace")).strip() if match else ""
    summary = " ".join(summary.split())[:200]
    if summary:
        return f"the API rejected the query (HTTP {status}: {summary})"
    return f"the API answered HTTP {status}"


class ArxivSource:
    """Search arXiv for a domain's queries."""

    name = NAME

    def __init__(self, settings: Settings, http: Http, *, page_size: int = 100) -> None:
        self.settings = settings
        self.http = http
        self.page_size = page_size

    def _run(self, search: arxiv.Search, limit: int) -> list[Paper]:
        client = _Client(self.http, self.settings, page_size=max(1, min(limit, self.page_size)))
        papers: list[Paper] = []
        try:
            for result in client.results(search):
                if "/api/errors" in result.entry_id:
                    raise SourceError(
                        NAME, f"the API rejected the query ({result.summary.strip()})"
                    )
                paper = to_paper(result, pdf_base=self.settings.arxiv_pdf_url)
                if paper.title:
                    papers.append(paper)
        except arxiv.ArxivError as exc:  # defensive: our _parse_feed raises SourceError
            raise SourceError(NAME, str(exc)) from None
        return papers

    def search(self, domain: Domain, *, limit: int, since: int | None) -> list[Paper]:
        """Up to ``limit`` papers for each of ``domain.queries["arxiv"]`` (by relevance)."""
        papers: list[Paper] = []
        for query in domain.queries.get(NAME, []):
            search = arxiv.Search(
                query=build_query(query, domain.arxiv_categories, since),
                max_results=limit,
                sort_by=arxiv.SortCriterion.Relevance,
            )
            papers.extend(self._run(search, limit))
        return papers

    def lookup(self, ids: list[str]) -> list[Paper]:
        """The papers with these arXiv ids (for ``paperprep add``)."""
        if not ids:
            return []
        search = arxiv.Search(id_list=[normalize_arxiv(i) or i for i in ids])
        search.max_results = len(ids)
        return self._run(search, len(ids))
