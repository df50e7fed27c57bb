"""``kill -9`` at random moments of download, extraction and database writes.

Each scenario runs ``python -m paperprep ...`` as a real process, SIGKILLs it after a random
(seeded) delay, checks that nothing half-written is visible under a real name, then repeats; the
final run without a kill must complete and leave the invariants intact.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from paperprep.notes import parse_note
from tests.faults.conftest import (
    ARXIV_PAPERS,
    WIDE,
    UserNotes,
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

#: Kills per scenario; the total time of each scenario stays around ten seconds.
REPETITIONS = 4


def kill_after(args: list[str], delay: float) -> int | None:
    """Start the CLI, SIGKILL it after ``delay`` seconds; its exit code if it finished first."""
    proc = subprocess.Popen(
        cli_argv(*args), env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        return proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return None


def assert_nothing_half_written(home: Path) -> None:
    """Right after a kill: temp files may exist, but every real name holds a whole file."""
    for note in (home / "notes").rglob("*.md") if (home / "notes").is_dir() else []:
        if not note.name.startswith(".part-"):
            parse_note(note.read_text(encoding="utf-8"))
    # The invariants, ignoring the .part-* files the next run clears away.
    for leftover in home.rglob(".part-*"):
        leftover.unlink()
    check_invariants(home)


@pytest.mark.slow
def test_kill_during_fetch_download_and_extraction(services: Mirror, isolated_home: Path) -> None:
    for arxiv_id, title in ARXIV_PAPERS:
        # Slow hosts, so the kills land while PDFs stream in as well as around them.
        services.route(
            f"/pdf/{arxiv_id}",
            Reply(200, paper_pdf(Spec(title=title)), content_type="application/pdf", delay=0.4),
        )
    rng = random.Random(20260801)
    args = ["fetch", "recsys", "--top", "3"]
    finished = 0
    for _ in range(REPETITIONS):
        code = kill_after(args, rng.uniform(0.3, 2.5))
        finished += code == 0
        assert code in (None, 0)
        assert_nothing_half_written(isolated_home)
    final = run_sub(*args, "--json")
    report = json.loads(final.stdout)
    statuses = {p["title"]: p["pdf"]["status"] for p in report["papers"]}
    assert statuses[WIDE] == "ok"
    # The others have no PDF in this mirror (no open-access link, or arXiv answers 404).
    assert set(statuses.values()) <= {"ok", "missing", "failed"}, statuses
    assert paper_count(isolated_home) == 3
    check_invariants(isolated_home)


@pytest.mark.slow
def test_kill_during_extraction_and_db_writes_of_add(tmp_path: Path, isolated_home: Path) -> None:
    pdfs = make_pdfs(tmp_path / "in", 8, pages=6)
    rng = random.Random(4242)
    args = ["add", *map(str, pdfs), "--domain", "recsys"]
    start = time.monotonic()
    run_sub("list")  # creates the library, so the kills below hit the real work
    for _ in range(REPETITIONS):
        kill_after(args, rng.uniform(0.2, 2.0))
        assert_nothing_half_written(isolated_home)
    run_sub(*args, code=0)
    assert paper_count(isolated_home) == len(pdfs)
    shown = json.loads(run_sub("list", "--json").stdout)
    assert len(shown) == len(pdfs)
    for paper in shown:
        record = json.loads(run_sub("show", str(paper["id"]), "--json").stdout)
        assert record["pdf"]["status"] == "ok", record["pdf"]
    check_invariants(isolated_home)
    assert time.monotonic() - start < 60


@pytest.mark.slow
def test_kill_during_note_sync_and_edits_keeps_the_users_text(
    tmp_path: Path, isolated_home: Path
) -> None:
    pdfs = make_pdfs(tmp_path / "in", 4)
    added = run("add", *map(str, pdfs), "--domain", "recsys", "--json").json()
    assert isinstance(added, list)
    user = UserNotes()
    for n, item in enumerate(added):
        user.write(Path(item["note"]), f"My own summary of paper {n}: keep me.")
    rng = random.Random(99)
    for i in range(REPETITIONS):
        # A sync, a status change and an edit of a title: all rewrite notes and rows.
        kill_after(["sync"], rng.uniform(0.05, 0.6))
        kill_after(["status", "1", "reading"], rng.uniform(0.05, 0.4))
        kill_after(["edit", "2", "--title", f"Renamed Paper {i}"], rng.uniform(0.05, 0.4))
        assert_nothing_half_written(isolated_home)
        check_invariants(isolated_home, user)
    run_sub("sync")
    for n, item in enumerate(added):
        record = json.loads(run_sub("show", str(item["id"]), "--json").stdout)
        assert f"paper {n}: keep me." in record["note"]["fields"]["summary"]
    check_invariants(isolated_home, user)
