"""The reading list: the gate, normalised impact, slots by seed tier, diversity, determinism.

The papers here are hand-made records in the shape :func:`paperprep.sources.openalex.to_paper`
gives (its impact fields are those of the recorded OpenAlex Work objects); their numbers are
chosen to test one property each, not measured.
"""

from __future__ import annotations

import dataclasses
import itertools
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperprep.models import Domain, Framing, Impact, Paper, SeedPaper
from paperprep.rank import (
    FOREIGN_TOPIC,
    Ranked,
    impact_score,
    is_seed,
    matched_terms,
    near_duplicate,
    percentile_score,
    quotas,
    rank,
)

NOW = 2026


def domain(terms: list[str], seeds: list[SeedPaper] | None = None, **facets: list[str]) -> Domain:
    return Domain(
        name="recsys", aliases=[], description="", queries={}, arxiv_categories=[],
        terms=terms, seeds=seeds or [], framing=Framing(), facets=dict(facets),
    )  # fmt: skip


RECSYS_TERMS = [
    "recommendation | recommender",
    "collaborative filtering",
    "two-tower",
    "candidate generation",
    "click-through rate | CTR",
    "sequential recommendation",
]

_ids = iter(range(1000, 100000))


def work(
    title: str,
    year: int,
    *,
    abstract: str = "",
    pct: float | None = 0.9,
    fwci: float | None = 2.0,
    cites: int = 100,
    recent: int | None = None,
    refs: list[str] | None = None,
    wid: str | None = None,
    doi: str | None = None,
    arxiv: str | None = None,
    topic: str | None = None,
) -> Paper:
    """An OpenAlex-known paper (its record found), impact as given."""
    wid = wid or f"W{next(_ids)}"
    per_year = recent if recent is not None else cites // max(1, NOW - year)
    counts = tuple((y, per_year) for y in range(NOW - 1, max(year, NOW - 10) - 1, -1))
    return Paper(
        title=title,
        year=year,
        abstract=abstract,
        doi=doi,
        arxiv_id=arxiv,
        openalex_id=wid,
        openalex_ids=[wid],
        citations=cites,
        citation_source="openalex",
        sources=["openalex"],
        impact=Impact(
            percentile=pct,
            top_1_percent=pct is not None and pct >= 0.99,
            top_10_percent=pct is not None and pct >= 0.9,
            fwci=fwci,
            counts_by_year=counts,
        ),
        references=refs or [],
        topic=topic,
    )


RESNET = work(
    "Deep Residual Learning for Image Recognition",
    2016,
    abstract="Deeper neural networks are more difficult to train. We present a residual "
    "learning framework for image recognition.",
    pct=0.99999,
    fwci=900.0,
    cites=200_000,
)
TRANSFORMER = work(
    "Attention Is All You Need",
    2017,
    abstract="The dominant sequence transduction models are based on recurrent or "
    "convolutional neural networks. We propose the Transformer, based on attention.",
    pct=0.99999,
    fwci=800.0,
    cites=150_000,
)


def titles(ranked: list[Ranked]) -> list[str]:
    return [r.paper.title for r in ranked]


def test_hugely_cited_off_topic_papers_are_never_picked() -> None:
    on_topic = [
        work(f"Collaborative filtering study {i}", 2015 + i % 10, pct=0.6, cites=20)
        for i in range(3)
    ]
    ranked = rank([RESNET, TRANSFORMER, *on_topic], domain(RECSYS_TERMS), top=10, now_year=NOW)
    # However many slots are left, a paper matching no domain term does not fill one.
    assert len(ranked) == 3
    assert RESNET.title not in titles(ranked) and TRANSFORMER.title not in titles(ranked)


def test_phrases_synonyms_and_stemming() -> None:
    paper = Paper(
        title="Recommending items with two-tower networks",
        abstract="A recommender for candidate generation. Our click-through rate (CTR) rises.",
    )
    found = matched_terms(paper, RECSYS_TERMS)
    # "recommendation | recommender" counts once; "two-tower" matches the hyphenated phrase.
    assert found == [
        "recommendation | recommender",
        "two-tower",
        "candidate generation",
        "click-through rate | CTR",
    ]
    scattered = Paper(title="Tower", abstract="the tower of two cities, the two of us")
    assert matched_terms(scattered, ["two-tower"]) == []
    assert matched_terms(Paper(title="Clickthrough rates"), ["click-through rate"]) == [
        "click-through rate"
    ]
    assert matched_terms(Paper(title="Collaborative filters"), ["collaborative filtering"])


def test_generic_terms_weigh_less_than_specific_ones() -> None:
    # Every candidate says "recommendation"; only one says "two-tower". With equal impact, the
    # specific match ranks first.
    pool = [
        work(f"A recommendation method {i}", 2018, pct=0.95, fwci=3.0, cites=300) for i in range(12)
    ]
    specific = work("A two-tower recommendation model", 2018, pct=0.95, fwci=3.0, cites=300)
    ranked = rank([*pool, specific], domain(RECSYS_TERMS), top=13, now_year=NOW)
    assert ranked[0].paper.title == specific.title
    assert ranked[0].relevance > ranked[-1].relevance


def test_percentile_beats_raw_counts_outside_the_classic_slot() -> None:
    new = work("Generative retrieval for recommendation", 2024, pct=0.995, fwci=25.0, cites=300)
    old = work("Matrix factorization for recommendation", 2009, pct=0.97, fwci=8.0, cites=9000)
    assert (impact_score(new, NOW) or 0) > (impact_score(old, NOW) or 0)
    ranked = rank([old, new], domain(RECSYS_TERMS), top=2, now_year=NOW)
    assert ranked[0].paper == new
    # ... and the 2009 paper still gets the classic slot when there is one.
    by_slot = {r.slot: r.paper for r in rank([old, new], domain(RECSYS_TERMS), top=3, now_year=NOW)}
    assert by_slot["classic"] == old


def test_percentile_scale() -> None:
    assert percentile_score(Impact(percentile=0.9)) == pytest_approx(1 / 3)
    assert percentile_score(Impact(percentile=0.99)) == pytest_approx(2 / 3)
    assert percentile_score(Impact(percentile=0.9999)) == 1.0
    assert percentile_score(Impact(year_percentile=(98, 100))) == pytest_approx(2 / 3, 0.01)
    assert percentile_score(Impact()) is None


def pytest_approx(value: float, tol: float = 1e-6) -> object:
    import pytest

    return pytest.approx(value, abs=tol)


def test_unknown_impact_is_unknown_not_zero_and_ranks_after_verified() -> None:
    unknown = Paper(
        title="Two-tower candidate generation for recommendation at scale",
        year=2025,
        arxiv_id="2501.00001",
        sources=["arxiv"],
    )
    weak = work("A recommendation note", 2012, pct=0.2, fwci=0.1, cites=3)
    ranked = rank([unknown, weak], domain(RECSYS_TERMS), top=2, now_year=NOW)
    assert titles(ranked) == [weak.title, unknown.title]
    assert ranked[1].impact is None and not ranked[1].verified
    assert "impact unknown" in ranked[1].why
    assert impact_score(unknown, NOW) is None


def test_a_seed_whose_record_was_not_found_never_outranks_a_verified_paper() -> None:
    seed = SeedPaper(title="Amazon.com Recommendations: Item-to-Item Collaborative Filtering",
                year=2003, doi="10.1109/MIC.2003.1167344", tier="classic")  # fmt: skip
    unfound = Paper(title=seed.title, year=2003, doi=seed.doi, sources=["seed"])
    # Verified old papers OpenAlex counts in their year's top 10 % (a paper below it is no
    # classic: test_a_history_slot_needs_a_notable_paper).
    verified = [
        work(f"Session-based recommendation {i}", 2014 - i, pct=0.95, cites=80) for i in range(3)
    ]
    ranked = rank([unfound, *verified], domain(RECSYS_TERMS, [seed]), top=4, now_year=NOW)
    assert ranked[-1].paper.title == seed.title and not ranked[-1].verified
    # The classic slot went to a verified old paper, not to the unfound classic seed.
    assert next(r for r in ranked if r.slot == "classic").verified
    # Asked for fewer, the unfound seed is left out.
    ranked = rank([unfound, *verified], domain(RECSYS_TERMS, [seed]), top=3, now_year=NOW)
    assert seed.title not in titles(ranked)


def test_without_any_openalex_record_the_seeds_are_the_backstop() -> None:
    seeds = [
        SeedPaper(title=f"Collaborative filtering classic {i}", tier="classic") for i in range(2)
    ]
    records = [Paper(title=s.title, sources=["seed"]) for s in seeds]
    noise = Paper(title="Recommendation musings", sources=["scholar"], citations=5000,
                  citation_source="scholar")  # fmt: skip
    ranked = rank([*records, noise], domain(RECSYS_TERMS, list(seeds)), top=2, now_year=NOW)
    assert set(titles(ranked)) == {s.title for s in seeds}


def test_slots_follow_seed_tiers_and_cover_history_and_current_practice() -> None:
    classic = SeedPaper(
        title="Matrix Factorization Techniques for Recommender Systems", tier="classic"
    )
    core_a = SeedPaper(title="Deep Neural Networks for YouTube Recommendations", tier="core")
    core_b = SeedPaper(title="Wide & Deep Learning for Recommender Systems", tier="core")
    frontier = SeedPaper(
        title="Recommender Systems with Generative Retrieval",
        tier="frontier",
        why="Generative retrieval over semantic IDs",
    )
    seeds: list[SeedPaper] = [classic, core_a, core_b, frontier]
    papers = [
        work(classic.title, 2009, pct=0.9999, fwci=60, cites=9000),
        work(core_a.title, 2016, pct=0.9995, fwci=40, cites=3000),
        work(core_b.title, 2016, pct=0.9993, fwci=35, cites=3100),
        work(frontier.title, 2023, pct=0.995, fwci=20, cites=300),
        # A strong non-seed: fills the free slot.
        work("Sampling-bias-corrected two-tower recommendation", 2019, pct=0.999, cites=900),
        work("A weak recommendation paper", 2021, pct=0.3, fwci=0.2, cites=4),
    ]
    ranked = rank(papers, domain(RECSYS_TERMS, seeds), top=5, now_year=NOW)
    assert quotas(5) == {"classic": 1, "core": 2, "frontier": 1, "score": 1}
    slots = {r.paper.title: r.slot for r in ranked}
    assert slots == {
        classic.title: "classic",
        core_a.title: "core",
        core_b.title: "core",
        frontier.title: "frontier",
        "Sampling-bias-corrected two-tower recommendation": "score",
    }
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5]
    assert all(a.score >= b.score for a, b in itertools.pairwise(ranked))
    why = next(r.why for r in ranked if r.paper.title == frontier.title)
    assert why.startswith("frontier: seed (frontier), top 1% of 2023, FWCI 20.0")
    # The domain file's own words close the line as a sentence of their own.
    assert why.endswith(" — Generative retrieval over semantic IDs")


def test_quotas_add_up() -> None:
    for top in range(0, 51):
        q = quotas(top)
        assert sum(q.values()) == top and min(q.values()) >= 0
    assert quotas(10) == {"classic": 2, "core": 3, "frontier": 2, "score": 3}
    assert quotas(1) == {"classic": 0, "core": 0, "frontier": 0, "score": 1}


def test_the_citation_graph_is_canon_evidence() -> None:
    seeds: list[SeedPaper] = [SeedPaper(title=f"Seed recommendation paper {i}") for i in range(4)]
    seed_works = [
        work(s.title, 2016, pct=0.999, wid=f"W{i + 1}", refs=["W900"]) for i, s in enumerate(seeds)
    ]
    # Cites all four seeds (how DLRM relates to the recsys canon) but matches no term by name.
    builder = work("Deep learning model for personalization", 2019, pct=0.95,
                   refs=["W1", "W2", "W3", "W4"])  # fmt: skip
    # Cited by all four seeds but generic: a tool, not canon.
    tool = work("Adam: A Method for Stochastic Optimization", 2014, pct=0.99999, wid="W900")
    lonely = work("A recommendation paper of equal impact", 2019, pct=0.95)
    ranked = rank([*seed_works, builder, tool, lonely], domain(RECSYS_TERMS, seeds), top=7,
                  now_year=NOW)  # fmt: skip
    by_title = {r.paper.title: r for r in ranked}
    assert tool.title not in by_title  # the gate: matches nothing, cites no seed
    assert by_title[builder.title].cites_seeds == 4
    assert "cites 4 of your seeds" in by_title[builder.title].why
    assert by_title[builder.title].score > by_title[lonely.title].score
    assert by_title[seeds[0].title].cited_by_seeds == 0


def test_cited_by_seeds_is_reported() -> None:
    seeds: list[SeedPaper] = [SeedPaper(title=f"Seed recommendation paper {i}") for i in range(3)]
    classic = work("Item-based collaborative filtering", 2001, pct=0.999, wid="W77")
    seed_works = [work(s.title, 2017, refs=["W77"]) for s in seeds]
    ranked = rank([classic, *seed_works], domain(RECSYS_TERMS, seeds), top=4, now_year=NOW)
    found = next(r for r in ranked if r.paper.title == classic.title)
    assert found.cited_by_seeds == 3 and "cited by 3 of your seeds" in found.why


def test_facets_are_covered_before_one_repeats() -> None:
    d = domain(
        RECSYS_TERMS,
        retrieval=["two-tower", "candidate generation"],
        ranking=["click-through rate | CTR"],
    )
    retrieval = [
        work(f"Two-tower retrieval {i} for recommendation", 2019, pct=0.999 - i / 1000)
        for i in range(3)
    ]
    ranking = work("CTR prediction for recommendation", 2019, pct=0.99)
    ranked = rank([*retrieval, ranking], d, top=2, now_year=NOW)
    assert {r.facet for r in ranked} == {"retrieval", "ranking"}


def test_near_duplicates_take_one_slot() -> None:
    a = work("DeepFM: A Factorization-Machine based Neural Network for CTR Prediction", 2017)
    b = work("DeepFM: An End-to-End Wide & Deep Learning Framework for CTR Prediction", 2018)
    c = work("Deep & Cross Network for Ad Click Predictions with CTR", 2017, pct=0.5)
    assert near_duplicate(a, b) and not near_duplicate(a, c)
    ranked = rank([a, b, c], domain(RECSYS_TERMS), top=2, now_year=NOW)
    assert len({r.paper.title.split(":")[0] for r in ranked}) == 2


def test_a_seedless_domain_ranks_by_search_and_impact() -> None:
    fraud = Domain(
        name="fraud", aliases=[], description="", arxiv_categories=[], terms=[], seeds=[],
        queries={"openalex": ['"fraud detection"'], "scholar": ["credit card fraud"]},
        framing=Framing(),
    )  # fmt: skip
    strong = work("Credit card fraud detection with graph networks", 2021, pct=0.999)
    classic = work("Statistical fraud detection: a review", 2002, pct=0.995)
    weak = work("Fraud detection in a small shop", 2020, pct=0.2, fwci=0.1, cites=2)
    off = work("Graph networks for molecules", 2021, pct=0.9999)
    ranked = rank([weak, off, classic, strong], fraud, top=3, now_year=NOW)
    assert titles(ranked)[:2] == [strong.title, classic.title]
    assert off.title not in titles(ranked)
    # No seeds: the classic slot takes the old paper; no paper is recent enough for the frontier
    # slot, so that pick goes by score.
    assert [r.slot for r in ranked[:2]] == ["core", "classic"]


def test_a_history_slot_needs_a_notable_paper() -> None:
    # No seeds. The only old and the only recent papers are on topic but below OpenAlex's top
    # 10 % of their year: no classic, no frontier -- those picks go by score (where they may
    # still win on their score).
    d = domain(RECSYS_TERMS)
    strong = [work(f"Two-tower retrieval {i} for recommendation", 2019 + i % 3, pct=0.999)
              for i in range(3)]  # fmt: skip
    old = work("A collaborative filtering study", 2010, pct=0.85, cites=40)
    new = work("A sequential recommendation study", 2025, pct=0.85, cites=4)
    ranked = rank([*strong, old, new], d, top=3, now_year=NOW)
    assert {r.slot for r in ranked} <= {"core", "score"}
    # In OpenAlex's top 10 %, the same papers fill the history slots.
    notable = [work(p.title, p.year or NOW, pct=0.92, cites=p.citations or 0) for p in (old, new)]
    ranked = rank([*strong, *notable], d, top=3, now_year=NOW)
    slots = {r.paper.title: r.slot for r in ranked}
    assert slots[old.title] == "classic" and slots[new.title] == "frontier"


def test_a_second_history_pick_must_also_be_a_contender() -> None:
    # No seeds, --top 10 (two frontier slots). The first frontier slot is guaranteed; a second
    # frontier paper must also be among the ten best by score, else that pick goes by score.
    d = domain(RECSYS_TERMS)
    text = "Two-tower candidate generation for sequential recommendation."

    def strong(n: int) -> list[Paper]:
        return [work(f"Model {i}", 2016 + i % 4, abstract=text, pct=0.999, cites=3000)
                for i in range(n)]  # fmt: skip

    fresh = work("A sequential recommender", 2025, abstract=text, pct=0.99, cites=100)
    # In its year's top 10 %, far below the list by score: a thin pool's weakest.
    thin = work("A recommendation study", 2025, abstract=text, pct=0.91, fwci=1.0, cites=4)
    ranked = rank([*FILLERS, *strong(9), fresh, thin], d, top=10, now_year=NOW)
    slots = {r.paper.title: r.slot for r in ranked}
    assert slots[fresh.title] == "frontier" and thin.title not in slots
    # Two recent papers among the ten best take both frontier slots.
    rivals = [work(f"Sequential recommender {i}", 2024, abstract=text, pct=0.995, cites=600 - i)
              for i in range(2)]  # fmt: skip
    ranked = rank([*FILLERS, *strong(8), *rivals, thin], d, top=10, now_year=NOW)
    slots = {r.paper.title: r.slot for r in ranked}
    assert [slots.get(r.title) for r in rivals] == ["frontier", "frontier"]
    assert thin.title not in slots


def test_a_seedless_domain_counts_the_graph_around_its_anchors() -> None:
    d = domain(RECSYS_TERMS)
    anchors = [work(f"Two-tower recommendation {i}", 2019, pct=0.999, wid=f"W{i + 1}")
               for i in range(3)]  # fmt: skip
    builder = work("Candidate generation at scale", 2022, pct=0.95, refs=["W1", "W2", "W3"])
    lonely = work("Candidate generation at a small scale", 2022, pct=0.95)
    # Cites every anchor but matches no term: the anchors are evidence, never a pass.
    stray = work("Optimisation of something else", 2022, pct=0.999, refs=["W1", "W2", "W3"])
    ranked = rank([*anchors, builder, lonely, stray], d, top=6, now_year=NOW,
                  anchors=["W1", "W2", "W3"])  # fmt: skip
    by_title = {r.paper.title: r for r in ranked}
    assert stray.title not in by_title
    assert by_title[builder.title].cites_seeds == 3
    assert "cites 3 of the best search hits" in by_title[builder.title].why
    assert by_title[builder.title].score > by_title[lonely.title].score
    # Without anchors the same two papers tie.
    plain = {r.paper.title: r for r in rank([*anchors, builder, lonely], d, top=6, now_year=NOW)}
    assert plain[builder.title].score == plain[lonely.title].score


def test_seed_by_doi_arxiv_or_title() -> None:
    seeds = [SeedPaper(title="Deep Neural Networks for YouTube Recommendations",
                       doi="10.1145/2959100.2959190")]  # fmt: skip
    assert is_seed(Paper(title="x", doi="https://doi.org/10.1145/2959100.2959190"), seeds)
    assert is_seed(Paper(title="Deep neural networks for YouTube recommendations."), seeds)
    assert not is_seed(Paper(title="Something else"), seeds)


def test_since_leaves_older_papers_out() -> None:
    old = work("Collaborative filtering in 1998", 1998, pct=0.9999)
    new = work("Collaborative filtering in 2022", 2022, pct=0.5)
    assert titles(rank([old, new], domain(RECSYS_TERMS), since=2020, now_year=NOW)) == [new.title]


# -- properties -----------------------------------------------------------------------------------

TITLES = [
    "Collaborative filtering for recommendation",
    "Two-tower candidate generation",
    "Image recognition",
    "CTR prediction",
    "Sequential recommendation with transformers",
    "Graph networks",
]

impacts = st.one_of(
    st.none(),
    st.builds(
        Impact,
        percentile=st.one_of(st.none(), st.floats(0, 1)),
        fwci=st.one_of(st.none(), st.floats(0, 500)),
        counts_by_year=st.just(((2025, 10), (2024, 5))),
    ),
)
papers = st.builds(
    Paper,
    title=st.sampled_from(TITLES),
    year=st.one_of(st.none(), st.integers(1990, 2026)),
    citations=st.one_of(st.none(), st.integers(0, 10**6)),
    citation_source=st.sampled_from([None, "openalex", "scholar"]),
    impact=impacts,
    sources=st.just(["openalex"]),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(papers, max_size=12), st.integers(0, 12), st.randoms(use_true_random=False))
def test_rank_properties(items: list[Paper], top: int, rnd: random.Random) -> None:
    d = domain(RECSYS_TERMS, [SeedPaper(title="CTR prediction", tier="classic")])
    ranked = rank(items, d, top=top, now_year=NOW)
    assert len(ranked) <= top
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    # Never off topic: every pick matches a term (or is the seed).
    assert all(r.matched or r.seed_tier for r in ranked)
    assert all(r.paper.title not in ("Image recognition", "Graph networks") for r in ranked)
    # Verified papers first, each group by score.
    keys = [(not r.verified, -r.score) for r in ranked]
    assert keys == sorted(keys)
    # Deterministic: the same candidates in any order give the same list.
    shuffled = list(items)
    rnd.shuffle(shuffled)
    again = rank(shuffled, d, top=top, now_year=NOW)
    assert [(r.paper.title, r.slot, r.score) for r in again] == [
        (r.paper.title, r.slot, r.score) for r in ranked
    ]


def test_a_term_with_synonyms_matches_once_when_any_synonym_does() -> None:
    paper = Paper(title="Deep CTR models", abstract="Two towers for click prediction.")
    assert matched_terms(paper, ["click-through rate | CTR", "two-tower | two towers"]) == [
        "click-through rate | CTR",
        "two-tower | two towers",
    ]
    assert matched_terms(paper, ["session-based | sequential"]) == []


# -- relevance that does not saturate, facet terms, foreign topics -------------------------------

#: Papers that match none of the test domains' terms: they only make the terms below rare.
FILLERS = [work(f"Filler study number {i}", 2018) for i in range(20)]


def relevance_of(ranked: list[Ranked], paper: Paper) -> float:
    return next(r.relevance for r in ranked if r.paper.title == paper.title)


def test_relevance_grows_with_the_terms_matched_and_two_rare_terms_do_not_make_it_1() -> None:
    two = work("Model one", 2018, abstract="Two-tower networks for candidate generation.")
    three = work(
        "Model two", 2018, abstract="Two-tower candidate generation for sequential recommendation."
    )
    ranked = rank([*FILLERS, two, three], domain(RECSYS_TERMS), top=2, now_year=NOW)
    assert relevance_of(ranked, two) < relevance_of(ranked, three) < 1.0


def test_a_common_single_word_says_less_than_a_phrase_or_a_name() -> None:
    from paperprep.relevance import hits, parse_terms

    terms = parse_terms(["taxi", "two-tower", "click-through rate | CTR", "LambdaMART"])
    found = hits(terms, "Taxi demand with two-tower CTR models", "LambdaMART baselines")
    assert {terms[i].label: h.specific for i, h in found.items()} == {
        "taxi": False,
        "two-tower": True,
        "click-through rate": True,
        "LambdaMART": True,
    }
    assert found[3].in_title is False and found[0].in_title is True


def test_a_paper_matching_only_a_facet_term_never_passes_the_gate() -> None:
    # GCN says "graph convolution" (the domain's graph facet), not that it is about
    # recommendation: however cited, it is not a candidate (how BERT and GPT-3 entered a
    # seedless search-ranking list through "cross-encoder" and "large language model"). A
    # graph recommender that says both is, and counts the facet term at FACET_SHARE.
    d = domain(["session-based recommendation"], graph=["graph convolution"])
    gcn = work("Semi-supervised classification with graph convolutional networks", 2017,
               pct=0.9999, cites=50000)  # fmt: skip
    session = work("Session-based recommendation with recurrent networks", 2017)
    both = work("Session-based recommendation with graph convolution", 2017)
    ranked = rank([*FILLERS, gcn, session, both], d, top=3, now_year=NOW)
    assert gcn.title not in titles(ranked)
    assert relevance_of(ranked, session) < relevance_of(ranked, both)


ETA_TERMS = [
    "travel time estimation | travel time",
    "estimated time of arrival | arrival time",
    "ride-hailing",
    "road network",
]


def eta_pool(topic: str = "T-traffic") -> list[Paper]:
    places = ["Beijing", "Chengdu", "Porto", "Shanghai", "New York", "Xi'an", "Lagos", "Lima"]
    recent = [
        work(
            f"Travel time estimation in {place}",
            2019 + i % 5,
            abstract="Travel time of ride-hailing trips on the road network.",
            pct=0.97,
            fwci=4.0,
            topic=topic,
        )
        for i, place in enumerate(places)
    ]
    old = work(
        "Travel time estimation of ride-hailing trips from historical averages",
        2012,
        abstract="Travel time on the road network from similar historical trips.",
        pct=0.97,
        fwci=4.0,
        topic=topic,
    )
    return [*recent, old]


SEISMIC = work(
    "Seismic travel time tomography of the crust",
    2003,
    abstract="We invert the arrival times of earthquakes to image the crust.",
    pct=0.9999,
    fwci=60.0,
    cites=5000,
    topic="T-geophysics",
)


def test_a_hugely_cited_paper_on_a_topic_of_its_own_is_pulled_down() -> None:
    # A seedless user domain: the seismic paper matches two of its terms and is far more cited
    # than any ETA paper, but no other candidate shares its OpenAlex topic.
    eta = domain(ETA_TERMS)
    ranked = rank([*eta_pool(), SEISMIC], eta, top=5, now_year=NOW)
    assert SEISMIC.title not in titles(ranked)
    everything = rank([*eta_pool(), SEISMIC], eta, top=20, now_year=NOW)
    pulled = next(r for r in everything if r.paper.title == SEISMIC.title)
    assert "topic unlike the domain's" in pulled.why


def test_a_shared_topic_or_a_seeds_topic_is_not_foreign() -> None:
    eta = domain(ETA_TERMS)
    # Two candidates share the seismic topic: one is no longer alone on it.
    twin = dataclasses.replace(SEISMIC, title="Seismic travel time of the mantle", openalex_id="W9")
    alone = rank([*eta_pool(), SEISMIC], eta, top=20, now_year=NOW)
    shared = rank([*eta_pool(), SEISMIC, twin], eta, top=20, now_year=NOW)
    assert relevance_of(shared, SEISMIC) > relevance_of(alone, SEISMIC)
    # A seed on that topic makes it the domain's.
    seed = SeedPaper(title="Seismic travel time tomography of the crust", tier="classic")
    seeded = rank([*eta_pool(), SEISMIC], domain(ETA_TERMS, [seed]), top=20, now_year=NOW)
    assert relevance_of(seeded, SEISMIC) == 1.0
    # Without any topics known, nobody is pulled down.
    untopical = [dataclasses.replace(p, topic=None) for p in [*eta_pool(), SEISMIC]]
    plain = rank(untopical, eta, top=20, now_year=NOW)
    assert relevance_of(plain, SEISMIC) > relevance_of(alone, SEISMIC) / FOREIGN_TOPIC * 0.99


def test_a_pick_of_no_facet_counts_as_a_repeat_while_facets_are_missing() -> None:
    d = domain(RECSYS_TERMS, retrieval=["two-tower"], ranking=["click-through rate | CTR"])
    retrieval = work("Two-tower retrieval", 2019, pct=0.999)
    facetless = work("Sequential recommendation with transformers", 2019, pct=0.995)
    ranking = work("CTR prediction", 2019, pct=0.99)
    ranked = rank([*FILLERS, retrieval, facetless, ranking], d, top=2, now_year=NOW)
    assert titles(ranked) == [retrieval.title, ranking.title]
