"""Study domains: parse and validate ``domains/*.toml`` (built-in) and the user's own files.

A domain file is TOML (the schema is documented at the top of every built-in file and in
:func:`new_domain_file`). Validation is strict: unknown keys are errors with the closest known key
suggested, so a typo never silently drops a setting. Every problem is reported as one line,
``<file>: <key>: <problem>``.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from paperprep.errors import DomainError, UnknownDomain
from paperprep.models import Domain, Framing, SeedPaper
from paperprep.resources import builtin_dir

#: The search sources a domain may give queries for.
QUERY_SOURCES: tuple[str, ...] = ("scholar", "arxiv", "openalex")

#: List-valued framing keys, in the order an interview answer visits them.
FRAMING_LISTS: tuple[str, ...] = (
    "clarifying_questions",
    "data",
    "features",
    "models",
    "offline_metrics",
    "online_metrics",
    "serving",
    "follow_ups",
)

_TOP_KEYS: tuple[str, ...] = (
    "name",
    "aliases",
    "description",
    "terms",
    "arxiv_categories",
    "queries",
    "seeds",
    "framing",
)
_REQUIRED_TOP: tuple[str, ...] = ("name", "description", "queries")
_SEED_KEYS: tuple[str, ...] = ("title", "year", "doi", "arxiv")
_FRAMING_KEYS: tuple[str, ...] = ("problem", *FRAMING_LISTS)

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
# New-style (0704.0001 onwards) and old-style (hep-th/9901001, cs.LG/0101001) arXiv ids.
_ARXIV_RE = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
_CATEGORY_RE = re.compile(r"^[a-z-]+(\.[A-Za-z-]+)?$")
_TOML_POS_RE = re.compile(r"^(?P<msg>.*) \(at line (?P<line>\d+), column (?P<col>\d+)\)$")

BUILTIN_SOURCE = "built-in"


def normalize_name(name: str) -> str:
    """The lookup form of a domain name or alias: lower case, spaces/underscores as hyphens."""
    return re.sub(r"[\s_]+", "-", name.strip().lower())


# --------------------------------------------------------------------------- parsing


def parse_domain(text: str, *, source: str) -> Domain:
    """Parse and validate the TOML text of one domain file.

    :param text: the file's content.
    :param source: the file's path (or another label) used in error messages and kept in
        ``Domain.source``.
    :raises DomainError: ``"<source>: <key>: <problem>"`` for the first problem found; TOML
        syntax errors name the line and column.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DomainError(f"{source}: {_toml_message(exc)}") from None
    return _domain_from_dict(data, source=source)


def _toml_message(exc: tomllib.TOMLDecodeError) -> str:
    found = _TOML_POS_RE.match(str(exc))
    if found is None:
        return f"invalid TOML: {exc}"
    return f"line {found['line']}, column {found['col']}: invalid TOML: {found['msg']}"


class _Checker:
    """Reads typed values out of a parsed TOML table; raises DomainError naming the key path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> DomainError:
        return DomainError(f"{self.source}: {key}: {problem}")

    def known(self, table: Mapping[str, Any], allowed: tuple[str, ...], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
                hint = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else "allowed keys are " + ", ".join(allowed)
                )
                raise self.fail(f"{prefix}{key}", f"unknown key ({hint})")

    def string(self, value: Any, key: str, *, required: bool = True) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"must be a string, got {_kind(value)}")
        text = value.strip()
        if required and not text:
            raise self.fail(key, "must not be empty")
        return text

    def strings(self, value: Any, key: str) -> list[str]:
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list of strings, got {_kind(value)}")
        return [self.string(item, f"{key}[{i}]") for i, item in enumerate(value, start=1)]

    def table(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table ([{key}]), got {_kind(value)}")
        return value

    def matching(self, value: str, key: str, pattern: re.Pattern[str], shape: str) -> str:
        if not pattern.match(value):
            raise self.fail(key, f"must look like {shape}, got {value!r}")
        return value


def _kind(value: Any) -> str:
    """A TOML-flavoured name for a parsed value's type, for error messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def _domain_from_dict(data: dict[str, Any], *, source: str) -> Domain:
    check = _Checker(source)
    check.known(data, _TOP_KEYS, "")
    for key in _REQUIRED_TOP:
        if key not in data:
            raise check.fail(key, "missing (required)")

    name = check.string(data["name"], "name")
    name = check.matching(name, "name", _NAME_RE, "a lower-case slug such as 'fraud-detection'")
    aliases = [normalize_name(a) for a in check.strings(data.get("aliases", []), "aliases")]
    description = check.string(data["description"], "description")
    terms = check.strings(data.get("terms", []), "terms")
    categories = check.strings(data.get("arxiv_categories", []), "arxiv_categories")
    for i, cat in enumerate(categories, start=1):
        check.matching(cat, f"arxiv_categories[{i}]", _CATEGORY_RE, "cs.IR or stat.ML")

    queries_table = check.table(data["queries"], "queries")
    check.known(queries_table, QUERY_SOURCES, "queries.")
    queries = {
        src: check.strings(queries_table[src], f"queries.{src}")
        for src in QUERY_SOURCES
        if src in queries_table
    }
    if not any(queries.values()):
        raise check.fail("queries", "needs at least one query (scholar, arxiv or openalex)")

    seeds_value = data.get("seeds", [])
    if not isinstance(seeds_value, list):
        raise check.fail("seeds", f"must be [[seeds]] tables, got {_kind(seeds_value)}")
    seeds = [_seed(check, item, i) for i, item in enumerate(seeds_value, start=1)]

    framing = _framing(check, data["framing"]) if "framing" in data else Framing()
    return Domain(
        name=name,
        aliases=_unique([a for a in aliases if a != name]),
        description=description,
        queries=queries,
        arxiv_categories=categories,
        terms=terms,
        seeds=seeds,
        framing=framing,
        source=source,
    )


def _seed(check: _Checker, item: Any, index: int) -> SeedPaper:
    where = f"seeds[{index}]"
    table = check.table(item, where)
    check.known(table, _SEED_KEYS, f"{where}.")
    if "title" not in table:
        raise check.fail(f"{where}.title", "missing (required)")
    title = check.string(table["title"], f"{where}.title")
    year: int | None = None
    if "year" in table:
        raw = table["year"]
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise check.fail(f"{where}.year", f"must be an integer, got {_kind(raw)}")
        if not 1900 <= raw <= 2100:
            raise check.fail(f"{where}.year", f"must be a year between 1900 and 2100, got {raw}")
        year = raw
    doi: str | None = None
    if "doi" in table:
        doi = check.string(table["doi"], f"{where}.doi")
        doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi, flags=re.IGNORECASE)
        check.matching(doi, f"{where}.doi", _DOI_RE, "10.xxxx/…")
    arxiv_id: str | None = None
    if "arxiv" in table:
        arxiv_id = check.string(table["arxiv"], f"{where}.arxiv")
        arxiv_id = re.sub(r"^(arxiv:|https?://arxiv\.org/abs/)", "", arxiv_id, flags=re.I)
        check.matching(arxiv_id, f"{where}.arxiv", _ARXIV_RE, "1606.07792 or cs/0006013")
    return SeedPaper(title=title, year=year, doi=doi, arxiv_id=arxiv_id)


def _framing(check: _Checker, value: Any) -> Framing:
    table = check.table(value, "framing")
    check.known(table, _FRAMING_KEYS, "framing.")
    problem = (
        check.string(table["problem"], "framing.problem", required=False)
        if "problem" in table
        else ""
    )
    lists = {key: check.strings(table.get(key, []), f"framing.{key}") for key in FRAMING_LISTS}
    return Framing(problem=problem, **lists)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --------------------------------------------------------------------------- loading


def load_domains(user_dir: Path | None = None) -> dict[str, Domain]:
    """Every domain by name: the built-in ones, then the user's ``*.toml`` files.

    A user file whose ``name`` equals a built-in's replaces it; other user files add domains.

    :param user_dir: ``$PAPERPREP_HOME/domains``; missing or None means built-ins only.
    :raises DomainError: a file is invalid, or two user files define the same name.
    """
    domains: dict[str, Domain] = {}
    root = builtin_dir("domains")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml") and entry.is_file():
            domain = parse_domain(
                entry.read_text(encoding="utf-8"), source=f"<built-in>/domains/{entry.name}"
            )
            domain.source = BUILTIN_SOURCE
            domains[domain.name] = domain
    if user_dir is None or not user_dir.is_dir():
        return domains
    seen: dict[str, Path] = {}
    for path in sorted(user_dir.glob("*.toml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DomainError(f"{path}: cannot read the file: {exc}") from None
        domain = parse_domain(text, source=str(path))
        if domain.name in seen:
            raise DomainError(
                f"{path}: name: {domain.name!r} is already defined in {seen[domain.name]}"
            )
        seen[domain.name] = path
        domains[domain.name] = domain
    return domains


def _lookup_table(domains: Mapping[str, Domain]) -> dict[str, str]:
    """Lookup key (name or alias) -> domain name. Names beat aliases; user aliases beat built-in."""
    table: dict[str, str] = {}
    ordered = sorted(domains.values(), key=lambda d: d.source == BUILTIN_SOURCE)
    for domain in ordered:
        for alias in domain.aliases:
            table.setdefault(normalize_name(alias), domain.name)
    for name in domains:
        table[normalize_name(name)] = name
    return table


def resolve_domain(name: str, domains: Mapping[str, Domain]) -> Domain:
    """Find ``name`` (a domain name or alias, any case) among already-loaded ``domains``.

    :raises UnknownDomain: with a did-you-mean hint.
    """
    table = _lookup_table(domains)
    key = normalize_name(name)
    if key in table:
        return domains[table[key]]
    close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.6)
    if close:
        hint = f"did you mean {close[0]!r}? — see `paperprep domains`"
    else:
        hint = "see `paperprep domains` for the list, or `paperprep domains new NAME` to add one"
    raise UnknownDomain(f"unknown domain {name!r}", hint=hint)


def get_domain(name: str, user_dir: Path | None = None) -> Domain:
    """The domain called ``name`` (or with that alias), case-insensitive.

    :param name: e.g. ``"recsys"``, ``"Recommendation"``, ``"learning to rank"``.
    :param user_dir: ``$PAPERPREP_HOME/domains``.
    :raises UnknownDomain: no such domain; the hint suggests the closest name.
    :raises DomainError: a domain file is invalid.
    """
    return resolve_domain(name, load_domains(user_dir))


def domain_json(domain: Domain) -> dict[str, Any]:
    """The ``domains --json`` shape of one domain."""
    return {
        "name": domain.name,
        "aliases": list(domain.aliases),
        "description": domain.description,
        "source": domain.source,
    }


# --------------------------------------------------------------------------- new file

_NEW_TEMPLATE = """\
# paperprep domain file. Put it in $PAPERPREP_HOME/domains/ (any NAME.toml); a file whose `name`
# equals a built-in domain's replaces that domain, any other name adds a new one.
# Check it with `paperprep domains show {name}`.
#
# Schema (unknown keys are errors, so typos are caught):
#   name              required  lower-case slug, how you call it: `paperprep fetch {name}`
#   aliases           optional  other names that resolve to this domain
#   description       required  one line
#   terms             optional  words/phrases that mark a paper as on-topic (used for ranking)
#   arxiv_categories  optional  e.g. cs.IR, cs.LG, stat.ML, cs.CL, cs.CV
#   [queries]         required  scholar / arxiv / openalex: lists of search queries
#                               (arxiv uses arXiv API syntax: ti:"..." OR abs:"...")
#   [[seeds]]         optional  canonical papers, one table each: title (required), year,
#                               doi ("10.xxxx/..."), arxiv ("1606.07792")
#   [framing]         optional  how the interview goes: problem (a string), and lists
#                               clarifying_questions, data, features, models, offline_metrics,
#                               online_metrics, serving, follow_ups

name = "{name}"
aliases = []
description = "TODO: one line saying what this domain is about"
terms = ["{words}"]
arxiv_categories = ["cs.LG"]

[queries]
scholar = ["{words}"]
arxiv = ['ti:"{words}" OR abs:"{words}"']
openalex = ["{words}"]

# [[seeds]]
# title = "A canonical paper of this domain"
# year = 2020
# doi = "10.1145/1234567.1234568"
# arxiv = "2001.01234"

[framing]
problem = "TODO: the design question as an interviewer would pose it"
clarifying_questions = []
data = []
features = []
models = []
offline_metrics = []
online_metrics = []
serving = []
follow_ups = []
"""


def new_domain_file(name: str) -> str:
    """A commented domain file to start from (``paperprep domains new NAME``).

    :raises DomainError: ``name`` is not a lower-case slug.
    """
    slug = normalize_name(name)
    if not _NAME_RE.match(slug):
        raise DomainError(
            f"{name!r}: name: must look like a lower-case slug such as 'fraud-detection'"
        )
    words = slug.replace("-", " ")
    return _NEW_TEMPLATE.format(name=slug, words=words)


__all__: list[str] = [
    "FRAMING_LISTS",
    "QUERY_SOURCES",
    "domain_json",
    "get_domain",
    "load_domains",
    "new_domain_file",
    "normalize_name",
    "parse_domain",
    "resolve_domain",
]
