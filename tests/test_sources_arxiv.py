from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from arxiv import _feed

from paperprep.errors import SourceError
from paperprep.http import Http
from paperprep.models import Domain, Framing
from paperprep.settings import Settings
from paperprep.sources import make_source
from paperprep.sources.arxiv import ArxivSource, build_query, to_paper
from tests.mirror import Mirror, Reply, arxiv_body, mirror

__all__ = ["mirror"]


def domain(queries: list[str], categories: list[str] | None = None) -> Domain:
    return Domain(
        name="test",
        aliases=[],
        description="",
        queries={"arxiv": queries},
        arxiv_categories=categories or [],
        terms=[],
        seeds=[],
        framing=Framing(),
    )


def make(home: Path, mirror: Mirror, sleeps: list[float], **kw: object) -> tuple[Settings, Http]:
    values: dict[str, object] = {
        "arxiv_url": mirror.url + "/api/query",
        "arxiv_pdf_url": "https://pdfs.example/pdf",
        "arxiv_delay": 3.0,
        "retries": 2,
    }
    values.update(kw)
    settings = Settings(home=home, **values)  # type: ignore[arg-type]
    offline = bool(kw.get("offline_http", False))
    return settings, Http(settings, sleep=sleeps.append, rng=lambda: 0.0, offline=offline)


def results(name: str) -> list[object]:
    return list(_feed.parse(arxiv_body(name)).results)


def test_to_paper_maps_a_recorded_2026_entry() -> None:
    entries = results("q-testing_s0_m10")
    papers = [to_paper(r) for r in entries]
    assert len(papers) == 10
    first = papers[0]
    assert first.arxiv_id == "2202.12139"
    assert first.title.startswith("Testing Deep Learning Models")
    assert first.year == 2022
    assert first.pdf_url == "https://arxiv.org/pdf/2202.12139v1"
    assert first.url == "https://arxiv.org/abs/2202.12139"
    assert first.sources == ["arxiv"]
    assert first.citations is None and first.citation_source is None
    assert first.abstract and "\n" not in first.abstract
    assert all(p.title and p.authors and p.pdf_url for p in papers)


def test_to_paper_reads_the_classic_2016_format() -> None:
    papers = [to_paper(r) for r in results("oldformat")]
    assert len(papers) == 10
    with_doi = [p for p in papers if p.doi]
    assert with_doi, "the 2016 feed carries arxiv:doi elements"
    assert all(p.doi and p.doi == p.doi.lower() and p.doi.startswith("10.") for p in with_doi)
    assert any(p.venue for p in papers), "journal_ref becomes the venue"
    assert all(p.pdf_url and "/pdf/" in p.pdf_url for p in papers)


def test_title_zero_is_kept() -> None:
    [paper] = [to_paper(r) for r in results("title-0")]
    assert paper.title == "0"
    assert paper.arxiv_id == "2104.12255"


def test_pdf_link_without_title_is_found_by_type() -> None:
    body = arxiv_body("q-testing_s0_m10").replace(b' title="pdf"', b"")
    entry = _feed.parse(body).results[0]
    assert entry.pdf_url is None  # what arxiv.py sees in the Nov 2025 format
    assert to_paper(entry).pdf_url == "https://arxiv.org/pdf/2202.12139v1"


def test_missing_pdf_link_is_built_from_the_id() -> None:
    body = re.sub(rb'<link href="[^"]*/pdf/[^"]*"[^>]*/>', b"", arxiv_body("q-testing_s0_m10"))
    entry = _feed.parse(body).results[0]
    paper = to_paper(entry, pdf_base="https://pdfs.example/pdf")
    assert paper.pdf_url == "https://pdfs.example/pdf/2202.12139"


def test_build_query() -> None:
    assert build_query("testing", [], None) == "(all:testing)"
    q = build_query("recommender systems", ["cs.IR", "cs.LG"], 2018)
    assert q == (
        '(all:"recommender systems") AND (cat:cs.IR OR cat:cs.LG) AND '
        "submittedDate:[201801010000 TO 999912312359]"
    )
    assert build_query('ti:"two tower"', [], None) == '(ti:"two tower")'


def test_search_through_the_arxiv_package_against_the_mirror(
    isolated_home: Path, mirror: Mirror
) -> None:
    mirror.route("/api/query", arxiv_body("q-testing_s0_m10"))
    sleeps: list[float] = []
    settings, http = make(isolated_home, mirror, sleeps)
    source = make_source("arxiv", settings, http)
    papers = source.search(domain(["testing"], ["cs.SE"]), limit=10, since=None)
    assert source.name == "arxiv"
    assert len(papers) == 10
    [seen] = mirror.hits("/api/query")
    assert seen.param("search_query") == "(all:testing) AND (cat:cs.SE)"
    assert seen.param("max_results") == "10"
    assert seen.param("start") == "0"
    assert seen.headers["user-agent"].startswith("paperprep/")


def test_each_query_is_searched_and_spaced_by_the_arxiv_delay(
    isolated_home: Path, mirror: Mirror
) -> None:
    mirror.route("/api/query", arxiv_body("q-testing_s0_m10"))
    sleeps: list[float] = []
    settings, http = make(isolated_home, mirror, sleeps)
    papers = ArxivSource(settings, http).search(domain(["a", "b"]), limit=10, since=2020)
    assert len(papers) == 20
    assert len(mirror.hits("/api/query")) == 2
    assert len(sleeps) == 1 and 2.0 < sleeps[0] <= 3.0


def test_503_then_200(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/api/query", Reply(503, b"Service Unavailable"), arxiv_body("q-testing_s0_m10"))
    sleeps: list[float] = []
    settings, http = make(isolated_home, mirror, sleeps, arxiv_delay=0.0)
    papers = ArxivSource(settings, http).search(domain(["testing"]), limit=10, since=None)
    assert len(papers) == 10
    assert len(mirror.hits("/api/query")) == 2
    assert len(sleeps) == 1


def test_429_without_retry_after_backs_off(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/api/query", 429, 429, arxiv_body("q-testing_s0_m10"))
    sleeps: list[float] = []
    settings, http = make(isolated_home, mirror, sleeps, arxiv_delay=0.0)
    papers = ArxivSource(settings, http).search(domain(["testing"]), limit=10, since=None)
    assert len(papers) == 10
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0]


def test_429_with_retry_after(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route(
        "/api/query", Reply(429, headers={"Retry-After": "11"}), arxiv_body("q-testing_s0_m10")
    )
    sleeps: list[float] = []
    settings, http = make(isolated_home, mirror, sleeps, arxiv_delay=0.0)
    assert len(ArxivSource(settings, http).search(domain(["t"]), limit=10, since=None)) == 10
    assert sleeps == [11.0]


def test_spurious_empty_page_is_retried_and_not_cached(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/api/query", arxiv_body("q-testing_s0_m10"), query={"start": "0"})
    mirror.route(
        "/api/query",
        arxiv_body("empty"),
        arxiv_body("q-testing_s10_m10"),
        query={"start": "10"},
    )
    sleeps: list[float] = []
    settings, http = make(isolated_home, mirror, sleeps, arxiv_delay=0.0)
    source = ArxivSource(settings, http, page_size=10)
    papers = source.search(domain(["testing"]), limit=20, since=None)
    assert len(papers) == 20
    assert len({p.arxiv_id for p in papers}) == 20
    assert [r.param("start") for r in mirror.hits("/api/query")] == ["0", "10", "10"]
    # The re-run answers from the cache, and the cached second page is the good one.
    offline = Http(settings, offline=True)
    again = ArxivSource(settings, offline, page_size=10).search(
        domain(["testing"]), limit=20, since=None
    )
    assert [p.arxiv_id for p in again] == [p.arxiv_id for p in papers]
    assert len(mirror.requests) == 3


def test_persistent_empty_pages_raise(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/api/query", arxiv_body("q-testing_s0_m10"), query={"start": "0"})
    mirror.route("/api/query", arxiv_body("empty"), query={"start": "10"})
    settings, http = make(isolated_home, mirror, [], arxiv_delay=0.0, retries=1)
    with pytest.raises(SourceError, match="empty pages"):
        ArxivSource(settings, http, page_size=10).search(domain(["t"]), limit=20, since=None)


def test_empty_first_page_is_no_results(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/api/query", arxiv_body("empty"))
    settings, http = make(isolated_home, mirror, [], arxiv_delay=0.0)
    assert ArxivSource(settings, http).search(domain(["zzz"]), limit=10, since=None) == []


def test_api_error_feed_becomes_one_line_error(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/api/query", Reply(400, arxiv_body("error-400")))
    settings, http = make(isolated_home, mirror, [], arxiv_delay=0.0)
    with pytest.raises(SourceError) as err:
        ArxivSource(settings, http).lookup(["abc"])
    assert str(err.value) == (
        "arxiv: the API rejected the query (HTTP 400: incorrect id format for abc)"
    )


def test_lookup_by_id(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/api/query", arxiv_body("title-0"))
    settings, http = make(isolated_home, mirror, [], arxiv_delay=0.0)
    [paper] = ArxivSource(settings, http).lookup(["2104.12255v1"])
    assert paper.arxiv_id == "2104.12255"
    assert mirror.requests[0].param("id_list") == "2104.12255"


def test_offline_rerun_uses_the_cache(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/api/query", arxiv_body("q-testing_s0_m10"))
    settings, http = make(isolated_home, mirror, [], arxiv_delay=0.0)
    first = ArxivSource(settings, http).search(domain(["testing"]), limit=10, since=None)
    offline = Http(settings, offline=True)
    again = ArxivSource(settings, offline).search(domain(["testing"]), limit=10, since=None)
    assert again == first
    assert len(mirror.requests) == 1
    with pytest.raises(SourceError, match="run without --offline first"):
        ArxivSource(settings, offline).search(domain(["other"]), limit=10, since=None)


def test_unreachable_arxiv_is_a_source_error(isolated_home: Path, mirror: Mirror) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    settings = Settings(
        home=isolated_home, arxiv_url=f"http://127.0.0.1:{port}/api/query", retries=0
    )
    http = Http(settings, sleep=lambda s: None)
    with pytest.raises(SourceError) as err:
        ArxivSource(settings, http).search(domain(["t"]), limit=5, since=None)
    assert str(err.value).startswith(f"arxiv: cannot connect to 127.0.0.1:{port} (")


# -- malformed answers (reliability review F5: one bad entry or page is not the whole fetch) ----


def test_an_entry_with_a_bad_date_is_skipped_and_counted(
    isolated_home: Path, mirror: Mirror
) -> None:
    feed = arxiv_body("q-testing_s0_m10").decode()
    # The recorded feed with its first entry's <updated> corrupted (arxiv's parser raises on it).
    first = feed.index("<updated>", feed.index("<entry>"))
    end = feed.index("</updated>", first)
    bad = feed[:first] + "<updated>not a date" + feed[end:]
    mirror.route("/api/query", bad.encode())
    settings, http = make(isolated_home, mirror, [], arxiv_delay=0)
    source = ArxivSource(settings, http)
    papers = source.search(domain(["testing"]), limit=9, since=None)
    assert len(papers) == 9 and source.skipped == 1
    assert "2202.12139" not in [p.arxiv_id for p in papers]


@pytest.mark.parametrize(
    ("body", "content_type", "said"),
    [
        (b"<html><head><title>Rate exceeded.</title></head><body>Rate exceeded.</body></html>",
         "text/html", "'Rate exceeded.'"),
        (b"Rate exceeded.", "text/plain", "'Rate exceeded.'"),
        (b"\xff\xfe<\x00f\x00e\x00\xe9\xff", "application/atom+xml", "not UTF-8"),
    ],
)  # fmt: skip
def test_a_page_that_is_not_a_feed_is_an_error_not_zero_candidates(
    isolated_home: Path, mirror: Mirror, body: bytes, content_type: str, said: str
) -> None:
    mirror.route("/api/query", Reply(200, body, content_type=content_type))
    settings, http = make(isolated_home, mirror, [], arxiv_delay=0)
    with pytest.raises(SourceError) as err:
        ArxivSource(settings, http).search(domain(["testing"]), limit=10, since=None)
    assert str(err.value).startswith("arxiv: ") and said in str(err.value)
    # Not cached: the next run asks again and gets the real feed.
    mirror.route("/api/query", arxiv_body("q-testing_s0_m10"))
    assert len(ArxivSource(settings, http).search(domain(["t"]), limit=10, since=None)) == 10


def test_an_absurd_year_is_unknown() -> None:
    [result] = _feed.parse(arxiv_body("title-0")).results
    result.published = result.published.replace(year=1)
    assert to_paper(result).year is None
