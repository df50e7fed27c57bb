"""``paperprep fetch``: the main job."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from paperprep.cli import app
from paperprep.cli.common import (
    err,
    escape,
    handles_errors,
    open_app,
    out,
    print_json,
    print_rows,
    progress_sink,
    stdout_is_terminal,
)

if TYPE_CHECKING:
    from paperprep.workflows.fetch import FetchReport


def _table(report: FetchReport) -> None:
    if not stdout_is_terminal():
        print_rows(
            (
                i.rank,
                i.key,
                i.year or "",
                "" if i.citations is None else i.citations,
                i.pdf_status,
                i.note or "",
                i.title,
            )
            for i in report.items
        )
        return
    from rich.table import Table

    # The key (what you type next: `paperprep note KEY`) is never wrapped or cut; the title
    # wraps to what is left of the window.
    widest_key = max(len(i.key) for i in report.items)
    table = Table(
        title=f"{report.domain}: top {len(report.items)}", show_edge=False, pad_edge=False
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("key", no_wrap=True, min_width=widest_key, style="bold")
    table.add_column("title", ratio=1, min_width=16, overflow="fold")
    table.add_column("year", no_wrap=True)
    table.add_column("slot", no_wrap=True)
    table.add_column("cited", justify="right", no_wrap=True)
    table.add_column("PDF", no_wrap=True)
    for i in report.items:
        table.add_row(
            str(i.rank),
            escape(i.key),
            escape(i.title),
            str(i.year or ""),
            i.slot or "",
            "" if i.citations is None else f"{i.citations}",
            i.pdf_status,
        )
    out.print(table)


@app.command()
@handles_errors
def fetch(
    ctx: typer.Context,
    domain: Annotated[str, typer.Argument(help="Domain name or alias, e.g. recsys, eta, ranking.")],
    top: Annotated[
        int, typer.Option("--top", "-n", help="How many papers to pick.", min=1, max=50)
    ] = 5,
    sources: Annotated[
        str, typer.Option(help="Comma-separated: scholar, arxiv, openalex.")
    ] = "scholar,arxiv,openalex",
    since: Annotated[int | None, typer.Option(help="Only papers from this year on.")] = None,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="Stop after metadata.")] = False,
    offline: Annotated[bool, typer.Option("--offline", help="Answer only from the cache.")] = False,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Ask the services again, even within a day.")
    ] = False,
    engine: Annotated[
        str | None, typer.Option(help="Extraction engine: auto, pdfium or pypdf.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Find the domain's top-cited papers, download, extract and draft notes (safe to re-run)."""
    from paperprep.sources import SOURCE_NAMES
    from paperprep.workflows.fetch import FetchOptions
    from paperprep.workflows.fetch import fetch as run_fetch

    chosen = [s.strip().lower() for s in sources.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SOURCE_NAMES]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"unknown source {', '.join(unknown) or '(none)'}; use {', '.join(SOURCE_NAMES)}",
            param_hint="--sources",
        )
    opts = FetchOptions(
        top=top,
        sources=chosen,
        since=since,
        pdf=not no_pdf,
        offline=offline,
        refresh=refresh,
        engine=engine,
    )
    with (
        open_app(ctx, engine=engine) as app_,
        progress_sink(err.is_terminal and not json_out) as sink,
    ):
        app_.on_event = sink
        report = run_fetch(app_, domain, opts)
    if json_out:
        print_json(report.to_json())
        return
    _table(report)
    without = [i for i in report.items if i.pdf_status != "ok"]
    for i in without:
        err.print(f"[yellow]no PDF[/] {escape(i.key)}: {escape(i.pdf_error or i.pdf_status)}")
    if without and not no_pdf:
        err.print(
            "  If you have these PDFs (library access, the authors' pages), add them with "
            "`paperprep add FILE.pdf` — they join the same paper."
        )
    if report.items:
        first = report.items[0]
        err.print(
            f"\nNext: [bold]paperprep note {escape(first.key)}[/] to read and fill in the first "
            f"note, or open {escape(str(first.note.parent if first.note else ''))} in Obsidian."
        )
