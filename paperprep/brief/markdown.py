"""The user's notes, Markdown → HTML, for the HTML brief and Anki cards (markdown-it-py).

Safe by construction rather than by cleaning up afterwards:

- raw HTML is off (``html=False``): ``<script>`` or ``<b onclick=…>`` in a note is shown as
  text, so no tag and no attribute reaches the output that the renderer did not write itself;
- links keep only web, e-mail and in-page destinations (:data:`paperprep.render.SAFE_LINK`,
  checked after markdown-it decodes entities): ``[x](javascript:…)`` stays text;
- images become links to the image: the brief is one file that loads nothing.

Headings inside a note field are shown as bold paragraphs: a field sits inside the brief's
own section structure.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from paperprep.render import SAFE_LINK

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token


def _safe_link(url: str) -> bool:
    return SAFE_LINK.match(url.strip()) is not None


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = _safe_link  # type: ignore[method-assign]

    def image(_self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        src = md.utils.escapeHtml(str(token.attrGet("src") or ""))
        alt = md.utils.escapeHtml("".join(c.content for c in token.children or []) or "image")
        return f'<a href="{src}">{alt}</a>'

    def heading_open(_self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return "<p><strong>"

    def heading_close(_self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return "</strong></p>\n"

    md.add_render_rule("image", image)
    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    return md


def to_html(text: str) -> str:
    """A note field (Markdown) as an HTML fragment: paragraphs, lists, quotes, code, links."""
    return str(_parser().render(text)).strip()


def inline_html(text: str, limit: int | None = None) -> str:
    """One line of Markdown as inline HTML, cut to ``limit`` visible characters (``…``).

    The cut is made on the parsed text, never inside markup: ``**bold words**`` cut after
    "bold" renders as ``<strong>bold…</strong>``, every tag closed.
    """
    md = _parser()
    tokens = md.parseInline(" ".join(text.split()))
    children: list[Token] = list(tokens[0].children or []) if tokens else []
    if limit is not None:
        children = _cut(children, limit)
    renderer: RendererHTML = md.renderer  # type: ignore[assignment]
    return str(renderer.renderInline(children, md.options, {})).strip()


def _cut(children: list[Token], limit: int) -> list[Token]:
    total = sum(len(t.content) for t in children if t.type in ("text", "code_inline"))
    if total <= limit:
        return children
    kept: list[Token] = []
    opened: list[Token] = []
    budget = limit - 1
    for token in children:
        if token.nesting == 1:
            opened.append(token)
            kept.append(token)
        elif token.nesting == -1:
            if opened:
                opened.pop()
            kept.append(token)
        elif token.type in ("text", "code_inline"):
            if len(token.content) <= budget:
                kept.append(token)
                budget -= len(token.content)
                continue
            part = token.content[:budget]
            if " " in part and len(part) < len(token.content):
                part = part.rsplit(" ", 1)[0]
            token = token.copy(content=part.rstrip(" ,;:.") + "…")
            kept.append(token)
            break
        elif token.type in ("softbreak", "hardbreak"):
            kept.append(token)
    for token in reversed(opened):
        kept.append(token.copy(type=token.type.replace("_open", "_close"), nesting=-1, attrs={}))
    return kept
