"""Reading notes: draft them from a template, read them back, add new evidence without clobbering.

Pure functions over strings and models: nothing here opens a file or the database.

Modules: :mod:`~paperprep.notes.render` drafts a note from the template,
:mod:`~paperprep.notes.parse` reads one back, :mod:`~paperprep.notes.merge` adds new quotes to a
note the user touched, :mod:`~paperprep.notes.frontmatter` reads and writes the YAML front matter
(PyYAML), :mod:`~paperprep.notes.format` holds what they share (markers, headings, sections) and
:mod:`~paperprep.notes.names` file names and content hashes.

The note format (``templates/note.md.j2``)::

    ---
    id: 3
    key: cheng2016wide
    title: "Wide & Deep Learning for Recommender Systems"
    ...
    status: unread
    tags: []
    domains:
      - name: recsys
        rank: 1
        why: "cited 3200×, 320/yr, matches 4/5 domain terms"
    added: 2026-08-01
    ---

    # Wide & Deep Learning for Recommender Systems

    ## Summary

    <!-- paperprep:draft (drafted by paperprep, not your notes: move what you keep out ...) -->
    > "We present Wide & Deep learning …" — abstract
    <!-- /paperprep:draft -->

    ## Data format
    ...

Rules the parser follows (what the user may write):

- A section starts at a line beginning with ``## `` (or a bare ``##``) in column 0, outside a fenced
  code block. Anything else is body text: ``###`` subheadings, lists, ``---`` lines, HTML comments,
  code fences (which must be closed, as in any Markdown editor) and ``## `` lines *inside* them.
- Headings map to fields case-insensitively, ignoring trailing spaces, colons and closing ``#``\\ s
  (``## data FORMAT:`` is the Data format field). Unknown headings are returned in
  :attr:`ParsedNote.sections` and never dropped. Lines before the first ``##`` (a ``# Title``)
  belong to no field.
- A draft block is a line ``<!-- paperprep:draft … -->`` through the next line
  ``<!-- /paperprep:draft -->`` (both outside code fences, surrounding spaces ignored). Its lines
  are never the user's text. A start marker without an end marker before the next start marker
  removes only that line (the user deleted the end to keep the quotes, or pasted the start twice):
  when markers are ambiguous, the user's text wins. A stray end marker line is removed too.
  Marker text elsewhere in a line, or inside a code fence, is ordinary text.
- The user's text of a field is its section body with draft blocks removed, stripped. Line endings
  are normalised to ``\\n`` and a leading BOM is ignored. Two sections with the same field heading
  are joined with a blank line.
"""

from __future__ import annotations

from paperprep.notes.format import (
    DRAFT_END,
    DRAFT_QUOTES,
    DRAFT_START,
    NOTE_TEMPLATE,
    field_for_heading,
)
from paperprep.notes.merge import add_new_evidence
from paperprep.notes.names import content_hash, safe_filename
from paperprep.notes.parse import filled_fields, parse_note
from paperprep.notes.render import note_context, render_note

__all__ = [
    "DRAFT_END",
    "DRAFT_QUOTES",
    "DRAFT_START",
    "NOTE_TEMPLATE",
    "add_new_evidence",
    "content_hash",
    "field_for_heading",
    "filled_fields",
    "note_context",
    "parse_note",
    "render_note",
    "safe_filename",
]
