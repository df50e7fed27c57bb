"""Rank candidate quotes as evidence for each note field (data format, features, etc.).

Method:

1. **Candidates** (:mod:`paperprep.extract.pipeline`): the body's sentences (cleaned: footnote
   markers, lost ligatures and equation runs cut out), figure and table captions, table rows and
   statistics lines ("Criteo 45,840,617 107 39"), list items and slide lines, each with its page,
   section and sub-heading. A sentence of insane length (under 6 or over 80 words) or made of
   glued table cells (hardly any function words, and not a list) does not compete.
2. **Score**: a logistic model per field over generic features of the candidate in its paper
   (:mod:`paperprep.extract.signals`: its words, the words and kind of its section, its place
   in the paper, the quantities and names it carries, the paper's own repeated terms, its
   shape). The weights are learned from the dev corpus's gold key by
   ``benchmarks/train_evidence.py`` (each paper weighs the same; the regularisation is chosen
   by cross-validation inside the training papers) and shipped as ``evidence_model.json``; word
   features are kept only when they occur in at least four papers, so no paper's own vocabulary
   is learned. The figures in the README are cross-validated by paper
   (``benchmarks/quality.py``).
3. **Select**: the fields pick in turns, one quote each per round, five rounds. A pick is the
   candidate with the best score after a redundancy discount (``REDUNDANCY`` times its word
   overlap, Jaccard, with the quotes the field already has) plus a bonus (``NEW_FACT``) when it
   carries one of the field's key facts (:mod:`paperprep.extract.facts`) that no chosen quote
   carries yet. A candidate quoted under one field is never quoted under another. The reported
   score is the logistic of the discounted score, capped so it never increases down the list.
4. **Context**: a picked sentence takes in the sentence before or after it in the same passage
   (best-scored neighbour first, quoted nowhere else) while the field's quotes average at most
   ``WORDS_PER_QUOTE`` words: a fact is often stated across two sentences ("We use the logs of
   19 days. They hold 3.9 billion samples."), and a reader wants the context anyway.

The selection constants are fixed by hand, not fitted (``WORDS_PER_QUOTE`` follows the
project's cap of 35 words per quote on average).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from paperprep.extract.signals import (
    KIND_SENTENCE,
    KIND_SLIDE,
    PaperContext,
    Unit,
    feature_parts,
    logistic,
    paper_context,
    section_roles,
)
from paperprep.models import EVIDENCE_FIELDS, Evidence, KeyFact

__all__ = [
    "TOP_K",
    "Model",
    "Unit",
    "load_model",
    "rank",
    "rank_with_facts",
    "score_units",
    "select",
    "usable",
]

TOP_K = 5
#: How much (in logit units) a pick loses per unit of word overlap with the field's earlier picks.
REDUNDANCY = 2.0
#: How much a candidate gains when it carries one of the field's key facts not yet quoted.
NEW_FACT = 0.5
#: Only the best this many candidates of a field take part in the selection.
POOL = 60
#: At most this many of a field's quotes are captions or table rows (they state one fact each).
MAX_NON_SENTENCES = 1
#: A field's quotes average at most this many words once neighbouring sentences are taken in.
WORDS_PER_QUOTE = 34
#: Sentences this close in the text (their ``order``) count as neighbours in one passage.
MAX_GAP = 2

_SENTENCES = frozenset({KIND_SENTENCE, KIND_SLIDE})
_WORDS = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_STOP = frozenset(
    [
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
    ]
)

#: One field's weights: bias and feature name -> weight.
Weights = tuple[float, dict[str, float]]
Model = dict[str, Weights]


@lru_cache(maxsize=1)
def load_model() -> Model:
    """The shipped weights (``paperprep/extract/evidence_model.json``)."""
    raw = resources.files("paperprep.extract").joinpath("evidence_model.json").read_text("utf-8")
    return model_from_json(json.loads(raw))


def model_from_json(data: dict[str, Any]) -> Model:
    """The weights of ``benchmarks/train_evidence.py``'s file: names once, integer weights."""
    names: list[str] = data.get("features", [])
    scale = float(data.get("scale", 1))
    out: Model = {}
    for name in EVIDENCE_FIELDS:
        entry = data["fields"][name]
        weights = {n: w / scale for n, w in zip(names, entry["weights"], strict=True) if w}
        out[name] = (float(entry["bias"]), weights)
    return out


def usable(text: str, words: list[str] | None = None, kind: str = KIND_SENTENCE) -> bool:
    """Sentences of sane length and shape: no glued figure/table text, no fragments."""
    if kind not in (KIND_SENTENCE, KIND_SLIDE):
        return 3 <= len(text.split()) <= 60
    words = _WORDS.findall(text) if words is None else words
    if not (3 if kind == KIND_SLIDE else 6) <= len(words) <= 80 or len(text) > 600:
        return False
    tokens = text.split()
    if len(words) / max(1, len(tokens)) < 0.6:
        return False
    if len(words) <= 15 or text.count(",") >= 3:
        return True  # short, or a list ("user agent, page URL, ad slot ID, ...")
    # Long runs with hardly any function words are glued table cells or figure labels.
    stops = sum(map(_STOP.__contains__, map(str.lower, words)))
    return stops / len(words) >= 0.12


def method_sections(units: Sequence[Unit]) -> frozenset[str]:
    """Top-level sections that describe the paper's own method, by where they sit.

    Papers run introduction -> (related work, preliminaries) -> method -> experiments ->
    conclusion; a section between the introduction and the first experiments/results section
    whose title names none of the standard parts is the method, whatever its title.
    """
    order: list[str] = []
    for u in units:
        if u.section and u.section not in order:
            order.append(u.section)
    standard = {"abstract", "intro", "related", "prelim", "experiment", "result", "conclusion"}
    out: set[str] = set()
    opened = not any({"intro", "abstract"} & set(section_roles(t)) for t in order)
    for title in order:
        roles = set(section_roles(title))
        if roles & {"intro", "abstract"}:
            opened = True
            continue
        if roles & {"experiment", "result", "conclusion"}:
            break
        if opened and not roles & standard and "appendix" not in roles:
            out.add(title)
    return frozenset(out)


def candidates(units: Sequence[Unit]) -> list[Unit]:
    return [u for u in units if usable(u.text, kind=u.kind)]


def context_of(units: Sequence[Unit]) -> PaperContext:
    return paper_context(list(units), method_sections(units))


def score_units(
    units: Sequence[Unit], model: Model | None = None, ctx: PaperContext | None = None
) -> dict[str, list[float]]:
    """The model's score (a logit) of every unit for every field.

    The sum of the weights of :func:`~paperprep.extract.signals.unit_features`, computed without
    building the names of the word features (they are looked up by the word).
    """
    model = model if model is not None else load_model()
    ctx = ctx if ctx is not None else context_of(units)
    table = _table(model)
    words = _word_table(model, table)
    get, wget = table.get, words.get
    biases = [model[f][0] for f in EVIDENCE_FIELDS]
    cols: list[list[float]] = [[] for _ in EVIDENCE_FIELDS]
    for u in units:
        a, b, c, d = biases
        content, rest = feature_parts(u, ctx)
        # Added one feature at a time in sorted order: the words come in a set, whose order
        # follows Python's per-process hash seed, and floats added in another order differ in
        # the last bits -- enough to break a near-tie differently from one run to the next.
        for w0, w1, w2, w3 in filter(None, (*map(wget, sorted(content)), *map(get, sorted(rest)))):
            a += w0
            b += w1
            c += w2
            d += w3
        cols[0].append(a)
        cols[1].append(b)
        cols[2].append(c)
        cols[3].append(d)
    return dict(zip(EVIDENCE_FIELDS, cols, strict=True))


_WORD_TABLES: list[tuple[Model, dict[str, Row]]] = []


def _word_table(model: Model, table: dict[str, Row]) -> dict[str, Row]:
    """Word -> weights of its ``w:`` feature."""
    for m, got in _WORD_TABLES:
        if m is model:
            return got
    words = {n[2:]: row for n, row in table.items() if n.startswith("w:")}
    del _WORD_TABLES[3:]
    _WORD_TABLES.insert(0, (model, words))
    return words


Row = tuple[float, float, float, float]
#: The last few models' tables, kept with the model itself (identity, not id(), decides).
_TABLES: list[tuple[Model, dict[str, Row]]] = []


def _table(model: Model) -> dict[str, Row]:
    """Feature name -> its weight in each of the four fields (one look-up per feature)."""
    for m, table in _TABLES:
        if m is model:
            return table
    names = {n for f in EVIDENCE_FIELDS for n in model[f][1]}
    ws = [model[f][1] for f in EVIDENCE_FIELDS]
    table = {
        n: (ws[0].get(n, 0.0), ws[1].get(n, 0.0), ws[2].get(n, 0.0), ws[3].get(n, 0.0))
        for n in names
    }
    del _TABLES[3:]
    _TABLES.insert(0, (model, table))
    return table


def _content(text: str) -> frozenset[str]:
    """The text's lower-cased words, function words left out (only their count is used)."""
    return frozenset(map(str.lower, _WORDS.findall(text))).difference(_STOP)


def select(
    units: Sequence[Unit],
    scores: dict[str, list[float]],
    facts: dict[str, list[KeyFact]] | None = None,
    k: int = TOP_K,
) -> dict[str, list[Evidence]]:
    """The top ``k`` quotes per field: turns, redundancy discount, new key facts, no sharing."""
    pools = {
        f: sorted(range(len(units)), key=lambda i, f=f: (-scores[f][i], i))[:POOL]  # type: ignore[misc]
        for f in EVIDENCE_FIELDS
    }
    in_pool = {i for pool in pools.values() for i in pool}
    lowers = {i: units[i].text.lower() for i in in_pool}
    words = {i: _content(units[i].text) for i in in_pool}
    fact_texts = {f: [x.text.lower() for x in (facts or {}).get(f, [])] for f in EVIDENCE_FIELDS}
    covered: dict[str, set[str]] = {f: set() for f in EVIDENCE_FIELDS}
    chosen: dict[str, list[int]] = {f: [] for f in EVIDENCE_FIELDS}
    best_scores: dict[str, list[float]] = {f: [] for f in EVIDENCE_FIELDS}
    taken: set[int] = set()

    def best_for(field: str) -> tuple[int, float]:
        best, best_s = -1, float("-inf")
        picked = [words[i] for i in chosen[field]]
        others = sum(1 for i in chosen[field] if units[i].kind not in _SENTENCES)
        for i in pools[field]:
            if i in taken or (others >= MAX_NON_SENTENCES and units[i].kind not in _SENTENCES):
                continue
            s = scores[field][i]
            if s + NEW_FACT <= best_s:
                break  # sorted: no later one can win, even with a new fact
            w = words[i]
            overlap = max((len(w & o) / len(w | o) for o in picked if w or o), default=0.0)
            s -= REDUNDANCY * overlap
            if any(t in lowers[i] and t not in covered[field] for t in fact_texts[field]):
                s += NEW_FACT
            if s > best_s:
                best, best_s = i, s
        return best, best_s

    for _ in range(k):
        # Each field picks once per round, the field with the strongest pick first: a sentence
        # several fields want goes to the one it answers best.
        waiting = list(EVIDENCE_FIELDS)
        while waiting:
            offers = {f: best_for(f) for f in waiting}
            field = max(waiting, key=lambda f: offers[f][1])
            best, best_s = offers[field]
            waiting.remove(field)
            if best < 0:
                continue
            taken.add(best)
            chosen[field].append(best)
            best_scores[field].append(best_s)
            covered[field].update(t for t in fact_texts[field] if t in lowers[best])
    joined = _extend(units, scores, chosen, taken)
    out: dict[str, list[Evidence]] = {}
    for field in EVIDENCE_FIELDS:
        items: list[Evidence] = []
        cap = 1.0
        for i, s in zip(chosen[field], best_scores[field], strict=True):
            cap = min(cap, logistic(s))
            parts = sorted([i, *joined.get((field, i), [])])
            text = " ".join(units[j].text for j in parts)
            first = units[parts[0]]
            items.append(Evidence(field, text, first.page, first.section, round(cap, 4)))
        out[field] = items
    return out


def _adjacent(a: Unit, b: Unit) -> bool:
    """Two sentences of the same passage: same section and sub-heading, next to each other."""
    return (
        a.kind == KIND_SENTENCE
        and b.kind == KIND_SENTENCE
        and a.section == b.section
        and a.subsection == b.subsection
        and abs(a.order - b.order) <= MAX_GAP
    )


def _extend(
    units: Sequence[Unit],
    scores: dict[str, list[float]],
    chosen: dict[str, list[int]],
    taken: set[int],
) -> dict[tuple[str, int], list[int]]:
    """Per (field, picked unit), the neighbouring sentences its quote takes in.

    A quote states a fact with its context: a picked sentence may take in the sentence before or
    after it in the same passage when that one is quoted nowhere else, while the field's quotes
    stay within ``WORDS_PER_QUOTE`` words on average. Neighbours are taken best score first
    (the field's score of the neighbour), at most one per side.
    """
    lengths = [len(u.text.split()) for u in units]
    used = {f: sum(lengths[i] for i in chosen[f]) for f in EVIDENCE_FIELDS}
    offers: list[tuple[float, str, int, int]] = []
    for field in EVIDENCE_FIELDS:
        for i in chosen[field]:
            for j in (i - 1, i + 1):
                if 0 <= j < len(units) and j not in taken and _adjacent(units[i], units[j]):
                    offers.append((scores[field][j], field, i, j))
    offers.sort(key=lambda o: (-o[0], o[3]))
    joined: dict[tuple[str, int], list[int]] = {}
    for _s, field, i, j in offers:
        if j in taken or used[field] + lengths[j] > WORDS_PER_QUOTE * len(chosen[field]):
            continue
        taken.add(j)
        used[field] += lengths[j]
        joined.setdefault((field, i), []).append(j)
    return joined


#: Key facts are read from this many of each field's best-scored units.
FACT_POOL = 30


def pools_of(units: Sequence[Unit], scores: dict[str, list[float]]) -> dict[str, list[Unit]]:
    """Per field, the ``FACT_POOL`` best-scored units in document order (key facts' source)."""
    out: dict[str, list[Unit]] = {}
    for field in EVIDENCE_FIELDS:
        s = scores[field]
        best = sorted(range(len(units)), key=lambda i: (-s[i], i))[:FACT_POOL]
        out[field] = [units[i] for i in sorted(best)]
    return out


def rank_with_facts(
    units: Sequence[Unit], model: Model | None = None
) -> tuple[dict[str, list[Evidence]], dict[str, list[KeyFact]]]:
    """The top ``TOP_K`` evidence quotes and the key facts of each field."""
    from paperprep.extract.facts import key_facts

    cands = candidates(units)
    if not cands:
        return {f: [] for f in EVIDENCE_FIELDS}, {f: [] for f in EVIDENCE_FIELDS}
    scores = score_units(cands, model)
    facts = key_facts(cands, pools_of(cands, scores))
    return select(cands, scores, facts), facts


def rank(units: Sequence[Unit], model: Model | None = None) -> dict[str, list[Evidence]]:
    """The top ``TOP_K`` evidence quotes of each field."""
    return rank_with_facts(units, model)[0]
