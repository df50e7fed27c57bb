"""Pick a domain's reading list: on topic, highly cited for its field and year, spanning the
domain's history and its current practice.

**Gate.** A paper is a candidate only if it matches at least one of the domain's own terms in
its title or abstract (:mod:`paperprep.relevance`; a facet term alone is not enough -- "graph
convolution" or "large language model" say which part of the domain a paper would be about, not
that it is about the domain: GCN, BERT and GPT-3 match them), is one of the domain's seeds,
or cites at least :data:`CANON_LINKS` of the seeds (works building on several seeds are the
field's own; works *cited by* seeds can be generic tools -- Adam, ResNet, the Transformer -- and
get no such pass). However cited, a paper matching nothing is never picked.

**Relevance** ``rel`` (0..1) grows with the evidence that the paper is about the domain and
never reaches 1 on a couple of terms: ``rel = 1 - exp(-evidence / REL_SCALE)``, where each
matched term adds its weight (a term common to most candidates weighs little), times
:data:`TITLE_BOOST` when it is in the title, times :data:`SINGLE_WORD` when only a common single
word of it matched ("taxi", "uncertainty"; a phrase of several words or a name such as "CTR" or
"BM25" counts whole), times :data:`FACET_SHARE` when it is only a facet term (a subtopic's word,
"graph convolution", "BERT": it says which part of the domain a paper is about, not that it is
about the domain). Seeds have relevance 1: the domain's author vouched for them.

**Topics.** A paper that passed the gate and whose OpenAlex primary topic is one of the domain's
topics -- held by at least :data:`TOPIC_SHARE` of the seeds' records, or (no seeds) of the
candidates matching the terms strongly -- has relevance at least :data:`TOPIC_REL`: a recsys paper
that only says "recommendation" is on topic. A paper whose topic no seed holds and, besides it,
less than :data:`FOREIGN_SHARE` of the candidates (at least one other) hold is *off the domain's
topics* and keeps :data:`FOREIGN_TOPIC` of its relevance (a seed, or a paper citing
:data:`CANON_LINKS` seeds, is exempt): seismic travel-time tomography matches "travel time" and
"arrival time", but geophysics is a topic only it brings. When no candidate has a topic, nobody
is pulled down.

**Impact** (0..1) is what OpenAlex computes, never raw counts:
``0.6 × percentile + 0.2 × fwci + 0.2 × still-cited``, where *percentile* maps
``citation_normalized_percentile`` (field- and year-normalised) so that the top 10 % gives 0.33,
the top 1 % 0.67 and the top 0.1 % 1 (``cited_by_percentile_year`` when it is missing);
*fwci* is ``log(1 + fwci) / log(1 + 30)``; *still-cited* is the rate of citations in the last two
full years (``counts_by_year``) over the paper's lifetime rate, capped at 1 -- a classic still
read scores 1, a faded one less. Missing parts are left out, not taken as 0. A paper OpenAlex
does not know has *unknown* impact: it is ranked after every paper OpenAlex knows.

**Canon evidence** ``links`` is the number of seeds the paper cites or is cited by (OpenAlex's
``referenced_works``); ``graph = min(1, links / 3)``. It scales impact rather than adding to it:
citing the classics is cheap, so a weak paper does not ride on its reference list. A domain
without seeds counts the same links around its *anchors* -- its best search hits
(:func:`leading`), whose graph :mod:`paperprep.workflows.candidates` walked -- as evidence and for
the core slot, never as a pass through the gate (they were chosen by this very ranking).

**Recency.** For an interview this year, of two equally canonical papers the more recent is
worth more (it is closer to current practice): papers older than :data:`RECENT_AGE` years lose
up to :data:`AGE_DISCOUNT` of their score, reached at :data:`OLD_AGE` years.

``score = rel × impact × (1 - 0.2 + 0.2 × graph) × recency``.

**Slots.** ``--top N`` is filled in this order (:func:`quotas`; for 5: 1 classic, 2 core,
1 frontier, 1 by score; for 10: 2, 3, 2, 3):

- *classic*: the seeds of tier ``classic``; then papers at least :data:`CLASSIC_AGE` years old
  that OpenAlex counts in the top 10 % of their field and year (:func:`top_tenth`), by score;
- *core*: the seeds of tier ``core``; then papers linked to at least :data:`CANON_LINKS` seeds;
  then the best by score;
- *frontier*: the seeds of tier ``frontier``; then papers of the last :data:`RECENT_YEARS`
  years in that top 10 %, by score (an old or new paper nobody cites is no classic and no
  frontier: with none, the slot goes by score). The first pick of each of these two slots is
  guaranteed (the list covers the domain's history and its current practice); a further one
  that is not a seed must also be among the ``top`` best papers by score, or that pick goes by
  score -- a thin pool of recent papers does not put its weakest on the list;
- *score*: the rest, by score.

A seed whose record OpenAlex did not find comes after every verified paper of its slot, so it
never outranks a verified on-topic paper (when OpenAlex answered nothing at all, the seeds are
the list). Within a slot, a paper whose facet (the seed's ``facet``, else the facet whose terms
it matches most) is already covered, or that has no facet, counts :data:`FACET_REPEAT` of its
score while other facets are uncovered, and near-duplicates of a picked paper (the same title,
or the same ``Name:`` before the colon) are passed over. The picks are numbered by score,
verified first.

``why`` says the slot and the evidence: "core: seed, top 1% of 2016, FWCI 38.1, cited by 4 of
your seeds, matches 'candidate generation', 'two-tower'".
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from paperprep.ids import normalize_arxiv, normalize_doi, normalize_title
from paperprep.models import SEED_TIERS, Domain, Impact, Paper, SeedPaper
from paperprep.relevance import Hit, Term, hits, parse_terms, weights, words

#: A term found in the title counts this many times its weight.
TITLE_BOOST = 1.5
#: A term found only as a common single word ("taxi", "uncertainty") counts this share of its
#: weight; a phrase of several words or a name ("two-tower", "CTR") counts whole.
SINGLE_WORD = 0.5
#: A facet term (a subtopic's word, "graph convolution", "BERT") counts this share of its weight:
#: it says which part of the domain a paper is about, not that the paper is about the domain.
FACET_SHARE = 0.5
#: Relevance is ``1 - exp(-evidence / REL_SCALE)``: a couple of terms never make it 1.
REL_SCALE = 0.7
#: Relevance of a gated-in paper on one of the domain's OpenAlex topics, at least.
TOPIC_REL = 0.8
#: A topic is the domain's when this share of the seeds' records (or strong matches) hold it.
TOPIC_SHARE = 0.2
#: Candidates at least this relevant by their terms say which topics the domain has.
STRONG_REL = 0.6
#: A paper on a topic none of the seeds and (besides itself) less than this share of the
#: candidates hold (at least one other) is off the domain's topics ...
FOREIGN_SHARE = 0.05
#: ... and keeps this share of its relevance (unless it is a seed or cites CANON_LINKS seeds).
FOREIGN_TOPIC = 0.5
#: How much canon evidence (the seeds' graph) scales impact: no link keeps 1 - this share.
GRAPH_SHARE = 0.2
#: Papers up to this old keep their whole score ...
RECENT_AGE = 7
#: ... and papers this old or older lose AGE_DISCOUNT of it (linear in between).
OLD_AGE = 20
AGE_DISCOUNT = 0.15
#: Seeds linked (cites or cited by) for full canon evidence.
GRAPH_FULL = 3
#: A paper citing this many seeds passes the gate, and counts as canon for the core slot.
CANON_LINKS = 2
#: A paper this many years old (or older) may fill a classic slot.
CLASSIC_AGE = 10
#: Papers of the last this-many years (this year included) may fill the frontier slot.
RECENT_YEARS = 4
#: FWCI giving the full fwci part of impact.
FWCI_FULL = 30.0
#: A paper of an already covered facet counts this share of its score while facets are missing.
FACET_REPEAT = 0.75
#: Slot names in filling order.
SLOTS: tuple[str, ...] = (*SEED_TIERS, "score")


@dataclass(frozen=True)
class Ranked:
    """A paper's place in a domain's reading list, with the reason in words."""

    paper: Paper
    rank: int
    score: float
    why: str
    #: Which slot it fills: classic, core, frontier or score.
    slot: str = "score"
    relevance: float = 0.0
    #: OpenAlex knows the paper (its impact is measured, not unknown).
    verified: bool = False
    impact: float | None = None
    #: Seeds it cites / seeds citing it.
    cites_seeds: int = 0
    cited_by_seeds: int = 0
    #: The seed it is, if any, and that seed's tier.
    seed_tier: str | None = None
    facet: str | None = None
    matched: tuple[str, ...] = ()
    #: Citations in the last two full years (OpenAlex ``counts_by_year``; None: unknown).
    recent_citations: int | None = None

    @property
    def seed_links(self) -> int:
        return max(self.cites_seeds, self.cited_by_seeds)


@dataclass
class _Cand:
    paper: Paper
    seed: SeedPaper | None
    rel: float = 0.0
    matched: list[str] = field(default_factory=list)
    facet: str | None = None
    impact: float | None = None
    cites: int = 0
    cited_by: int = 0
    score: float = 0.0
    #: Its OpenAlex topic is none of the domain's (relevance pulled down).
    off_topic: bool = False

    @property
    def verified(self) -> bool:
        return self.impact is not None

    @property
    def tier(self) -> str | None:
        if self.seed is None:
            return None
        return self.seed.tier if self.seed.tier in SEED_TIERS else "core"

    @property
    def links(self) -> int:
        return max(self.cites, self.cited_by)


# -- seeds ----------------------------------------------------------------------------------------


def _seed_match(paper: Paper, seed: SeedPaper) -> int:
    """How strongly ``paper`` is ``seed``: 3 by DOI, 2 by arXiv id, 1 by title, 0 not."""
    doi = normalize_doi(paper.doi)
    if doi and normalize_doi(seed.doi) == doi:
        return 3
    arxiv_id = normalize_arxiv(paper.arxiv_id)
    if arxiv_id and normalize_arxiv(seed.arxiv_id) == arxiv_id:
        return 2
    title = normalize_title(paper.title)
    if title and normalize_title(seed.title) == title:
        return 1
    return 0


def is_seed(paper: Paper, seeds: Iterable[SeedPaper]) -> bool:
    """Whether ``paper`` is one of the seeds (by DOI, arXiv id or normalised title)."""
    return any(_seed_match(paper, s) for s in seeds)


def _assign_seeds(papers: Sequence[Paper], seeds: Sequence[SeedPaper]) -> dict[int, SeedPaper]:
    """Each seed's paper (the strongest match, then the most cited): {paper index: seed}."""
    owner: dict[int, SeedPaper] = {}
    for seed in seeds:
        best: tuple[int, int, str] | None = None
        chosen = None
        for i, paper in enumerate(papers):
            strength = _seed_match(paper, seed)
            if not strength or i in owner:
                continue
            key = (strength, paper.citations or -1, normalize_title(paper.title))
            if best is None or key > best:
                best, chosen = key, i
        if chosen is not None:
            owner[chosen] = seed
    return owner


# -- impact ---------------------------------------------------------------------------------------


def top_tenth(impact: Impact) -> bool:
    """OpenAlex counts the work among the top 10 % of its field and year (its own flag, else
    its percentile, else the year percentile)."""
    if impact.top_10_percent or impact.top_1_percent:
        return True
    if impact.percentile is not None:
        return impact.percentile >= 0.9
    return impact.year_percentile is not None and impact.year_percentile[0] >= 90


def percentile_score(impact: Impact) -> float | None:
    """0.33 for the top 10 %, 0.67 for the top 1 %, 1 for the top 0.1 % of field and year."""
    pct = impact.percentile
    if pct is None and impact.year_percentile is not None:
        low, high = impact.year_percentile
        pct = (low + high) / 200
    if pct is None:
        return None
    return min(1.0, -math.log10(max(1e-6, 1.0 - pct)) / 3.0)


def _still_cited(paper: Paper, impact: Impact, now_year: int) -> float | None:
    """Citations a year in the last two full years over the paper's lifetime rate (full years
    only: the current year's partial count is in neither), capped at 1."""
    recent = impact.recent_citations(now_year)
    if recent is None or paper.citations is None or paper.year is None:
        return None
    this_year = sum(n for y, n in impact.counts_by_year if y >= now_year)
    rate = max(0, paper.citations - this_year) / max(1, now_year - paper.year)
    window = max(1, min(2, now_year - paper.year))
    if rate <= 0:
        return 0.0 if recent == 0 else 1.0
    return min(1.0, (recent / window) / rate)


def impact_score(paper: Paper, now_year: int) -> float | None:
    """The paper's impact, 0..1 (see the module docstring); None when OpenAlex did not say."""
    impact = paper.impact
    if impact is None:
        if paper.citation_source == "openalex" and paper.citations is not None:
            # An OpenAlex record without the normalised fields (older answers): a rough stand-in.
            age = max(1, now_year - (paper.year or now_year) + 1)
            return min(1.0, math.log10(1 + paper.citations / age) / 3.0)
        return None
    parts: list[tuple[float, float]] = []
    pct = percentile_score(impact)
    if pct is not None:
        parts.append((0.6, pct))
    if impact.fwci is not None:
        parts.append((0.2, min(1.0, math.log1p(impact.fwci) / math.log1p(FWCI_FULL))))
    still = _still_cited(paper, impact, now_year)
    if still is not None:
        parts.append((0.2, still))
    if not parts:
        if paper.citations is not None:
            return min(1.0, math.log10(1 + paper.citations) / 5.0)
        return None
    return sum(w * v for w, v in parts) / sum(w for w, _ in parts)


# -- relevance ------------------------------------------------------------------------------------


def _terms(domain: Domain) -> tuple[list[Term], dict[str, list[int]], set[int]]:
    """The domain's terms plus its facet terms, which of them identify each facet, and which
    are the domain's own (its ``terms``; all of them when it lists only facets)."""
    facets = domain.facets
    entries = [t for t in domain.terms if t.strip()]
    if not entries and not facets:
        # A user domain without terms: its search queries say what it is about.
        entries = _query_phrases(domain)
    all_entries = [*entries, *(t for ts in facets.values() for t in ts)]
    terms = parse_terms(all_entries)
    index = {t.phrases: i for i, t in enumerate(terms)}
    by_facet: dict[str, list[int]] = {}
    for name, entries_ in facets.items():
        ids = [index[t.phrases] for t in parse_terms(entries_) if t.phrases in index]
        by_facet[name] = ids
    own = {index[t.phrases] for t in parse_terms(entries) if t.phrases in index}
    return terms, by_facet, own or set(range(len(terms)))


def relevance(found: dict[int, Hit], weight: Sequence[float], own: set[int] | None = None) -> float:
    """0..1 from the terms found (see the module docstring): each counts its weight, more in the
    title, less as a common single word or a facet term (not in ``own``); the sum saturates."""
    evidence = sum(
        weight[t]
        * (TITLE_BOOST if hit.in_title else 1.0)
        * (1.0 if hit.specific else SINGLE_WORD)
        * (1.0 if own is None or t in own else FACET_SHARE)
        for t, hit in found.items()
    )
    return 1.0 - math.exp(-evidence / REL_SCALE)


def _query_phrases(domain: Domain) -> list[str]:
    phrases: list[str] = []
    for source in ("openalex", "scholar"):
        for query in domain.queries.get(source, []):
            quoted = re.findall(r'"([^"]+)"', query)
            rest = re.sub(r'"[^"]*"|\b(?:AND|OR|NOT)\b|[()]', " ", query)
            phrases.extend([*quoted, *([" ".join(rest.split())] if rest.strip() else [])])
    return phrases


def matched_terms(paper: Paper, terms: Iterable[str]) -> list[str]:
    """The domain terms (entries as written) found in the paper's title or abstract."""
    entries = [t for t in terms if t.strip()]
    parsed = parse_terms(entries)
    found = hits(parsed, paper.title, paper.abstract)
    labels = {t.label for i, t in enumerate(parsed) if i in found}
    return [e for e in entries if e.split("|")[0].strip() in labels]


# -- diversity ------------------------------------------------------------------------------------


def _family(paper: Paper) -> str | None:
    """The method name before a title's colon ("DeepFM: ..."), if short enough to be a name."""
    head, colon, _ = paper.title.partition(":")
    if not colon:
        return None
    name = re.sub(r"\b(v\d+|\+\+)\b", "", normalize_title(head)).strip()
    return name if name and len(name.split()) <= 3 else None


def near_duplicate(a: Paper, b: Paper) -> bool:
    """Versions of one paper, or two papers of one method family ("DeepFM: …" twice)."""
    ta, tb = normalize_title(a.title), normalize_title(b.title)
    if ta and ta == tb:
        return True
    fa, fb = _family(a), _family(b)
    if fa and fa == fb:
        return True
    wa, wb = set(words(a.title)), set(words(b.title))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.8


# -- slots ----------------------------------------------------------------------------------------


def quotas(top: int) -> dict[str, int]:
    """How many picks each slot gets for ``--top top`` (the rest go by score)."""
    classic = max(1, round(0.2 * top)) if top >= 3 else 0
    core = max(1, round(0.3 * top)) if top >= 2 else 0
    frontier = max(1, round(0.2 * top)) if top >= 2 else 0
    while classic + core + frontier > top:
        core -= 1
    return {
        "classic": classic,
        "core": core,
        "frontier": frontier,
        "score": top - classic - core - frontier,
    }


def _by_score(cands: Iterable[_Cand]) -> list[_Cand]:
    return sorted(cands, key=lambda c: (-c.score, -c.rel, normalize_title(c.paper.title)))


def _pools(cands: list[_Cand], now_year: int) -> dict[str, list[list[_Cand]]]:
    verified = [c for c in cands if c.verified]
    unverified_seeds = _by_score(c for c in cands if not c.verified and c.seed is not None)
    rest = sorted(
        (c for c in cands if not c.verified and c.seed is None),
        key=lambda c: (-c.rel, normalize_title(c.paper.title)),
    )

    def tier(name: str) -> list[_Cand]:
        return _by_score(c for c in verified if c.tier == name)

    # A history slot taken by a paper that is not a seed needs one OpenAlex itself flags as
    # notable (top 10 % of its field and year): an old or new paper nobody cites is no classic
    # and no frontier; with none, the slot goes by score.
    notable = [c for c in verified if c.paper.impact is not None and top_tenth(c.paper.impact)]
    old = [
        c for c in notable if c.paper.year is not None and c.paper.year <= now_year - CLASSIC_AGE
    ]
    recent = [
        c for c in notable if c.paper.year is not None and c.paper.year > now_year - RECENT_YEARS
    ]
    canon = [c for c in verified if c.seed is None and c.cites >= CANON_LINKS]
    return {
        "classic": [
            tier("classic"),
            _by_score(old),
            [c for c in unverified_seeds if c.tier == "classic"],
        ],
        "core": [
            tier("core"),
            _by_score(canon),
            _by_score(verified),
            [c for c in unverified_seeds if c.tier == "core"],
        ],
        "frontier": [
            tier("frontier"),
            _by_score(recent),
            [c for c in unverified_seeds if c.tier == "frontier"],
        ],
        "score": [_by_score(verified), unverified_seeds, rest],
    }


def _choose(groups: list[list[_Cand]], picked: list[_Cand], facets: set[str]) -> _Cand | None:
    covered = {c.facet for c in picked if c.facet}
    missing = bool(facets - covered)
    for group in groups:
        eligible = [
            c
            for c in group
            if all(c is not p for p in picked)
            and not any(near_duplicate(c.paper, p.paper) for p in picked)
        ]
        if not eligible:
            continue

        def effective(c: _Cand) -> float:
            # While facets are missing, a paper that covers none of them (its facet is covered,
            # or it has none) counts less.
            repeat = missing and (c.facet is None or c.facet in covered)
            return c.score * (FACET_REPEAT if repeat else 1.0)

        # Among equal effective scores the group's own order decides (max keeps the first).
        return max(eligible, key=effective)
    return None


# -- the ranking ----------------------------------------------------------------------------------


def _candidates(
    papers: Sequence[Paper],
    domain: Domain,
    *,
    since: int | None,
    now_year: int,
    anchors: frozenset[str] = frozenset(),
) -> list[_Cand]:
    # A canonical order first: every choice below then depends on the set of papers only.
    papers = sorted(
        (p for p in papers if since is None or p.year is None or p.year >= since),
        key=lambda p: repr(dataclasses.astuple(p)),
    )
    owner = _assign_seeds(papers, domain.seeds)
    terms, by_facet, own = _terms(domain)
    found = [hits(terms, p.title, p.abstract) for p in papers]
    weight = weights([list(f) for f in found], len(terms))
    # The graph is counted around the seeds; a domain without seeds counts it around its
    # anchors (its best search hits) -- for evidence and the core slot, not for the gate.
    linked = set(owner) or {i for i, p in enumerate(papers) if anchors & set(p.openalex_ids)}
    seed_ids = {i: set(papers[i].openalex_ids) for i in linked}
    seed_refs = {i: set(papers[i].references) for i in linked}
    totals = [relevance(f, weight, own) for f in found]
    links = [
        sum(1 for s, w in seed_ids.items() if s != i and w & set(p.references))
        for i, p in enumerate(papers)
    ]
    passes = links if owner else [0] * len(papers)
    # A facet term alone says which part of the domain a paper would be about, not that it is
    # about the domain: the gate needs one of the domain's own terms.
    on_topic = [bool(own & f.keys()) for f in found]
    gated = [i for i in range(len(papers)) if on_topic[i] or i in owner or passes[i] >= CANON_LINKS]
    topics, foreign = _domain_topics(papers, owner, totals, gated)
    cands: list[_Cand] = []
    for i, paper in enumerate(papers):
        seed = owner.get(i)
        hit = found[i]
        ids, refs = set(paper.openalex_ids), set(paper.references)
        cites = sum(1 for s, w in seed_ids.items() if s != i and w & refs)
        cited_by = sum(1 for s, r in seed_refs.items() if s != i and r & ids)
        rel = 1.0 if seed is not None else totals[i]
        if not on_topic[i] and seed is None and (cites < CANON_LINKS or not owner):
            continue  # the gate: on topic by no measure
        if seed is None and not hit:
            rel = max(rel, min(1.0, cites / GRAPH_FULL))
        if paper.topic is not None and paper.topic in topics:
            rel = max(rel, TOPIC_REL)
        off_topic = seed is None and cites < CANON_LINKS and foreign(i)
        if off_topic:
            rel *= FOREIGN_TOPIC
        facet = seed.facet if seed is not None else None
        if facet is None and by_facet:
            counts = {f: sum(1 for t in ids_ if t in hit) for f, ids_ in by_facet.items()}
            best = max(counts.values(), default=0)
            facet = next((f for f, n in counts.items() if n == best), None) if best else None
        labels = [terms[t].label for t in sorted(hit, key=lambda t: (-weight[t], t))]
        impact = impact_score(paper, now_year)
        cand = _Cand(paper, seed, rel, labels, facet, impact, cites, cited_by, off_topic=off_topic)
        graph = min(1.0, cand.links / GRAPH_FULL)
        if cand.impact is not None:
            boost = 1 - GRAPH_SHARE + GRAPH_SHARE * graph
            cand.score = rel * cand.impact * boost * recency(paper.year, now_year)
        cands.append(cand)
    return cands


def recency(year: int | None, now_year: int) -> float:
    """1 for a paper of the last RECENT_AGE years, down to 1 - AGE_DISCOUNT at OLD_AGE years."""
    if year is None:
        return 1.0
    age = now_year - year
    share = min(1.0, max(0.0, (age - RECENT_AGE) / (OLD_AGE - RECENT_AGE)))
    return 1.0 - AGE_DISCOUNT * share


def _domain_topics(
    papers: Sequence[Paper],
    owner: dict[int, SeedPaper],
    totals: Sequence[float],
    gated: Sequence[int],
) -> tuple[set[str], Callable[[int], bool]]:
    """The OpenAlex topics the domain is about, and which papers are off them.

    The domain's topics are its seeds' (or, without seed records, those of the candidates its
    terms match strongly), each held by at least TOPIC_SHARE of them. A paper is off them when
    its topic is held by no seed and, leaving the paper out, by less than FOREIGN_SHARE of the
    candidates (``gated``; at least one other): a topic only it brings (geophysics for "travel
    time", medicine for "recommendations") says the words matched by accident.
    """
    held = Counter(papers[i].topic for i in owner if papers[i].topic)
    by_seeds = Counter(held)
    if not held:
        held = Counter(
            p.topic for p, t in zip(papers, totals, strict=True) if p.topic and t >= STRONG_REL
        )
    need = max(2 if not by_seeds else 1, TOPIC_SHARE * sum(held.values()))
    home = {t for t, n in held.items() if t is not None and n >= need}
    among = Counter(papers[i].topic for i in gated if papers[i].topic)
    enough = max(1.0, FOREIGN_SHARE * len(gated))
    on_file = set(gated)

    def foreign(i: int) -> bool:
        topic = papers[i].topic
        if topic is None or by_seeds[topic] or len(among) < 2:
            return False
        return among[topic] - (1 if i in on_file else 0) < enough

    return home, foreign


def _impact_words(c: _Cand, now_year: int) -> list[str]:
    paper, impact = c.paper, c.paper.impact
    parts: list[str] = []
    if impact is not None:
        year = f" of {paper.year}" if paper.year else ""
        if impact.top_1_percent:
            parts.append(f"top 1%{year}")
        elif impact.percentile is not None:
            share = max(1, math.ceil(100 * (1 - impact.percentile)))
            parts.append(f"top {share}%{year}")
        elif impact.year_percentile is not None:
            parts.append(f"top {max(1, 100 - impact.year_percentile[1])}%{year}")
        if impact.fwci is not None:
            parts.append(f"FWCI {impact.fwci:.1f}")
        recent = impact.recent_citations(now_year)
        if recent:
            parts.append(f"{recent} citations in {now_year - 2}–{str(now_year - 1)[-2:]}")
    elif paper.citations is not None and paper.citation_source == "openalex":
        parts.append(f"cited {paper.citations}×")
    if c.impact is None:
        parts.append(
            "not found in OpenAlex, impact unknown"
            if paper.citations is None or paper.citation_source == "openalex"
            else f"impact unknown ({paper.citation_source} shows {paper.citations} citations)"
        )
    return parts


def _why(c: _Cand, slot: str, now_year: int, around: str = "your seeds") -> str:
    parts: list[str] = []
    if c.seed is not None:
        parts.append(f"seed ({c.tier})")
    parts += _impact_words(c, now_year)
    if c.cited_by:
        parts.append(f"cited by {c.cited_by} of {around}")
    if c.cites:
        parts.append(f"cites {c.cites} of {around}")
    if c.matched:
        parts.append("matches " + ", ".join(f"'{m}'" for m in c.matched[:3]))
    if c.facet:
        parts.append(f"facet {c.facet}")
    if c.off_topic:
        parts.append("OpenAlex topic unlike the domain's")
    label = "by score" if slot == "score" else slot
    why = f"{label}: " + ", ".join(parts)
    if c.seed is not None and c.seed.why:
        why += f" — {c.seed.why}"  # the domain file's own words, a sentence of their own
    return why


def leading(
    papers: Iterable[Paper], domain: Domain, n: int, *, since: int | None = None, now_year: int
) -> list[Paper]:
    """The ``n`` best-scored papers OpenAlex knows that match the domain's own terms (not only
    by the graph) and sit on its topics: the anchors a seedless domain's citation graph is
    walked from (:mod:`paperprep.workflows.candidates`)."""
    cands = [
        c
        for c in _candidates(list(papers), domain, since=since, now_year=now_year)
        if c.verified and c.matched and not c.off_topic
    ]
    return [c.paper for c in _by_score(cands)[: max(0, n)]]


def rank(
    papers: Iterable[Paper],
    domain: Domain,
    *,
    top: int = 5,
    since: int | None = None,
    now_year: int,
    anchors: Iterable[str] = (),
) -> list[Ranked]:
    """The domain's reading list of ``top`` papers, numbered from 1 (see the module docstring).

    A pure function of its arguments: the same candidates give the same list.

    :param since: leave out papers published before this year (unknown years are kept).
    :param now_year: the current year (passed in so results are reproducible).
    :param anchors: OpenAlex ids of a seedless domain's best search hits (:func:`leading`): the
        graph evidence is counted around them (never a pass through the gate).
    """
    cands = _candidates(
        list(papers), domain, since=since, now_year=now_year, anchors=frozenset(anchors)
    )
    facets = set(domain.facets)
    pools = _pools(cands, now_year)
    picked: list[_Cand] = []
    slot_of: dict[int, str] = {}
    # A history slot guarantees the list one classic and one frontier paper; a second one that
    # is not a seed must also be a contender: among the `top` best verified papers by score.
    contenders = {id(c) for c in _by_score(c for c in cands if c.verified)[: max(0, top)]}
    for slot, n in quotas(max(0, top)).items():
        for k in range(n):
            choice = _choose(pools[slot], picked, facets)
            if choice is None:
                break
            extra = k > 0 and slot in ("classic", "frontier") and choice.seed is None
            if extra and id(choice) not in contenders:
                break  # the rest of this slot's picks go by score
            picked.append(choice)
            slot_of[id(choice)] = slot
    while len(picked) < top:
        choice = _choose(pools["score"], picked, facets)
        if choice is None:
            break
        picked.append(choice)
        slot_of[id(choice)] = "score"
    picked.sort(key=lambda c: (not c.verified, -c.score, -c.rel, normalize_title(c.paper.title)))
    around = "your seeds" if domain.seeds else "the best search hits"
    return [
        Ranked(
            paper=c.paper,
            rank=i,
            score=round(c.score, 4),
            why=_why(c, slot_of[id(c)], now_year, around),
            slot=slot_of[id(c)],
            relevance=round(c.rel, 3),
            verified=c.verified,
            impact=None if c.impact is None else round(c.impact, 3),
            cites_seeds=c.cites,
            cited_by_seeds=c.cited_by,
            seed_tier=c.tier,
            facet=c.facet,
            matched=tuple(c.matched),
            recent_citations=c.paper.impact.recent_citations(now_year) if c.paper.impact else None,
        )
        for i, c in enumerate(picked, start=1)
    ]
