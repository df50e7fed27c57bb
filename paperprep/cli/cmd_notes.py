"""Note commands: note (open in $EDITOR, then sync) and sync."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from paperprep.cli import app
from paperprep.cli.common import ask_yes_no, err, escape, handles_errors, open_app, out, print_json


@app.command()
@handles_errors
def note(
    ctx: typer.Context,
    paper: Annotated[str, typer.Argument(help="Id, citation key, arXiv id or DOI.")],
    domain: Annotated[
        str | None,
        typer.Option(
            "--domain",
            "-d",
            help="Accepted for old scripts; a paper has one note whatever its domains.",
            hidden=True,
        ),
    ] = None,
    print_path: Annotated[
        bool, typer.Option("--path", help="Only print the note's path (for Obsidian or scripts).")
    ] = False,
) -> None:
    """Open a paper's note in $VISUAL/$EDITOR; it is synced back when the editor exits."""
    from paperprep.workflows.notes import draft_note, open_note, resolve_editor

    with open_app(ctx) as app_:
        if domain:
            app_.domain(domain)  # still an error when the domain does not exist
        if print_path:
            typer.echo(str(draft_note(app_, app_.library.resolve(paper)).path))
            return
        outcome = open_note(app_, paper, editor=resolve_editor())
    for warning in outcome.warnings:
        err.print(f"[yellow]warning[/] {escape(warning)}")
    if outcome.action in ("failed", "damaged"):
        err.print(f"[red]{escape(outcome.message or '')}[/]")
        raise typer.Exit(code=1)
    out.print(f"{outcome.action}: {escape(str(outcome.path))}")


def _ask(question: str) -> bool:
    """Ask on a terminal (stdin and stderr are one); never in a pipe or a script."""
    if not (sys.stdin.isatty() and err.is_terminal):
        return False
    return ask_yes_no(question)


@app.command()
@handles_errors
def sync(
    ctx: typer.Context,
    recreate: Annotated[
        bool,
        typer.Option(
            "--recreate",
            help="Write damaged notes (empty, or their ## headings gone) again from the "
            "library's copy, without asking; the damaged file goes to backups/damaged-notes/.",
        ),
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Read every edited note file back into the library (deleted notes are re-created)."""
    from paperprep.workflows.notes import recreate_note, sync_all

    with open_app(ctx) as app_:
        outcomes = sync_all(app_)
        for i, o in enumerate(outcomes):
            if o.action != "damaged":
                continue
            if not json_out:
                err.print(f"[red]damaged[/] {escape(o.message or str(o.path))}")
            if recreate or (not json_out and _ask(f"Re-create {o.path} from the library?")):
                again = recreate_note(app_, o.paper_id)
                again.warnings = [*o.warnings, *([again.message] if again.message else [])]
                again.message = o.message
                outcomes[i] = again
    if json_out:
        print_json(
            [
                {
                    "id": o.paper_id,
                    "domain": o.domain,
                    "path": str(o.path),
                    "action": o.action,
                    "message": o.message,
                    "warnings": o.warnings,
                }
                for o in outcomes
            ]
        )
    else:
        counts: dict[str, int] = {}
        for o in outcomes:
            counts[o.action] = counts.get(o.action, 0) + 1
            for warning in o.warnings:
                err.print(f"[yellow]warning[/] {escape(warning)}")
            if o.action == "failed":
                err.print(f"[red]failed[/]  {escape(o.message or str(o.path))}")
            elif o.action in ("synced", "recreated", "created"):
                out.print(f"{o.action:<9} {escape(str(o.path))}")
        summary = ", ".join(f"{n} {a}" for a, n in sorted(counts.items())) or "no notes yet"
        out.print(summary, style="dim")
    if any(o.action in ("failed", "damaged") for o in outcomes):
        raise typer.Exit(code=1)
