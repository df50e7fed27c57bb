"""The domain file schema: parse and validate the TOML of one domain file into a Domain.

The schema is documented at the top of every built-in file, in the README ("Domains") and in the
file ``paperprep domains new`` writes. Validation is strict: unknown keys are errors with the
closest known key suggested, so a typo never silently drops a setting. Every problem is reported
as one line, ``<file>: <key>: <problem>``.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from typing import Any

from paperprep.errors import DomainError
from paperprep.models import SEED_TIERS, Domain, Framing, SeedPaper

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
    "facets",
    "seeds",
    "framing",
)
_REQUIRED_TOP: tuple[str, ...] = ("name", "description", "queries")
_SEED_KEYS: tuple[str, ...] = ("title", "year", "doi", "arxiv", "tier", "facet", "why")
#: The tier of a user file's seed that does not say (built-in seeds must say).
DEFAULT_TIER = "core"
_FRAMING_KEYS: tuple[str, ...] = ("problem", *FRAMING_LISTS)

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
# New-style (0704.0001 onwards) and old-style (hep-th/9901001, cs.LG/0101001) arXiv ids.
_ARXIV_RE = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
_CATEGORY_RE = re.compile(r"^[a-z-]+(\.[A-Za-z-]+)?$")
_FACET_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_TOML_POS_RE = re.compile(r"^(?P<msg>.*) \(at line (?P<line>\d+), column (?P<col>\d+)\)$")


def normalize_name(name: str) -> str:
    """The lookup form of a domain name or alias: lower case, spaces/underscores as hyphens."""
    return re.sub(r"[\s_]+", "-", name.strip().lower())


def parse_domain(text: str, *, source: str, builtin: bool = False) -> Domain:
    """Parse and validate the TOML text of one domain file.

    :param text: the file's content.
    :param source: the file's path (or another label) used in error messages and kept in
        ``Domain.source``.
    :param builtin: hold the file to the built-in rules (every seed states its tier).
    :raises DomainError: ``"<source>: <key>: <problem>"`` for the first problem found; TOML
        syntax errors name the line and column.
    """
    return _domain_from_dict(_load_toml(text, source), source=source, builtin=builtin)


def _load_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DomainError(f"{source}: {_toml_message(exc)}") from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively; a file nesting them
        # thousands deep exhausts the stack. No domain file nests more than two levels.
        raise DomainError(
            f"{source}: invalid TOML: arrays or inline tables nested too deeply "
            "(a domain file needs at most a list inside a table)"
        ) from None


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

    def phrases(self, value: Any, key: str) -> list[str]:
        """A list of match phrases; an entry may list synonyms separated by ``|``."""
        entries = self.strings(value, key)
        out = []
        for i, entry in enumerate(entries, start=1):
            parts = [part.strip() for part in entry.split("|")]
            if not all(parts):
                raise self.fail(
                    f"{key}[{i}]",
                    f"empty synonym in {entry!r} (separate synonyms with one '|': 'a | b')",
                )
            out.append(" | ".join(parts))
        return out

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


def _domain_from_dict(data: dict[str, Any], *, source: str, builtin: bool = False) -> Domain:
    check = _Checker(source)
    check.known(data, _TOP_KEYS, "")
    for key in _REQUIRED_TOP:
        if key not in data:
            raise check.fail(key, "missing (required)")

    name = check.string(data["name"], "name")
    name = check.matching(name, "name", _NAME_RE, "a lower-case slug such as 'fraud-detection'")
    aliases = [normalize_name(a) for a in check.strings(data.get("aliases", []), "aliases")]
    description = check.string(data["description"], "description")
    terms = check.phrases(data.get("terms", []), "terms")
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

    facets = _facets(check, data["facets"]) if "facets" in data else {}

    seeds_value = data.get("seeds", [])
    if not isinstance(seeds_value, list):
        raise check.fail("seeds", f"must be [[seeds]] tables, got {_kind(seeds_value)}")
    seeds = [
        _seed(check, item, i, facets=facets, builtin=builtin)
        for i, item in enumerate(seeds_value, start=1)
    ]
    _no_shared_ids(check, seeds)

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
        facets=facets,
    )


def _facets(check: _Checker, value: Any) -> dict[str, list[str]]:
    table = check.table(value, "facets")
    facets: dict[str, list[str]] = {}
    for name, terms in table.items():
        key = f"facets.{name}"
        check.matching(name, key, _FACET_RE, "a lower-case name such as 'retrieval'")
        facets[name] = check.phrases(terms, key)
        if not facets[name]:
            raise check.fail(key, "needs at least one term that identifies the facet")
    return facets


def _seed(
    check: _Checker, item: Any, index: int, *, facets: Mapping[str, list[str]], builtin: bool
) -> SeedPaper:
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
    tier = DEFAULT_TIER
    if "tier" in table:
        tier = check.string(table["tier"], f"{where}.tier")
        if tier not in SEED_TIERS:
            raise check.fail(f"{where}.tier", f"must be one of {_choices(SEED_TIERS, tier)}")
    elif builtin:
        raise check.fail(
            f"{where}.tier", "missing (built-in seeds must say classic, core or frontier)"
        )
    facet: str | None = None
    if "facet" in table:
        facet = check.string(table["facet"], f"{where}.facet")
        if not facets:
            raise check.fail(
                f"{where}.facet", f"{facet!r} names no facet: the file has no [facets] table"
            )
        if facet not in facets:
            raise check.fail(
                f"{where}.facet", f"must be one of the [facets]: {_choices(tuple(facets), facet)}"
            )
    why: str | None = None
    if "why" in table:
        why = check.string(table["why"], f"{where}.why")
        if "\n" in why:
            raise check.fail(f"{where}.why", "must be one line")
    return SeedPaper(
        title=title, year=year, doi=doi, arxiv_id=arxiv_id, tier=tier, facet=facet, why=why
    )


def _choices(allowed: tuple[str, ...], got: str) -> str:
    """``"a, b, c, got 'x'"`` plus a did-you-mean when one is close."""
    close = difflib.get_close_matches(got, allowed, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{', '.join(allowed)}, got {got!r}{hint}"


def _no_shared_ids(check: _Checker, seeds: list[SeedPaper]) -> None:
    """Two seeds with one DOI or arXiv id would merge into one paper: name both."""
    seen: dict[str, int] = {}
    for i, seed in enumerate(seeds, start=1):
        ids = []
        if seed.doi:
            ids.append(("doi", seed.doi.lower()))
        if seed.arxiv_id:
            ids.append(("arxiv", re.sub(r"v\d+$", "", seed.arxiv_id.lower())))
        for kind, value in ids:
            first = seen.setdefault(f"{kind}:{value}", i)
            if first != i:
                raise check.fail(
                    f"seeds[{i}].{kind}", f"{value!r} is also the {kind} of seeds[{first}]"
                )


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


__all__: list[str] = [
    "DEFAULT_TIER",
    "FRAMING_LISTS",
    "QUERY_SOURCES",
    "normalize_name",
    "parse_domain",
]
