"""Temp files of a run in progress are not another run's to delete (#11 F3).

Every command's start-up clears the ``.part-*`` temp files killed runs left behind. Before the
fix it deleted *every* one, including the live temp files of an ``add`` or ``fetch`` running at
the same time, which then crashed on its rename (9 of 10 long ``add``s while ``list`` ran in a
loop). Now a temp file names its owner (``.part-<pid>-<host>-…``) and only stale ones go: the
owner is not running, or nobody wrote to it for an hour.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.faults.conftest import (
    check_invariants,
    cli_argv,
    cli_env,
    make_pdfs,
    paper_count,
    run,
)

HOST = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:6]


def owned_by(folder: Path, pid: int, name: str = "x1y2z3") -> Path:
    """A temp file named as paperprep names them, owned by process ``pid`` on this machine."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f".part-{pid}-{HOST}-{name}"
    path.write_bytes(b"%PDF-1.4 half a download")
    return path


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_start_up_removes_only_stale_temp_files(isolated_home: Path) -> None:
    run("list")  # a library
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        pdfs, notes = isolated_home / "pdfs", isolated_home / "notes" / "recsys"
        live = [owned_by(pdfs, holder.pid), owned_by(notes, holder.pid)]
        dead = [owned_by(pdfs, dead_pid()), owned_by(notes, dead_pid(), "a1b2c3")]
        # Named by an older paperprep (no owner): judged by age alone.
        fresh_unowned = pdfs / ".part-k3j2h1"
        fresh_unowned.write_bytes(b"")
        old_unowned = notes / ".part-q9w8e7"
        old_unowned.write_bytes(b"")
        two_hours_ago = time.time() - 7200
        os.utime(old_unowned, (two_hours_ago, two_hours_ago))
        # Even a live owner's file is stale once untouched for two hours (a reused pid).
        old_live = owned_by(pdfs, holder.pid, "o1d2f3")
        os.utime(old_live, (two_hours_ago, two_hours_ago))

        for command in (["list"], ["progress"], ["sync"]):
            run(*command)
            assert all(p.exists() for p in live), f"`{command[0]}` deleted a live temp file"
            assert fresh_unowned.exists()
        assert not any(p.exists() for p in dead), "a killed run's temp files were kept"
        assert not old_unowned.exists() and not old_live.exists()
    finally:
        holder.kill()
        holder.wait()
    # Its owner is gone now: the next command clears them.
    run("list")
    assert not any(p.exists() for p in live)
    fresh_unowned.unlink()
    check_invariants(isolated_home)


def test_a_long_add_survives_other_commands_running_beside_it(
    tmp_path: Path, isolated_home: Path
) -> None:
    pdfs = make_pdfs(tmp_path / "in", 14, pages=4)
    run("list")
    add = subprocess.Popen(
        cli_argv("add", *map(str, pdfs), "--domain", "recsys"),
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    others = 0
    try:
        # In this process, so that the start-ups (each one clears stale temp files) come fast.
        while add.poll() is None:
            run(["list", "progress", "sync"][others % 3])
            others += 1
        _, stderr = add.communicate(timeout=90)
    finally:
        if add.poll() is None:
            add.kill()
            add.wait()
    assert add.returncode == 0, stderr
    assert "Traceback" not in stderr and "FileNotFoundError" not in stderr
    assert others >= 20, "the add finished before much ran beside it"
    assert paper_count(isolated_home) == len(pdfs)
    check_invariants(isolated_home)
