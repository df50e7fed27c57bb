"""arXiv through the ``arxiv`` package, with its I/O routed through our :class:`Http`.

``arxiv.Client`` (4.x) builds page URLs from ``query_url_format``, paginates and parses the Atom
feed with its own lxml parser into ``arxiv.Result`` objects, but fetches with ``requests``. We
keep all of that except the fetch: :class:`_Client` overrides ``_parse_feed`` so each page goes
through :class:`~paperprep.http.Http` (cache, ``--offline``, the 3-second arXiv pacing, one
connection, retries on 429/503 and connection errors) and retries the API's spurious empty pages
(``UnexpectedEmptyPageError``) without caching them.

An answer that is not an Atom feed (an HTML "Rate exceeded" page, a body that is not UTF-8) is
an error, never "0 candidates". An entry arxiv's parser cannot read (a date that is not a date)
or that does not map to a paper is skipped and counted in :attr:`ArxivSource.skipped`; the rest
of the page is kept.
"""

from __future__ import annotations

import html
import logging
import re
from datetime import datetime
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


#: Years an arXiv entry can have (arXiv opened in 1991).
YEARS = range(1991, 2101)


def to_paper(result: Any, *, pdf_base: str = "https://arxiv.org/pdf") -> Paper:
    """Map one ``arxiv.Result`` to a :class:`Paper` (pure; arXiv has no citation counts)."""
    arxiv_id = normalize_arxiv(result.get_short_id())
    journal_ref = (result.journal_ref or "").strip() or None
    published = getattr(result, "published", None)
    year = published.year if isinstance(published, datetime) else None
    if year is not None and year not in YEARS:
        year = None
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
        #: Entries skipped because arxiv's parser could not read them.
        self.skipped = 0

    def _parse_feed(self, url: str, first_page: bool = True, _try_index: int = 0) -> Any:
        for attempt in range(self.num_retries + 1):
            resp = self._http.get_text(url, source=NAME)
            if resp.status != 200:
                raise SourceError(NAME, _api_error(resp.status, resp.content))
            problem = _not_a_feed(resp.content)
            if problem:
                self._http.forget(url)
                raise SourceError(
                    NAME, problem, hint="arXiv may be rate limiting us; run again in a minute"
                )
            feed, skipped = _parse(resp.content)
            self.skipped += skipped
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


_FEED_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<feed\b", re.DOTALL
)


def _not_a_feed(content: bytes) -> str | None:
    """Why a 200 answer is not an arXiv Atom feed (None when it is one)."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return "the API's answer could not be decoded (not UTF-8 text)"
    if _FEED_START.match(content):
        return None
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    shown = html.unescape(title.group(1)) if title else re.sub(r"<[^>]+>", " ", text)
    shown = " ".join(shown.split())[:120]
    return "the API answered with a page that is not an Atom feed" + (
        f" ({shown!r})" if shown else " (empty)"
    )


def _parse(content: bytes) -> tuple[Any, int]:
    """arxiv's parsed feed, and how many entries it could not read (they are left out).

    arxiv's parser raises on the first entry with, e.g., an ``<updated>`` that is not a date,
    losing the whole page; then the entries are parsed one by one and the bad ones skipped.
    """
    try:
        return _feed.parse(content), 0
    except (ValueError, TypeError, OverflowError):
        pass
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    root = etree.fromstring(content, parser=parser)
    results, skipped = [], 0
    entries = list(root.iterfind("atom:entry", _feed._NS))
    for entry in entries:
        try:
            result = _feed._build_result(entry)
        except (ValueError, TypeError, OverflowError):
            skipped += 1
            continue
        if result is not None:
            results.append(result)
    for entry in entries:
        root.remove(entry)
    feed = _feed.parse(etree.tostring(root))
    feed.results = results
    return feed, skipped


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
        #: Entries skipped because they could not be read or mapped (all calls so far).
        self.skipped = 0

    def _run(self, search: arxiv.Search, limit: int) -> list[Paper]:
        client = _Client(self.http, self.settings, page_size=max(1, min(limit, self.page_size)))
        papers: list[Paper] = []
        try:
            for result in client.results(search):
                if "/api/errors" in result.entry_id:
                    raise SourceError(
                        NAME, f"the API rejected the query ({result.summary.strip()})"
                    )
                try:
                    paper = to_paper(result, pdf_base=self.settings.arxiv_pdf_url)
                except (ValueError, TypeError, AttributeError, OverflowError):
                    self.skipped += 1
                    log.info("skipped an arXiv entry that does not map to a paper", exc_info=True)
                    continue
                if paper.title:
                    papers.append(paper)
        except arxiv.ArxivError as exc:  # defensive: our _parse_feed raises SourceError
            raise SourceError(NAME, str(exc)) from None
        finally:
            self.skipped += client.skipped
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
