"""``paperprep export``: the domain brief and study outputs."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from paperprep.cli import app
from paperprep.cli.common import err, escape, handles_errors, open_app, out
from paperprep.errors import PaperprepError


class Format(StrEnum):
    """What `export` writes."""

    md = "md"
    html = "html"
    bibtex = "bibtex"
    anki = "anki"


@app.command()
@handles_errors
def export(
    ctx: typer.Context,
    domain: Annotated[str, typer.Argument(help="Domain name or alias.")],
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="md (brief), html (self-contained brief), bibtex, or anki (.apkg deck).",
        ),
    ] = Format.md,
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
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="The long brief: every note point, the full framing, reading list and "
            "references (default: the short brief, ≤ 4 printed pages for 10 papers).",
        ),
    ] = False,
    top: Annotated[
        int | None,
        typer.Option("--top", min=1, help="Only the first N papers of the reading order."),
    ] = None,
    read: Annotated[
        bool, typer.Option("--read", help="Only the papers you have marked read.")
    ] = False,
    no_drafts: Annotated[
        bool,
        typer.Option(
            "--no-drafts",
            help="Leave out what paperprep drafted from the PDFs (key facts, quotes) where "
            "you wrote nothing.",
        ),
    ] = False,
) -> None:
    """Export a domain: the brief to reread before the interview, BibTeX, or Anki cards.

    --top and --read filter the papers of every format; skipped papers are left out.
    """
    from paperprep.brief import BriefOptions
    from paperprep.workflows.export import export_path, render_export, write_export

    options = BriefOptions(full=full, top=top, read=read, drafts=not no_drafts)
    with open_app(ctx) as app_:
        resolved, data = render_export(app_, domain, fmt.value, options)
        dash = str(output) == "-"
        if dash and fmt is Format.anki and sys.stdout.isatty():
            raise PaperprepError(
                "an Anki deck is a binary file, not for the terminal",
                hint="redirect it (`-o - > deck.apkg`) or give a file name with -o",
            )
        if dash or (output is None and not sys.stdout.isatty() and fmt is not Format.anki):
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        if output is not None:
            path = write_export(output, data)
        else:
            path = write_export(export_path(app_, resolved, fmt.value), data, make_folder=True)
    out.print(f"wrote {escape(str(path))}")
    if fmt is Format.anki:
        err.print("Import it in Anki with File › Import; re-importing updates the same cards.")
