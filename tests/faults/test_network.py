"""The network misbehaves: timeouts, resets, 429s, 503 bursts, truncated bodies, HTML for PDFs,
a Scholar CAPTCHA. Each run says what happened in one line per problem, keeps the library
consistent, and the next run against a healthy network completes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.faults.conftest import WIDE, Ran, check_invariants, paper_count, run
from tests.mirror import Mirror, Reply, arxiv_body, openalex_body, scholar_page
from tests.pdfgen import Spec, paper_pdf

FETCH = ("fetch", "recsys", "--top", "3", "--json")


def fetch(*extra: str, code: int = 0) -> tuple[dict[str, object], Ran]:
    ran = run(*FETCH, *extra, code=code)
    return (json.loads(ran.stdout) if code == 0 else {}), ran


def wide_pdf(report: dict[str, object]) -> dict[str, str]:
    papers = report["papers"]
    assert isinstance(papers, list)
    return next(p["pdf"] for p in papers if p["title"] == WIDE)


def healthy_rerun(services: Mirror, home: Path) -> dict[str, object]:
    services.route("/api/query", arxiv_body("recsys_assembled"))
    services.route("/works", openalex_body("recsys_assembled"))
    services.route("/scholar", scholar_page("geomap_search"))
    services.route(
        "/pdf/1606.07792",
        Reply(200, paper_pdf(Spec(title=WIDE)), content_type="application/pdf"),
    )
    report, _ = fetch()
    assert wide_pdf(report)["status"] == "ok"
    assert paper_count(home) >= 3
    check_invariants(home)
    return report


def test_read_timeout_on_the_arxiv_api(
    services: Mirror, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERPREP_TIMEOUT", "1")
    monkeypatch.setenv("PAPERPREP_RETRIES", "0")
    services.route("/api/query", Reply(200, hang=True))
    report, ran = fetch()
    sources = report["sources"]
    assert isinstance(sources, dict)
    assert sources["arxiv"]["error"] and "tim" in sources["arxiv"]["error"].lower()
    assert "arxiv" in ran.stderr
    check_invariants(isolated_home)
    healthy_rerun(services, isolated_home)


@pytest.mark.slow
def test_connection_reset_on_openalex_and_pdf(services: Mirror, isolated_home: Path) -> None:
    body = openalex_body("recsys_assembled")
    services.route("/works", Reply(200, body, reset_after=100))
    services.route(
        "/pdf/1606.07792",
        Reply(200, paper_pdf(Spec(title=WIDE)), content_type="application/pdf", reset_after=500),
    )
    report, ran = fetch("--top", "40")  # every candidate: recsys has 23 seeds
    assert "openalex" in ran.stderr
    pdf = wide_pdf(report)
    assert pdf["status"] == "failed" and pdf["error"]
    assert not list((isolated_home / "pdfs").glob("*wide*.pdf"))
    check_invariants(isolated_home)
    healthy_rerun(services, isolated_home)


def test_429_with_retry_after_is_honoured(services: Mirror, isolated_home: Path) -> None:
    services.route(
        "/api/query", Reply(429, headers={"Retry-After": "1"}), arxiv_body("recsys_assembled")
    )
    report, _ = fetch("--sources", "arxiv,openalex")
    sources = report["sources"]
    assert isinstance(sources, dict) and sources["arxiv"]["error"] is None
    first, second = services.hits("/api/query")[:2]
    assert second.time - first.time >= 0.9, "Retry-After: 1 was not waited for"
    check_invariants(isolated_home)


def test_429_with_a_huge_retry_after_gives_up_at_once(
    services: Mirror, isolated_home: Path
) -> None:
    services.route("/api/query", Reply(429, headers={"Retry-After": "86400"}))
    report, ran = fetch("--sources", "arxiv,openalex")
    assert ran.seconds < 20, "slept through a day-long Retry-After"
    sources = report["sources"]
    assert isinstance(sources, dict)
    assert "arxiv" in sources and sources["arxiv"]["error"]
    assert "arxiv" in ran.stderr
    assert len(services.hits("/api/query")) == 1
    check_invariants(isolated_home)
    healthy_rerun(services, isolated_home)


def test_429_without_retry_after_is_retried_then_reported(
    services: Mirror, isolated_home: Path
) -> None:
    services.route("/api/query", Reply(429))
    report, ran = fetch("--sources", "arxiv,openalex")
    sources = report["sources"]
    assert isinstance(sources, dict)
    assert "429" in sources["arxiv"]["error"] or "rate limit" in sources["arxiv"]["error"]
    assert len(services.hits("/api/query")) == 3  # the first try and PAPERPREP_RETRIES=2
    assert " ".join(ran.stderr.split()).count("arxiv:") >= 1
    check_invariants(isolated_home)
    healthy_rerun(services, isolated_home)


@pytest.mark.slow
def test_503_burst_longer_than_the_retries_then_shorter(
    services: Mirror, isolated_home: Path
) -> None:
    services.route("/works", *([Reply(503)] * 6), openalex_body("recsys_assembled"))
    report, ran = fetch("--top", "40")  # every candidate: recsys has 23 seeds
    assert "openalex" in ran.stderr and "503" in ran.stderr
    check_invariants(isolated_home)
    # A burst within the retries is invisible.
    services.route("/works", Reply(503), Reply(503), openalex_body("recsys_assembled"))
    report, _ = fetch("--refresh")
    sources = report["sources"]
    assert isinstance(sources, dict) and sources["openalex"]["error"] is None
    check_invariants(isolated_home)
    healthy_rerun(services, isolated_home)


def test_truncated_pdf_body_is_never_kept(services: Mirror, isolated_home: Path) -> None:
    pdf = paper_pdf(Spec(title=WIDE))
    # Headers promise the whole file; the connection drops half-way.
    services.route(
        "/pdf/1606.07792",
        Reply(200, pdf, content_type="application/pdf", reset_after=len(pdf) // 2),
    )
    report, _ = fetch()
    assert wide_pdf(report)["status"] == "failed"
    assert not list((isolated_home / "pdfs").glob("cheng2016wide*"))
    check_invariants(isolated_home)
    # A server that sends a complete response with a truncated PDF in it.
    services.route(
        "/pdf/1606.07792", Reply(200, pdf[: len(pdf) // 2], content_type="application/pdf")
    )
    report, _ = fetch()
    status = wide_pdf(report)
    assert status["status"] in ("failed", "ok")
    if status["status"] == "failed":
        assert status["error"]
    check_invariants(isolated_home)
    assert healthy_rerun(services, isolated_home)


def test_html_where_a_pdf_was_expected(services: Mirror, isolated_home: Path) -> None:
    page = b"<!DOCTYPE html><html><body>Please sign in</body></html>"
    services.route("/pdf/1606.07792", Reply(200, page, content_type="text/html"))
    report, _ = fetch()
    pdf = wide_pdf(report)
    assert pdf["status"] == "failed" and "HTML" in pdf["error"]
    # Even when the server calls it application/pdf.
    services.route("/pdf/1606.07792", Reply(200, page, content_type="application/pdf"))
    report, _ = fetch()
    pdf = wide_pdf(report)
    assert pdf["status"] == "failed" and "HTML" in pdf["error"]
    assert not list((isolated_home / "pdfs").glob("cheng2016wide*"))
    check_invariants(isolated_home)
    healthy_rerun(services, isolated_home)


def test_scholar_captcha_is_one_line_and_the_rest_continues(
    services: Mirror, isolated_home: Path
) -> None:
    services.route("/scholar", scholar_page("geomap_captcha"))
    report, ran = fetch()
    assert ran.stderr.count("Google Scholar blocked") == 1
    sources = report["sources"]
    assert isinstance(sources, dict) and sources["scholar"]["error"]
    assert paper_count(isolated_home) == 3
    check_invariants(isolated_home)
    healthy_rerun(services, isolated_home)


def test_every_service_down_is_a_clear_error_and_nothing_is_stored(
    services: Mirror, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERPREP_RETRIES", "0")
    for path in ("/api/query", "/works", "/scholar"):
        services.route(path, Reply(200, reset_after=0))
    _, ran = fetch(code=1)
    assert "no source answered" in ran.stderr
    assert paper_count(isolated_home) == 0
    check_invariants(isolated_home)
    healthy_rerun(services, isolated_home)
