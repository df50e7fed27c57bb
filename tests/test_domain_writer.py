"""`paperprep domains new NAME [--from DOMAIN]`: what gets written, and what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperprep.domain_schema import FRAMING_LISTS, QUERY_SOURCES
from paperprep.domain_writer import copy_domain_file, create_domain_file, domain_toml
from paperprep.domains import get_domain, load_domains, parse_domain, scan_domains
from paperprep.errors import PaperprepError
from paperprep.models import SEED_TIERS, Domain, Framing, SeedPaper


def test_a_builtin_name_is_refused_without_from(tmp_path: Path) -> None:
    with pytest.raises(PaperprepError) as info:
        create_domain_file("recsys", tmp_path)
    assert str(info.value) == "'recsys' is a built-in domain"
    assert "--from recsys" in (info.value.hint or "")
    assert not (tmp_path / "recsys.toml").exists()
    # An alias would be taken over by a domain of that name just as silently.
    with pytest.raises(PaperprepError, match="alias of the built-in domain 'recsys'"):
        create_domain_file("recommendation", tmp_path)
    assert get_domain("recommendation", tmp_path).source == "built-in"


def test_from_the_builtin_writes_a_commented_copy_that_replaces_it(tmp_path: Path) -> None:
    made = create_domain_file("recsys", tmp_path, from_name="recsys")
    assert made.path == tmp_path / "recsys.toml"
    assert made.replaces_builtin and made.copied_from == "recsys"
    text = made.path.read_text(encoding="utf-8")
    assert text.startswith("# paperprep domain file")
    assert "replaces the built-in domain 'recsys'" in text
    assert "tier" in text and "[facets]" in text  # the schema is explained in the copy
    builtin = get_domain("recsys")
    mine = get_domain("recsys", tmp_path)
    assert mine.source == str(made.path)
    # Everything but the source is the built-in's, aliases included.
    mine.source = builtin.source
    assert mine == builtin
    # Editing the copy changes the domain.
    made.path.write_text(text.replace(builtin.description, "My recsys"), encoding="utf-8")
    assert get_domain("recommendation", tmp_path).description == "My recsys"


def test_from_any_domain_for_a_new_name_drops_the_aliases(tmp_path: Path) -> None:
    made = create_domain_file("video-recs", tmp_path, from_name="Recommendation")
    assert made.copied_from == "recsys" and not made.replaces_builtin
    mine = get_domain("video-recs", tmp_path)
    assert mine.aliases == []
    assert mine.seeds == get_domain("recsys").seeds
    assert get_domain("recommendation", tmp_path).name == "recsys"
    # A user domain can be the starting point too.
    again = create_domain_file("music-recs", tmp_path, from_name="video-recs")
    assert "domain from " + str(made.path) in again.path.read_text(encoding="utf-8")
    assert get_domain("music-recs", tmp_path).framing == mine.framing


def test_names_another_user_file_defines_or_an_existing_file_are_refused(tmp_path: Path) -> None:
    create_domain_file("fraud", tmp_path)
    with pytest.raises(PaperprepError, match=r"fraud\.toml exists"):
        create_domain_file("fraud", tmp_path)
    create_domain_file("fraud", tmp_path, force=True)
    (tmp_path / "fraud.toml").rename(tmp_path / "payments.toml")
    with pytest.raises(PaperprepError, match=r"'fraud' is already defined in .*payments\.toml"):
        create_domain_file("fraud", tmp_path, force=True)
    assert len(load_domains(tmp_path)) == 9


def test_bad_name_and_unknown_or_broken_from(tmp_path: Path) -> None:
    with pytest.raises(PaperprepError, match="bad domain name"):
        create_domain_file("../etc", tmp_path)
    with pytest.raises(PaperprepError, match="unknown domain 'recsy'"):
        create_domain_file("mine", tmp_path, from_name="recsy")
    (tmp_path / "broken.toml").write_text("name = 3\n", encoding="utf-8")
    with pytest.raises(PaperprepError, match=r"broken\.toml: description: missing"):
        create_domain_file("mine", tmp_path, from_name="broken")
    assert not (tmp_path / "mine.toml").exists()


@pytest.mark.parametrize("name", sorted(load_domains()))
def test_every_builtin_round_trips_through_its_copy(name: str) -> None:
    domain = get_domain(name)
    again = parse_domain(copy_domain_file(domain, name), source=domain.source, builtin=True)
    assert again == domain


# --------------------------------------------------------------------------- property

_text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12).filter(
    lambda t: t.strip() == t and t.strip() != "" and "|" not in t
)
_slug = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)
_facet = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)


@st.composite
def domains(draw: st.DrawFn) -> Domain:
    facets = draw(st.dictionaries(_facet, st.lists(_text, min_size=1, max_size=3), max_size=3))
    seeds = []
    for i in range(draw(st.integers(0, 4))):
        seeds.append(
            SeedPaper(
                title=draw(_text),
                year=draw(st.none() | st.integers(1900, 2100)),
                doi=draw(st.none() | st.just(f"10.1145/{i}.x")),
                arxiv_id=draw(st.none() | st.just(f"2001.{i:05d}")),
                tier=draw(st.sampled_from(SEED_TIERS)),
                facet=draw(st.none() | st.sampled_from(sorted(facets))) if facets else None,
                why=draw(st.none() | _text.filter(lambda t: "\n" not in t)),
            )
        )
    name = draw(_slug)
    queries = draw(
        st.dictionaries(st.sampled_from(QUERY_SOURCES), st.lists(_text, min_size=1), min_size=1)
    )
    framing = Framing(
        problem=draw(st.just("") | _text),
        **{key: draw(st.lists(_text, max_size=3)) for key in FRAMING_LISTS},
    )
    return Domain(
        name=name,
        aliases=draw(st.lists(_slug.filter(lambda a: a != name), unique=True, max_size=3)),
        description=draw(_text),
        queries={src: queries[src] for src in QUERY_SOURCES if src in queries},
        arxiv_categories=draw(st.lists(st.sampled_from(["cs.IR", "cs.LG", "stat.ML"]))),
        terms=draw(st.lists(st.lists(_text, min_size=1, max_size=2).map(" | ".join))),
        seeds=seeds,
        framing=framing,
        source="x",
        facets=facets,
    )


@settings(max_examples=200, deadline=None)
@given(domains())
def test_domain_toml_round_trips(domain: Domain) -> None:
    assert parse_domain(domain_toml(domain), source="x") == domain


def test_the_scan_sees_a_written_copy_at_once(tmp_path: Path) -> None:
    create_domain_file("eta", tmp_path, from_name="eta")
    assert scan_domains(tmp_path).domains["eta"].source == str(tmp_path / "eta.toml")
