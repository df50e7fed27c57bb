"""Malformed settings and a library folder in an odd shape (#11 F19, F12's config side).

``timeout = nan`` or ``inf``, a service URL that is not one, ``max_pages = 0``: each is one line
naming the file (or variable), the key and the problem, before anything runs. ``notes/`` being
a regular file is one line per command that needs it, never a traceback; reads still work.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.conftest import check_invariants, make_pdfs, run, run_sub

BAD_CONFIG = {
    "timeout-nan": ("[http]\ntimeout = nan\n", "timeout"),
    "timeout-inf": ("[http]\ntimeout = inf\n", "timeout"),
    "timeout-huge": ("[http]\ntimeout = 1e308\n", "timeout"),
    "timeout-zero": ("[http]\ntimeout = 0\n", "timeout"),
    "openalex-url-ipv6": ('[openalex]\nurl = "http://[::1"\n', "url"),
    "scholar-url-garbage": ('[scholar]\nurl = "not a url"\n', "url"),
    "arxiv-url-port": ('[arxiv]\nurl = "http://127.0.0.1:99999/api/query"\n', "url"),
    "pdf-url-file": ('[arxiv]\npdf_url = "file:///etc"\n', "pdf_url"),
    "proxy-garbage": ('[scholar]\nproxy = "http://[proxy"\n', "proxy"),
    "max-pages-zero": ("[extract]\nmax_pages = 0\n", "max_pages"),
    "max-pages-fraction": ("[extract]\nmax_pages = 2.5\n", "max_pages"),
    "workers-bool": ("[extract]\nworkers = true\n", "workers"),
    "deep-nesting": ("[http]\ntimeout = " + "[" * 3000 + "]" * 3000 + "\n", "config.toml"),
}


@pytest.mark.parametrize("name", list(BAD_CONFIG))
def test_bad_config_is_one_line_naming_the_key(name: str, isolated_home: Path) -> None:
    text, key = BAD_CONFIG[name]
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text(text)
    for command in (["fetch", "recsys", "--offline"], ["doctor", "--offline"], ["list"]):
        ran = run(*command, code=1)
        line = " ".join(ran.stderr.split())
        assert "config.toml" in line and key in line, ran.stderr
        assert ran.stderr.count("Error") == 1, ran.stderr


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("PAPERPREP_TIMEOUT", "nan"),
        ("PAPERPREP_DEADLINE", "inf"),
        ("PAPERPREP_OPENALEX_URL", "http://[::1"),
        ("PAPERPREP_EXTRACT_TIMEOUT", "-1"),
    ],
)
def test_bad_environment_values_are_one_line(
    var: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(var, value)
    ran = run("doctor", "--offline", code=1)
    assert var in ran.stderr and ran.stderr.count("Error") == 1


def test_notes_being_a_file_is_one_line_and_reads_still_work(
    tmp_path: Path, isolated_home: Path
) -> None:
    pdfs = make_pdfs(tmp_path / "in", 2)
    run("add", str(pdfs[0]), "--domain", "recsys")
    notes = isolated_home / "notes"
    for note in notes.rglob("*.md"):
        note.unlink()
    for folder in sorted(notes.rglob("*"), reverse=True):
        folder.rmdir()
    notes.rmdir()
    notes.write_text("not a folder\n")
    for command in (["list"], ["show", "1"], ["search", "click"], ["progress"]):
        run(*command)
    for command in (["note", "1", "--path"], ["add", str(pdfs[1]), "--domain", "recsys"]):
        ran = run_sub(*command, code=1)
        assert "is a file, not a folder" in " ".join(ran.stderr.split()), ran.stderr
    ran = run_sub("sync", code=1)
    assert "is a file, not a folder" in " ".join(ran.stderr.split())
    for command in (["status", "1", "read"], ["tag", "1", "+x"]):
        run_sub(*command)
    assert notes.read_text() == "not a folder\n", "the user's file was touched"
    notes.unlink()
    # Once the folder can be made, a re-run completes what failed: the notes come back.
    run("sync")
    run("add", str(pdfs[1]), "--domain", "recsys")
    assert len(list(notes.rglob("*.md"))) == 2
    check_invariants(isolated_home)
