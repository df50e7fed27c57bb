"""Answers and PDFs built to exhaust memory (#11 F6, F12).

- A gzip-bombed API answer (the recorded OpenAlex recsys list, ``tests/fixtures/openalex``,
  followed by 128 MiB of JSON whitespace, ~130 KB on the wire): read up to the answer cap and
  then dropped, in bounded memory, with nothing of it in the cache; that source fails in one
  line and the others carry on.
- A decompression-bomb PDF with ``PAPERPREP_EXTRACT_TIMEOUT=0`` (no time limit): still read in a
  worker process under the memory cap, never in the main process.
"""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import pytest

from paperprep.errors import SourceError
from paperprep.http import Http
from paperprep.settings import Settings
from tests.faults.conftest import check_invariants, paper_count
from tests.faults.test_bad_pdfs import bomb_pdf, run_measured
from tests.mirror import Mirror, Reply, openalex_body

MB = 1 << 20
#: Settings().max_answer_bytes
ANSWER_CAP = 32 * MB


def gzip_bomb(head: bytes, total: int, chunk: int = 16 * MB) -> bytes:
    """A gzip stream of ``head`` and then ``total`` spaces, built without holding them: after a
    full flush deflate forgets its window, so one compressed block of spaces repeats; the CRC and
    size trailer are computed over the real content."""
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    start = co.compress(head) + co.flush(zlib.Z_FULL_FLUSH)
    blank = b" " * chunk
    block = co.compress(blank) + co.flush(zlib.Z_FULL_FLUSH)
    end = co.flush()
    n = max(1, total // chunk)
    crc = zlib.crc32(head)
    for _ in range(n):
        crc = zlib.crc32(blank, crc)
    size = (len(head) + n * chunk) & 0xFFFFFFFF
    return start + block * n + end[:-8] + struct.pack("<II", crc, size)


def bombed_works() -> Reply:
    body = gzip_bomb(openalex_body("recsys_assembled"), 128 * MB)
    assert len(body) < MB
    return Reply(200, body, headers={"Content-Encoding": "gzip"}, content_type="application/json")


def cache_files(home: Path) -> list[Path]:
    folder = home / "cache" / "http"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []


def test_a_gzip_bombed_api_answer_is_capped(services: Mirror, isolated_home: Path) -> None:
    services.route("/works", bombed_works())
    ran, peak = run_measured("fetch", "recsys", "--top", "3", "--json", "--no-pdf")
    assert ran.code == 0, ran.stderr
    report = json.loads(ran.stdout)
    error = report["sources"]["openalex"]["error"]
    assert error and "limit" in error, report["sources"]
    assert report["sources"]["arxiv"]["papers"] > 0 and len(report["papers"]) == 3
    assert peak < 600 * MB, f"peak memory {peak // MB} MB"
    assert all(p.stat().st_size <= ANSWER_CAP for p in cache_files(isolated_home))
    assert sum(p.stat().st_size for p in cache_files(isolated_home)) < 16 * MB
    check_invariants(isolated_home)


def test_the_cap_holds_in_the_client_and_its_cache(mirror: Mirror, tmp_path: Path) -> None:
    mirror.route("/works", bombed_works())
    settings = Settings(home=tmp_path, retries=0, host_delay=0)
    with Http(settings) as http:
        with pytest.raises(SourceError, match="limit"):
            http.get_text(f"{mirror.url}/works", source="openalex")
        assert cache_files(tmp_path) == []
        # A declared length over the cap is refused before a byte of the body is read.
        mirror.route("/big", Reply(200, b"x" * (settings.max_answer_bytes + 1)))
        with pytest.raises(SourceError, match="limit"):
            http.get_text(f"{mirror.url}/big", source="openalex")
        # A cache entry bigger than any answer paperprep keeps (planted, or from an older
        # version) is never read into memory: the answer is asked for again.
        mirror.route("/ok", Reply(200, b'{"results": []}', content_type="application/json"))
        key = http.cache_key(f"{mirror.url}/ok")
        planted = tmp_path / "cache" / "http" / key[:2] / f"{key}.bin"
        planted.parent.mkdir(parents=True, exist_ok=True)
        with planted.open("wb") as fh:
            fh.truncate(settings.max_answer_bytes + 8192)
        got = http.get_text(f"{mirror.url}/ok", source="openalex")
        assert got.json() == {"results": []} and not got.from_cache
        assert len(mirror.hits("/ok")) == 1


@pytest.mark.slow
def test_a_bomb_pdf_without_a_time_limit_is_still_memory_capped(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERPREP_EXTRACT_TIMEOUT", "0")
    path = tmp_path / "bomb.pdf"
    path.write_bytes(bomb_pdf(2 << 30))
    ran, peak = run_measured("add", str(path), "--domain", "recsys")
    assert ran.code == 1, ran.stderr
    assert peak < 1536 * MB, f"peak memory {peak // MB} MB"
    line = " ".join(ran.stderr.split())
    assert "bomb.pdf" in line and "memory" in line, ran.stderr
    assert paper_count(isolated_home) == 1
    check_invariants(isolated_home)
