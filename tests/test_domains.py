from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperprep.domain_writer import new_domain_file
from paperprep.domains import (
    FRAMING_LISTS,
    get_domain,
    load_domains,
    parse_domain,
    scan_domains,
)
from paperprep.errors import DomainError, PaperprepError, UnknownDomain
from paperprep.models import SEED_TIERS, Domain
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
    assert {"1606.07792", "1703.04247", "1512.03385", "1810.04805"} <= arxiv
    assert {"10.1145/2959100.2959190", "10.1145/2660267.2660269", "10.1109/MC.2009.263"} <= dois


def test_deeptte_has_its_own_doi_not_deeptravels_arxiv_id() -> None:
    # arXiv 1802.02147 is DeepTravel (IJCAI-18), not DeepTTE (AAAI-18): with it, merge fused the
    # two papers into one record (review of the domains, section 1.1).
    seeds = {s.title: s for s in get_domain("eta").seeds}
    deeptte = seeds["When Will You Arrive? Estimating Travel Time Based on Deep Neural Networks"]
    assert deeptte.doi == "10.1609/aaai.v32i1.11877"
    assert deeptte.arxiv_id is None
    for seed in seeds.values():
        if seed.arxiv_id == "1802.02147":
            assert seed.title.startswith("DeepTravel")


BUILTINS = sorted(BUILTIN_NAMES)
_DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9]+$")
_ARXIV = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+/\d{7})$")


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_seeds_have_tiers_valid_ids_and_known_facets(name: str) -> None:
    domain = get_domain(name)
    assert domain.facets, "every built-in names its facets"
    seen: set[str] = set()
    for seed in domain.seeds:
        assert seed.tier in SEED_TIERS
        assert seed.why and len(seed.why) <= 160, seed.title
        assert seed.facet is None or seed.facet in domain.facets, seed.title
        for ident in (seed.doi, seed.arxiv_id):
            if ident:
                assert _DOI.match(ident) or _ARXIV.match(ident), ident
                assert ident.lower() not in seen, f"{ident} used twice in {name}"
                seen.add(ident.lower())
    # Every tier fills its slot and every facet has a seed to start from.
    assert {s.tier for s in domain.seeds} == set(SEED_TIERS)
    assert {s.facet for s in domain.seeds} >= set(domain.facets)


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_seeds_reach_the_2019_to_2025_canon(name: str) -> None:
    recent = [s for s in get_domain(name).seeds if s.year and 2019 <= s.year <= 2025]
    # spam-email has the fewest verified modern papers (RETVec, Spam-T5).
    assert len(recent) >= (2 if name == "spam-email" else 5), [s.title for s in recent]


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_openalex_queries_are_quoted_phrases(name: str) -> None:
    for query in get_domain(name).queries["openalex"]:
        assert query.count('"') % 2 == 0 and query.count('"') >= 2, query
        # A comma or "|" would split an OpenAlex filter value (title_and_abstract.search:…).
        assert "," not in query and "|" not in query, query


def test_eta_arxiv_queries_do_not_match_radio_time_of_arrival() -> None:
    # ti:"time of arrival" matched time-of-arrival localisation in radar, UWB and GNSS papers.
    for query in get_domain("eta").queries["arxiv"]:
        assert not re.search(r'(?<!estimated )time of arrival"', query), query
    assert any('"estimated time of arrival"' in q for q in get_domain("eta").queries["arxiv"])


def test_spam_email_arxiv_query_quotes_e_mail() -> None:
    for query in get_domain("spam-email").queries["arxiv"]:
        assert not re.search(r":e-mail\b", query), query


@pytest.mark.parametrize(
    ("name", "title", "doi"),
    [
        ("spam-accounts", "The Rise of Social Bots", "10.1145/2818717"),
        ("spam-accounts", "BotOrNot: A System to Evaluate Social Bots", "10.1145/2872518.2889302"),
        (
            "spam-accounts",
            "The Paradigm-Shift of Social Spambots: Evidence, Theories, and Tools for the Arms "
            "Race",
            "10.1145/3041021.3055135",
        ),
        (
            "eta",
            "Multi-task Representation Learning for Travel Time Estimation",
            "10.1145/3219819.3220033",
        ),
        (
            "eta",
            "ETA Prediction with Graph Neural Networks in Google Maps",
            "10.1145/3459637.3481916",
        ),
        ("spam-email", "Email Spam Filtering: A Systematic Review", "10.1561/1500000006"),
        (
            "ranking",
            "Adapting Boosting for Information Retrieval Measures",
            "10.1007/s10791-009-9112-1",
        ),
        (
            "ads-ctr",
            "Deep Interest Network for Click-Through Rate Prediction",
            "10.1145/3219819.3219823",
        ),
        ("ads-ctr", "Deep & Cross Network for Ad Click Predictions", "10.1145/3124749.3124754"),
        ("recsys", "Neural Collaborative Filtering", "10.1145/3038912.3052569"),
    ],
)
def test_published_versions_carry_their_doi(name: str, title: str, doi: str) -> None:
    (seed,) = [s for s in get_domain(name).seeds if s.title == title]
    assert seed.doi == doi
    if title == "The Rise of Social Bots":
        assert seed.year == 2016  # CACM 2016; the 2014 preprint is merged through arXiv 1407.5225


def _framing_text(name: str) -> str:
    framing = get_domain(name).framing
    return " ".join([framing.problem, *(i for k in FRAMING_LISTS for i in getattr(framing, k))])


def test_framing_errors_of_the_review_are_fixed() -> None:
    recsys = _framing_text("recsys")
    assert "age of item ('example age'" not in recsys
    assert "age of the training example" in recsys and "set to 0 at serving" in recsys
    ranking = _framing_text("ranking")
    assert "optimises NDCG directly" not in ranking
    assert "does not optimise NDCG directly" in ranking
    ads = _framing_text("ads-ctr")
    assert "Wide & Deep / DeepFM / DCN — pros: automatic" not in ads
    assert "hand-made crosses" in ads
    eta = _framing_text("eta")
    assert "manual feature crosses" not in eta
    assert "learns feature interactions" in eta


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
    # Which of the two is meant is ambiguous, so the domain itself is not used either.
    with pytest.raises(DomainError, match="already defined"):
        get_domain("fraud", tmp_path)


def test_a_broken_user_file_leaves_the_other_domains_loaded(tmp_path: Path) -> None:
    (tmp_path / "fraud.toml").write_text(MINIMAL, encoding="utf-8")
    bad = tmp_path / "broken.toml"
    bad.write_text(MINIMAL.replace('"fraud"', '"churn"').replace("[queries]", "[querys]"))
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe name")
    (tmp_path / "folder.toml").mkdir()
    scan = scan_domains(tmp_path)
    assert set(scan.domains) == BUILTIN_NAMES | {"fraud"}
    problems = {p.path.name: str(p.error) for p in scan.problems}
    assert problems["broken.toml"].startswith(f"{bad}: querys: unknown key")
    assert problems["binary.toml"].startswith(f"{tmp_path / 'binary.toml'}: cannot read the file")
    assert (
        problems["folder.toml"]
        == f"{tmp_path / 'folder.toml'}: cannot read the file: Is a directory"
    )
    # The domains that loaded still resolve; the broken one's name gives its own error.
    assert get_domain("fraud", tmp_path).name == "fraud"
    assert get_domain("recsys", tmp_path).source == "built-in"
    for name in ("churn", "broken"):
        with pytest.raises(DomainError, match="querys: unknown key"):
            get_domain(name, tmp_path)
    # An unknown name mentions the files that could not be read.
    with pytest.raises(UnknownDomain) as info:
        get_domain("quantum", tmp_path)
    assert "a domain file could not be read" in (info.value.hint or "")


def test_a_broken_override_of_a_builtin_is_not_silently_replaced_by_it(tmp_path: Path) -> None:
    # The file meant to replace the built-in recsys: using the built-in instead would quietly
    # ignore the user's edits, so the file's error is the answer, even for a syntax error.
    path = tmp_path / "my-recsys.toml"
    path.write_text(MINIMAL.replace('"fraud"', '"recsys"') + "\n[[seeds]]\ntitle = 3\n")
    with pytest.raises(DomainError, match=r"seeds\[1\]\.title: must be a string"):
        get_domain("recsys", tmp_path)
    path.write_text('name = "recsys"\ndescription = = "x"\n')
    with pytest.raises(DomainError, match="invalid TOML"):
        get_domain("recsys", tmp_path)
    with pytest.raises(DomainError, match="invalid TOML"):
        get_domain("Recommendation", tmp_path)  # the built-in's alias, too
    assert get_domain("eta", tmp_path).name == "eta"


def test_a_deeply_nested_user_file_is_one_problem(tmp_path: Path) -> None:
    (tmp_path / "deep.toml").write_text("a = " + "[" * 3000 + "]" * 3000 + "\n")
    scan = scan_domains(tmp_path)
    assert set(scan.domains) == BUILTIN_NAMES
    (problem,) = scan.problems
    assert "nested too deeply" in str(problem.error)
    with pytest.raises(DomainError, match="nested too deeply"):
        get_domain("deep", tmp_path)


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


# --------------------------------------------------------------------------- schema: tiers, facets


FACETED = (
    'terms = ["click-through rate | CTR", "recommender"]\n'
    + MINIMAL
    + """
[facets]
retrieval = ["two-tower", "candidate generation | candidate retrieval"]
ranking = ["ranking model"]

[[seeds]]
title = "A"
arxiv = "1906.00091"
tier = "frontier"
facet = "retrieval"
why = "The two-tower model every interviewer asks about"

[[seeds]]
title = "B"
"""
)


def test_tiers_facets_why_and_synonyms_parse() -> None:
    domain = parse_domain(FACETED, source="x")
    assert domain.terms == ["click-through rate | CTR", "recommender"]
    assert domain.facets == {
        "retrieval": ["two-tower", "candidate generation | candidate retrieval"],
        "ranking": ["ranking model"],
    }
    first, second = domain.seeds
    assert (first.tier, first.facet, first.why) == (
        "frontier",
        "retrieval",
        "The two-tower model every interviewer asks about",
    )
    # A user file's seed without a tier is "core"; facet and why are optional.
    assert (second.tier, second.facet, second.why) == ("core", None, None)


def _seeded(seed_lines: str, *, facets: str = "") -> str:
    return MINIMAL + facets + '\n[[seeds]]\ntitle = "A"\n' + seed_lines


def test_bad_tier_is_named_with_the_choices() -> None:
    assert error_of(_seeded('tier = "modern"\n')) == (
        "/u/domains/x.toml: seeds[1].tier: must be one of classic, core, frontier, got 'modern'"
    )
    assert "(did you mean 'classic'?)" in error_of(_seeded('tier = "clasic"\n'))
    assert "seeds[1].tier: must be a string, got an integer" in error_of(_seeded("tier = 1\n"))


def test_builtin_files_must_give_every_seed_a_tier() -> None:
    text = _seeded("year = 2019\n")
    assert parse_domain(text, source="x").seeds[0].tier == "core"
    with pytest.raises(DomainError, match=r"^b: seeds\[1\]\.tier: missing \(built-in seeds"):
        parse_domain(text, source="b", builtin=True)


def test_seed_facet_must_name_a_facet() -> None:
    facets = '\n[facets]\nretrieval = ["two-tower"]\n'
    assert error_of(_seeded('facet = "retreival"\n', facets=facets)) == (
        "/u/domains/x.toml: seeds[1].facet: must be one of the [facets]: retrieval, "
        "got 'retreival' (did you mean 'retrieval'?)"
    )
    assert "the file has no [facets] table" in error_of(_seeded('facet = "retrieval"\n'))


@pytest.mark.parametrize(
    ("facets", "expected"),
    [
        ("retrieval = []", "facets.retrieval: needs at least one term"),
        ('retrieval = "two-tower"', "facets.retrieval: must be a list of strings, got a string"),
        ('Retrieval = ["x"]', "facets.Retrieval: must look like a lower-case name"),
        ('retrieval = ["a ||b"]', "facets.retrieval[1]: empty synonym in 'a ||b'"),
    ],
)
def test_bad_facets_are_named(facets: str, expected: str) -> None:
    assert expected in error_of(MINIMAL + "\n[facets]\n" + facets + "\n")
    assert "facets: must be a table" in error_of(
        MINIMAL.replace("[queries]", "facets = 3\n[queries]")
    )


def test_synonyms_are_tidied_and_empty_ones_refused() -> None:
    text = 'terms = ["click-through rate|CTR ", " two-tower  |  dual encoder"]\n' + MINIMAL
    assert parse_domain(text, source="x").terms == [
        "click-through rate | CTR",
        "two-tower | dual encoder",
    ]
    bad = 'terms = ["ok", "ctr | "]\n' + MINIMAL
    assert error_of(bad) == (
        "/u/domains/x.toml: terms[2]: empty synonym in 'ctr |' (separate synonyms with one "
        "'|': 'a | b')"
    )


def test_why_is_one_line() -> None:
    assert "seeds[1].why: must be one line" in error_of(_seeded('why = "a\\nb"\n'))
    assert "seeds[1].why: must not be empty" in error_of(_seeded('why = " "\n'))


def test_two_seeds_sharing_an_id_are_refused() -> None:
    text = _seeded('arxiv = "1802.02147"\n') + '\n[[seeds]]\ntitle = "B"\narxiv = "1802.02147v2"\n'
    assert error_of(text) == (
        "/u/domains/x.toml: seeds[2].arxiv: '1802.02147' is also the arxiv of seeds[1]"
    )
    text = _seeded('doi = "10.1145/A"\n') + '\n[[seeds]]\ntitle = "B"\ndoi = "10.1145/a"\n'
    assert "seeds[2].doi: '10.1145/a' is also the doi of seeds[1]" in error_of(text)


@pytest.mark.parametrize("opener", ["[", "{x = "])
def test_deeply_nested_toml_is_one_clear_line(opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    text = MINIMAL + "deep = " + opener * 3000 + closer * 3000 + "\n"
    message = error_of(text)
    assert message == (
        "/u/domains/x.toml: invalid TOML: arrays or inline tables nested too deeply "
        "(a domain file needs at most a list inside a table)"
    )


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
    with pytest.raises(PaperprepError):
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


def test_the_readme_example_domain_file_is_valid() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### The domain file") :]
    example = section[section.index("```toml\n") + len("```toml\n") : section.index("```\n")]
    domain = parse_domain(example, source="README.md")
    assert domain.terms[0] == "chargeback | dispute"
    assert domain.facets["graph"] == ["fraud ring | collusion", "graph neural network"]
    (seed,) = domain.seeds
    assert (seed.tier, seed.facet) == ("classic", "graph")
