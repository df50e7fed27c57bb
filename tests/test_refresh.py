"""`paperprep refresh` and `add`'s online look-up, against the loopback mirror (recorded arXiv and
OpenAlex answers); offline, the PDF's own metadata stays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperprep.cli import app
from tests.mirror import Mirror, mirror, serve_recsys
from tests.pdfgen import Spec, paper_pdf

__all__ = ["mirror"]

WIDE = "Wide & Deep Learning for Recommender Systems"


def _pdf(folder: Path) -> Path:
    stamp = "arXiv:1606.07792v1 [cs.LG] 24 Jun 2016 is where this preprint was first posted."
    spec = Spec(
        title="Wide and Deep Draft for Review",
        authors=["Heng Cheng", "Levent Koc"],
        info=False,
        sections=[("1 Introduction", [stamp, "We study app recommendation at scale here."])],
    )
    path = folder / "wide.pdf"
    path.write_bytes(paper_pdf(spec))
    return path


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stdout + result.stderr


@pytest.fixture
def services(mirror: Mirror, monkeypatch: pytest.MonkeyPatch) -> Mirror:
    return serve_recsys(mirror, monkeypatch)


def test_refresh_prefers_the_arxiv_record_and_keeps_the_key(
    services: Mirror, tmp_path: Path
) -> None:
    run("add", str(_pdf(tmp_path)))  # the look-up is off in tests unless asked for
    listed = json.loads(run("list", "--json"))
    key = listed[0]["key"]
    assert listed[0]["title"] == "Wide and Deep Draft for Review"
    report = json.loads(run("refresh", key, "--json"))
    assert report[0]["source"] == "arxiv" and "title" in report[0]["changed"]
    shown = json.loads(run("show", key, "--json"))
    assert shown["title"] == WIDE and shown["key"] == key
    assert shown["authors"][0].startswith("Heng-Tze Cheng")
    assert run("refresh", key).strip().endswith("(arxiv)")  # nothing left to change


def test_refresh_keeps_what_the_user_edited(services: Mirror, tmp_path: Path) -> None:
    run("add", str(_pdf(tmp_path)))
    key = json.loads(run("list", "--json"))[0]["key"]
    run("edit", key, "--title", "My Own Title")
    run("refresh", key)
    assert json.loads(run("show", key, "--json"))["title"] == "My Own Title"


def test_add_looks_the_paper_up_when_asked_and_the_network_is_up(
    services: Mirror, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERPREP_LOOKUP", "1")
    run("add", str(_pdf(tmp_path)))
    assert json.loads(run("list", "--json"))[0]["title"] == WIDE
    assert services.hits("/api/query")


def test_add_without_the_network_keeps_the_pdf_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERPREP_LOOKUP", "1")
    monkeypatch.setenv("PAPERPREP_ARXIV_URL", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("PAPERPREP_OPENALEX_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("PAPERPREP_ARXIV_DELAY", "0")
    monkeypatch.setenv("PAPERPREP_HOST_DELAY", "0")
    out = run("add", str(_pdf(tmp_path)))
    assert "refresh" in out  # one line says how to look it up later
    assert json.loads(run("list", "--json"))[0]["title"] == "Wide and Deep Draft for Review"
    out = run("refresh", json.loads(run("list", "--json"))[0]["key"], code=1)
    assert "failed" in out


def test_refresh_of_an_unknown_paper_is_one_clear_line() -> None:
    out = run("refresh", "nosuchpaper", code=1)
    assert "nosuchpaper" in out and len(out.strip().splitlines()) <= 2
