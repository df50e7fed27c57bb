"""The domain brief (Markdown, HTML) and study exports (BibTeX, Anki).

Everything here is pure: records and a domain in, text or bytes out. The brief's content is
built by :func:`brief_context` (plain dicts and lists) and laid out by ``templates/brief.md.j2``
and ``templates/brief.html.j2`` (a user copy in ``$PAPERPREP_HOME/templates/`` wins).

Where the text comes from:

- the user's note fields (``record.note_for(domain).fields``; draft blocks already removed) are
  the truth. An empty field is "not filled".
- when a field is empty, the comparison matrix falls back to the top evidence quote from the
  PDF, flagged ``draft`` so the templates mark it as such. Drafts never appear in the answer
  scaffold and never become Anki cards.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from paperprep.models import (
    EVIDENCE_FIELDS,
    FIELD_HEADINGS,
    NOTE_FIELDS,
    Domain,
    PaperRecord,
)
from paperprep.render import render

__all__ = [
    "anki_cards",
    "brief_context",
    "render_brief",
    "to_anki",
    "to_bibtex",
]

#: Reading statuses in the order the chart legend shows them, with their colours.
STATUS_COLORS: dict[str, str] = {
    "read": "#1a7f37",
    "reading": "#bf8700",
    "unread": "#0969da",
    "skipped": "#8c959f",
}

_MATRIX_CHARS = 280
_POINT_CHARS = 600


# --------------------------------------------------------------------------- small helpers


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _shorten(text: str, limit: int) -> str:
    text = _one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def _items(text: str) -> list[str]:
    """Split a note field into points: list items (``-``, ``*``, ``1.``) or paragraphs."""
    items: list[str] = []
    current: list[str] = []
    bullet = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
    for line in text.splitlines():
        if bullet.match(line):
            if current:
                items.append(" ".join(current))
            current = [bullet.sub("", line)]
        elif not line.strip():
            if current:
                items.append(" ".join(current))
            current = []
        else:
            current.append(line.strip())
    if current:
        items.append(" ".join(current))
    return [_shorten(i, _POINT_CHARS) for i in items if i.strip()]


def md_cell(value: Any) -> str:
    """A value made safe for one Markdown table cell (one line, pipes escaped)."""
    if value is None:
        return ""
    return _one_line(str(value)).replace("|", "\\|")


def short_title(title: str) -> str:
    """The name people use for a paper: the part before a colon (``DeepFM: A …`` → DeepFM)."""
    head = title.split(":", 1)[0].strip()
    return head if 0 < len(head) <= 60 else _shorten(title, 60)


def _authors_short(authors: Sequence[str]) -> str:
    def last(name: str) -> str:
        if "," in name:
            return name.split(",", 1)[0].strip()
        return name.split()[-1] if name.split() else name

    if not authors:
        return ""
    if len(authors) == 1:
        return last(authors[0])
    if len(authors) == 2:
        return f"{last(authors[0])} and {last(authors[1])}"
    return f"{last(authors[0])} et al."


def _links(record: PaperRecord) -> list[dict[str, str]]:
    links = []
    if record.arxiv_id:
        url = "https://arxiv.org/abs/" + quote(record.arxiv_id, safe="/.")
        links.append({"label": f"arXiv:{record.arxiv_id}", "url": url})
    if record.doi:
        url = "https://doi.org/" + quote(record.doi, safe="/:;()._-")
        links.append({"label": f"doi:{record.doi}", "url": url})
    # Only web links: a javascript: or file: URL must never become a clickable href.
    if not links and record.url and re.match(r"^https?://", record.url, flags=re.IGNORECASE):
        links.append({"label": record.url, "url": record.url})
    return links


def _fmt_int(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _rank_of(record: PaperRecord, domain: str) -> int | None:
    return next((d.rank for d in record.domains if d.name == domain), None)


def _why_of(record: PaperRecord, domain: str) -> str:
    return next((d.why or "" for d in record.domains if d.name == domain), "")


def _order(records: Sequence[PaperRecord], domain: str) -> list[PaperRecord]:
    """Domain rank first (unranked last), then most cited, then title: the reading order."""

    def key(r: PaperRecord) -> tuple[bool, int, int, str]:
        rank = _rank_of(r, domain)
        return (rank is None, rank or 0, -(r.citations or 0), r.title.lower())

    return sorted(records, key=key)


# --------------------------------------------------------------------------- context


def _paper(record: PaperRecord, n: int, domain: str) -> dict[str, Any]:
    note = record.note_for(domain)
    user = {f: (note.fields.get(f, "") if note else "").strip() for f in NOTE_FIELDS}
    cells: dict[str, dict[str, Any]] = {}
    for f in EVIDENCE_FIELDS:
        if user[f]:
            text = "; ".join(i.rstrip(";") for i in _items(user[f]))
            cells[f] = {"text": _shorten(text, _MATRIX_CHARS), "draft": False, "page": None}
        elif record.evidence.get(f):
            top = record.evidence[f][0]
            cells[f] = {"text": _shorten(top.text, _MATRIX_CHARS), "draft": True, "page": top.page}
        else:
            cells[f] = {"text": "", "draft": False, "page": None}
    filled = [f for f in NOTE_FIELDS if user[f]]
    links = _links(record)
    authors_short = _authors_short(record.authors)
    citation = ". ".join(
        part
        for part in (
            f"{authors_short} ({record.year})" if authors_short and record.year else authors_short,
            record.title.rstrip("."),
            record.venue or "",
        )
        if part
    )
    return {
        "n": n,
        "id": record.id,
        "key": record.key,
        "title": _one_line(record.title),
        "short_title": short_title(_one_line(record.title)),
        "authors": list(record.authors),
        "authors_short": authors_short,
        "year": record.year,
        "venue": record.venue or "",
        "doi": record.doi,
        "arxiv_id": record.arxiv_id,
        "citations": record.citations,
        "citations_text": _fmt_int(record.citations),
        "citation_source": record.citation_source or "",
        "status": record.status,
        "rank": _rank_of(record, domain),
        "why": _why_of(record, domain),
        "links": links,
        "url": links[0]["url"] if links else "",
        "citation": citation + ".",
        "fields": user,
        "filled": filled,
        "filled_count": len(filled),
        "cells": cells,
    }


def _readiness(papers: list[dict[str, Any]]) -> dict[str, Any]:
    """The numbers ``paperprep progress`` shows, plus what to read next."""
    total = len(papers)
    read = sum(p["status"] == "read" for p in papers)
    fields_total = total * len(NOTE_FIELDS)
    fields_filled = sum(p["filled_count"] for p in papers)
    queue = [p for p in papers if p["status"] in ("reading", "unread")]
    queue.sort(key=lambda p: p["status"] != "reading")  # stable: keeps the reading order
    next_up = [
        {
            "n": p["n"],
            "id": p["id"],
            "title": p["title"],
            "status": p["status"],
            "reason": "you started it" if p["status"] == "reading" else _next_reason(p),
        }
        for p in queue[:3]
    ]
    unfilled = [
        {
            "n": p["n"],
            "id": p["id"],
            "title": p["title"],
            "missing": len(NOTE_FIELDS) - len(p["filled"]),
        }
        for p in papers
        if p["status"] == "read" and len(p["filled"]) < len(NOTE_FIELDS)
    ]
    return {
        "papers": total,
        "read": read,
        "reading": sum(p["status"] == "reading" for p in papers),
        "skipped": sum(p["status"] == "skipped" for p in papers),
        "fields_filled": fields_filled,
        "fields_total": fields_total,
        "read_pct": round(100 * read / total) if total else 0,
        "fields_pct": round(100 * fields_filled / fields_total) if fields_total else 0,
        "next": next_up,
        "notes_to_finish": unfilled,
    }


def _next_reason(paper: dict[str, Any]) -> str:
    bits = []
    if paper["rank"] is not None:
        bits.append(f"rank {paper['rank']}")
    if paper["citations"] is not None:
        bits.append(f"cited {paper['citations_text']}×")
    return ", ".join(bits) or "not read yet"


def _model(text: str) -> dict[str, str]:
    """Split ``"Name — pros: …; cons: …"`` into its parts (free text stays in ``name``)."""
    found = re.match(
        r"^(?P<name>.*?)\s+[—–-]+\s+pros?:\s*(?P<pros>.*?);\s*cons?:\s*(?P<cons>.*)$", text
    )
    if found is None:
        return {"name": text, "pros": "", "cons": ""}
    return {k: v.strip() for k, v in found.groupdict().items()}


def _points(papers: list[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    return [{"text": item, "refs": [p["n"]]} for p in papers for item in _items(p["fields"][field])]


def _scaffold(domain: Domain, papers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    f = domain.framing
    models = [_model(m) for m in f.models]
    steps: list[dict[str, Any]] = [
        {
            "key": "clarify",
            "title": "Clarify the problem",
            "prompts": list(f.clarifying_questions),
            "field": "summary",
        },
        {
            "key": "data",
            "title": "Data: sources, labels, cleaning, outliers, imbalance",
            "prompts": list(f.data),
            "field": "data_format",
        },
        {
            "key": "features",
            "title": "Features",
            "prompts": list(f.features),
            "field": "features",
        },
        {
            "key": "models",
            "title": "Model selection",
            "prompts": [],
            "candidates": models[:2],
            "alternatives": models[2:],
            "field": "architecture",
        },
        {
            "key": "evaluation",
            "title": "Training, tuning and evaluation",
            "prompts": [],
            "offline": list(f.offline_metrics),
            "online": list(f.online_metrics),
            "field": "findings",
        },
        {
            "key": "serving",
            "title": "Serving and monitoring",
            "prompts": list(f.serving),
            "field": "talking_points",
        },
    ]
    for number, step in enumerate(steps, start=1):
        step.setdefault("candidates", [])
        step.setdefault("alternatives", [])
        step.setdefault("offline", [])
        step.setdefault("online", [])
        step["number"] = number
        step["heading"] = FIELD_HEADINGS[step["field"]]
        step["points"] = _points(papers, step["field"])
    return steps


def _chart(papers: list[dict[str, Any]]) -> dict[str, Any]:
    """Coordinates for the inline SVG scatter: year × citations (log scale), colour = status."""
    width, height = 640.0, 300.0
    left, right, top, bottom = 56.0, 16.0, 16.0, 40.0
    plotted = [p for p in papers if p["year"] is not None and p["citations"] is not None]
    missing = len(papers) - len(plotted)
    chart: dict[str, Any] = {
        "width": int(width),
        "height": int(height),
        "points": [],
        "x_ticks": [],
        "y_ticks": [],
        "missing": missing,
        "legend": [{"status": s, "color": c} for s, c in STATUS_COLORS.items()],
        "plot": {"x0": left, "y0": top, "x1": width - right, "y1": height - bottom},
    }
    if not plotted:
        return chart
    years: list[int] = [int(p["year"]) for p in plotted]
    y_lo, y_hi = min(years) - 1, max(years) + 1
    top_decade = max(1, math.ceil(math.log10(max(p["citations"] for p in plotted) + 1)))

    def sx(year: float) -> float:
        return round(left + (year - y_lo) / (y_hi - y_lo) * (width - left - right), 1)

    def sy(citations: float) -> float:
        frac = math.log10(citations + 1) / top_decade
        return round(height - bottom - frac * (height - top - bottom), 1)

    step = max(1, math.ceil((y_hi - y_lo) / 8))
    chart["x_ticks"] = [{"x": sx(y), "label": str(y)} for y in range(y_lo, y_hi + 1, step)]
    chart["y_ticks"] = [
        {"y": sy(10**d - 1), "label": _fmt_int(10**d) if d else "0"} for d in range(top_decade + 1)
    ]
    chart["points"] = [
        {
            "n": p["n"],
            "cx": sx(p["year"]),
            "cy": sy(p["citations"]),
            "color": STATUS_COLORS.get(p["status"], STATUS_COLORS["unread"]),
            "status": p["status"],
            "label": f"[{p['n']}] {p['title']} ({p['year']}, cited {p['citations_text']}×, "
            f"{p['status']})",
        }
        for p in plotted
    ]
    # Dodge: nudge a point right while it sits on top of one already placed (same year, similar
    # citations), so every dot and its number stay visible.
    placed: list[tuple[float, float]] = []
    for point in chart["points"]:
        while any(abs(point["cx"] - x) < 12 and abs(point["cy"] - y) < 12 for x, y in placed):
            point["cx"] = round(point["cx"] + 11, 1)
        placed.append((point["cx"], point["cy"]))
    return chart


def brief_context(domain: Domain, records: list[PaperRecord], *, generated: str) -> dict[str, Any]:
    """Everything the brief templates show, as plain data.

    :param domain: the domain the brief is for (framing, follow-ups).
    :param records: the domain's papers from the library, in any order.
    :param generated: the date/time string printed in the brief (passed in to keep output stable).
    """
    ordered = _order(records, domain.name)
    papers = [_paper(r, n, domain.name) for n, r in enumerate(ordered, start=1)]
    f = domain.framing
    open_questions = _points(papers, "questions")
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
        "empty": not papers,
        "fetch_command": f"paperprep fetch {domain.name}",
        "papers": papers,
        "readiness": _readiness(papers),
        "matrix_fields": [{"field": x, "heading": FIELD_HEADINGS[x]} for x in EVIDENCE_FIELDS],
        "scaffold": _scaffold(domain, papers),
        "follow_ups": list(f.follow_ups),
        "open_questions": open_questions,
        "chart": _chart(papers),
        "md_cell": md_cell,
    }


def render_brief(
    domain: Domain,
    records: list[PaperRecord],
    fmt: Literal["md", "html"],
    *,
    user_templates: Path | None,
    generated: str,
) -> str:
    """The brief as Markdown or as one self-contained HTML page.

    :param user_templates: ``$PAPERPREP_HOME/templates``; a ``brief.md.j2`` / ``brief.html.j2``
        there replaces the built-in one.
    :raises TemplateError: the template is missing or fails to render.
    """
    context = brief_context(domain, records, generated=generated)
    return render(
        f"brief.{fmt}.j2",
        context,
        user_dir=user_templates,
        autoescape=fmt == "html",
        markdown=fmt == "md",
    )


# --------------------------------------------------------------------------- BibTeX

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    # BibTeX counts braces even after a backslash, so "\{" could unbalance an entry.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_CONFERENCE = re.compile(
    r"proceedings|conference|workshop|symposium|\b(kdd|sigir|recsys|www|icml|neurips|nips|cikm|"
    r"wsdm|aaai|ijcai|cvpr|iccv|eccv|acl|emnlp|naacl|iclr|icdm|ccs|nsdi|uai|aistats|dlrs)\b"
    r"|\b(19|20)\d\d\b",
    re.IGNORECASE,
)


def _latex(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in _one_line(text))


def _bib_keys(records: Sequence[PaperRecord]) -> list[str]:
    keys: list[str] = []
    used: set[str] = set()
    for r in records:
        base = re.sub(r"[^A-Za-z0-9_:-]", "", r.key) or f"paper{r.id}"
        key, suffix = base, 0
        while key.lower() in used:
            suffix += 1
            key = f"{base}{chr(ord('a') + suffix - 1) if suffix <= 26 else suffix}"
        used.add(key.lower())
        keys.append(key)
    return keys


def to_bibtex(records: list[PaperRecord]) -> str:
    """BibTeX entries for ``records`` (sorted by key), with DOI and arXiv fields.

    Keys are the library's citation keys, made unique (``a``, ``b`` … suffixes) and stable for
    the same input.
    """
    ordered = sorted(records, key=lambda r: (r.key, r.id))
    entries = []
    for key, r in zip(_bib_keys(ordered), ordered, strict=True):
        venue = r.venue or ""
        arxiv_only = bool(r.arxiv_id) and (not venue or "arxiv" in venue.lower())
        fields: list[tuple[str, str]] = [("title", "{" + _latex(r.title) + "}")]
        if r.authors:
            fields.append(("author", " and ".join(_latex(a) for a in r.authors)))
        if arxiv_only:
            kind = "misc"
            fields.append(("howpublished", f"arXiv:{r.arxiv_id}"))
        elif venue and _CONFERENCE.search(venue):
            kind = "inproceedings"
            fields.append(("booktitle", _latex(venue)))
        elif venue:
            kind = "article"
            fields.append(("journal", _latex(venue)))
        else:
            kind = "misc"
        if r.year is not None:
            fields.append(("year", str(r.year)))
        if r.doi:
            fields.append(("doi", _latex(r.doi)))
        if r.arxiv_id:
            fields += [("eprint", r.arxiv_id), ("archiveprefix", "arXiv")]
        links = _links(r)
        if links:
            fields.append(("url", links[0]["url"]))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(entries)


# --------------------------------------------------------------------------- Anki

_QUESTIONS: dict[str, str] = {
    "summary": "What is {t} about?",
    "data_format": "What data did {t} train on?",
    "features": "What features does {t} use?",
    "architecture": "What is the model architecture of {t}?",
    "findings": "What did {t} find?",
    "talking_points": "What would you say about {t} in an interview?",
}


def _stable_id(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    # Anki ids are positive 63-bit ints; keep them well inside and away from small numbers.
    return (1 << 30) + int.from_bytes(digest[:6], "big")


def _anki_html(text: str) -> str:
    return html.escape(text.strip()).replace("\n", "<br>")


def anki_cards(domain: Domain, records: list[PaperRecord]) -> list[dict[str, Any]]:
    """The cards :func:`to_anki` makes, as data: front, back, tags, guid parts."""
    ordered = _order(records, domain.name)
    papers = [_paper(r, n, domain.name) for n, r in enumerate(ordered, start=1)]
    cards: list[dict[str, Any]] = []
    for p in papers:
        for field, question in _QUESTIONS.items():
            answer = p["fields"][field]
            if not answer:
                continue
            cards.append(
                {
                    "front": question.format(t=p["short_title"]),
                    "back": answer,
                    "source": f"{p['title']} ({p['year'] or 'n.d.'})",
                    "tags": [domain.name, field],
                    "guid": (domain.name, p["key"], field),
                }
            )
    reading = "; ".join(f"[{p['n']}] {p['short_title']}" for p in papers)
    for i, question in enumerate(domain.framing.follow_ups):
        cards.append(
            {
                "front": question,
                "back": "Answer in order: clarify → data → features → model → evaluation → "
                "serving and monitoring." + (f"\nDraw on: {reading}" if reading else ""),
                "source": f"{domain.name} follow-up questions",
                "tags": [domain.name, "follow_up"],
                "guid": (domain.name, "follow-up", str(i), question),
            }
        )
    return cards


def to_anki(domain: Domain, records: list[PaperRecord]) -> bytes:
    """An Anki deck (``.apkg`` bytes) from the user's filled note fields and the follow-ups.

    Deck and note-type ids derive from the domain name, so re-importing updates the same deck;
    note GUIDs derive from paper key and field, so an edited answer updates its card. Draft
    evidence never becomes a card.
    """
    import genanki  # lazily: only the export needs it

    model = genanki.Model(
        _stable_id("paperprep-model", domain.name),
        f"paperprep Q/A ({domain.name})",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}'
                '<div style="margin-top:1em;color:#666;font-size:80%">{{Source}}</div>',
            }
        ],
        css=".card{font-family:system-ui,sans-serif;font-size:20px;text-align:left;}",
    )
    deck = genanki.Deck(_stable_id("paperprep-deck", domain.name), f"paperprep::{domain.name}")
    for card in anki_cards(domain, records):
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    _anki_html(card["front"]),
                    _anki_html(card["back"]),
                    _anki_html(card["source"]),
                ],
                tags=[re.sub(r"\s+", "_", t) for t in card["tags"]],
                guid=genanki.guid_for(*card["guid"]),
            )
        )
    with tempfile.TemporaryDirectory(prefix="paperprep-anki-") as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()
