"""Write a domain file for the user to edit: ``paperprep domains new NAME [--from DOMAIN]``.

Without ``--from`` the file is a commented skeleton. With it, the file is a commented copy of an
existing domain (built-in or the user's), written from the parsed domain so it is valid by
construction (:func:`domain_toml` round-trips through :func:`paperprep.domain_schema.parse_domain`).

A new file never silently shadows a domain: a built-in name or alias is refused unless the user
asks for a copy (``--from``), and a name another user file already defines is always refused
(two files with one name is an error at load time).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from paperprep.domain_schema import FRAMING_LISTS, QUERY_SOURCES, normalize_name
from paperprep.domains import BUILTIN_SOURCE, lookup_table, resolve_domain, scan_domains
from paperprep.errors import PaperprepError
from paperprep.files import atomic_write_text
from paperprep.models import SEED_TIERS, Domain

_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")

SCHEMA_COMMENT = """\
# Schema (unknown keys are errors, so typos are caught):
#   name              required  lower-case slug, how you call it: `paperprep fetch NAME`
#   aliases           optional  other names that resolve to this domain
#   description       required  one line
#   terms             optional  phrases that mark a paper as on-topic, matched in title and
#                               abstract; one entry may list synonyms: "click-through rate | CTR"
#   arxiv_categories  optional  e.g. cs.IR, cs.LG, stat.ML, cs.CL, cs.CV
#   [queries]         required  scholar / arxiv / openalex: lists of search queries
#                               (arxiv: API syntax, ti:"..." OR abs:"..."; openalex: quoted
#                               phrases, searched in title and abstract)
#   [facets]          optional  subtopics the reading list should cover: name = [terms that
#                               identify it], e.g. retrieval = ["two-tower", "candidate generation"]
#   [[seeds]]         optional  canonical papers, one table each: title (required), year,
#                               doi ("10.xxxx/..."), arxiv ("1606.07792"),
#                               tier ("classic" | "core" | "frontier"; default "core": the
#                               field's history, its established practice, current research),
#                               facet (one of [facets]), why (one line: why it is expected)
#   [framing]         optional  how the interview goes: problem (a string), and lists
#                               clarifying_questions, data, features, models, offline_metrics,
#                               online_metrics, serving, follow_ups
"""

_NEW_TEMPLATE = """\
# paperprep domain file. Put it in $PAPERPREP_HOME/domains/ (any NAME.toml); a file whose `name`
# equals a built-in domain's replaces that domain, any other name adds a new one.
# Check it with `paperprep domains show {name}`.
#
{schema}
name = "{name}"
aliases = []
description = "TODO: one line saying what this domain is about"
terms = ["{words}"]
arxiv_categories = ["cs.LG"]

[queries]
scholar = ["{words}"]
arxiv = ['ti:"{words}" OR abs:"{words}"']
openalex = ['"{words}"']

# [facets]
# first-subtopic = ["a phrase that identifies it", "another | a synonym"]

# [[seeds]]
# title = "A canonical paper of this domain"
# year = 2020
# doi = "10.1145/1234567.1234568"
# arxiv = "2001.01234"
# tier = "core"
# why = "One line: why an interviewer expects it"

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


def _check_slug(name: str) -> str:
    if not _SLUG_RE.match(name):
        raise PaperprepError(
            f"bad domain name {name!r}",
            hint="use lower-case letters, digits and '-', e.g. fraud-detection",
        )
    return name


def new_domain_file(name: str) -> str:
    """A commented skeleton domain file for ``name`` (normalised to a slug).

    :raises PaperprepError: ``name`` is not a lower-case slug.
    """
    slug = _check_slug(normalize_name(name))
    return _NEW_TEMPLATE.format(name=slug, words=slug.replace("-", " "), schema=SCHEMA_COMMENT)


# --------------------------------------------------------------------------- TOML out


def _str(value: str) -> str:
    # A JSON string is a TOML basic string (same escapes), except that TOML also forbids a raw
    # DEL character, which JSON leaves alone.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _array(values: list[str], indent: str = "    ") -> str:
    if not values:
        return "[]"
    one_line = "[" + ", ".join(_str(v) for v in values) + "]"
    if len(one_line) <= 80:
        return one_line
    return "[\n" + "".join(f"{indent}{_str(v)},\n" for v in values) + "]"


def domain_toml(domain: Domain, *, name: str | None = None, keep_aliases: bool = True) -> str:
    """The TOML text of ``domain`` (without comments); ``parse_domain`` reads it back equal.

    :param name: write this name instead of the domain's own.
    :param keep_aliases: False writes ``aliases = []``.
    """
    lines = [
        f"name = {_str(name or domain.name)}",
        f"aliases = {_array(domain.aliases if keep_aliases else [])}",
        f"description = {_str(domain.description)}",
        f"terms = {_array(domain.terms)}",
        f"arxiv_categories = {_array(domain.arxiv_categories)}",
        "",
        "[queries]",
    ]
    lines += [
        f"{src} = {_array(domain.queries[src])}" for src in QUERY_SOURCES if src in domain.queries
    ]
    if domain.facets:
        lines += ["", "[facets]"]
        lines += [f"{facet} = {_array(terms)}" for facet, terms in domain.facets.items()]
    for seed in domain.seeds:
        lines += ["", "[[seeds]]", f"title = {_str(seed.title)}"]
        if seed.year is not None:
            lines.append(f"year = {seed.year}")
        if seed.doi:
            lines.append(f"doi = {_str(seed.doi)}")
        if seed.arxiv_id:
            lines.append(f"arxiv = {_str(seed.arxiv_id)}")
        lines.append(f"tier = {_str(seed.tier)}")
        if seed.facet:
            lines.append(f"facet = {_str(seed.facet)}")
        if seed.why:
            lines.append(f"why = {_str(seed.why)}")
    framing = domain.framing
    lines += ["", "[framing]", f"problem = {_str(framing.problem)}"]
    lines += [f"{key} = {_array(getattr(framing, key))}" for key in FRAMING_LISTS]
    return "\n".join(lines) + "\n"


def copy_domain_file(domain: Domain, name: str) -> str:
    """A commented copy of ``domain`` under ``name`` (``domains new NAME --from DOMAIN``).

    Under its own name the copy keeps the aliases and, in the user's folder, replaces the
    original; under a new name it drops them, so they keep pointing at the original.
    """
    same = name == domain.name
    origin = (
        "built-in domain" if domain.source == BUILTIN_SOURCE else f"domain from {domain.source}"
    )
    if same:
        role = f"# This file replaces the {origin} {domain.name!r} for you: edit what you like."
    else:
        role = (
            f"# A new domain {name!r}, started as a copy of the {origin} {domain.name!r}.\n"
            f"# Its aliases were left out so they still point at {domain.name!r}."
        )
    header = (
        f"# paperprep domain file, in $PAPERPREP_HOME/domains/.\n{role}\n"
        f"# Check it with `paperprep domains show {name}`.\n#\n"
        f"# Seed tiers: {', '.join(SEED_TIERS)}.\n{SCHEMA_COMMENT}\n"
    )
    return header + domain_toml(domain, name=name, keep_aliases=same)


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class NewDomainFile:
    """What ``domains new`` wrote."""

    path: Path
    name: str
    #: The domain it was copied from (``--from``), if any.
    copied_from: str | None = None
    #: True when the file replaces a built-in domain of the same name.
    replaces_builtin: bool = False


def create_domain_file(
    name: str, user_dir: Path, *, from_name: str | None = None, force: bool = False
) -> NewDomainFile:
    """Write ``user_dir/NAME.toml``: a skeleton, or a copy of ``from_name``.

    :raises PaperprepError: a bad name; a built-in name or alias without ``from_name``; a name
        another user file defines; the file exists (without ``force``); ``from_name`` unknown
        or broken.
    """
    _check_slug(name)
    scan = scan_domains(user_dir)
    path = user_dir / f"{name}.toml"
    source = resolve_domain(from_name, scan.domains, scan.problems) if from_name else None
    taken = lookup_table(scan.domains).get(name)
    existing = scan.domains.get(taken) if taken else None
    if existing is not None and existing.source != BUILTIN_SOURCE:
        if Path(existing.source) != path:
            raise PaperprepError(
                f"{name!r} is already defined in {existing.source}",
                hint="edit that file, or remove it first",
            )
    elif existing is not None and source is None:
        what = (
            f"{name!r} is a built-in domain"
            if existing.name == name
            else f"{name!r} is an alias of the built-in domain {existing.name!r}"
        )
        raise PaperprepError(
            what,
            hint=(
                f"`paperprep domains new {name} --from {existing.name}` writes a copy of it to "
                "edit, which then replaces the built-in; or pick another name"
            ),
        )
    if path.exists() and not force:
        raise PaperprepError(f"{path} exists", hint="edit it, or pass --force to start over")
    text = copy_domain_file(source, name) if source else new_domain_file(name)
    atomic_write_text(path, text)
    return NewDomainFile(
        path=path,
        name=name,
        copied_from=source.name if source else None,
        replaces_builtin=name in scan.builtin_names,
    )


__all__: list[str] = [
    "SCHEMA_COMMENT",
    "NewDomainFile",
    "copy_domain_file",
    "create_domain_file",
    "domain_toml",
    "new_domain_file",
]
