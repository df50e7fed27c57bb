"""Ctrl-C, SIGTERM and SIGHUP: stop within a second or two, say so in one line, keep nothing
half-written.

On the first signal the handler asks every thread to stop (:func:`paperprep.cancel.cancel`:
pacing sleeps, back-offs, downloads and the extraction pool's waits end at once), starts a
watchdog, and raises ``KeyboardInterrupt`` (or :class:`Terminated`) in the main thread, which
unwinds as for any error: open transactions roll back, temp files are removed, the progress bars
stop, and :func:`say` prints the one line. Most runs end there, well within a second.

A thread blocked in a socket read (a server that stopped answering) cannot be woken, and the
main thread would wait for it at the end of a ``with ThreadPoolExecutor`` block or at
interpreter exit. The watchdog does not: :data:`GRACE` seconds after the signal it removes the
temp files this process is still writing (:func:`paperprep.cancel.remove_tracked`), kills the
extraction workers, restores the cursor, prints the line if the main thread has not, and ends
the process. Nothing it skips can be half-written: database writes are SQLite transactions
(an uncommitted one is rolled back when the library is next opened), and every file is written
to a temp name and renamed only when complete. A second Ctrl-C ends the process at once, the
same way.

Exit status: 130 for Ctrl-C (SIGINT), 143 for SIGTERM, 129 for SIGHUP (128 + the signal).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any, NoReturn

from paperprep import cancel

#: Seconds the threads get to finish cleaning up after a signal before the process ends anyway.
GRACE = 1.0

_said = threading.Lock()
_said_flag = False
#: When the first signal arrived (time.monotonic()), for the grace deadline.
_signalled_at: float | None = None
#: Things to stop before a hard exit (the live progress display), newest last.
_on_hard_exit: list[Callable[[], None]] = []


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C (every ``except KeyboardInterrupt`` applies)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def exit_code(exc: BaseException | None = None, signum: int | None = None) -> int:
    """128 + the signal number: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    if isinstance(exc, Terminated):
        signum = exc.signum
    return 128 + (signum or signal.SIGINT)


def message(code: int) -> str:
    what = {130: "Interrupted", 143: "Stopped (SIGTERM)", 129: "Stopped (terminal closed)"}
    return (
        f"{what.get(code, 'Stopped')}; nothing half-written was kept. "
        "Run the command again to resume."
    )


def say(code: int, write: Callable[[str], None] | None = None) -> None:
    """Print the one "Interrupted…" line, once per process whoever gets there first."""
    global _said_flag
    with _said:
        if _said_flag:
            return
        _said_flag = True
    text = message(code)
    with contextlib.suppress(OSError, ValueError):
        if write is not None:
            write(text)
        else:
            sys.stderr.write(text + "\n")
            sys.stderr.flush()


def reset() -> None:
    """A new command in this process (tests run many): nothing said, nothing cancelled."""
    global _said_flag
    with _said:
        _said_flag = False
    cancel.reset()


def on_hard_exit(callback: Callable[[], None]) -> Callable[[], None]:
    """Run ``callback`` before a hard exit (e.g. stop the live display); returns an undo."""
    _on_hard_exit.append(callback)

    def undo() -> None:
        with contextlib.suppress(ValueError):
            _on_hard_exit.remove(callback)

    return undo


def hard_exit(code: int) -> NoReturn:
    """End the process now: temp files removed, workers killed, cursor back, the line said."""
    cancel.cancel()
    cancel.remove_tracked()
    for callback in reversed(list(_on_hard_exit)):
        with contextlib.suppress(Exception):
            callback()
    with contextlib.suppress(Exception):
        import multiprocessing

        for child in multiprocessing.active_children():
            child.kill()
    with contextlib.suppress(OSError, ValueError):
        if sys.stderr.isatty():
            sys.stderr.write("\x1b[?25h")  # the progress display hides the cursor
    say(code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def leave(code: int) -> NoReturn:
    """End the process after an interrupt whose unwinding is done: wait (up to the grace
    deadline) for threads still finishing, run the exit handlers, and skip the interpreter's
    module teardown, which after a fetch (scholarly alone loads selenium: ~800 modules) takes
    as long again as everything else."""
    deadline = (_signalled_at or time.monotonic()) + GRACE
    for thread in threading.enumerate():
        if thread is threading.current_thread() or thread.daemon:
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            hard_exit(code)
    say(code)
    with contextlib.suppress(Exception):
        atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def _watchdog(code: int) -> None:
    # Returns (and the daemon thread dies with the process) if the main thread exits in time.
    threading.Event().wait(GRACE)
    hard_exit(code)


def _handler(signum: int, frame: FrameType | None) -> Any:
    global _signalled_at
    code = exit_code(signum=signum)
    if cancel.cancelled():
        # A second signal while we are already stopping: stop now.
        hard_exit(code)
    _signalled_at = time.monotonic()
    cancel.cancel()
    threading.Thread(target=_watchdog, args=(code,), name="paperprep-watchdog", daemon=True).start()
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated(signum)


def install() -> None:
    """Handle SIGINT, SIGTERM and SIGHUP as above (the console script calls this first)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        # A signal the parent ignores stays ignored (`nohup`, a shell's background job).
        if signum is not None and signal.getsignal(signum) is not signal.SIG_IGN:
            with contextlib.suppress(OSError, ValueError):
                signal.signal(signum, _handler)
