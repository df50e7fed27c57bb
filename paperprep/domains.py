"""Study domains: the built-in ``domains/*.toml`` and the user's own files, and name lookup.

Parsing and validation of one file live in :mod:`paperprep.domain_schema`; writing a new file
(``paperprep domains new``) in :mod:`paperprep.domain_writer`. A user file that is broken is set
aside with its error (:func:`scan_domains`), so it only breaks the commands that need it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperprep.domain_schema import (
    DEFAULT_TIER,
    FRAMING_LISTS,
    QUERY_SOURCES,
    normalize_name,
    parse_domain,
)
from paperprep.errors import DomainError, UnknownDomain
from paperprep.models import Domain
from paperprep.resources import builtin_dir

BUILTIN_SOURCE = "built-in"


@dataclass
class BadDomainFile:
    """A user domain file that could not be loaded, and the names it was meant to define."""

    path: Path
    error: DomainError
    #: Lookup keys the file claims: its stem, and its ``name`` when that could be read.
    claims: frozenset[str]


@dataclass
class DomainScan:
    """Every domain that loaded, by name, and the user files that did not."""

    domains: dict[str, Domain]
    problems: list[BadDomainFile] = field(default_factory=list)
    #: The names of the built-in domains (also those a user file replaces).
    builtin_names: frozenset[str] = frozenset()


def builtin_domains() -> dict[str, Domain]:
    """The domains that ship with paperprep, by name (an invalid one is a bug: it raises)."""
    domains: dict[str, Domain] = {}
    root = builtin_dir("domains")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml") and entry.is_file():
            domain = parse_domain(
                entry.read_text(encoding="utf-8"),
                source=f"<built-in>/domains/{entry.name}",
                builtin=True,
            )
            domain.source = BUILTIN_SOURCE
            domains[domain.name] = domain
    return domains


def scan_domains(user_dir: Path | None = None) -> DomainScan:
    """The built-in domains, then the user's ``*.toml`` files; a bad user file is set aside.

    A user file whose ``name`` equals a built-in's replaces it; other user files add domains.
    A file that cannot be read or is invalid, or that repeats a name another user file
    defines, becomes a :class:`BadDomainFile` and the others still load.

    :param user_dir: ``$PAPERPREP_HOME/domains``; missing or None means built-ins only.
    """
    builtins = builtin_domains()
    scan = DomainScan(builtins, builtin_names=frozenset(builtins))
    if user_dir is None or not user_dir.is_dir():
        return scan
    seen: dict[str, Path] = {}
    for path in sorted(user_dir.glob("*.toml")):
        claims = {normalize_name(path.stem)}
        try:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                raise DomainError(f"{path}: cannot read the file: {reason}") from None
            claimed = _claimed_name(text)
            if claimed:
                claims.add(normalize_name(claimed))
            domain = parse_domain(text, source=str(path))
            if domain.name in seen:
                raise DomainError(
                    f"{path}: name: {domain.name!r} is already defined in {seen[domain.name]}"
                )
        except DomainError as exc:
            # A broken replacement of a built-in also claims the built-in's aliases.
            for name in claims & set(builtins):
                claims.update(normalize_name(a) for a in builtins[name].aliases)
            scan.problems.append(BadDomainFile(path, exc, frozenset(claims)))
            continue
        seen[domain.name] = path
        scan.domains[domain.name] = domain
    return scan


_NAME_LINE_RE = re.compile(r"""^\s*name\s*=\s*["']([^"'\n]{1,64})["']""", re.MULTILINE)


def _claimed_name(text: str) -> str | None:
    """The ``name = "…"`` of a file that may not parse: which domain a broken file meant."""
    found = _NAME_LINE_RE.search(text)
    return found.group(1) if found else None


def load_domains(user_dir: Path | None = None) -> dict[str, Domain]:
    """Every domain by name, built-in and the user's; strict: any bad user file raises.

    :raises DomainError: a file is invalid, or two user files define the same name.
    """
    scan = scan_domains(user_dir)
    if scan.problems:
        raise scan.problems[0].error
    return scan.domains


def lookup_table(domains: Mapping[str, Domain]) -> dict[str, str]:
    """Lookup key (name or alias) -> domain name. Names beat aliases; user aliases beat built-in."""
    table: dict[str, str] = {}
    ordered = sorted(domains.values(), key=lambda d: d.source == BUILTIN_SOURCE)
    for domain in ordered:
        for alias in domain.aliases:
            table.setdefault(normalize_name(alias), domain.name)
    for name in domains:
        table[normalize_name(name)] = name
    return table


def resolve_domain(
    name: str, domains: Mapping[str, Domain], problems: Iterable[BadDomainFile] = ()
) -> Domain:
    """Find ``name`` (a domain name or alias, any case) among already-loaded ``domains``.

    :param problems: user files that failed to load; if one of them meant to define ``name``,
        its error is raised rather than a built-in being used in its place.
    :raises DomainError: the file that defines ``name`` is invalid.
    :raises UnknownDomain: with a did-you-mean hint (and the unreadable files, if any).
    """
    key = normalize_name(name)
    bad = list(problems)
    for problem in bad:
        if key in problem.claims:
            raise problem.error
    table = lookup_table(domains)
    if key in table:
        return domains[table[key]]
    close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.6)
    if close:
        hint = f"did you mean {close[0]!r}? — see `paperprep domains`"
    else:
        hint = "see `paperprep domains` for the list, or `paperprep domains new NAME` to add one"
    if bad:
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        hint += f"; a domain file could not be read: {bad[0].error}{more}"
    raise UnknownDomain(f"unknown domain {name!r}", hint=hint)


def get_domain(name: str, user_dir: Path | None = None) -> Domain:
    """The domain called ``name`` (or with that alias), case-insensitive.

    A broken user file only matters to the domain it defines: other domains still resolve.

    :param name: e.g. ``"recsys"``, ``"Recommendation"``, ``"learning to rank"``.
    :param user_dir: ``$PAPERPREP_HOME/domains``.
    :raises UnknownDomain: no such domain; the hint suggests the closest name.
    :raises DomainError: the file defining this domain is invalid.
    """
    scan = scan_domains(user_dir)
    return resolve_domain(name, scan.domains, scan.problems)


def domain_json(domain: Domain) -> dict[str, Any]:
    """The ``domains --json`` shape of one domain."""
    return {
        "name": domain.name,
        "aliases": list(domain.aliases),
        "description": domain.description,
        "source": domain.source,
    }


__all__: list[str] = [
    "BUILTIN_SOURCE",
    "DEFAULT_TIER",
    "FRAMING_LISTS",
    "QUERY_SOURCES",
    "BadDomainFile",
    "DomainScan",
    "builtin_domains",
    "domain_json",
    "get_domain",
    "load_domains",
    "lookup_table",
    "normalize_name",
    "parse_domain",
    "resolve_domain",
    "scan_domains",
]
