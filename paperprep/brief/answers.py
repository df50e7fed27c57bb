"""Which of the user's notes answer a follow-up question (for the brief and the Anki cards).

A follow-up ("How do you handle a brand-new item (cold start)?") is answered by a note point
that talks about the same thing. Matching is plain word overlap, made specific in two ways
that come from the domain itself, not from tuning:

- **by field.** The question is compared with the domain's framing prompts of each answer step
  (data, features, models, metrics, serving); the step(s) it shares most words with name the
  note fields to look in (``data_format``, ``features``, …). Interview talking points always
  count.
- **by facet.** A facet (``Domain.facets``: ``retrieval = ["two-tower", "candidate
  generation"]``) named in the question adds its terms to the words looked for.

Words the domain uses everywhere (in more than a tenth of its framing prompts and note points,
e.g. "user", "item", "model" in recommendation) say nothing about which paper answers, so they
do not count; adjacent word pairs ("cold start", "position bias") count more than single
words. The papers cited are those with an answering point, best first. The rule has no weights
fitted to data; ``tests/test_answers.py`` measures it on notes written apart from it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from paperprep.brief.text import items
from paperprep.models import NOTE_FIELDS, Domain

_STOPWORDS = """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers him his how i if in into is it its itself
    just me more most my no nor not now of off on once only or other our ours out over own same
    she should so some such than that the their theirs them then there these they this those
    through to too under until up very was we were what when where which while who whom why will
    with would you your yours vs via per use using used"""
#: Common English words that carry no topic (a standard short list, not tuned).
STOPWORDS = frozenset(_STOPWORDS.split())

#: Which framing list speaks for which note field.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "clarifying_questions": ("summary",),
    "data": ("data_format",),
    "features": ("features",),
    "models": ("architecture",),
    "offline_metrics": ("findings",),
    "online_metrics": ("findings",),
    "serving": ("talking_points",),
}

#: Note fields a follow-up may be answered from (open questions are questions, not answers).
ANSWER_FIELDS = tuple(f for f in NOTE_FIELDS if f != "questions")


_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"))


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem: "items"/"item", "biases"/"bias", "training"/"train", "ranked"/"rank"."""
    if len(word) <= 3:
        return word
    for suffix, replacement in (*_SUFFIXES, ("ases", "as")):
        if word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "as")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=8192)
def _terms(text: str) -> tuple[str, ...]:
    return tuple(
        stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS and len(w) > 1
    )


def terms(text: str) -> list[str]:
    """The content words of ``text`` in order, stemmed."""
    return list(_terms(text))


def words(text: str) -> set[str]:
    """The content words of ``text``, stemmed."""
    return set(_terms(text))


def pairs(text: str) -> set[tuple[str, str]]:
    """Adjacent content words ("cold start", "position bias"): a phrase outweighs a word."""
    seq = terms(text)
    return set(itertools.pairwise(seq))


@dataclass(frozen=True)
class Point:
    """One point of a paper's note: the key, the field and the user's own words."""

    key: str
    field: str
    text: str


@dataclass(frozen=True)
class Answer:
    question: str
    fields: tuple[str, ...]
    facets: tuple[str, ...]
    #: The answering points, best first (several may come from one paper).
    points: tuple[Point, ...]

    @property
    def keys(self) -> list[str]:
        """The papers whose notes answer, best first."""
        return list(dict.fromkeys(p.key for p in self.points))


def _prompts(domain: Domain) -> list[str]:
    f = domain.framing
    return [
        f.problem,
        *f.clarifying_questions,
        *f.data,
        *f.features,
        *f.models,
        *f.offline_metrics,
        *f.online_metrics,
        *f.serving,
        *f.follow_ups,
    ]


def document_frequency(documents: Sequence[str]) -> dict[str, int]:
    """In how many of ``documents`` each content word occurs."""
    df: dict[str, int] = {}
    for doc in documents:
        for w in words(doc):
            df[w] = df.get(w, 0) + 1
    return df


def question_fields(
    question: str, domain: Domain, common: set[str] | None = None
) -> tuple[str, ...]:
    """The note fields whose answer step's prompts share most (specific) words with ``question``."""
    q = words(question) - (common or set())
    scores: dict[tuple[str, ...], int] = {}
    for attr, fields in STEP_FIELDS.items():
        prompts: list[str] = getattr(domain.framing, attr)
        shared = len(q & words(" ".join(prompts)))
        scores[fields] = max(scores.get(fields, 0), shared)
    best = max(scores.values(), default=0)
    found = [f for fields, s in scores.items() if s == best and best > 0 for f in fields]
    return tuple(dict.fromkeys([*found, "talking_points"]))


def question_facets(question: str, domain: Domain) -> dict[str, list[str]]:
    """The domain's facets the question names (by the facet's name or one of its terms)."""
    q_words, q_pairs = words(question), pairs(question)
    found: dict[str, list[str]] = {}
    for name, facet_terms in domain.facets.items():
        for term in [name.replace("_", " "), *facet_terms]:
            seq = terms(term)
            hit = set(itertools.pairwise(seq)) <= q_pairs if len(seq) > 1 else seq
            if seq and hit and set(seq) <= q_words:
                found[name] = list(facet_terms)
                break
    return found


def answer(
    question: str,
    domain: Domain,
    notes: Sequence[tuple[str, Mapping[str, str]]],
) -> Answer:
    """The points of ``notes`` (``(key, fields)`` per paper) that answer ``question``.

    The question's *topic* is a phrase of two adjacent content words that the notes use
    ("cold start"; the question's own or a named facet's), else its rarest word that some note
    point uses: fewest occurrences over the domain's framing prompts and every note point
    (other follow-up questions count, the question itself does not) — "negatives" rather than
    "training" or "model"; every word tied for rarest counts. A point answers when it uses the
    topic. Points in the question's fields come first. There is no weight or threshold to fit.
    """
    return Answers(domain, notes).answer(question)


class Answers:
    """:func:`answer` for many questions over the same notes: the notes are read once."""

    def __init__(self, domain: Domain, notes: Sequence[tuple[str, Mapping[str, str]]]) -> None:
        self.domain = domain
        self.points = [
            (order, key, field, item, words(item), pairs(item))
            for order, (key, paper_fields) in enumerate(notes)
            for field in ANSWER_FIELDS
            for item in items(paper_fields.get(field, ""))
        ]
        self.prompts = _prompts(domain)
        self.df = document_frequency([*self.prompts, *(p[3] for p in self.points)])
        self.used: set[str] = set().union(*(p[4] for p in self.points))
        self.used_pairs: set[tuple[str, str]] = set().union(*(p[5] for p in self.points))

    def answer(self, question: str) -> Answer:
        # Document frequency over the other prompts and the notes: the question is not counted.
        own = words(question) if question in self.prompts else set()
        df = {w: n - (w in own) for w, n in self.df.items()}
        fields = question_fields(question, self.domain)
        facets = question_facets(question, self.domain)
        wanted = words(question)
        key_pairs = pairs(question)
        for facet_terms in facets.values():
            for term in facet_terms:
                wanted |= words(term)
                key_pairs |= pairs(term)
        # A phrase of the question that the notes use ("cold start") is the most specific topic
        # there is: then only the phrase counts, and "warm-starting" answers nothing.
        candidates = set() if key_pairs & self.used_pairs else wanted & self.used
        rarest = min((df.get(w, 0) for w in candidates), default=0)
        topic = {w for w in candidates if df.get(w, 0) == rarest}
        scored: list[tuple[int, int, Point]] = []
        for order, key, field, item, item_words, item_pairs in self.points:
            hits = len(topic & item_words) + 2 * len(key_pairs & item_pairs)
            if hits:
                scored.append((-hits - 2 * (field in fields), order, Point(key, field, item)))
        scored.sort(key=lambda s: (s[0], s[1]))
        return Answer(question, fields, tuple(facets), tuple(p for _, _, p in scored))
