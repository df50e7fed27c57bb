from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperprep.http import Http
from paperprep.ids import normalize_arxiv, normalize_doi, normalize_title
from paperprep.merge import combine, count_source, merge, same_work
from paperprep.models import Domain, Framing, Paper
from paperprep.rank import rank
from paperprep.settings import Settings
from paperprep.sources import make_source
from tests.mirror import Mirror, arxiv_body, mirror, openalex_body

__all__ = ["mirror"]


def test_normalize_doi_spellings() -> None:
    for spelling in (
        "10.1145/2988450.2988454",
        "https://doi.org/10.1145/2988450.2988454",
        "http://dx.doi.org/10.1145/2988450.2988454",
        "doi:10.1145/2988450.2988454",
        "HTTPS://DOI.ORG/10.1145%2F2988450.2988454",
    ):
        assert normalize_doi(spelling) == "10.1145/2988450.2988454"
    assert normalize_doi("not a doi") is None
    assert normalize_doi(None) is None


def test_normalize_arxiv_spellings() -> None:
    for spelling in (
        "1606.07792",
        "1606.07792v3",
        "arXiv:1606.07792v1",
        "https://arxiv.org/abs/1606.07792v2",
        "http://arxiv.org/pdf/1606.07792v2.pdf",
        "10.48550/arXiv.1606.07792",
        "https://doi.org/10.48550/arxiv.1606.07792",
    ):
        assert normalize_arxiv(spelling) == "1606.07792"
    assert normalize_arxiv("cs/0112017v1") == "cs/0112017"
    assert normalize_arxiv("hello") is None


def test_normalize_title_ignores_case_punctuation_ligatures() -> None:
    assert normalize_title("Wide & Deep Learning for Recommender Systems.") == normalize_title(
        "wide deep learning for recommender systems"
    )
    assert normalize_title("E\ufb03cient") == normalize_title("Efficient")


WIDE_ARXIV = Paper(
    title="Wide & Deep Learning for Recommender Systems",
    authors=["Heng-Tze Cheng", "Levent Koc"],
    year=2016,
    abstract="Generalized linear models with nonlinear feature transformations are widely used.",
    arxiv_id="1606.07792",
    doi="10.48550/arXiv.1606.07792",
    pdf_url="https://arxiv.org/pdf/1606.07792",
    url="https://arxiv.org/abs/1606.07792",
    sources=["arxiv"],
)
WIDE_OPENALEX = Paper(
    title="Wide & Deep Learning for Recommender Systems",
    authors=["Heng-Tze Cheng", "Levent Koc", "Jeremiah Harmsen", "Tal Shaked"],
    year=2016,
    venue="Proceedings of the 1st Workshop on Deep Learning for Recommender Systems",
    abstract="Short.",
    doi="https://doi.org/10.1145/2988450.2988454",
    openalex_id="W2475334473",
    citations=3200,
    citation_source="openalex",
    pdf_url="https://dl.acm.org/doi/pdf/10.1145/2988450.2988454",
    url="https://doi.org/10.1145/2988450.2988454",
    sources=["openalex"],
)
WIDE_SCHOLAR = Paper(
    title="Wide & deep learning for recommender systems",
    authors=["HT Cheng"],
    year=2017,
    citations=4100,
    citation_source="scholar",
    pdf_url="https://scholar.example/wide.html",
    sources=["scholar"],
)


def test_preprint_and_published_version_become_one_paper() -> None:
    [paper] = merge([WIDE_ARXIV, WIDE_OPENALEX, WIDE_SCHOLAR])
    assert paper.doi == "10.1145/2988450.2988454"
    assert paper.arxiv_id == "1606.07792"
    assert paper.venue == WIDE_OPENALEX.venue
    assert paper.year == 2016
    # One source of counts: OpenAlex's, not Scholar's higher one (Scholar runs higher and is
    # often blocked, so mixing them would reorder the list from run to run).
    assert paper.citations == 3200 and paper.citation_source == "openalex"
    assert paper.abstract == WIDE_ARXIV.abstract
    assert paper.authors == WIDE_OPENALEX.authors
    assert paper.openalex_id == "W2475334473"
    assert paper.sources == ["arxiv", "openalex", "scholar"]
    # arXiv's PDF first, the others kept as fallbacks
    assert paper.pdf_url == "https://arxiv.org/pdf/1606.07792"
    assert paper.pdf_urls == [
        "https://dl.acm.org/doi/pdf/10.1145/2988450.2988454",
        "https://scholar.example/wide.html",
    ]


def test_doi_match_is_case_and_prefix_insensitive() -> None:
    a = Paper(title="A", doi="10.1000/ABC", sources=["openalex"])
    b = Paper(title="Completely different title", doi="https://doi.org/10.1000/abc", sources=["x"])
    assert len(merge([a, b])) == 1


def test_arxiv_versions_merge() -> None:
    a = Paper(title="Old title", arxiv_id="1706.03762v1", sources=["arxiv"])
    b = Paper(title="Attention is all you need", arxiv_id="1706.03762v7", sources=["scholar"])
    [paper] = merge([a, b])
    assert paper.arxiv_id == "1706.03762"


def test_titles_more_than_a_year_apart_stay_apart() -> None:
    a = Paper(title="Deep Neural Networks for YouTube Recommendations", year=2016)
    b = Paper(title="Deep neural networks for YouTube recommendations", year=2019)
    c = Paper(title="Deep neural networks for YouTube recommendations", year=2017)
    assert len(merge([a, b])) == 2
    assert same_work(a, c)


def test_same_generic_title_with_different_dois_stays_apart() -> None:
    a = Paper(title="Introduction", year=2020, doi="10.1000/a")
    b = Paper(title="Introduction", year=2020, doi="10.1000/b")
    assert len(merge([a, b])) == 2


# The review of the eta domain (../shared/reviews/domains.md §1.1): a seed carrying DeepTTE's
# DOI and, wrongly, DeepTravel's arXiv id fused the two papers into one record.
DEEPTTE_SEED = Paper(
    title="When Will You Arrive? Estimating Travel Time Based on Deep Neural Networks",
    year=2018,
    doi="10.1609/aaai.v32i1.11877",
    arxiv_id="1802.02147",
    sources=["seed"],
)
DEEPTTE_OPENALEX = Paper(
    title="When Will You Arrive? Estimating Travel Time Based on Deep Neural Networks",
    year=2018,
    doi="https://doi.org/10.1609/aaai.v32i1.11877",
    openalex_id="W2788888881",
    citations=450,
    citation_source="openalex",
    sources=["openalex"],
)
DEEPTRAVEL_ARXIV = Paper(
    title="DeepTravel: a Neural Network Based Travel Time Estimation Model with Auxiliary "
    "Supervision",
    year=2018,
    arxiv_id="1802.02147v1",
    pdf_url="https://arxiv.org/pdf/1802.02147",
    sources=["arxiv"],
)
DEEPTRAVEL_OPENALEX = Paper(
    title="DeepTravel: a Neural Network Based Travel Time Estimation Model with Auxiliary "
    "Supervision",
    year=2018,
    venue="IJCAI",
    doi="10.24963/ijcai.2018/508",
    arxiv_id="1802.02147",
    openalex_id="W2799999992",
    citations=150,
    citation_source="openalex",
    sources=["openalex"],
)


def test_conflicting_published_dois_never_merge_through_a_shared_arxiv_id() -> None:
    records = [DEEPTTE_SEED, DEEPTTE_OPENALEX, DEEPTRAVEL_ARXIV, DEEPTRAVEL_OPENALEX]
    for order in (records, records[::-1], records[1:] + records[:1]):
        out = merge(order)
        assert len(out) == 2
        by_doi = {p.doi: p for p in out}
        deeptte = by_doi["10.1609/aaai.v32i1.11877"]
        deeptravel = by_doi["10.24963/ijcai.2018/508"]
        assert deeptte.title.startswith("When Will You Arrive")
        assert deeptte.citations == 450 and "seed" in deeptte.sources
        # DeepTravel keeps its own arXiv record (and PDF) and its own count.
        assert deeptravel.title.startswith("DeepTravel")
        assert deeptravel.citations == 150 and "arxiv" in deeptravel.sources
        assert deeptravel.pdf_url == "https://arxiv.org/pdf/1802.02147"
        assert not same_work(deeptte, deeptravel)


def test_versions_years_apart_merge_through_ids() -> None:
    # The Rise of Social Bots: arXiv 2014, CACM 2016 (review §1.2); the title rule allows only
    # one year, the ids join them.
    preprint = Paper(
        title="The Rise of Social Bots",
        year=2014,
        arxiv_id="1407.5225",
        doi="10.1145/2818717",  # arXiv's <arxiv:doi>: the journal version
        sources=["arxiv"],
    )
    journal = Paper(
        title="The rise of social bots",
        year=2016,
        venue="Communications of the ACM",
        doi="10.1145/2818717",
        citations=2500,
        citation_source="openalex",
        sources=["openalex"],
    )
    datacite = Paper(
        title="The Rise of Social Bots",
        year=2014,
        doi="10.48550/arXiv.1407.5225",
        openalex_id="W1",
        citations=40,
        citation_source="openalex",
        sources=["openalex"],
    )
    [paper] = merge([preprint, journal, datacite])
    assert paper.doi == "10.1145/2818717" and paper.arxiv_id == "1407.5225"
    assert paper.year == 2016 and paper.citations == 2500
    # Without an id in common, two years apart stay two papers.
    assert len(merge([Paper(title="The Rise of Social Bots", year=2014), journal])) == 2


def test_merge_orders_by_citations() -> None:
    a = Paper(title="Low", citations=3)
    b = Paper(title="High", citations=300)
    c = Paper(title="Unknown")
    assert [p.title for p in merge([c, a, b])] == ["High", "Low", "Unknown"]


def test_combine_single_record_is_stable() -> None:
    once = combine([WIDE_OPENALEX])
    assert combine([once]) == once
    assert once.doi == "10.1145/2988450.2988454"


# -- properties -------------------------------------------------------------------------------

TITLES = ["Wide and Deep", "wide & deep", "DeepFM", "Two Towers", "Attention"]
DOIS = [None, "10.1000/a", "10.1000/A", "https://doi.org/10.1000/b", "10.48550/arXiv.1606.07792"]
ARXIV = [None, "1606.07792", "1606.07792v2", "1703.04247", "cs/0112017v1"]
SOURCES = ["arxiv", "openalex", "scholar"]
URLS = [None, "https://arxiv.org/pdf/1", "https://x.org/a.pdf", "https://y.org/b.pdf"]

papers = st.builds(
    Paper,
    title=st.sampled_from(TITLES),
    authors=st.lists(st.sampled_from(["A", "B", "C"]), max_size=3),
    year=st.sampled_from([None, 2015, 2016, 2017, 2019]),
    venue=st.sampled_from([None, "arXiv", "KDD", "RecSys"]),
    abstract=st.sampled_from([None, "short", "a longer abstract"]),
    doi=st.sampled_from(DOIS),
    arxiv_id=st.sampled_from(ARXIV),
    openalex_id=st.sampled_from([None, "W1", "W2"]),
    citations=st.sampled_from([None, 0, 10, 3200]),
    citation_source=st.sampled_from([None, "openalex", "scholar"]),
    pdf_url=st.sampled_from(URLS),
    url=st.sampled_from([None, "https://doi.org/10.1000/a", "https://arxiv.org/abs/1"]),
    sources=st.lists(st.sampled_from(SOURCES), min_size=1, max_size=2, unique=True),
    pdf_urls=st.lists(st.sampled_from(URLS[1:]), max_size=2),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(papers, max_size=8), st.randoms(use_true_random=False))
def test_merge_is_order_independent(items: list[Paper], rnd: random.Random) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert merge(shuffled) == merge(items)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(papers, max_size=8))
def test_merge_is_idempotent(items: list[Paper]) -> None:
    once = merge(items)
    assert merge(once) == once


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(papers, max_size=8))
def test_merge_never_loses_a_source_or_a_count(items: list[Paper]) -> None:
    out = merge(items)
    assert len(out) <= len(items)
    assert {s for p in items for s in p.sources} == {s for p in out for s in p.sources}
    # Every count shown is one a source reported, OpenAlex's when it says so; a paper keeps a
    # count if any of its records had one.
    openalex = {p.citations for p in items if count_source(p) == "openalex"}
    reported = {p.citations for p in items if p.citations is not None}
    for paper in out:
        if paper.citations is not None:
            assert paper.citations in (
                openalex if paper.citation_source == "openalex" else reported
            )
    assert sum(p.citations is not None for p in out) >= min(
        1, sum(p.citations is not None for p in items)
    )
    for a in out:
        for b in out:
            if a is not b:
                assert not same_work(a, b)


def test_sources_merge_rank_on_assembled_recsys_responses(
    isolated_home: Path, mirror: Mirror
) -> None:
    """arXiv + OpenAlex search through the mirror, then merge and rank."""
    mirror.route("/api/query", arxiv_body("recsys_assembled"))
    mirror.route("/works", openalex_body("recsys_assembled"))
    settings = Settings(
        home=isolated_home,
        arxiv_url=mirror.url + "/api/query",
        openalex_url=mirror.url,
        arxiv_pdf_url=mirror.url + "/pdf",
        arxiv_delay=0,
        host_delay=0,
    )
    domain = Domain(
        name="recsys", aliases=[], description="",
        queries={"arxiv": ["recommender systems"], "openalex": ["recommender systems"]},
        arxiv_categories=["cs.IR"], terms=["recommendation", "ranking", "click-through rate"],
        seeds=[], framing=Framing(),
    )  # fmt: skip
    with Http(settings, sleep=lambda s: None) as http:
        found = [
            p
            for name in ("arxiv", "openalex")
            for p in make_source(name, settings, http).search(domain, limit=10, since=None)
        ]
    merged = merge(found)
    assert len(found) == 6 and len(merged) == 4
    wide = next(p for p in merged if p.arxiv_id == "1606.07792")
    assert wide.doi == "10.1145/2988450.2988454" and wide.citations == 3100
    assert wide.sources == ["arxiv", "openalex"]
    assert wide.pdf_url == mirror.url + "/pdf/1606.07792"
    deepfm = next(p for p in merged if p.arxiv_id == "1703.04247")
    assert deepfm.doi == "10.24963/ijcai.2017/239"  # joined by title, published DOI kept
    top = rank(merged, domain, top=3, now_year=2026)
    # By hand (now 2026, 3 terms): YouTube 2900 cites, 2/3 terms: 5.89 * 0.733 = 4.32;
    # DeepFM 2400 cites, 2/3 terms (merged arXiv abstract): 5.76 * 0.733 = 4.23;
    # Wide & Deep 3100 cites but only "recommendation": 5.94 * 0.467 = 2.77.
    assert [r.paper.doi for r in top] == [
        "10.1145/2959100.2959190",
        "10.24963/ijcai.2017/239",
        "10.1145/2988450.2988454",
    ]
    # Deep Interest Network has no citation count anywhere: it falls out of the top 3.
    assert "1706.06978" not in [r.paper.arxiv_id for r in top]
