"""OpenAlex over our Http: search a domain's queries, look works up, walk the citation graph.

OpenAlex gives citation counts (``cited_by_count``) and its normalised impact
(``citation_normalized_percentile``, ``cited_by_percentile_year``, ``fwci``, ``counts_by_year``),
abstracts (as an inverted index), open-access PDF links and the citation graph
(``referenced_works``; the ``cites:`` filter). Since Feb 2026 it wants a (free) API key:
``settings.openalex_key`` is sent as the ``api_key`` parameter, which never reaches the cache key
or the logs. Error bodies can be HTML rather than JSON; a 404 on a singleton lookup means "not in
OpenAlex", not an error.

The adapter returns records; it does not merge or rank (that is the job of
:mod:`paperprep.workflows.candidates` and :mod:`paperprep.rank`). A work whose answer does not have
OpenAlex's shape (a year that is text or absurd, a title that is not a string, a corrupt abstract
index, ...) is skipped and counted in :attr:`OpenAlexSource.skipped`; a malformed author or location
inside a good work is left out on its own. PDF links are passed on as OpenAlex wrote them (strings
only): whether one is usable is the downloader's question, so a bad link fails that paper's PDF
only.
"""

from __future__ import annotations

import html
import json
import logging
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeGuard
from urllib.parse import quote

from paperprep.errors import SourceError
from paperprep.http import Http
from paperprep.ids import normalize_arxiv, normalize_doi, normalize_title
from paperprep.models import Domain, Impact, Paper
from paperprep.settings import Settings

log = logging.getLogger(__name__)

NAME = "openalex"
#: Values OR-ed in one filter (``doi:a|b|…``, ``cites:W1|W2``): OpenAlex's documented cap is 50.
BATCH = 50
#: Kept for callers of the old name.
DOI_BATCH = BATCH
#: The Work fields paperprep reads; ``select=`` keeps list answers small.
SELECT = ",".join(
    (
        "id",
        "doi",
        "title",
        "display_name",
        "publication_year",
        "ids",
        "authorships",
        "primary_location",
        "best_oa_location",
        "locations",
        "abstract_inverted_index",
        "cited_by_count",
        "citation_normalized_percentile",
        "cited_by_percentile_year",
        "fwci",
        "counts_by_year",
        "referenced_works",
        "primary_topic",
    )
)
#: Years a work may plausibly carry (a year outside this is a corrupt record).
YEARS = range(1600, 2101)
#: Longest abstract index we rebuild (positions); OpenAlex abstracts are a few hundred words.
MAX_ABSTRACT_WORDS = 20_000


class BadRecord(ValueError):
    """A work in an OpenAlex answer that does not have OpenAlex's shape."""


def rebuild_abstract(index: Mapping[str, Any] | None) -> str | None:
    """The abstract text from OpenAlex's ``abstract_inverted_index`` (word -> positions).

    :raises BadRecord: the index is not a mapping of words to lists of positions.
    """
    if not index:
        return None
    if not isinstance(index, Mapping):
        raise BadRecord("abstract_inverted_index is not an object")
    positions: dict[int, str] = {}
    for word, where in index.items():
        if not isinstance(where, list):
            raise BadRecord("abstract_inverted_index has a word without a list of positions")
        for pos in where:
            if not _is_int(pos) or not 0 <= pos < MAX_ABSTRACT_WORDS:
                raise BadRecord("abstract_inverted_index has a position that is not a number")
            positions[pos] = str(word)
    text = " ".join(positions[p] for p in sorted(positions))
    return text.strip() or None


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _short_id(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecord("id is not a string")
    short = value.rstrip("/").rsplit("/", 1)[-1]
    return short if re.fullmatch(r"W\d+", short) else None


def _obj(value: Any) -> Mapping[str, Any]:
    """A nested object, or an empty one when the answer has something else there."""
    return value if isinstance(value, Mapping) else {}


def _locations(work: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found = work.get("locations")
    return [loc for loc in found if isinstance(loc, Mapping)] if isinstance(found, list) else []


def _arxiv_from_work(work: Mapping[str, Any], doi: str | None) -> str | None:
    found = normalize_arxiv(doi) if doi and doi.startswith("10.48550/") else None
    if found:
        return found
    for loc in _locations(work):
        for key in ("landing_page_url", "pdf_url"):
            url = loc.get(key)
            if isinstance(url, str) and "arxiv.org/" in url:
                found = normalize_arxiv(url)
                if found:
                    return found
    return None


def _year(work: Mapping[str, Any]) -> int | None:
    year = work.get("publication_year")
    if year is None:
        return None
    if not _is_int(year) or year not in YEARS:
        raise BadRecord(f"publication_year is not a year ({str(year)[:20]!r})")
    return int(year)


def _impact(work: Mapping[str, Any]) -> Impact | None:
    """OpenAlex's normalised impact of a work, checked field by field (pure)."""
    keys = ("citation_normalized_percentile", "cited_by_percentile_year", "fwci", "counts_by_year")
    if all(work.get(k) is None for k in keys):
        return None
    percentile = None
    top1 = top10 = False
    cnp = work.get("citation_normalized_percentile")
    if cnp is not None:
        if not isinstance(cnp, Mapping):
            raise BadRecord("citation_normalized_percentile is not an object")
        value = cnp.get("value")
        if value is not None:
            percentile = _number(value)
            if percentile is None or not 0.0 <= percentile <= 1.0:
                raise BadRecord("citation_normalized_percentile.value is not in 0..1")
        top1 = cnp.get("is_in_top_1_percent") is True
        top10 = cnp.get("is_in_top_10_percent") is True or top1
    year_pct = None
    cpy = work.get("cited_by_percentile_year")
    if cpy is not None:
        if not isinstance(cpy, Mapping):
            raise BadRecord("cited_by_percentile_year is not an object")
        low, high = cpy.get("min"), cpy.get("max")
        if low is not None or high is not None:
            if not (_is_int(low) and _is_int(high) and 0 <= low <= high <= 100):
                raise BadRecord("cited_by_percentile_year is not a range in 0..100")
            year_pct = (int(low), int(high))
    fwci = None
    if work.get("fwci") is not None:
        fwci = _number(work.get("fwci"))
        if fwci is None or fwci < 0:
            raise BadRecord("fwci is not a non-negative number")
    counts: dict[int, int] = {}
    cby = work.get("counts_by_year")
    if cby is not None:
        if not isinstance(cby, list):
            raise BadRecord("counts_by_year is not a list")
        for entry in cby:
            if not isinstance(entry, Mapping):
                raise BadRecord("counts_by_year has an entry that is not an object")
            year, count = entry.get("year"), entry.get("cited_by_count")
            if not (_is_int(year) and year in YEARS and _is_int(count) and count >= 0):
                raise BadRecord("counts_by_year has an entry without a year and a count")
            counts[int(year)] = counts.get(int(year), 0) + int(count)
    return Impact(
        percentile=percentile,
        top_1_percent=top1,
        top_10_percent=top10,
        year_percentile=year_pct,
        fwci=fwci,
        counts_by_year=tuple(sorted(counts.items(), reverse=True)),
    )


def _references(work: Mapping[str, Any]) -> list[str]:
    refs = work.get("referenced_works")
    if refs is None:
        return []
    if not isinstance(refs, list):
        raise BadRecord("referenced_works is not a list")
    found = []
    for ref in refs:
        short = _short_id(ref) if isinstance(ref, str) else None
        if short:
            found.append(short)
    return sorted(set(found))


def to_paper(work: Mapping[str, Any], *, pdf_base: str = "https://arxiv.org/pdf") -> Paper:
    """Map one OpenAlex Work object to a :class:`Paper` (pure).

    :raises BadRecord: the work does not have OpenAlex's shape (see the module docstring).
    """
    if not isinstance(work, Mapping):
        raise BadRecord("a result is not an object")
    title = work.get("title") or work.get("display_name") or ""
    if not isinstance(title, str):
        raise BadRecord("title is not a string")
    raw_doi = work.get("doi") or _obj(work.get("ids")).get("doi")
    if raw_doi is not None and not isinstance(raw_doi, str):
        raise BadRecord("doi is not a string")
    doi = normalize_doi(raw_doi)
    arxiv_id = _arxiv_from_work(work, doi)
    primary = _obj(work.get("primary_location"))
    venue_source = _obj(primary.get("source"))
    venue = venue_source.get("display_name") if venue_source.get("type") != "repository" else None
    links: list[str] = []
    best = _obj(work.get("best_oa_location"))
    candidates = [best.get("pdf_url"), primary.get("pdf_url")]
    candidates += [loc.get("pdf_url") for loc in _locations(work)]
    if arxiv_id:
        candidates.append(f"{pdf_base.rstrip('/')}/{arxiv_id}")
    for url in candidates:
        # Only strings; whether a link is usable is decided when it is downloaded.
        if isinstance(url, str) and url.strip() and url not in links:
            links.append(url)
    authorships = work.get("authorships")
    if authorships is not None and not isinstance(authorships, list):
        raise BadRecord("authorships is not a list")
    authors = []
    for entry in authorships or []:
        name = _obj(_obj(entry).get("author")).get("display_name")
        if isinstance(name, str) and name.strip():
            authors.append(" ".join(name.split()))
    count = work.get("cited_by_count")
    if count is not None and not _is_int(count):
        count = None  # a count we cannot read is unknown, not zero
    if count is not None and count < 0:
        raise BadRecord("cited_by_count is negative")
    openalex_id = _short_id(work.get("id"))
    topic_id = _obj(work.get("primary_topic")).get("id")
    topic = topic_id.rstrip("/").rsplit("/", 1)[-1] if isinstance(topic_id, str) else None
    return Paper(
        title=" ".join(title.split()),
        authors=authors,
        year=_year(work),
        venue=venue if isinstance(venue, str) and venue.strip() else None,
        abstract=rebuild_abstract(work.get("abstract_inverted_index")),
        doi=doi,
        arxiv_id=arxiv_id,
        openalex_id=openalex_id,
        citations=count,
        citation_source=NAME if count is not None else None,
        pdf_url=links[0] if links else None,
        pdf_urls=links[1:],
        url=f"https://doi.org/{doi}" if doi else _work_url(openalex_id),
        sources=[NAME],
        impact=_impact(work),
        references=_references(work),
        openalex_ids=[openalex_id] if openalex_id else [],
        topic=topic or None,
    )


def _work_url(openalex_id: str | None) -> str | None:
    return f"https://openalex.org/{openalex_id}" if openalex_id else None


def _error_detail(content: bytes) -> str:
    text = content.decode("utf-8", "replace")
    try:
        data = json.loads(text)
        if isinstance(data, dict):
            for key in ("message", "error"):
                if data.get(key):
                    return " ".join(str(data[key]).split())[:160]
    except (ValueError, RecursionError):
        pass
    title = re.search(r"<title>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    if title:
        return " ".join(html.unescape(title.group(1)).split())[:160]
    return " ".join(text.split())[:160]


def search_value(query: str) -> str:
    """A domain query as the value of a ``title_and_abstract.search`` filter.

    Quoted phrases and the upper-case AND/OR/NOT of OpenAlex's boolean search pass through;
    a comma would end the filter (filters are comma-separated) and ``|`` would OR filter values,
    so a ``|`` between alternatives becomes `` OR `` and a comma a space.
    """
    value = query.replace("|", " OR ").replace(",", " ")
    return " ".join(value.split())


class OpenAlexSource:
    """Search OpenAlex, look works up by DOI, id or title, and walk the citation graph."""

    name = NAME

    def __init__(self, settings: Settings, http: Http) -> None:
        self.settings = settings
        self.http = http
        self.base = settings.openalex_url.rstrip("/")
        #: Works skipped because their record did not have OpenAlex's shape (all calls so far).
        self.skipped = 0

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
        except (ValueError, RecursionError):
            self.http.forget(url, params)
            kind = resp.content_type or "unknown type"
            raise SourceError(NAME, f"OpenAlex sent a non-JSON answer ({kind})") from None

    def _list(self, params: dict[str, str | int]) -> list[Paper]:
        """The works of one ``/works`` list request, malformed ones skipped and counted."""
        data = self._get("/works", {**params, "select": SELECT}, singleton=False)
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, list):
            raise SourceError(NAME, "OpenAlex's answer has no results list")
        return self._papers(results)

    def _papers(self, works: Iterable[Any]) -> list[Paper]:
        papers = []
        for work in works:
            try:
                paper = to_paper(work, pdf_base=self.settings.arxiv_pdf_url)
            except BadRecord as exc:
                self.skipped += 1
                log.info("skipped a malformed OpenAlex work: %s", exc)
                continue
            if paper.title:
                papers.append(paper)
        return papers

    def search(self, domain: Domain, *, limit: int, since: int | None) -> list[Paper]:
        """The ``limit`` most-cited works whose title or abstract matches each of
        ``domain.queries["openalex"]`` (``title_and_abstract.search``: not the full text, which
        drifts into any paper that mentions the words once).

        OpenAlex's newest reference marks the ``.search`` filters "deprecated" in favour of the
        ``search`` parameter, which cannot be restricted to title and abstract; the filter is
        documented (boolean operators, quoted phrases, stemming) and answers, so it stays. If
        it is ever removed, this is the one place to change.
        """
        papers: list[Paper] = []
        for query in domain.queries.get(NAME, []):
            value = search_value(query)
            if not value:
                continue
            papers.extend(self._most_cited(f"title_and_abstract.search:{value}", since, limit))
        return papers

    def _most_cited(self, filter_: str, since: int | None, limit: int) -> list[Paper]:
        """The ``limit`` most cited works matching ``filter_`` (published in or after ``since``)."""
        filters = [filter_]
        if since is not None:
            filters.append(f"publication_year:>{since - 1}")
        params: dict[str, str | int] = {
            "filter": ",".join(filters),
            "sort": "cited_by_count:desc",
            "per-page": max(1, min(limit, 200)),
        }
        return self._list(params)[:limit]

    def work_by_doi(self, doi: str) -> Paper | None:
        """The work with this DOI, or None when OpenAlex does not know it."""
        norm = normalize_doi(doi)
        if norm is None:
            return None
        data = self._get(f"/works/https://doi.org/{quote(norm, safe='')}", {}, singleton=True)
        if not isinstance(data, dict) or not data.get("id"):
            return None
        found = self._papers([data])
        return found[0] if found else None

    def works_by_dois(self, dois: Iterable[str]) -> dict[str, Paper]:
        """OpenAlex's works for many DOIs at once: {normalised DOI: paper}; unknown ones absent.

        One request per ``BATCH`` DOIs (``filter=doi:a|b|…``) instead of one per DOI: at
        OpenAlex's polite spacing this is what makes enriching a hundred candidates take a few
        seconds rather than a hundred. DOIs holding the filter syntax's own separators are left
        out (the caller looks those up one by one).
        """
        wanted = [d for d in dict.fromkeys(normalize_doi(x) for x in dois) if d and batchable(d)]
        found: dict[str, Paper] = {}
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start : start + BATCH]
            asked = set(chunk)
            params: dict[str, str | int] = {"filter": "doi:" + "|".join(chunk)}
            for paper in self._list({**params, "per-page": len(chunk)}):
                if paper.doi in asked:
                    found.setdefault(paper.doi, paper)
        return found

    def works_by_ids(self, ids: Iterable[str]) -> dict[str, Paper]:
        """OpenAlex's works for many OpenAlex ids ("W…") at once: {id: paper}."""
        wanted = [i for i in dict.fromkeys(ids) if re.fullmatch(r"W\d+", i)]
        found: dict[str, Paper] = {}
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start : start + BATCH]
            params: dict[str, str | int] = {"filter": "openalex:" + "|".join(chunk)}
            for paper in self._list({**params, "per-page": len(chunk)}):
                if paper.openalex_id and paper.openalex_id in chunk:
                    found.setdefault(paper.openalex_id, paper)
        return found

    def citing(
        self, ids: Iterable[str], *, since: int | None = None, limit: int = 100
    ) -> list[Paper]:
        """The ``limit`` most-cited works that cite any of ``ids`` (``filter=cites:W1|W2``),
        published in or after ``since``; one request per ``BATCH`` ids."""
        wanted = sorted({i for i in ids if re.fullmatch(r"W\d+", i)})
        papers: list[Paper] = []
        for start in range(0, len(wanted), BATCH):
            cites = "cites:" + "|".join(wanted[start : start + BATCH])
            papers.extend(self._most_cited(cites, since, limit))
        return papers

    def work_by_title(self, title: str, year: int | None = None) -> Paper | None:
        """The work whose normalised title equals ``title`` (and year within one), if any."""
        wanted = normalize_title(title)
        if not wanted:
            return None
        # Commas separate OpenAlex filters and colons separate names from values.
        clean = re.sub(r"[,:|]+", " ", title)
        params: dict[str, str | int] = {"filter": f"title.search:{' '.join(clean.split())}"}
        for paper in self._list({**params, "per-page": 5}):
            if normalize_title(paper.title) != wanted:
                continue
            if year is not None and paper.year is not None and abs(year - paper.year) > 1:
                continue
            return paper
        return None

    def find(self, paper: Paper) -> Paper | None:
        """OpenAlex's record of ``paper``: by DOI, then arXiv id (its DataCite DOI), then title.

        One paper, singleton look-ups (``add`` of a DOI or arXiv id); the fetch batches them.
        """
        for doi in doi_keys(paper):
            found = self.work_by_doi(doi) if doi else None
            if found:
                return found
        return self.work_by_title(paper.title, paper.year)


def batchable(doi: str) -> bool:
    """Whether ``doi`` can go into a ``filter=doi:a|b`` value (no ``,`` or ``|`` of its own)."""
    return not re.search(r"[,|]", doi)


def doi_keys(paper: Paper) -> tuple[str | None, str | None]:
    """The DOIs OpenAlex may know ``paper`` by: its own, and its arXiv DataCite DOI."""
    doi = normalize_doi(paper.doi)
    arxiv_id = normalize_arxiv(paper.arxiv_id)
    arxiv_doi = f"10.48550/arxiv.{arxiv_id}" if arxiv_id else None
    return doi, arxiv_doi if arxiv_doi != doi else None
