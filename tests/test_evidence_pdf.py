"""Candidates and clean text on PDFs this project makes: tables, captions, lists, equations,
small caps, footnote markers, ligatures; key facts in ``show --json`` and in the note."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperprep.cli import app
from paperprep.extract import extract_pdf
from paperprep.extract.pipeline import read_structure
from paperprep.extract.signals import KIND_CAPTION, KIND_ROW
from tests.pdfgen import DEJAVU, DEJAVU_BOLD, Spec, paper_pdf

DATA = [
    "We evaluate on the MovieLens dataset and on the Pinterest dataset of image pins.",
    "||Dataset|Users|Items|Ratings\nMovieLens|6,040|3,706|1,000,209\nPinterest|55,187|9,916|1,500,809",
    "~~Table 2: Statistics of the evaluation datasets",
    "The score is computed as y = W x + b + c where W is the weight matrix of the model.",
    "The inputs are user id, item id, genre, age, gender, occupation, zip code and the hour.",
    "We also use the B LOGCATALOG network and sparse3 features of every user profile here.",
]


def _spec() -> Spec:
    return Spec(
        sections=[
            ("1 Introduction", ["Recommendation from implicit feedback is our topic here."]),
            ("2 Experiments", DATA),
            ("3 Conclusion", ["The model improves HR@10 by 4.5% over the best baseline."]),
        ]
    )


def test_table_rows_and_captions_are_their_own_candidates() -> None:
    st = read_structure(paper_pdf(_spec()))
    rows = [u for u in st.units if u.kind == KIND_ROW]
    captions = [u for u in st.units if u.kind == KIND_CAPTION]
    assert any(u.text == "MovieLens 6,040 3,706 1,000,209" for u in rows)
    assert all(u.page == 1 and u.section == "Experiments" for u in rows)
    assert [u.text for u in captions] == ["Table 2: Statistics of the evaluation datasets"]
    # No sentence swallowed a table row or the caption.
    sentences = [u.text for u in st.units if u.kind == "sentence"]
    assert not any("1,000,209" in t or "Statistics of the" in t for t in sentences)


def test_sentences_are_cleaned_before_they_compete() -> None:
    st = read_structure(paper_pdf(_spec()))
    texts = [u.text for u in st.units]
    eq = next(t for t in texts if t.startswith("The score is computed as"))
    assert "=" not in eq and eq.endswith("weight matrix of the model.")
    blog = next(t for t in texts if "LOGCATALOG" in t)
    assert "BLOGCATALOG" in blog and "sparse features" in blog and "sparse3" not in blog
    listing = next(t for t in texts if t.startswith("The inputs are"))
    assert "zip code" in listing


def test_no_quote_is_shared_between_fields() -> None:
    x = extract_pdf(paper_pdf(_spec()))
    quoted = [e.text for evidence in x.evidence.values() for e in evidence]
    assert quoted and len(quoted) == len(set(quoted))


@pytest.mark.skipif(not DEJAVU.is_file() or not DEJAVU_BOLD.is_file(), reason="no DejaVu font")
def test_ligature_glyphs_in_evidence_are_expanded() -> None:
    para = "The eﬃcient oﬄine training of ﬁne models uses 20 million ﬁltered click logs."
    spec = Spec(unicode_font=True, sections=[("1 Experiments", [para])])
    x = extract_pdf(paper_pdf(spec))
    quoted = " ".join(e.text for evidence in x.evidence.values() for e in evidence)
    assert "efficient offline training of fine models" in quoted
    assert not any(ch in quoted for ch in "ﬁﬂﬀﬃﬄ")


def test_key_facts_reach_show_json_and_the_note(tmp_path: Path, isolated_home: Path) -> None:
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(paper_pdf(_spec()))
    runner = CliRunner()
    result = runner.invoke(app, ["add", str(pdf), "--domain", "recsys"], catch_exceptions=False)
    assert result.exit_code == 0, result.stdout
    shown = json.loads(
        runner.invoke(app, ["show", "lovelace2019deep", "--json"], catch_exceptions=False).stdout
    )
    facts = shown["key_facts"]
    assert set(facts) == {"data_format", "features", "architecture", "findings"}
    data = {f["text"]: f for f in facts["data_format"]}
    assert "MovieLens dataset" in data and data["MovieLens dataset"]["page"] == 1
    assert data["MovieLens dataset"]["kind"] == "dataset"
    note = Path(shown["note"]["path"]).read_text()
    section = note.split("## Data format", 1)[1].split("\n## ", 1)[0]
    assert "**Key facts:** " in section and "MovieLens dataset (p. 1)" in section
    # The line sits inside the draft block, above the quotes: it is not the user's text.
    assert section.index("paperprep:draft") < section.index("Key facts") < section.index("> ")
    assert shown["note"]["fields"]["data_format"] == ""
