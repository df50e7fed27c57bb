"""Unit tests of the text rules behind evidence: hyphen joins, bullets, line pieces, scoring."""

from __future__ import annotations

from paperprep.extract.engines import SOFT_HYPHEN, Line
from paperprep.extract.evidence import PaperNames, Unit, rank, score
from paperprep.extract.normalize import Hyphenator, fix_text, merge_pieces
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
