"""`paperprep fetch` end to end through the real CLI, against a loopback mirror of the services.

The mirror serves recorded responses (tests/fixtures, see their MANIFEST.md); the recsys-topic
arXiv feed and OpenAlex list are assembled in the recorded format and say so. PDFs are generated.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperprep.cli import app
from paperprep.library import Library
from tests.mirror import (
    Mirror,
    Reply,
    arxiv_body,
    mirror,
    openalex_body,
    scholar_page,
    serve_recsys,
)
from tests.pdfgen import Spec, paper_pdf

__all__ = ["mirror"]

WIDE = "Wide & Deep Learning for Recommender Systems"


@pytest.fixture
def services(mirror: Mirror, monkeypatch: pytest.MonkeyPatch) -> Mirror:
    """Point every endpoint at the mirror, with no pacing delays, and serve a normal day."""
    return serve_recsys(mirror, monkeypatch)


def run(*args: str, code: int = 0) -> tuple[str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stdout, result.stderr


def lib(home: Path) -> Library:
    return Library.open(home / "library.db")


def no_partials(home: Path) -> None:
    assert not list(home.rglob(".part-*")), "a partial file was left in the library"


def test_fetch_finds_ranks_downloads_and_drafts(services: Mirror, isolated_home: Path) -> None:
    out, _ = run("fetch", "recsys", "--top", "3", "--json")
    report = json.loads(out)
    titles = [p["title"] for p in report["papers"]]
    assert WIDE in titles
    # Scholar answered with highly cited geology papers: off-topic, so none was picked.
    assert not any("Antarctica" in t or "Victoria Land" in t for t in titles)
    assert report["sources"]["scholar"]["error"] is None
    for paper in report["papers"]:
        assert paper["why"] and paper["rank"] in (1, 2, 3)
        assert paper["why"].startswith(f"{paper['slot']}:".replace("score:", "by score:"))
    # One pick per slot for --top 3: a classic, a core paper, and a frontier one (recsys names
    # TIGER, HSTU, Wukong and OneRec as its frontier seeds; none is in this mirror's OpenAlex).
    assert sorted(p["slot"] for p in report["papers"]) == ["classic", "core", "frontier"]
    wide = next(p for p in report["papers"] if p["title"] == WIDE)
    assert wide["impact"]["top_1_percent"] is True and wide["impact"]["fwci"] == 76.282
    assert wide["seed"] == "core" and wide["relevance"] == 1.0
    assert report["graph"]["error"] is None and report["graph"]["papers"] > 0
    assert wide["citations"] == 3100 and wide["citation_source"] == "openalex"
    assert wide["pdf"]["status"] == "ok"
    note = Path(wide["note"])
    assert note.is_file() and note.parent == isolated_home / "notes"
    shown = json.loads(run("show", wide["key"], "--json")[0])
    assert shown["arxiv_id"] == "1606.07792" and shown["doi"] == "10.1145/2988450.2988454"
    assert shown["domains"][0]["why"] == wide["why"]
    assert shown["pdf"]["sha256"] and Path(shown["pdf"]["path"]).is_file()
    assert shown["evidence"]["data_format"], "evidence drafted from the downloaded PDF"
    # arXiv was asked politely: one connection, the domain's categories in the query.
    assert services.hits("/api/query")
    no_partials(isolated_home)


def test_rerun_is_safe_keeps_notes_and_refreshes_citations(
    services: Mirror, isolated_home: Path
) -> None:
    first = json.loads(run("fetch", "recsys", "--top", "3", "--json")[0])
    note = Path(next(p for p in first["papers"] if p["title"] == WIDE)["note"])
    note.write_text(note.read_text() + "\n## My notes\n\nMine, not yours.\n")
    edited = note.read_text()
    count = lib(isolated_home).count()
    pdf_requests = len(services.hits("/pdf/1606.07792"))
    newer = openalex_body("recsys_assembled").replace(
        b'"cited_by_count": 3100', b'"cited_by_count": 3300'
    )
    assert newer != openalex_body("recsys_assembled")
    services.route("/works", newer)
    second = json.loads(run("fetch", "recsys", "--top", "3", "--refresh", "--json")[0])
    assert lib(isolated_home).count() == count
    assert next(p for p in second["papers"] if p["title"] == WIDE)["citations"] == 3300
    assert note.read_text().startswith(edited[: len(edited) - 1]) or note.read_text() == edited
    assert "Mine, not yours." in note.read_text()
    # PDFs already on disk are not downloaded again.
    assert len(services.hits("/pdf/1606.07792")) == pdf_requests


def test_scholar_captcha_is_one_line_and_the_rest_continues(
    services: Mirror, isolated_home: Path
) -> None:
    services.route("/scholar", scholar_page("geomap_captcha"))
    result = CliRunner().invoke(app, ["fetch", "recsys", "--top", "2"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "Google Scholar blocked these requests" in result.stderr
    assert "README" in result.stderr
    assert "Traceback" not in result.stderr
    assert lib(isolated_home).count() == 2


def test_google_403_page_is_reported_as_blocked(services: Mirror, isolated_home: Path) -> None:
    services.route("/scholar", Reply(403, scholar_page("geomap_403"), content_type="text/html"))
    out, _err = run("fetch", "recsys", "--top", "2", "--json")
    report = json.loads(out)
    assert "blocked" in report["sources"]["scholar"]["error"]
    assert len(report["papers"]) == 2


def test_arxiv_503_then_200_and_429_without_retry_after(
    services: Mirror, isolated_home: Path
) -> None:
    services.route("/api/query", Reply(503), Reply(429), arxiv_body("recsys_assembled"))
    out, _ = run("fetch", "recsys", "--top", "3", "--sources", "arxiv,openalex", "--json")
    report = json.loads(out)
    assert report["sources"]["arxiv"]["error"] is None
    assert report["sources"]["arxiv"]["papers"] >= 3
    statuses = list(services.hits("/api/query"))
    assert len(statuses) >= 3


def test_openalex_html_404_and_pdf_link_returning_html(
    services: Mirror, isolated_home: Path
) -> None:
    services.route("/works", Reply(404, openalex_body("404"), content_type="text/html"))
    services.route(
        "/pdf/1606.07792",
        Reply(
            200,
            b"<!DOCTYPE html><html><body>Sign in to continue</body></html>",
            content_type="text/html",
        ),
    )
    # Without OpenAlex no citation counts are known: take every seed so Wide & Deep is in.
    out, err = run("fetch", "recsys", "--top", "40", "--sources", "arxiv,openalex", "--json")
    report = json.loads(out)
    assert "openalex: OpenAlex answered HTTP 404" in err
    wide = next(p for p in report["papers"] if p["title"] == WIDE)
    assert wide["pdf"]["status"] == "failed"
    assert "HTML" in wide["pdf"]["error"]
    assert "Traceback" not in err
    shown = json.loads(run("show", wide["key"], "--json")[0])
    assert shown["pdf"]["status"] == "failed" and shown["pdf"]["path"] is None
    no_partials(isolated_home)


def test_connection_reset_mid_pdf_and_read_timeout_leave_no_partial_file(
    services: Mirror, isolated_home: Path
) -> None:
    pdf = paper_pdf(Spec(title=WIDE))

    def wide_pdf_status() -> dict[str, str]:
        out, _ = run("fetch", "recsys", "--top", "3", "--sources", "arxiv,openalex", "--json")
        report = json.loads(out)
        return next(p["pdf"] for p in report["papers"] if p["title"] == WIDE)

    services.route(
        "/pdf/1606.07792", Reply(200, pdf, content_type="application/pdf", reset_after=300)
    )
    status = wide_pdf_status()
    assert status["status"] == "failed" and "dropped" in status["error"]
    assert not list((isolated_home / "pdfs").glob("cheng2016wide*"))
    no_partials(isolated_home)
    services.route("/pdf/1606.07792", Reply(200, hang=True))
    status = wide_pdf_status()
    assert status["status"] == "failed" and "tim" in status["error"].lower()
    no_partials(isolated_home)
    # The next run, with the host healthy again, completes.
    services.route("/pdf/1606.07792", Reply(200, pdf, content_type="application/pdf"))
    assert wide_pdf_status()["status"] == "ok"
    assert lib(isolated_home).count() == 3


def test_no_network_gives_one_line_per_source_and_suggests_offline(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch, services: Mirror
) -> None:
    # Fill the cache once, then take every service away.
    run("fetch", "recsys", "--top", "2", "--no-pdf")
    closed = "http://127.0.0.1:9"  # the discard port: nothing listens, connection refused
    monkeypatch.setenv("PAPERPREP_ARXIV_URL", f"{closed}/api/query")
    monkeypatch.setenv("PAPERPREP_OPENALEX_URL", closed)
    monkeypatch.setenv("PAPERPREP_SCHOLAR_URL", closed)
    monkeypatch.setenv("PAPERPREP_RETRIES", "0")
    result = CliRunner().invoke(app, ["fetch", "recsys", "--refresh"], catch_exceptions=False)
    assert result.exit_code == 1
    err = result.stderr
    assert "Traceback" not in err
    for name in ("arxiv: cannot connect", "openalex: cannot connect", "scholar: cannot connect"):
        assert name in err, err
    assert "--offline" in err
    # And --offline answers from what the cache holds.
    monkeypatch.setenv("PAPERPREP_ARXIV_URL", f"{services.url}/api/query")
    monkeypatch.setenv("PAPERPREP_OPENALEX_URL", services.url)
    monkeypatch.setenv("PAPERPREP_SCHOLAR_URL", services.url)
    before = len(services.requests)
    out, _ = run("fetch", "recsys", "--top", "2", "--no-pdf", "--offline", "--json")
    assert len(json.loads(out)["papers"]) == 2
    assert len(services.requests) == before


def test_killed_fetch_then_rerun_completes(services: Mirror, isolated_home: Path) -> None:
    # Slow PDFs so that the kill lands mid-download.
    for arxiv_id in ("1606.07792", "1703.04247", "1708.05031"):
        services.route(
            f"/pdf/{arxiv_id}",
            Reply(200, paper_pdf(Spec(title=arxiv_id)), content_type="application/pdf", delay=2.0),
        )
    env = {**os.environ}
    proc = subprocess.Popen(
        [sys.executable, "-m", "paperprep", "fetch", "recsys", "--top", "3"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not services.hits("/pdf/1606.07792"):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for arxiv_id in ("1606.07792", "1703.04247", "1708.05031"):
        services.route(
            f"/pdf/{arxiv_id}",
            Reply(200, paper_pdf(Spec(title=arxiv_id)), content_type="application/pdf"),
        )
    report = json.loads(run("fetch", "recsys", "--top", "3", "--json")[0])
    statuses = {p["title"]: p["pdf"]["status"] for p in report["papers"]}
    assert statuses[WIDE] == "ok"
    # The others have no PDF in this mirror (no open-access link, or arXiv answers 404);
    # whatever they end as, nothing is left "pending".
    assert set(statuses.values()) <= {"ok", "missing", "failed"}
    assert lib(isolated_home).count() == 3
    no_partials(isolated_home)


def test_add_by_arxiv_id_and_doi(services: Mirror, isolated_home: Path) -> None:
    out, _ = run("add", "arXiv:1606.07792v1", "--domain", "recsys", "--json")
    [outcome] = json.loads(out)
    assert outcome["status"] == "added" and outcome["title"] == WIDE
    shown = json.loads(run("show", "1606.07792", "--json")[0])
    assert shown["pdf"]["status"] == "ok"
    assert shown["citations"] == 3100  # completed from OpenAlex
    # A DOI is looked up on OpenAlex (a singleton: the assembled list's second work).
    youtube = json.loads(openalex_body("recsys_assembled"))["results"][1]
    services.route("/works/https://doi.org/10.1145%2F2959100.2959190", json.dumps(youtube).encode())
    out, _ = run("add", "https://doi.org/10.1145/2959100.2959190", "--json", code=0)
    [outcome] = json.loads(out)
    assert outcome["title"] == "Deep Neural Networks for YouTube Recommendations"
    assert "no open-access PDF" in (outcome["error"] or "")
    assert lib(isolated_home).count() == 2
    _, err = run("add", "10.9999/not-known", code=1)
    assert "OpenAlex does not know this DOI" in err


def test_malformed_openalex_works_are_skipped_and_a_bad_pdf_link_fails_only_its_paper(
    services: Mirror, isolated_home: Path
) -> None:
    """Reliability review F5: these answers crashed the whole fetch with a traceback."""
    data = json.loads(openalex_body("recsys_assembled"))
    wide, youtube, deepfm = data["results"]
    bad_year = {**wide, "publication_year": "MMXVI"}
    bad_index = {**deepfm, "abstract_inverted_index": {"We": [None]}}
    # YouTube's paper (no arXiv id) has only broken links.
    youtube = {
        **youtube,
        "locations": [],
        "best_oa_location": {"pdf_url": "http://[::1"},
        "primary_location": {"pdf_url": "https://x.example/a b.pdf"},
    }
    data["results"] = [youtube, bad_year, bad_index, {"authorships": {"a": 1}, "title": "T"}]
    services.route("/works", json.dumps(data).encode())
    out, err = run("fetch", "recsys", "--top", "3", "--sources", "openalex", "--json")
    report = json.loads(out)
    assert "Traceback" not in err
    assert report["sources"]["openalex"]["skipped"] >= 3
    assert "openalex: skipped" in err and "malformed record" in err
    title = "Deep Neural Networks for YouTube Recommendations"
    picked = next(p for p in report["papers"] if p["title"] == title)
    assert picked["pdf"]["status"] == "failed"
    assert "not a usable URL" in picked["pdf"]["error"]
