"""Unit tests of the text rules behind evidence: hyphen joins, bullets, line pieces, scoring."""

from __future__ import annotations

from paperprep.extract.engines import SOFT_HYPHEN, Line
from paperprep.extract.evidence import _CUES, PaperNames, Unit, rank, score, tokens_of
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


def _unit(
    text: str, section: str | None = "Method", sub: str | None = None, order: int = 0
) -> Unit:
    return Unit(text, 1, section, sub, order)


def test_short_definition_is_not_outranked_by_a_long_mention() -> None:
    short = _unit("The deep component is a feed-forward neural network.")
    long = _unit(
        "In this section we discuss the model, its parameters, the components, and the "
        "algorithm that we run on every machine of the cluster for the network."
    )
    assert score("architecture", short) >= score("architecture", long)


def test_table_reference_is_not_an_architecture_cue() -> None:
    names = PaperNames(frozenset(), frozenset())
    with_ref = _unit("As reported in Table 5, the new model beats the old one by far today.")
    without = _unit("As reported in the text, the new model beats the old one by far today.")
    assert score("architecture", with_ref, names) == score("architecture", without, names)


def test_new_dataset_is_picked_even_from_a_crowded_section() -> None:
    sentences = [
        "We collected 40 million click events from 5 million users over 30 days of logs.",
        "We also collected about 0.6 million click events after that day for the test data.",
        "The training data consists of 10 million user sessions with labeled click records.",
        "Each record in the logs contains the user id, the item id and the click label.",
        "The Criteo dataset is a public benchmark of ad click logs over 24 days of traffic.",
    ]
    units = [_unit(s, "Experiments", "Data", i) for i, s in enumerate(sentences)]
    picked = [e.text for e in rank(units)["data_format"]]
    assert any("Criteo" in t for t in picked)


def test_multi_word_cue_consumes_its_words() -> None:
    low = "the training data and the a/b tests were logged"
    terms = _CUES["data_format"].terms(low, tokens_of(low))
    assert terms == {"training data", "a/b tests", "logged"}


def test_prefix_cues_match_word_stems() -> None:
    low = "our model outperformed the baselines and improves ndcg@10"
    terms = _CUES["findings"].terms(low, tokens_of(low))
    assert {"outperformed", "improves", "baselines", "ndcg@10"} <= terms
    assert "ndcg" not in terms


def test_results_walkthrough_and_hedging_in_findings() -> None:
    names = PaperNames(frozenset(), frozenset())
    shown = _unit("Figure 4 shows the performance of HR@10 for every number of factors.")
    plain = _unit("Figure 4 draws the values of HR@10 for every number of factors here.")
    assert score("findings", shown, names) > score("findings", plain, names)
    sure = _unit("A better ranking model leads to a large increase in the revenue of a shop.")
    hedged = _unit(
        "A better ranking model could lead to a large increase in the revenue of a shop."
    )
    assert score("findings", hedged, names) < score("findings", sure, names)


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


def test_unheaded_lead_on_the_first_page_has_the_abstract_prior() -> None:
    text = "Our algorithm produces recommendations in real time and scales to massive data sets."
    lead = Unit(text, 1, None, None, 0)
    later = Unit(text, 3, None, None, 0)
    assert score("findings", lead) > score("findings", later)


def test_cue_spelling_variants() -> None:
    low = "it outperforms the state-of-art model."
    assert "state-of-art" in _CUES["findings"].terms(low, tokens_of(low))
    low = "we use implicit feedback such as clicks."
    assert "implicit feedback" in _CUES["features"].terms(low, tokens_of(low))
