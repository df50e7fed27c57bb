"""Rank a domain's candidate papers: well cited, still cited, on topic, canonical.

The score of a paper is::

    score = (1 + log10(1 + citations) + log10(1 + citations_per_year)) * relevance + seed_bonus

- ``citations`` is the best count any source reported (unknown counts as 0);
  ``citations_per_year = citations / max(1, now_year - year + 1)`` rewards papers that are still
  being cited over old ones that merely had time to accumulate (unknown year: 5 years).
- ``relevance = 0.2 + 0.8 * matched / len(domain.terms)``, where a term matches when all of its
  words occur in the title or abstract (case-insensitive, whole words; a trailing "s" is
  ignored); an entry with synonyms ("click-through rate | CTR") matches when one of them does.
  A highly cited paper that matches no domain term keeps only a fifth of its score, so e.g.
  ResNet (≈200k citations) does not outrank the domain's own classics. A domain without terms
  gives every paper relevance 1.
- The leading ``1 +`` keeps relevance in play when no source knew the citation count (a
  blocked OpenAlex): then the more on-topic paper still wins.
- A paper that is one of ``domain.seeds`` (same DOI, arXiv id or normalised title) gets
  relevance ``0.6 + 0.4 * matched / len(terms)`` (seeds are on topic by definition, the more
  matching ones more so) and a ``seed_bonus`` of 2.5: seeds are the canonical works the
  domain's author picked, and the backstop when search was blocked or noisy.

Papers published before ``since`` are left out. Ties are broken by citations, then title.
``why`` explains the score in words, e.g.
"cited 3200×, 320/yr, matches 4/5 domain terms, seed paper".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from paperprep.ids import normalize_arxiv, normalize_doi, normalize_title
from paperprep.models import Domain, Paper, SeedPaper, split_synonyms

SEED_BONUS = 2.5
SEED_RELEVANCE = 0.6
MIN_RELEVANCE = 0.2
UNKNOWN_AGE = 5


@dataclass(frozen=True)
class Ranked:
    """A paper's place in a domain's ranking, with the reason in words."""

    paper: Paper
    rank: int
    score: float
    why: str


def _words(text: str) -> list[str]:
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in re.findall(r"\w+", text)]


def matched_terms(paper: Paper, terms: Iterable[str]) -> list[str]:
    """The domain terms found in the paper's title or abstract."""
    haystack = set(_words(normalize_title(f"{paper.title} {paper.abstract or ''}")))
    found = []
    for term in terms:
        # "click-through rate | CTR": synonyms of one entry, counted once.
        for phrase in split_synonyms(term):
            words = _words(normalize_title(phrase))
            if words and all(w in haystack for w in words):
                found.append(term)
                break
    return found


def is_seed(paper: Paper, seeds: Iterable[SeedPaper]) -> bool:
    """Whether ``paper`` is one of the seeds (by DOI, arXiv id or normalised title)."""
    doi = normalize_doi(paper.doi)
    arxiv_id = normalize_arxiv(paper.arxiv_id)
    title = normalize_title(paper.title)
    for seed in seeds:
        if doi and normalize_doi(seed.doi) == doi:
            return True
        if arxiv_id and normalize_arxiv(seed.arxiv_id) == arxiv_id:
            return True
        if title and normalize_title(seed.title) == title:
            return True
    return False


def score(paper: Paper, domain: Domain, *, now_year: int) -> tuple[float, str]:
    """The score of one paper and the reason in words (see the module docstring)."""
    cites = max(0, paper.citations or 0)
    age = max(1, now_year - paper.year + 1) if paper.year else UNKNOWN_AGE
    per_year = cites / age
    terms = [t for t in domain.terms if t.strip()]
    matched = matched_terms(paper, terms)
    relevance = MIN_RELEVANCE + (1 - MIN_RELEVANCE) * len(matched) / len(terms) if terms else 1.0
    seed = is_seed(paper, domain.seeds)
    if seed:
        share = len(matched) / len(terms) if terms else 1.0
        relevance = SEED_RELEVANCE + (1 - SEED_RELEVANCE) * share
    value = (1 + math.log10(1 + cites) + math.log10(1 + per_year)) * relevance
    value += SEED_BONUS if seed else 0.0
    parts = [
        f"cited {cites}×, {per_year:.0f}/yr" if paper.citations is not None else "citations unknown"
    ]
    if terms:
        parts.append(f"matches {len(matched)}/{len(terms)} domain terms")
    if seed:
        parts.append("seed paper")
    return value, ", ".join(parts)


def rank(
    papers: Iterable[Paper],
    domain: Domain,
    *,
    top: int = 5,
    since: int | None = None,
    now_year: int,
) -> list[Ranked]:
    """The ``top`` papers of ``domain``, best first, numbered from 1.

    :param since: leave out papers published before this year (unknown years are kept).
    :param now_year: the current year (passed in so results are reproducible).
    """
    scored = []
    for paper in papers:
        if since is not None and paper.year is not None and paper.year < since:
            continue
        value, why = score(paper, domain, now_year=now_year)
        scored.append((value, paper, why))
    scored.sort(key=lambda s: (-s[0], -(s[1].citations or 0), normalize_title(s[1].title)))
    return [
        Ranked(paper=paper, rank=i, score=round(value, 4), why=why)
        for i, (value, paper, why) in enumerate(scored[: max(0, top)], start=1)
    ]
