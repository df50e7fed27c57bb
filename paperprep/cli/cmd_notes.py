"""Note commands: note (open in $EDITOR, then sync) and sync."""

from __future__ import annotations

from typing import Annotated

import typer

from paperprep.cli import app
from paperprep.cli.common import err, escape, handles_errors, open_app, out, print_json


@app.command()
@handles_errors
def note(
    ctx: typer.Context,
    paper: Annotated[str, typer.Argument(help="Id, citation key, arXiv id or DOI.")],
    domain: Annotated[
        str | None, typer.Option("--domain", "-d", help="Which domain's note (default: the first).")
    ] = None,
    print_path: Annotated[
        bool, typer.Option("--path", help="Only print the note's path (for Obsidian or scripts).")
    ] = False,
) -> None:
    """Open a paper's note in $VISUAL/$EDITOR; it is synced back when the editor exits."""
    from paperprep.workflows.notes import draft_note, open_note, resolve_editor

    with open_app(ctx) as app_:
        name = app_.domain(domain).name if domain else None
        if print_path:
            paper_id = app_.library.resolve(paper)
            record = app_.library.record(paper_id)
            target = name or next(iter(record.notes), None)
            target = target or (record.domains[0].name if record.domains else "unfiled")
            typer.echo(str(draft_note(app_, paper_id, target).path))
            return
        outcome = open_note(app_, paper, domain=name, editor=resolve_editor())
    if outcome.action == "failed":
        err.print(f"[red]{escape(outcome.message or '')}[/]")
        raise typer.Exit(code=1)
    out.print(f"{outcome.action}: {escape(str(outcome.path))}")


@app.command()
@handles_errors
def sync(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Read every edited note file back into the library (deleted notes are re-created)."""
    from paperprep.workflows.notes import sync_all

    with open_app(ctx) as app_:
        outcomes = sync_all(app_)
    if json_out:
        print_json(
            [
                {
                    "id": o.paper_id,
                    "domain": o.domain,
                    "path": str(o.path),
                    "action": o.action,
                    "message": o.message,
                }
                for o in outcomes
            ]
        )
    else:
        counts: dict[str, int] = {}
        for o in outcomes:
            counts[o.action] = counts.get(o.action, 0) + 1
            if o.action == "failed":
                err.print(f"[red]failed[/]  {escape(o.message or str(o.path))}")
            elif o.action in ("synced", "recreated", "created"):
                out.print(f"{o.action:<9} {escape(str(o.path))}")
        summary = ", ".join(f"{n} {a}" for a, n in sorted(counts.items())) or "no notes yet"
        out.print(summary, style="dim")
    if any(o.action == "failed" for o in outcomes):
        raise typer.Exit(code=1)
