"""Searches built to be slow (#11 F18): bm25 and snippets cost grew quadratically with repeated
terms (800 copies of one word: 22 s on six papers; 5,000 ``OR``s: over two minutes). Repeated
terms count once and at most 64 distinct terms are searched, so each of these answers as fast as
the plain query, with the same hits."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.conftest import make_pdfs, run, run_sub

#: Generous for a loaded 2-core machine: the bounded queries take well under a second.
BOUND = 15.0


@pytest.fixture
def six_papers(tmp_path: Path, isolated_home: Path) -> Path:
    run("add", *map(str, make_pdfs(tmp_path / "in", 6, pages=3)), "--domain", "recsys")
    return isolated_home


def hits(query: str) -> list[tuple[str, str]]:
    ran = run_sub("search", query, "--json", timeout=BOUND * 4)
    assert ran.seconds < BOUND, f"{ran.seconds:.1f} s for a {len(query):,}-character query"
    return [(h["key"], h["where"]) for h in ran.json()]


@pytest.mark.parametrize(
    "query",
    [
        " ".join(["impression"] * 800),
        " OR ".join(["impression"] * 3000),
        " ".join(["impression", "logs"] * 1500),
        " ".join(f"impression{i}" for i in range(3000)) + " impression",
    ],
    ids=["800-repeats", "3000-ors", "3000-pairs", "3000-distinct"],
)
def test_many_terms_are_bounded(six_papers: Path, query: str) -> None:
    found = hits(query)
    if "impression0" not in query:
        assert found == hits("impression logs" if "logs" in query else "impression")
        assert len(found) == 6
