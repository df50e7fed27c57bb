"""Is a paper about the domain? The domain's terms matched as phrases in title and abstract.

- A term is a phrase ("candidate generation"); one entry may list synonyms separated by ``|``
  (``"click-through rate | CTR"``), and a paper matching several of them counts the entry once.
- Matching is on words, stemmed (Snowball's English stemmer: "recommendations", "recommended"
  and "recommendation" are one word), and a phrase matches only as consecutive words: "two-tower"
  is "two" followed by "tower", never "two" somewhere and "tower" elsewhere. A hyphenated term
  also matches its closed spelling ("click-through" matches "clickthrough").
- How much a term says depends on how common it is among the candidates: :func:`weights` gives a
  term found in at most :data:`SPECIFIC_SHARE` of them weight 1, falling with the logarithm of its
  share to :data:`MIN_WEIGHT` for a term nearly every candidate has -- the words of the query
  itself, or generic ones like "graph" or "attention".

This module only measures; :mod:`paperprep.rank` decides what the measure means.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from paperprep.models import split_synonyms

#: A term in at most this share of the candidates has full weight.
SPECIFIC_SHARE = 0.05
#: The weight of a term that every candidate has.
MIN_WEIGHT = 0.2

_WORD = re.compile(r"[^\W_]+(?:[-‐‑][^\W_]+)*")


@functools.cache
def _stemmer() -> object:
    from snowballstemmer.english_stemmer import EnglishStemmer

    return EnglishStemmer()


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of one lower-case word."""
    return str(_stemmer().stemWord(word))  # type: ignore[attr-defined]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def words(text: str | None) -> list[str]:
    """The stemmed words of ``text``; a hyphenated word gives its parts ("two-tower": 2 words)."""
    out: list[str] = []
    for token in _WORD.findall(_fold(text or "")):
        out.extend(stem(part) for part in re.split(r"[-‐‑]", token) if part)
    return out


def _spellings(phrase: str) -> list[tuple[str, ...]]:
    """The word sequences a phrase matches: as written, and hyphenated words closed up."""
    found = [tuple(words(phrase))]
    tokens = _WORD.findall(_fold(phrase))
    if any("-" in t or "‐" in t or "‑" in t for t in tokens):
        closed = [stem(re.sub(r"[-‐‑]", "", t)) for t in tokens]
        found.append(tuple(closed))
    return [s for s in dict.fromkeys(found) if s]


@dataclass(frozen=True)
class Term:
    """One entry of a domain's ``terms`` (or of a facet): a label and the phrases that match it."""

    label: str
    phrases: tuple[tuple[str, ...], ...]
    #: The one-word phrases written as names ("CTR", "BM25", "LambdaMART"): specific, like a
    #: phrase of several words.
    names: frozenset[tuple[str, ...]] = frozenset()

    def specific(self, phrase: tuple[str, ...]) -> bool:
        """Whether finding ``phrase`` says more than finding a common word: it has several
        words, or it is a name."""
        return len(phrase) > 1 or phrase in self.names


def _is_name(entry: str) -> bool:
    """One word with a capital after its first letter or a digit: an acronym or a name."""
    token = entry.strip()
    return (
        bool(token)
        and len(token.split()) == 1
        and any(ch.isupper() or ch.isdigit() for ch in token[1:])
    )


def parse_terms(entries: Iterable[str]) -> list[Term]:
    """Terms from domain-file entries (``"a | b"`` lists synonyms); empty and repeated ones
    are dropped."""
    terms: list[Term] = []
    seen: set[tuple[tuple[str, ...], ...]] = set()
    for entry in entries:
        names = split_synonyms(entry)
        phrases = tuple(dict.fromkeys(s for n in names for s in _spellings(n)))
        key = tuple(sorted(phrases))
        if phrases and key not in seen:
            seen.add(key)
            named = frozenset(s for n in names if _is_name(n) for s in _spellings(n))
            terms.append(Term(names[0], phrases, named))
    return terms


def _contains(haystack: Sequence[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if n == 1:
        return phrase[0] in haystack
    first = phrase[0]
    return any(
        haystack[i] == first and tuple(haystack[i : i + n]) == phrase
        for i in range(len(haystack) - n + 1)
    )


@dataclass(frozen=True)
class Hit:
    """How a term was found: in the title (else only in the abstract), and whether one of its
    specific phrases was (several words, or a name -- see :meth:`Term.specific`)."""

    in_title: bool
    specific: bool


def hits(terms: Sequence[Term], title: str, abstract: str | None) -> dict[int, Hit]:
    """The terms found in the title or abstract: {index in ``terms``: how it was found}."""
    head, body = words(title), words(abstract)
    found: dict[int, Hit] = {}
    for i, term in enumerate(terms):
        in_head = [p for p in term.phrases if _contains(head, p)]
        in_body = [p for p in term.phrases if _contains(body, p)]
        if in_head or in_body:
            found[i] = Hit(bool(in_head), any(term.specific(p) for p in in_head + in_body))
    return found


def matches(terms: Sequence[Term], title: str, abstract: str | None) -> dict[int, bool]:
    """The terms found in the title or abstract: {index in ``terms``: found in the title}."""
    return {i: h.in_title for i, h in hits(terms, title, abstract).items()}


def weights(found: Sequence[Sequence[int]], n_terms: int) -> list[float]:
    """Each term's weight given which terms each candidate matched (see the module docstring)."""
    total = max(1, len(found))
    counts = [0] * n_terms
    for hit in found:
        for i in set(hit):
            counts[i] += 1
    out = []
    for c in counts:
        share = max(c, 1) / total
        if share <= SPECIFIC_SHARE:
            out.append(1.0)
        else:
            scaled = math.log(1 / share) / math.log(1 / SPECIFIC_SHARE)
            out.append(max(MIN_WEIGHT, min(1.0, scaled)))
    return out
