"""Where files go and with what mode (#11 F11, F21, and F19's over-long ``-o`` name).

- ``export -o`` a FIFO or a symlink writes through it and leaves it what it was (before the fix
  it was replaced by a regular 0600 file: as root, ``-o /dev/stdout`` replaced the device);
  ``-o -`` is stdout; a missing folder, a ``/proc`` file or an over-long name is one line.
- Notes, PDFs and exports get the mode the umask gives a new file, and a note the user
  ``chmod``-ed keeps its mode when paperprep rewrites it.
"""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from tests.faults.conftest import check_invariants, cli_argv, cli_env, make_pdfs, run

EXPORT = ("export", "recsys", "-f", "md")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def library(tmp_path: Path, isolated_home: Path) -> Path:
    """A library with one paper in recsys."""
    [pdf] = make_pdfs(tmp_path / "in", 1)
    run("add", str(pdf), "--domain", "recsys")
    return isolated_home


def test_export_to_a_fifo_writes_into_it(library: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "brief.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as fh:
            got.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    run(*EXPORT, "-o", str(fifo))
    reader.join(timeout=10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert got and b"# " in got[0]
    check_invariants(library)


def test_export_to_a_symlink_writes_its_target_and_keeps_the_link(
    library: Path, tmp_path: Path
) -> None:
    target = tmp_path / "shared" / "recsys.md"
    target.parent.mkdir()
    target.write_text("old brief\n")
    link = tmp_path / "brief.md"
    link.symlink_to(target)
    run(*EXPORT, "-o", str(link))
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_text().startswith("# ")
    assert not list(target.parent.glob(".part-*"))


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/folder/brief.md", "does not exist"),
        ("/proc/version", "cannot write /proc/version"),
        ("x" * 300 + ".md", "too long"),
    ],
)
def test_export_to_a_place_it_cannot_write_is_one_line(
    library: Path, tmp_path: Path, where: str, message: str
) -> None:
    target = where if where.startswith("/") else str(tmp_path / where)
    ran = run(*EXPORT, "-o", target, code=1)
    assert message in " ".join(ran.stderr.split())
    assert ran.stderr.count("Error:") == 1
    assert not (tmp_path / "missing").exists(), "a typo in -o made folders"


def test_export_dash_is_stdout_for_every_format(library: Path) -> None:
    assert run(*EXPORT, "-o", "-").stdout.startswith("# ")
    deck = run("export", "recsys", "-f", "anki", "-o", "-").stdout_bytes
    assert deck[:2] == b"PK", "an .apkg (zip) on stdout"
    assert not (library / "exports").exists()


def test_written_files_follow_the_umask_and_keep_a_users_chmod(
    library: Path, tmp_path: Path
) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    expected = 0o666 & ~umask
    [note] = (library / "notes").rglob("*.md")
    [pdf] = (library / "pdfs").glob("*.pdf")
    assert mode(note) == expected and mode(pdf) == expected
    out = tmp_path / "brief.md"
    run(*EXPORT, "-o", str(out))
    assert mode(out) == expected
    # A group-shared vault: the user makes the note group-writable; paperprep rewrites the
    # untouched note (a status change re-renders it) and the mode stays.
    note.chmod(0o664)
    before = note.read_text()
    run("status", "1", "reading")
    assert note.read_text() != before, "the note was re-rendered"
    assert mode(note) == 0o664


def test_a_strict_umask_is_respected(tmp_path: Path, isolated_home: Path) -> None:
    [pdf] = make_pdfs(tmp_path / "in", 1)
    proc = subprocess.run(
        cli_argv("add", str(pdf), "--domain", "recsys"),
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=60,
        umask=0o077,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    [note] = (isolated_home / "notes").rglob("*.md")
    [stored] = (isolated_home / "pdfs").glob("*.pdf")
    assert mode(note) == 0o600 and mode(stored) == 0o600
