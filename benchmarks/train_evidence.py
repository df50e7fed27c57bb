"""Train the evidence ranker from the dev corpus's gold key and write ``evidence_model.json``.

For every PDF in ``../shared/corpus/pdfs`` with an entry in ``gold.json``: extract its candidate
quotes (``read_structure``), compute their features (``paperprep.extract.signals``), and label a
candidate positive for a field when it contains one of that field's gold phrases (``score.py``'s
normalisation). One logistic regression per field (scikit-learn, L2), weighted so that each
paper counts equally and, within a paper, its positives weigh as much as its negatives (the
metric is a mean over papers); each field's ``C`` is chosen from ``C_GRID`` by a 3-fold
cross-validation inside the training papers (:func:`choose_c`: top-10 recall of the held-out
papers' gold phrases), so a model scored on a paper never had that paper choose its ``C``.
Feature names that occur in fewer than ``--min-df`` papers are dropped before fitting, so a
word only one paper uses cannot be learned. The weights go to
``paperprep/extract/evidence_model.json`` (pure-Python inference: a sum of weights).

``benchmarks/quality.py`` uses :func:`load_corpus` and :func:`fit` for its cross-validation.
Needs scikit-learn (``pip install scikit-learn``; not a paperprep dependency).
Usage: ``python benchmarks/train_evidence.py [--min-df 4] [--c C] [--out PATH]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from paperprep.extract.evidence import Model, candidates, context_of
from paperprep.extract.pipeline import Structured, read_structure
from paperprep.extract.signals import Unit, unit_features
from paperprep.models import EVIDENCE_FIELDS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
MODEL = ROOT / "paperprep" / "extract" / "evidence_model.json"
GOLD_FIELD = {"data_format": "data", "features": "features", "architecture": "architecture"}
GOLD_FIELD["findings"] = "findings"
MIN_DF = 4


def score_module(corpus: Path = CORPUS) -> ModuleType:
    """The corpus's own ``score.py`` (its normalisation and section metric)."""
    spec = importlib.util.spec_from_file_location("corpus_score", corpus / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {corpus / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Paper:
    """One gold paper: its structure, its candidates with features, and their labels."""

    file: str
    gold: dict[str, Any]
    structured: Structured
    units: list[Unit]
    features: list[list[str]]
    #: field -> per candidate, the indices of the gold phrases it contains.
    labels: dict[str, list[list[int]]]


def load_corpus(corpus: Path = CORPUS, engine: str = "auto") -> list[Paper]:
    score = score_module(corpus)
    gold = json.loads((corpus / "gold.json").read_text())
    papers: list[Paper] = []
    for g in gold:
        path = corpus / "pdfs" / g["file"]
        if not path.is_file():
            print(f"missing: {path}", file=sys.stderr)
            continue
        st = read_structure(path.read_bytes(), engine=engine)
        units = candidates(st.units)
        ctx = context_of(units)
        feats = [unit_features(u, ctx) for u in units]
        norms = [score.norm(u.text) for u in units]
        labels: dict[str, list[list[int]]] = {}
        for field in EVIDENCE_FIELDS:
            phrases = [score.norm(p) for p in g[GOLD_FIELD[field]]]
            labels[field] = [[j for j, p in enumerate(phrases) if p in n] for n in norms]
        papers.append(Paper(g["file"], g, st, units, feats, labels))
    return papers


#: The regularisation strengths tried; each field's is chosen by cross-validation inside the
#: training papers (:func:`choose_c`), never on the papers a model is then scored on.
C_GRID = (0.01, 0.03, 0.1)
INNER_FOLDS = 3


def _matrix(papers: list[Paper], min_df: int) -> tuple[Any, list[str]]:
    from sklearn.feature_extraction import DictVectorizer

    df: Counter[str] = Counter()
    for p in papers:
        df.update({f for fs in p.features for f in fs})
    keep = {f for f, n in df.items() if n >= min_df}
    rows = [{f: 1 for f in fs if f in keep} for p in papers for fs in p.features]
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    return x, [str(n) for n in vec.get_feature_names_out()]


def _targets(papers: list[Paper], field: str) -> tuple[list[int], list[float]]:
    """Labels and weights: each paper's positives weigh as much in all as its negatives, and
    every paper as much as any other (the metric is a mean over papers, not over sentences)."""
    y: list[int] = []
    w: list[float] = []
    for p in papers:
        labels = p.labels[field]
        pos = sum(1 for lab in labels if lab) or 1
        neg = (len(labels) - pos) or 1
        for lab in labels:
            y.append(1 if lab else 0)
            w.append(1.0 / pos if lab else 1.0 / neg)
    mean = sum(w) / len(w) if w else 1.0
    return y, [x / mean for x in w]


def _fit_field(x: Any, papers: list[Paper], field: str, c: float) -> tuple[float, list[float]]:
    from sklearn.linear_model import LogisticRegression

    y, w = _targets(papers, field)
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, y, sample_weight=w)
    return float(clf.intercept_[0]), [float(v) for v in clf.coef_[0]]


def top_recall(papers: list[Paper], field: str, score: list[list[float]], k: int = 10) -> float:
    """Mean over papers of the share of the field's gold phrases in its ``k`` best candidates."""
    out = []
    for p, s in zip(papers, score, strict=True):
        best = sorted(range(len(s)), key=lambda i: -s[i])[:k]
        found = {j for i in best for j in p.labels[field][i]}
        out.append(len(found) / max(1, len(p.gold[GOLD_FIELD[field]])))
    return sum(out) / len(out) if out else 0.0


def choose_c(papers: list[Paper], min_df: int = MIN_DF) -> dict[str, float]:
    """Per field, the ``C_GRID`` value whose models rank the held-out papers' gold phrases best
    (top-10 recall), by ``INNER_FOLDS``-fold cross-validation over ``papers`` only."""
    import random

    order = papers[:]
    random.Random(1).shuffle(order)
    folds = [order[i::INNER_FOLDS] for i in range(INNER_FOLDS)]
    got: dict[str, dict[float, float]] = {f: dict.fromkeys(C_GRID, 0.0) for f in EVIDENCE_FIELDS}
    for held in folds:
        train = [p for p in papers if p not in held]
        x, names = _matrix(train, min_df)
        index = {n: i for i, n in enumerate(names)}
        for field in EVIDENCE_FIELDS:
            for c in C_GRID:
                bias, coef = _fit_field(x, train, field, c)
                scores = [
                    [bias + sum(coef[index[f]] for f in fs if f in index) for fs in p.features]
                    for p in held
                ]
                got[field][c] += top_recall(held, field, scores) * len(held)
    return {f: max(C_GRID, key=lambda c, f=f: (got[f][c], -c)) for f in EVIDENCE_FIELDS}  # type: ignore[misc]


def fit(
    papers: list[Paper], min_df: int = MIN_DF, c: float | dict[str, float] | None = None
) -> Model:
    """One logistic regression per field on the candidates of ``papers``.

    ``c``: the regularisation strength (one for all fields, or per field); by default chosen per
    field by :func:`choose_c` on ``papers`` alone.
    """
    cs = choose_c(papers, min_df) if c is None else c
    x, names = _matrix(papers, min_df)
    model: Model = {}
    for field in EVIDENCE_FIELDS:
        fc = cs[field] if isinstance(cs, dict) else cs
        bias, coef = _fit_field(x, papers, field, fc)
        weights = {n: round(w, 4) for n, w in zip(names, coef, strict=True) if abs(w) >= 1e-3}
        model[field] = (round(bias, 4), weights)
    return model


def model_json(model: Model, papers: int, min_df: int, c: dict[str, float]) -> dict[str, Any]:
    """Compact: one list of feature names, per field the weights x 1000 as integers in order."""
    names = sorted({n for _, w in model.values() for n in w})
    return {
        "about": (
            "paperprep evidence ranker: logistic weights per note field over the features of "
            "paperprep/extract/signals.py; written by benchmarks/train_evidence.py"
        ),
        "trained_on_papers": papers,
        "min_df": min_df,
        "c": c,
        "scale": 1000,
        "features": names,
        "fields": {
            f: {"bias": b, "weights": [round(w.get(n, 0.0) * 1000) for n in names]}
            for f, (b, w) in model.items()
        },
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--min-df", type=int, default=MIN_DF)
    ap.add_argument("--c", type=float, help="one C for every field (default: chosen by CV)")
    ap.add_argument("--out", type=Path, default=MODEL)
    args = ap.parse_args(argv)
    papers = load_corpus(args.corpus)
    if not papers:
        raise SystemExit(f"no gold papers found in {args.corpus}")
    cs = (
        choose_c(papers, args.min_df)
        if args.c is None
        else dict.fromkeys(EVIDENCE_FIELDS, float(args.c))
    )
    model = fit(papers, args.min_df, cs)
    data = model_json(model, len(papers), args.min_df, cs)
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    sizes = ", ".join(f"{f} {len(w)}" for f, (_, w) in model.items())
    print(f"trained on {len(papers)} papers; C per field: {cs}")
    print(f"weights per field: {sizes}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
