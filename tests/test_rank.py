from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from paperprep.models import Domain, Framing, Paper, SeedPaper
from paperprep.rank import is_seed, matched_terms, rank

RECSYS = Domain(
    name="recsys",
    aliases=[],
    description="",
    queries={},
    arxiv_categories=[],
    terms=[
        "recommendation",
        "collaborative filtering",
        "ranking",
        "click-through rate",
        "embedding",
    ],
    seeds=[
        SeedPaper(
            title="DeepFM: A Factorization-Machine based Neural Network for CTR Prediction",
            arxiv_id="1703.04247",
        )
    ],
    framing=Framing(),
)

WIDE = Paper(
    title="Wide & Deep Learning for Recommender Systems",
    abstract="Jointly trained wide linear models and deep neural networks with embeddings "
    "for recommendation and ranking in app stores.",
    year=2016,
    citations=3200,
)
RESNET = Paper(
    title="Deep Residual Learning for Image Recognition",
    abstract="Deeper neural networks are more difficult to train.",
    year=2016,
    citations=200_000,
)
DEEPFM = Paper(title="DeepFM", arxiv_id="1703.04247v1", year=2017)
OBSCURE = Paper(
    title="Collaborative filtering embedding for click-through rate ranking in recommendation",
    year=2024,
    citations=10,
)


def test_hand_checked_order() -> None:
    # Wide&Deep: (1 + log10 3201 + log10 (1+3200/11)) * (0.2 + 0.8*3/5) = 6.97 * 0.68 = 4.74
    # DeepFM (seed, no count, no term in its title): (1 + 0 + 0) * 0.6 + 2.5 = 3.1
    # Obscure: (1 + log10 11 + log10 (1+10/3)) * 1.0 = 2.68
    # ResNet (off topic): (1 + log10 200001 + log10 (1+200000/11)) * 0.2 = 10.56 * 0.2 = 2.11
    ranked = rank([RESNET, OBSCURE, DEEPFM, WIDE], RECSYS, top=5, now_year=2026)
    assert [r.paper for r in ranked] == [WIDE, DEEPFM, OBSCURE, RESNET]
    assert [r.rank for r in ranked] == [1, 2, 3, 4]
    assert abs(ranked[0].score - 4.74) < 0.01
    assert abs(ranked[1].score - 3.1) < 0.01
    assert abs(ranked[3].score - 2.11) < 0.01
    assert ranked[0].why == "cited 3200×, 291/yr, matches 3/5 domain terms"
    assert ranked[1].why == "citations unknown, matches 0/5 domain terms, seed paper"


def test_top_and_since() -> None:
    assert [r.paper for r in rank([RESNET, WIDE, OBSCURE], RECSYS, top=1, now_year=2026)] == [WIDE]
    recent = rank([RESNET, WIDE, OBSCURE, DEEPFM], RECSYS, top=5, since=2020, now_year=2026)
    assert [r.paper for r in recent] == [OBSCURE]


def test_without_terms_citations_decide() -> None:
    plain = Domain(name="x", aliases=[], description="", queries={}, arxiv_categories=[],
                   terms=[], seeds=[], framing=Framing())  # fmt: skip
    ranked = rank([WIDE, RESNET], plain, now_year=2026)
    assert [r.paper for r in ranked] == [RESNET, WIDE]
    assert ranked[0].why == "cited 200000×, 18182/yr"


def test_recent_citations_per_year_beat_old_totals() -> None:
    old = Paper(title="Old recommendation ranking", year=1996, citations=2000)
    new = Paper(title="New recommendation ranking", year=2023, citations=1500)
    assert rank([old, new], RECSYS, now_year=2026)[0].paper == new


def test_matched_terms_whole_words_and_plurals() -> None:
    paper = Paper(title="Embeddings for Recommendations", abstract="We rank items.")
    assert matched_terms(paper, RECSYS.terms) == ["recommendation", "embedding"]


def test_seed_by_doi_arxiv_or_title() -> None:
    seeds = [SeedPaper(title="Deep Neural Networks for YouTube Recommendations",
                       doi="10.1145/2959100.2959190")]  # fmt: skip
    assert is_seed(Paper(title="x", doi="https://doi.org/10.1145/2959100.2959190"), seeds)
    assert is_seed(Paper(title="Deep neural networks for YouTube recommendations."), seeds)
    assert not is_seed(Paper(title="Something else"), seeds)
    assert is_seed(DEEPFM, RECSYS.seeds)


papers = st.builds(
    Paper,
    title=st.sampled_from(["recommendation ranking", "image recognition", "embedding", "x"]),
    year=st.one_of(st.none(), st.integers(1990, 2026)),
    citations=st.one_of(st.none(), st.integers(0, 10**6)),
)


@given(st.lists(papers, max_size=12), st.integers(0, 6))
def test_rank_properties(items: list[Paper], top: int) -> None:
    ranked = rank(items, RECSYS, top=top, now_year=2026)
    assert len(ranked) == min(top, len(items))
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert all(a.score >= b.score for a, b in itertools.pairwise(ranked))


@given(papers, st.integers(1, 10**5))
def test_more_citations_never_lower_the_score(paper: Paper, extra: int) -> None:
    more = Paper(title=paper.title, year=paper.year, citations=(paper.citations or 0) + extra)
    [a] = rank([paper], RECSYS, now_year=2026)
    [b] = rank([more], RECSYS, now_year=2026)
    assert b.score >= a.score


def test_a_term_with_synonyms_matches_once_when_any_synonym_does() -> None:
    paper = Paper(title="Deep CTR models", abstract="Two towers for click prediction.")
    assert matched_terms(paper, ["click-through rate | CTR", "two-tower | two towers"]) == [
        "click-through rate | CTR",
        "two-tower | two towers",
    ]
    assert matched_terms(paper, ["session-based | sequential"]) == []
