"""The extraction's fast paths give exactly what the plain definitions they replace give.

Extraction speed (README, ``benchmarks/extract.py``) comes partly from gates and hand-written
scans in front of slow regexes; a gate that is not a true necessary condition would silently
change notes. Each property compares a fast path with its reference on texts made of the
characters that matter (letters, digits, the hyphen marker, brackets, symbols, non-ASCII).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

from paperprep.extract import facts, normalize, sentences, signals
from paperprep.extract.engines import SOFT_HYPHEN, Line
from paperprep.extract.normalize import KIND_TEXT, Item
from paperprep.extract.sections import _ACRONYM, _SMALL, _is_caps, find_acronyms

_PIECES = [
    "a",
    "b",
    "e",
    "x",
    "A",
    "B",
    "L",
    "F",
    "DCN",
    "LOGCATALOG",
    "recom",
    "mender",
    "user",
    "and",
    "ISBN",
    "issn",
    "copyright",
    "Copyright",
    "arXiv:",
    "1706.06978v2",
    "[cs.IR]",
    "$15.00",
    "0018-9162/09",
    "© 2009",
    "Figure 3:",
    "Table",
    "Table 2",
    "Algorithm 1.",
    "3",
    "12",
    "(AMS)",
    "(DSSM)",
    "(",
    ")",
    "Advanced Model Server",
    "=",
    "+",
    "∑",
    "•",
    "-",
    "- ",
    ".",
    ",",
    ";",
    ":",
    " ",
    "  ",
    "\n",
    "\t",
    SOFT_HYPHEN,
    "é",
    "K",  # Kelvin sign: lower-cases to an ASCII k
    "ſ",  # long s: matches s case-insensitively
    "İ",
    "ı",  # dotless i: matches i case-insensitively
    "trac",
    "oine",
    "↵",
    "\x8c",
    "\x0c",
    "ﬁ",
]
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@given(st.lists(texts, max_size=4), texts)
@example([], f"ab{SOFT_HYPHEN}cd{SOFT_HYPHEN}ef")  # a match starts where the last one ended
@example(["co-operate"], f"co{SOFT_HYPHEN}\noperate and re- use")
@settings(max_examples=300)
def test_hyphen_join_by_hand_is_the_regex_substitution(vocabulary: list[str], text: str) -> None:
    hyph = normalize.Hyphenator(vocabulary)
    expected = text
    if "- " in expected:
        expected = normalize._SPACED_HYPHEN.sub(SOFT_HYPHEN + " ", expected)
    expected = normalize._HYPH_JOIN.sub(
        lambda m: (
            hyph.join(m.group(1), m.group(3), m.group(4))
            + m.group(4)
            + ("\n" if "\n" in m.group(2) else "")
        ),
        expected,
    )
    assert hyph.apply(text) == expected


@given(st.lists(texts, max_size=6))
def test_hyphenator_vocabulary_is_counted_token_by_token(lines: list[str]) -> None:
    expected: Counter[str] = Counter()
    for line in lines:
        for tok in normalize._TOKEN.findall(line):
            expected[tok.lower()] += 1
    assert normalize.Hyphenator(lines).words == expected


@given(texts)
@settings(max_examples=300)
def test_line_gates_agree_with_their_regexes(text: str) -> None:
    assert normalize.is_publisher_or_stamp(text) == bool(
        normalize.ARXIV_STAMP.search(text) or normalize.PUBLISHER_LINE.search(text)
    )
    assert normalize._small_caps(text) == normalize._SMALL_CAPS.sub(r"\1\2", text)
    assert normalize.is_caption_start(text) == bool(
        normalize._CAPTION.match(text) or normalize._CAPTION_SHORT.match(text)
    )
    assert normalize.letter_count(text) == sum(map(str.isalpha, text))
    assert normalize._loose_key(text) == "".join(c for c in text.lower() if c.isalpha())
    assert normalize.word_count(text) == len(normalize._WORD.findall(text))


@given(texts)
@settings(max_examples=300)
def test_sentence_gates_agree_with_their_regexes(text: str) -> None:
    old_math = re.compile(r"[=+^_|<>{}∑∏∈≤≥·×−∗]|(?:\s\S(?=\s)){3}")
    fast_math = sentences._MATH_CHARS.search(text) or sentences._THREE_SINGLES.search(text)
    assert bool(fast_math) == bool(old_math.search(text))
    assert bool(sentences._BULLET_CHAR.search(text)) == bool(sentences._BULLET.search(text))
    if sentences._MARK_AFTER_STOP.search(text):
        assert sentences._STOP_DIGIT.search(text)
    if sentences._MARK_ON_WORD.search(text):
        assert sentences._LETTER_DIGIT.search(text)
    if sentences._LOST_GATE.search(text):
        assert not sentences._LOST_WORDS.isdisjoint(sentences._WORD_RUN.findall(text))
    if normalize._IN_WORD_GLYPH.search(text):
        assert normalize._GLYPH.search(text)
    if signals._CAMEL.search(text):
        assert signals._CAMEL_GATE.search(text)
    if signals._ACRO_DEF.search(text):
        assert signals._ACRO_PAREN.search(text)
    if facts._ACRONYM_DEF.search(text):
        assert facts._ACRONYM_PAREN.search(text)


@given(st.text(alphabet="abcdefxyz", min_size=8, max_size=30), st.text(alphabet="abcdefxyz"))
def test_running_line_match_is_difflibs_ratio(key: str, other: str) -> None:
    ratio = difflib.SequenceMatcher(None, key, other, autojunk=False).ratio()
    assert normalize._similar(key, Counter(key), other) == (ratio >= normalize._FUZZY_RATIO)


@given(st.lists(texts, max_size=8))
def test_acronyms_are_counted_line_by_line(lines: list[str]) -> None:
    items = [Item(Line(t, 0, 0, 1, 1, 10.0), 1, KIND_TEXT, i) for i, t in enumerate(lines)]
    caps: Counter[str] = Counter()
    for t in lines:
        if not _is_caps(t):
            caps.update(_ACRONYM.findall(t))
    expected = {w for w, n in caps.items() if n >= 2 and w.lower() not in _SMALL}
    assert find_acronyms(items) == expected


def test_bins_are_the_first_edge_not_below() -> None:
    edges = (0.0, 1.0, 3.0)
    assert [signals._bin(n, edges) for n in (-1, 0, 0.5, 1, 2, 3, 4)] == [0, 0, 1, 1, 2, 2, 3]
