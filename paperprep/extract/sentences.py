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
#: ``_BULLET`` matches exactly where one of these is (its spaces may be empty); searched alone,
#: without the leading spaces tried at every position, it is many times faster.
_BULLET_CHAR = re.compile(r"[•●▪◦‣⁃]")
_BOUNDARY = re.compile(r"([.!?])([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences; whitespace inside each sentence is collapsed."""
    if _BULLET_CHAR.search(text):
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
    return len(word) <= 5 and _DOTTED.fullmatch(word) is not None


_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


# --------------------------------------------------------------------------------------------
# cleaning a sentence before it is quoted

#: "A 32- dimensional": a number, a hyphen and a space before a lower-case word.
_NUMBER_HYPHEN = re.compile(r"(\d)- (?=[a-z])")
#: A footnote marker after a full stop or comma: "the system.12 To ...", "features,3 which".
_MARK_AFTER_STOP = re.compile(r"(?<=[a-z)])([.,;:])\d{1,2}(?= [A-Za-z(])")
#: A footnote marker glued to a word: "sparse3", "Pinterest5", "layers3".
_MARK_ON_WORD = re.compile(r"\b([A-Za-z]*[a-z]{3,})(\d{1,2})(?=[\s,.;:)]|$)")
#: Words that really end in a number ("top5", "conv3", "layer2" name things).
_NUMBERED_WORDS = frozenset(
    [
        "top",
        "conv",
        "layer",
        "block",
        "step",
        "stage",
        "phase",
        "level",
        "version",
        "epoch",
        "task",
        "round",
        "fold",
        "day",
        "week",
        "month",
        "year",
        "res",
        "fc",
        "pool",
        "relu",
        "bert",
        "gpt",
        "run",
        "test",
        "exp",
        "case",
        "group",
        "type",
        "model",
        "set",
    ]
)
#: Words that lost a ligature (ffi, ffl, ff, fi, fl) in the PDF's text layer without a trace:
#: "online trac" is "online traffic". Only spellings that are not themselves words.
_LOST_LIGATURES: dict[str, str] = {
    "trac": "traffic",
    "dicult": "difficult",
    "diculty": "difficulty",
    "diculties": "difficulties",
    "sucient": "sufficient",
    "suciently": "sufficiently",
    "insucient": "insufficient",
    "ecient": "efficient",
    "eciently": "efficiently",
    "eciency": "efficiency",
    "inecient": "inefficient",
    "coecient": "coefficient",
    "coecients": "coefficients",
    "oine": "offline",
    "eective": "effective",
    "eectively": "effectively",
    "eectiveness": "effectiveness",
    "dierent": "different",
    "dierence": "difference",
    "dierences": "differences",
    "dierently": "differently",
    "aect": "affect",
    "aects": "affects",
    "aected": "affected",
    "oce": "office",
    "ocial": "official",
    "aliation": "affiliation",
    "conguration": "configuration",
    "signicant": "significant",
    "signicantly": "significantly",
    "classication": "classification",
    "classier": "classifier",
    "denition": "definition",
    "specic": "specific",
    "specically": "specifically",
    "modied": "modified",
    "identied": "identified",
    "benet": "benefit",
    "benets": "benefits",
    "shue": "shuffle",
    "shued": "shuffled",
}
#: ``_LOST_GATE`` matches where a whole run of word characters is one of the lost spellings:
#: the runs as a set are found faster than the alternation is tried at every position.
_LOST_WORDS = frozenset(_LOST_LIGATURES)
_WORD_RUN = re.compile(r"\w+")
_LOST_GATE = re.compile(
    r"\b(?:" + "|".join(sorted(_LOST_LIGATURES, key=len, reverse=True)) + r")\b"
)
#: A run of equation or pseudo-code tokens inside prose: single letters, operators, indices.
_MATHY = re.compile(
    r"^(?:[^\sA-Za-z]{1,}|[A-Za-z]|[A-Za-z]?[=+\-*/^_|<>(){}\[\]\d,.;:]+[A-Za-z\d]?)$"
)


def _drop_math_runs(text: str) -> str:
    """Cut runs of four or more equation tokens ("y = W x + b , h ( i )") out of a sentence."""
    tokens = text.split(" ")
    out: list[str] = []
    run: list[str] = []

    def close() -> None:
        math_chars = sum(1 for t in run for c in t if c in "=+*/^_|<>{}∑∏∈≤≥·×−")
        if not (len(run) >= 4 and (math_chars >= 1 or sum(len(t) == 1 for t in run) >= 3)):
            out.extend(run)  # too short or too plain to be an equation: keep it
        run.clear()

    for tok in tokens:
        # A number continues a run ("i − 1") but does not start one ("3 layers").
        if tok and _MATHY.match(tok) and tok not in ("a", "A", "I") and (run or not tok.isdigit()):
            run.append(tok)
        else:
            close()
            out.append(tok)
    close()
    return " ".join(t for t in out if t)


def clean_sentence(text: str) -> str:
    """Repair what the PDF's text layer did to a sentence before it is ranked and quoted.

    "A 32- dimensional" becomes "A 32-dimensional"; footnote markers glued to words or stops
    ("sparse3", "system.12 To") go; words that lost an ffi/ffl/ff/fi ligature without a trace
    ("trac") are spelled out; runs of equation and pseudo-code tokens are cut out.
    """
    if "- " in text:
        text = _NUMBER_HYPHEN.sub(r"\1-", text)
    if _DIGIT.search(text):
        # Each pattern is tried only when the text has what every one of its matches contains.
        if _STOP_DIGIT.search(text):
            text = _MARK_AFTER_STOP.sub(r"\1", text)
        if _LETTER_DIGIT.search(text):
            text = _MARK_ON_WORD.sub(
                lambda m: m.group(0) if m.group(1).lower() in _NUMBERED_WORDS else m.group(1),
                text,
            )
    if not _LOST_WORDS.isdisjoint(_WORD_RUN.findall(text)):
        text = _LOST_GATE.sub(lambda m: _LOST_LIGATURES[m.group(0)], text)
    if _MATH_CHARS.search(text) or _THREE_SINGLES.search(text):
        text = _drop_math_runs(text)
    return " ".join(text.split())


_DIGIT = re.compile(r"\d")
_STOP_DIGIT = re.compile(r"[a-z)][.,;:]\d")
_LETTER_DIGIT = re.compile(r"[a-z]\d")
#: Without an operator or three one-character tokens in a row there is no equation run to cut
#: (two searches: one alternation of both is twice as slow).
_MATH_CHARS = re.compile(r"[=+^_|<>{}∑∏∈≤≥·×−∗]")
_THREE_SINGLES = re.compile(r"\s\S\s\S\s\S(?=\s)")
