"""Stopping promptly: one process-wide "the user asked us to stop" flag.

Ctrl-C raises ``KeyboardInterrupt`` in the main thread only. The threads that search, enrich
and download carry on until their work is done -- an arXiv pacing sleep of 3 s, a retry
back-off, a streaming download -- and the main thread, unwinding, waits for them. So the CLI's
signal handler calls :func:`cancel`, and every wait or loop below the CLI that can last more
than a moment asks this module instead: :func:`sleep` returns early by raising
:class:`Cancelled`, :func:`check` raises it between two chunks of work. A thread that sees it
cleans up as for any error (temp files removed, nothing stored) and ends.

What cannot be woken (a thread blocked in a socket read) is the CLI's business: it gives the
threads a short grace and then ends the process; :func:`track` / :func:`untrack` keep the list of
temp files this process is writing so that they are removed even then.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

_stop = threading.Event()
_lock = threading.Lock()
_temp_files: set[Path] = set()


class Cancelled(BaseException):
    """The user interrupted the run (Ctrl-C, SIGTERM): stop what you are doing.

    A ``BaseException``, like ``KeyboardInterrupt``, so that ``except Exception`` handlers
    (one source failing must not end the run) never mistake it for a failure to report.
    """


def cancel() -> None:
    """Ask every thread of this process to stop at its next wait or check."""
    _stop.set()


def cancelled() -> bool:
    return _stop.is_set()


def reset() -> None:
    """Clear the flag (a new command in the same process, as in tests)."""
    _stop.clear()


def check() -> None:
    """Raise :class:`Cancelled` if the run was interrupted."""
    if _stop.is_set():
        raise Cancelled


def sleep(seconds: float) -> None:
    """``time.sleep`` that ends early, raising :class:`Cancelled`, when the run is interrupted."""
    if _stop.wait(max(0.0, seconds)):
        raise Cancelled


def wait(seconds: float) -> bool:
    """Wait up to ``seconds``; True (at once) if the run was interrupted meanwhile."""
    return _stop.wait(max(0.0, seconds))


def track(path: Path) -> None:
    """``path`` is a temp file this process is writing (removed if the process must end)."""
    with _lock:
        _temp_files.add(path)


def untrack(path: Path) -> None:
    with _lock:
        _temp_files.discard(path)


def remove_tracked() -> int:
    """Delete the temp files still being written; returns how many were removed."""
    with _lock:
        paths = list(_temp_files)
        _temp_files.clear()
    removed = 0
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


@contextlib.contextmanager
def tracked(path: Path) -> Iterator[Path]:
    """Track ``path`` for the duration of the block."""
    track(path)
    try:
        yield path
    finally:
        untrack(path)
