"""Library commands: add, list, show, edit, status, tag, search, progress."""

from __future__ import annotations

import re
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
    shown_path,
    stdout_is_terminal,
)

if TYPE_CHECKING:
    from rich.text import Text

    from paperprep.models import PaperRecord
    from paperprep.plan import Plan, PlanPaper

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (stable, see README).")]
DomainOpt = Annotated[
    str | None,
    typer.Option("--domain", "-d", help="A domain name or alias (see `paperprep domains`)."),
]


@app.command()
@handles_errors
def add(
    ctx: typer.Context,
    items: Annotated[
        list[str],
        typer.Argument(help="PDF files, arXiv ids/URLs (1606.07792) or DOIs (10.1145/...)."),
    ],
    domain: DomainOpt = None,
    engine: Annotated[
        str | None,
        typer.Option(help="Extraction engine: auto (pdfium, pypdf fallback), pdfium or pypdf."),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Add papers: local PDFs work with no network at all."""
    from paperprep.workflows.add import add_items

    with (
        open_app(ctx, engine=engine) as app_,
        progress_sink(err.is_terminal and not json_out) as sink,
    ):
        app_.on_event = sink
        report = add_items(app_, items, domain=domain, engine=engine)
    if json_out:
        print_json(
            [
                {
                    "item": o.item,
                    "status": o.status,
                    "id": o.paper_id,
                    "key": o.key,
                    "title": o.title,
                    "error": o.error,
                    "note": str(o.note) if o.note else None,
                }
                for o in report.outcomes
            ]
        )
    else:
        for o in report.outcomes:
            if o.status == "failed":
                err.print(f"[red]failed[/]  {escape(o.error or o.item)}")
                if o.paper_id is not None:
                    err.print(f"         kept as [bold]{o.key}[/] (PDF status: failed)")
            else:
                out.print(
                    f"[green]{o.status:<7}[/] [bold]{escape(o.key or '')}[/]  "
                    f"{escape(o.title or '')}"
                )
                if o.note:
                    out.print(f"         note: {escape(str(o.note))}", style="dim")
                if o.error:
                    err.print(f"[yellow]warning[/] {escape(o.error)}")
    if report.failed:
        raise typer.Exit(code=1)


@app.command("list")
@handles_errors
def list_(
    ctx: typer.Context,
    domain: DomainOpt = None,
    status: Annotated[
        str | None, typer.Option("--status", "-s", help="unread, reading, read or skipped.")
    ] = None,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", help="Only papers with this tag.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """List the papers in the library."""
    from paperprep.models import STATUSES

    if status is not None and status not in STATUSES:
        raise typer.BadParameter(f"use one of {', '.join(STATUSES)}", param_hint="--status")
    with open_app(ctx) as app_:
        name = app_.domain(domain).name if domain else None
        papers = app_.library.list_papers(domain=name, status=status, tag=tag, limit=limit)
    if json_out:
        print_json([p.to_json() for p in papers])
        return
    if not papers:
        hint = f"paperprep fetch {name}" if name else "paperprep fetch recsys"
        typer.echo(f"No papers yet. Try `{hint}` or `paperprep add paper.pdf`.", err=True)
        return
    if not stdout_is_terminal():
        # Piped: one plain tab-separated line per paper, nothing decorative.
        print_rows(
            [
                p.id,
                p.key,
                p.year or "",
                "" if p.citations is None else p.citations,
                p.status,
                ",".join(p.tags),
                ",".join(d.name for d in p.domains),
                p.title,
            ]
            for p in papers
        )
        return
    from rich.table import Table

    # The key is what you type next: it is never wrapped or cut. The title gets what is left
    # (wrapped); tags and domains are shown only when the window has room for them too.
    rows = [
        [
            str(p.id),
            p.key,
            p.title if len(p.title) <= 120 else p.title[:119] + "…",
            str(p.year or ""),
            "" if p.citations is None else str(p.citations),
            p.status,
            " ".join(p.tags),
            " ".join(f"{d.name}#{d.rank}" if d.rank else d.name for d in p.domains),
        ]
        for p in papers
    ]
    names = ("id", "key", "title", "year", "cited", "status", "tags", "domains")
    widths = [max(len(names[i]), *(len(r[i]) for r in rows)) for i in range(len(names))]
    title_room = 24
    shown = [0, 1, 2, 3, 4, 5]
    for optional in (6, 7):
        wanted = min(widths[optional], 24)
        used = sum(widths[i] for i in shown if i != 2) + 3 * len(shown)
        if out.width - used - wanted - 3 >= title_room:
            shown.append(optional)
    table = Table(show_edge=False, pad_edge=False)
    for i in shown:
        name = names[i]
        if name == "key":
            table.add_column(name, no_wrap=True, min_width=widths[1], style="bold")
        elif name == "title":
            table.add_column(name, ratio=1, min_width=16)
        elif name in ("tags", "domains"):
            table.add_column(name, max_width=24)
        else:
            table.add_column(
                name, justify="right" if name in ("id", "year", "cited") else "left", no_wrap=True
            )
    for r in rows:
        table.add_row(*(escape(r[i]) for i in shown))
    out.print(table)


def _bullets(lines: list[str]) -> None:
    """``  • text`` lines; at a terminal a wrapped line continues under its text, not under
    the bullet. Piped, one line each."""
    if not stdout_is_terminal():
        for line in lines:
            out.print(f"  • {line}")
        return
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row("  •", line)
    out.print(grid)


def _next_up(key: str, title: str | None) -> Text:
    """The key in bold, kept whole on its own line if need be, then the title."""
    from rich.text import Text

    text = Text(key, style="bold")
    if title:
        short = title if len(title) <= 70 else title[:69] + "…"
        text.append(f": {short}")
    return text


def _show_human(record: PaperRecord) -> None:
    out.print(f"[bold]{escape(record.title)}[/]  ([cyan]{escape(record.key)}[/], id {record.id})")
    meta = [", ".join(record.authors[:6]) + (" et al." if len(record.authors) > 6 else "")]
    meta.append(" · ".join(str(x) for x in (record.year, record.venue) if x))
    out.print(escape(" — ".join(m for m in meta if m)))
    ids = []
    if record.arxiv_id:
        ids.append(f"arXiv:{record.arxiv_id}")
    if record.doi:
        ids.append(f"doi:{record.doi}")
    if record.citations is not None:
        ids.append(f"cited {record.citations}× ({record.citation_source})")
    ids.append(f"status: {record.status}")
    if record.tags:
        ids.append("tags: " + " ".join(record.tags))
    out.print(escape(" · ".join(ids)))
    for d in record.domains:
        rank = f" #{d.rank}" if d.rank else ""
        why = f" — {d.why}" if d.why else ""
        out.print(escape(f"domain {d.name}{rank}{why}"), style="dim")
    if record.pdf:
        pdf = record.pdf
        line = f"PDF: {pdf.status}"
        if pdf.pages:
            line += f", {pdf.pages} pages ({pdf.engine})"
        if pdf.path:
            line += f" — {pdf.path}"
        if pdf.error:
            line += f" — {pdf.error}"
        out.print(escape(line))
    if record.sections:
        out.print("\n[bold]Sections[/]")
        for s in record.sections:
            out.print(escape(f"  p.{s.page:<3} {s.title}"))
    labels = {
        "data_format": "Data format",
        "features": "Features",
        "architecture": "Architecture",
        "findings": "Findings",
    }
    for field, label in labels.items():
        items = record.evidence.get(field, [])
        if not items:
            continue
        out.print(f"\n[bold]{label}[/] (evidence)")
        facts = record.key_facts.get(field, [])
        if facts:
            line = " · ".join(f"{k.text} (p.{k.page})" for k in facts)
            out.print(f"  [dim]key facts:[/] {escape(line)}")
        quotes = []
        for ev in items[:3]:
            where = f"p.{ev.page}" + (f", {ev.section}" if ev.section else "")
            quotes.append(f"{escape(ev.text)} [dim]({escape(where)})[/]")
        _bullets(quotes)
    note = record.note_for()
    if note:
        filled = sum(1 for v in note.fields.values() if v.strip())
        out.print(f"\nNote: {escape(note.path)} ({filled}/{len(note.fields)} fields filled)")


@app.command()
@handles_errors
def show(
    ctx: typer.Context,
    paper: Annotated[str, typer.Argument(help="Id, citation key, arXiv id or DOI.")],
    domain: DomainOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Show one paper: metadata, PDF, sections, evidence and note."""
    with open_app(ctx) as app_:
        record = app_.library.record(app_.library.resolve(paper))
        name = app_.domain(domain).name if domain else None
    if json_out:
        print_json(record.to_json(name))
    else:
        _show_human(record)


@app.command()
@handles_errors
def edit(
    ctx: typer.Context,
    paper: Annotated[str, typer.Argument(help="Id, citation key, arXiv id or DOI.")],
    title: Annotated[str | None, typer.Option(help="The correct title.")] = None,
    authors: Annotated[
        str | None, typer.Option(help='Authors separated by ";" (e.g. "Cheng, H.; Koc, L.").')
    ] = None,
    year: Annotated[int | None, typer.Option(help="Publication year.", min=1800, max=2100)] = None,
    venue: Annotated[str | None, typer.Option(help="Journal or conference.")] = None,
    doi: Annotated[str | None, typer.Option(help="DOI, e.g. 10.1145/2988450.2988454.")] = None,
    arxiv: Annotated[str | None, typer.Option(help="arXiv id, e.g. 1606.07792.")] = None,
    key: Annotated[
        str | None,
        typer.Option(
            help="A new citation key (renames the note and PDF files; the old key still finds "
            "the paper; later fetches keep it)."
        ),
    ] = None,
) -> None:
    """Fix metadata a PDF or a source got wrong, or the key (later fetches won't undo it)."""
    from paperprep.workflows.papers import edit_paper

    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = title
    if authors is not None:
        changes["authors"] = [a.strip() for a in authors.split(";") if a.strip()]
    if year is not None:
        changes["year"] = year
    if venue is not None:
        changes["venue"] = venue
    if doi is not None:
        changes["doi"] = doi
    if arxiv is not None:
        changes["arxiv_id"] = arxiv
    with open_app(ctx) as app_:
        record, rekeyed = edit_paper(app_, paper, changes, key=key)
        home = app_.settings.home
    if rekeyed is not None:
        if rekeyed.changed:
            out.print(f"key [bold]{escape(rekeyed.old)}[/] is now [bold]{escape(rekeyed.new)}[/]")
        else:
            out.print(f"key [bold]{escape(rekeyed.new)}[/] (unchanged)")
        for src, dst in rekeyed.renamed:
            out.print(
                f"  renamed {escape(shown_path(src, home))} -> {escape(shown_path(dst, home))}"
            )
    if changes:
        out.print(
            f"updated [bold]{escape(record.key)}[/]: {escape(record.title)} ({record.year or '?'})"
        )


@app.command()
@handles_errors
def refresh(
    ctx: typer.Context,
    papers: Annotated[list[str], typer.Argument(help="Ids, citation keys, arXiv ids or DOIs.")],
    json_out: JsonOpt = False,
) -> None:
    """Look metadata up again on arXiv/OpenAlex and prefer it (fields you edited stay)."""
    from paperprep.workflows.refresh import refresh_papers

    with open_app(ctx) as app_:
        results = refresh_papers(app_, papers)
    if json_out:
        print_json(
            [
                {"key": r.key, "source": r.source, "changed": r.changed, "error": r.error}
                for r in results
            ]
        )
    else:
        for r in results:
            if r.error:
                err.print(f"[red]failed[/]  {escape(r.key)}: {escape(r.error)}")
            elif r.changed:
                out.print(f"{escape(r.key)}: {', '.join(r.changed)} from {r.source}")
            else:
                out.print(f"{escape(r.key)}: up to date ({r.source})")
    if any(r.error for r in results):
        raise typer.Exit(code=1)


@app.command()
@handles_errors
def status(
    ctx: typer.Context,
    paper: Annotated[str, typer.Argument(help="Id, citation key, arXiv id or DOI.")],
    value: Annotated[str, typer.Argument(help="unread, reading, read or skipped.")],
) -> None:
    """Set a paper's reading status."""
    from paperprep.workflows.papers import set_status

    with open_app(ctx) as app_:
        record = set_status(app_, paper, value)
    out.print(f"{escape(record.key)}: {record.status}")


@app.command(context_settings={"ignore_unknown_options": True})
@handles_errors
def tag(
    ctx: typer.Context,
    paper: Annotated[str, typer.Argument(help="Id, citation key, arXiv id or DOI.")],
    changes: Annotated[list[str], typer.Argument(help="+tag adds, -tag removes.")],
) -> None:
    """Add (+t) or remove (-t) tags."""
    from paperprep.workflows.papers import change_tags

    with open_app(ctx) as app_:
        record = change_tags(app_, paper, changes)
    out.print(f"{escape(record.key)}: {escape(' '.join(record.tags)) or '(no tags)'}")


@app.command()
@handles_errors
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help='Words, "a phrase", prefix*, a OR b, NEAR(a b).')],
    domain: DomainOpt = None,
    limit: Annotated[int, typer.Option(help="At most this many papers.", min=1)] = 20,
    json_out: JsonOpt = False,
) -> None:
    """Full-text search of titles, abstracts, PDF text and notes (bm25)."""
    with open_app(ctx) as app_:
        name = app_.domain(domain).name if domain else None
        hits = app_.library.search(query, domain=name, limit=limit)
    if json_out:
        print_json([h.to_json() for h in hits])
        return
    if not hits:
        err.print(f"No matches for {escape(query)!s}.")
        return
    if not stdout_is_terminal():
        # Piped: one tab-separated line per hit; matched words stay marked «like this».
        print_rows((h.id, h.key, h.where, h.title, h.snippet) for h in hits)
        return
    from rich.padding import Padding

    for h in hits:
        out.print(
            f"[bold]{escape(h.key)}[/] (id {h.id}) {escape(h.title)}  [dim]{escape(h.where)}[/]"
        )
        # The snippet wraps under itself, indented, not back at the left edge.
        out.print(Padding(_highlight(h.snippet), (0, 0, 0, 3)))


def _highlight(snippet: str) -> Text:
    """Snippets mark matches as «word»; show them bold. Text never acts as markup."""
    from rich.text import Text

    text = Text()
    for i, part in enumerate(re.split("[«»]", snippet)):
        text.append(part, style="bold yellow" if i % 2 else "")
    return text


@app.command()
@handles_errors
def progress(
    ctx: typer.Context,
    domain: Annotated[str | None, typer.Argument(help="One domain (default: all).")] = None,
    papers: Annotated[
        bool,
        typer.Option(
            "--papers",
            help="Per paper: status and the note fields still empty (the default on a "
            "terminal when DOMAIN is given).",
        ),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Readiness per domain: papers read, note fields filled, today's step of the plan."""
    import datetime as dt

    from paperprep.models import NOTE_FIELDS
    from paperprep.plan import domain_plan, fmt_minutes, paper_progress

    today = dt.date.today()
    plans: dict[str, Plan] = {}
    per_paper: dict[str, list[PlanPaper]] = {}
    with open_app(ctx) as app_:
        names = [app_.domain(domain).name] if domain else None
        rows = app_.library.progress(names)
        for r in rows:
            found = domain_plan(app_.library, r.domain, today)
            if found is not None:
                plans[r.domain] = found
            if papers or domain:
                per_paper[r.domain] = paper_progress(app_.library, r.domain)
    if json_out:
        data = []
        for r in rows:
            row = r.to_json()
            found = plans.get(r.domain)
            row["plan"] = None if found is None else _plan_summary(found)
            if r.domain in per_paper:
                row["per_paper"] = [
                    {
                        "key": p.key,
                        "title": p.title,
                        "status": p.status,
                        "empty_fields": list(p.empty_fields),
                    }
                    for p in per_paper[r.domain]
                ]
            data.append(row)
        print_json(data)
        return
    if not rows:
        err.print("No domains in the library yet. Try `paperprep fetch recsys`.")
        return
    if not stdout_is_terminal():
        if papers:
            # Piped --papers: domain, key, status, fields filled, empty fields (comma-separated).
            print_rows(
                (
                    name,
                    p.key,
                    p.status,
                    len(NOTE_FIELDS) - len(p.empty_fields),
                    ",".join(p.empty_fields),
                )
                for name, found in per_paper.items()
                for p in found
            )
            return
        # Piped: domain, papers, read, reading, skipped, fields filled, fields total, next key.
        print_rows(
            (
                r.domain,
                r.papers,
                r.read,
                r.reading,
                r.skipped,
                r.fields_filled,
                r.fields_total,
                r.next_key or "",
            )
            for r in rows
        )
        return
    from rich.table import Table

    # "next up" starts with the key (what you type next), which is never wrapped or cut: when
    # the window is too narrow for it beside the counts, it goes below the table instead.
    widest_key = max((len(r.next_key) for r in rows if r.next_key), default=8)
    counts = ("domain", "papers", "read", "reading", "note fields")
    widest_domain = max(len(r.domain) for r in rows)
    beside = out.width >= 44 + max(widest_domain - 6, 0) + widest_key + 3
    table = Table(show_edge=False, pad_edge=False)
    for col in counts:
        table.add_column(col, no_wrap=col != "domain")
    if beside:
        table.add_column("next up", ratio=1, min_width=widest_key + 1)
    below: list[Text] = []
    for r in rows:
        pct = f" ({100 * r.fields_filled // r.fields_total}%)" if r.fields_total else ""
        counted = r.papers - r.skipped
        up = _next_up(r.next_key, r.next_title) if r.next_key else "all read"
        cells = [
            r.domain,
            f"{r.papers}" + (f" ({r.skipped} skipped)" if r.skipped else ""),
            f"{r.read}/{counted}",
            str(r.reading),
            f"{r.fields_filled}/{r.fields_total}{pct}",
        ]
        if beside:
            table.add_row(*cells, up)
        else:
            table.add_row(*cells)
            line = _next_up(f"{r.domain}", None)
            line.append(" next up: ")
            line.append(up)
            below.append(line)
    out.print(table)
    for line in below:
        out.print(line)
    for name, found in plans.items():
        step = found.today_step
        today_text = "; ".join(t.describe(name) for t in step.tasks) if step and step.tasks else ""
        out.print(
            f"[bold]{escape(name)}[/]: {escape(found.countdown())}"
            + (
                f" — today (~{fmt_minutes(step.minutes)}): {escape(today_text)}"
                if step and today_text
                else ""
            )
        )
    for name, found_papers in per_paper.items():
        _paper_table(name, found_papers)


def _plan_summary(plan: Plan) -> dict[str, object]:
    step = plan.today_step
    return {
        "date": plan.interview.isoformat(),
        "days_left": plan.days_left,
        "today": None if step is None else step.to_json(),
    }


def _paper_table(domain: str, papers: list[PlanPaper]) -> None:
    from rich.table import Table

    from paperprep.models import FIELD_HEADINGS, NOTE_FIELDS

    table = Table(title=f"{domain}: per paper", show_edge=False, pad_edge=False)
    for col in ("key", "status", "fields", "still empty"):
        table.add_column(col)
    for p in papers:
        if len(p.empty_fields) == len(NOTE_FIELDS):
            empty = "all"
        else:
            empty = ", ".join(FIELD_HEADINGS[f].lower() for f in p.empty_fields) or "—"
        table.add_row(
            escape(p.key),
            p.status,
            f"{len(NOTE_FIELDS) - len(p.empty_fields)}/{len(NOTE_FIELDS)}",
            escape(empty) if p.status != "skipped" else "[dim](skipped)[/]",
        )
    out.print(table)
