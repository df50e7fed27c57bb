"""Every command at a real terminal: the rows of ``tests/terminal.py`` under a pseudo-terminal.

Each row runs the installed ``paperprep`` under a pty (``TERM=xterm-256color``, a set window
size, the loopback mirror for every service) and asserts its exit code, that no traceback or
worker noise reaches the terminal, and the text a person reads. Add a command by adding a row
to ``tests.terminal.ROWS``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperprep.cli import app
from tests.mirror import Mirror, mirror, serve_recsys
from tests.pdfgen import Spec, paper_pdf
from tests.terminal import ROWS, Row, fill, run_tty, write_editor

__all__ = ["mirror"]

WIDE = Spec(
    title="Wide & Deep Learning for Recommender Systems",
    authors=["Heng-Tze Cheng", "Levent Koc"],
    year=2016,
)
DEEPFM = Spec(
    title="DeepFM: A Factorization-Machine based Neural Network for CTR Prediction",
    authors=["Huifeng Guo", "Ruiming Tang"],
    year=2017,
)


@pytest.fixture
def services(mirror: Mirror, monkeypatch: pytest.MonkeyPatch) -> Mirror:
    return serve_recsys(mirror, monkeypatch)


def piped(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 1), (args, result.stdout, result.stderr)
    return result.stdout


def build_world(kind: str, tmp: Path) -> dict[str, str]:
    """Make the row's library; returns the key of each paper by title."""
    if kind == "empty":
        return {}
    assert kind == "library", f"unknown world {kind!r}"
    papers = []
    for name, spec in (("wide.pdf", WIDE), ("deepfm.pdf", DEEPFM)):
        path = tmp / "papers" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(paper_pdf(spec))
        papers.append(str(path))
    piped("add", *papers, "--domain", "recsys")
    return {p["title"]: p["key"] for p in json.loads(piped("list", "--json"))}


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(r, id=r.id, marks=[pytest.mark.xfail(strict=True, reason=r.xfail)])
        if r.xfail
        else pytest.param(r, id=r.id)
        for r in ROWS
    ],
)
def test_command_at_a_terminal(
    row: Row, services: Mirror, isolated_home: Path, tmp_path: Path
) -> None:
    scratch = tmp_path / "scratch"
    write_editor(scratch)
    new_pdf = scratch / "deep-interest.pdf"
    new_pdf.write_bytes(paper_pdf(Spec()))
    keys = build_world(row.world, tmp_path)
    values = {
        "key": keys.get(WIDE.title, "(no key)"),
        "key2": keys.get(DEEPFM.title, "(no key)"),
        "pdf": str(new_pdf),
        "home": str(isolated_home),
        "tmp": str(scratch),
        "mirror": services.url,
        "python": sys.executable,
    }
    if row.serve is not None:
        row.serve(services)
    for before in row.before:
        piped(*(fill(a, values) for a in before))
    screen = run_tty(
        [fill(a, values) for a in row.argv],
        home=isolated_home,
        env={k: fill(v, values) for k, v in row.env.items()},
        cols=row.cols,
        rows=row.rows,
        dialog=row.dialog,
    )
    screen.assert_clean(row.code)
    for text in row.expect:
        assert fill(text, values) in screen, f"{text!r} not on the screen:\n{screen.text}"
    for text in row.reject:
        assert fill(text, values) not in screen, f"{text!r} on the screen:\n{screen.text}"
    for path in row.there:
        assert (isolated_home / fill(path, values)).is_file(), f"{path} is not there"
    for path in row.gone:
        assert not (isolated_home / fill(path, values)).exists(), f"{path} is still there"
    if row.check is not None:
        row.check(isolated_home)


def test_key_prefix_resolves_only_when_unique(isolated_home: Path) -> None:
    from paperprep.errors import NotFound
    from paperprep.library import Library
    from paperprep.models import Paper

    lib = Library.open(isolated_home / "library.db")
    wide, _ = lib.upsert_paper(Paper(title="Wide & Deep", authors=["Heng-Tze Cheng"], year=2016))
    lib.upsert_paper(Paper(title="Deep Crossing", authors=["Xiaoyu Cheng"], year=2017))
    lib.upsert_paper(Paper(title="DeepFM", authors=["Huifeng Guo"], year=2017))
    assert lib.resolve("cheng2016") == wide
    with pytest.raises(NotFound, match="start of several keys") as several:
        lib.resolve("cheng")
    assert "cheng2016wide" in str(several.value) and "cheng2017deep" in str(several.value)
    with pytest.raises(NotFound) as typo:
        lib.resolve("chen2016wide")
    assert typo.value.hint and "cheng2016wide" in typo.value.hint
    with pytest.raises(NotFound) as by_title:
        lib.resolve("deepfm paper")
    assert by_title.value.hint is not None


def long_library(home: Path) -> list[str]:
    """Papers with long keys, long titles, tags and domains: the worst case for 80 columns."""
    from paperprep.library import Library
    from paperprep.models import Paper

    lib = Library.open(home / "library.db")
    keys = []
    for i, (author, title) in enumerate(
        [
            (
                "Maximiliana Vasquez-Montgomeryson",
                "Transformers4Rec: Bridging the Gap between "
                "NLP and Sequential / Session-Based Recommendation at Industrial Scale",
            ),
            ("Heng-Tze Cheng", "Wide & Deep Learning for Recommender Systems"),
            ("Xiangnan He", "Neural Collaborative Filtering " * 4),
        ]
    ):
        pid, _ = lib.upsert_paper(
            Paper(title=title, authors=[author], year=2016 + i, citations=1000 * (i + 1))
        )
        lib.link_domain(pid, "recsys", rank=i + 1, score=1.0, why="test")
        lib.link_domain(pid, "ranking", rank=i + 2, score=1.0, why="test")
        lib.update_tags(pid, add=["must-read", "google", "interview-day-one"])
        keys.append(lib.record(pid).key)
    lib.close()
    return keys


@pytest.mark.parametrize("command", [("list",), ("list", "--domain", "recsys"), ("progress",)])
def test_80_columns_never_cut_the_key(command: tuple[str, ...], isolated_home: Path) -> None:
    keys = long_library(isolated_home)
    assert max(len(k) for k in keys) >= 20
    screen = run_tty(command, home=isolated_home, cols=80)
    screen.assert_clean(0)
    assert all(len(line) <= 80 for line in screen.lines), screen.text
    words = {w for line in screen.lines for w in re.split(r"[\s│┃:]+", line)}
    shown = [k for k in keys if k in words]
    expected = keys if command[0] == "list" else keys[:1]
    assert shown == expected, f"keys cut or missing:\n{screen.text}"
