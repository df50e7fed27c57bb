"""Extraction quality on the dev corpus, measured with its own metric and cross-validated by paper.

For the papers of ``../shared/corpus`` (``gold.json``, ``score.py``) this prints:

* **section F1**: ``score.py``'s heading match, mean over papers (the section rules are hand
  written, not fitted);
* **recall@5 per field under k-fold cross-validation by paper**: the papers are split into
  ``--folds`` folds (seeded shuffle); for each fold the evidence ranker is trained
  (``train_evidence.fit``, which also chooses its regularisation by a cross-validation among
  those papers) on the other folds' papers only and ranks this fold's papers; the
  share of gold phrases found in the top-5 quotes is ``score.py``'s (normalised substring in the
  concatenated quotes). Also the in-sample figure of the model trained on every paper (the
  shipped one), only to show the gap;
* **mean words per quote** (must stay <= 35) and the **key-fact share**: gold phrases that one
  of the field's key facts contains or is contained in;
* **ceiling analysis** per field: the share of gold phrases in the paper's text at all, in some
  candidate quote, in the top 20 of the cross-validated scores, and in the top 5 picked;
* **metadata**: the share of papers whose first author (``benchmarks/gold/first_authors.json``,
  written for this benchmark from the papers' title pages) and year (``gold.json``) the PDF alone
  gives correctly.

Needs scikit-learn for the cross-validation. Usage:
``python benchmarks/quality.py [--folds 6] [--seed 0] [--verbose] [--json OUT]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_evidence import CORPUS, GOLD_FIELD, Paper, fit, load_corpus, score_module

from paperprep.extract.evidence import Model, pools_of, score_units, select
from paperprep.extract.facts import key_facts
from paperprep.models import EVIDENCE_FIELDS, Evidence, KeyFact

AUTHORS = Path(__file__).resolve().parent / "gold" / "first_authors.json"


def folds_of(papers: list[Paper], k: int, seed: int) -> list[list[Paper]]:
    order = papers[:]
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


Ranked = tuple[dict[str, list[Evidence]], dict[str, list[float]], dict[str, list[KeyFact]]]


def rank_with(paper: Paper, model: Model) -> Ranked:
    """Quotes, scores and key facts of one paper, as ``extract_pdf`` makes them, with ``model``."""
    scores = score_units(paper.units, model)
    facts = key_facts(paper.units, pools_of(paper.units, scores))
    return select(paper.units, scores, facts), scores, facts


def recall(
    score: Any, paper: Paper, evidence: dict[str, list[Evidence]], k: int = 5
) -> dict[str, float]:
    out: dict[str, float] = {}
    for field in EVIDENCE_FIELDS:
        text = " \n ".join(score.norm(e.text) for e in evidence[field][:k])
        phrases = paper.gold[GOLD_FIELD[field]]
        out[field] = sum(1 for p in phrases if score.norm(p) in text) / len(phrases)
    return out


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def _surname(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    return name.split()[-1].lower().strip(".,") if name.split() else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--folds", type=int, default=6)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--engine", default="auto")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--json", type=Path, help="write the per-paper show-json-like results here")
    args = ap.parse_args(argv)
    if not (args.corpus / "gold.json").is_file():
        print(f"no corpus at {args.corpus}: nothing to measure")
        return 0
    score = score_module(args.corpus)
    papers = load_corpus(args.corpus, args.engine)
    n = len(papers)
    print(f"papers: {n}  engine: {args.engine}  folds: {args.folds} (by paper, seed {args.seed})")

    sec = [
        score.section_f1([s.title for s in p.structured.sections], p.gold["sections"])[2]
        for p in papers
    ]
    print(f"section F1 (score.py, mean over papers): {_mean(sec):.3f}")

    cv: dict[str, dict[str, list[Evidence]]] = {}
    cv_scores: dict[str, dict[str, list[float]]] = {}
    cv_facts: dict[str, dict[str, list[KeyFact]]] = {}
    for fold in folds_of(papers, args.folds, args.seed):
        train = [p for p in papers if p not in fold]
        model = fit(train)
        for p in fold:
            cv[p.file], cv_scores[p.file], cv_facts[p.file] = rank_with(p, model)
    full = fit(papers)
    ins = {p.file: rank_with(p, full)[0] for p in papers}

    rec_cv = {f: [recall(score, p, cv[p.file])[f] for p in papers] for f in EVIDENCE_FIELDS}
    rec_in = {f: [recall(score, p, ins[p.file])[f] for p in papers] for f in EVIDENCE_FIELDS}
    words = [len(e.text.split()) for p in papers for f in EVIDENCE_FIELDS for e in cv[p.file][f]]
    print(
        "recall@5, cross-validated:  "
        + "  ".join(f"{f} {_mean(rec_cv[f]):.3f}" for f in EVIDENCE_FIELDS)
    )
    print(
        "recall@5, in-sample (gap):  "
        + "  ".join(f"{f} {_mean(rec_in[f]):.3f}" for f in EVIDENCE_FIELDS)
    )
    print(f"mean words per quote (cross-validated picks): {_mean(words):.1f}")

    # Ceiling analysis and key facts.
    print("ceiling (share of gold phrases):   in text  in candidates  in CV top-20  in top-5")
    fact_hits: dict[str, list[float]] = {f: [] for f in EVIDENCE_FIELDS}
    for field in EVIDENCE_FIELDS:
        in_text = in_cands = in_top20 = in_top5 = total = 0
        for p in papers:
            full_text = score.norm("\n".join(p.structured.pages))
            norms = [score.norm(u.text) for u in p.units]
            s = cv_scores[p.file][field]
            top20 = sorted(range(len(norms)), key=lambda i, s=s: -s[i])[:20]  # type: ignore[misc]
            top5 = " \n ".join(score.norm(e.text) for e in cv[p.file][field])
            facts = [score.norm(x.text) for x in cv_facts[p.file][field]]
            hits = 0
            for phrase in p.gold[GOLD_FIELD[field]]:
                ph = score.norm(phrase)
                total += 1
                in_text += ph in full_text
                in_cands += any(ph in t for t in norms)
                in_top20 += any(ph in norms[i] for i in top20)
                in_top5 += ph in top5
                hits += any(ph in x or (len(x) > 3 and x in ph) for x in facts)
            fact_hits[field].append(hits / len(p.gold[GOLD_FIELD[field]]))
        print(
            f"  {field:13s}                      {in_text / total:.3f}    {in_cands / total:.3f}"
            f"          {in_top20 / total:.3f}         {in_top5 / total:.3f}"
        )
    print(
        "key facts matching a gold phrase:  "
        + "  ".join(f"{f} {_mean(fact_hits[f]):.3f}" for f in EVIDENCE_FIELDS)
    )

    # Metadata from the PDF alone.
    if AUTHORS.is_file():
        authors = json.loads(AUTHORS.read_text())
        good_author = good_year = both = 0
        for p in papers:
            meta = p.structured.meta
            want = authors.get(p.file)
            a_ok = (
                bool(meta.authors)
                and want is not None
                and _surname(meta.authors[0]) == _surname(want)
            )
            y_ok = meta.year == p.gold["year"]
            good_author += a_ok
            good_year += y_ok
            both += a_ok and y_ok
            if args.verbose and not (a_ok and y_ok):
                print(
                    f"  meta {p.file}: authors {meta.authors[:3]} year {meta.year}"
                    f" (want {want}, {p.gold['year']})"
                )
        print(
            f"metadata from the PDF: first author {good_author / n:.3f}"
            f"  year {good_year / n:.3f}  both {both / n:.3f}"
        )

    if args.verbose:
        for p in papers:
            r = recall(score, p, cv[p.file])
            print(f"{p.file[:40]:40s} " + " ".join(f"{f[:4]}={r[f]:.2f}" for f in EVIDENCE_FIELDS))
    if args.json:
        out = {
            p.file: {
                "sections": [{"title": s.title, "page": s.page} for s in p.structured.sections],
                "evidence": {
                    f: [
                        {"text": e.text, "page": e.page, "section": e.section, "score": e.score}
                        for e in cv[p.file][f]
                    ]
                    for f in EVIDENCE_FIELDS
                },
            }
            for p in papers
        }
        args.json.write_text(json.dumps(out, indent=1))
        print(f"wrote {args.json} (score it with: python {args.corpus / 'score.py'} {args.json})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
