"""Drafting a note: the template context of a paper and the rendered Markdown."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from paperprep.models import EVIDENCE_FIELDS, FIELD_HEADINGS, NOTE_FIELDS, Evidence, PaperRecord
from paperprep.notes.format import (
    DRAFT_END,
    DRAFT_QUOTES,
    DRAFT_START,
    NOTE_TEMPLATE,
    SUMMARY_SENTENCES,
    draft_block,
    one_line,
    quote_lines,
    quote_text,
    top_evidence,
)
from paperprep.notes.frontmatter import dump_front_matter

#: Prompts drafted where there is nothing to quote.
PROMPTS: dict[str, tuple[str, ...]] = {
    "summary": ("- What problem, what approach, what result — in two sentences.",),
    "data_format": (
        "- What is one training example? Where do the labels come from? How much data?",
    ),
    "features": (
        "- Which features matter most, and how are they encoded (ids, embeddings, crosses)?",
    ),
    "architecture": ("- What is the model, what is the loss, how is it trained and served?",),
    "findings": (
        "- Which metrics moved, by how much, against which baseline (offline and online)?",
    ),
    "talking_points": (
        "- The one-sentence pitch of this paper for an interviewer.",
        "- Which data, features, model and metric choices would you reuse in a design question?",
        "- Trade-offs it raises: latency, cost, cold start, freshness, bias.",
    ),
    "questions": (
        "- What is unclear or not reported (data size, baselines, online results)?",
        "- What would you ask the authors, or check before relying on this?",
    ),
}


def _first_sentences(text: str, n: int) -> str:
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", one_line(text))
    return " ".join(sentences[:n])


def _draft_lines(record: PaperRecord, field: str) -> tuple[list[str], list[Evidence]]:
    """The lines inside a field's draft block (without the key facts line) and its quotes."""
    if field in EVIDENCE_FIELDS:
        quotes = top_evidence(record.evidence.get(field, []))[:DRAFT_QUOTES]
        if quotes:
            return quote_lines(quotes), quotes
    elif field == "summary" and record.abstract and record.abstract.strip():
        first = quote_text(_first_sentences(record.abstract, SUMMARY_SENTENCES))
        return [f'> "{first}" — abstract'], []
    return list(PROMPTS[field]), []


#: Key facts shown per field on the note's "Key facts" line.
KEY_FACTS_SHOWN = 6


def key_facts_line(record: PaperRecord, field: str) -> str:
    """ "**Key facts:** Criteo dataset (p. 4) · 45 million records (p. 4) · ..." or ""."""
    facts = record.key_facts.get(field, [])[:KEY_FACTS_SHOWN]
    if not facts:
        return ""
    return "**Key facts:** " + " · ".join(f"{quote_text(k.text)} (p. {k.page})" for k in facts)


def draft_for(record: PaperRecord, field: str) -> tuple[str, list[Evidence]]:
    """A field's draft block (the key facts line, then the quotes or prompts) and its quotes."""
    inner, quotes = _draft_lines(record, field)
    facts_line = key_facts_line(record, field) if field in EVIDENCE_FIELDS else ""
    return draft_block([facts_line, "", *inner] if facts_line else inner), quotes


def _added(record: PaperRecord) -> dt.date | None:
    try:
        return dt.date.fromisoformat(record.added_at[:10]) if record.added_at else None
    except ValueError:
        return None


def front_values(record: PaperRecord) -> dict[str, Any]:
    """The front matter of a paper's note, in file order (Obsidian lists properties so)."""
    title = one_line(record.title) or record.key
    return {
        "id": record.id,
        "key": record.key,
        "title": title,
        # Obsidian links [[Wide & Deep Learning ...]] to this file (named by its key).
        "aliases": [title],
        "authors": [one_line(a) for a in record.authors],
        "year": record.year,
        "venue": record.venue,
        "doi": record.doi,
        "arxiv": record.arxiv_id,
        "citations": record.citations,
        "status": record.status,
        "tags": list(record.tags),
        "domains": [
            {"name": d.name, "rank": d.rank, "why": one_line(d.why) if d.why else None}
            for d in record.domains
        ],
        "added": _added(record),
    }


def note_context(record: PaperRecord, *, fields: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The template context of a paper's note (one per paper, whatever its domains).

    Keys: ``paper`` (the ``show --json`` shape), ``title`` (one line), ``front`` (front-matter
    values), ``yaml`` (each front-matter key rendered as YAML), ``front_matter`` (all of them),
    ``domains`` (name, rank, why), ``sections`` (per field, in order: ``field``, ``heading``,
    ``text`` = user text, ``draft`` = draft block or "" (the key facts line and the quotes
    between the draft markers), ``draft_lines`` = the lines inside the block after the key facts
    line, ``key_facts`` = the field's key facts (``text``, ``page``, ``kind``),
    ``key_facts_line`` = "**Key facts:** ... (p. N) · ..." or "", ``quotes`` = the evidence in
    the draft, ``body`` = text or else draft), ``draft_start``, ``draft_end``. For templates
    written when notes were per domain: ``domain`` and ``rank`` (the paper's first domain, or
    None), also in ``yaml``.

    :param record: the paper.
    :param fields: the user's text per field; a field with text gets no draft block. Keys that
        are not note fields, and None values, are ignored.
    """
    given = {f: v for f, v in (fields or {}).items() if f in NOTE_FIELDS and v}
    front = front_values(record)
    first = record.domains[0] if record.domains else None
    legacy = {"domain": first.name if first else None, "rank": first.rank if first else None}
    yaml = dump_front_matter(front)
    sections = []
    for f in NOTE_FIELDS:
        text = given.get(f, "").strip()
        inner, quotes = ([], []) if text else _draft_lines(record, f)
        facts_line = key_facts_line(record, f) if f in EVIDENCE_FIELDS else ""
        draft = ""
        if not text:
            draft = draft_block([facts_line, "", *inner] if facts_line else inner)
        sections.append(
            {
                "field": f,
                "heading": FIELD_HEADINGS[f],
                "text": text,
                "draft": draft,
                "draft_lines": "\n".join(inner),
                "key_facts": [
                    {"text": one_line(k.text), "page": k.page, "kind": k.kind}
                    for k in record.key_facts.get(f, [])
                ],
                "key_facts_line": facts_line,
                "quotes": [
                    {"text": one_line(q.text), "page": q.page, "section": q.section} for q in quotes
                ],
                "body": text or draft,
            }
        )
    return {
        "paper": record.to_json(),
        "title": front["title"],
        "front": front,
        "yaml": {**yaml, **dump_front_matter(legacy)},
        "front_matter": "\n".join(yaml.values()),
        "sections": sections,
        "domains": front["domains"],
        "domain": legacy["domain"],
        "rank": legacy["rank"],
        "draft_start": DRAFT_START,
        "draft_end": DRAFT_END,
    }


def render_note(
    record: PaperRecord,
    *,
    fields: Mapping[str, str] | None = None,
    user_templates: Path | None = None,
) -> str:
    """The Markdown note of ``record``, drafted from ``note.md.j2``.

    :param record: the paper; its evidence and abstract fill the draft blocks.
    :param fields: the user's text per field (e.g. to re-create a deleted note from the DB);
        drafts are only included for fields whose text is empty.
    :param user_templates: ``$PAPERPREP_HOME/templates``; a ``note.md.j2`` there wins.
    :raises TemplateError: the template failed to render.
    """
    from paperprep.render import render  # Jinja2 loads only when a note is drafted

    text = render(NOTE_TEMPLATE, note_context(record, fields=fields), user_dir=user_templates)
    return text.rstrip("\n") + "\n"
