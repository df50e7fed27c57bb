"""OpenAlex over our Http: search a domain's queries and enrich other sources' candidates.

OpenAlex gives citation counts (``cited_by_count``), abstracts (as an inverted index) and
open-access PDF links. Since Feb 2026 it wants a (free) API key: ``settings.openalex_key`` is sent
as the ``api_key`` parameter, which never reaches the cache key or the logs. Error bodies can be
HTML rather than JSON; a 404 on a singleton lookup means "not in OpenAlex", not an error.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from paperprep.errors import SourceError
from paperprep.http import Http
from paperprep.ids import normalize_arxiv, normalize_doi, normalize_title
from paperprep.models import Domain, Paper
from paperprep.settings import Settings

log = logging.getLogger(__name__)

NAME = "openalex"
#: DOIs per batched look-up (OpenAlex takes up to 100 values OR-ed in one filter; 50 keeps the
#: URL short).
DOI_BATCH = 50
#: Title look-ups in flight at once while enriching (their starts are still paced).
TITLE_LOOKUPS = 4


def rebuild_abstract(index: Mapping[str, list[int]] | None) -> str | None:
    """The abstract text from OpenAlex's ``abstract_inverted_index`` (word -> positions)."""
    if not index:
        return None
    positions: dict[int, str] = {}
    for word, where in index.items():
        for pos in where or []:
            positions[int(pos)] = word
    text = " ".join(positions[p] for p in sorted(positions))
    return text.strip() or None


def _short_id(value: str | None) -> str | None:
    if not value:
        return None
    return value.rstrip("/").rsplit("/", 1)[-1] or None


def _arxiv_from_work(work: Mapping[str, Any], doi: str | None) -> str | None:
    found = normalize_arxiv(doi) if doi and doi.startswith("10.48550/") else None
    if found:
        return found
    for loc in work.get("locations") or []:
        for key in ("landing_page_url", "pdf_url"):
            url = (loc or {}).get(key) or ""
            if "arxiv.org/" in url:
                found = normalize_arxiv(url)
                if found:
                    return found
    return None


def to_paper(work: Mapping[str, Any], *, pdf_base: str = "https://arxiv.org/pdf") -> Paper:
    """Map one OpenAlex Work object to a :class:`Paper` (pure)."""
    doi = normalize_doi(work.get("doi") or (work.get("ids") or {}).get("doi"))
    arxiv_id = _arxiv_from_work(work, doi)
    primary = work.get("primary_location") or {}
    venue_source = primary.get("source") or {}
    venue = venue_source.get("display_name") if venue_source.get("type") != "repository" else None
    links: list[str] = []
    best = work.get("best_oa_location") or {}
    candidates = [best.get("pdf_url"), primary.get("pdf_url")]
    candidates += [(loc or {}).get("pdf_url") for loc in work.get("locations") or []]
    if arxiv_id:
        candidates.append(f"{pdf_base.rstrip('/')}/{arxiv_id}")
    for url in candidates:
        if url and url not in links:
            links.append(url)
    authors = [
        str(a["author"]["display_name"]).strip()
        for a in work.get("authorships") or []
        if (a.get("author") or {}).get("display_name")
    ]
    count = work.get("cited_by_count")
    return Paper(
        title=" ".join(str(work.get("title") or work.get("display_name") or "").split()),
        authors=authors,
        year=work.get("publication_year"),
        venue=venue,
        abstract=rebuild_abstract(work.get("abstract_inverted_index")),
        doi=doi,
        arxiv_id=arxiv_id,
        openalex_id=_short_id(work.get("id")),
        citations=int(count) if isinstance(count, int) else None,
        citation_source=NAME if isinstance(count, int) else None,
        pdf_url=links[0] if links else None,
        pdf_urls=links[1:],
        url=f"https://doi.org/{doi}" if doi else work.get("id"),
        sources=[NAME],
    )


def _error_detail(content: bytes) -> str:
    text = content.decode("utf-8", "replace")
    try:
        data = json.loads(text)
        if isinstance(data, dict):
            for key in ("message", "error"):
                if data.get(key):
                    return " ".join(str(data[key]).split())[:160]
    except ValueError:
        pass
    title = re.search(r"<title>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    if title:
        return " ".join(html.unescape(title.group(1)).split())[:160]
    return " ".join(text.split())[:160]


class OpenAlexSource:
    """Search OpenAlex and enrich papers from other sources with its counts and links."""

    name = NAME

    def __init__(self, settings: Settings, http: Http) -> None:
        self.settings = settings
        self.http = http
        self.base = settings.openalex_url.rstrip("/")

    def _get(self, path: str, params: dict[str, str | int], *, singleton: bool) -> Any | None:
        if self.settings.openalex_key:
            params = {**params, "api_key": self.settings.openalex_key}
        url = f"{self.base}{path}"
        resp = self.http.get_text(url, params=params, source=NAME)
        if resp.status == 404 and singleton:
            return None
        if resp.status in (401, 403):
            raise SourceError(
                NAME,
                f"OpenAlex refused the request (HTTP {resp.status}: {_error_detail(resp.content)})",
                hint="check PAPERPREP_OPENALEX_KEY (a free key from openalex.org)",
            )
        if resp.status != 200:
            raise SourceError(
                NAME, f"OpenAlex answered HTTP {resp.status} ({_error_detail(resp.content)})"
            )
        try:
            return resp.json()
        except ValueError:
            self.http.forget(url, params)
            kind = resp.content_type or "unknown type"
            raise SourceError(NAME, f"OpenAlex sent a non-JSON answer ({kind})") from None

    def search(self, domain: Domain, *, limit: int, since: int | None) -> list[Paper]:
        """The ``limit`` most-cited works matching each of ``domain.queries["openalex"]``."""
        papers: list[Paper] = []
        for query in domain.queries.get(NAME, []):
            params: dict[str, str | int] = {
                "search": query,
                "sort": "cited_by_count:desc",
                "per-page": max(1, min(limit, 200)),
            }
            if since is not None:
                params["filter"] = f"publication_year:>{since - 1}"
            data = self._get("/works", params, singleton=False)
            results = data.get("results") if isinstance(data, dict) else None
            if not isinstance(results, list):
                raise SourceError(NAME, "OpenAlex's answer has no results list")
            papers.extend(
                to_paper(w, pdf_base=self.settings.arxiv_pdf_url)
                for w in results[:limit]
                if isinstance(w, dict)
            )
        return [p for p in papers if p.title]

    def work_by_doi(self, doi: str) -> Paper | None:
        """The work with this DOI, or None when OpenAlex does not know it."""
        norm = normalize_doi(doi)
        if norm is None:
            return None
        data = self._get(f"/works/https://doi.org/{quote(norm, safe='')}", {}, singleton=True)
        if not isinstance(data, dict) or not data.get("id"):
            return None
        return to_paper(data, pdf_base=self.settings.arxiv_pdf_url)

    def works_by_dois(self, dois: Iterable[str]) -> dict[str, Paper]:
        """OpenAlex's works for many DOIs at once: {normalised DOI: paper}; unknown ones absent.

        One request per ``DOI_BATCH`` DOIs (``filter=doi:a|b|…``) instead of one per DOI: at
        OpenAlex's polite spacing this is what makes enriching 40 candidates take a second or
        two rather than 40. DOIs holding the filter syntax's own separators are left out (the
        caller looks those up one by one).
        """
        wanted = [d for d in dict.fromkeys(normalize_doi(x) for x in dois) if d and _batchable(d)]
        found: dict[str, Paper] = {}
        for start in range(0, len(wanted), DOI_BATCH):
            chunk = wanted[start : start + DOI_BATCH]
            data = self._get(
                "/works",
                {"filter": "doi:" + "|".join(chunk), "per-page": len(chunk)},
                singleton=False,
            )
            results = data.get("results") if isinstance(data, dict) else None
            if not isinstance(results, list):
                raise SourceError(NAME, "OpenAlex's answer has no results list")
            asked = set(chunk)
            for work in results:
                if not isinstance(work, dict):
                    continue
                paper = to_paper(work, pdf_base=self.settings.arxiv_pdf_url)
                if paper.doi in asked and paper.title:
                    found.setdefault(paper.doi, paper)
        return found

    def work_by_title(self, title: str, year: int | None = None) -> Paper | None:
        """The work whose normalised title equals ``title`` (and year within one), if any."""
        wanted = normalize_title(title)
        if not wanted:
            return None
        # Commas separate OpenAlex filters and colons separate names from values.
        clean = re.sub(r"[,:|]+", " ", title)
        data = self._get(
            "/works",
            {"filter": f"title.search:{' '.join(clean.split())}", "per-page": 5},
            singleton=False,
        )
        for work in (data or {}).get("results") or []:
            paper = to_paper(work, pdf_base=self.settings.arxiv_pdf_url)
            if normalize_title(paper.title) != wanted:
                continue
            if year is not None and paper.year is not None and abs(year - paper.year) > 1:
                continue
            return paper
        return None

    def find(self, paper: Paper) -> Paper | None:
        """OpenAlex's record of ``paper``: by DOI, then arXiv id (its DataCite DOI), then title.

        One paper, singleton look-ups (``add`` of a DOI or arXiv id); ``enrich`` batches them.
        """
        for doi in _doi_keys(paper):
            found = self.work_by_doi(doi) if doi else None
            if found:
                return found
        return self.work_by_title(paper.title, paper.year)

    def find_all(self, papers: list[Paper]) -> list[Paper | None]:
        """OpenAlex's record of each of ``papers`` (citation count, abstract, ids, OA PDF links),
        in the same order; None where OpenAlex does not know it or it already came from OpenAlex.

        Found by DOI, then by arXiv id (its DataCite DOI) -- both in batched requests -- then by
        title, one request per paper left. Merging each record into its paper is the caller's
        job (``workflows.fetch``): an adapter returns records.
        """
        todo = [i for i, p in enumerate(papers) if not (NAME in p.sources and p.openalex_id)]
        keys = {i: _doi_keys(papers[i]) for i in todo}
        by_doi = self.works_by_dois(doi for pair in keys.values() for doi in pair if doi)
        hits: list[Paper | None] = [None] * len(papers)
        left: list[int] = []
        for i in todo:
            doi, arxiv_doi = keys[i]
            hits[i] = by_doi.get(doi or "") or by_doi.get(arxiv_doi or "")
            if hits[i] is None and doi and not _batchable(doi):
                hits[i] = self.work_by_doi(doi)
            if hits[i] is None:
                left.append(i)
        if left:
            # Title look-ups overlap (a few threads); the shared Http still spaces their starts
            # by the host delay, so OpenAlex sees the same request rate, minus the idle waits.
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=min(TITLE_LOOKUPS, len(left))) as pool:
                titled = pool.map(
                    lambda i: self.work_by_title(papers[i].title, papers[i].year), left
                )
                for i, hit in zip(left, titled, strict=True):
                    hits[i] = hit
        return hits


def _batchable(doi: str) -> bool:
    """Whether ``doi`` can go into a ``filter=doi:a|b`` value (no ``,`` or ``|`` of its own)."""
    return not re.search(r"[,|]", doi)


def _doi_keys(paper: Paper) -> tuple[str | None, str | None]:
    """The DOIs OpenAlex may know ``paper`` by: its own, and its arXiv DataCite DOI."""
    doi = normalize_doi(paper.doi)
    arxiv_id = normalize_arxiv(paper.arxiv_id)
    arxiv_doi = f"10.48550/arxiv.{arxiv_id}" if arxiv_id else None
    return doi, arxiv_doi if arxiv_doi != doi else None
