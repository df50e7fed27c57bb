"""What each command imports: start-up speed without timing anything.

Timing start-up in a unit test would be flaky on shared machines (benchmarks/startup.py measures
it). What makes it fast can be checked exactly: which modules a command loads. Each command
runs in a fresh interpreter, the way a user runs it, against a library with one paper.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from paperprep.library import Library
from paperprep.models import Extraction, Paper, PdfMeta

PROBE = """
import json, sys
sys.argv = ["paperprep", *sys.argv[1:]]
from paperprep.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

#: Never needed to answer --help or a read-only command.
HEAVY = {"httpx", "pypdf", "pypdfium2", "jinja2", "scholarly", "arxiv", "sqlite_utils", "yaml"}
#: paperprep's own write-side and network machinery.
WORKFLOWS = {
    "paperprep.workflows",
    "paperprep.notes",
    "paperprep.extract",
    "paperprep.http",
    "paperprep.brief",
}


def loaded(home: Path, *argv: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERPREP_")}
    env["PAPERPREP_HOME"] = str(home)
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    report = json.loads(proc.stdout.rstrip().splitlines()[-1])
    assert report["code"] in (0, None), proc.stderr
    return {m.split(".")[0] if not m.startswith("paperprep") else m for m in report["modules"]}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    lib = Library.open(home / "library.db")
    pid, _ = lib.upsert_paper(Paper(title="Deep interest network", year=2018, citations=900))
    lib.link_domain(pid, "recsys", rank=1)
    lib.store_extraction(
        pid,
        Extraction(
            engine="pdfium",
            pages=["Click logs from display advertising."],
            sections=[],
            evidence={},
            meta=PdfMeta(),
        ),
    )
    lib.close()
    return home


def test_help_loads_no_command_machinery(home: Path) -> None:
    modules = loaded(home, "--help")
    assert not modules & HEAVY
    assert not modules & WORKFLOWS


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--domain", "recsys"],
        ["search", "click logs"],
        ["progress"],
        ["progress", "recsys", "--json"],
        ["show", "1", "--json"],
    ],
    ids=lambda a: " ".join(a),
)
def test_read_only_commands_skip_writes_network_and_rich(home: Path, argv: list[str]) -> None:
    modules = loaded(home, *argv)
    assert "paperprep.library" in modules  # it really ran against the library
    assert not modules & HEAVY
    assert not modules & WORKFLOWS
    # Piped or --json output is plain text: rich (~15 ms to import) stays unloaded.
    if argv[0] in ("list", "search", "progress") or "--json" in argv:
        assert "rich" not in modules


def test_the_probe_sees_sqlite_utils_when_a_write_needs_it(home: Path) -> None:
    # Guards the tests above against passing vacuously: a metadata edit goes through
    # sqlite-utils, and the probe must see it load.
    modules = loaded(home, "edit", "1", "--year", "2017")
    assert "sqlite_utils" in modules
    lib = Library.open(home / "library.db")
    assert lib.record(1).year == 2017
    lib.close()
