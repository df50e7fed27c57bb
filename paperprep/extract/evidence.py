"""Rank sentences as evidence for each note field (data_format, features, architecture, findings).

Method (every component is bounded, so a score is always in [0, 1]):

``score = 0.35 * prior + 0.45 * cues + 0.10 * numbers + 0.10 * names``

* ``prior`` (0..1): does the sentence's section or nearest sub-heading name the field? "Dataset",
  "Data", "Experimental Setup" for data_format; "Feature(s)", "Feature Engineering", "Input" for
  features; "Model", "Method", "Approach", "Architecture", "Network", "Algorithm" for architecture;
  "Abstract", "Results", "Conclusion(s)", "Performance", "Evaluation" for findings.
* ``cues`` (0..1): distinct cue-lexicon terms in the sentence (three or more saturate).
* ``numbers`` (0/1): a quantity the field cares about (sizes such as "500 million" for data,
  dimensions/layer counts for architecture, percentages and metric values for findings).
* ``names`` (0/1): for data_format and findings a dataset-like proper noun (MovieLens, Criteo,
  Netflix Prize, "the X dataset"); for architecture one of the paper's own method names (its four
  most frequent acronyms/CamelCase words such as NeuMF, DCN, LinUCB; metric names excluded).

Sentences in Related Work / Background are down-weighted (they describe other papers); sentences
in References, captions, figure/table debris, and sentences of insane length (under 6 or over 80
words) or with hardly any function words (glued table cells) never compete. Near-identical
sentences (token Jaccard >= 0.6) do not fill two slots, and one (section, sub-heading) fills at
most three. The top 5 per field are kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from paperprep.models import EVIDENCE_FIELDS, Evidence

TOP_K = 5
#: At most this many sentences from one (section, sub-heading): evidence from across the paper.
PER_PLACE = 3


@dataclass(frozen=True)
class Unit:
    """A candidate sentence with where it was found."""

    text: str
    page: int
    section: str | None
    subsection: str | None
    order: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def _terms(*words: str) -> re.Pattern[str]:
    """One alternation of lower-case terms: a single pass over the lower-cased sentence."""
    return re.compile(r"\b(?:" + "|".join(words) + r")\b")


def distinct_terms(pattern: re.Pattern[str], lower: str) -> int:
    """How many different cue words occur (``lower`` is the lower-cased sentence)."""
    return len(set(pattern.findall(lower)))


_CUES: dict[str, re.Pattern[str]] = {
    "data_format": _terms(
        r"data ?sets?",
        r"training (?:data|set|examples?)",
        r"test(?:ing)? (?:data|set)",
        r"validation",
        r"logs?",
        r"records?",
        r"examples",
        r"samples?",
        r"instances",
        r"impressions?",
        r"click(?:s|through)?",
        r"ratings?",
        r"collected",
        r"consists? of",
        r"contains?",
        r"split",
        r"days?",
        r"weeks?",
        r"months?",
        r"labels?|labell?ed",
        r"implicit feedback",
        r"explicit feedback",
        r"sessions?",
        r"queries",
        r"(?:m|b)illion",
        r"users?",
        r"items?",
        r"interactions?",
        r"sampled",
        r"traffic",
        r"events?",
    ),
    "features": _terms(
        r"features?",
        r"feature engineering",
        r"categorical",
        r"continuous",
        r"numerical",
        r"embeddings?",
        r"one-hot",
        r"cross(?:-product)? (?:features?|transformations?)",
        r"hash(?:ing|ed)?",
        r"demographics?",
        r"age",
        r"gender",
        r"country",
        r"language",
        r"device",
        r"histor(?:y|ical)",
        r"ids?",
        r"fields?",
        r"bag[- ]of[- ]words",
        r"(?:tri|bi)-?(?:letter|gram)s?|n-grams?|letter-trigram",
        r"attributes?",
        r"metadata",
        r"contextual",
        r"vocabular(?:y|ies)",
        r"sparse",
        r"dense",
        r"inputs?",
        r"discreti[sz]ed|bucketi[sz]ed|normali[sz]ed",
        r"profiles?",
    ),
    "architecture": _terms(
        r"layers?",
        r"hidden",
        r"neural networks?",
        r"network",
        r"embedding layer",
        r"relu",
        r"activations?",
        r"sigmoid",
        r"softmax",
        r"mlp",
        r"feed-?forward",
        r"fully[- ]connected",
        r"concatenat\w*",
        r"residual",
        r"convolution(?:al)?",
        r"architecture",
        r"components?",
        r"joint(?:ly)? train(?:ed|ing)",
        r"logistic regression",
        r"factorization machines?",
        r"matrix factorization",
        r"latent (?:factors?|vectors?)",
        r"loss function",
        r"log ?loss",
        r"optimi[sz]er|sgd|adam|adagrad|ftrl|gradient descent",
        r"learning rate",
        r"back-?propagation",
        r"dimensional",
        r"vectors?",
        r"parameters",
        r"bilinear",
        r"skip-gram",
        r"negative sampling",
        r"hierarchical softmax",
        r"model",
        r"algorithm",
        r"similarity",
        r"regression",
    ),
    "findings": _terms(
        r"improv\w*",
        r"outperform\w*",
        r"significant(?:ly)?",
        r"gains?",
        r"lift",
        r"increas\w*",
        r"reduc\w*",
        r"better",
        r"best",
        r"results? (?:show|demonstrate|indicate)",
        r"we (?:find|found|observe|show)",
        r"demonstrat\w*",
        r"auc",
        r"log ?loss",
        r"accuracy",
        r"precision",
        r"recall",
        r"ndcg(?:@\d+)?",
        r"hr(?:@\d+)?",
        r"mae",
        r"rmse",
        r"ctr",
        r"a/b test\w*",
        r"online",
        r"offline",
        r"relative",
        r"baselines?",
        r"state-of-the-art",
        r"effective(?:ness)?",
        r"achiev\w*",
        r"compared (?:with|to)",
    ),
}

_PRIORS: dict[str, list[tuple[re.Pattern[str], float]]] = {
    "data_format": [
        (re.compile(r"data ?sets?|data collection|data representation|\bdata\b", re.I), 1.0),
        (re.compile(r"experiment\w* (?:setup|settings?)|setup|settings", re.I), 0.9),
        (re.compile(r"experiment|evaluation|case stud", re.I), 0.5),
    ],
    "features": [
        (re.compile(r"features?|feature engineering|representation|inputs?\b", re.I), 1.0),
        (re.compile(r"embedding|profiles?|data representation", re.I), 0.6),
        (re.compile(r"model|approach|method", re.I), 0.3),
    ],
    "architecture": [
        (re.compile(r"architecture|model|method|approach|network|framework", re.I), 1.0),
        (re.compile(r"algorithm|component|layer|learning|system|implementation", re.I), 0.7),
        (re.compile(r"training|proposed|our", re.I), 0.5),
    ],
    "findings": [
        (re.compile(r"abstract|results?|conclusions?|performance|findings", re.I), 1.0),
        (re.compile(r"experiment|evaluation|discussion|summary|comparison", re.I), 0.6),
        (re.compile(r"introduction|contribution", re.I), 0.3),
    ],
}

_NUMBERS: dict[str, re.Pattern[str]] = {
    "data_format": re.compile(
        r"\b\d[\d,.]*\s*(?:[mb]illion|thousand|[kmb]\b|days?|weeks?|months?|users|items|"
        r"records|examples|samples|ratings|impressions|queries|GB|TB)",
        re.I,
    ),
    "features": re.compile(r"\b\d[\d,.]*\s*(?:features?|fields?|dimensions?|-dimensional)", re.I),
    "architecture": re.compile(
        r"\b\d[\d,.]*\s*(?:layers?|hidden|units|neurons|dimensions?|-dimensional|-layer)", re.I
    ),
    "findings": re.compile(r"[+\-]?\d+(?:\.\d+)?\s*%|\b0\.\d{2,}\b|\b\d+(?:\.\d+)?x\b"),
}

_DATASET_NAMES = re.compile(
    r"\b(?:MovieLens|Movielens|Criteo|Avazu|Netflix(?: Prize)?|Pinterest|Yelp|Last\.fm|"
    r"Million Song|KDD ?Cup|iPinYou|Taobao|Douban|Epinions|Book-Crossing|Frappe|Outbrain|"
    r"Microsoft Store|Google Play|Bing|ImageNet|Wikipedia|Google News|Yahoo!?|EachMovie|"
    r"Amazon|UCI|Company\*?|Alibaba)\b"
    r"|\b[A-Z][\w\-]+(?: [A-Z][\w\-]+)* (?:data ?set|dataset|corpus|logs)\b"
)
_RELATED = re.compile(r"related work|background|literature|prior work", re.I)
_STOP = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "and",
    "is",
    "are",
    "we",
    "for",
    "on",
    "with",
    "that",
    "by",
    "as",
    "this",
    "be",
    "it",
    "from",
    "which",
    "our",
    "was",
    "were",
    "has",
    "have",
    "can",
    "at",
    "or",
    "its",
    "their",
    "these",
    "not",
}
_WORDS = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def usable(text: str) -> bool:
    """Sentences of sane length and shape: no glued figure/table text, no fragments."""
    words = _WORDS.findall(text)
    if not 6 <= len(words) <= 80 or len(text) > 600:
        return False
    tokens = text.split()
    if len(words) / max(1, len(tokens)) < 0.6:
        return False
    if len(words) <= 15:
        return True
    # Long runs with hardly any function words are glued table cells or figure labels.
    stops = sum(1 for w in words if w.lower() in _STOP)
    return stops / len(words) >= 0.12


def _prior(field: str, unit: Unit) -> float:
    best = 0.0
    for heading in (unit.section, unit.subsection):
        if not heading:
            continue
        for pattern, value in _PRIORS[field]:
            if pattern.search(heading):
                best = max(best, value)
                break
    return best


_NAME_TOKEN = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*\b")
_METRIC_NAMES = {"AUC", "CTR", "NDCG", "HR", "RMSE", "MAE", "MSE", "SGD", "GPU", "CPU", "ID", "IDs"}


def model_names(units: list[Unit]) -> set[str]:
    """The paper's own method names: its most frequent acronyms/CamelCase words (NeuMF, DCN)."""
    counts: Counter[str] = Counter()
    for u in units:
        counts.update(t for t in _NAME_TOKEN.findall(u.text) if t not in _METRIC_NAMES)
    return {t for t, n in counts.most_common(4) if n >= 3}


def score(field: str, unit: Unit, names_of_models: frozenset[str] = frozenset()) -> float:
    text = unit.text
    hits = distinct_terms(_CUES[field], unit.lower)
    cues = min(1.0, hits / 4.0)
    numbers = 1.0 if _NUMBERS[field].search(text) else 0.0
    if field == "architecture":
        names = 1.0 if any(n in text for n in names_of_models) else 0.0
    elif field == "features":
        names = 0.0
    else:
        names = 1.0 if _DATASET_NAMES.search(text) else 0.0
    raw = 0.35 * _prior(field, unit) + 0.45 * cues + 0.10 * numbers + 0.10 * names
    if unit.section and _RELATED.search(unit.section):
        raw *= 0.6
    if text[:1].islower():
        raw *= 0.8  # a fragment continuing from an unread column or page
    return max(0.0, min(1.0, raw))


def _tokens(text: str) -> set[str]:
    return {w.lower() for w in _WORDS.findall(text) if len(w) > 2}


def rank(units: list[Unit]) -> dict[str, list[Evidence]]:
    """The top ``TOP_K`` evidence sentences of each field."""
    candidates = [u for u in units if usable(u.text)]
    token_sets = [_tokens(u.text) for u in candidates]
    names = frozenset(model_names(candidates))
    out: dict[str, list[Evidence]] = {}
    for field in EVIDENCE_FIELDS:
        scored = sorted(
            ((score(field, u, names), i) for i, u in enumerate(candidates)),
            key=lambda si: (-si[0], si[1]),
        )
        chosen: list[Evidence] = []
        chosen_tokens: list[set[str]] = []
        places: list[tuple[str | None, str | None]] = []
        for s, i in scored:
            if s <= 0.0 or len(chosen) >= TOP_K:
                break
            toks = token_sets[i]
            if any(_jaccard(toks, other) >= 0.6 for other in chosen_tokens):
                continue
            u = candidates[i]
            place = (u.section, u.subsection)
            if sum(1 for p in places if p == place) >= PER_PLACE:
                continue
            places.append(place)
            chosen.append(Evidence(field, u.text, u.page, u.section, round(s, 4)))
            chosen_tokens.append(toks)
        out[field] = chosen
    return out


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
