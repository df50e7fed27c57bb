"""Google Scholar pages whose "Next" link never ends (#11 F4), and a source that raises something
no one expected: that source fails in one line, the others' answers are kept.

The pages are built from the recorded Scholar result page (``tests/fixtures/scholar/
geomap_search.html``, see its MANIFEST): its result rows removed and its "Next" link pointed at
the page itself, or at a new URL every time.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.faults.conftest import check_invariants, paper_count, run
from tests.mirror import Mirror, Reply, scholar_page

FETCH = ("fetch", "recsys", "--top", "3", "--json", "--no-pdf")
#: Scholar queries of the built-in recsys domain.
SCHOLAR_QUERIES = 3
#: Result pages read at most per query (``paperprep.sources.scholar.MAX_PAGES``).
MAX_PAGES = 5


def empty_page(next_href: str) -> bytes:
    """The recorded result page with no result rows and its "Next" link set to ``next_href``."""
    soup = BeautifulSoup(scholar_page("geomap_search"), "html.parser")
    for row in soup.find_all("div", class_="gs_r gs_or gs_scl"):
        row.decompose()
    icon = soup.find(class_="gs_ico gs_ico_nav_next")
    assert icon is not None and icon.parent is not None, "the recorded page has a Next link"
    icon.parent["href"] = next_href
    return str(soup).encode("utf-8")


def page_reply(body: bytes) -> Reply:
    return Reply(200, body, content_type="text/html; charset=UTF-8")


def test_a_next_link_to_itself_fails_scholar_only(services: Mirror, isolated_home: Path) -> None:
    services.route("/scholar", page_reply(empty_page("/scholar?start=10&q=loop&hl=en")))
    ran = run(*FETCH)
    report = ran.json()
    scholar = report["sources"]["scholar"]
    assert scholar["error"] and "scholar" in scholar["error"]
    assert "RecursionError" not in ran.stderr
    # arXiv's and OpenAlex's answers were kept and ranked.
    assert report["sources"]["arxiv"]["papers"] > 0
    assert report["sources"]["openalex"]["papers"] > 0
    assert len(report["papers"]) == 3 and paper_count(isolated_home) == 3
    assert len(services.hits("/scholar")) <= SCHOLAR_QUERIES * 2
    check_invariants(isolated_home)


def test_an_endless_chain_of_next_pages_is_capped(services: Mirror, isolated_home: Path) -> None:
    def chain(handler: BaseHTTPRequestHandler) -> None:
        # Every page links to a page never seen before: start=N+10, forever.
        start = int(parse_qs(urlsplit(handler.path).query).get("start", ["0"])[0])
        body = empty_page(f"/scholar?start={start + 10}&q=chain&hl=en")
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=UTF-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    services.route("/scholar", Reply(raw=chain))
    ran = run(*FETCH)
    report = ran.json()
    assert report["sources"]["scholar"]["error"]
    assert report["sources"]["arxiv"]["papers"] > 0
    assert len(report["papers"]) == 3
    # 967 requests before the fix; now at most MAX_PAGES per query.
    assert len(services.hits("/scholar")) <= SCHOLAR_QUERIES * MAX_PAGES
    check_invariants(isolated_home)


def test_any_exception_from_a_source_is_that_sources_failure(
    services: Mirror, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperprep.sources.openalex import OpenAlexSource

    def broken(*args: object, **kwargs: object) -> list[object]:
        raise MemoryError("a source adapter ran out of memory")

    monkeypatch.setattr(OpenAlexSource, "search", broken)
    ran = run(*FETCH, "--sources", "arxiv,openalex")
    report = ran.json()
    error = report["sources"]["openalex"]["error"]
    assert error and "openalex" in error and "MemoryError" in error
    assert report["sources"]["arxiv"]["papers"] > 0
    assert len(report["papers"]) == 3
    assert sum("openalex" in line for line in ran.stderr.splitlines()) == 1
    check_invariants(isolated_home)
