"""Unit tests of the text rules behind evidence: hyphen joins, bullets, line pieces, margins."""

from __future__ import annotations

from paperprep.extract.engines import SOFT_HYPHEN, Line
from paperprep.extract.normalize import (
    Hyphenator,
    fix_text,
    merge_pieces,
    running_lines,
    strip_running,
)
from paperprep.extract.sections import _looks_like_title
from paperprep.extract.sentences import split_sentences


def test_hyphen_and_space_inside_a_line_is_joined() -> None:
    hyph = Hyphenator(["our recommender system", "recommendations for users"])
    out = hyph.apply("We used data from our recom- mender system and recom- mendations.")
    assert out == "We used data from our recommender system and recommendations."


def test_suspended_hyphen_is_kept() -> None:
    hyph = Hyphenator(["item-based and user-based methods"])
    assert hyph.apply("user- and item-based methods") == "user- and item-based methods"
    assert hyph.apply(f"first{SOFT_HYPHEN}\nor second-order") == "first- or\n second-order"


def test_hyphenated_compound_spelled_elsewhere_keeps_its_hyphen() -> None:
    hyph = Hyphenator(["a high-quality list", "high-quality results"])
    assert hyph.apply("a high- quality list") == "a high-quality list"


def test_tex_ot1_ligature_codes_are_expanded() -> None:
    assert fix_text("di\x0berent") == "different"
    assert fix_text("item-based collaborative \x0cltering") == "item-based collaborative filtering"
    assert fix_text("e\x0ecient and ba\x0fing") == "efficient and baffling"


def test_ascii_fast_path_collapses_spaces() -> None:
    assert fix_text("  two   spaces ") == "two spaces"
    assert fix_text("plain line") == "plain line"


def test_bullets_start_new_sentences() -> None:
    text = "• Listing Features (engagement, quality) • Query Features (destination, nights)"
    assert split_sentences(text) == [
        "Listing Features (engagement, quality)",
        "Query Features (destination, nights)",
    ]


def test_line_pieces_on_one_baseline_are_merged() -> None:
    pieces = [
        Line("datasets: MovieLens4", 317, 550, 403, 558, 8.0),
        Line("and Pinterest5", 406, 550, 463, 558, 8.0),
        Line(". The characteristics of", 464, 550, 556, 558, 8.0),
        Line("the two datasets are summarized", 317, 560, 496, 568, 8.0),
    ]
    merged = merge_pieces(pieces)
    assert [ln.text for ln in merged] == [
        "datasets: MovieLens4 and Pinterest5. The characteristics of",
        "the two datasets are summarized",
    ]
    assert merged[0].x1 == 556


def test_other_column_on_the_same_baseline_is_not_merged() -> None:
    pieces = [
        Line("left column text", 54, 100, 290, 108, 8.0),
        Line("right", 317, 100, 556, 108, 8.0),
    ]
    assert len(merge_pieces(pieces)) == 2


def test_sentence_starts_and_table_headers_are_not_titles() -> None:
    assert not _looks_like_title("We used experimental data from our website to")
    assert not _looks_like_title("Dataset Interaction# Item# User# Sparsity")
    assert _looks_like_title("Experimental Settings")


def _margin(text: str, top: float) -> Line:
    return Line(text, 70.0, top, 400.0, top + 10.0, 10.0, False)


def test_ocr_variants_of_a_running_footer_are_dropped() -> None:
    footers = ["XEROX PARC, CSL-92-10, SEPTEMBER 1992", "XEROX P ARC, CSL-92-10, SEPfEMBER 1992"]
    footers += ["XEROX PARe, CSL-92-10, SEPIEMBER 1992", "XEROX PARC, CSL-92-10, SEPI'EMBER 1992"]
    pages = [[_margin(footers[i % 4], 740.0), _margin(f"body line {i}", 400.0)] for i in range(8)]
    dropped = running_lines(pages, [(612.0, 792.0)] * 8)
    assert dropped == {id(page[0]) for page in pages}


def test_header_with_the_page_number_is_dropped_whatever_its_words() -> None:
    titles = ["Introduction", "Using Filters to Weave a Tapestry", "Architecture", "Queries"]
    pages = [
        [_margin(f"{titles[i % 4]} {i + 3}" if i % 2 else f"{i + 3} {titles[i % 4]}", 25.0)]
        for i in range(8)
    ]
    pages[5].append(_margin("3 Method", 60.0))  # a numbered heading at the top, not a folio
    dropped = running_lines(pages, [(612.0, 792.0)] * 8)
    assert dropped == {id(page[0]) for page in pages}


def test_running_footer_glued_to_a_body_line_is_cut_off() -> None:
    footers = ["XEROX PARC, CSL-92-10, SEPTEMBER 1992", "XEROX P ARC, CSL-92-10, SEPfEMBER 1992"]
    pages = [[_margin(footers[i % 2], 740.0), _margin(f"body line {i}", 400.0)] for i in range(8)]
    glued = _margin(
        "many documents. She eventually discovers that search XEROX P ARC, CSL-92-10, SEPTEMBER 92",
        700.0,
    )
    pages[3].append(glued)
    sizes = [(612.0, 792.0)] * 8
    dropped = running_lines(pages, sizes)
    assert id(glued) not in dropped
    strip_running(pages, sizes, dropped)
    assert glued.text == "many documents. She eventually discovers that search"
    assert pages[0][1].text == "body line 0"
