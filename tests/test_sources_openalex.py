from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperprep.errors import SourceError
from paperprep.http import Http
from paperprep.ids import normalize_doi
from paperprep.models import Domain, Framing, Paper
from paperprep.settings import Settings
from paperprep.sources import make_source
from paperprep.sources.openalex import BadRecord, OpenAlexSource, rebuild_abstract, to_paper
from paperprep.workflows.candidates import enrich
from tests.mirror import Mirror, Reply, mirror, openalex_body, openalex_json

__all__ = ["mirror"]

DOI_PATH = "/works/https://doi.org/10.1073%2Fpnas.1414271111"


def domain(queries: list[str]) -> Domain:
    return Domain(
        name="t", aliases=[], description="", queries={"openalex": queries},
        arxiv_categories=[], terms=[], seeds=[], framing=Framing(),
    )  # fmt: skip


def make(home: Path, mirror: Mirror, **kw: object) -> tuple[Settings, Http, OpenAlexSource]:
    values: dict[str, object] = {"openalex_url": mirror.url, "host_delay": 0.0, "retries": 1}
    values.update(kw)
    settings = Settings(home=home, **values)  # type: ignore[arg-type]
    http = Http(settings, sleep=lambda s: None)
    source = make_source("openalex", settings, http)
    assert isinstance(source, OpenAlexSource)
    return settings, http, source


def test_to_paper_maps_a_full_work() -> None:
    paper = to_paper(openalex_json("W2741809807"))
    assert paper.title.startswith("The state of OA")
    assert paper.doi == "10.7717/peerj.4375"
    assert paper.openalex_id == "W2741809807"
    assert paper.year == 2018
    assert paper.venue == "PeerJ"
    assert paper.citations == 962 and paper.citation_source == "openalex"
    assert paper.authors[:2] == ["Heather Piwowar", "Jason Priem"]
    assert paper.abstract and paper.abstract.startswith("Despite growing interest")
    assert paper.pdf_url == "https://peerj.com/articles/4375.pdf"
    assert "https://europepmc.org/articles/pmc5815332?pdf=render" in paper.pdf_urls
    assert paper.sources == ["openalex"]


def test_to_paper_oa_without_pdf_url_uses_arxiv() -> None:
    [work] = openalex_json("title-search_paperqa")["results"]
    paper = to_paper(work, pdf_base="https://pdfs.example/pdf")
    assert paper.arxiv_id == "2312.07559"
    assert paper.venue is None  # arXiv is a repository, not a venue
    assert paper.pdf_url == "https://pdfs.example/pdf/2312.07559"


def test_to_paper_published_and_preprint_records() -> None:
    published, preprint = (to_paper(w) for w in openalex_json("title-search_chemcrow")["results"])
    assert published.citations == 236
    assert published.pdf_url == "https://www.nature.com/articles/s42256-024-00832-8.pdf"
    assert preprint.arxiv_id == "2304.05376"
    assert preprint.citations == 106


@given(st.lists(st.text("abcdefghij", min_size=1, max_size=6), min_size=1, max_size=30))
def test_rebuild_abstract_round_trip(words: list[str]) -> None:
    index: dict[str, list[int]] = {}
    for pos, word in enumerate(words):
        index.setdefault(word, []).append(pos)
    assert rebuild_abstract(index) == " ".join(words)


def test_rebuild_abstract_empty() -> None:
    assert rebuild_abstract(None) is None
    assert rebuild_abstract({}) is None


def test_search_sends_query_sort_since_and_key(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/works", openalex_body("title-search_chemcrow"))
    _, _, source = make(isolated_home, mirror, openalex_key="K3Y-secret")
    papers = source.search(domain(['"llm" chemistry, tools|agents']), limit=5, since=2020)
    assert [p.citations for p in papers] == [236, 106]
    [seen] = mirror.hits("/works")
    # Title and abstract only (not the full text), quotes kept; a comma would end the filter
    # and "|" would OR filter values.
    assert seen.param("search") is None
    assert seen.param("filter") == (
        'title_and_abstract.search:"llm" chemistry tools OR agents,publication_year:>2019'
    )
    assert seen.param("sort") == "cited_by_count:desc"
    assert seen.param("per-page") == "5"
    assert "cited_by_percentile_year" in (seen.param("select") or "")
    assert seen.param("api_key") == "K3Y-secret"
    cached = b"".join(p.read_bytes() for p in (isolated_home / "cache").rglob("*.bin"))
    assert b"K3Y-secret" not in cached


def test_search_limit_applies_per_query(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/works", openalex_body("title-search_chemcrow"))
    _, _, source = make(isolated_home, mirror)
    assert len(source.search(domain(["a", "b"]), limit=1, since=None)) == 2
    assert mirror.hits("/works")[0].param("api_key") is None


def test_html_404_on_a_singleton_is_not_found(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route(
        "/works/https://doi.org/10.1046%2Fj.1365-2699.2003.00795",
        Reply(404, openalex_body("404.html"), content_type="text/html; charset=utf-8"),
    )
    _, _, source = make(isolated_home, mirror)
    assert source.work_by_doi("10.1046/j.1365-2699.2003.00795") is None


def test_html_error_on_a_list_is_a_one_line_error(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/works", Reply(404, openalex_body("404.html")))
    _, _, source = make(isolated_home, mirror)
    with pytest.raises(SourceError) as err:
        source.search(domain(["x"]), limit=5, since=None)
    assert str(err.value) == "openalex: OpenAlex answered HTTP 404 (404 Not Found)"


def test_non_json_200_is_an_error_and_not_cached(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route(
        "/works", Reply(200, b"<html>maintenance</html>"), openalex_body("title-search_paperqa")
    )
    _, _, source = make(isolated_home, mirror)
    with pytest.raises(SourceError, match="non-JSON"):
        source.search(domain(["x"]), limit=5, since=None)
    assert len(source.search(domain(["x"]), limit=5, since=None)) == 1


def test_forbidden_points_at_the_api_key(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/works", Reply(403, b'{"error": "Invalid API key"}'))
    _, _, source = make(isolated_home, mirror, openalex_key="bad")
    with pytest.raises(SourceError) as err:
        source.search(domain(["x"]), limit=5, since=None)
    assert "Invalid API key" in str(err.value)
    assert err.value.hint and "PAPERPREP_OPENALEX_KEY" in err.value.hint
    assert "bad" not in str(err.value)


def test_rate_limit_is_retried(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route(
        "/works", Reply(429, headers={"Retry-After": "1"}), openalex_body("title-search_paperqa")
    )
    _, _, source = make(isolated_home, mirror)
    assert len(source.search(domain(["x"]), limit=5, since=None)) == 1


def listed(*works: object) -> bytes:
    """Works in the list envelope OpenAlex answers a filter with.

    Built, not recorded: the envelope is the recorded title-search answer's (``meta``,
    ``results``); the works are recorded ones. No batched DOI look-up was recorded.
    """
    envelope = openalex_json("title-search_chemcrow")
    envelope["meta"]["count"] = len(works)
    envelope["results"] = list(works)
    return json.dumps(envelope).encode()


def test_enrich_by_doi(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/works", listed(openalex_json("doi-lookup")))
    _, _, source = make(isolated_home, mirror)
    scholar = Paper(
        title="Developing functional musculoskeletal tissues through hypoxia and lysyl "
        "oxidase-induced collagen cross-linking",
        doi="10.1073/PNAS.1414271111",
        sources=["scholar"],
    )
    [paper] = enrich(source, [scholar])
    assert paper.citations == 138 and paper.citation_source == "openalex"
    assert paper.openalex_id == "W2109415576"
    assert paper.sources == ["openalex", "scholar"]
    assert paper.abstract
    assert "https://europepmc.org/articles/pmc4234579?pdf=render" in [
        paper.pdf_url,
        *paper.pdf_urls,
    ]
    [request] = mirror.hits("/works")
    assert request.param("filter") == "doi:10.1073/pnas.1414271111"


def test_enrich_asks_for_fifty_dois_per_request(isolated_home: Path, mirror: Mirror) -> None:
    known = openalex_json("doi-lookup")
    mirror.route("/works", listed(known))
    mirror.route("/works", listed(), query={"filter": "title.search:Paper 60"})
    _, _, source = make(isolated_home, mirror)
    papers = [
        Paper(title=f"Paper {i}", doi=f"10.5555/p{i}", sources=["scholar"]) for i in range(60)
    ]
    papers[30] = Paper(title="Hypoxia", doi="10.1073/pnas.1414271111", sources=["scholar"])
    papers.append(Paper(title="Paper 60", sources=["scholar"]))  # no DOI: found by title
    enriched = enrich(source, papers)
    filters = [r.param("filter") for r in mirror.hits("/works")]
    batches = [f.removeprefix("doi:").split("|") for f in filters if f and f.startswith("doi:")]
    assert [len(b) for b in batches] == [50, 10]
    assert {d for b in batches for d in b} == {normalize_doi(p.doi) for p in papers if p.doi}
    # Only the work OpenAlex returned for a DOI that was asked for is merged, into its paper.
    assert [p.openalex_id for p in enriched].count("W2109415576") == 1
    assert enriched[30].citations == 138
    assert enriched[0] == papers[0]
    # Two batched DOI requests; each paper OpenAlex did not return by DOI (59) and the one
    # without a DOI fall back to a title look-up, as before batching.
    assert len(filters) == 2 + 59 + 1


def test_enrich_by_arxiv_id_then_title(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/works", listed(), query={"filter": "doi:10.48550/arxiv.2304.05376"})
    mirror.route("/works", openalex_body("title-search_chemcrow"))
    _, _, source = make(isolated_home, mirror)
    preprint = Paper(
        title="ChemCrow: Augmenting large-language models with chemistry tools",
        arxiv_id="2304.05376v5",
        year=2023,
        sources=["arxiv"],
    )
    unknown = Paper(title="Nothing like this exists", sources=["scholar"])
    enriched, same = enrich(source, [preprint, unknown])
    assert enriched.citations == 106 and enriched.openalex_id == "W4365597205"
    assert same == unknown
    filters = [r.param("filter") for r in mirror.hits("/works")]
    # First the batched arXiv-DOI look-up; then both title look-ups, in either order (they
    # overlap in threads).
    assert filters[0] == "doi:10.48550/arxiv.2304.05376"
    assert set(filters[1:]) == {
        "title.search:ChemCrow Augmenting large-language models with chemistry tools",
        "title.search:Nothing like this exists",
    }


def test_offline_enrich_uses_the_cache(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/works", listed(openalex_json("doi-lookup")))
    settings, _, source = make(isolated_home, mirror)
    paper = Paper(title="x", doi="10.1073/pnas.1414271111", sources=["scholar"])
    first = enrich(source, [paper])
    offline = OpenAlexSource(settings, Http(settings, offline=True))
    assert enrich(offline, [paper]) == first
    assert len(mirror.requests) == 1


def test_title_look_ups_overlap_but_keep_the_host_spacing(
    isolated_home: Path, mirror: Mirror
) -> None:
    mirror.route("/works", Reply(200, listed(), delay=0.3))
    settings = Settings(home=isolated_home, openalex_url=mirror.url, host_delay=0.1, retries=1)
    source = OpenAlexSource(settings, Http(settings))
    papers = [Paper(title=f"Unknown paper {i}", sources=["scholar"]) for i in range(5)]
    assert enrich(source, papers) == papers
    starts = sorted(r.time for r in mirror.hits("/works"))
    assert len(starts) == 5
    # Never closer than the host delay (pacing holds across threads) ...
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.08
    # ... but not one after another either: five 0.3 s answers took well under 5 x 0.3 s.
    assert starts[-1] - starts[0] < 4 * 0.3


def test_a_doi_with_filter_separators_is_looked_up_on_its_own(
    isolated_home: Path, mirror: Mirror
) -> None:
    mirror.route("/works/https://doi.org/10.1073%2Fpnas.1414271111,x", openalex_body("doi-lookup"))
    mirror.route("/works", listed())
    _, _, source = make(isolated_home, mirror)
    odd = Paper(title="Odd DOI", doi="10.1073/pnas.1414271111,x", sources=["scholar"])
    plain = Paper(title="Plain DOI", doi="10.5555/plain", sources=["scholar"])
    enriched, _ = enrich(source, [odd, plain])
    assert enriched.openalex_id == "W2109415576"
    # The batch carried only the DOI that fits in "doi:a|b"; a comma would have split the filter.
    batches = [r.param("filter") for r in mirror.hits("/works")]
    assert "doi:10.5555/plain" in batches
    assert not any("," in (f or "") for f in batches if (f or "").startswith("doi:"))


# -- impact fields and malformed answers (reliability review F5) ---------------------------------


def test_to_paper_reads_the_normalised_impact_and_the_graph() -> None:
    paper = to_paper(openalex_json("doi-lookup"))
    assert paper.impact is not None
    assert paper.impact.percentile == 0.999986 and paper.impact.top_1_percent
    assert paper.impact.year_percentile == (98, 99)
    assert paper.impact.fwci == 4.312
    assert paper.impact.counts_by_year[:2] == ((2025, 6), (2024, 13))
    assert paper.impact.recent_citations(2026) == 6 + 13
    assert paper.references and all(r.startswith("W") for r in paper.references)
    assert paper.openalex_ids == ["W2109415576"]


def mutate(path: str, value: object) -> dict[str, object]:
    """The recorded work W2741809807 with one field replaced (``a.b.0.c`` paths)."""
    work = openalex_json("W2741809807")
    *parents, last = path.split(".")
    node: object = work
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]  # type: ignore[index]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value  # type: ignore[index]
    return work  # type: ignore[no-any-return]


BAD_RECORDS = [
    ("publication_year", "MMXVI"),
    ("publication_year", 10**30),
    ("publication_year", True),
    ("title", ["a", "list"]),
    ("doi", 12345),
    ("authorships", {"author": "x"}),
    ("abstract_inverted_index", {"Despite": [None]}),
    ("abstract_inverted_index", {"Despite": "0"}),
    ("abstract_inverted_index", ["Despite"]),
    ("citation_normalized_percentile", {"value": 7}),
    ("cited_by_percentile_year", "high"),
    ("fwci", -1),
    ("counts_by_year", [{"year": "2020", "cited_by_count": 3}]),
    ("referenced_works", "W1"),
    ("id", 42),
]


@pytest.mark.parametrize(("path", "value"), BAD_RECORDS)
def test_a_malformed_work_is_a_bad_record(path: str, value: object) -> None:
    with pytest.raises(BadRecord):
        to_paper(mutate(path, value))


TOLERATED = [
    ("authorships.0", None),  # a null author: left out, the others kept
    ("authorships.0.author", None),
    ("primary_location", "a string"),
    ("locations.0", "a string"),
    ("best_oa_location.pdf_url", 12345),  # not a string: no link from it
    ("cited_by_count", "many"),  # unreadable: unknown, not zero
]


@pytest.mark.parametrize(("path", "value"), TOLERATED)
def test_a_malformed_part_of_a_good_work_is_left_out(path: str, value: object) -> None:
    paper = to_paper(mutate(path, value))
    assert paper.title.startswith("The state of OA") and paper.year == 2018
    assert all(isinstance(u, str) for u in [paper.pdf_url, *paper.pdf_urls] if u is not None)


def test_a_null_author_keeps_the_others() -> None:
    paper = to_paper(mutate("authorships.0", None))
    assert paper.authors[0] == "Jason Priem"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = sorted(openalex_json("W2741809807"))


@given(st.lists(st.tuples(st.sampled_from(FIELDS), json_values), max_size=4))
def test_to_paper_raises_only_bad_record(changes: list[tuple[str, object]]) -> None:
    work = openalex_json("W2741809807")
    for key, value in changes:
        work[key] = value
    try:
        paper = to_paper(work)
    except BadRecord:
        return
    assert isinstance(paper.title, str)
    assert paper.year is None or 1600 <= paper.year <= 2100


def test_search_skips_and_counts_malformed_works(isolated_home: Path, mirror: Mirror) -> None:
    good = openalex_json("doi-lookup")
    mirror.route("/works", listed(mutate("publication_year", "MMXVI"), "not a work", good, [1, 2]))
    _, _, source = make(isolated_home, mirror)
    papers = source.search(domain(["x"]), limit=5, since=None)
    assert [p.openalex_id for p in papers] == ["W2109415576"]
    assert source.skipped == 3


def test_walking_the_graph_asks_for_citing_works_and_common_references(
    isolated_home: Path, mirror: Mirror
) -> None:
    _, _, source = make(isolated_home, mirror)
    mirror.route("/works", listed(openalex_json("doi-lookup")))
    citing = source.citing(["W2", "W1", "not-an-id"], since=2023, limit=50)
    assert [p.openalex_id for p in citing] == ["W2109415576"]
    by_id = source.works_by_ids(["W2109415576", "W9"])
    assert list(by_id) == ["W2109415576"]
    filters = [r.param("filter") for r in mirror.hits("/works")]
    assert filters == ["cites:W1|W2,publication_year:>2022", "openalex:W2109415576|W9"]
    assert mirror.hits("/works")[0].param("sort") == "cited_by_count:desc"
