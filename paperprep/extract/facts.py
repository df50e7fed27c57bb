"""Key facts: the named things a note needs, read from the paper's own text, each with its page.

Per note field, by generic patterns (no list of datasets, papers or methods):

* **data_format** — ``dataset``: a capitalised name followed by "dataset", "data set", "corpus",
  "benchmark" or "logs" ("the Criteo dataset", "One Billion Word Benchmark"); ``size``: a count
  of things data is made of ("3.9 billion training samples", "41 million records", "45,840,617
  instances"); ``period``: how long it was collected ("19 consecutive days", "3 months").
* **features** — ``feature``: a named kind of feature ("26 categorical features", "sparse ID
  features", "user behavior images" is not caught: it does not say "feature"); ``encoding``: how
  inputs are encoded ("one-hot", "embedding vectors", "bag of words", "log transform", "hashing").
* **architecture** — ``component``: a name the paper defines with its acronym ("Advanced Model
  Server (AMS)") or a repeated term ending in a component word ("cross network", "embedding
  layer", "attention module"); ``loss``: a named loss ("log loss", "cross-entropy").
* **findings** — ``metric``: an evaluation metric by name (AUC, logloss, RMSE, NDCG@10, ...);
  ``gain``: a stated improvement ("outperforms LR by 0.86%", "2.5-4.3% in NDCG@1", "a factor of
  3 speedup", "by about 340 times").

Facts are counted over the ranker's best candidates for the field (never the references); a
fact's page is where it is first stated. Each field keeps its most frequent facts (ties: first
stated first); a fact inside a longer kept one of the same field is dropped. They rank and
diversify the evidence (a quote carrying a fact no chosen quote carries yet gains) and open each
note field as a "Key facts" line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from paperprep.extract.signals import Unit
from paperprep.models import EVIDENCE_FIELDS, KeyFact

#: Key facts kept per field.
PER_FIELD = 6

_NAME = r"[A-Z][\w\-!.&’']*[\w!]"
_DATASET = re.compile(
    rf"\b((?:{_NAME}|\d+[A-Z]?)(?:\s+(?:{_NAME}|\d+[A-Za-z]?)){{0,3}})\s+"
    r"(?:data ?sets?|dataset|corpus|benchmark|logs?|collection)\b"
)
_THINGS = (
    r"users?|items?|records?|samples?|examples?|instances?|impressions?|clicks?|queries|"
    r"sessions?|ratings?|events?|documents?|words?|images?|pages?|ads|articles?|movies?|"
    r"listings?|customers?|nodes?|edges?|vertices|tokens?|messages?|pairs?|entries|rows?|"
    r"videos?|apps?|songs?|products?|members?|bids?|auctions?|campaigns?|advertisers?|"
    r"transactions?|visits?|views?|interactions?|triples?|sentences?|features?|photos?|posts?|"
    r"logs?"
)
_SIZE = re.compile(
    r"(?<![\w.])(\d[\d,.]*\s*(?:thousand|million|billion|trillion|[KMB]\b)?s?\s+"
    rf"(?:[a-z][\w\-]*\s+){{0,2}}(?:{_THINGS}))\b"
)
_PERIOD = re.compile(
    r"(?<![\w.])(\d+\s+(?:consecutive\s+)?(?:days?|weeks?|months?|years?|hours?))\b(?! ago)"
)
_FEATURE = re.compile(
    r"\b((?:\d[\d,]*\s+)?(?:[A-Za-z][\w\-]*\s+){0,2}[A-Za-z][\w\-]*\s+features?)\b"
)
_ENCODING = re.compile(
    r"\b(one-hot(?:\s+(?:encoding|vectors?))?|embedding vectors?|bag[- ]of[- ]words|tf-idf"
    r"|log transform(?:ation)?|(?:feature )?hashing|n-grams?|letter[- ]trigrams?"
    r"|bucketi[sz]ed|discreti[sz]ed|normali[sz]ed)\b",
    re.IGNORECASE,
)
_HEADS = (
    r"layers?|network|networks|model|module|encoder|decoder|attention|pooling|tower|server|"
    r"units?|cell|tree|trees|machines?|graph|function|regularization|optimizer|softmax|"
    r"sampling|embeddings?|classifier|ranker|algorithm|architecture|component|mechanism|"
    r"perceptron|kernel|policy|agent|estimator|predictor|framework|engine|store|table"
)
_COMPONENT = re.compile(rf"\b((?:[A-Za-z][\w\-&]*\s+){{1,3}}(?:{_HEADS}))\b")
_ACRONYM_DEF = re.compile(
    r"\b((?:[A-Za-z][\w\-&]*\s+){0,5}[A-Za-z][\w\-&]*)\s*\(([A-Z][A-Za-z0-9&\-]*[A-Z][\w&\-]*?)s?\)"
)
_LOSS = re.compile(
    r"\b((?:log(?:istic)?|cross[- ]entropy|hinge|squared|pairwise|pointwise|listwise|ranking|"
    r"softmax|negative log[- ]likelihood|mean squared error)(?:\s+loss)?|[\w\-]+ loss)\b",
    re.IGNORECASE,
)
_METRIC = re.compile(
    r"\b(G?AUC|log ?loss|RMSE|MAE|MSE|NDCG(?:@\d+)?|HR@\d+|MRR|MAP(?:@\d+)?|F1(?: score)?|"
    r"BLEU|perplexity|precision(?:@\d+)?|recall(?:@\d+)?|accuracy|CTR|eCPC|CPC|CPA|ROI|"
    r"revenue|regret|conversion rates?|click-through rates?|speedup|throughput|latency)\b",
    re.IGNORECASE,
)
_GAIN = re.compile(
    r"((?:outperform\w*|improv\w*|increas\w*|reduc\w*|gain\w*|lift\w*|better|higher|lower|"
    r"faster|speedup|boost\w*)\s+(?:[\w\-]+\s+){0,4}?by\s+(?:about\s+|up to\s+|nearly\s+)?"
    r"[\d.]+(?:\s?%|\s+times|x)?(?:\s+(?:and|to)\s+[\d.]+\s?%?)?"
    r"|[\d.]+(?:\s?[-–]\s?[\d.]+)?\s?%\s+(?:in\s+[\w@]+|improvement|gain|lift|increase|reduction|"
    r"higher|lower|better|relative)"
    r"|(?:a )?factor of \d+(?:\.\d+)?(?: speedup)?|\d+(?:\.\d+)?x (?:faster|speedup|fewer|less)"
    r"|within \d+(?:\.\d+)?\s?%)",
    re.IGNORECASE,
)
_LEAD_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "and",
        "or",
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
        "these",
        "those",
        "such",
        "all",
        "each",
        "our",
        "their",
        "its",
        "from",
        "which",
        "both",
        "other",
        "some",
        "any",
        "more",
        "most",
        "than",
        "then",
        "thus",
        "also",
        "only",
        "different",
        "various",
        "several",
        "many",
        "new",
        "same",
        "two",
        "three",
        "using",
        "used",
        "use",
        "based",
        "into",
    ]
)


@dataclass
class _Seen:
    text: str
    kind: str
    page: int
    first: int
    count: int = 0


def _trim(text: str) -> str:
    words = " ".join(text.split()).strip(" ,.;:").split(" ")
    while words and words[0].lower() in _LEAD_STOP:
        words = words[1:]
    return " ".join(words)


def _initials_match(name: str, acronym: str) -> bool:
    letters = [w[0].lower() for w in re.split(r"[\s\-]+", name) if w]
    acr = [c.lower() for c in acronym if c.isalpha()]
    if len(acr) < 2:
        return False
    # The acronym's letters are the initials of the name's last len(acr) words (loosely).
    tail = "".join(letters[-len(acr) :])
    return tail == "".join(acr) or "".join(acr) in "".join(letters)


#: Words of a clause, not of a name: a number-led span holding one ("1 if the user",
#: "1 if the i-th feature", from an indicator function) is a piece of a sentence, not a fact.
_CLAUSE_WORD = re.compile(
    r"\b(?:if|the|a|an|is|are|was|were|and|that|which|when|we|it|this|to|for|with|by|as|on"
    r"|from)\b",
    re.IGNORECASE,
)
_NUMBER_LED = frozenset({"size", "period", "feature"})
#: The bracketed acronym that ends every ``_ACRONYM_DEF`` match, searched first (much faster).
_ACRONYM_PAREN = re.compile(r"\([A-Z][A-Za-z0-9&\-]*[A-Z][\w&\-]*?s?\)")

_DATA_GATE = re.compile(r"data|corpus|benchmark|logs?\b|collection")
_ENCODING_GATE = re.compile(r"one-hot|embedding|bag|tf-idf|log transform|hash|gram|ize|ise", re.I)
_HEAD_WORDS = frozenset(
    w for h in _HEADS.split("|") for w in ((h[:-2], h[:-1]) if h.endswith("s?") else (h,))
)
_WORDS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


def _matches(field: str, unit: Unit) -> list[tuple[str, str]]:
    """(text, kind) of every fact of ``field`` stated in ``unit``."""
    text = unit.text
    lower = unit.lower
    digits = _DIGIT.search(text) is not None
    out: list[tuple[str, str]] = []
    if field == "data_format":
        if _DATA_GATE.search(lower):
            out += [(m.group(0), "dataset") for m in _DATASET.finditer(text)]
        if digits:
            out += [(m.group(1), "size") for m in _SIZE.finditer(text)]
            out += [(m.group(1), "period") for m in _PERIOD.finditer(text)]
    elif field == "features":
        if "feature" in lower:
            out += [(m.group(1), "feature") for m in _FEATURE.finditer(text)]
        if _ENCODING_GATE.search(text):
            out += [(m.group(1), "encoding") for m in _ENCODING.finditer(text)]
    elif field == "architecture":
        if "(" in text:
            out += _acronym_defs(text)
        if "loss" in lower or "entropy" in lower:
            out += [(m.group(1), "loss") for m in _LOSS.finditer(text)]
        if not _HEAD_WORDS.isdisjoint(_WORDS.findall(lower)):
            out += [(m.group(1), "component") for m in _COMPONENT.finditer(text)]
    else:
        out += [(m.group(1), "metric") for m in _METRIC.finditer(text)]
        if digits or "factor" in lower:
            out += [(m.group(1), "gain") for m in _GAIN.finditer(text)]
    return [
        (t, k)
        for t, k in ((_trim(t), k) for t, k in out)
        if len(t) >= 2 and not (k in _NUMBER_LED and _CLAUSE_WORD.search(t))
    ]


def _acronym_defs(text: str) -> list[tuple[str, str]]:
    """ "Advanced Model Server (AMS)": a name whose initials are the acronym after it."""
    out: list[tuple[str, str]] = []
    if not _ACRONYM_PAREN.search(text):
        return out
    for m in _ACRONYM_DEF.finditer(text):
        name, acr = m.group(1), m.group(2)
        words = name.split()
        n = len([c for c in acr if c.isupper()])
        candidate = " ".join(words[-max(n, 1) :])
        if _initials_match(candidate, acr):
            out.append((f"{candidate} ({acr})", "component"))
    return out


#: Component and feature facts must be repeated (a name the paper uses, not a passing phrase)
#: unless the paper defines them with an acronym or counts them ("26 categorical features").
_NEEDS_REPEAT = {"component", "feature"}


def key_facts(
    units: Sequence[Unit], pools: Mapping[str, Sequence[Unit]] | None = None
) -> dict[str, list[KeyFact]]:
    """The key facts of each evidence field, most frequent first, each with its first page.

    :param pools: per field, the units to read that field's facts from (the ranker's best
        candidates for it); default: all ``units`` for every field.
    """
    out: dict[str, list[KeyFact]] = {}
    for field in EVIDENCE_FIELDS:
        seen: dict[str, _Seen] = {}
        for u in pools[field] if pools is not None else units:
            for text, kind in _matches(field, u):
                key = text.lower()
                s = seen.get(key)
                if s is None:
                    s = seen[key] = _Seen(text, kind, u.page, u.order)
                if kind == "component" and "(" in text:
                    s.kind, s.text = kind, text
                    s.count += 2  # defined with its acronym: the paper names it on purpose
                s.count += 1
        ranked = sorted(
            (
                s
                for s in seen.values()
                if s.count >= 2
                or s.kind not in _NEEDS_REPEAT
                or "(" in s.text
                or s.text[:1].isdigit()
            ),
            key=lambda s: (-_weight(s), s.first),
        )
        kept: list[_Seen] = []
        for s in ranked:
            low = s.text.lower()
            if any(low in k.text.lower() for k in kept):
                continue
            kept = [k for k in kept if k.text.lower() not in low]
            kept.append(s)
            if len(kept) >= PER_FIELD:
                break
        out[field] = [KeyFact(field, s.text, s.page, s.kind) for s in kept]
    return out


def _weight(s: _Seen) -> float:
    """Numbers are facts on their own; a name counts by how often the paper uses it."""
    bonus = 2.0 if s.kind in ("size", "gain", "period") else 0.0
    return min(s.count, 6) + bonus + (0.5 if any(c.isdigit() for c in s.text) else 0.0)
