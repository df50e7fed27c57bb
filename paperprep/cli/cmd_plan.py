"""``paperprep plan``: a study plan to the interview date."""

from __future__ import annotations

import datetime as dt
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
    stdout_is_terminal,
)

if TYPE_CHECKING:
    from paperprep.plan import Plan


def print_plan(plan: Plan) -> None:
    """The plan as a day-by-day list (terminal) or one tab-separated line per task (piped)."""
    from paperprep.plan import fmt_minutes

    if not stdout_is_terminal():
        # date, minutes, kind, key, fields (comma-separated), what to do
        print_rows(
            (
                day.date.isoformat(),
                task.minutes,
                task.kind,
                task.key or "",
                ",".join(task.fields),
                task.describe(plan.domain),
            )
            for day in plan.days
            for task in day.tasks
        )
        return
    out.print(f"[bold]{escape(plan.domain)}[/]: {escape(plan.countdown())}")
    if not plan.days:
        out.print("Nothing left to plan: set a new date with `--date YYYY-MM-DD`.")
        return
    work = sum(t.minutes for d in plan.days for t in d.tasks if t.kind != "review")
    if work:
        out.print(
            f"Work left: {fmt_minutes(work)}, spread over the days to the interview.", style="dim"
        )
    else:
        out.print(
            "Nothing left to read or fill in (no unread papers, no empty note fields).",
            style="dim",
        )
    for day in plan.days:
        label = "today" if day.date == plan.today else f"{day.date:%a} {day.date.day} {day.date:%b}"
        head = f"[bold]{label:<10}[/] ~{fmt_minutes(day.minutes)}"
        out.print(head if day.tasks else f"{label:<10} nothing planned")
        for task in day.tasks:
            out.print(
                f"  • {escape(task.describe(plan.domain))}  [dim]~{fmt_minutes(task.minutes)}[/]"
            )


@app.command()
@handles_errors
def plan(
    ctx: typer.Context,
    domain: Annotated[str, typer.Argument(help="Domain name or alias.")],
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The interview date (YYYY-MM-DD); stored, so later `plan`, `progress` and "
            "`export` count down to it.",
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget the interview date.")] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print JSON (stable, see README).")
    ] = False,
) -> None:
    """Spread the unread papers and empty note fields over the days to the interview."""
    from paperprep.workflows.plan import clear_interview, set_interview, show_plan

    today = dt.date.today()
    with open_app(ctx) as app_:
        if clear:
            resolved = clear_interview(app_, domain)
            if json_out:
                print_json(None)
            else:
                err.print(f"{escape(resolved.name)}: interview date cleared")
            return
        result = (
            set_interview(app_, domain, date, today)
            if date is not None
            else show_plan(app_, domain, today)
        )
    if json_out:
        print_json(result.to_json())
        return
    print_plan(result)
