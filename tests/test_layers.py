"""The import map the README's Development section shows: one-way, no cycles.

Read from the source (every ``import``, including the ones inside functions that keep start-up
fast), not from what happens to be loaded.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "paperprep"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(name: str) -> set[str]:
    """The paperprep modules ``name`` imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports(name) for name in MODULES}


def test_no_two_modules_import_each_other_directly_or_around_a_cycle() -> None:
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = [*path[path.index(name) :], name]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for dep in sorted(GRAPH[name]):
            if name.startswith("paperprep.cli.") and dep == "paperprep.cli":
                continue  # Typer's one-file-per-command pattern: commands register on the app
            visit(dep, [*path, name])
        done.add(name)

    for name in sorted(GRAPH):
        visit(name, [])


@pytest.mark.parametrize(
    ("lower", "forbidden"),
    [
        ("paperprep.sources", ("paperprep.merge", "paperprep.rank", "paperprep.library")),
        ("paperprep.notes", ("paperprep.library", "paperprep.workflows", "paperprep.files")),
        ("paperprep.library", ("paperprep.notes", "paperprep.workflows")),
        ("paperprep.workflows.notes", ("paperprep.workflows.fetch", "paperprep.workflows.add")),
        ("paperprep.workflows.pdfs", ("paperprep.workflows.fetch", "paperprep.workflows.add")),
    ],
)
def test_layers_point_one_way(lower: str, forbidden: tuple[str, ...]) -> None:
    for name, deps in GRAPH.items():
        if name == lower or name.startswith(lower + "."):
            bad = {d for d in deps if any(d == f or d.startswith(f + ".") for f in forbidden)}
            assert not bad, f"{name} imports {sorted(bad)}"


def test_nothing_but_the_cli_imports_the_cli() -> None:
    for name, deps in GRAPH.items():
        if not name.startswith("paperprep.cli") and name != "paperprep.__main__":
            assert not {d for d in deps if d.startswith("paperprep.cli")}, name
