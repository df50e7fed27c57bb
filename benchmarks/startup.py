"""Start-up time: ``paperprep --help`` and ``paperprep list`` vs a bare two-command Typer app.

All measured in the same run, each a fresh process (as a user runs it), median of ``--repeat``:

- baseline: ``python -c pass`` (the interpreter alone), and a bare Typer app with two commands
  (written to a temp file, run as ``python bare.py --help`` and ``python bare.py hello --name x``,
  the latter so that Typer's per-command parameter handling is in the baseline too);
- ``paperprep --help``, ``paperprep --version``, ``paperprep list`` on an empty library and on a
  small one (``--papers``, default 50) -- the console script, and ``python -m paperprep --help``,
  with paperprep byte-compiled as an installed copy is (see ``library_scale.cli_argv``);
- ``papis --help`` for reference, when papis is installed.

Prints each time and the ratio to the bare app (target: <= 1.3x), plus the modules paperprep
imports beyond the bare app for ``list`` (from ``-X importtime``), heaviest first.
Usage: ``python benchmarks/startup.py [--repeat N] [--papers N]``.
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
from pathlib import Path

BARE_APP = '''
from __future__ import annotations

import typer

app = typer.Typer(add_completion=False)


@app.command()
def hello(name: str = "world", count: int = 1) -> None:
    """Say hello."""
    for _ in range(count):
        typer.echo(f"hello {name}")


@app.command()
def bye(name: str = "world") -> None:
    """Say goodbye."""
    typer.echo(f"bye {name}")


if __name__ == "__main__":
    app()
'''


def median_time(argv: list[str], repeat: int, env: dict[str, str]) -> float:
    subprocess.run(argv, capture_output=True, env=env, check=False)  # warm the OS file cache
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, env=env, check=False)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr[-300:]!r}")
    return statistics.median(times)


def import_times(argv: list[str], env: dict[str, str]) -> dict[str, int]:
    """Cumulative import time (µs) of each top-level import, from ``python -X importtime``."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], capture_output=True, env=env, check=False
    )
    out: dict[str, int] = {}
    for line in proc.stderr.decode().splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if cumulative.strip().isdigit() and not name.startswith(
            "   "
        ):  # top level only (nested ones are inside these)
            out[name.strip()] = int(cumulative)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="paperprep start-up vs a bare Typer app")
    parser.add_argument("--repeat", type=int, default=15, help="runs per measurement (median)")
    parser.add_argument("--papers", type=int, default=50, help="papers in the small library")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="paperprep-startup-"))
    try:
        run(tmp, args.repeat, args.papers)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(tmp: Path, repeat: int, papers: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from library_scale import cli_argv, make_docs, write_library

    bare = tmp / "bare.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    empty, small = tmp / "empty", tmp / "small"
    write_library(small, make_docs(papers, pages=2))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERPREP_")}
    env["PAPERPREP_HOME"] = str(empty)
    pp = cli_argv()
    py = [sys.executable]
    # The empty library is created by the first run; time the steady state.
    subprocess.run([*pp, "list"], capture_output=True, env=env, check=True)

    rows: list[tuple[str, float]] = []

    def measure(label: str, argv: list[str]) -> float:
        t = median_time(argv, repeat, env)
        rows.append((label, t))
        return t

    measure("python -c pass", [*py, "-c", "pass"])
    bare_help = measure("bare Typer app --help", [*py, str(bare), "--help"])
    bare_cmd = measure("bare Typer app hello --name x", [*py, str(bare), "hello", "--name", "x"])
    targets = {
        "paperprep --help": bare_help,
        "paperprep --version": bare_help,
        "python -m paperprep --help": bare_help,
        "paperprep list (empty library)": bare_cmd,
        f"paperprep list ({papers} papers)": bare_cmd,
    }
    measure("paperprep --help", [*pp, "--help"])
    measure("paperprep --version", [*pp, "--version"])
    measure("python -m paperprep --help", [*py, "-m", "paperprep", "--help"])
    measure("paperprep list (empty library)", [*pp, "list"])
    measure(f"paperprep list ({papers} papers)", [*pp, "--library", str(small), "list"])
    papis = shutil.which("papis") or str(Path(sys.executable).with_name("papis"))
    if Path(papis).exists():
        measure("papis --help (reference)", [papis, "--help"])
    else:
        print("papis is not installed: `pip install papis` to add it as a reference")

    print(f"median of {repeat} runs, {os.cpu_count()} CPUs, stdout piped\n")
    print(f"{'command':<36}{'time':>10}{'vs bare app':>13}  target <= 1.30x")
    for label, t in rows:
        if label in targets:
            ratio = t / targets[label]
            verdict = "ok" if ratio <= 1.3 else "MISSED"
            print(f"{label:<36}{t * 1000:>7.1f} ms{ratio:>12.2f}x  {verdict}")
        else:
            print(f"{label:<36}{t * 1000:>7.1f} ms")

    base = import_times([str(bare), "hello", "--name", "x"], env)
    ours = import_times(["-m", "paperprep", "--library", str(small), "list"], env)
    extra = sorted(
        ((name, us) for name, us in ours.items() if name not in base), key=lambda x: -x[1]
    )
    print("\nimports `paperprep list` adds over the bare app (cumulative, top level):")
    for name, us in extra[:12]:
        print(f"  {us / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
