"""The ``paperprep`` command line: parse options, call one workflow, render the result.

This package is the only place that imports typer and rich, prints, or chooses exit codes.
Heavy modules (the library, extraction, sources) are imported inside the commands so that
``paperprep --help`` stays fast.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

import typer

from paperprep import __version__
from paperprep.cli import common
from paperprep.cli.common import State


def _flags_take_no_value() -> None:
    """Help shows ``--json`` for a flag, not ``--json <bool>`` (typer 0.29 prints the type of
    every option, flags included; a flag takes no value, so none is shown)."""
    from typer.core import TyperOption

    if getattr(TyperOption.display_type_rich, "_paperprep", False):
        return
    shown = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    display_type_rich._paperprep = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_flags_take_no_value()

app = typer.Typer(
    name="paperprep",
    help="Get ready for an applied-ML interview: fetch a domain's most-cited papers, extract "
    "them, draft structured reading notes, and export a brief.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"paperprep {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    library: Annotated[
        Path | None,
        typer.Option(
            "--library",
            "-L",
            help="Library folder (default: $PAPERPREP_HOME, else the platform's user data dir).",
            file_okay=False,
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show details (pypdf font warnings, HTTP).")
    ] = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """paperprep: read the papers that matter before an applied-ML interview."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not verbose:
        # pypdf's font warnings and the like belong in the log, not on the terminal.
        for name in ("pypdf", "paperprep.extract", "scholarly", "httpx", "urllib3", "arxiv"):
            logging.getLogger(name).setLevel(logging.ERROR)
    ctx.obj = State(library=library, verbose=verbose)


def _register() -> None:
    # The order here is the order of `paperprep --help`: the main job first.
    # isort: off
    from paperprep.cli import cmd_fetch  # noqa: F401  (importing registers the commands)
    from paperprep.cli import cmd_library  # noqa: F401
    from paperprep.cli import cmd_manage  # noqa: F401
    from paperprep.cli import cmd_notes  # noqa: F401
    from paperprep.cli import cmd_export  # noqa: F401
    from paperprep.cli import cmd_plan  # noqa: F401
    from paperprep.cli import cmd_domains  # noqa: F401
    from paperprep.cli import cmd_doctor  # noqa: F401
    # isort: on


_register()


def main() -> None:
    """Console-script entry point."""
    common.run(app)
