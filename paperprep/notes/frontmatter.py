"""Front matter: the YAML block at the top of a note, read and written with PyYAML.

Reading follows what Obsidian (a YAML 1.2 parser) means by the text: ``true``/``false`` are
booleans but ``yes``/``no``/``on``/``off`` are words; dates (``created: 2026-08-01``) are kept as
their text. It refuses what a note never needs and what could hurt: aliases (``*name``, the
"billion laughs"), duplicate keys, nesting deeper than :data:`MAX_DEPTH`, and more than
:data:`MAX_BYTES` of front matter. Every problem is one :class:`NoteParseError` line ending in
``(line N)``, N counted in the note file.

Writing produces what Obsidian's property editor writes back: block lists indented two spaces
(``[]`` when empty), dates as ``YYYY-MM-DD``, plain scalars when they cannot be misread and
double-quoted ones (with escapes) otherwise.

PyYAML is imported on first use: read-only commands never load it.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from paperprep.errors import NoteParseError

if TYPE_CHECKING:
    import yaml

#: Deepest nesting accepted (a note needs 3: domains -> item -> why).
MAX_DEPTH = 32
#: Longest front matter accepted, in characters.
MAX_BYTES = 1_000_000

_PLAIN_SAFE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
# Words some YAML readers (1.1: PyYAML, Python tools) take for booleans or nulls: always quoted.
_RESERVED = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"}
_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


@functools.cache
def _loader() -> type[yaml.SafeLoader]:
    import yaml
    from yaml.composer import ComposerError
    from yaml.constructor import ConstructorError
    from yaml.nodes import MappingNode, Node

    class Loader(yaml.SafeLoader):
        _depth = 0

        def compose_node(self, parent: Node | None, index: int) -> Node | None:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise ComposerError(
                    None,
                    None,
                    "aliases (*name) are not supported; write the value out",
                    event.start_mark,
                )
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    raise ComposerError(
                        None,
                        None,
                        f"nested more than {MAX_DEPTH} levels deep",
                        self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                    )
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

        def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    duplicate = key in mapping
                except TypeError:
                    raise ConstructorError(
                        None, None, "a key must be a plain value", key_node.start_mark
                    ) from None
                if duplicate:
                    raise ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark
                    )
                mapping[key] = self.construct_object(value_node, deep=deep)
            return mapping

    # YAML 1.2 booleans (what Obsidian reads): "yes", "no", "on", "off" stay words.
    bool_tag = "tag:yaml.org,2002:bool"
    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != bool_tag]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(bool_tag, _BOOL_12, list("tTfF"))

    # Dates stay the text the user (or Obsidian's date picker) wrote.
    def timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
        return str(loader.construct_scalar(node))  # type: ignore[arg-type]

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp_as_text)
    return Loader


def _problem(exc: Exception, text: str, first_line: int) -> NoteParseError:
    """One line naming what is wrong and where (PyYAML's message, in the note's terms)."""
    from yaml import MarkedYAMLError
    from yaml.reader import ReaderError

    line = first_line
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "malformed YAML"
        context = exc.context or ""
        if problem == "mapping values are not allowed here":
            problem = "a value containing ': ' must be quoted"
        elif problem == "could not find expected ':'":
            problem, mark = "expected 'key: value', found a line without ': '", exc.context_mark
        elif "quoted scalar" in context and "end of stream" in problem:
            problem, mark = "unterminated quoted string", exc.context_mark
        elif problem.startswith("expected <block end>"):
            problem = "unexpected indentation"
        elif "flow sequence" in context or "flow mapping" in context:
            closing = "]" if "sequence" in context else "}"
            problem, mark = (
                f"unterminated {'list' if closing == ']' else 'mapping'}: missing "
                f"'{closing}' or ','",
                exc.context_mark,
            )
        elif "'\\t'" in problem:
            problem = "a tab cannot indent YAML; use spaces"
        elif problem.startswith("could not determine a constructor for the tag"):
            problem = problem.replace("could not determine a constructor for the tag", "the tag")
            problem += " is not supported"
        elif context and context not in problem:
            problem = f"{context}: {problem}"
        if mark is not None:
            line += mark.line
    elif isinstance(exc, ReaderError):
        line += text.count("\n", 0, max(exc.position, 0))
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        problem = f"the character U+{code:04X} is not allowed"
    else:  # pragma: no cover - PyYAML raises only the two above
        problem = str(exc)
    return NoteParseError(f"front matter: {' '.join(problem.split())} (line {line})")


def load_front_matter(text: str, first_line: int = 2) -> dict[str, Any]:
    """The mapping a note's front matter holds (``{}`` when empty).

    :param text: the lines between the two ``---`` lines.
    :param first_line: the file line ``text`` starts on (error messages name file lines).
    :raises NoteParseError: not valid YAML, not a mapping, or refused (see the module doc).
    """
    import yaml

    if not text.strip():
        return {}
    if len(text) > MAX_BYTES:
        raise NoteParseError(
            f"front matter: longer than {MAX_BYTES:,} characters (line {first_line})"
        )
    try:
        data = yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        raise _problem(exc, text, first_line) from None
    except RecursionError:  # pragma: no cover - the depth limit comes first
        raise NoteParseError(f"front matter: nested too deep (line {first_line})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise NoteParseError(
            f"front matter: expected 'key: value' lines, not {kind} (line {first_line})"
        )
    return {k if isinstance(k, str) else str(k): v for k, v in data.items()}


@functools.cache
def _dumper() -> type[yaml.SafeDumper]:
    import yaml

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            # Obsidian indents list items under their key: "tags:\n  - a".
            super().increase_indent(flow, False)

    def represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        plain = _PLAIN_SAFE_RE.fullmatch(value) and value.lower() not in _RESERVED
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else '"')

    Dumper.add_representer(str, represent_str)
    return Dumper


def dump_front_matter(values: dict[str, Any]) -> dict[str, str]:
    """Each key's YAML text (``key: value``, or ``key:`` and its indented lines).

    Rendered one key at a time so that a note template can pick and order them.
    """
    import yaml

    dumper = _dumper()
    return {
        key: yaml.dump(
            {key: value},
            Dumper=dumper,
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=False,
            width=1 << 30,
        ).rstrip("\n")
        for key, value in values.items()
    }


def normalize_tags(value: Any) -> list[str]:
    """Tags as Obsidian users write them: a block or flow list, or a comma/space separated
    string; a leading ``#`` is dropped, repeats and non-text items are ignored."""
    if value is None:
        return []
    items: list[Any]
    if isinstance(value, str):
        items = re.split(r"[,\s]+", value)
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    tags: list[str] = []
    for item in items:
        if item is None or isinstance(item, dict | list):
            continue
        tag = str(item).strip().lstrip("#").strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tags
