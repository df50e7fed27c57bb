"""The sentence splitter: abbreviations, numbers, and round-trip properties (hypothesis)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperprep.extract.sentences import split_sentences

WORDS = st.sampled_from(
    ["model", "data", "users", "the", "improves", "AUC", "layers", "we", "train", "on", "of"]
)
ABBREVIATED = st.sampled_from(
    ["et al.", "e.g.", "i.e.", "Fig. 3", "Eq. (2)", "vs.", "0.83", "12.5%", "Sec. 4", "cf."]
)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, min_size=2, max_size=8))
    inserts = draw(st.lists(ABBREVIATED, max_size=2))
    body = words + inserts
    draw(st.randoms()).shuffle(body)
    # A sentence ending in an abbreviation ("... et al.") is ambiguous even to a reader.
    text = " ".join(["Results", *body, draw(WORDS)])
    return text + draw(st.sampled_from([".", "!", "?"]))


@given(st.lists(sentence(), min_size=1, max_size=6))
def test_split_recovers_the_sentences(sentences: list[str]) -> None:
    assert split_sentences(" ".join(sentences)) == sentences


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300))
def test_split_loses_no_words(text: str) -> None:
    # Bullet marks ("•", "▪", ...) separate items and are dropped; every other word stays.
    words = " ".join(re.sub(r"[•●▪◦‣⁃]", " ", text).split()).split()
    assert " ".join(split_sentences(text)).split() == words


@pytest.mark.parametrize(
    "text",
    [
        "Cheng et al. proposed Wide & Deep for apps.",
        "Features, e.g. Country and language, are sparse.",
        "The loss, i.e. Log loss, is minimised.",
        "As Fig. 3 shows, AUC rises.",
        "We minimise Eq. (2) with SGD.",
        "Deep vs. Wide models differ.",
        "The AUC is 0.83 on the test set.",
        "Accuracy rose by 12.5% after tuning.",
        "J. Smith built the first system.",
    ],
)
def test_abbreviations_do_not_end_a_sentence(text: str) -> None:
    assert split_sentences(text) == [text]


def test_real_sentence_ends_split() -> None:
    text = "We train on logs. The model has 3 layers! Does it work? Yes, it improves AUC by 2%."
    assert split_sentences(text) == [
        "We train on logs.",
        "The model has 3 layers!",
        "Does it work?",
        "Yes, it improves AUC by 2%.",
    ]


def test_closing_quote_and_bracket_stay_with_the_sentence() -> None:
    assert split_sentences('He said "it works." Then we stopped.') == [
        'He said "it works."',
        "Then we stopped.",
    ]


def test_exclaimed_brand_name_does_not_end_a_sentence() -> None:
    text = "We used the Yahoo! Front Page Today Module logs. It works! Then we stopped."
    assert split_sentences(text) == [
        "We used the Yahoo! Front Page Today Module logs.",
        "It works!",
        "Then we stopped.",
    ]
