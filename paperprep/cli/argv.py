"""The command line as typed, before Typer parses it: global options after the command, and
arguments that are not text.

- ``paperprep list -v`` works like ``paperprep -v list``: the global options (``-v/--verbose``,
  ``-L/--library DIR``) are moved in front of the command wherever they were typed, as people
  type them (click only takes a group's options before the command). Not after ``--``, and not
  for ``tag``, whose ``-name`` arguments remove tags (``tag KEY -v`` removes the tag ``v``). No
  command has options of its own named ``-v`` or ``-L``; keep it that way.
- An argument that is not valid UTF-8 (a Latin-1 terminal, a file name from another system)
  reaches Python as a string with "surrogate" characters that SQLite and the terminal cannot
  take. Such an argument is refused with one line saying which one, unless it names an existing
  file (``add`` of a Latin-1 file name works: the file system takes the bytes back).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from paperprep.errors import PaperprepError

#: Global options that take no value / one value.
GLOBAL_FLAGS = frozenset({"-v", "--verbose"})
GLOBAL_VALUED = frozenset({"-L", "--library"})
#: Commands whose arguments may look like options.
NO_HOIST = frozenset({"tag"})


def _command_index(argv: Sequence[str]) -> int | None:
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            return None
        if token in GLOBAL_VALUED:
            i += 2
            continue
        if not token.startswith("-"):
            return i
        i += 1
    return None


def hoist_global_options(argv: Sequence[str]) -> list[str]:
    """``argv`` (without the program name) with global options typed after the command moved
    in front of it."""
    args = list(argv)
    at = _command_index(args)
    if at is None or args[at] in NO_HOIST:
        return args
    moved: list[str] = []
    rest: list[str] = []
    i = at + 1
    while i < len(args):
        token = args[i]
        if token == "--":
            rest.extend(args[i:])
            break
        if token in GLOBAL_FLAGS:
            moved.append(token)
        elif token in GLOBAL_VALUED and i + 1 < len(args):
            moved.extend(args[i : i + 2])
            i += 1
        elif token.startswith("--library=") or (token.startswith("-L") and len(token) > 2):
            moved.append(token)
        else:
            rest.append(token)
        i += 1
    return [*args[:at], *moved, args[at], *rest]


def is_text(value: str) -> bool:
    """Whether ``value`` is real text (no surrogates from undecodable bytes)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(value: str) -> str:
    """``value`` printable whatever it holds: undecodable bytes as ``\\xe9``."""
    text = os.fsencode(value).decode("utf-8", "backslashreplace")
    return text if len(text) <= 80 else text[:60] + "…" + text[-15:]


def check_text(argv: Sequence[str]) -> None:
    """Refuse an argument that is not UTF-8 text, unless it names an existing file."""
    for value in argv:
        if is_text(value):
            continue
        try:
            exists = os.path.exists(value)
        except (OSError, ValueError):
            exists = False
        if not exists:
            raise PaperprepError(
                f"the argument '{shown(value)}' is not valid UTF-8 text",
                hint="type it in UTF-8 (check your terminal's encoding and LANG, e.g. "
                "LANG=C.UTF-8)",
            )


def check_folder(path: os.PathLike[str] | str, what: str) -> None:
    """The library folder must have a UTF-8 name: its paths go into SQLite and onto the screen."""
    value = os.fspath(path)
    if not is_text(value):
        raise PaperprepError(
            f"the library folder '{shown(value)}' ({what}) is not valid UTF-8 text",
            hint="choose a folder whose name is UTF-8, with --library or PAPERPREP_HOME",
        )
