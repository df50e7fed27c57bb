"""Sentence splitting that survives the abbreviations and numbers of scientific prose.

A sentence ends at ``.``, ``!`` or ``?`` (optionally followed by a closing quote or bracket) when
whitespace and an upper-case letter, a digit or an opening quote/bracket follow — except after
"et al.", "e.g.", "i.e.", "Fig.", "Eq.", "vs.", "cf.", "Sec.", "Tab.", "No.", single initials
("J. Smith") and the like, or a "!" that is part of a capitalised name followed by another
("Yahoo! Front Page"; a real exclamation in a paper ends on a lower-case word). Decimals ("0.83")
and percentages never split because no whitespace follows their dot.

A bullet (``•``, ``●``, ``▪``, ``◦``, ``‣``, ``⁃``) starts a new sentence whatever precedes it: list
items and slide bullets rarely end with a full stop, and without the cut a slide's bullets run
into one over-long "sentence". The bullet itself is dropped.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "al",
    "e.g",
    "i.e",
    "eg",
    "ie",
    "fig",
    "figs",
    "eq",
    "eqs",
    "vs",
    "cf",
    "sec",
    "secs",
    "tab",
    "no",
    "nos",
    "resp",
    "approx",
    "ref",
    "refs",
    "ch",
    "pp",
    "vol",
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "st",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "jr",
    "sr",
    "viz",
    "appx",
    "def",
    "thm",
    "lem",
    "alg",
    "ed",
    "eds",
}
# Abbreviations after which a capitalised word usually continues the sentence.
_NEVER_END = {"al", "e.g", "i.e", "eg", "ie", "fig", "figs", "eq", "eqs", "vs", "cf", "sec"}
_NEVER_END |= {"secs", "tab", "no", "nos", "ref", "refs", "pp", "vol", "dr", "mr", "mrs", "ms"}
_NEVER_END |= {"prof", "st", "viz", "appx", "def", "thm", "lem", "alg", "ch", "approx", "resp"}

_BULLET = re.compile(r"\s*[•●▪◦‣⁃]\s*")
_BOUNDARY = re.compile(r"([.!?])([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences; whitespace inside each sentence is collapsed."""
    if _BULLET.search(text):
        return [s for part in _BULLET.split(text) for s in split_sentences(part)]
    text = " ".join(text.split())
    if not text:
        return []
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end(2)
        if m.group(1) == "." and not m.group(2) and _is_abbreviation(text, m.start(1)):
            continue
        if m.group(1) == "!" and not m.group(2) and _is_exclaimed_name(text, m.start(1), m.end()):
            continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def _is_exclaimed_name(text: str, bang: int, after: int) -> bool:
    """A brand name with a "!" ("Yahoo! Front Page"): a capitalised word before, one after."""
    j = bang
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:bang]
    nxt = text[after : after + 1]
    return len(word) >= 2 and word[0].isupper() and word[1:].islower() and nxt.isupper()


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the dot at ``dot`` part of an abbreviation or an initial rather than a full stop?"""
    j = dot
    while j > 0 and not text[j - 1].isspace() and text[j - 1] not in "([“\"'":
        j -= 1
    word = text[j:dot]
    low = word.lower().rstrip(".")
    if not word:
        return False
    if low in _NEVER_END:
        return True
    # A single capital letter: an initial ("J. Smith") or a label ("Fig. A. 3").
    if len(word) == 1 and word.isupper():
        return True
    # Dotted abbreviations such as "e.g" or "U.S".
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word)) and len(word) <= 5
