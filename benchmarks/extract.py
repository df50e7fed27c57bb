"""Extraction speed over ../shared/corpus/pdfs: paperprep vs raw pypdf, raw pypdfium2, pdftotext.

Prints pages/s of the whole paperprep extraction (text, normalisation, sections, evidence) run
through ``extract_files`` on every core, of raw pypdf ``extract_text``, raw pypdfium2
``get_text_range`` and ``pdftotext`` (one process per file, as a user would run it), the ratio
paperprep/pdftotext, and the peak memory (ru_maxrss of this process and of its children).
Usage: ``python benchmarks/extract.py [--corpus DIR] [--skip-pypdf]``.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import resource
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "pdfs"


def raw_pypdf(paths: list[Path]) -> int:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    pages = 0
    for p in paths:
        reader = PdfReader(io.BytesIO(p.read_bytes()))
        for page in reader.pages:
            page.extract_text()
            pages += 1
    return pages


def raw_pdfium(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for p in paths:
        doc = pdfium.PdfDocument(p.read_bytes())
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
            pages += 1
        doc.close()
    return pages


def pdftotext(paths: list[Path]) -> int:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise SystemExit("pdftotext is not installed")
    for p in paths:
        subprocess.run([exe, "-q", str(p), "-"], check=True, stdout=subprocess.DEVNULL)
    return -1


def paperprep(paths: list[Path]) -> int:
    from paperprep.extract import extract_files

    pages = 0
    for r in extract_files(paths, workers=0):
        if r.extraction is None:
            raise SystemExit(f"{r.path.name}: {r.error}")
        pages += len(r.extraction.pages)
    return pages


def timed(fn: Callable[[list[Path]], int], paths: list[Path], repeat: int) -> tuple[int, float]:
    best = float("inf")
    pages = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        pages = fn(paths)
        best = min(best, time.perf_counter() - t0)
    return pages, best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-pypdf", action="store_true")
    args = ap.parse_args(argv)
    paths = sorted(args.corpus.glob("*.pdf"))
    if not paths:
        raise SystemExit(f"no PDFs in {args.corpus}")
    n_pages, _ = timed(raw_pdfium, paths, 1)
    print(f"{len(paths)} PDFs, {n_pages} pages, {os.cpu_count()} cores")
    rates: dict[str, float] = {}
    runs: list[tuple[str, Callable[[list[Path]], int], int]] = [
        ("paperprep (extract_files, all cores)", paperprep, args.repeat),
        ("pdftotext (1 process per file)", pdftotext, args.repeat),
        ("pypdfium2 raw text (1 core)", raw_pdfium, args.repeat),
    ]
    if not args.skip_pypdf:
        runs.append(("pypdf raw extract_text (1 core)", raw_pypdf, 1))
    for name, fn, repeat in runs:
        _, seconds = timed(fn, paths, repeat)
        rates[name] = n_pages / seconds
        print(f"{name:40s} {rates[name]:8.1f} pages/s  ({seconds:.2f} s)")
    ratio = rates[runs[0][0]] / rates[runs[1][0]]
    print(f"ratio paperprep/pdftotext: {ratio:.2f}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: self {own:.0f} MB, largest child {kids:.0f} MB, sum {own + kids:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
