"""Google Scholar through ``scholarly`` (1.7.11), with its page fetching replaced.

scholarly builds search URLs (``_Scholarly._construct_url``), walks result pages
(``_SearchScholarIterator``) and parses rows (``PublicationParser``). It fetches pages through its
``Navigator``, which hard-codes ``https://scholar.google.com`` in ``_get_soup``, sleeps 1–2 s
before every request, sleeps 1–2 *minutes* after a second 403, and answers a CAPTCHA by opening a
Selenium browser. None of that suits a CLI or a test-suite, so the one patch point is
:class:`ScholarNavigator`, a stand-in for scholarly's ``Navigator`` that the iterator and parser
are handed instead. It

- builds page URLs from ``settings.scholar_url`` (``PAPERPREP_SCHOLAR_URL``; tests point it at a
  loopback mirror) instead of the hard-coded host;
- fetches through our :class:`~paperprep.http.Http` (cache, ``--offline``, pacing, bounded
  retries with injectable sleep: scholarly's own retry loop and sleeps never run);
- turns CAPTCHA pages (scholarly's own ``_has_captcha`` check plus Google's "unusual traffic"
  page), HTTP 403/429 and scholarly's ``MaxTriesExceededException``/``DOSException`` into
  :class:`~paperprep.errors.SourceBlocked`, never a traceback.

Proxies: scholarly 1.7.11's ``ProxyGenerator`` passes ``proxies=`` to ``httpx.Client``, which httpx
0.28 removed, so its proxy sessions cannot be built. ``settings.scholar_proxy`` and
``settings.scraperapi_key`` are therefore applied by :class:`Http` to the requests of the
"scholar" source (ScraperAPI through its proxy port, the URL scholarly's ``ScraperAPI()`` builds).
scholarly is imported lazily (≈0.5 s).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote_plus

from paperprep.errors import SourceBlocked, SourceError
from paperprep.http import Http
from paperprep.ids import normalize_arxiv, normalize_doi
from paperprep.models import Domain, Paper
from paperprep.settings import Settings

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

log = logging.getLogger(__name__)

NAME = "scholar"
BLOCKED_MESSAGE = "Google Scholar blocked these requests"
BLOCKED_HINT = "continuing with arXiv and OpenAlex — see README › Scholar blocking"
_PUBSEARCH = "/scholar?hl=en&q={0}"
_HEADERS = {"Accept-Language": "en-US,en", "Accept": "text/html,application/xhtml+xml"}
_UNUSUAL_TRAFFIC = ("unusual traffic from your computer network", "/sorry/index")
_NO_RESULTS = ("did not match any articles", "did not match any documents")
#: Result pages read at most per query (10 rows each; ``PER_QUERY`` asks for 25): a "Next" link
#: that leads on forever must not become hundreds of requests.
MAX_PAGES = 5


def blocked() -> SourceBlocked:
    """The one error every kind of Scholar refusal becomes."""
    return SourceBlocked(NAME, BLOCKED_MESSAGE, hint=BLOCKED_HINT)


def has_captcha(text: str) -> bool:
    """Whether a Scholar page is a CAPTCHA or a "sorry, unusual traffic" page.

    Uses scholarly's own check (ids ``gs_captcha_ccl``, ``recaptcha``, ``captcha-form``; class
    ``rc-doscaptcha-body`` raises ``DOSException``) and adds Google's sorry page.
    """
    from scholarly._navigator import Navigator
    from scholarly._proxy_generator import DOSException

    try:
        # `_has_captcha` does not use `self`; calling it unbound avoids building scholarly's
        # Navigator singleton (which opens HTTP sessions).
        found = bool(
            Navigator._has_captcha(
                None, lambda i: f'id="{i}"' in text, lambda c: f'class="{c}"' in text
            )
        )
    except DOSException:
        return True
    lowered = text.lower()
    return found or any(marker in lowered for marker in _UNUSUAL_TRAFFIC)


class _StopPaging(Exception):
    """No further result page is read: the page cap, or a "Next" link to a page already read."""

    def __init__(self, looped: bool) -> None:
        super().__init__("looped" if looped else "page cap")
        self.looped = looped


class ScholarNavigator:
    """Stands in for ``scholarly._navigator.Navigator``: the patch point described above.

    It also bounds scholarly's paging: at most ``max_pages`` pages per search and never the same
    URL twice (scholarly follows "Next" links by recursing once per page, so a page whose "Next"
    points to itself would recurse until Python's limit).
    """

    def __init__(self, http: Http, base_url: str, *, max_pages: int = MAX_PAGES) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.publib = ""
        self.last_page = ""
        self.logger = log
        self.max_pages = max_pages
        self.visited: set[str] = set()

    def _get_page(self, pagerequest: str, premium: bool = False) -> str:
        url = pagerequest
        if url.startswith("https://scholar.google.com"):
            url = self.base_url + url[len("https://scholar.google.com") :]
        try:
            resp = self.http.get_text(url, headers=_HEADERS, source=NAME)
        except SourceBlocked:
            raise blocked() from None
        text = resp.text
        if resp.status in (403, 429) or "/sorry/" in resp.url or has_captcha(text):
            self.http.forget(url)
            log.info("Scholar refused %s (HTTP %s)", url, resp.status)
            raise blocked()
        if resp.status != 200:
            raise SourceError(NAME, f"Google Scholar answered HTTP {resp.status}")
        self.last_page = text
        return text

    def _get_soup(self, url: str) -> BeautifulSoup:
        """What scholarly's ``_get_soup`` does, with ``settings.scholar_url`` as the host."""
        from bs4 import BeautifulSoup

        if not url.startswith(("http://", "https://")):
            url = self.base_url + url
        if url in self.visited:
            log.info("Scholar's Next link leads back to %s; stopped paging", url)
            raise _StopPaging(looped=True)
        if len(self.visited) >= self.max_pages:
            raise _StopPaging(looped=False)
        self.visited.add(url)
        html = self._get_page(url).replace("\xa0", " ")
        soup = BeautifulSoup(html, "html.parser")
        found = soup.find("div", id="gs_res_glb")
        if found is not None:
            self.publib = str(found.get("data-sva") or "")
        return soup


def _year(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if re.fullmatch(r"(19|20)\d\d", text) else None


def _clean(value: Any) -> str | None:
    text = " ".join(str(value or "").split())
    return None if not text or text == "NA" else text


def to_paper(pub: Mapping[str, Any]) -> Paper:
    """Map one scholarly publication dict (a search snippet) to a :class:`Paper` (pure)."""
    bib = pub.get("bib") or {}
    authors_raw = bib.get("author") or []
    if isinstance(authors_raw, str):
        authors_raw = re.split(r"\s+and\s+|,\s*", authors_raw)
    authors = [a for a in (_clean(x) for x in authors_raw) if a and a != "…"]
    pub_url = pub.get("pub_url") or None
    eprint = pub.get("eprint_url") or None
    links = " ".join(u for u in (pub_url, eprint) if u)
    doi_match = re.search(r"(?:doi\.org/|/doi/(?:abs/|pdf/|full/)?)(10\.\d{4,9}/[^\s?#&]+)", links)
    cid = re.search(r"info:([\w-]+):", str(pub.get("url_scholarbib") or ""))
    count = pub.get("num_citations")
    return Paper(
        title=_clean(bib.get("title")) or "",
        authors=authors,
        year=_year(bib.get("pub_year")),
        venue=_clean(bib.get("venue")),
        abstract=_clean(bib.get("abstract")),
        doi=normalize_doi(doi_match.group(1)) if doi_match else None,
        arxiv_id=normalize_arxiv(links) if "arxiv.org/" in links else None,
        scholar_id=cid.group(1) if cid else None,
        citations=int(count) if isinstance(count, int) else None,
        citation_source=NAME if isinstance(count, int) else None,
        pdf_url=eprint,
        url=pub_url,
        sources=[NAME],
    )


class ScholarSource:
    """Search Google Scholar for a domain's queries (blocks are normal: see the module doc)."""

    name = NAME

    def __init__(self, settings: Settings, http: Http) -> None:
        self.settings = settings
        self.http = http

    def search_url(self, query: str, since: int | None) -> str:
        """The Scholar path for ``query``, built by scholarly's own ``_construct_url``."""
        from scholarly import scholarly

        url: str = scholarly._construct_url(_PUBSEARCH.format(quote_plus(query)), year_low=since)
        return url

    def search_query(self, query: str, *, limit: int, since: int | None) -> list[Paper]:
        from scholarly._proxy_generator import DOSException, MaxTriesExceededException
        from scholarly.publication_parser import _SearchScholarIterator

        nav = ScholarNavigator(self.http, self.settings.scholar_url)
        papers: list[Paper] = []
        looped = False
        try:
            iterator = _SearchScholarIterator(nav, self.search_url(query, since))
            for pub in iterator:
                paper = to_paper(pub)
                if paper.title:
                    papers.append(paper)
                if len(papers) >= limit:
                    break
        except _StopPaging as stop:
            looped = stop.looped
        except (MaxTriesExceededException, DOSException):
            raise blocked() from None
        except SourceError:
            raise
        except Exception as exc:  # a third-party scraper can raise anything (RecursionError…)
            log.debug("scholarly could not parse the page", exc_info=True)
            raise SourceError(
                NAME,
                f"could not read Google Scholar's results page ({type(exc).__name__})",
                hint=BLOCKED_HINT,
            ) from None
        if not papers and looped:
            raise SourceError(
                NAME,
                "Google Scholar's results pages have no results and link back to themselves",
                hint=BLOCKED_HINT,
            )
        if not papers and not any(m in nav.last_page for m in _NO_RESULTS):
            raise SourceError(
                NAME,
                "found no results on Google Scholar's page (its layout may have changed)",
                hint=BLOCKED_HINT,
            )
        return papers

    def search(self, domain: Domain, *, limit: int, since: int | None) -> list[Paper]:
        """Up to ``limit`` papers for each of ``domain.queries["scholar"]``."""
        papers: list[Paper] = []
        for query in domain.queries.get(NAME, []):
            papers.extend(self.search_query(query, limit=limit, since=since))
        return papers
