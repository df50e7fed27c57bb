"""Every command has help and is in the README; the README test command is the one CI runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main

from paperprep.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> dict[str, Any]:
    # Typer may ship its own copy of click, so look at the shape rather than the class.
    group: Any = typer.main.get_command(app)
    found: dict[str, Any] = {}
    for name, command in group.commands.items():
        found[name] = command
        for sub, inner in getattr(command, "commands", {}).items():
            found[f"{name} {sub}"] = inner
    return found


def test_every_command_has_help_and_is_in_the_readme() -> None:
    found = commands()
    assert {"fetch", "add", "list", "show", "note", "sync", "export", "domains"} <= set(found)
    for name, command in found.items():
        assert (command.help or "").strip(), f"{name} has no help text"
        assert f"paperprep {name}" in README, f"README does not document `paperprep {name}`"


def test_every_option_has_help() -> None:
    for name, command in commands().items():
        for param in command.params:
            if getattr(param, "param_type_name", "") == "option" and param.name != "help":
                assert (param.help or "").strip(), f"{name} {param.opts} has no help"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in README and "<!-- test-command -->" in ci
    block = README.split("<!-- test-command -->", 1)[1].split("```")[1]
    command = block.removeprefix("bash").strip()
    for part in ("ruff check", "ruff format --check", "mypy", "pytest"):
        assert part in command


def test_every_test_and_file_the_readme_cites_exists() -> None:
    import re

    cited = set(re.findall(r"`((?:tests|paperprep|benchmarks)/[\w/.]+?)(?:::(\w+))?`", README))
    assert len(cited) >= 10  # the Guarantees table and the development notes cite many
    for path, name in cited:
        target = ROOT / path
        assert target.exists(), f"README cites {path}, which does not exist"
        if name:
            text = target.read_text(encoding="utf-8")
            assert re.search(rf"^def {name}\(", text, re.M), f"README cites {path}::{name}"
