"""``paperprep doctor``."""

from __future__ import annotations

from typing import Annotated

import typer

from paperprep.cli import app
from paperprep.cli.common import escape, handles_errors, out, print_json, settings_of


@app.command()
@handles_errors
def doctor(
    ctx: typer.Context,
    offline: Annotated[
        bool, typer.Option("--offline", help="Do not contact the services.")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check configuration, library, versions, and which sources answer."""
    from paperprep.doctor import run_doctor

    report = run_doctor(settings_of(ctx), probe=not offline)
    if json_out:
        print_json({"ok": report.ok, "checks": [c.to_json() for c in report.checks]})
    else:
        for check in report.checks:
            mark = "[green]ok[/]  " if check.ok else "[red]FAIL[/]"
            out.print(f"{mark} {check.name:<14} {escape(check.detail)}")
    if not report.ok:
        raise typer.Exit(code=1)
