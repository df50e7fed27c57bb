"""paperprep vs papis (the closest peer) on the same generated documents, measured in one run.

Both tools get the same N documents (default 10,000, from ``library_scale.make_docs``):
paperprep as a library built like ``library_scale.py`` builds it; papis as a library folder with
one sub-folder per document holding an ``info.yaml`` (title, author, author_list, year,
journal, abstract, doi, tags, ref). papis runs with a temporary config (``--config`` and
``XDG_CONFIG_HOME``/``XDG_CACHE_HOME`` pointing into the temp dir) and its default ``papis``
(pickle cache) database backend.

Measured, end to end as a user runs each tool (subprocess, stdout piped), median of ``--repeat``:

- papis cold: the first ``papis list --all`` indexes the library (reads every info.yaml) and
  writes its cache. It is timed on ``--cold-papers`` documents (default 1,000); if the linear
  estimate for N is within ``--cold-budget`` seconds (default 120) it is also timed on all N;
  otherwise papis' cache file for the N documents is written directly (a pickle of the
  ``papis.document.Document`` objects its indexing pass would build, each with a unique
  ``papis_id``) and the N cold time is reported as a linear estimate, which is a lower bound.
- listing all N, warm: ``paperprep list`` prints one line of metadata per paper (id, key,
  year, citations, status, tags, domains, title). papis' like-for-like is
  ``papis list --all --format FORMAT`` with ``FORMAT`` = ref, year, tags and title (the
  ``--format`` form papis' own help shows); target paperprep >= 40x. Plain ``papis list --all``
  prints only each document's folder path -- less than paperprep prints -- and is shown for
  reference.
- a two-word query, warm: ``papis list --all --format FORMAT "graph attention"`` vs
  ``paperprep search "graph attention"``: target >= 10x. (papis matches tags/title/author/year/
  ref; paperprep ranks titles, abstracts, page text and notes with bm25 -- more text, more
  work.) Every CLI pays its interpreter and Typer start-up, so the script also times a bare
  two-command Typer app (``startup.BARE_APP``) and prints the ceiling that sets: papis' time
  over the bare app's is the largest ratio any Typer CLI could reach.
- paperprep's first ``list`` right after the library is written: there is no cold pass (the
  index is written with the papers, in the same transaction).

Needs papis: ``pip install papis`` (into the same venv; it is not a paperprep dependency).
Without it the script says so and exits 0.
Usage: ``python benchmarks/vs_papis.py [--papers N] [--cold-papers N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from library_scale import Doc, cli_argv, make_docs, write_library

QUERY = "graph attention"
#: What paperprep's ``list`` prints, in papis' format language.
PAPIS_FORMAT = "{doc[ref]}\t{doc[year]}\t{doc[tags]}\t{doc[title]}"


def papis_executable() -> str | None:
    found = Path(sys.executable).with_name("papis")
    if found.exists():
        return str(found)
    return shutil.which("papis")


def info_of(doc: Doc) -> dict[str, Any]:
    p = doc.paper
    return {
        "type": "article",
        "ref": f"ref{doc.index}",
        "title": p.title,
        "author": " and ".join(p.authors),
        "author_list": [
            {"family": a.split(",")[0].strip(), "given": a.split(",", 1)[-1].strip()}
            for a in p.authors
        ],
        "year": p.year,
        "journal": p.venue,
        "abstract": p.abstract,
        "doi": p.doi,
        "tags": sorted(doc.tags),
    }


def write_papis_library(root: Path, docs: Iterable[Doc]) -> list[tuple[str, dict[str, Any]]]:
    """One folder per document with an ``info.yaml``; returns (folder, data) of each."""
    import yaml

    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in docs:
        folder = root / f"doc{doc.index:06d}"
        folder.mkdir(exist_ok=True)
        data = info_of(doc)
        text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)
        (folder / "info.yaml").write_text(text, encoding="utf-8")
        written.append((str(folder), data))
    return written


def papis_env(tmp: Path, libdir: Path) -> tuple[dict[str, str], Path]:
    config_home, cache_home = tmp / "xdg-config", tmp / "xdg-cache"
    config = config_home / "papis" / "config"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        "[settings]\ndefault-library = bench\ndatabase-backend = papis\n\n"
        f"[bench]\ndir = {libdir}\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPIS")}
    env.update(XDG_CONFIG_HOME=str(config_home), XDG_CACHE_HOME=str(cache_home))
    return env, config


def prime_papis_cache(env: dict[str, str], config: Path, docs: list[tuple[str, Any]]) -> None:
    """Write papis' cache file for ``docs`` with papis' own classes (in a child, papis' env)."""
    code = """
import hashlib, json, pickle, sys
import papis.config, papis.document
from papis.database.base import get_cache_file_path
from papis.id import ID_KEY_NAME
papis.config.set_config_file(sys.argv[1])
papis.config.reset_configuration()
docs = []
for folder, data in json.load(sys.stdin):
    doc = papis.document.from_data(data)
    doc.set_folder(folder)
    # maybe_compute_id gives each document a unique hash id (and checks it against every other
    # document, and writes it to info.yaml). Warm commands read only the cache, so a unique
    # hash of the folder stands in for it.
    doc[ID_KEY_NAME] = hashlib.md5(folder.encode()).hexdigest()
    docs.append(doc)
# The file and format papis.database.cache.Database._save_documents writes.
with open(get_cache_file_path(papis.config.get_lib().path), "wb+") as fd:
    pickle.dump(docs, fd)
"""
    import json

    subprocess.run(
        [sys.executable, "-c", code, str(config)],
        input=json.dumps(docs).encode(),
        env=env,
        check=True,
    )


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, bytes]:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr[-400:]!r}")
    return elapsed, proc.stdout


def median(argv: list[str], env: dict[str, str], repeat: int) -> tuple[float, int]:
    times, lines = [], 0
    for _ in range(repeat):
        t, out = timed(argv, env)
        times.append(t)
        lines = out.count(b"\n")
    return statistics.median(times), lines


def main() -> None:
    parser = argparse.ArgumentParser(description="paperprep vs papis on the same documents")
    parser.add_argument("--papers", type=int, default=10_000, help="documents (10,000)")
    parser.add_argument("--pages", type=int, default=4, help="pages of text per paperprep paper")
    parser.add_argument(
        "--cold-papers", type=int, default=1_000, help="documents for papis' cold run (1,000)"
    )
    parser.add_argument(
        "--cold-budget",
        type=float,
        default=120.0,
        help="also time papis cold on all documents if the estimate is within this (s)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    args = parser.parse_args()

    papis = papis_executable()
    if papis is None:
        print("papis is not installed; skipping. Install it with `pip install papis` (into this")
        print("venv; it is not a paperprep dependency) and run this script again.")
        return
    tmp = Path(tempfile.mkdtemp(prefix="paperprep-vs-papis-"))
    try:
        run(tmp, papis, args.papers, args.pages, args.cold_papers, args.cold_budget, args.repeat)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(tmp: Path, papis: str, n: int, pages: int, n_cold: int, budget: float, repeat: int) -> None:
    version = subprocess.run([papis, "--version"], capture_output=True, check=False)
    print(f"{version.stdout.decode().strip()}; {n:,} documents; {os.cpu_count()} CPUs")

    # -- the same documents in both tools ------------------------------------------------------
    t0 = time.perf_counter()
    home = tmp / "paperprep"
    write_library(home, make_docs(n, pages=pages))
    t_pp = time.perf_counter() - t0
    t0 = time.perf_counter()
    papis_docs = write_papis_library(tmp / "papis", make_docs(n, pages=pages))
    t_papis = time.perf_counter() - t0
    print(f"wrote the paperprep library in {t_pp:.1f} s, the papis folders in {t_papis:.1f} s")

    # -- papis cold: indexing pass on first use --------------------------------------------------
    n_cold = min(n_cold, n)
    cold_dir = tmp / "papis-cold"
    cold_dir.mkdir()
    for folder, _ in papis_docs[:n_cold]:
        shutil.copytree(folder, cold_dir / Path(folder).name)
    env_cold, _ = papis_env(tmp / "cold", cold_dir)
    cold_small, out = timed([papis, "list", "--all"], env_cold)
    assert out.count(b"\n") == n_cold, out[-200:]
    estimate = cold_small * n / n_cold
    env, config = papis_env(tmp / "full", tmp / "papis")
    cold_full: float | None = None
    if n_cold == n:
        cold_full = cold_small
        env = env_cold
    elif estimate <= budget:
        cold_full, out = timed([papis, "list", "--all"], env)
    else:
        prime_papis_cache(env, config, papis_docs)
    del papis_docs

    # -- paperprep: no cold pass ---------------------------------------------------------------
    pp = [*cli_argv(), "--library", str(home)]
    pp_env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERPREP_")}
    first_list, out = timed([*pp, "list"], pp_env)
    listed = out.count(b"\n")
    assert listed == n, f"paperprep listed {listed} of {n}"

    # -- warm ------------------------------------------------------------------------------------
    from startup import BARE_APP

    bare = tmp / "bare.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    bare_cmd, _ = median([sys.executable, str(bare), "hello", "--name", "x"], pp_env, repeat)
    fmt = ["--format", PAPIS_FORMAT]
    papis_list, papis_lines = median([papis, "list", "--all", *fmt], env, repeat)
    papis_paths, _ = median([papis, "list", "--all"], env, repeat)
    pp_list, pp_lines = median([*pp, "list"], pp_env, repeat)
    papis_search, papis_hits = median([papis, "list", "--all", *fmt, QUERY], env, repeat)
    pp_search, pp_hits = median([*pp, "search", QUERY, "--json"], pp_env, repeat)
    pp_search_all, _ = median([*pp, "search", QUERY, "--limit", str(n)], pp_env, repeat)

    print()
    print(f"papis cold `list --all` on {n_cold:,} docs: {cold_small:8.2f} s")
    if cold_full is not None:
        print(f"papis cold `list --all` on {n:,} docs: {cold_full:8.2f} s (measured)")
    else:
        print(
            f"papis cold `list --all` on {n:,} docs: >= {estimate:5.0f} s (linear estimate from "
            f"{n_cold:,}, a lower bound: papis checks each new id against every document; over "
            f"the {budget:.0f} s budget, so its cache file was written directly)"
        )
    print(f"paperprep first `list` after writing:  {first_list:8.3f} s (no indexing pass)")
    print(f"bare two-command Typer app (start-up floor of any Typer CLI): {bare_cmd:.3f} s")
    print()
    print(f"{'measurement':<46}{'papis':>10}{'paperprep':>12}{'ratio':>9}  target")
    rows = [
        (f"list all {n:,}, metadata per line (warm)", papis_list, pp_list, 40.0,
         f"{papis_lines}/{pp_lines} lines"),
        (f"search {QUERY!r} (warm, top 20)", papis_search, pp_search, 10.0,
         f"ceiling for a Typer CLI: {papis_search / bare_cmd:.1f}x"),
        (f"list all {n:,}, papis folder paths only", papis_paths, pp_list, None,
         "reference: papis prints less"),
        (f"search {QUERY!r} (warm, --limit {n})", papis_search, pp_search_all, None,
         "reference"),
    ]  # fmt: skip
    for label, a, b, target, extra in rows:
        ratio = a / b
        goal = (
            "" if target is None else f">= {target:.0f}x " + ("ok" if ratio >= target else "MISSED")
        )
        print(f"{label:<46}{a:>9.3f}s{b:>11.3f}s{ratio:>8.1f}x  {goal}  ({extra})")
    print(f"\npapis matched {papis_hits} documents for {QUERY!r} (tags/title/author/year/ref);")
    print(f"paperprep's top-20 JSON had {pp_hits} lines (titles, abstracts, pages, notes).")


if __name__ == "__main__":
    main()
