"""Anki cards from the user's notes: one per filled field, per kept key fact, per follow-up.

- **Field cards** ask what a paper's data, features, architecture, findings are; the back is
  the user's note, Markdown rendered (lists, quotes, bold, code, links) and sanitised
  (:mod:`paperprep.brief.markdown`).
- **Key-fact cards**: a key fact the extraction found (dataset, size, component, metric, gain…)
  that the user kept in the note field becomes a card of its own.
- **Follow-up cards** ask the domain's likely follow-up questions; the back is the user's own
  words from the notes that answer it (:mod:`paperprep.brief.answers`), each citing its paper
  by key, then the order to answer in. Only those papers are cited.

Every note has a GUID made from what the card is about, never from its text: the domain, the
paper's citation key and the field (or the fact, or the follow-up), so re-importing the deck
after the notes changed updates the cards instead of adding new ones. Machine drafts never
become cards; skipped papers make none.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path
from typing import Any

from markupsafe import escape

from paperprep.brief import answers
from paperprep.brief.context import (
    BriefOptions,
    fact_page,
    fact_text,
    key_facts,
    note_fields,
    select,
)
from paperprep.brief.markdown import to_html
from paperprep.brief.text import one_line, short_title
from paperprep.models import FIELD_HEADINGS, Domain, PaperRecord

_QUESTIONS: dict[str, str] = {
    "summary": "What is {t} about?",
    "data_format": "What data did {t} train on?",
    "features": "What features does {t} use?",
    "architecture": "What is the model architecture of {t}?",
    "findings": "What did {t} find?",
    "talking_points": "What would you say about {t} in an interview?",
}

_FACT_QUESTIONS: dict[str, str] = {
    "dataset": "Which dataset does {t} use?",
    "size": "How much data does {t} work with?",
    "period": "Over what period was {t}'s data collected?",
    "feature": "Name a feature {t} uses.",
    "encoding": "How does {t} encode its inputs?",
    "component": "Name a component of {t}'s model.",
    "loss": "What loss does {t} train with?",
    "metric": "What metric does {t} report?",
    "gain": "What gain does {t} report?",
}

ANSWER_ORDER = (
    "Answer in order: clarify → data → features → model → evaluation → serving and monitoring."
)


def _stable_id(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    # Anki ids are positive 63-bit ints; keep them well inside and away from small numbers.
    return (1 << 30) + int.from_bytes(digest[:6], "big")


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _fact_kind(fact: Any) -> str:
    kind = fact.get("kind") if isinstance(fact, dict) else getattr(fact, "kind", None)
    return str(kind or "fact")


def anki_cards(
    domain: Domain, records: list[PaperRecord], options: BriefOptions | None = None
) -> list[dict[str, Any]]:
    """The cards :func:`to_anki` makes, as data: front, back (text and HTML), source, tags, guid."""
    papers = select(domain, records, options or BriefOptions())
    cards: list[dict[str, Any]] = []
    notes: list[tuple[str, dict[str, str]]] = []
    for r in papers:
        fields = note_fields(r, domain.name)
        notes.append((r.key, fields))
        title = short_title(one_line(r.title))
        source = f"{one_line(r.title)} ({r.year or 'n.d.'}) · {r.key}"
        for field, question in _QUESTIONS.items():
            if not fields[field]:
                continue
            cards.append(
                {
                    "kind": "field",
                    "front": question.format(t=title),
                    "back": fields[field],
                    "back_html": to_html(fields[field]),
                    "source": source,
                    "refs": [r.key],
                    "tags": [domain.name, field, r.key],
                    "guid": (domain.name, r.key, field),
                }
            )
        for field, facts in key_facts(r).items():
            kept = _norm(fields.get(field, ""))
            for fact in facts:
                text = fact_text(fact)
                if not kept or _norm(text) not in kept:
                    continue
                page = fact_page(fact)
                back = text + (f" (p. {page})" if page else "")
                kind = _fact_kind(fact)
                front = _FACT_QUESTIONS.get(kind, "A key fact of {t} (" + kind + ")?")
                cards.append(
                    {
                        "kind": "fact",
                        "front": f"{front.format(t=title)} ({FIELD_HEADINGS[field]})",
                        "back": back,
                        "back_html": str(escape(back)),
                        "source": source,
                        "refs": [r.key],
                        "tags": [domain.name, field, "key_fact", r.key],
                        "guid": (domain.name, r.key, "fact", field, _norm(text)),
                    }
                )
    answering = answers.Answers(domain, notes)
    for i, question in enumerate(domain.framing.follow_ups):
        found = answering.answer(question)
        lines = [f"- {p.text} [{p.key}]" for p in found.points]
        if lines:
            back = "From your notes:\n\n" + "\n".join(lines) + "\n\n" + ANSWER_ORDER
        else:
            where = ", ".join(FIELD_HEADINGS[f] for f in found.fields)
            back = f"Your notes do not answer this yet (look in: {where}).\n\n{ANSWER_ORDER}"
        cards.append(
            {
                "kind": "follow_up",
                "front": question,
                "back": back,
                "back_html": to_html(back),
                "source": f"{domain.name} follow-up"
                + (f" · from {', '.join(found.keys)}" if found.keys else ""),
                "refs": found.keys,
                "tags": [domain.name, "follow_up"],
                # Kept as it was before the backs came from the notes: old decks still update.
                "guid": (domain.name, "follow-up", str(i), question),
            }
        )
    return cards


def to_anki(
    domain: Domain, records: list[PaperRecord], options: BriefOptions | None = None
) -> bytes:
    """An Anki deck (``.apkg`` bytes) of :func:`anki_cards`.

    Deck and note-type ids derive from the domain name, so re-importing updates the same deck.
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
        css=".card{font-family:system-ui,sans-serif;font-size:20px;text-align:left;}"
        "blockquote{border-left:3px solid #ccc;margin:.5em 0;padding-left:.8em;color:#444;}",
    )
    deck = genanki.Deck(_stable_id("paperprep-deck", domain.name), f"paperprep::{domain.name}")
    for card in anki_cards(domain, records, options):
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    str(escape(card["front"])),
                    card["back_html"],
                    str(escape(card["source"])),
                ],
                tags=[re.sub(r"\s+", "_", t) for t in card["tags"]],
                guid=genanki.guid_for(*card["guid"]),
            )
        )
    with tempfile.TemporaryDirectory(prefix="paperprep-anki-") as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()
