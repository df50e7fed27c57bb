"""Train the evidence ranker from the dev corpus's gold key and write ``evidence_model.json``.

For every PDF in ``../shared/corpus/pdfs`` with an entry in ``gold.json``: extract its candidate
quotes (``read_structure``), compute their features (``paperprep.extract.signals``), and label a
candidate positive for a field when it contains one of that field's gold phrases (``score.py``'s
normalisation). One logistic regression per field (scikit-learn, balanced classes, L2, ``C``);
feature names that occur in fewer than ``--min-df`` papers are dropped before fitting, so a word
only one paper uses cannot be learned. The weights go to
``paperprep/extract/evidence_model.json`` (pure-Python inference: a sum of weights).

``benchmarks/quality.py`` uses :func:`load_corpus` and :func:`fit` for its cross-validation.
Needs scikit-learn (``pip install scikit-learn``; not a paperprep dependency).
Usage: ``python benchmarks/train_evidence.py [--min-df 4] [--c 0.1] [--out PATH]``.
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
C = 0.1


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


def fit(papers: list[Paper], min_df: int = MIN_DF, c: float = C) -> Model:
    """One logistic regression per field on the candidates of ``papers``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    df: Counter[str] = Counter()
    for p in papers:
        df.update({f for fs in p.features for f in fs})
    keep = {f for f, n in df.items() if n >= min_df}
    rows = [{f: 1 for f in fs if f in keep} for p in papers for fs in p.features]
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    names = vec.get_feature_names_out()
    model: Model = {}
    for field in EVIDENCE_FIELDS:
        y = [1 if lab else 0 for p in papers for lab in p.labels[field]]
        clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        clf.fit(x, y)
        weights = {
            str(n): round(float(w), 4)
            for n, w in zip(names, clf.coef_[0], strict=True)
            if abs(w) >= 1e-3
        }
        model[field] = (round(float(clf.intercept_[0]), 4), weights)
    return model


def model_json(model: Model, papers: int, min_df: int, c: float) -> dict[str, Any]:
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
    ap.add_argument("--c", type=float, default=C)
    ap.add_argument("--out", type=Path, default=MODEL)
    args = ap.parse_args(argv)
    papers = load_corpus(args.corpus)
    if not papers:
        raise SystemExit(f"no gold papers found in {args.corpus}")
    model = fit(papers, args.min_df, args.c)
    data = model_json(model, len(papers), args.min_df, args.c)
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    sizes = ", ".join(f"{f} {len(w)}" for f, (_, w) in model.items())
    print(f"trained on {len(papers)} papers; weights per field: {sizes}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
