from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperprep.errors import LibraryLocked, NotFound, PaperprepError
from paperprep.ids import normalize_arxiv, normalize_doi, normalize_title
from paperprep.library import Library, citation_key
from paperprep.models import Evidence, Extraction, Paper, PdfMeta, Section

WIDE = Paper(
    title="Wide & Deep Learning for Recommender Systems",
    authors=["Heng-Tze Cheng", "Levent Koc"],
    year=2016,
    arxiv_id="1606.07792v1",
    abstract="Generalized linear models with nonlinear feature transformations are widely used.",
    sources=["arxiv"],
)


@pytest.fixture
def lib() -> Library:
    return Library.memory()


def extraction(pages: list[str]) -> Extraction:
    ev = Evidence("data_format", "We train on 500 billion examples.", 2, "Experiments", 0.9)
    return Extraction(
        engine="pdfium",
        pages=pages,
        sections=[Section("Introduction", 1), Section("Experiments", 2)],
        evidence={"data_format": [ev], "features": [], "architecture": [], "findings": []},
        meta=PdfMeta(),
    )


def test_citation_key_is_surname_year_first_word() -> None:
    assert citation_key(WIDE) == "cheng2016wide"
    assert citation_key(
        Paper(title="The Netflix Recommender System", authors=["Gomez-Uribe, C."], year=2015)
    ) == ("gomezuribe2015netflix")
    assert citation_key(Paper(title="")) == "paper"


def test_same_work_from_two_sources_is_one_paper(lib: Library) -> None:
    first, created = lib.upsert_paper(WIDE)
    published = Paper(
        title="Wide & Deep Learning for Recommender Systems",
        year=2016,
        doi="10.1145/2988450.2988454",
        venue="DLRS 2016",
        citations=3200,
        citation_source="openalex",
        sources=["openalex"],
    )
    second, created_again = lib.upsert_paper(published)
    assert created and not created_again
    assert first == second
    record = lib.record(first)
    assert record.doi == "10.1145/2988450.2988454"
    assert record.arxiv_id == "1606.07792"
    assert record.citations == 3200 and record.citation_source == "openalex"
    assert lib.count() == 1


def test_citations_refresh_from_the_same_source(lib: Library) -> None:
    pid, _ = lib.upsert_paper(
        Paper(title="A long enough title for matching", citations=10, citation_source="openalex")
    )
    lib.upsert_paper(
        Paper(title="A long enough title for matching", citations=12, citation_source="openalex")
    )
    assert lib.record(pid).citations == 12


def test_edited_metadata_is_never_overwritten_by_sources(lib: Library) -> None:
    pid, _ = lib.upsert_paper(WIDE)
    lib.edit(pid, {"title": "Wide and Deep (fixed)", "year": 2017})
    lib.upsert_paper(
        Paper(
            title="Wide & Deep Learning for Recommender Systems", arxiv_id="1606.07792", year=2016
        )
    )
    record = lib.record(pid)
    assert record.title == "Wide and Deep (fixed)"
    assert record.year == 2017


def test_edit_rejects_bad_identifiers(lib: Library) -> None:
    pid, _ = lib.upsert_paper(WIDE)
    with pytest.raises(PaperprepError, match="DOI"):
        lib.edit(pid, {"doi": "not-a-doi"})
    with pytest.raises(PaperprepError, match="title"):
        lib.edit(pid, {"title": "  "})


def test_resolve_by_id_key_arxiv_and_doi(lib: Library) -> None:
    pid, _ = lib.upsert_paper(WIDE)
    lib.edit(pid, {"doi": "https://doi.org/10.1145/2988450.2988454"})
    for ref in (
        str(pid),
        "cheng2016wide",
        "1606.07792",
        "arXiv:1606.07792v2",
        "10.1145/2988450.2988454",
    ):
        assert lib.resolve(ref) == pid
    with pytest.raises(NotFound, match="no paper matches"):
        lib.resolve("nosuchkey")


def test_keys_stay_unique(lib: Library) -> None:
    a, _ = lib.upsert_paper(
        Paper(title="Deep learning one", authors=["A Smith"], year=2020, doi="10.1000/a")
    )
    b, _ = lib.upsert_paper(
        Paper(title="Deep learning two", authors=["B Smith"], year=2020, doi="10.1000/b")
    )
    assert lib.record(a).key == "smith2020deep"
    assert lib.record(b).key == "smith2020deepb"


def test_extraction_replaces_pages_sections_evidence_atomically(lib: Library) -> None:
    pid, _ = lib.upsert_paper(WIDE)
    lib.set_pdf(pid, path="x.pdf", sha256="abc", status="pending")
    lib.store_extraction(pid, extraction(["first page text about wide models", "second page"]))
    lib.store_extraction(pid, extraction(["only one page now"]))
    record = lib.record(pid)
    assert lib.page_text(pid) == ["only one page now"]
    assert record.pdf is not None and record.pdf.status == "ok" and record.pdf.pages == 1
    assert [s.title for s in record.sections] == ["Introduction", "Experiments"]
    assert record.evidence["data_format"][0].page == 2
    assert lib.search("wide models") == [] or lib.search("wide models")[0].where != "page 1"


def test_failed_write_leaves_no_half_rows(lib: Library) -> None:
    pid, _ = lib.upsert_paper(WIDE)
    lib.store_extraction(pid, extraction(["old text"]))
    bad = extraction(["new text"])
    bad.sections = [Section("ok", 1), Section(None, 1)]  # type: ignore[arg-type]  # NOT NULL fails
    with pytest.raises(sqlite3.IntegrityError):
        lib.store_extraction(pid, bad)
    assert lib.page_text(pid) == ["old text"]
    assert [s.title for s in lib.sections(pid)] == ["Introduction", "Experiments"]


def test_search_names_the_page_and_forgets_replaced_text(lib: Library) -> None:
    pid, _ = lib.upsert_paper(WIDE)
    pages = [f"Filler sentence number {i} about nothing much." for i in range(12)]
    pages[8] = "The cross-product transformation memorizes sparse feature interactions."
    lib.store_extraction(pid, extraction(pages))
    hits = lib.search("cross-product transformation")
    assert [(h.id, h.where) for h in hits] == [(pid, "page 9")]
    # Re-extraction replaces the paper's text: the old words are no longer found, the new are.
    lib.store_extraction(pid, extraction(["Only a logistic regression baseline."]))
    assert lib.search("memorizes") == []
    assert [h.where for h in lib.search("logistic regression")] == ["page 1"]


def test_a_snippet_across_a_page_break_names_the_page_of_its_match(lib: Library) -> None:
    pid, _ = lib.upsert_paper(WIDE)
    lib.store_extraction(pid, extraction(["Short first page.", "Embeddings are shared."]))
    [hit] = lib.search("embeddings")
    assert "Short first page." in hit.snippet  # the snippet spans both pages ...
    assert hit.where == "page 2"  # ... and names the page its match is on


def test_search_ranks_and_says_where(lib: Library) -> None:
    wide, _ = lib.upsert_paper(WIDE)
    other, _ = lib.upsert_paper(
        Paper(title="Matrix factorization techniques", year=2009, doi="10.1109/MC.2009.263")
    )
    lib.store_extraction(
        other, extraction(["Nothing here.", "We use implicit feedback from the Netflix Prize."])
    )
    lib.save_note_fields(wide, {"findings": "Jointly trained wide and deep beats both alone."})
    hits = lib.search("netflix")
    assert [h.id for h in hits] == [other]
    assert hits[0].where == "page 2"
    assert "«Netflix»" in hits[0].snippet
    note_hits = lib.search("jointly trained")
    assert note_hits[0].id == wide and note_hits[0].where == "note findings"
    assert lib.search("wide")[0].where == "title"


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "-", "*", "NEAR(", "AND", "a AND", "click-through", "OR OR", "(", "col:x", "^"],
)
def test_search_survives_fts_syntax(lib: Library, query: str) -> None:
    lib.upsert_paper(Paper(title="Click-through rate prediction and ranking", year=2019))
    try:
        hits = lib.search(query)
    except PaperprepError as exc:  # only "nothing to search for" is acceptable
        assert "nothing to search for" in str(exc)
    else:
        assert isinstance(hits, list)
    if query == "click-through":
        assert lib.search(query)[0].title.startswith("Click-through")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_search_never_raises_sqlite_errors(query: str) -> None:
    lib = Library.memory()
    lib.upsert_paper(Paper(title="Neural collaborative filtering", year=2017))
    with contextlib.suppress(PaperprepError):
        lib.search(query)


def test_status_tags_and_list_filters(lib: Library) -> None:
    a, _ = lib.upsert_paper(WIDE)
    b, _ = lib.upsert_paper(
        Paper(
            title="Deep neural networks for YouTube recommendations",
            year=2016,
            citations=5000,
            citation_source="openalex",
        )
    )
    lib.link_domain(a, "recsys", rank=2, why="seed")
    lib.link_domain(b, "recsys", rank=1, why="most cited")
    lib.set_status(a, "read")
    assert lib.update_tags(a, ["must-read", "google"], []) == ["google", "must-read"]
    assert lib.update_tags(a, [], ["google"]) == ["must-read"]
    assert [p.id for p in lib.list_papers(domain="recsys")] == [b, a]
    assert [p.id for p in lib.list_papers(status="read")] == [a]
    assert [p.id for p in lib.list_papers(tag="must-read")] == [a]
    assert lib.list_papers(domain="eta") == []
    with pytest.raises(PaperprepError, match="unknown status"):
        lib.set_status(a, "done")


def test_progress_counts_read_papers_and_filled_fields(lib: Library) -> None:
    a, _ = lib.upsert_paper(WIDE)
    b, _ = lib.upsert_paper(
        Paper(title="Deep neural networks for YouTube recommendations", year=2016)
    )
    lib.link_domain(a, "recsys", rank=1)
    lib.link_domain(b, "recsys", rank=2)
    lib.set_status(a, "read")
    lib.save_note_fields(a, {"summary": "x", "features": "y", "findings": "  "})
    [row] = lib.progress(["recsys"])
    assert (row.papers, row.read, row.fields_filled, row.fields_total) == (2, 1, 2, 14)
    assert row.next_key == lib.record(b).key


def test_one_note_per_paper_counts_in_every_domain_and_skipped_papers_leave_the_totals(
    lib: Library,
) -> None:
    a, _ = lib.upsert_paper(WIDE)
    b, _ = lib.upsert_paper(Paper(title="Deep neural networks for YouTube recs", year=2016))
    for domain in ("recsys", "ads-ctr"):
        lib.link_domain(a, domain, rank=1)
    lib.link_domain(b, "recsys", rank=2)
    lib.save_note_fields(a, {"summary": "mine", "features": "mine too"})
    lib.save_note_fields(b, {"summary": "about a paper I skip"})
    lib.set_status(b, "skipped")
    recsys, ads = sorted(lib.progress(["recsys", "ads-ctr"]), key=lambda r: r.domain != "recsys")
    # The paper's one note counts in each of its domains.
    assert (ads.fields_filled, ads.fields_total) == (2, 7)
    # The skipped paper is counted apart and leaves the readiness totals.
    assert (recsys.papers, recsys.skipped, recsys.reading_list) == (2, 1, 1)
    assert (recsys.fields_filled, recsys.fields_total) == (2, 7)
    assert recsys.to_json()["reading_list"] == 1


def test_progress_suggests_the_paper_being_read_then_the_best_ranked_unread(
    lib: Library,
) -> None:
    def paper(title: str, citations: int, rank: int | None) -> int:
        pid, _ = lib.upsert_paper(Paper(title=title, year=2020, citations=citations))
        lib.link_domain(pid, "eta", rank=rank)
        return pid

    unranked_popular = paper("Unranked but cited a lot", 9000, None)
    unranked_rare = paper("Unranked and rarely cited", 3, None)
    second = paper("Ranked second", 10, 2)
    first = paper("Ranked first", 5, 1)

    def suggested() -> str | None:
        return lib.progress(["eta"])[0].next_key

    assert suggested() == lib.record(first).key  # ranked before unranked, by rank
    lib.set_status(first, "read")
    assert suggested() == lib.record(second).key
    lib.set_status(unranked_rare, "reading")
    assert suggested() == lib.record(unranked_rare).key  # the one being read comes first
    for pid in (unranked_rare, second):
        lib.set_status(pid, "skipped")
    assert suggested() == lib.record(unranked_popular).key
    lib.set_status(unranked_popular, "read")
    assert suggested() is None


def test_locked_database_gives_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import paperprep.library as library_mod

    path = tmp_path / "library.db"
    lib = Library.open(path)
    monkeypatch.setattr(library_mod.base, "BUSY_TIMEOUT_MS", 200)
    lib.db.execute("pragma busy_timeout = 200")
    holder = sqlite3.connect(path)
    holder.execute("begin exclusive")
    try:
        with pytest.raises(LibraryLocked, match="locked by another process") as info:
            lib.upsert_paper(WIDE)
        assert info.value.hint and "try again" in info.value.hint
    finally:
        holder.rollback()
        holder.close()
    # Once the other process lets go, the same write works and nothing half-written remains.
    lib.upsert_paper(WIDE)
    assert lib.count() == 1


def test_two_writers_wait_for_each_other(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    Library.open(path).close()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            lib = Library.open(path)
            for i in range(20):
                lib.upsert_paper(
                    Paper(title=f"Paper number {n} variant {i} long title", doi=f"10.1000/{n}.{i}")
                )
            lib.close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Library.open(path).count() == 60


def test_not_a_database_file(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(PaperprepError, match="not a paperprep library"):
        Library.open(path)


@given(st.text(alphabet="0123456789.v", min_size=1, max_size=14))
def test_normalize_arxiv_is_version_less_and_idempotent(raw: str) -> None:
    value = normalize_arxiv(raw)
    if value is not None:
        assert "v" not in value
        assert normalize_arxiv(value) == value


def test_normalizers() -> None:
    assert normalize_doi("https://doi.org/10.1145/ABC.1") == "10.1145/abc.1"
    assert normalize_doi("nonsense") is None
    assert normalize_arxiv("https://arxiv.org/abs/1606.07792v3") == "1606.07792"
    assert normalize_title("Wide & Deep: Learning!") == "wide deep learning"


def test_big_index_ranked_in_two_halves_gives_the_same_hits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    import paperprep.library as library_mod

    rng = random.Random(7)
    words = ["graph", "attention", "click", "model", "ranking", "delivery", "session", "user"]
    lib = Library.open(tmp_path / "odd #1 name?" / "library.db")
    for i in range(120):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(5, 60)))
        pid, _ = lib.upsert_paper(
            Paper(title=f"Paper {i} " + rng.choice(words), year=2000 + i % 20)
        )
        lib.store_extraction(pid, extraction([text, " ".join(rng.sample(words, 3))]))
        if i % 3 == 0:
            lib.link_domain(pid, "recsys", rank=None)
    queries = [("graph attention", None), ("model", "recsys"), ('"click model" OR user', None)]
    single = [lib.search(q, domain=d, limit=15) for q, d in queries]
    assert all(single) and lib._reader is None

    monkeypatch.setattr(library_mod.search, "PARALLEL_ROWS", 10)
    parallel = [lib.search(q, domain=d, limit=15) for q, d in queries]
    assert lib._reader is not None  # the two-halves path really ran
    assert parallel == single
    lib.close()


def test_normalised_impact_is_stored_and_refreshed() -> None:
    from paperprep.models import Impact

    lib = Library.memory()
    paper = Paper(title="Wide & Deep", doi="10.1145/2988450.2988454", citations=3100)
    paper.impact = Impact(percentile=0.999, fwci=38.1)
    pid, _ = lib.upsert_paper(paper)
    record = lib.record(pid)
    assert (record.fwci, record.citation_percentile) == (38.1, 0.999)
    again = Paper(title="Wide & Deep", doi="10.1145/2988450.2988454", citations=3200)
    again.impact = Impact(percentile=0.999, fwci=40.2)
    lib.upsert_paper(again)
    assert lib.record(pid).fwci == 40.2
    # A source without OpenAlex's impact (a PDF, arXiv) leaves it as it was.
    lib.upsert_paper(Paper(title="Wide & Deep", doi="10.1145/2988450.2988454"))
    assert lib.record(pid).fwci == 40.2
