"""Two processes on one library: parallel fetches, and a database another program holds locked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import paperprep.library
from tests.faults.conftest import (
    WIDE,
    check_invariants,
    cli_argv,
    cli_env,
    make_pdfs,
    paper_count,
    run,
    run_sub,
)
from tests.mirror import Mirror, Reply
from tests.pdfgen import Spec, paper_pdf

LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("update papers set updated_at = updated_at")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def hold_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another program takes the write lock of ``db`` for ``seconds``."""
    proc = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


@pytest.mark.slow
def test_two_fetches_at_once_on_one_library(services: Mirror, isolated_home: Path) -> None:
    services.route(
        "/pdf/1606.07792",
        Reply(200, paper_pdf(Spec(title=WIDE)), content_type="application/pdf", delay=0.3),
    )
    args = ["fetch", "recsys", "--top", "3", "--json"]
    procs = [
        subprocess.Popen(
            cli_argv(*args),
            env=cli_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=90) for p in procs]
    for proc, (stdout, stderr) in zip(procs, results, strict=True):
        assert "Traceback" not in stderr, stderr
        if proc.returncode != 0:
            assert proc.returncode == 1 and "locked" in stderr, stderr
        else:
            assert len(json.loads(stdout)["papers"]) == 3
    assert any(p.returncode == 0 for p in procs)
    assert paper_count(isolated_home) == 3
    check_invariants(isolated_home)
    report = json.loads(run_sub(*args).stdout)
    assert {p["title"]: p["pdf"]["status"] for p in report["papers"]}[WIDE] == "ok"
    assert paper_count(isolated_home) == 3
    check_invariants(isolated_home)


def test_two_adds_of_the_same_pdfs_at_once(tmp_path: Path, isolated_home: Path) -> None:
    pdfs = make_pdfs(tmp_path / "in", 3)
    run_sub("list")
    args = ["add", *map(str, pdfs), "--domain", "recsys"]
    procs = [
        subprocess.Popen(cli_argv(*args), env=cli_env(), stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for proc in procs:
        _, stderr = proc.communicate(timeout=60)
        assert "Traceback" not in stderr, stderr
        assert proc.returncode in (0, 1)
        if proc.returncode:
            assert stderr.strip()
    assert paper_count(isolated_home) == 3
    check_invariants(isolated_home)
    run_sub(*args)
    assert paper_count(isolated_home) == 3


def test_db_locked_briefly_by_another_process_is_waited_for(
    tmp_path: Path, isolated_home: Path
) -> None:
    [pdf] = make_pdfs(tmp_path / "in", 1)
    run("add", str(pdf), "--domain", "recsys")
    locker = hold_lock(isolated_home / "library.db", 1.0)
    try:
        ran = run("status", "1", "reading")
    finally:
        locker.wait(timeout=10)
    assert "reading" in ran.stdout
    # Reads never wait for a writer (WAL).
    locker = hold_lock(isolated_home / "library.db", 1.0)
    try:
        assert len(run("list", "--json").json()) == 1
    finally:
        locker.wait(timeout=10)
    check_invariants(isolated_home)


def test_db_locked_longer_than_the_busy_timeout_is_a_clear_error(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [pdf] = make_pdfs(tmp_path / "in", 1)
    run("add", str(pdf), "--domain", "recsys")
    monkeypatch.setattr(paperprep.library.base, "BUSY_TIMEOUT_MS", 300)
    locker = hold_lock(isolated_home / "library.db", 30)
    try:
        ran = run("status", "1", "read", code=1)
        assert "locked by another process" in ran.stderr
        ran = run("edit", "1", "--title", "A New Title For It", code=1)
        assert "locked by another process" in ran.stderr
        _, two = make_pdfs(tmp_path / "more", 2, prefix="other")
        ran = run("add", str(two), code=None)
        assert ran.code == 1 and "locked" in ran.stderr
    finally:
        locker.kill()
        locker.wait()
    # The re-run, with the lock gone, completes.
    assert "read" in run("status", "1", "read").stdout
    run("add", str(two))
    assert paper_count(isolated_home) == 2
    check_invariants(isolated_home)
