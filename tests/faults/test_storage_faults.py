"""The disk under the library misbehaves (#11 F8, F13, F14, F17).

- F8: an ``add`` interrupted between storing the PDF's record and its text (a kill, a full disk)
  left the paper "PDF: ok" with no text, and re-adding said "exists" forever. The record and
  the text are now one transaction, and a paper left that way by an older version is read
  again when its file is added again.
- F13: a library on a read-only disk (a backup, a read-only share): the commands that read work;
  those that write say so in one line, never "move the file away".
- F14: the disk fills up mid-``add``: one line, nothing half-written, reads still work, and the
  re-run once there is space completes.
- F17: a damaged database: one line from every command, never a traceback, and ``doctor`` runs
  ``PRAGMA quick_check`` and says what it found.

The read-only and full disks are real: a read-only bind mount and a 1.5 MB tmpfs, each in a
private mount namespace of the paperprep process (``unshare -rm``), so the machine's mounts are
never touched.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import paperprep.library.pdfs
from paperprep.cli import app
from tests.faults.conftest import (
    check_invariants,
    make_pdfs,
    needs_namespaces,
    paper_count,
    run,
    run_mounted,
)


def textless(home: Path) -> list[int]:
    conn = sqlite3.connect(home / "library.db")
    try:
        return [
            r[0]
            for r in conn.execute(
                "select paper_id from pdfs where status = 'ok' and not exists "
                "(select 1 from pages where pages.paper_id = pdfs.paper_id)"
            )
        ]
    finally:
        conn.close()


# -- F8 --------------------------------------------------------------------------------------------


def test_an_add_interrupted_between_its_writes_leaves_no_textless_paper(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [pdf] = make_pdfs(tmp_path / "in", 1)
    real = paperprep.library.pdfs.PdfsMixin.store_extraction

    def disk_full(self: object, paper_id: int, extraction: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(paperprep.library.pdfs.PdfsMixin, "store_extraction", disk_full)
    ran = run("add", str(pdf), "--domain", "recsys", code=1)
    assert "full" in ran.stderr
    assert textless(isolated_home) == [], "the PDF was marked ok without its text"
    monkeypatch.setattr(paperprep.library.pdfs.PdfsMixin, "store_extraction", real)
    added = run("add", str(pdf), "--domain", "recsys", "--json").json()
    assert added[0]["status"] in ("added", "updated")
    shown = run("show", str(added[0]["id"]), "--json").json()
    assert shown["pdf"]["status"] == "ok" and shown["sections"]
    check_invariants(isolated_home)


def test_a_paper_left_ok_without_text_is_read_again_on_re_add(
    tmp_path: Path, isolated_home: Path
) -> None:
    [pdf] = make_pdfs(tmp_path / "in", 1)
    run("add", str(pdf), "--domain", "recsys")
    # What an interrupted older paperprep left: the PDF recorded "ok", no pages, no sections.
    conn = sqlite3.connect(isolated_home / "library.db")
    with conn:
        for table in ("pages", "sections", "evidence"):
            conn.execute(f"delete from {table}")
        conn.execute("delete from search_index where kind in ('page', 'text')")
    conn.close()
    assert textless(isolated_home) == [1]
    assert "page" not in run("search", "impression", "--json").stdout
    again = run("add", str(pdf), "--domain", "recsys", "--json").json()
    assert again[0]["status"] != "exists", again
    assert textless(isolated_home) == []
    assert "page" in run("search", "impression", "--json").stdout
    check_invariants(isolated_home)


# -- F13 -------------------------------------------------------------------------------------------


def read_only(home: Path, *args: str) -> tuple[int, str, str]:
    """``paperprep ARGS`` with ``home`` bind-mounted read-only."""
    setup = f'mount --bind "{home}" "{home}" && mount -o remount,bind,ro "{home}"'
    proc = run_mounted(setup, [sys.executable, "-m", "paperprep", *args])
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout, proc.stderr


@needs_namespaces
def test_a_read_only_library_reads_and_refuses_writes_in_one_line(
    tmp_path: Path, isolated_home: Path
) -> None:
    pdfs = make_pdfs(tmp_path / "in", 2)
    run("add", str(pdfs[0]), "--domain", "recsys")
    outside = tmp_path / "brief.md"
    for args, wanted in (
        (["list"], "recsys"),
        (["show", "1"], "PDF: ok"),
        (["show", "1", "--json"], '"status": "ok"'),
        (["search", "impression"], "impression"),
        (["progress"], "recsys"),
        (["note", "1", "--path"], ".md"),
        (["export", "recsys", "-f", "md", "-o", str(outside)], "wrote"),
    ):
        code, out, err = read_only(isolated_home, *args)
        assert code == 0, (args, err)
        assert wanted in out, (args, out)
    assert outside.read_text().startswith("# ")
    for args in (
        ["status", "1", "read"],
        ["tag", "1", "+later"],
        ["add", str(pdfs[1]), "--domain", "recsys"],
    ):
        code, out, err = read_only(isolated_home, *args)
        line = " ".join(err.split())
        assert code == 1 and "read-only" in line, (args, err)
        assert "move the file away" not in line
    code, out, err = read_only(isolated_home, "doctor", "--offline")
    assert "read-only" in out and "quick_check ok" in out, out
    check_invariants(isolated_home)


# -- F14 -------------------------------------------------------------------------------------------

FILL = """
import json, subprocess, sys
from pathlib import Path
home, pdfs = Path(sys.argv[1]), sys.argv[2:]

def cli(*args):
    p = subprocess.run([sys.executable, "-m", "paperprep", *args], capture_output=True, text=True)
    return {"args": list(args[:2]), "code": p.returncode, "out": p.stdout, "err": p.stderr}

runs = []
for pdf in pdfs:
    runs.append(cli("add", pdf, "--domain", "recsys"))
    if runs[-1]["code"] != 0:
        break
full = [cli("list"), cli("show", "1"), cli("search", "impression"), cli("status", "1", "read")]
from tests.faults.conftest import check_invariants
try:
    check_invariants(home)
    problem = None
except AssertionError as exc:
    problem = str(exc)
subprocess.run(["mount", "-o", "remount,size=64m", str(home)], check=True)
rerun = cli("add", *pdfs, "--domain", "recsys")
try:
    check_invariants(home)
    after = None
except AssertionError as exc:
    after = str(exc)
import sqlite3
papers = sqlite3.connect(home / "library.db").execute("select count(*) from papers").fetchone()[0]
print(json.dumps({"runs": runs, "full": full, "problem": problem, "rerun": rerun,
                  "after": after, "papers": papers}))
"""


@needs_namespaces
def test_a_full_disk_is_one_line_and_the_re_run_completes(
    tmp_path: Path, isolated_home: Path
) -> None:
    pdfs = make_pdfs(tmp_path / "in", 40, pages=6)
    isolated_home.mkdir(parents=True)
    driver = tmp_path / "fill.py"
    driver.write_text(FILL)
    setup = f'mount -t tmpfs -o size=1536k tmpfs "{isolated_home}"'
    proc = run_mounted(
        setup, [sys.executable, str(driver), str(isolated_home), *map(str, pdfs)], timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    runs = result["runs"]
    assert runs[-1]["code"] == 1, "the disk never filled up"
    for ran in [*runs, *result["full"]]:
        assert "Traceback" not in ran["err"], ran
        if ran["code"] != 0:
            line = " ".join(ran["err"].split())
            assert ran["code"] == 1 and ("full" in line or "no space" in line), ran
            assert line.count("Error:") <= 1, ran
    reads = {r["args"][0]: r for r in result["full"]}
    for command in ("list", "show", "search"):
        assert reads[command]["code"] == 0, reads[command]
    assert result["problem"] is None, result["problem"]
    assert result["rerun"]["code"] == 0, result["rerun"]
    assert result["after"] is None, result["after"]
    assert result["papers"] == len(pdfs)


# -- F17 -------------------------------------------------------------------------------------------


def damaged_library(tmp_path: Path, home: Path) -> None:
    pdfs = make_pdfs(tmp_path / "in", 6, pages=3)
    run("add", *map(str, pdfs), "--domain", "recsys")
    conn = sqlite3.connect(home / "library.db")
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()


def overwrite_pages(db: Path, seed: int = 7) -> None:
    """200 random bytes into every third 4 KiB page from byte 8192 on (B-tree pages)."""
    rng = random.Random(seed)
    size = db.stat().st_size
    with db.open("r+b") as fh:
        for offset in range(8192, size, 3 * 4096):
            fh.seek(offset)
            fh.write(bytes(rng.randrange(256) for _ in range(200)))


COMMANDS = (
    ["list"],
    ["show", "1"],
    ["search", "impression"],
    ["export", "recsys", "-f", "md"],
    ["progress"],
    ["sync"],
)


def doctor() -> tuple[int, str]:
    """``doctor --offline``: its exit code and report (a failed check is reported on stdout)."""
    result = CliRunner().invoke(app, ["doctor", "--offline"], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def assert_one_line_each(home: Path) -> list[str]:
    failed = []
    for args in COMMANDS:
        ran = run(*args, code=None)
        assert ran.code in (0, 1), (args, ran)
        if ran.code == 1:
            line = " ".join(ran.stderr.split())
            assert "damaged" in line or "sync" in args, (args, ran.stderr)
            failed.append(args[0])
    return failed


def test_a_damaged_database_is_one_line_and_doctor_finds_it(
    tmp_path: Path, isolated_home: Path
) -> None:
    damaged_library(tmp_path, isolated_home)
    overwrite_pages(isolated_home / "library.db")
    failed = assert_one_line_each(isolated_home)
    assert failed, "no command noticed the damage"
    code, report = doctor()
    assert code == 1
    assert "damaged" in report and "quick_check" in report, report


def test_a_damaged_search_index_is_one_line_and_doctor_finds_it(
    tmp_path: Path, isolated_home: Path
) -> None:
    damaged_library(tmp_path, isolated_home)
    conn = sqlite3.connect(isolated_home / "library.db")
    with conn:
        conn.execute("update search_index_data set block = randomblob(length(block)) where id > 10")
    conn.close()
    ran = run("search", "impression", code=None)
    assert ran.code == 1 and "damaged" in ran.stderr, ran
    code, report = doctor()
    assert code == 1 and "damaged" in report and "search index" in report, report
    assert paper_count(isolated_home) == 6
