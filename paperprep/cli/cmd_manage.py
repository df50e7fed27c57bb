"""Managing the library: rm, open (``edit --key`` is an option of ``edit``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from paperprep.cli import app
from paperprep.cli.common import (
    ask_yes_no,
    err,
    escape,
    handles_errors,
    open_app,
    out,
    print_json,
    shown_path,
)

if TYPE_CHECKING:
    from paperprep.workflows.manage import Removal


def _usage_error(message: str) -> Exception:
    """A usage error (exit 2, shown with the usage line). typer 0.29 vendors click, and only
    its own copy of ``UsageError`` is caught; it has no public name for it."""
    try:
        from typer._click.exceptions import UsageError
    except ImportError:  # pragma: no cover - a typer that uses click itself
        from click import UsageError  # type: ignore[assignment]
    return UsageError(message)


def _at_terminal() -> bool:
    """Someone can answer a question: stdin and stderr are a terminal."""
    return sys.stdin.isatty() and err.is_terminal


def _describe(plans: list[Removal], home: Path) -> None:
    for p in plans:
        err.print(f"[bold]{escape(p.key)}[/]  {escape(p.title)}")
        parts = []
        if p.pdf is not None:
            parts.append(f"PDF {shown_path(p.pdf, home)}")
        if p.note is not None and p.note_action == "removed":
            parts.append(f"note {shown_path(p.note, home)}")
        parts.append("its text, evidence, domains and search rows")
        err.print("  removes: " + escape(", ".join(parts)), style="dim")
        if p.note is not None and p.note_action == "kept":
            err.print(
                f"  keeps: your note {escape(shown_path(p.note, home))} (you edited it; "
                "--notes removes it)",
                style="dim",
            )


@app.command()
@handles_errors
def rm(
    ctx: typer.Context,
    papers: Annotated[list[str], typer.Argument(help="Ids, citation keys, arXiv ids or DOIs.")],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask (needed when not at a terminal).")
    ] = False,
    notes: Annotated[
        bool, typer.Option("--notes", help="Remove the notes you edited too (they stay otherwise).")
    ] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print JSON (stable, see README).")
    ] = False,
) -> None:
    """Remove papers: the PDF, text, evidence, domains and search rows; a note you edited stays."""
    from paperprep.workflows.manage import remove_papers

    if not yes and not _at_terminal():
        raise _usage_error(
            "rm asks before removing, and this is not a terminal: pass --yes to remove "
            "without asking"
        )

    def confirm(plans: list[Removal]) -> bool:
        if yes:
            return True
        _describe(plans, home)
        n = len(plans)
        return ask_yes_no(f"Remove {n} paper{'s' if n != 1 else ''}?")

    with open_app(ctx) as app_:
        home = app_.settings.home
        removed = remove_papers(app_, papers, notes=notes, confirm=confirm)
    if json_out:
        print_json(
            [
                {
                    "id": p.paper_id,
                    "key": p.key,
                    "title": p.title,
                    "pdf": str(p.pdf) if p.pdf else None,
                    "note": str(p.note) if p.note else None,
                    "note_action": p.note_action,
                }
                for p in removed
            ]
        )
        return
    if not removed:
        err.print("Nothing removed.")
        return
    for p in removed:
        out.print(f"removed [bold]{escape(p.key)}[/]  {escape(p.title)}")
        if p.note is not None and p.note_action == "kept":
            err.print(
                f"  kept your note {escape(shown_path(p.note, home))}; --notes removes it",
                style="yellow",
            )


@app.command("open")
@handles_errors
def open_(
    ctx: typer.Context,
    paper: Annotated[str, typer.Argument(help="Id, citation key, arXiv id or DOI.")],
    page: Annotated[
        int | None, typer.Option("--page", "-p", help="Open at this page.", min=1)
    ] = None,
    print_only: Annotated[
        bool, typer.Option("--print", help="Print the PDF's path instead of opening it.")
    ] = False,
) -> None:
    """Open a paper's PDF in the system viewer (or $PAPERPREP_PDF_VIEWER)."""
    from paperprep.workflows.manage import open_pdf

    with open_app(ctx) as app_:
        opened = open_pdf(app_, paper, page=page, print_only=print_only)
        home = app_.settings.home
    if print_only:
        sys.stdout.write(f"{opened.path}\n")
        return
    viewer = f" with {opened.command[0]}" if opened.command else ""
    at = f" at page {page}" if page and opened.page_note is None else ""
    out.print(f"opened {escape(shown_path(opened.path, home))}{at}{escape(viewer)}")
    if opened.page_note:
        err.print(f"[yellow]note[/] {escape(opened.page_note)}")
