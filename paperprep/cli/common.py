"""Shared CLI plumbing: state, consoles, error mapping, JSON output."""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar, cast

import typer

from paperprep import cancel
from paperprep.cli import interrupts
from paperprep.errors import PaperprepError

if TYPE_CHECKING:
    from rich.console import Console

    from paperprep.app import App, Event, EventSink
    from paperprep.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")


class _LazyConsole:
    """A rich Console made on first use: rich costs ~15 ms to import, and the commands that
    answer in plain text (piped ``list``, ``--json``, ``--version``) never need it.

    Plain attribute access (``err.print``, ``err.is_terminal``) is forwarded to the real
    Console. Python looks special methods (``with console:``, which rich's ``Live`` uses) up on
    the class, never through ``__getattr__``, so anything handed *to* rich must be the real
    Console: :func:`real` gives it. The context-manager methods are forwarded too, for safety.

    Written to a pipe or a file, the Console never wraps (``soft_wrap``): one record stays one
    line whatever the width, as scripts reading the output expect.
    """

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            console = Console(**self._options)
            if not console.is_terminal:
                console.soft_wrap = True
            self._console = console
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)

    def __enter__(self) -> Console:
        return self.console.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self.console.__exit__(*exc)


out = cast("Console", _LazyConsole(highlight=False, soft_wrap=False))
err = cast("Console", _LazyConsole(stderr=True, highlight=False))


def real(console: Console) -> Console:
    """The rich Console behind ``out``/``err`` (made now if need be), to hand to rich."""
    if isinstance(console, _LazyConsole):
        return console.console
    return console


def escape(text: str) -> str:
    """Escape rich markup in ``text`` (user data: titles, notes, paths)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def print_rows(rows: Iterable[Iterable[object]]) -> None:
    """Piped output: one tab-separated line per row, written in one go (10,000 rows of
    ``typer.echo`` would be 10,000 flushed writes)."""
    text = "".join("\t".join(str(c) for c in row) + "\n" for row in rows)
    sys.stdout.write(text)
    sys.stdout.flush()


def shown_path(path: Path | str, home: Path) -> str:
    """A library file as the user finds it: ``notes/x.md`` inside the library, else in full."""
    try:
        return Path(path).relative_to(home).as_posix()
    except ValueError:
        return str(path)


def stdout_is_terminal() -> bool:
    """Whether stdout is a terminal (tables, colour) or piped (plain lines), without rich."""
    return sys.stdout.isatty()


@dataclass
class State:
    library: Path | None = None
    verbose: bool = False
    _app: App | None = field(default=None, repr=False)


def fail(exc: PaperprepError) -> NoReturn:
    err.print(f"[bold red]Error:[/] {escape(str(exc))}")
    if exc.hint:
        err.print(f"  {escape(exc.hint)}")
    raise typer.Exit(code=1)


def describe_os_error(exc: OSError) -> PaperprepError:
    """An OSError that reached the CLI (a name too long, a full disk, no permission) as one
    line naming the file."""
    name = exc.filename if isinstance(exc.filename, str) else None
    if name is not None and len(name) > 80:
        name = name[:60] + "…" + name[-15:]
    what = exc.strerror or str(exc)
    hint = None
    if exc.errno == errno.ENAMETOOLONG:
        hint = "use a shorter name"
    elif exc.errno == errno.ENOSPC:
        hint = "free some space and run the command again; nothing half-written was kept"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "check the folder's permissions (see `paperprep doctor`)"
    return PaperprepError(f"{what}: {name}" if name else what, hint=hint)


def handles_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn PaperprepError (and a stray OSError) into a one-line message and exit code 1;
    Ctrl-C into the one "Interrupted" line and exit 130 (SIGTERM 143, SIGHUP 129)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        interrupts.reset()
        try:
            return fn(*args, **kwargs)
        except PaperprepError as exc:
            fail(exc)
        except OSError as exc:
            fail(describe_os_error(exc))
        except (KeyboardInterrupt, cancel.Cancelled) as exc:
            cancel.cancel()  # any thread still running stops at its next wait
            code = interrupts.exit_code(exc)
            interrupts.say(code)
            raise typer.Exit(code=code) from None

    return wrapper


def ask_yes_no(question: str) -> bool:
    """Ask a yes/no question on stderr (default no). Ctrl-C at the prompt is an interrupt like
    anywhere else (exit 130 and the one line through :func:`handles_errors`), not click's
    "Aborted." with exit 1; end of input (Ctrl-D) is a no."""
    try:
        return bool(typer.confirm(question, default=False, err=True))
    except typer.Abort as exc:
        # typer's click turns both KeyboardInterrupt and EOFError into Abort ("from None"
        # still keeps the original as the context).
        if isinstance(exc.__context__, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        err.print()
        return False


def on_event(event: Event) -> None:
    if event.kind == "progress":
        return
    style = {"warn": "yellow", "error": "red"}.get(event.kind, "dim")
    prefix = f"{event.item}: " if event.item else ""
    err.print(f"[{style}]{escape(prefix + event.message)}[/]")


def settings_of(ctx: typer.Context, **overrides: Any) -> Settings:
    """Resolve settings (options > env > config.toml) for one command; the library folder's
    name must be text (see :func:`.argv.check_folder`)."""
    from paperprep.cli.argv import check_folder
    from paperprep.settings import load_settings

    root = ctx.find_root()
    state: State = root.obj if isinstance(root.obj, State) else State()
    settings = load_settings(state.library, **overrides)
    check_folder(settings.home, "--library" if state.library else "PAPERPREP_HOME or $HOME")
    return settings


@contextlib.contextmanager
def open_app(ctx: typer.Context, **overrides: Any) -> Iterator[App]:
    """Resolve settings and open the library for one command; a database or file-system failure
    (a full disk, a read-only or damaged library) becomes its one-line error."""
    from paperprep.app import App

    settings = settings_of(ctx, **overrides)
    try:
        app = App.open(settings, on_event)
    except Exception as exc:
        raise _as_user_error(exc, settings.db_path) from None
    try:
        if app.library.has_legacy_notes():
            _merge_legacy_notes(app)
        yield app
    except Exception as exc:
        raise _as_user_error(exc, settings.db_path) from None
    finally:
        app.close()


def _as_user_error(exc: Exception, db_path: Path) -> Exception:
    """A database failure as the one-line error it is for the user (a full disk, a read-only or
    damaged library…); anything else unchanged (``handles_errors`` turns a stray OSError into
    its line). The traceback goes to the log."""
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        from paperprep.library.base import database_error

        logging.getLogger("paperprep").debug("database error", exc_info=exc)
        return database_error(exc, db_path)
    return exc


def _merge_legacy_notes(app: App) -> None:
    """A library from before one note per paper: merge its notes once, and say so."""
    from paperprep.workflows.migrate import merge_legacy_notes

    report = merge_legacy_notes(app)
    if report.notes:
        err.print(
            f"notes: {report.notes} per-domain note(s) of {report.papers} paper(s) are now one "
            f"note per paper in {escape(str(app.settings.notes_dir))}; the old notes folder is "
            f"kept in {escape(str(report.backup))} (remove it when you are happy)"
        )
    for warning in report.warnings:
        err.print(f"[yellow]warning[/] {escape(warning)}")


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def run(app: typer.Typer) -> None:
    """Run the app as the console script: signals handled (see :mod:`.interrupts`), and a
    PaperprepError anywhere (even a callback) exits 1 without a traceback."""
    from paperprep.cli import argv

    interrupts.install()
    try:
        argv.check_text(sys.argv[1:])
        sys.argv[1:] = argv.hoist_global_options(sys.argv[1:])
        if not (sys.stdout.isatty() and sys.stderr.isatty()):
            # Piped: help and usage errors in click's plain text, not boxes drawn to 80 columns.
            app.rich_markup_mode = None
        app()
    except SystemExit as exc:
        if cancel.cancelled():
            interrupts.leave(exc.code if isinstance(exc.code, int) else 130)
        raise
    except PaperprepError as exc:
        err.print(f"Error: {escape(str(exc))}")
        if exc.hint:
            err.print(f"  {escape(exc.hint)}")
        sys.exit(1)
    except BrokenPipeError:
        # `paperprep list | head -1`: the reader left; that is not an error worth a traceback.
        # Point stdout at /dev/null so that the interpreter's final flush does not fail again.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


@contextlib.contextmanager
def progress_sink(enabled: bool) -> Iterator[EventSink]:
    """Progress bars per stage on a terminal; plain lines on stderr otherwise."""
    if not enabled:

        def plain(event: Event) -> None:
            if event.kind == "progress":
                if event.stage == "pdf" and event.item:
                    err.print(f"{escape(event.item)}: {event.message}", style="dim")
                return
            if event.kind == "stage":
                return
            on_event(event)

        yield plain
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    bars = Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=real(err),
        transient=False,
    )
    tasks: dict[str, TaskID] = {}
    # If Ctrl-C has to end the process without unwinding, the display is stopped first.
    undo = interrupts.on_hard_exit(bars.stop)

    def sink(event: Event) -> None:
        if event.kind == "stage" and event.stage:
            tasks[event.stage] = bars.add_task(event.message, total=event.total)
        elif event.kind == "progress" and event.stage in tasks:
            bars.advance(tasks[event.stage], event.steps)
        elif event.kind != "progress":
            bars.console.print(
                escape(event.message), style="yellow" if event.kind == "warn" else "dim"
            )

    try:
        with bars:
            yield sink
    finally:
        undo()
