"""The domain brief (Markdown, HTML) and study exports (BibTeX, Anki).

Everything here is pure: records and a domain in, text or bytes out.

- :mod:`~paperprep.brief.context` — what the brief shows (:func:`brief_context`), rendered by
  ``templates/brief.md.j2`` and ``templates/brief.html.j2`` (a user copy wins);
- :mod:`~paperprep.brief.text` and :mod:`~paperprep.brief.markdown` — untrusted text made
  inert, the user's Markdown rendered safely;
- :mod:`~paperprep.brief.chart` — the year × impact chart;
- :mod:`~paperprep.brief.answers` — which notes answer a follow-up question;
- :mod:`~paperprep.brief.bibtex`, :mod:`~paperprep.brief.anki` — the study exports.
"""

from __future__ import annotations

from paperprep.brief.anki import anki_cards, to_anki
from paperprep.brief.bibtex import to_bibtex
from paperprep.brief.context import BriefOptions, brief_context, render_brief, select

__all__ = [
    "BriefOptions",
    "anki_cards",
    "brief_context",
    "render_brief",
    "select",
    "to_anki",
    "to_bibtex",
]
