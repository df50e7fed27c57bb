"""Extraction rules on small generated PDFs (tests/pdfgen.py) and the error cases."""

from __future__ import annotations

import dataclasses
import io
import logging
from pathlib import Path

import pytest
from fpdf import FPDF

from paperprep.errors import ExtractError
from paperprep.extract import ExtractResult, extract_files, extract_pdf
from paperprep.models import EVIDENCE_FIELDS
from tests.pdfgen import DEJAVU, DEJAVU_BOLD, Spec, paper_pdf

FILLER = (
    "We describe the serving system in detail and explain how the model is trained every day "
    "on fresh logs so that new items can be recommended quickly to users. "
)


def long_sections(n: int = 4, filler_repeat: int = 24) -> list[tuple[str, list[str]]]:
    """Enough text for several pages, so running headers and page numbers repeat."""
    names = ["Introduction", "Model Architecture", "Experiments", "Conclusion"]
    return [(f"{i + 1} {names[i % 4]}", [FILLER * filler_repeat]) for i in range(n)]


def all_text(x: object) -> str:
    return "\n".join(x.pages)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# the happy path


def test_default_paper_sections_meta_and_evidence() -> None:
    x = extract_pdf(paper_pdf())
    assert x.engine == "pdfium"
    assert [(s.title, s.page) for s in x.sections] == [
        ("Abstract", 1),
        ("Introduction", 1),
        ("Model Architecture", 1),
        ("Experiments", 1),
        ("Conclusion", 1),
    ]
    assert x.meta.title == "Deep Interest Networks for Click Prediction"
    assert x.meta.authors == ["Ada Lovelace", "Alan Turing"]
    assert x.meta.abstract is not None and x.meta.abstract.startswith("We propose a deep network")
    assert set(x.evidence) == set(EVIDENCE_FIELDS)
    data = " ".join(e.text for e in x.evidence["data_format"][:2])
    assert "500 million impression logs" in data
    arch = [e for e in x.evidence["architecture"] if "three fully connected" in e.text]
    assert arch and arch[0].section == "Model Architecture" and arch[0].page == 1
    findings = " ".join(e.text for e in x.evidence["findings"])
    assert "2.3%" in findings
    for evidence in x.evidence.values():
        assert len(evidence) <= 5
        assert all(0.0 <= e.score <= 1.0 for e in evidence)
        assert [e.score for e in evidence] == sorted((e.score for e in evidence), reverse=True)


def test_stream_input_is_accepted() -> None:
    assert extract_pdf(io.BytesIO(paper_pdf())).sections


def test_two_columns_read_column_by_column() -> None:
    spec = Spec(two_column=True, sections=long_sections(4, 6))
    x = extract_pdf(paper_pdf(spec))
    assert x.sections[0].title == "Abstract"
    titles = [s.title for s in x.sections][1:]
    assert titles == ["Introduction", "Model Architecture", "Experiments", "Conclusion"]
    text = all_text(x)
    # Each heading comes before its own section's text and after the previous one's.
    positions = [text.index(f"{i + 1} {t}") for i, t in enumerate(titles)]
    assert positions == sorted(positions)


def test_running_header_and_page_numbers_are_dropped() -> None:
    spec = Spec(sections=long_sections())
    x = extract_pdf(paper_pdf(spec))
    assert len(x.pages) >= 3
    assert "Proceedings of the Test Conference" not in all_text(x)
    for page in x.pages:
        assert not any(line.strip().isdigit() for line in page.splitlines())


def test_line_end_hyphen_joined_real_hyphen_kept() -> None:
    para = (
        "Generalized linear models with nonlinear feature transfor-\n"
        "mations are widely used for click-through rate prediction in large systems, "
        "and the click-\nthrough rate is the main metric we report for every model."
    )
    x = extract_pdf(paper_pdf(Spec(sections=[("1 Introduction", [para])])))
    text = " ".join(all_text(x).split())
    assert "transformations" in text
    assert "transfor-" not in text
    # "click-through" is spelled with a hyphen elsewhere in the paper, so the break keeps it.
    assert "and the click-through rate is the main metric" in text
    assert "clickthrough" not in text


@pytest.mark.skipif(not DEJAVU.is_file() or not DEJAVU_BOLD.is_file(), reason="no DejaVu font")
def test_ligatures_are_expanded() -> None:
    para = "The eﬃcient ﬁne-tuning of ﬂexible models is eﬀective and signiﬁcant for everyone."
    spec = Spec(unicode_font=True, sections=[("1 Introduction", [para])])
    text = all_text(extract_pdf(paper_pdf(spec)))
    assert "efficient fine-tuning of flexible models is effective and significant" in text
    assert not any(ch in text for ch in "ﬁﬂﬀﬃﬄ")


def test_caption_styled_like_a_heading_is_not_a_section() -> None:
    sections = [
        ("1 Introduction", ["We study ranking for search engines in this paper."]),
        (
            "2 Results",
            [
                "**Figure 3: Accuracy of the model",
                "Our model improves the accuracy by 4.1% over the baseline system.",
            ],
        ),
        ("3 Conclusion", ["Ranking with deep models works well in practice."]),
    ]
    x = extract_pdf(paper_pdf(Spec(sections=sections)))
    titles = [s.title for s in x.sections]
    assert titles == ["Abstract", "Introduction", "Results", "Conclusion"]
    # A caption may be evidence, but as its own item: never glued to the prose around it.
    for evidence in x.evidence.values():
        for e in evidence:
            if "Figure 3" in e.text:
                assert e.text.startswith("Figure 3") and "improves" not in e.text


def test_subsections_are_not_top_level() -> None:
    sections = [
        ("1 Introduction", ["We study ranking for search engines in this paper."]),
        ("2 Method", ["The method has two parts that we describe next."]),
        ("2.1 Encoder", ["The encoder is a transformer with six layers."]),
        ("3 Conclusion", ["Ranking with deep models works well in practice."]),
    ]
    titles = [s.title for s in extract_pdf(paper_pdf(Spec(sections=sections))).sections]
    assert titles == ["Abstract", "Introduction", "Method", "Conclusion"]


def test_figure_full_of_numbers_stays_out_of_evidence() -> None:
    axis = "0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1.0"
    ticks = "10 20 30 40 50 60 70 80 90 100 110 120"
    sections = [
        ("1 Introduction", ["We study ranking for search engines in this paper."]),
        (
            "2 Experiments",
            [
                "We train on 20 million queries collected over 14 days of search logs.",
                axis,
                ticks,
                "AUC",
                "The deep model improves AUC by 1.5% over the linear baseline.",
            ],
        ),
    ]
    x = extract_pdf(paper_pdf(Spec(sections=sections)))
    for evidence in x.evidence.values():
        for e in evidence:
            assert "0.4 0.5" not in e.text and "40 50" not in e.text
            assert len(e.text.split()) < 80
    assert [s.title for s in x.sections] == ["Abstract", "Introduction", "Experiments"]


def test_references_are_never_evidence_or_headings() -> None:
    refs = [
        "[1] A. Author and B. Author. Deep learning improves accuracy by 10% on datasets. "
        "In KDD, 2016.",
        "[2] C. Author. A dataset of 5 million users and their ratings. In WWW, 2015.",
    ]
    sections = [*long_sections(2, 2), ("References", refs)]
    x = extract_pdf(paper_pdf(Spec(sections=sections)))
    assert x.sections[-1].title == "References"
    for evidence in x.evidence.values():
        assert not any("Author" in e.text for e in evidence)


def test_useless_info_title_falls_back_to_layout() -> None:
    data = paper_pdf(Spec(info=False))
    assert extract_pdf(data).meta.title == "Deep Interest Networks for Click Prediction"


def test_arxiv_id_and_doi_are_read_from_the_page() -> None:
    para = (
        "Preprint arXiv:1606.07792v1 of the paper with DOI 10.1145/2988450.2988454 describes "
        "the model."
    )
    meta = extract_pdf(paper_pdf(Spec(sections=[("1 Introduction", [para])]))).meta
    assert meta.arxiv_id == "1606.07792"
    assert meta.doi == "10.1145/2988450.2988454"
    assert meta.year == 2016


def test_pypdf_engine_gives_the_same_structure() -> None:
    data = paper_pdf(Spec(sections=long_sections()))
    a = extract_pdf(data, engine="pdfium")
    b = extract_pdf(data, engine="pypdf")
    assert b.engine == "pypdf"
    assert [s.title for s in a.sections] == [s.title for s in b.sections]
    assert len(a.pages) == len(b.pages)


def test_max_pages_limits_and_warns() -> None:
    x = extract_pdf(paper_pdf(Spec(sections=long_sections())), max_pages=1)
    assert len(x.pages) == 1
    assert any("first 1 of" in w for w in x.warnings)


# --------------------------------------------------------------------------------------------
# errors


def test_zero_bytes() -> None:
    with pytest.raises(ExtractError, match=r"^empty file \(0 bytes\)$"):
        extract_pdf(b"")


def test_html_is_not_a_pdf() -> None:
    html = b"<!DOCTYPE html><html><body>Access denied</body></html>"
    with pytest.raises(ExtractError, match=r"^not a PDF: starts with '<!DOCTYPE html'$"):
        extract_pdf(html)


def test_text_file_is_not_a_pdf() -> None:
    with pytest.raises(ExtractError, match=r"^not a PDF: starts with 'Hello, this"):
        extract_pdf(b"Hello, this is a text file.\n")


@pytest.mark.parametrize("engine", ["auto", "pdfium", "pypdf"])
def test_truncated_pdf_is_corrupt(engine: str) -> None:
    data = paper_pdf()
    with pytest.raises(ExtractError, match=r"^corrupt PDF: "):
        extract_pdf(data[:300], engine=engine)


@pytest.mark.parametrize("engine", ["auto", "pypdf"])
def test_encrypted_pdf_needs_a_password(engine: str) -> None:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Top secret results of the experiment.")
    with pytest.raises(ExtractError, match=r"^encrypted PDF: a password is required$"):
        extract_pdf(bytes(pdf.output()), engine=engine)


def test_image_only_pdf_has_no_text_layer() -> None:
    from PIL import Image

    img = Image.new("RGB", (200, 100), "white")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=10, y=10, w=150)
    with pytest.raises(ExtractError, match=r"^no text layer: scanned images only; run OCR"):
        extract_pdf(bytes(pdf.output()))


def test_unknown_engine() -> None:
    with pytest.raises(ExtractError, match="unknown engine"):
        extract_pdf(paper_pdf(), engine="tesseract")


# --------------------------------------------------------------------------------------------
# many files


def test_extract_files_reports_each_file(tmp_path: Path) -> None:
    good = tmp_path / "good.pdf"
    good.write_bytes(paper_pdf())
    html = tmp_path / "page.pdf"
    html.write_bytes(b"<!DOCTYPE html><html></html>")
    missing = tmp_path / "missing.pdf"
    results = {r.path.name: r for r in extract_files([good, html, missing], workers=2)}
    assert set(results) == {"good.pdf", "page.pdf", "missing.pdf"}
    assert isinstance(results["good.pdf"], ExtractResult)
    ok = results["good.pdf"].extraction
    assert ok is not None and results["good.pdf"].error is None
    assert ok.sections[0].title == "Abstract" and ok.sections[1].title == "Introduction"
    assert results["page.pdf"].error == "not a PDF: starts with '<!DOCTYPE html'"
    assert results["missing.pdf"].error is not None
    assert results["missing.pdf"].extraction is None


def test_extract_files_gives_up_on_a_file_that_takes_too_long(tmp_path: Path) -> None:
    paths = []
    for i in range(2):
        p = tmp_path / f"p{i}.pdf"
        p.write_bytes(paper_pdf(Spec(sections=long_sections())))
        paths.append(p)
    results = list(extract_files(paths, workers=1, timeout=1e-6))
    assert len(results) == 2
    for r in results:
        assert r.extraction is None
        assert r.error == "extraction took longer than 1e-06 s; gave up"


def test_extract_files_empty() -> None:
    assert list(extract_files([])) == []


def test_pypdf_warnings_go_to_the_log_not_stderr(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    # A wrong xref offset makes pypdf complain; the complaint must not reach the terminal.
    data = paper_pdf()
    broken = data.replace(b"startxref\n", b"startxref\n1").replace(b"xref\n0 ", b"xref\n0 ")
    caplog.set_level(logging.DEBUG, logger="paperprep.extract")
    x = extract_pdf(broken, engine="pypdf")
    assert x.sections
    out, err = capfd.readouterr()
    assert err == ""
    assert out == ""


def test_a_year_in_running_prose_does_not_date_the_paper() -> None:
    history = (
        "One of the earliest uses of distributed word representations dates back to 1986 due "
        "to Rumelhart, Hinton and Williams, and many models followed since then."
    )
    sections = [("1 Introduction", [history])]
    prose_only = extract_pdf(paper_pdf(Spec(sections=sections, running_header=None, info=False)))
    assert prose_only.meta.year != 1986
    # A venue line on the first page does date it.
    venue_line = "Advances in Neural Information Processing Systems 26 (NIPS 2013)"
    venue = Spec(sections=[("1 Introduction", [venue_line, history])], running_header=None)
    assert extract_pdf(paper_pdf(dataclasses.replace(venue, info=False))).meta.year == 2013


def test_authors_with_footnote_marks_and_affiliation_numbers_are_kept() -> None:
    # "Huifeng Guo∗1 , Ruiming Tang2 , Yunming Ye†1" is DeepFM's author line: a mark followed by
    # an affiliation number once dropped the marked authors (the key became tang2017deepfm).
    spec = Spec(
        authors=["Huifeng Guo∗1", "Ruiming Tang2", "Yunming Ye†1", "Xiuqiang He2"],
        info=False,
        unicode_font=True,
    )
    x = extract_pdf(paper_pdf(spec))
    assert x.meta.authors == ["Huifeng Guo", "Ruiming Tang", "Yunming Ye", "Xiuqiang He"]
