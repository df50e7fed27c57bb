from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from paperprep.errors import SourceBlocked, SourceError
from paperprep.http import Http, scholar_proxy
from paperprep.models import Domain, Framing
from paperprep.settings import Settings
from paperprep.sources import make_source
from paperprep.sources.scholar import ScholarNavigator, ScholarSource, has_captcha, to_paper
from tests.mirror import Mirror, Reply, mirror, scholar_page

__all__ = ["mirror"]

GEOMAP_CITES = [4, 6, 80, 7, 30, 92, 67, 18, 41, 3]


def domain(queries: list[str]) -> Domain:
    return Domain(
        name="t", aliases=[], description="", queries={"scholar": queries},
        arxiv_categories=[], terms=[], seeds=[], framing=Framing(),
    )  # fmt: skip


@pytest.fixture(autouse=True)
def no_scholarly_sleeps(monkeypatch: pytest.MonkeyPatch) -> None:
    """scholarly's own retry loop sleeps 1-2 s per request and minutes after a 403: it must
    never run. Any sleep from it fails the test."""
    import scholarly._navigator
    import scholarly._proxy_generator

    def fail(seconds: float) -> None:
        raise AssertionError(f"scholarly tried to sleep {seconds} s")

    monkeypatch.setattr(scholarly._navigator.time, "sleep", fail)
    monkeypatch.setattr(scholarly._proxy_generator.time, "sleep", fail)


def make(home: Path, mirror: Mirror, **kw: object) -> tuple[Settings, ScholarSource]:
    values: dict[str, object] = {"scholar_url": mirror.url, "host_delay": 0.0, "retries": 1}
    values.update(kw)
    settings = Settings(home=home, **values)  # type: ignore[arg-type]
    source = make_source("scholar", settings, Http(settings, sleep=lambda s: None))
    assert isinstance(source, ScholarSource)
    return settings, source


def parsed_rows(name: str) -> list[dict[str, Any]]:
    """Rows of a recorded page as scholarly's own parser returns them."""
    from scholarly.publication_parser import _SearchScholarIterator

    class Stub(ScholarNavigator):
        def _get_page(self, pagerequest: str, premium: bool = False) -> str:
            return scholar_page(name).decode("utf-8", "replace")

    iterator = _SearchScholarIterator(Stub(None, "http://unused"), "/scholar?q=x")  # type: ignore[arg-type]
    return [dict(p) for _, p in zip(range(10), iterator, strict=False)]


def test_to_paper_maps_recorded_rows() -> None:
    papers = [to_paper(row) for row in parsed_rows("geomap_search")]
    assert [p.citations for p in papers] == GEOMAP_CITES
    assert all(p.citation_source == "scholar" and p.sources == ["scholar"] for p in papers)
    first, second = papers[0], papers[1]
    assert first.title == "Geology of the Olympus Range Area, Southern Victoria Land"
    assert first.authors == ["MJ Isaac", "TJ Chinn", "SW Edbrooke", "PJ Forsyth"]
    assert first.year is None and first.venue is None  # scholarly reports "NA"
    assert first.scholar_id == "4qAC3XBmStsJ"
    assert second.year == 2002 and second.venue == "Terra Antartica"
    assert second.pdf_url and second.pdf_url.endswith("TA_09_057_Forsyth.pdf")
    assert second.abstract and second.abstract.startswith("Previous geological mapping")


def test_to_paper_finds_doi_and_arxiv_id_in_links() -> None:
    pub = {
        "bib": {"title": "T", "author": "A Author and B Author", "pub_year": "2016"},
        "pub_url": "https://dl.acm.org/doi/abs/10.1145/2988450.2988454",
        "eprint_url": "https://arxiv.org/pdf/1606.07792",
        "num_citations": 3200,
    }
    paper = to_paper(pub)
    assert paper.doi == "10.1145/2988450.2988454"
    assert paper.arxiv_id == "1606.07792"
    assert paper.authors == ["A Author", "B Author"]
    assert paper.year == 2016 and paper.citations == 3200


def test_search_against_the_mirror(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/scholar", scholar_page("geomap_search"))
    _, source = make(isolated_home, mirror)
    papers = source.search(domain(["olympus range"]), limit=10, since=2015)
    assert [p.citations for p in papers] == GEOMAP_CITES
    [seen] = mirror.hits("/scholar")
    assert seen.param("q") == "olympus range"
    assert seen.param("hl") == "en"
    assert seen.param("as_ylo") == "2015"
    assert seen.headers["user-agent"].startswith("paperprep/")


def test_limit_stops_before_the_next_page(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/scholar", scholar_page("geomap_search"))
    _, source = make(isolated_home, mirror)
    assert len(source.search(domain(["q"]), limit=3, since=None)) == 3
    assert len(mirror.requests) == 1


def test_rerun_is_answered_from_the_cache(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/scholar", scholar_page("geomap_search"))
    settings, source = make(isolated_home, mirror)
    first = source.search(domain(["q"]), limit=10, since=None)
    offline = ScholarSource(settings, Http(settings, offline=True))
    assert offline.search(domain(["q"]), limit=10, since=None) == first
    assert len(mirror.requests) == 1


def _assert_blocked(err: pytest.ExceptionInfo[SourceBlocked]) -> None:
    assert str(err.value) == "scholar: Google Scholar blocked these requests"
    assert err.value.hint == "continuing with arXiv and OpenAlex — see README › Scholar blocking"


def test_captcha_page_is_blocked_and_not_cached(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/scholar", scholar_page("geomap_captcha"))
    settings, source = make(isolated_home, mirror)
    with pytest.raises(SourceBlocked) as err:
        source.search(domain(["q"]), limit=10, since=None)
    _assert_blocked(err)
    offline = ScholarSource(settings, Http(settings, offline=True))
    with pytest.raises(SourceError, match="not in the cache"):
        offline.search(domain(["q"]), limit=10, since=None)


def test_google_403_page_is_blocked(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/scholar", Reply(403, scholar_page("geomap_403")))
    _, source = make(isolated_home, mirror)
    with pytest.raises(SourceBlocked) as err:
        source.search(domain(["q"]), limit=10, since=None)
    _assert_blocked(err)
    assert len(mirror.requests) == 1  # a 403 is not worth hammering


def test_persistent_429_is_blocked(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/scholar", 429)
    _, source = make(isolated_home, mirror)
    with pytest.raises(SourceBlocked) as err:
        source.search(domain(["q"]), limit=10, since=None)
    _assert_blocked(err)


def test_redirect_to_the_sorry_page_is_blocked(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/scholar", Reply(302, headers={"Location": "/sorry/index?continue=x"}))
    mirror.route("/sorry/index", Reply(200, b"<html><body>Sorry...</body></html>"))
    _, source = make(isolated_home, mirror)
    with pytest.raises(SourceBlocked) as err:
        source.search(domain(["q"]), limit=10, since=None)
    _assert_blocked(err)


def test_legacy_layout_is_an_error_not_silence(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/scholar", scholar_page("goscholar_legacy"))
    _, source = make(isolated_home, mirror)
    with pytest.raises(SourceError) as err:
        source.search(domain(["q"]), limit=10, since=None)
    assert not isinstance(err.value, SourceBlocked)
    assert "layout may have changed" in str(err.value)


def test_max_tries_from_scholarly_becomes_blocked(
    isolated_home: Path, mirror: Mirror, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scholarly._proxy_generator import MaxTriesExceededException

    def boom(self: ScholarNavigator, url: str) -> None:
        raise MaxTriesExceededException("Cannot Fetch from Google Scholar.")

    monkeypatch.setattr(ScholarNavigator, "_get_soup", boom)
    _, source = make(isolated_home, mirror)
    with pytest.raises(SourceBlocked) as err:
        source.search(domain(["q"]), limit=10, since=None)
    _assert_blocked(err)


def test_has_captcha_on_recorded_pages() -> None:
    assert has_captcha(scholar_page("geomap_captcha").decode("utf-8", "replace"))
    assert not has_captcha(scholar_page("geomap_search").decode("utf-8", "replace"))
    assert has_captcha("<p>Our systems have detected unusual traffic from your computer network.")
    assert has_captcha('<div class="rc-doscaptcha-body">')


def test_scholar_proxy_settings(isolated_home: Path) -> None:
    assert scholar_proxy(Settings(home=isolated_home)) is None
    assert scholar_proxy(Settings(home=isolated_home, scholar_proxy="p:8080")) == "http://p:8080"
    url = scholar_proxy(Settings(home=isolated_home, scraperapi_key="KEY"))
    assert url == "http://scraperapi.retry_404=true:KEY@proxy-server.scraperapi.com:8001"


def test_scholar_requests_go_through_the_configured_proxy(
    isolated_home: Path, mirror: Mirror
) -> None:
    # The mirror plays the proxy: an HTTP proxy receives the absolute URL of the real host.
    mirror.route("/scholar", scholar_page("geomap_search"))
    _, source = make(
        isolated_home,
        mirror,
        scholar_url="http://scholar.example.invalid",
        scholar_proxy=mirror.url,
    )
    assert len(source.search(domain(["q"]), limit=10, since=None)) == 10
    assert mirror.hits("/scholar")[0].headers["host"] == "scholar.example.invalid"
