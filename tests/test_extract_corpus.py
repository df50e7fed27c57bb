"""Extraction on the real dev corpus (../shared/corpus/pdfs); skipped when it is absent."""

from __future__ import annotations

import pytest

from paperprep.extract import extract_files, extract_pdf
from tests.conftest import corpus_pdf, corpus_pdfs

pytestmark = pytest.mark.corpus


def test_all_corpus_pdfs_extract_without_a_crash() -> None:
    paths = corpus_pdfs()
    assert len(paths) >= 18
    results = list(extract_files(paths, workers=2))
    assert sorted(r.path for r in results) == sorted(paths)
    for r in results:
        assert r.error is None, f"{r.path.name}: {r.error}"
        assert r.extraction is not None
        x = r.extraction
        assert x.pages and any(p.strip() for p in x.pages)
        # Page anchors point at real pages; titles carry no numbering.
        for s in x.sections:
            assert 1 <= s.page <= len(x.pages)
            assert not s.title[:1].isdigit()
        for field, evidence in x.evidence.items():
            assert len(evidence) <= 5, field
            for e in evidence:
                assert 1 <= e.page <= len(x.pages)
                assert e.section is None or e.section.lower() != "references"


def test_wide_and_deep_requirements() -> None:
    x = extract_pdf(corpus_pdf("wide-and-deep-2016.pdf").read_bytes())
    sections = {s.title: s.page for s in x.sections}
    expected = {
        "Introduction": 1,
        "Recommender System Overview": 2,
        "Wide & Deep Learning": 2,
        "System Implementation": 3,
        "Experiment Results": 3,
        "Related Work": 4,
        "Conclusion": 4,
    }
    for title, page in expected.items():
        assert sections.get(title) == page, (title, sections)
    text = "\n".join(x.pages)
    assert "effective" in text and "e↵ective" not in text
    assert "transformations" in text and "transfor-mations" not in text
    assert "\ufffe" not in text
    assert x.meta.title == "Wide & Deep Learning for Recommender Systems"
    assert x.meta.arxiv_id == "1606.07792"
    assert x.meta.abstract is not None and x.meta.abstract.startswith("Generalized linear models")


def test_slides_have_no_garbage_sections() -> None:
    x = extract_pdf(corpus_pdf("airbnb-search-ranking-slides-2018.pdf").read_bytes())
    assert x.sections == []


def test_pypdf_and_pdfium_agree_on_a_small_paper(capfd: pytest.CaptureFixture[str]) -> None:
    data = corpus_pdf("wide-and-deep-2016.pdf").read_bytes()
    a = extract_pdf(data, engine="pdfium")
    b = extract_pdf(data, engine="pypdf")
    assert (a.engine, b.engine) == ("pdfium", "pypdf")
    assert [s.title for s in b.sections] == [s.title for s in a.sections]
    assert [s.page for s in b.sections] == [s.page for s in a.sections]
    words_a = set(" ".join(a.pages).split())
    words_b = set(" ".join(b.pages).split())
    assert len(words_a & words_b) / len(words_a | words_b) > 0.8
    assert "effective" in " ".join(b.pages)
    # pypdf's font/xref complaints are in the warnings and the log, never on stderr.
    assert capfd.readouterr().err == ""


def test_the_same_pdf_gives_the_same_extraction_whatever_the_hash_seed() -> None:
    # The ranker summed a unit's word weights in a set's order, which follows Python's
    # per-process hash seed: under seed 8 this paper's scores differed in the last bits and a
    # near-tie broke the other way (different key facts). Re-running `add` must not change a note.
    import os
    import subprocess
    import sys

    path = corpus_pdf("wand-two-level-retrieval-2003.pdf")
    code = (
        "import dataclasses, json, sys\n"
        "from paperprep.extract import extract_pdf\n"
        "x = extract_pdf(open(sys.argv[1], 'rb').read())\n"
        "print(json.dumps(dataclasses.asdict(x), sort_keys=True))\n"
    )
    outputs = set()
    for seed in ("0", "8"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", code, str(path)], env=env,
                              capture_output=True, text=True, check=True)  # fmt: skip
        outputs.add(done.stdout)
    assert len(outputs) == 1
