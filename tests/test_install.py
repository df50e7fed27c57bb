"""A non-editable install (a built wheel), used from another folder, finds templates and domains."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("paperprep-*.whl")
    return built


def test_wheel_ships_templates_and_domains(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "paperprep/templates/note.md.j2" in names
    for domain in ("recsys", "eta", "ranking"):
        assert f"paperprep/domains/{domain}.toml" in names
    assert "paperprep/py.typed" in names
    assert not any(n.startswith(("tests/", "templates/", "domains/")) for n in names)


def test_installed_copy_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "PAPERPREP_HOME": str(tmp_path / "home")}
    proc = subprocess.run(
        [sys.executable, "-m", "paperprep", "domains", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    names = {d["name"] for d in json.loads(proc.stdout)}
    assert {"recsys", "eta", "ranking"} <= names
    probe = (
        "import paperprep, paperprep.render as r;"
        "print(paperprep.__file__);"
        "print(r.environment(None).get_template('note.md.j2').filename)"
    )
    where = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert where[0].startswith(str(site)), where  # the installed copy, not the checkout
    assert "note.md.j2" in where[1]
