"""The one Jinja2 environment: ``$PAPERPREP_HOME/templates`` first, then the shipped templates."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from paperprep.errors import TemplateError
from paperprep.resources import builtin_dir


class _TraversableLoader(jinja2.BaseLoader):
    """Load templates from an importlib.resources folder (works inside zips and wheels)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Any]:
        node = builtin_dir(self.name)
        for part in template.split("/"):
            node = node / part
        if not node.is_file():
            raise jinja2.TemplateNotFound(template)
        return node.read_text(encoding="utf-8"), f"<paperprep>/{template}", lambda: True


def _finalize(value: Any) -> Any:
    return "" if value is None else value


#: What starts raw HTML in CommonMark: a tag, a closing tag, a comment/declaration, ``<?``; the
#: ``<`` not already escaped (an even number of backslashes before it escape only each other).
_MD_HTML_START = re.compile(r"(?<!\\)((?:\\\\)*)<(?=[A-Za-z/!?])")

#: Link destinations a Markdown brief may carry: web pages, e-mail, anchors inside the brief.
SAFE_LINK = re.compile(r"(?:https?://|mailto:|#)", re.IGNORECASE)
# `](dest` of an inline link or image (the destination may sit in <…>, after spaces), where the
# `]` is not itself escaped.
_MD_INLINE_LINK = re.compile(r"(?<!\\)((?:\\\\)*)\]\(\s*<?")
# `[label]: dest`, a link reference definition (up to three spaces of indent).
_MD_REF_DEF = re.compile(r"^( {0,3})\[([^\]\n]*)\]:\s*<?", re.MULTILINE)


def md_safe(text: str) -> str:
    """``text`` with every Markdown link to a non-web destination made plain text.

    ``[x](javascript:alert(1))`` becomes ``[x\\](javascript:alert(1))``: the escaped bracket never
    closes a link, so a viewer shows the characters (issue 11 F20: a PDF title did this). Web
    (``http``, ``https``), e-mail and in-page (``#``) links stay links; anything else — other
    schemes, entity tricks such as ``javascript&#58;``, relative paths — is made inert.
    """
    if "](" not in text and "]:" not in text:
        return text

    def inline(m: re.Match[str]) -> str:
        if SAFE_LINK.match(m.string, m.end()):
            return m.group(0)
        return m.group(1) + "\\" + m.group(0)[len(m.group(1)) :]

    text = _MD_INLINE_LINK.sub(inline, text)

    def definition(m: re.Match[str]) -> str:
        if SAFE_LINK.match(m.string, m.end()):
            return m.group(0)
        return f"{m.group(1)}\\[{m.group(2)}\\]:" + m.group(0)[m.group(0).index("]:") + 2 :]

    return _MD_REF_DEF.sub(definition, text)


def _finalize_markdown(value: Any) -> Any:
    """Output in a Markdown document: never raw HTML, never a link to a non-web destination.

    Titles and note text come from sources and users; ``<script>`` in one must stay text when
    the brief is rendered (Obsidian, GitHub, a Markdown preview), and so must a
    ``[x](javascript:…)`` link.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    return md_safe(_MD_HTML_START.sub(r"\1\\<", value))


@functools.cache
def environment(
    user_dir: Path | None, autoescape: bool = False, markdown: bool = False
) -> jinja2.Environment:
    """The cached environment for a library's template folder.

    :param user_dir: ``$PAPERPREP_HOME/templates``; a template there overrides the built-in one.
    :param autoescape: True for HTML output.
    :param markdown: True for a Markdown document whose values must never become raw HTML.
    """
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders.append(_TraversableLoader("templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize_markdown if markdown else _finalize,
    )
    return env


def render(
    template: str,
    context: Mapping[str, Any],
    *,
    user_dir: Path | None = None,
    autoescape: bool = False,
    markdown: bool = False,
) -> str:
    """Render ``template`` with ``context``; any failure becomes a :class:`TemplateError`."""
    env = environment(user_dir, autoescape, markdown)
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template {exc.name!r} not found") from None
    except jinja2.TemplateError as exc:
        lineno = getattr(exc, "lineno", None)
        where = f" (line {lineno})" if lineno else ""
        raise TemplateError(f"template {template!r} failed{where}: {exc}") from None
