"""How long Ctrl-C takes to stop ``paperprep fetch``, stage by stage (target: 2 s).

For each stage of a fetch -- search, enrichment, download, extraction -- this script runs the
real console script under a pseudo-terminal (``tests/terminal.py``: ``TERM=xterm-256color``,
100x40) against loopback mirrors arranged so that the fetch dwells in that stage
(``tests/fetch_stages.py`` says how, stage by stage), with the services' real pacing (arXiv 3 s
between requests on one connection, 1 s between requests to any other host). Once the stage has
begun it presses Ctrl-C the way a terminal does (the VINTR character on the pty: SIGINT to the
whole foreground process group, extraction workers included) and measures the time from the key
press until the process has exited.

Each stage is run ``--repeat`` times (default 3); printed per stage: the median and worst
latency, the exit codes, whether the one "Interrupted; nothing half-written was kept" line
appeared, and whether any traceback (``Traceback``, ``KeyboardInterrupt``, ``BrokenPipeError``)
reached the terminal. Also: leftover ``.part-*`` files and processes still running one second
after the exit (orphaned extraction workers). Prints numbers only; no assertions.

Usage: ``python benchmarks/interrupt.py [--repeat N] [--stage NAME]...``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fetch_stages import STAGES, Stage, fetch_in  # noqa: E402
from tests.terminal import finish  # noqa: E402

TARGET_S = 2.0
MESSAGE = "Interrupted; nothing half-written was kept"
NOISE = ("Traceback", "KeyboardInterrupt", "BrokenPipeError", "Exception ignored")


@dataclass
class Run:
    latency: float
    code: int
    message: bool
    noise: list[str]
    partials: int
    survivors: int


def _descendants_alive(pids: set[int]) -> int:
    return sum(1 for pid in pids if Path(f"/proc/{pid}").exists() and _not_zombie(pid))


def _not_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            for kid in map(int, kids):
                if kid not in found:
                    found.add(kid)
                    todo.append(kid)
    return found


def run_stage(stage: Stage, workdir: Path) -> Run:
    home = Path(tempfile.mkdtemp(prefix=f"{stage.name}-", dir=workdir)) / "lib"
    with fetch_in(stage, home) as child:
        kids = _children(child.pid or 0)
        pressed = time.monotonic()
        child.sendintr()
        screen = finish(child, timeout=120, since=pressed)
    time.sleep(1.0)
    return Run(
        latency=screen.elapsed,
        code=screen.code,
        message=MESSAGE in screen.plain,
        noise=[n for n in NOISE if n in screen.plain],
        partials=len(list(home.rglob(".part-*"))),
        survivors=_descendants_alive(kids),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stage", action="append", choices=[s.name for s in STAGES])
    args = parser.parse_args()
    chosen = [s for s in STAGES if not args.stage or s.name in args.stage]
    print(f"Ctrl-C latency of `paperprep fetch recsys --top 3` at a pty (target {TARGET_S:g} s)")
    print(
        f"{'stage':<10} {'median s':>8} {'worst s':>8}  exit codes   message  noise  "
        "part files  live children"
    )
    worst_all = 0.0
    with tempfile.TemporaryDirectory(prefix="pp-interrupt-") as tmp:
        for stage in chosen:
            runs = [run_stage(stage, Path(tmp)) for _ in range(args.repeat)]
            lat = [r.latency for r in runs]
            worst_all = max(worst_all, *lat)
            codes = ",".join(str(r.code) for r in runs)
            message = f"{sum(r.message for r in runs)}/{len(runs)}"
            noise = sorted({n for r in runs for n in r.noise}) or ["none"]
            print(
                f"{stage.name:<10} {statistics.median(lat):>8.2f} {max(lat):>8.2f}  "
                f"{codes:<12} {message:<8} {'/'.join(noise):<6} "
                f"{sum(r.partials for r in runs):>10}  {sum(r.survivors for r in runs):>13}"
            )
    verdict = "ok" if worst_all <= TARGET_S else "over target"
    print(f"worst over all stages: {worst_all:.2f} s ({verdict}; machine: {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
