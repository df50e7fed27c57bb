"""What the brief shows, as plain data: :func:`brief_context`, laid out by the templates.

The short brief (the default) is for rereading in twenty minutes the night before: readiness
and today's step, the problem, a compact reading list, the comparison matrix of the user's own
notes (a machine draft only where the user wrote nothing, marked, one line), the answer
scaffold and the follow-ups with the papers whose notes answer them. ``full`` keeps every
point, the long reading list and the references.

Where the text comes from: the user's note fields are the truth (an empty field is "not
filled"). Where a field is empty the matrix shows the paper's key facts, else its top evidence
quote, flagged ``draft``; drafts never reach the answer scaffold, the follow-ups or the cards.
Papers marked ``skipped`` leave the reading list, the matrix and the readiness totals and are
named on one "Skipped" line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup, escape

from paperprep.brief import answers
from paperprep.brief.chart import chart
from paperprep.brief.markdown import inline_html
from paperprep.brief.text import (
    authors_short,
    fmt_int,
    items,
    links,
    md_cell,
    md_text,
    one_line,
    short_title,
    shorten,
)
from paperprep.models import EVIDENCE_FIELDS, FIELD_HEADINGS, NOTE_FIELDS, Domain, PaperRecord
from paperprep.plan import Plan, fmt_minutes
from paperprep.plan import reading_order as order
from paperprep.render import render


@dataclass(frozen=True)
class BriefOptions:
    """What goes into the brief (``paperprep export`` options)."""

    #: The long form: every note point, full cells, the long reading list, references.
    full: bool = False
    #: Only the first N papers of the reading order.
    top: int | None = None
    #: Only papers whose status is ``read``.
    read: bool = False
    #: Show machine drafts (key facts, quotes) where the user wrote nothing.
    drafts: bool = True


@dataclass(frozen=True)
class _Limits:
    cell: int
    #: A Markdown table's columns are laid out by the viewer, not by us: shorter cells.
    md_cell: int
    draft: int
    why: int
    point: int
    points_per_step: int | None


SHORT = _Limits(cell=110, md_cell=72, draft=80, why=70, point=180, points_per_step=3)
FULL = _Limits(cell=280, md_cell=280, draft=280, why=200, point=600, points_per_step=None)


class LazyInline:
    """The user's Markdown as inline HTML, rendered only if a template shows it.

    Jinja's autoescape takes an object with ``__html__`` as markup as it is; the Markdown brief
    and the points a short brief leaves out never pay for rendering.
    """

    __slots__ = ("_html", "limit", "text")

    def __init__(self, text: str, limit: int | None) -> None:
        self.text = text
        self.limit = limit
        self._html: str | None = None

    def __html__(self) -> str:
        if self._html is None:
            self._html = inline_html(self.text, self.limit)
        return self._html

    def __str__(self) -> str:
        return self.__html__()

    def __bool__(self) -> bool:
        return bool(self.text.strip())


# --------------------------------------------------------------------------- one paper


def note_fields(record: PaperRecord, domain: str) -> dict[str, str]:
    """The user's text of each note field (draft blocks removed), stripped."""
    note = record.note_for(domain)
    return {f: (note.fields.get(f, "") if note else "").strip() for f in NOTE_FIELDS}


def key_facts(record: PaperRecord) -> dict[str, list[Any]]:
    """Key facts per field (text, page, kind), when the extraction made them."""
    found = getattr(record, "key_facts", None)
    return dict(found) if isinstance(found, Mapping) else {}


def fact_text(fact: Any) -> str:
    text = fact.get("text") if isinstance(fact, Mapping) else getattr(fact, "text", fact)
    return one_line(str(text))


def fact_page(fact: Any) -> int | None:
    page = fact.get("page") if isinstance(fact, Mapping) else getattr(fact, "page", None)
    return page if isinstance(page, int) else None


def _rank_of(record: PaperRecord, domain: str) -> int | None:
    return next((d.rank for d in record.domains if d.name == domain), None)


def _why_of(record: PaperRecord, domain: str) -> str:
    return next((d.why or "" for d in record.domains if d.name == domain), "")


def _cell(record: PaperRecord, field: str, user: str, limits: _Limits, drafts: bool) -> Any:
    if user:
        joined = "; ".join(i.rstrip(";") for i in items(user))
        return {
            "kind": "note",
            "draft": False,
            "text": md_cell(shorten(joined, limits.md_cell)),
            "html": LazyInline(joined, limits.cell),
            "page": None,
        }
    facts = key_facts(record).get(field) or []
    if drafts and facts:
        text = shorten(" · ".join(fact_text(f) for f in facts), limits.draft)
        return {
            "kind": "facts",
            "draft": True,
            "text": md_text(shorten(text, limits.md_cell - 20)),
            "html": escape(text),
            "page": fact_page(facts[0]),
        }
    quotes = record.evidence.get(field) or []
    if drafts and quotes:
        text = shorten(quotes[0].text, limits.draft)
        return {
            "kind": "quote",
            "draft": True,
            "text": md_text(shorten(text, limits.md_cell - 20)),
            "html": escape(text),
            "page": quotes[0].page,
        }
    return {"kind": "empty", "draft": False, "text": "", "html": Markup(""), "page": None}


def _paper(record: PaperRecord, domain: str, limits: _Limits, drafts: bool) -> dict[str, Any]:
    user = note_fields(record, domain)
    filled = [f for f in NOTE_FIELDS if user[f]]
    found_links = links(record)
    by = authors_short(record.authors)
    citation = ". ".join(
        part
        for part in (
            f"{by} ({record.year})" if by and record.year else by,
            one_line(record.title).rstrip("."),
            record.venue or "",
        )
        if part
    )
    why = one_line(_why_of(record, domain))
    return {
        "n": 0,
        "id": record.id,
        "key": record.key,
        "title": one_line(record.title),
        "short_title": short_title(one_line(record.title)),
        "authors": list(record.authors),
        "authors_short": by,
        "year": record.year,
        "venue": record.venue or "",
        "doi": record.doi,
        "arxiv_id": record.arxiv_id,
        "citations": record.citations,
        "citations_text": fmt_int(record.citations),
        "citation_source": record.citation_source or "",
        "fwci": record.fwci,
        "citation_percentile": record.citation_percentile,
        "status": record.status,
        "rank": _rank_of(record, domain),
        "why": why,
        "why_short": shorten(why, limits.why),
        "why_md": shorten(why, limits.md_cell - 20),
        "pages": record.pdf.pages if record.pdf else None,
        "links": found_links,
        "url": found_links[0]["url"] if found_links else "",
        "citation": citation + ".",
        "fields": user,
        "filled": filled,
        "filled_count": len(filled),
        "empty_fields": [FIELD_HEADINGS[f] for f in NOTE_FIELDS if not user[f]],
        "cells": {f: _cell(record, f, user[f], limits, drafts) for f in EVIDENCE_FIELDS},
    }


def select(
    domain: Domain, records: Sequence[PaperRecord], options: BriefOptions
) -> list[PaperRecord]:
    """The papers an export shows, in reading order: skipped ones out, then the filters."""
    papers = [r for r in order(records, domain.name) if r.status != "skipped"]
    if options.read:
        papers = [r for r in papers if r.status == "read"]
    return papers[: max(0, options.top)] if options.top is not None else papers


# --------------------------------------------------------------------------- sections


def _readiness(active: list[dict[str, Any]], skipped: list[dict[str, Any]]) -> dict[str, Any]:
    """The numbers ``paperprep progress`` shows (skipped papers not counted), and what's next."""
    total = len(active)
    read = sum(p["status"] == "read" for p in active)
    fields_total = total * len(NOTE_FIELDS)
    fields_filled = sum(p["filled_count"] for p in active)
    queue = [p for p in active if p["status"] in ("reading", "unread")]
    queue.sort(key=lambda p: p["status"] != "reading")  # stable: keeps the reading order

    def reason(p: dict[str, Any]) -> str:
        if p["status"] == "reading":
            return "you started it"
        bits = []
        if p["rank"] is not None:
            bits.append(f"rank {p['rank']}")
        if p["citations"] is not None:
            bits.append(f"cited {p['citations_text']}×")
        return ", ".join(bits) or "not read yet"

    return {
        "papers": total,
        "read": read,
        "reading": sum(p["status"] == "reading" for p in active),
        "skipped": len(skipped),
        "skipped_keys": [p["key"] for p in skipped],
        "fields_filled": fields_filled,
        "fields_total": fields_total,
        "read_pct": round(100 * read / total) if total else 0,
        "fields_pct": round(100 * fields_filled / fields_total) if fields_total else 0,
        "next": [
            {
                "key": p["key"],
                "title": p["title"],
                "short_title": p["short_title"],
                "status": p["status"],
                "reason": reason(p),
                "command": f"paperprep note {p['key']}",
            }
            for p in queue[:3]
        ],
        "notes_to_finish": [
            {
                "key": p["key"],
                "title": p["title"],
                "missing": len(NOTE_FIELDS) - p["filled_count"],
                "command": f"paperprep note {p['key']}",
            }
            for p in active
            if p["status"] == "read" and p["filled_count"] < len(NOTE_FIELDS)
        ],
    }


def _model(text: str) -> dict[str, str]:
    """Split ``"Name — pros: …; cons: …"`` into its parts (free text stays in ``name``)."""
    found = re.match(
        r"^(?P<name>.*?)\s+[—–-]+\s+pros?:\s*(?P<pros>.*?);\s*cons?:\s*(?P<cons>.*)$", text
    )
    if found is None:
        return {"name": text, "pros": "", "cons": ""}
    return {k: v.strip() for k, v in found.groupdict().items()}


def _point(text: str, refs: list[str], limit: int) -> dict[str, Any]:
    return {
        "text": shorten(text, limit),
        "html": LazyInline(text, limit),
        "refs": refs,
    }


def _points(papers: list[dict[str, Any]], field: str, limits: _Limits) -> list[dict[str, Any]]:
    """The points of ``field`` in the papers' notes: every paper's first, then second, ….

    Taking them round-robin means a capped list (the short brief) still spans the papers.
    """
    per_paper = [[(p["key"], i) for i in items(p["fields"][field])] for p in papers]
    rounds = max((len(x) for x in per_paper), default=0)
    return [
        _point(text, [key], limits.point)
        for n in range(rounds)
        for found in per_paper
        if n < len(found)
        for key, text in [found[n]]
    ]


_STEPS: tuple[tuple[str, str, str, str | None], ...] = (
    ("clarify", "Clarify the problem", "summary", "clarifying_questions"),
    ("data", "Data: sources, labels, cleaning, outliers, imbalance", "data_format", "data"),
    ("features", "Features", "features", "features"),
    ("models", "Model selection", "architecture", None),
    ("evaluation", "Training, tuning and evaluation", "findings", None),
    ("serving", "Serving and monitoring", "talking_points", "serving"),
)


def _scaffold(domain: Domain, papers: list[dict[str, Any]], limits: _Limits) -> list[Any]:
    f = domain.framing
    models = [_model(m) for m in f.models]
    steps = []
    for number, (key, title, field, prompts) in enumerate(_STEPS, start=1):
        points = _points(papers, field, limits)
        cap = limits.points_per_step
        steps.append(
            {
                "number": number,
                "key": key,
                "title": title,
                "field": field,
                "heading": FIELD_HEADINGS[field],
                "prompts": list(getattr(f, prompts)) if prompts else [],
                "candidates": models[:2] if key == "models" else [],
                "alternatives": models[2:] if key == "models" else [],
                "offline": list(f.offline_metrics) if key == "evaluation" else [],
                "online": list(f.online_metrics) if key == "evaluation" else [],
                "points": points[:cap] if cap is not None else points,
                "more_points": len(points) - cap if cap is not None and len(points) > cap else 0,
                "cap": cap,
            }
        )
    return steps


def _follow_ups(domain: Domain, papers: list[dict[str, Any]], limits: _Limits) -> list[Any]:
    answering = answers.Answers(domain, [(p["key"], p["fields"]) for p in papers])
    cap = 2 if limits.points_per_step is not None else None
    out = []
    for question in domain.framing.follow_ups:
        found = answering.answer(question)
        out.append(
            {
                "question": question,
                "cited": found.keys,
                "fields": [FIELD_HEADINGS[f] for f in found.fields],
                "facets": list(found.facets),
                "points": [_point(p.text, [p.key], limits.point) for p in found.points[:cap]],
            }
        )
    return out


def _plan(plan: Plan | None, domain: Domain) -> dict[str, Any] | None:
    if plan is None:
        return None
    step = plan.today_step
    return {
        "date": plan.interview.isoformat(),
        "days_left": plan.days_left,
        "countdown": plan.countdown(),
        "headline": plan.countdown()[:1].upper() + plan.countdown()[1:],
        "today": [] if step is None else [t.describe(domain.name) for t in step.tasks],
        "today_minutes": 0 if step is None else step.minutes,
        "today_time": fmt_minutes(0 if step is None else step.minutes),
        "command": f"paperprep plan {domain.name}",
    }


def brief_context(
    domain: Domain,
    records: list[PaperRecord],
    *,
    generated: str,
    options: BriefOptions | None = None,
    plan: Plan | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Everything the brief templates show, as plain data.

    :param domain: the domain the brief is for (framing, follow-ups, facets).
    :param records: the domain's papers from the library, in any order.
    :param generated: the date/time printed in the brief (passed in to keep output stable).
    :param options: what to include (short or full, filters); default: the short brief.
    :param plan: the study plan to the interview, when the domain has a date.
    :param today: the day "citations per year" counts to; default: the date in ``generated``.
    """
    options = options or BriefOptions()
    limits = FULL if options.full else SHORT
    if today is None:
        try:
            today = dt.date.fromisoformat(generated[:10])
        except ValueError:
            today = dt.date.today()
    everyone = [_paper(r, domain.name, limits, options.drafts) for r in order(records, domain.name)]
    active = [p for p in everyone if p["status"] != "skipped"]
    skipped = [p for p in everyone if p["status"] == "skipped"]
    shown = [p for p in active if p["status"] == "read"] if options.read else list(active)
    if options.top is not None:
        shown = shown[: max(0, options.top)]
    for n, p in enumerate(shown, start=1):
        p["n"] = n
    f = domain.framing
    return {
        "domain": {
            "name": domain.name,
            "aliases": list(domain.aliases),
            "description": domain.description,
            "source": domain.source,
        },
        "framing": {
            "problem": f.problem,
            "clarifying_questions": list(f.clarifying_questions),
            "data": list(f.data),
            "features": list(f.features),
            "models": [_model(m) for m in f.models],
            "offline_metrics": list(f.offline_metrics),
            "online_metrics": list(f.online_metrics),
            "serving": list(f.serving),
            "follow_ups": list(f.follow_ups),
        },
        "generated": generated,
        "full": options.full,
        "filters": {
            "top": options.top,
            "read": options.read,
            "drafts": options.drafts,
            "hidden": len(active) - len(shown),
        },
        "empty": not everyone,
        "fetch_command": f"paperprep fetch {domain.name}",
        "full_command": f"paperprep export {domain.name} --full",
        "papers": shown,
        "skipped": [{"key": p["key"], "title": p["title"]} for p in skipped],
        "readiness": _readiness(active, skipped),
        "plan": _plan(plan, domain),
        "matrix_fields": [{"field": x, "heading": FIELD_HEADINGS[x]} for x in EVIDENCE_FIELDS],
        "scaffold": _scaffold(domain, shown, limits),
        "follow_ups": _follow_ups(domain, shown, limits),
        "open_questions": _points(shown, "questions", limits),
        "chart": chart(shown, today.year),
        "md_cell": md_cell,
        "md_text": md_text,
    }


def render_brief(
    domain: Domain,
    records: list[PaperRecord],
    fmt: Literal["md", "html"],
    *,
    user_templates: Path | None,
    generated: str,
    options: BriefOptions | None = None,
    plan: Plan | None = None,
) -> str:
    """The brief as Markdown or as one self-contained HTML page.

    :param user_templates: ``$PAPERPREP_HOME/templates``; a ``brief.md.j2`` / ``brief.html.j2``
        there replaces the built-in one.
    :raises TemplateError: the template is missing or fails to render.
    """
    context = brief_context(domain, records, generated=generated, options=options, plan=plan)
    return render(
        f"brief.{fmt}.j2",
        context,
        user_dir=user_templates,
        autoescape=fmt == "html",
        markdown=fmt == "md",
    )
