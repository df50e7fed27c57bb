"""Domain commands: list, show, new."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from paperprep.cli import app
from paperprep.cli.common import (
    err,
    escape,
    handles_errors,
    out,
    print_json,
    print_rows,
    settings_of,
    stdout_is_terminal,
)

if TYPE_CHECKING:
    from paperprep.settings import Settings

domains_app = typer.Typer(
    help="Study domains: built-in ones and your own ($PAPERPREP_HOME/domains/*.toml).",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(domains_app, name="domains")


def _settings(ctx: typer.Context) -> Settings:
    return settings_of(ctx)


@domains_app.callback()
@handles_errors
def domains(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the domains paperprep knows (built-in and yours)."""
    if ctx.invoked_subcommand is not None:
        return
    from paperprep.domains import domain_json, scan_domains

    scan = scan_domains(_settings(ctx).user_domains_dir)
    if json_out:
        print_json([domain_json(d) for d in scan.domains.values()])
    elif not stdout_is_terminal():
        # Piped: one tab-separated line per domain (name, aliases, source, description).
        print_rows(
            (d.name, ",".join(d.aliases), d.source, d.description) for d in scan.domains.values()
        )
    else:
        from rich.table import Table

        table = Table(show_edge=False, pad_edge=False)
        for col in ("name", "aliases", "description", "source"):
            table.add_column(col)
        for d in scan.domains.values():
            table.add_row(
                d.name, escape(", ".join(d.aliases)), escape(d.description), escape(d.source)
            )
        out.print(table)
    # A broken file of the user's leaves out only its own domain; say which and why.
    for problem in scan.problems:
        err.print(f"[yellow]skipped {escape(str(problem.error))}[/]")


@domains_app.command("show")
@handles_errors
def domains_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Domain name or alias.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show a domain: queries, seed papers and interview framing."""
    import dataclasses

    from paperprep.domains import get_domain

    domain = get_domain(name, _settings(ctx).user_domains_dir)
    if json_out:
        print_json(dataclasses.asdict(domain))
        return
    out.print(f"[bold]{escape(domain.name)}[/] — {escape(domain.description)}")
    out.print(
        escape(f"aliases: {', '.join(domain.aliases)}   source: {domain.source}"), style="dim"
    )
    for source, queries in domain.queries.items():
        out.print(f"\n[bold]{source} queries[/]")
        for q in queries:
            out.print(f"  {escape(q)}")
    if domain.arxiv_categories:
        out.print(f"\n[bold]arXiv categories[/] {escape(', '.join(domain.arxiv_categories))}")
    if domain.terms:
        out.print(f"\n[bold]Terms[/] {escape('; '.join(domain.terms))}")
    if domain.facets:
        out.print("\n[bold]Facets[/]")
        for facet, terms in domain.facets.items():
            out.print(f"  {escape(facet)}: {escape('; '.join(terms))}")
    out.print("\n[bold]Seed papers[/]")
    for s in domain.seeds:
        ids = [f"doi:{s.doi}" if s.doi else "", f"arXiv:{s.arxiv_id}" if s.arxiv_id else ""]
        ident = " ".join(i for i in ids if i) or "title only"
        facet = f", {s.facet}" if s.facet else ""
        out.print(
            f"  • \\[{s.tier}{escape(facet)}] {escape(s.title)} ({s.year or '?'}) {escape(ident)}"
        )
        if s.why:
            out.print(f"      {escape(s.why)}", style="dim")
    framing = domain.framing
    if framing.problem:
        out.print(f"\n[bold]Problem[/]\n  {escape(framing.problem)}")
    for label, items in (
        ("Clarifying questions", framing.clarifying_questions),
        ("Typical data", framing.data),
        ("Features", framing.features),
        ("Candidate models", framing.models),
        ("Offline metrics", framing.offline_metrics),
        ("Online metrics", framing.online_metrics),
        ("Serving", framing.serving),
        ("Likely follow-ups", framing.follow_ups),
    ):
        if items:
            out.print(f"\n[bold]{label}[/]")
            for item in items:
                out.print(f"  • {escape(item)}")


@domains_app.command("new")
@handles_errors
def domains_new(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name of the new domain, e.g. fraud.")],
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DOMAIN",
            help="Start from a copy of this domain (built-in or yours). Needed to replace a "
            "built-in: `domains new recsys --from recsys`.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented domain file to start from, in $PAPERPREP_HOME/domains/."""
    from paperprep.domain_writer import create_domain_file

    made = create_domain_file(name, _settings(ctx).user_domains_dir, from_name=from_, force=force)
    out.print(f"wrote {escape(str(made.path))}")
    if made.replaces_builtin:
        what = f"Your copy replaces the built-in {made.name}: edit it"
    elif made.copied_from:
        what = f"A copy of {made.copied_from} to edit"
    else:
        what = "Fill in queries, seeds and framing"
    err.print(f"{escape(what)}, then check it with `paperprep domains show {made.name}`.")
