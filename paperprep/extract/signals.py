"""What the evidence ranker sees of a candidate: sparse, named features of one unit in its paper.

Every feature is generic — nothing names a dataset, a paper or a method. The weights that turn
these features into a score per note field are learned from the corpus gold key
(``benchmarks/train_evidence.py``) and shipped as ``evidence_model.json``; the word features the
model may use are only those that occur in several papers, so no single paper's vocabulary can be
learned. Groups:

* ``w:`` the sentence's content words (lower case, a plural "s" removed; word pairs were tried
  and dropped: no better under cross-validation, and slower);
* ``sec:``/``sub:`` the words of the section and sub-heading it sits under, ``role:`` what kind of
  section that is by its place in the paper (abstract, introduction, related work, the method
  section found by layout, experiments, conclusion, appendix);
* ``pos:`` where in the paper (tenth of the document), ``kind:`` sentence, caption, table row,
  list item or slide line;
* ``num:`` the kinds of quantities it states (a percentage, a count in thousands or millions, a
  decimal metric value, a dimension, a year, a multiplier);
* ``name:`` the names it carries: acronyms and CamelCase words, capitalised words inside the
  sentence, and the paper's own frequent names (the terms it repeats in capitals: its method,
  its datasets, its metrics), and how many of its words are the paper's salient vocabulary;
* ``len:`` its length in words, ``shape:`` commas (lists), parentheses, a colon, a lower-case
  start (a fragment), "we"/"our".
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

#: How a unit came to be a candidate.
KIND_SENTENCE = "sentence"
KIND_CAPTION = "caption"
KIND_ROW = "row"
KIND_ITEM = "item"
KIND_SLIDE = "slide"


@dataclass(frozen=True)
class Unit:
    """A candidate quote with where it was found."""

    text: str
    page: int
    section: str | None
    subsection: str | None
    order: int
    kind: str = KIND_SENTENCE

    @property
    def lower(self) -> str:
        return self.text.lower()


_WORD = re.compile(r"[a-z][a-z\-']*[a-z]|[a-z]")
_TOKEN = re.compile(r"[A-Za-z][\w\-']*|\d[\d,.]*%?")
_NUMBER = re.compile(r"(?<![\w.])[+\-]?\d[\d,]*(?:\.\d+)?(?:\s?%)?")
_MULT = re.compile(r"\b(?:thousand|million|billion|trillion|[kmb])\b|\d[kmb]\b", re.I)
_DIM = re.compile(r"\d+\s*-?\s*(?:dimension|dimensional|layers?|hidden|units|neurons|d\b)", re.I)
_TIMES = re.compile(r"\b\d+(?:\.\d+)?\s*(?:x|×|times)\b", re.I)
_SPAN = re.compile(r"\b\d+\s*(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?)\b", re.I)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,}[a-z]?s?\b")
_CAMEL = re.compile(r"\b[A-Za-z]+[a-z][A-Z][A-Za-z]*\b")
#: In every ``_CAMEL`` match; most sentences have none and skip the slower pattern.
_CAMEL_GATE = re.compile(r"[a-z][A-Z]")
_CAPWORD = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+\b")
_AT = re.compile(r"\w@\w")
#: The bracketed acronym that ends every ``_ACRO_DEF`` match: searched first, it is found (or
#: not) twenty times faster than the whole definition, which backtracks over the words before.
_ACRO_PAREN = re.compile(r"\([A-Z][A-Za-z0-9&\-]*[A-Z][A-Za-z0-9&\-]*s?\)")
#: "Advanced Model Server (AMS)", "deep structured semantic model (DSSM)": a name being defined.
_ACRO_DEF = re.compile(
    r"\b[A-Za-z][\w\-&]+(?:\s+[\w\-&]+){0,5}\s*\(([A-Z][A-Za-z0-9&\-]*[A-Z][A-Za-z0-9&\-]*)s?\)"
)
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "we",
        "our",
        "for",
        "on",
        "with",
        "that",
        "by",
        "as",
        "this",
        "it",
        "its",
        "from",
        "which",
        "at",
        "can",
        "has",
        "have",
        "not",
        "these",
        "their",
        "they",
        "there",
        "also",
        "than",
        "such",
        "into",
        "each",
        "both",
        "but",
        "all",
        "any",
        "more",
        "most",
        "other",
        "some",
        "only",
        "when",
        "where",
        "while",
        "then",
        "thus",
        "so",
        "if",
        "using",
        "used",
        "use",
        "i",
        "ii",
        "iii",
        "iv",
        "et",
        "al",
    ]
)

_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("abstract", re.compile(r"^abstract$|^summary$", re.I)),
    ("intro", re.compile(r"introduction|overview|motivation", re.I)),
    ("related", re.compile(r"related|background|literature|prior work|previous work", re.I)),
    ("prelim", re.compile(r"preliminar|notation|problem|formulation|definition", re.I)),
    ("data", re.compile(r"\bdata|corpus|collection|benchmark", re.I)),
    ("setup", re.compile(r"setup|settings?|implementation|protocol|configuration", re.I)),
    ("experiment", re.compile(r"experiment|evaluation|empirical|case stud|a/b|online test", re.I)),
    ("result", re.compile(r"results?|performance|findings|comparison|analysis|discussion", re.I)),
    ("conclusion", re.compile(r"conclu|summary|future|lessons", re.I)),
    ("feature", re.compile(r"feature|representation|input|signal|embedding", re.I)),
    ("model", re.compile(r"model|method|approach|architecture|network|framework|algorithm", re.I)),
    ("system", re.compile(r"system|deploy|serving|production|infrastructure|design", re.I)),
    ("appendix", re.compile(r"appendi|proof|acknowledg", re.I)),
)


_STEMS: dict[str, str] = {}


def _stem(word: str) -> str:
    got = _STEMS.get(word)
    if got is None:
        got = _STEMS[word] = _stem_word(word) if len(_STEMS) < 200_000 else word
    return got


def _stem_word(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words_of(lower: str) -> list[str]:
    """The stemmed words of a lower-cased text, function words included."""
    get = _STEMS.get
    return [get(w) or _stem(w) for w in _WORD.findall(lower)]


@dataclass
class PaperContext:
    """What is known of the whole paper when one of its units is looked at."""

    units: int
    #: The paper's own frequent names (capitalised terms it repeats), lower case.
    names: frozenset[str] = frozenset()
    #: Content words much more frequent in this paper than in general prose (its topic words).
    salient: frozenset[str] = frozenset()
    #: Top-level sections found by layout to be the paper's method.
    methods: frozenset[str] = frozenset()
    roles: dict[str | None, tuple[str, ...]] = field(default_factory=dict)
    #: Repeated multi-word terms of the paper (normalised n-grams) -> how often they occur.
    terms: dict[str, int] = field(default_factory=dict)
    #: The order of the unit that first mentions each repeated term.
    first: dict[str, int] = field(default_factory=dict)
    #: The n-grams of each unit (by order), computed once.
    grams: dict[int, frozenset[str]] = field(default_factory=dict)
    #: Each unit's stemmed words, acronyms, CamelCase words and inner capitalised words.
    parsed: dict[int, tuple[list[str], list[str], list[str], list[str]]] = field(
        default_factory=dict
    )
    #: The ``sec:``/``sub:`` features of each heading, computed once.
    heading_feats: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    #: Each unit's content words (the ``w:`` features), computed once.
    content: dict[int, frozenset[str]] = field(default_factory=dict)
    #: The place features (roles, headings) per (section, sub-heading, on page 1), computed once.
    places: dict[tuple[str | None, str | None, bool], list[str]] = field(default_factory=dict)


def section_roles(title: str | None) -> tuple[str, ...]:
    if not title:
        return ()
    return tuple(name for name, pattern in _ROLES if pattern.search(title))


def paper_context(units: list[Unit], methods: frozenset[str] = frozenset()) -> PaperContext:
    """Names and salient words of the paper, from all its units."""
    caps: Counter[str] = Counter()
    words: Counter[str] = Counter()
    parsed: dict[int, tuple[list[str], list[str], list[str], list[str]]] = {}
    content: dict[int, frozenset[str]] = {}
    for u in units:
        p = parsed[u.order] = _parse(u.text)
        ws, acronyms, camel, capwords = p
        for t in acronyms:
            caps[t.rstrip("s") if t.endswith("s") and t[:-1].isupper() else t] += 1
        if camel:
            caps.update(camel)
        if capwords:
            caps.update(capwords)
        own = [w for w in ws if w not in _STOP and len(w) > 2]
        words.update(own)
        content[u.order] = frozenset(own)
    # Lower-case words as written, from one pass over all units (a word never spans two).
    lower_seen = set(_LOWER_WORD.findall("\n".join(u.text for u in units)))
    names = {
        t.lower()
        for t, n in caps.items()
        if n >= 3 and not (t[:1].isupper() and t[1:].islower() and t.lower() in lower_seen)
    }
    total = sum(words.values()) or 1
    # Topic words: frequent in this paper (the 40 most frequent content words that occur at
    # least 4 times, common academic words excluded by the stop list and by the ranker's own
    # word weights).
    salient = {w for w, n in words.most_common(40) if n >= 4 and n / total > 0.002}
    roles = {
        s: section_roles(s) for s in {u.section for u in units} | {u.subsection for u in units}
    }
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    per_unit: dict[int, frozenset[str]] = {}
    for u in units:
        grams = per_unit[u.order] = _pairs(parsed[u.order][0])
        counts.update(grams)
        for g in grams:
            if g not in first:
                first[g] = u.order
    terms = {g: n for g, n in counts.items() if n >= 2}
    first = {g: first[g] for g in terms}
    size = max((u.order for u in units), default=0) + 1
    return PaperContext(
        size,
        frozenset(names),
        frozenset(salient),
        methods,
        roles,
        terms,
        first,
        per_unit,
        parsed,
        content=content,
    )


def _parse(text: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """Stemmed words, acronyms, CamelCase words and capitalised words inside the sentence."""
    has_upper = not text[1:].islower()
    return (
        words_of(text.lower()),
        _ACRONYM.findall(text) if has_upper else [],
        _CAMEL.findall(text) if has_upper and _CAMEL_GATE.search(text) else [],
        _CAPWORD.findall(text) if has_upper else [],
    )


_GRAM_TOKEN = re.compile(r"[a-z0-9][a-z0-9\-&@]*[a-z0-9]|[a-z]")


def ngrams(lower: str) -> list[str]:
    """The 2- to 4-word runs of a lower-cased text that neither start nor end on a function word."""
    toks = _GRAM_TOKEN.findall(lower)
    ok = [t not in _STOP and not t.isdigit() for t in toks]
    out: list[str] = []
    m = len(toks)
    for i in range(m - 1):
        if not ok[i]:
            continue
        for j in range(i + 1, min(i + 4, m)):
            if ok[j]:
                out.append(" ".join(toks[i : j + 1]))
    return out


def _pairs(ws: list[str]) -> frozenset[str]:
    """The paper's two-word terms in a unit: pairs of its stemmed words, no function word."""
    stop = _STOP
    return frozenset(
        f"{a} {b}" for a, b in itertools.pairwise(ws) if a not in stop and b not in stop
    )


def _bin(n: float, edges: tuple[float, ...]) -> int:
    """The index of the first edge ``n`` is at most (``len(edges)`` past the last one)."""
    return bisect.bisect_left(edges, n)


def _bin_names(prefix: str, edges: tuple[float, ...]) -> tuple[str, ...]:
    """The feature name of each bin (``"len:0"`` ... ``"len:6"``), made once."""
    return tuple(f"{prefix}:{i}" for i in range(len(edges) + 1))


#: Bin edges of the counted features and their names.
_POS = tuple(f"pos:{i}" for i in range(10))
_LEN_EDGES = (8, 12, 18, 25, 35, 50)
_LEN = _bin_names("len", _LEN_EDGES)
_NUMS_EDGES = (0, 1, 2, 4)
_NUMS = _bin_names("nums", _NUMS_EDGES)
_ACR_EDGES = (0, 1, 3)
_ACR = _bin_names("acr", _ACR_EDGES)
_CAP_EDGES = (0, 1, 3)
_CAP = _bin_names("cap", _CAP_EDGES)
_OWN_EDGES = (0, 1, 2)
_OWN = _bin_names("own", _OWN_EDGES)
_SAL_EDGES = (0, 1, 2, 4)
_SAL = _bin_names("sal", _SAL_EDGES)
_TERMS_EDGES = (0, 1, 2, 4)
_TERMS = _bin_names("terms", _TERMS_EDGES)
_TERMMAX_EDGES = (2, 3, 5, 9)
_TERMMAX = _bin_names("termmax", _TERMMAX_EDGES)
_COMMA_EDGES = (0, 1, 3)
_COMMA = _bin_names("comma", _COMMA_EDGES)


def unit_features(u: Unit, ctx: PaperContext) -> list[str]:
    """The named (binary) features of one unit; the ranker sums a weight per name."""
    content, rest = feature_parts(u, ctx)
    return [*(f"w:{w}" for w in content), *rest]


def feature_parts(u: Unit, ctx: PaperContext) -> tuple[frozenset[str], list[str]]:
    """The unit's content words (``w:``) and its other feature names."""
    text = u.text
    lower = text.lower()
    parsed = ctx.parsed.get(u.order)
    ws, acronyms, camel, capwords = parsed if parsed is not None else _parse(text)
    digits = _DIGIT.search(text) is not None
    feats = [f"kind:{u.kind}"]
    content = ctx.content.get(u.order)
    if content is None:
        content = frozenset(w for w in ws if w not in _STOP and len(w) > 2)
    own_grams = ctx.grams.get(u.order)
    terms = own_grams if own_grams is not None else _pairs(ws)
    n = len(text.split())
    feats.append(_LEN[_bin(n, _LEN_EDGES)])
    # Where it sits: the same for every unit under one heading (on page 1 or not).
    place = (u.section, u.subsection, u.page <= 1)
    got = ctx.places.get(place)
    if got is None:
        got = ctx.places[place] = _place_feats(u, ctx)
    feats.extend(got)
    rel = u.order / max(1, ctx.units - 1)
    feats.append(_POS[min(9, int(rel * 10))])
    if u.page == 1:
        feats.append("page:1")
    # Quantities.
    numbers = _NUMBER.findall(text) if digits else []
    feats.append(_NUMS[_bin(len(numbers), _NUMS_EDGES)])
    for raw in numbers:
        num = raw.replace(",", "").replace(" ", "")
        if num.endswith("%"):
            feats.append("num:pct")
            continue
        try:
            value = float(num)
        except ValueError:
            continue
        if "." in num and abs(value) < 1:
            feats.append("num:fraction")
        elif "." in num:
            feats.append("num:decimal")
        elif 1950 <= value <= 2030 and len(num) == 4:
            feats.append("num:year")
        elif value >= 1000:
            feats.append("num:large")
        else:
            feats.append("num:small")
    if (digits or "illion" in lower or "thousand" in lower) and _MULT.search(text):
        feats.append("num:magnitude")
    if digits:
        if _DIM.search(text):
            feats.append("num:dimension")
        if _TIMES.search(text):
            feats.append("num:times")
        if _SPAN.search(text):
            feats.append("num:span")
    # Names.
    feats.append(_ACR[_bin(len(acronyms), _ACR_EDGES)])
    if camel:
        feats.append("name:camel")
    feats.append(_CAP[_bin(len(capwords), _CAP_EDGES)])
    if "@" in text and _AT.search(text):
        feats.append("name:at")
    own = {t.lower() for t in (*acronyms, *camel, *capwords)} & ctx.names
    feats.append(_OWN[_bin(len(own), _OWN_EDGES)])
    salient = len(content & ctx.salient)
    feats.append(_SAL[_bin(salient, _SAL_EDGES)])
    # The paper's repeated terms: how many, how frequent, and whether this unit introduces one.
    grams = terms & ctx.terms.keys()
    feats.append(_TERMS[_bin(len(grams), _TERMS_EDGES)])
    if grams:
        top = max(ctx.terms[g] for g in grams)
        feats.append(_TERMMAX[_bin(top, _TERMMAX_EDGES)])
        if any(ctx.first[g] == u.order and ctx.terms[g] >= 3 for g in grams):
            feats.append("term:first")
    if "(" in text and _ACRO_PAREN.search(text) and _ACRO_DEF.search(text):
        feats.append("name:defined")
    # Shape.
    commas = text.count(",")
    feats.append(_COMMA[_bin(commas, _COMMA_EDGES)])
    if "(" in text:
        feats.append("shape:paren")
    if ":" in text:
        feats.append("shape:colon")
    if text[:1].islower():
        feats.append("shape:lowerstart")
    if ws[:1] == ["we"] or " we " in f" {lower} ":
        feats.append("shape:we")
    if " our " in f" {lower} ":
        feats.append("shape:our")
    if digits and ("table" in lower or "fig" in lower) and _REF.search(lower):
        feats.append("shape:ref")
    if "[" in text and _CITE.search(text):
        feats.append("shape:cite")
    return content, feats


def _place_feats(u: Unit, ctx: PaperContext) -> list[str]:
    """The ``role:``, ``subrole:``, ``sec:`` and ``sub:`` features of a unit."""
    feats: list[str] = []
    roles = set(ctx.roles.get(u.section, ()) or section_roles(u.section))
    if u.section is None and u.page <= 1:
        roles.add("lead")
    if u.section is None and u.page > 1:
        roles.add("none")
    if u.section in ctx.methods:
        roles.add("method")
    feats.extend(f"role:{r}" for r in roles)
    sub_roles = ctx.roles.get(u.subsection, ()) if u.subsection else ()
    feats.extend(f"subrole:{r}" for r in sub_roles)
    if u.section:
        feats.extend(_heading_feats(ctx, "sec", u.section))
    if u.subsection:
        feats.extend(_heading_feats(ctx, "sub", u.subsection))
    return feats


_LOWER_WORD = re.compile(r"(?<![\w])[a-z]\S*")
_REF = re.compile(r"\b(?:table|fig(?:ure)?\.?)\s*\d")
_CITE = re.compile(r"\[\d")
_DIGIT = re.compile(r"\d")


def _heading_feats(ctx: PaperContext, prefix: str, heading: str) -> list[str]:
    key = (prefix, heading)
    got = ctx.heading_feats.get(key)
    if got is None:
        got = ctx.heading_feats[key] = sorted(
            {f"{prefix}:{w}" for w in words_of(heading.lower()) if w not in _STOP}
        )
    return got


def logistic(x: float) -> float:
    if x < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))
