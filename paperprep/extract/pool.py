"""Extract many PDFs in worker processes; a file that runs too long is abandoned, not waited on.

Each worker is a separate process running :func:`extract_pdf` on one file at a time; results are
yielded as files finish. A file exceeding ``timeout`` seconds gets its worker killed (pdfium can
spin on a pathological file, and a C call cannot be interrupted any other way) and a fresh
worker takes the next file. Workers fork from a fork server that has already imported the
pipeline and pypdfium2, so starting one costs a fork, not a fresh interpreter's imports.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from paperprep import cancel
from paperprep.errors import ExtractError
from paperprep.extract.pipeline import extract_pdf
from paperprep.models import Extraction


@dataclass
class ExtractResult:
    """The outcome for one file: an extraction, or a one-line error."""

    path: Path
    extraction: Extraction | None
    error: str | None


def _one(path: Path, engine: str, max_pages: int) -> ExtractResult:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return ExtractResult(path, None, f"cannot read {path.name}: {exc.strerror or exc}")
    try:
        return ExtractResult(path, extract_pdf(data, engine=engine, max_pages=max_pages), None)
    except ExtractError as exc:
        return ExtractResult(path, None, str(exc))
    except Exception as exc:  # an engine bug must not take the whole run down
        return ExtractResult(path, None, f"extraction failed: {type(exc).__name__}: {exc}")


#: Address space one worker may use. A decompression bomb (a small FlateDecode stream that
#: inflates to gigabytes) otherwise makes pdfium allocate until the machine runs out of memory;
#: with the cap its allocation fails, the worker dies and the file is reported, not the run.
WORKER_MEMORY_BYTES = 1 << 30


def _limit_memory(limit: int) -> None:
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker(conn: Connection, engine: str, max_pages: int) -> None:
    # Ctrl-C at a terminal reaches the whole foreground process group, workers included: the
    # parent handles it (and kills the workers); a worker must not print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(WORKER_MEMORY_BYTES)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        result = _one(Path(job), engine, max_pages)
        try:
            conn.send(result)
        except OSError:
            # The parent is gone (killed, or interrupted and not waiting): nothing to report to.
            return


#: Longest the parent waits on its workers without checking :func:`paperprep.cancel.check`.
CHECK_EVERY = 0.1

#: Modules the fork server loads before it forks workers.
_PRELOAD = ["paperprep.extract.pipeline", "pypdfium2", "pypdfium2.raw"]


@dataclass
class _Slot:
    proc: mp.process.BaseProcess
    conn: Connection
    path: Path | None = None
    started: float = 0.0


def extract_files(
    paths: Sequence[Path],
    *,
    engine: str = "auto",
    max_pages: int = 400,
    workers: int = 0,
    timeout: float = 120.0,
) -> Iterator[ExtractResult]:
    """Extract ``paths`` in parallel, yielding each :class:`ExtractResult` as its file finishes.

    :param workers: worker processes; 0 means ``os.cpu_count()``
    :param timeout: seconds one file may take before its worker is killed and the file reported
        as "extraction took longer than N s; gave up"; 0 means no time limit. Either way every
        file is read in a worker process under the :data:`WORKER_MEMORY_BYTES` cap (never in
        this process, where a decompression bomb would have no limit).
    """
    todo = [Path(p) for p in paths]
    if not todo:
        return
    n = workers or os.cpu_count() or 1
    n = max(1, min(n, len(todo)))
    limit = timeout if timeout > 0 else float("inf")
    # forkserver: workers start from a clean process (no inherited threads or open PDFs).
    ctx: Any = mp.get_context("spawn" if os.name == "nt" else "forkserver")
    if os.name != "nt":
        # The fork server imports the pipeline and pdfium once; every worker forked from it
        # starts with them loaded instead of importing them again (0.1-0.3 s per worker).
        ctx.set_forkserver_preload(_PRELOAD)
    slots: list[_Slot] = []

    def start() -> _Slot:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child, engine, max_pages), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent)

    # Biggest files first, so that one long file does not finish alone at the end.
    queue = sorted(todo, key=_size)
    try:
        slots = [start() for _ in range(n)]
        for slot in slots:
            if queue:
                slot.path = queue.pop()
                slot.started = time.monotonic()
                slot.conn.send(str(slot.path))
        while any(s.path is not None for s in slots):
            busy = [s for s in slots if s.path is not None]
            now = time.monotonic()
            wait_for = min(max(0.0, s.started + limit - now) for s in busy)
            # Wake up at least every CHECK_EVERY seconds to see whether the run was interrupted
            # (no time limit: wait_for is infinite, and min() still gives CHECK_EVERY).
            ready = wait([s.conn for s in busy], timeout=min(wait_for + 0.01, CHECK_EVERY))
            cancel.check()
            for slot in busy:
                path = slot.path
                assert path is not None
                result: ExtractResult | None = None
                if slot.conn in ready:
                    try:
                        result = slot.conn.recv()
                    except (EOFError, OSError):
                        mb = WORKER_MEMORY_BYTES >> 20
                        result = ExtractResult(
                            path,
                            None,
                            "extraction crashed: the PDF needs more than "
                            f"{mb} MB of memory (a decompression bomb?) or broke the PDF engine",
                        )
                        _restart(slot, start)
                elif time.monotonic() - slot.started > limit:
                    msg = f"extraction took longer than {timeout:g} s; gave up"
                    result = ExtractResult(path, None, msg)
                    _restart(slot, start)
                if result is None:
                    continue
                slot.path = None
                if queue:
                    slot.path = queue.pop()
                    slot.started = time.monotonic()
                    slot.conn.send(str(slot.path))
                yield result
    except BaseException:
        # Interrupted (Ctrl-C, cancel.Cancelled) or abandoned: stop the workers now rather than
        # wait for the files they are on.
        for slot in slots:
            with contextlib.suppress(OSError, ValueError):
                slot.proc.kill()
        raise
    finally:
        for slot in slots:
            with contextlib.suppress(OSError, ValueError):
                slot.conn.send(None)
        for slot in slots:
            slot.proc.join(timeout=1.0)
            if slot.proc.is_alive():
                slot.proc.kill()
                slot.proc.join()
            slot.conn.close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _restart(slot: _Slot, start: Callable[[], _Slot]) -> None:
    """Kill a stuck or dead worker and put a fresh one in its slot."""
    slot.proc.kill()
    slot.proc.join()
    slot.conn.close()
    fresh = start()
    slot.proc, slot.conn = fresh.proc, fresh.conn
