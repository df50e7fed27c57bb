"""Text helpers of the brief: one-line cells, shortening, note items, safe Markdown output.

Two kinds of text reach a brief. *Metadata and PDF quotes* (titles, venues, "why picked",
evidence sentences) come from PDFs and web services: untrusted, shown as text. *The user's note
fields* are Markdown the user wrote: kept as Markdown in the Markdown brief and rendered to
(sanitised) HTML in the HTML brief and on Anki cards (:mod:`paperprep.brief.markdown`).

In a Markdown document both must stay inert: no raw HTML (``render.py`` escapes a ``<`` that
would open a tag) and no link to anything but a web page or an e-mail address
(``render.md_safe`` — issue 11 F20: a PDF titled ``x](javascript:alert(1))`` made a live link).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from paperprep.models import PaperRecord
from paperprep.render import md_safe


def one_line(text: str) -> str:
    """Whitespace (newlines included) collapsed to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters (``…``)."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")


def items(text: str) -> list[str]:
    """A note field's points: its list items (``-``, ``*``, ``1.``) or its paragraphs."""
    found: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        line = _QUOTE.sub("", line)  # a kept quote (``> "In 2006, …``) is a point like any other
        if _BULLET.match(line):
            if current:
                found.append(" ".join(current))
            current = [_BULLET.sub("", line)]
        elif not line.strip():
            if current:
                found.append(" ".join(current))
            current = []
        else:
            current.append(line.strip())
    if current:
        found.append(" ".join(current))
    return [one_line(i) for i in found if i.strip()]


def md_cell(value: Any) -> str:
    """A value made safe for one Markdown table cell: one line, pipes escaped, links inert."""
    if value is None:
        return ""
    return md_safe(one_line(str(value)).replace("|", "\\|"))


_MD_PUNCT = re.compile(r"([\\`*_\[\]!|#~&])")


def md_text(value: Any) -> str:
    """Untrusted text (a title, a PDF quote) for a Markdown document: shown exactly, never markup.

    Every character Markdown could read as syntax (emphasis, links, code, HTML, tables) is
    backslash-escaped, so a title is displayed as its characters whatever they are.
    """
    if value is None:
        return ""
    return _MD_PUNCT.sub(r"\\\1", one_line(str(value)))


def short_title(title: str) -> str:
    """The name people use for a paper: the part before a colon (``DeepFM: A …`` → DeepFM)."""
    head = title.split(":", 1)[0].strip()
    return head if 0 < len(head) <= 60 else shorten(title, 60)


def authors_short(authors: Sequence[str]) -> str:
    """``Cheng``, ``Cheng and Koc``, ``Cheng et al.``."""

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


def links(record: PaperRecord) -> list[dict[str, str]]:
    """The paper's web links (arXiv, DOI, else its landing page if it is a web URL)."""
    found = []
    if record.arxiv_id:
        url = "https://arxiv.org/abs/" + quote(record.arxiv_id, safe="/.")
        found.append({"label": f"arXiv:{record.arxiv_id}", "url": url})
    if record.doi:
        url = "https://doi.org/" + quote(record.doi, safe="/:;()._-")
        found.append({"label": f"doi:{record.doi}", "url": url})
    # Only web links: a javascript: or file: URL must never become a clickable href.
    if not found and record.url and re.match(r"^https?://[^\s\"'<>]+$", record.url, re.I):
        found.append({"label": record.url, "url": record.url})
    return found


def fmt_int(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"
