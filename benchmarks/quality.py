"""Measure extraction quality against the hand-written gold in benchmarks/gold/corpus.json.

Prints section-heading precision/recall/F1 (a heading counts when its normalised title matches a
gold heading on the same page) and, per evidence field, the share of gold key phrases found in the
top-5 evidence sentences. Usage: ``python benchmarks/quality.py [--engine pdfium] [--verbose]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from paperprep.extract import extract_pdf
from paperprep.models import EVIDENCE_FIELDS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "pdfs"
GOLD = Path(__file__).resolve().parent / "gold" / "corpus.json"


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9&]+", " ", text.lower()).split())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--engine", default="auto")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    gold = {k: v for k, v in json.loads(args.gold.read_text()).items() if not k.startswith("_")}
    tp = fp = fn = 0
    found = dict.fromkeys(EVIDENCE_FIELDS, 0)
    total = dict.fromkeys(EVIDENCE_FIELDS, 0)
    for name, g in sorted(gold.items()):
        path = args.corpus / name
        if not path.is_file():
            print(f"missing: {path}", file=sys.stderr)
            continue
        x = extract_pdf(path.read_bytes(), engine=args.engine)
        want = {(norm(t), p) for t, p in g["sections"]}
        got = {(norm(s.title), s.page) for s in x.sections}
        tp += len(want & got)
        fp += len(got - want)
        fn += len(want - got)
        misses: list[str] = []
        for field in EVIDENCE_FIELDS:
            text = " ".join(norm(e.text) for e in x.evidence.get(field, []))
            for phrase in g["fields"][field]:
                total[field] += 1
                if norm(phrase) in text:
                    found[field] += 1
                else:
                    misses.append(f"{field}:{phrase}")
        if args.verbose:
            print(f"{name}: +{sorted(got - want)} -{sorted(want - got)}")
            if misses:
                print(f"    evidence misses: {misses}")
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(f"papers: {len(gold)}  engine: {args.engine}")
    print(f"section headings: precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    for field in EVIDENCE_FIELDS:
        share = found[field] / max(1, total[field])
        print(f"evidence {field:13s} recall {share:.3f}  ({found[field]}/{total[field]} phrases)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
