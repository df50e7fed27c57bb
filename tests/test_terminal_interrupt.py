"""Ctrl-C, SIGTERM and a killed parent at a real terminal, at every stage of a fetch.

Ctrl-C is sent the way a terminal sends it: the interrupt character on the pty, so SIGINT reaches
the whole foreground process group (extraction workers included). Each stage's fetch is arranged
by ``tests/fetch_stages.py`` to dwell in that stage (slow answers, long PDFs). The promise: exit
within 2 s (asserted with a generous 5 s, for a busy machine; ``benchmarks/interrupt.py``
measures the real figure), status 130, the one "Interrupted; nothing half-written was kept"
line, no traceback from the main process or any worker, no partial file left.
"""

from __future__ import annotations

import io
import os
import re
import signal
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperprep.cli import app
from tests.fetch_stages import QUICK, STAGES, Stage, fetch_in, long_pdf
from tests.terminal import Screen, drain, finish, spawn_tty

BOUND_S = 5.0
MESSAGE = "Interrupted; nothing half-written was kept. Run the command again to resume."


def stage(name: str) -> Stage:
    return next(s for s in STAGES if s.name == name)


def no_partials(home: Path) -> None:
    assert not list(home.rglob(".part-*")), "a partial file was left in the library"


def assert_stopped(screen: Screen, code: int, message: str) -> None:
    screen.assert_clean(code)
    assert screen.plain.count(message) == 1, screen.plain
    assert screen.elapsed <= BOUND_S, f"took {screen.elapsed:.1f} s to stop:\n{screen.text}"


@pytest.mark.slow
@pytest.mark.parametrize("which", STAGES, ids=[s.name for s in STAGES])
def test_ctrl_c_stops_a_fetch_promptly_at_every_stage(which: Stage, tmp_path: Path) -> None:
    home = tmp_path / "lib"
    # The search stage keeps arXiv's real 3 s pacing: those sleeps are what it dwells on.
    with fetch_in(which, home, {} if which.name == "search" else QUICK) as child:
        pressed = time.monotonic()
        child.sendintr()
        screen = finish(child, timeout=60, since=pressed)
    assert_stopped(screen, 130, MESSAGE)
    no_partials(home)


@pytest.mark.slow
def test_sigterm_during_download_is_handled_like_ctrl_c(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    with fetch_in(stage("download"), home, QUICK) as child:
        pressed = time.monotonic()
        child.kill(signal.SIGTERM)
        screen = finish(child, timeout=60, since=pressed)
    assert_stopped(screen, 143, "Stopped (SIGTERM); nothing half-written was kept.")
    no_partials(home)


@pytest.mark.slow
def test_second_ctrl_c_stops_at_once(tmp_path: Path) -> None:
    home = tmp_path / "lib"
    with fetch_in(stage("download"), home, QUICK) as child:
        pressed = time.monotonic()
        child.sendintr()
        time.sleep(0.05)
        child.sendintr()
        screen = finish(child, timeout=60, since=pressed)
    assert_stopped(screen, 130, MESSAGE)


#: Runs paperprep as a shell's job, as at a real terminal: the shell, not paperprep, leads the
#: pty's session, so killing paperprep does not hang the terminal up (which would kill the
#: workers with SIGHUP and hide what they print). The shell reports paperprep's pid.
SHELL_JOB = ["bash", "-c", '"$@" & echo "PID=$!"; wait; sleep 60', "job"]


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                kids = {int(k) for k in (task / "children").read_text().split()}
            except OSError:
                continue
            todo.extend(kids - found)
            found |= kids
    return found


@pytest.mark.slow
def test_killed_fetch_leaves_workers_quiet(tmp_path: Path) -> None:
    # SIGKILL of paperprep mid-extraction: its workers find their parent gone and leave without
    # a BrokenPipeError traceback on the user's terminal, and none is left running.
    home = tmp_path / "lib"
    with fetch_in(stage("extract"), home, QUICK, wrap=SHELL_JOB) as child:
        log = child.logfile_read
        assert isinstance(log, io.StringIO)
        match = re.search(r"PID=(\d+)", log.getvalue())
        assert match, log.getvalue()
        pid = int(match.group(1))
        workers = _descendants(pid)
        assert workers, "no extraction worker was running"
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 40
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers), "extraction workers outlived paperprep"
        screen = Screen(code=0, raw=drain(child), lines=[], elapsed=0.0)
    screen.assert_clean(code=None)


@pytest.mark.slow
def test_ctrl_c_during_add_extraction(tmp_path: Path, isolated_home: Path) -> None:
    # The reliability review's case: `add` of long PDFs, Ctrl-C while the workers extract.
    pdfs = []
    for i in range(3):
        path = tmp_path / f"long-{i}.pdf"
        path.write_bytes(long_pdf(f"A Long Paper Number {i}", 400))
        pdfs.append(str(path))
    child = spawn_tty(["add", *pdfs, "--engine", "pypdf"], home=isolated_home)
    child.expect_exact("extracting", timeout=60)
    time.sleep(1.0)
    pressed = time.monotonic()
    child.sendintr()
    screen = finish(child, timeout=60, since=pressed)
    assert_stopped(screen, 130, MESSAGE)
    no_partials(isolated_home)
    # And the command is safe to run again: it completes.
    result = CliRunner().invoke(app, ["add", *pdfs, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
