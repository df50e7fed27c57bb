"""A note's citation key changed (``edit --key``): rewrite its ``key:`` (and the old key among
its ``aliases``) in the front matter, touching no other character the user wrote.

Line by line, not a YAML round trip: a round trip would drop the user's comments, quoting and
order. Only two kinds of line can change: the top-level ``key:`` line, and an ``aliases`` item
(block ``- old`` or flow ``[…, old, …]``) that is one of the old keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from paperprep.errors import NoteParseError
from paperprep.notes.format import LINE_SPLIT_RE
from paperprep.notes.frontmatter import dump_front_matter, load_front_matter

_TOP_RE = re.compile(r"^(?P<name>[A-Za-z_][\w-]*)\s*:(?P<value>.*)$")
_ITEM_RE = re.compile(r"^(?P<indent>\s*-\s+)(?P<value>.*?)\s*$")


def _scalar(text: str) -> Any:
    """The YAML value of ``text`` (a scalar or flow list), or None if it cannot be read."""
    try:
        return load_front_matter(f"v: {text}").get("v")
    except NoteParseError:
        return None


def _dumped(name: str, value: Any) -> str:
    return dump_front_matter({name: value})[name]


def rekey_front_matter(text: str, new: str, old: Iterable[str]) -> str:
    """``text`` with the front matter's ``key:`` set to ``new`` and any of the ``old`` keys in
    ``aliases`` replaced by ``new``; everything else (line endings included) as it was.

    A note without front matter, or without a ``key:`` line, is returned unchanged (the user
    took it out: it is theirs).
    """
    olds = {k for k in old if k != new}
    parts = LINE_SPLIT_RE.split(text)
    lines, ends = parts[::2], [*parts[1::2], ""]
    if not lines or lines[0].lstrip("\ufeff").rstrip() != "---":
        return text
    in_aliases = False
    for i in range(1, len(lines)):
        line = lines[i]
        if line.rstrip() in ("---", "..."):
            break
        top = _TOP_RE.match(line)
        if top is not None:
            name, value = top.group("name"), top.group("value").strip()
            in_aliases = name == "aliases" and not value
            if name == "key" and _scalar(value) != new and not value.startswith(("|", ">")):
                lines[i] = _dumped("key", new)
            elif name == "aliases" and value.startswith("["):
                items = _scalar(value)
                if isinstance(items, list) and olds & {str(x) for x in items}:
                    fixed = [new if str(x) in olds else x for x in items]
                    flow = "[" + ", ".join(_dumped("v", x)[3:] for x in fixed) + "]"
                    lines[i] = f"{line[: line.index(':') + 1]} {flow}"
            continue
        if in_aliases:
            item = _ITEM_RE.match(line)
            found = _scalar(item.group("value")) if item is not None else None
            if item is not None and found is not None and str(found) in olds:
                lines[i] = item.group("indent") + _dumped("v", new)[3:]
    return "".join(line + end for line, end in zip(lines, ends, strict=True))
