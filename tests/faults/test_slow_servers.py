"""Slow-loris servers (#11 F7): a server that sends one byte every half second never trips a
per-read timeout, so only an overall deadline per request ends it. The PDF, the headers of an
API answer or its body trickle; that PDF or that source fails in one line within the deadline,
and the rest of the run goes on.

The trickled answers are the recorded ones (``tests/fixtures``: the assembled recsys arXiv feed
and OpenAlex list, see their MANIFESTs) and a generated PDF, sent one byte at a time.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from paperprep.errors import SourceError
from paperprep.http import Http
from paperprep.settings import Settings
from tests.faults.conftest import WIDE, check_invariants, cli_argv, cli_env, run_sub
from tests.mirror import Mirror, Reply, arxiv_body, openalex_body
from tests.pdfgen import Spec, paper_pdf

#: One byte per this many seconds: far inside the per-read timeout (3 s in these tests).
INTERVAL = 0.5
DEADLINE = 2.0
#: A run that hangs is killed here; before the fix every one of these ran until this bound.
BOUND = 60.0


def trickle_body(mirror: Mirror, body: bytes, content_type: str) -> Callable[..., None]:
    """Headers at once, then the body one byte per :data:`INTERVAL`."""

    def send(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.flush()
        for i in range(len(body)):
            if mirror.pause(INTERVAL):
                return
            handler.wfile.write(body[i : i + 1])
            handler.wfile.flush()

    return send


def trickle_headers(mirror: Mirror) -> Callable[..., None]:
    """A status line, then the headers one byte per :data:`INTERVAL`, forever."""

    def send(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        handler.wfile.flush()
        while not mirror.pause(INTERVAL):
            handler.wfile.write(b"X")
            handler.wfile.flush()

    return send


@pytest.fixture
def slow_env(services: Mirror, monkeypatch: pytest.MonkeyPatch) -> Mirror:
    monkeypatch.setenv("PAPERPREP_TIMEOUT", "3")
    monkeypatch.setenv("PAPERPREP_RETRIES", "1")
    monkeypatch.setenv("PAPERPREP_DEADLINE", str(DEADLINE))
    monkeypatch.setenv("PAPERPREP_PDF_DEADLINE", str(DEADLINE))
    return services


def fetch(*extra: str, top: int = 3) -> tuple[dict[str, object], str, float]:
    ran = run_sub("fetch", "recsys", "--top", str(top), "--json", *extra, timeout=BOUND)
    return json.loads(ran.stdout), ran.stderr, ran.seconds


def test_a_trickling_pdf_fails_that_paper_only(slow_env: Mirror, isolated_home: Path) -> None:
    pdf = paper_pdf(Spec(title=WIDE))
    slow_env.route("/pdf/1606.07792", Reply(raw=trickle_body(slow_env, pdf, "application/pdf")))
    # Every candidate of the mirror's recsys world, so both papers it has a PDF for are in the
    # list whatever their rank among the domain's seeds.
    report, stderr, seconds = fetch(top=40)
    papers = report["papers"]
    assert isinstance(papers, list)
    status = {p["title"]: p["pdf"] for p in papers}
    assert status[WIDE]["status"] == "failed"
    assert f"within {DEADLINE:g} s" in status[WIDE]["error"]
    # The other paper with a PDF on the mirror came in; nothing partial was left behind.
    assert status["Neural Collaborative Filtering"]["status"] == "ok"
    assert seconds < BOUND / 2
    assert "Traceback" not in stderr
    check_invariants(isolated_home)


def test_trickling_headers_fail_that_source_only(slow_env: Mirror, isolated_home: Path) -> None:
    slow_env.route("/works", Reply(raw=trickle_headers(slow_env)))
    report, stderr, seconds = fetch("--no-pdf")
    sources = report["sources"]
    assert isinstance(sources, dict)
    assert "within" in sources["openalex"]["error"]
    assert sources["arxiv"]["papers"] > 0 and sources["arxiv"]["error"] is None
    assert len(report["papers"]) == 3  # type: ignore[arg-type]
    assert seconds < BOUND / 2
    assert "openalex" in stderr
    check_invariants(isolated_home)


def test_a_trickling_api_body_fails_that_source_only(slow_env: Mirror, isolated_home: Path) -> None:
    feed = arxiv_body("recsys_assembled")
    slow_env.route(
        "/api/query",
        Reply(raw=trickle_body(slow_env, feed, "application/atom+xml; charset=utf-8")),
    )
    report, stderr, seconds = fetch("--no-pdf")
    sources = report["sources"]
    assert isinstance(sources, dict)
    assert "within" in sources["arxiv"]["error"]
    assert sources["openalex"]["papers"] > 0
    assert len(report["papers"]) == 3  # type: ignore[arg-type]
    assert seconds < BOUND / 2
    assert "arxiv" in stderr
    check_invariants(isolated_home)


def test_the_deadline_is_per_request_and_not_retried(mirror: Mirror, tmp_path: Path) -> None:
    body = openalex_body("recsys_assembled")
    mirror.route("/works", Reply(raw=trickle_body(mirror, body, "application/json")))
    settings = Settings(home=tmp_path, timeout=3, retries=3, deadline=1.0, host_delay=0)
    start = time.monotonic()
    with Http(settings, sleep=lambda s: None) as http, pytest.raises(SourceError) as caught:
        http.get_text(f"{mirror.url}/works", source="openalex")
    assert "within 1 s" in str(caught.value)
    assert time.monotonic() - start < 10
    assert len(mirror.hits("/works")) == 1, "a server that trickles would trickle again"


def test_doctor_does_not_hang_on_a_trickling_service(
    slow_env: Mirror, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow_env.route("/works", Reply(raw=trickle_headers(slow_env)))
    start = time.monotonic()
    # doctor reports a failed check in its report (stdout) and exits 1.
    proc = subprocess.run(
        cli_argv("doctor", "--json"),
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=BOUND,
        check=False,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    checks = {c["name"]: c for c in json.loads(proc.stdout)["checks"]}
    assert not checks["openalex"]["ok"] and "within" in checks["openalex"]["detail"]
    assert checks["arxiv"]["ok"], checks["arxiv"]
    assert time.monotonic() - start < BOUND / 2
