from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperprep.domains import (
    FRAMING_LISTS,
    get_domain,
    load_domains,
    new_domain_file,
    parse_domain,
)
from paperprep.errors import DomainError, UnknownDomain
from paperprep.models import Domain
from paperprep.resources import builtin_dir

BUILTIN_NAMES = {
    "recsys",
    "eta",
    "ranking",
    "text-classification",
    "image-classification",
    "spam-email",
    "spam-accounts",
    "ads-ctr",
}

MINIMAL = """\
name = "fraud"
description = "Payment fraud"

[queries]
scholar = ["payment fraud detection"]
"""


def builtin_files() -> list[str]:
    return sorted(e.name for e in builtin_dir("domains").iterdir() if e.name.endswith(".toml"))


def error_of(text: str, source: str = "/u/domains/x.toml") -> str:
    with pytest.raises(DomainError) as info:
        parse_domain(text, source=source)
    return str(info.value)


# --------------------------------------------------------------------------- built-ins


def test_the_eight_builtin_domains_ship() -> None:
    assert set(load_domains()) == BUILTIN_NAMES
    assert {f.removesuffix(".toml") for f in builtin_files()} == BUILTIN_NAMES


@pytest.mark.parametrize("filename", builtin_files())
def test_builtin_file_is_complete(filename: str) -> None:
    text = (builtin_dir("domains") / filename).read_text(encoding="utf-8")
    domain = parse_domain(text, source=filename)
    assert domain.name == filename.removesuffix(".toml")
    assert domain.aliases and domain.description
    assert 8 <= len(domain.terms) <= 20
    assert domain.arxiv_categories
    for source in ("scholar", "arxiv", "openalex"):
        assert domain.queries.get(source), f"no {source} queries"
    assert any(":" in q for q in domain.queries["arxiv"]), "arXiv queries use field prefixes"
    assert len(domain.seeds) >= 5
    # At least five with a DOI or arXiv id; older works without one may be listed by title too.
    assert sum(1 for s in domain.seeds if s.doi or s.arxiv_id) >= 5
    assert len({s.title.lower() for s in domain.seeds}) == len(domain.seeds)
    assert len(domain.framing.problem) > 40
    for key in FRAMING_LISTS:
        items = getattr(domain.framing, key)
        assert 5 <= len(items) <= 10, f"framing.{key} has {len(items)} items"
    # Models come with their trade-offs.
    assert all("pros" in m and "cons" in m for m in domain.framing.models)
    assert domain.source == filename
    assert load_domains()[domain.name].source == "built-in"


def test_builtin_names_and_aliases_do_not_collide() -> None:
    seen: dict[str, str] = {}
    for domain in load_domains().values():
        for key in [domain.name, *domain.aliases]:
            assert key not in seen, f"{key!r} used by {seen.get(key)} and {domain.name}"
            seen[key] = domain.name


def test_seed_identifiers_named_in_the_brief_are_present() -> None:
    domains = load_domains()
    arxiv = {s.arxiv_id for d in domains.values() for s in d.seeds}
    dois = {s.doi for d in domains.values() for s in d.seeds}
    assert {"1606.07792", "1703.04247", "1512.03385", "1810.04805", "1802.02147"} <= arxiv
    assert {"10.1145/2959100.2959190", "10.1145/2660267.2660269", "10.1109/MC.2009.263"} <= dois


# --------------------------------------------------------------------------- lookup


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("recsys", "recsys"),
        ("Recommendation", "recsys"),
        ("RECOMMENDER-SYSTEMS", "recsys"),
        ("recommender systems", "recsys"),
        ("travel-time", "eta"),
        ("learning_to_rank", "ranking"),
        ("search", "ranking"),
        ("ctr", "ads-ctr"),
        ("fake-accounts", "spam-accounts"),
    ],
)
def test_names_and_aliases_resolve(query: str, expected: str) -> None:
    assert get_domain(query).name == expected


def test_unknown_domain_suggests_the_closest_name() -> None:
    with pytest.raises(UnknownDomain) as info:
        get_domain("recsy")
    assert str(info.value) == "unknown domain 'recsy'"
    assert info.value.hint is not None
    assert "did you mean 'recsys'?" in info.value.hint
    assert "paperprep domains" in info.value.hint


def test_unknown_domain_without_close_match_points_to_the_list() -> None:
    with pytest.raises(UnknownDomain) as info:
        get_domain("quantum-chemistry")
    assert info.value.hint is not None
    assert "did you mean" not in info.value.hint
    assert "paperprep domains" in info.value.hint


# --------------------------------------------------------------------------- user files


def test_user_file_overrides_builtin(tmp_path: Path) -> None:
    (tmp_path / "my-recsys.toml").write_text(
        MINIMAL.replace('"fraud"', '"recsys"').replace("Payment fraud", "My own recsys"),
        encoding="utf-8",
    )
    domains = load_domains(tmp_path)
    assert domains["recsys"].description == "My own recsys"
    assert domains["recsys"].source == str(tmp_path / "my-recsys.toml")
    assert domains["eta"].source == "built-in"
    assert get_domain("recsys", tmp_path).description == "My own recsys"


def test_user_only_domain_is_added_with_aliases(tmp_path: Path) -> None:
    (tmp_path / "fraud.toml").write_text(
        MINIMAL.replace("description =", 'aliases = ["Payments-Fraud"]\ndescription ='),
        encoding="utf-8",
    )
    domains = load_domains(tmp_path)
    assert set(domains) == BUILTIN_NAMES | {"fraud"}
    assert get_domain("payments fraud", tmp_path).name == "fraud"
    assert domains["fraud"].seeds == []
    assert domains["fraud"].framing.problem == ""


def test_missing_user_dir_means_builtins_only(tmp_path: Path) -> None:
    assert set(load_domains(tmp_path / "nope")) == BUILTIN_NAMES


def test_bad_user_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(MINIMAL.replace("[queries]", "[querys]"), encoding="utf-8")
    with pytest.raises(DomainError) as info:
        load_domains(tmp_path)
    assert str(info.value).startswith(f"{path}: querys: unknown key")


def test_two_user_files_with_the_same_name_conflict(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.toml").write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(
        DomainError, match=r"b\.toml: name: 'fraud' is already defined in .*a\.toml"
    ):
        load_domains(tmp_path)


# --------------------------------------------------------------------------- errors


def test_minimal_file_parses() -> None:
    domain = parse_domain(MINIMAL, source="x")
    assert domain.name == "fraud"
    assert domain.queries == {"scholar": ["payment fraud detection"]}


def test_missing_required_key() -> None:
    text = MINIMAL.replace('description = "Payment fraud"\n', "")
    assert error_of(text) == "/u/domains/x.toml: description: missing (required)"


def test_wrong_type() -> None:
    text = MINIMAL.replace('description = "Payment fraud"', "description = 3")
    assert error_of(text) == "/u/domains/x.toml: description: must be a string, got an integer"
    text = MINIMAL.replace("[queries]", 'aliases = "fd"\n\n[queries]')
    assert "aliases: must be a list of strings, got a string" in error_of(text)


def test_bad_doi_names_the_seed() -> None:
    text = (
        MINIMAL
        + '\n[[seeds]]\ntitle = "A"\ndoi = "10.1145/1.2"\n'
        + '\n[[seeds]]\ntitle = "B"\ndoi = "abc"\n'
    )
    assert error_of(text) == "/u/domains/x.toml: seeds[2].doi: must look like 10.xxxx/…, got 'abc'"


def test_doi_url_and_arxiv_prefix_are_normalised() -> None:
    text = (
        MINIMAL
        + '\n[[seeds]]\ntitle = "A"\ndoi = "https://doi.org/10.1145/2959100.2959190"\n'
        + 'arxiv = "arXiv:1606.07792v2"\nyear = 2016\n'
    )
    seed = parse_domain(text, source="x").seeds[0]
    assert seed.doi == "10.1145/2959100.2959190"
    assert seed.arxiv_id == "1606.07792v2"


def test_bad_arxiv_id_and_year() -> None:
    base = MINIMAL + '\n[[seeds]]\ntitle = "A"\n'
    assert "seeds[1].arxiv: must look like" in error_of(base + 'arxiv = "16060.7792"\n')
    assert "seeds[1].year: must be an integer, got a string" in error_of(base + 'year = "2016"\n')
    assert "seeds[1].year: must be a year" in error_of(base + "year = 20160\n")
    assert "seeds[1].year: must be an integer, got a boolean" in error_of(base + "year = true\n")


def test_seed_without_title() -> None:
    assert error_of(MINIMAL + "\n[[seeds]]\nyear = 2016\n").endswith(
        "seeds[1].title: missing (required)"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('alias = ["x"]\n' + MINIMAL, "alias: unknown key (did you mean 'aliases'?)"),
        (
            MINIMAL + 'openalx = ["x"]\n',
            "queries.openalx: unknown key (did you mean 'openalex'?)",
        ),
        (
            MINIMAL + '\n[[seeds]]\ntitle = "A"\narxiv_id = "1606.07792"\n',
            "seeds[1].arxiv_id: unknown key (did you mean 'arxiv'?)",
        ),
        (
            MINIMAL + '\n[framing]\nfollowups = ["x"]\n',
            "framing.followups: unknown key (did you mean 'follow_ups'?)",
        ),
    ],
)
def test_unknown_key_suggests_the_closest(text: str, expected: str) -> None:
    assert error_of(text) == f"/u/domains/x.toml: {expected}"


def test_toml_syntax_error_names_the_line() -> None:
    text = MINIMAL.replace('description = "Payment fraud"', "description = Payment fraud")
    message = error_of(text)
    assert message.startswith("/u/domains/x.toml: line 2, column ")
    assert "invalid TOML" in message


def test_empty_queries_and_bad_name() -> None:
    text = MINIMAL.replace('scholar = ["payment fraud detection"]', "scholar = []")
    assert "queries: needs at least one query" in error_of(text)
    assert "name: must look like a lower-case slug" in error_of(MINIMAL.replace('"fraud"', '"F D"'))


def test_errors_are_one_line() -> None:
    assert "\n" not in error_of("a = [\n1,\n")


# --------------------------------------------------------------------------- new file


def test_new_domain_file_parses_back_and_documents_the_schema() -> None:
    text = new_domain_file("Fraud Detection")
    domain = parse_domain(text, source="new")
    assert domain.name == "fraud-detection"
    assert all(domain.queries[s] for s in ("scholar", "arxiv", "openalex"))
    for key in ("[queries]", "[[seeds]]", "[framing]", "follow_ups", "arxiv_categories"):
        assert key in text
    # Uncommenting the example seed must still give a valid file.
    uncommented = re.sub(r"^# (\[\[seeds\]\]|title|year|doi|arxiv)", r"\1", text, flags=re.M)
    assert len(parse_domain(uncommented, source="new").seeds) == 1


def test_new_domain_file_rejects_bad_names() -> None:
    with pytest.raises(DomainError):
        new_domain_file("../etc")


# --------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_domain_raises_only_domain_error_on_arbitrary_text(text: str) -> None:
    try:
        result = parse_domain(text, source="fuzz")
    except DomainError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(result, Domain)


_values = st.one_of(
    st.text(max_size=8).map(lambda s: '"' + s.replace("\\", "").replace('"', "") + '"'),
    st.integers(-5, 3000).map(str),
    st.sampled_from(["true", "1.5", "[]", '["a", 1]', "{}", '{title = "x"}', "1979-05-27"]),
)
_keys = st.sampled_from(
    ["name", "aliases", "description", "terms", "arxiv_categories", "queries", "seeds", "nam"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_keys, _values), max_size=8, unique_by=lambda kv: kv[0]))
def test_parse_domain_raises_only_domain_error_on_wrong_values(
    pairs: list[tuple[str, str]],
) -> None:
    text = "\n".join(f"{k} = {v}" for k, v in pairs) + "\n"
    try:
        domain = parse_domain(text, source="fuzz")
    except DomainError as exc:
        assert str(exc).startswith("fuzz: ")
    else:
        assert domain.queries
