"""Combining several notes of one paper into one note (libraries made when notes were per
paper *and* domain: ``notes/<domain>/<key>.md``).

The rule is that nothing the user wrote is lost and nothing is written twice:

- per field, the user's text of every note is kept; text that is the same in two notes, or
  contained in another note's text, appears once; where notes differ, each text is kept under a
  ``### From your <domain> note`` line (a subheading, so it stays inside the field);
- the draft blocks of a field appear once (identical blocks are one block); a field nobody
  wrote in gets a fresh draft;
- the user's own sections (``## My thoughts``) and text before the first heading are kept the
  same way;
- front matter is paperprep's for the paper (one ``domains`` list), plus every key the user
  added (``aliases`` and ``tags`` are joined); a value that differs between notes is kept in a
  ``## Front matter of your other notes`` section as YAML.

Pure: text in, text out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from paperprep.models import FIELD_HEADINGS, NOTE_FIELDS, PaperRecord
from paperprep.notes.format import (
    Fence,
    field_for_heading,
    front_end,
    one_line,
    scan,
    split_lines,
)
from paperprep.notes.frontmatter import dump_front_matter, load_front_matter, normalize_tags
from paperprep.notes.parse import split_body
from paperprep.notes.render import draft_for, front_values

#: Front-matter keys paperprep writes (old per-domain ones included); the rest are the user's.
PAPERPREP_KEYS = frozenset(
    {"id", "key", "title", "authors", "year", "venue", "doi", "arxiv", "domain", "rank",
     "citations", "status", "tags", "aliases", "domains", "added"}
)  # fmt: skip


@dataclass
class NoteSource:
    """One of the notes to combine."""

    #: Names the note where texts differ: "recsys" -> "From your recsys note".
    label: str
    #: The file's text; None when only the library's copy of the fields is left.
    text: str | None
    #: The library's copy of the user's fields (used when ``text`` is None).
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class _Read:
    label: str
    front: dict[str, Any]
    preamble: str
    #: field -> (user text, draft blocks)
    fields: dict[str, tuple[str, list[str]]]
    #: the user's own sections, in order: (heading, body stripped)
    own: list[tuple[str, str]]


def _read(source: NoteSource, title: str) -> _Read:
    if source.text is None:
        return _Read(source.label, {}, "", {f: (t, []) for f, t in source.fields.items()}, [])
    lines = split_lines(source.text)
    if lines and lines[-1] == "":
        lines.pop()
    start = front_end(lines)
    front = load_front_matter("\n".join(lines[1 : start - 1]), 2) if start else {}
    sections = scan(lines, start)
    first = sections[0].line if sections else len(lines)
    pre = [ln for ln in lines[start:first] if ln.strip() not in (f"# {title}", "#")]
    fields: dict[str, tuple[str, list[str]]] = {}
    own: list[tuple[str, str]] = []
    for sec in sections:
        body = lines[sec.line + 1 : sec.end]
        name = field_for_heading(sec.heading)
        if name is None:
            own.append((sec.heading, "\n".join(body).strip()))
            continue
        text, drafts = split_body(body)
        had_text, had_drafts = fields.get(name, ("", []))
        joined = f"{had_text}\n\n{text}" if had_text and text else (had_text or text)
        fields[name] = (joined, had_drafts + drafts)
    return _Read(source.label, front, "\n".join(pre).strip(), fields, own)


def _closed(text: str) -> str:
    """``text`` with a code fence it leaves open closed (else the next heading would be code)."""
    fence = Fence()
    for line in text.split("\n"):
        fence.feed(line)
    return f"{text}\n{fence.open}" if fence.open else text


def _within(small: str, big: str) -> bool:
    """Whether ``small`` is a run of whole lines of ``big``."""
    return f"\n{small}\n" in f"\n{big}\n"


def _distinct(texts: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(label, text) without empty texts, repeats, or texts that are whole lines of another."""
    norm = [(label, t.strip()) for label, t in texts if t.strip()]
    out: list[tuple[str, str]] = []
    for i, (label, text) in enumerate(norm):
        inside = any(
            _within(text, other) and (text != other or j < i)
            for j, (_, other) in enumerate(norm)
            if j != i
        )
        if not inside:
            out.append((label, text))
    return out


def _labelled(texts: list[tuple[str, str]]) -> str:
    if len(texts) == 1:
        return _closed(texts[0][1])
    return "\n\n".join(f"### From your {label} note\n\n{_closed(text)}" for label, text in texts)


def combine_notes(record: PaperRecord, sources: Sequence[NoteSource]) -> str:
    """One note for ``record`` holding everything the user wrote in ``sources``.

    :raises NoteParseError: a source's front matter is malformed (such a note cannot be
        combined; keep it apart).
    """
    title = one_line(record.title) or record.key
    read = [_read(s, title) for s in sources]
    front = front_values(record)
    extras: dict[str, Any] = {}
    conflicts: dict[str, dict[str, Any]] = {}
    aliases: list[Any] = list(front["aliases"])
    tags: list[str] = list(front["tags"])
    for r in read:
        for key, value in r.front.items():
            if key == "aliases":
                items = value if isinstance(value, list) else [value]
                aliases += [a for a in items if a is not None and a not in aliases]
            elif key == "tags":
                tags += [t for t in normalize_tags(value) if t not in tags]
            elif key in PAPERPREP_KEYS:
                continue
            elif key not in extras:
                extras[key] = value
            elif extras[key] != value:
                conflicts.setdefault(r.label, {})[key] = value
    front["aliases"], front["tags"] = aliases, tags
    yaml = dump_front_matter({**front, **extras})
    out = ["---", *yaml.values(), "---", "", f"# {title}"]
    preamble = _distinct([(r.label, r.preamble) for r in read])
    if preamble:
        out += ["", _labelled(preamble)]
    for name in NOTE_FIELDS:
        out += ["", f"## {FIELD_HEADINGS[name]}"]
        drafts = list(dict.fromkeys(d for r in read for d in r.fields.get(name, ("", []))[1]))
        texts = _distinct([(r.label, r.fields.get(name, ("", []))[0]) for r in read])
        if not drafts and not texts:
            drafts = [draft_for(record, name)[0]]
        for block in drafts:
            out += ["", block]
        if texts:
            out += ["", _labelled(texts)]
    headings: dict[str, list[tuple[str, str]]] = {}
    for r in read:
        for heading, body in r.own:
            headings.setdefault(heading, []).append((r.label, body))
    for heading, bodies in headings.items():
        out += ["", f"## {heading}"]
        kept = _distinct(bodies)
        if kept:
            out += ["", _labelled(kept)]
    if conflicts:
        out += ["", "## Front matter of your other notes"]
        for label, values in conflicts.items():
            dumped = "\n".join(dump_front_matter(values).values())
            out += ["", f"From your {label} note:", "", "```yaml", dumped, "```"]
    return "\n".join(out).rstrip("\n") + "\n"
