"""``paperprep export``: the domain brief and study outputs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from paperprep.cli import app
from paperprep.cli.common import err, escape, handles_errors, open_app, out


@app.command()
@handles_errors
def export(
    ctx: typer.Context,
    domain: Annotated[str, typer.Argument(help="Domain name or alias.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="md (brief), html (self-contained brief), bibtex, or anki (.apkg deck).",
        ),
    ] = "md",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here ('-' for stdout). Default: stdout when piped, else "
            "$PAPERPREP_HOME/exports/.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Export a domain: the brief to reread before the interview, BibTeX, or Anki cards."""
    from paperprep.workflows.export import export_path, render_export, write_export

    with open_app(ctx) as app_:
        resolved, data = render_export(app_, domain, fmt)
        to_stdout = str(output) == "-" or (output is None and not sys.stdout.isatty())
        if to_stdout and fmt != "anki":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        path = output if output is not None and str(output) != "-" else None
        path = write_export(path or export_path(app_, resolved, fmt), data)
    out.print(f"wrote {escape(str(path))}")
    if fmt == "anki":
        err.print("Import it in Anki with File › Import; re-importing updates the same cards.")
