"""Domain commands: list, show, new."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from paperprep.cli import app
from paperprep.cli.common import State, err, escape, handles_errors, out, print_json
from paperprep.errors import PaperprepError

if TYPE_CHECKING:
    from paperprep.settings import Settings

domains_app = typer.Typer(
    help="Study domains: built-in ones and your own ($PAPERPREP_HOME/domains/*.toml).",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(domains_app, name="domains")


def _settings(ctx: typer.Context) -> Settings:
    from paperprep.settings import load_settings

    root = ctx.find_root()
    state = root.obj if isinstance(root.obj, State) else State()
    return load_settings(state.library)


@domains_app.callback()
@handles_errors
def domains(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the domains paperprep knows (built-in and yours)."""
    if ctx.invoked_subcommand is not None:
        return
    from paperprep.domains import domain_json, load_domains

    loaded = load_domains(_settings(ctx).user_domains_dir)
    if json_out:
        print_json([domain_json(d) for d in loaded.values()])
        return
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False)
    for col in ("name", "aliases", "description", "source"):
        table.add_column(col)
    for d in loaded.values():
        table.add_row(d.name, escape(", ".join(d.aliases)), escape(d.description), escape(d.source))
    out.print(table)


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
    out.print("\n[bold]Seed papers[/]")
    for s in domain.seeds:
        ident = (s.doi and f"doi:{s.doi}") or (s.arxiv_id and f"arXiv:{s.arxiv_id}") or ""
        out.print(f"  • {escape(s.title)} ({s.year or '?'}) {escape(ident)}")
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
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented domain file to start from, in $PAPERPREP_HOME/domains/."""
    import re

    from paperprep.domains import new_domain_file
    from paperprep.files import atomic_write_text

    if not re.fullmatch(r"[a-z0-9][a-z0-9\-]{0,40}", name):
        raise PaperprepError(
            f"bad domain name {name!r}", hint="use lower-case letters, digits and '-', e.g. fraud"
        )
    folder = _settings(ctx).user_domains_dir
    path = folder / f"{name}.toml"
    if path.exists() and not force:
        raise PaperprepError(f"{path} exists", hint="edit it, or pass --force to start over")
    atomic_write_text(path, new_domain_file(name))
    out.print(f"wrote {escape(str(path))}")
    err.print(
        f"Fill in queries, seeds and framing, then check it with `paperprep domains show {name}`."
    )
