"""Run the installed ``paperprep`` under a pseudo-terminal, the way a person runs it.

A person runs paperprep in a terminal: stdout and stderr are a tty, rich draws live progress,
the window has a size, Ctrl-C arrives mid-download. Tests that only ever pipe the output miss
all of that (a crash that only happened at a terminal once shipped with 457 green tests). This
module runs the real console script (the venv's ``paperprep``, else ``python -m paperprep``)
under a pty (pexpect), with ``TERM=xterm-256color``, a set window size, an isolated
``PAPERPREP_HOME`` and every service endpoint pointed at the loopback mirror
(``tests/mirror.py``, recorded responses), and renders what it drew with a terminal emulator
(pyte), so assertions are about the screen a person reads.

Two ways in:

- :func:`run_tty` runs one command to the end and returns a :class:`Screen` (exit code, the
  rendered screen, the raw bytes, how long it took).
- :func:`spawn_tty` starts one and hands back the ``pexpect.spawn`` to drive (send Ctrl-C with
  ``child.sendintr()``, answer a prompt with ``child.sendline``); :func:`finish` collects it.

**The command table.** ``tests/test_terminal.py`` runs every row of :data:`ROWS` under the pty
and asserts the exit code, that no ``Traceback`` appears, and the key text. Adding a command
to the terminal tests is one row, e.g. ``rm`` answering its question at the terminal::

    Row("rm", ("rm", "{key}"), expect=("removed {key}",), dialog=(("Remove", "y"),)),

- ``argv``: the arguments after ``paperprep``; ``{key}`` is the key of the library's first
  paper (Wide & Deep), ``{key2}`` the second's (DeepFM),
  ``{pdf}`` a new generated PDF not yet in the library, ``{home}`` the library folder,
  ``{tmp}`` a scratch folder.
- ``expect``: text that must be on the screen (same placeholders); ``reject``: text that must
  not be; ``code``: the exit code (default 0).
- ``world``: ``"library"`` (default: the two papers added from generated PDFs to ``recsys``)
  or ``"empty"`` (no library yet).
- ``before``: commands run first (piped, not under the pty), e.g. a fetch that fills the cache.
- ``env``: extra environment (``{mirror}`` is the mirror's URL); ``cols``/``rows``: the
  window size (default 100x40).
- ``dialog``: ``(prompt, answer)`` pairs: wait for the prompt text, type the answer and Enter.
- ``check``: a function called with the library folder afterwards, for what the screen
  cannot show (a file written, a field stored); ``there``/``gone``: files (relative to the
  library folder, same placeholders) that must / must not exist afterwards.
- ``serve``: a function given the :class:`~tests.mirror.Mirror` to add routes of its own,
  e.g. ``lambda m: m.route("/api/query", arxiv_body("empty"))``.
- ``xfail``: the reason, for a row that shows a known bug (strict: it must fail until fixed).

The mirror serves a normal day of recsys answers (:func:`tests.mirror.serve_recsys`) to every
row, so rows never touch the network; ``env`` can point an endpoint elsewhere (the discard port
``http://127.0.0.1:9`` for "no network").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import shlex
import signal
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pexpect
import pyte

from tests.mirror import Mirror, arxiv_body

#: Environment variables passed through from the test process to the command (the mirror's
#: endpoints and timings set by ``serve_recsys``); everything else is a clean terminal's.
PASS_THROUGH_PREFIX = "PAPERPREP_"

_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, erase
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: window titles, hyperlinks
    r"|\x1b[()][0-9A-B]|\x1b[=>78]"  # charset and keypad modes, save/restore cursor
)


def paperprep_argv() -> list[str]:
    """The installed entry point: the venv's console script, else ``python -m paperprep``."""
    script = Path(sys.executable).with_name("paperprep")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "paperprep"]


def tty_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A terminal's environment: ``TERM=xterm-256color``, UTF-8, no ``COLUMNS``/``NO_COLOR``
    (rich must read the window size from the pty), the library at ``home``, and the
    ``PAPERPREP_*`` endpoint overrides of the test process."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(home.parent)),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
    }
    env.update({k: v for k, v in os.environ.items() if k.startswith(PASS_THROUGH_PREFIX)})
    env["PAPERPREP_HOME"] = str(home)
    env.update(extra or {})
    return {k: v for k, v in env.items() if v is not None}


@dataclass
class Screen:
    """What one command did at the terminal."""

    #: Exit status; ``-N`` when killed by signal N.
    code: int
    #: Everything written to the terminal, escape sequences included (stdout and stderr share
    #: the terminal, as they do for a person).
    raw: str
    #: The screen as a terminal emulator drew it: one string per line, trailing blanks and
    #: trailing empty lines removed.
    lines: list[str]
    #: Seconds from start (or from :attr:`since`) to exit.
    elapsed: float
    cols: int = 100

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def plain(self) -> str:
        """The raw output without escape sequences (progress redraws included)."""
        return _ANSI.sub("", self.raw).replace("\r\n", "\n")

    def __contains__(self, needle: str) -> bool:
        return needle in self.text

    def assert_clean(self, code: int | None = 0) -> None:
        """Exit code as expected, and no traceback or worker noise anywhere in the output."""
        for bad in ("Traceback", "KeyboardInterrupt", "BrokenPipeError", "Exception ignored"):
            assert bad not in self.plain, f"{bad} at the terminal:\n{self.plain}"
        if code is not None:
            assert self.code == code, f"exit {self.code}, expected {code}:\n{self.text}"


def render(raw: str, cols: int) -> list[str]:
    """Draw ``raw`` on a ``cols``-wide terminal; long enough never to scroll."""
    height = max(50, raw.count("\n") + raw.count("\r") + 10)
    screen = pyte.Screen(cols, height)
    stream = pyte.Stream(screen)
    stream.feed(raw)
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def spawn_tty(
    args: Sequence[str],
    *,
    home: Path,
    env: Mapping[str, str] | None = None,
    cols: int = 100,
    rows: int = 40,
    cwd: Path | None = None,
    timeout: float = 60,
    wrap: Sequence[str] = (),
) -> pexpect.spawn[str]:
    """Start ``paperprep ARGS`` under a ``cols`` x ``rows`` pty; drive it, then :func:`finish`.

    ``wrap``: a command line to run paperprep through, e.g. a shell, so that paperprep is not
    the session leader of the pty (killing it then does not hang the terminal up).
    """
    argv = [*wrap, *paperprep_argv(), *args]
    if not all(_encodable(a) for a in argv):
        # An argument holding undecodable bytes ("caf\udce9": the byte 0xE9 from a Latin-1
        # terminal) must reach the program as those bytes; pexpect only passes text, so a shell
        # execs the command with the bytes written as $'\xe9'.
        argv = ["bash", "-c", "exec " + " ".join(_shell_word(a) for a in argv)]
    child = pexpect.spawn(
        argv[0],
        argv[1:],
        env=tty_env(home, env),
        cwd=str(cwd) if cwd else None,
        dimensions=(rows, cols),
        encoding="utf-8",
        codec_errors="replace",
        timeout=timeout,
        preexec_fn=_foreground_signals,
    )
    # Everything the command writes, whatever the test expects along the way.
    child.logfile_read = io.StringIO()
    return child


def _foreground_signals() -> None:
    """In the child before exec: signals as a terminal's foreground job has them. A test run
    started in the background (``pytest &``, some CI runners) ignores SIGINT, and an ignored
    signal stays ignored across exec, which would make Ctrl-C do nothing."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shell_word(text: str) -> str:
    if _encodable(text):
        return shlex.quote(text)
    return "$'" + "".join(f"\\x{b:02x}" for b in os.fsencode(text)) + "'"


def drain(child: pexpect.spawn[str], quiet: float = 0.5) -> str:
    """Read whatever ``child`` has written until it has been quiet for ``quiet`` seconds
    (without waiting for it to end); returns everything read so far."""
    with contextlib.suppress(pexpect.TIMEOUT, pexpect.EOF):
        while True:
            child.read_nonblocking(size=65536, timeout=quiet)
    log = child.logfile_read
    return log.getvalue() if isinstance(log, io.StringIO) else ""


def finish(
    child: pexpect.spawn[str], *, cols: int = 100, timeout: float = 60, since: float | None = None
) -> Screen:
    """Read ``child`` to its end and describe it; ``since``: the moment :attr:`Screen.elapsed`
    counts from (default: now)."""
    start = time.monotonic() if since is None else since
    try:
        child.expect(pexpect.EOF, timeout=timeout)
    except pexpect.TIMEOUT:
        child.kill(9)
        child.close(force=True)
        raise AssertionError(f"still running after {timeout} s:\n{child.before}") from None
    child.close()
    elapsed = time.monotonic() - start
    code = child.exitstatus if child.exitstatus is not None else -(child.signalstatus or 0)
    log = child.logfile_read
    raw = log.getvalue() if isinstance(log, io.StringIO) else ""
    return Screen(code=code, raw=raw, lines=render(raw, cols), elapsed=elapsed, cols=cols)


def run_tty(
    args: Sequence[str],
    *,
    home: Path,
    env: Mapping[str, str] | None = None,
    cols: int = 100,
    rows: int = 40,
    dialog: Sequence[tuple[str, str]] = (),
    timeout: float = 90,
) -> Screen:
    """Run ``paperprep ARGS`` to its end under a pty and return what it drew."""
    start = time.monotonic()
    child = spawn_tty(args, home=home, env=env, cols=cols, rows=rows, timeout=timeout)
    for prompt, answer in dialog:
        child.expect_exact(prompt)
        child.sendline(answer)
    return finish(child, cols=cols, timeout=timeout, since=start)


# -- the command table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One command run at the terminal (see the module docstring)."""

    id: str
    argv: tuple[str, ...]
    expect: tuple[str, ...] = ()
    code: int = 0
    reject: tuple[str, ...] = ()
    world: str = "library"
    before: tuple[tuple[str, ...], ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    cols: int = 100
    rows: int = 40
    dialog: tuple[tuple[str, str], ...] = ()
    check: Callable[[Path], None] | None = None
    #: Files (relative to the library folder, placeholders filled) that must exist afterwards…
    there: tuple[str, ...] = ()
    #: … and that must not.
    gone: tuple[str, ...] = ()
    #: Arrange the mirror for this row (on top of the normal day of recsys answers).
    serve: Callable[[Mirror], None] | None = None
    #: A known bug: the row is expected to fail (strictly: it must fail) until it is fixed.
    xfail: str = ""


def _note_has_my_text(home: Path) -> None:
    notes = [p for p in (home / "notes").rglob("*.md") if "Typed at a terminal." in p.read_text()]
    assert notes, "the editor's text is not in any note"


def _exported(*names: str) -> Callable[[Path], None]:
    def check(home: Path) -> None:
        for name in names:
            path = home / "exports" / name
            assert path.is_file() and path.stat().st_size > 0, f"{path} not written"

    return check


def _viewer_ran(home: Path) -> None:
    """The viewer (started detached, so maybe still starting) got the page and the path."""
    log = home / "viewer.log"
    deadline = time.monotonic() + 30
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    args = log.read_text(encoding="utf-8").split("\n")
    assert args[0] == "1" and args[1].endswith(".pdf"), args


#: An interview date three days ahead, for the plan rows.
IN_THREE_DAYS = (dt.date.today() + dt.timedelta(days=3)).isoformat()


def _domain_file(name: str) -> Callable[[Path], None]:
    def check(home: Path) -> None:
        path = home / "domains" / f"{name}.toml"
        assert path.is_file(), f"{path} not written"
        assert f'name = "{name}"' in path.read_text(encoding="utf-8")

    return check


def _no_domain_file(name: str) -> Callable[[Path], None]:
    def check(home: Path) -> None:
        assert not (home / "domains" / f"{name}.toml").exists()

    return check


#: The discard port: nothing listens there, so every connection is refused.
NO_NETWORK = {
    "PAPERPREP_ARXIV_URL": "http://127.0.0.1:9/api/query",
    "PAPERPREP_OPENALEX_URL": "http://127.0.0.1:9",
    "PAPERPREP_SCHOLAR_URL": "http://127.0.0.1:9",
    "PAPERPREP_ARXIV_PDF_URL": "http://127.0.0.1:9/pdf",
    "PAPERPREP_RETRIES": "0",
}

#: Every command, as a person first runs it. One row per thing to try; see the module docstring.
ROWS: tuple[Row, ...] = (
    Row("help", ("--help",), expect=("fetch", "export", "Usage")),
    Row("version", ("--version",), expect=("paperprep ",)),
    Row(
        "add-pdf",
        ("add", "{pdf}", "--domain", "recsys"),
        expect=("added", "Deep Interest Networks", "note:"),
    ),
    Row(
        "add-pdf-first-run",
        ("add", "{pdf}"),
        world="empty",
        expect=("added", "Deep Interest Networks"),
    ),
    Row(
        "add-again",
        ("add", "{pdf}", "{pdf}"),
        world="empty",
        expect=("added", "Deep Interest Networks"),
    ),
    Row("add-missing-file", ("add", "nosuch.pdf"), code=1, expect=("failed", "nosuch.pdf")),
    Row(
        "add-arxiv-id",
        ("add", "1606.07792", "--domain", "recsys"),
        world="empty",
        expect=("added", "Wide & Deep"),
    ),
    Row(
        "add-arxiv-id-already-there",
        ("add", "1606.07792"),
        before=(("add", "1606.07792"),),
        world="empty",
        expect=("exists",),
    ),
    Row(
        "add-arxiv-unknown",
        ("add", "2101.99999"),
        world="empty",
        code=1,
        expect=("failed", "2101.99999", "arXiv has no such paper"),
        # arXiv answers an unknown id with an empty feed (recorded: tests/fixtures/arxiv).
        serve=lambda m: m.route("/api/query", arxiv_body("empty"), query={"id_list": "2101.99999"}),
    ),
    Row(
        "add-not-an-arxiv-id",
        ("add", "arXiv:../../etc/passwd"),
        world="empty",
        code=1,
        expect=("failed", "not an arXiv id"),
    ),
    Row(
        "add-over-long-doi",
        ("add", "10.1145/" + "a" * 5000),
        code=1,
        expect=("too long",),
    ),
    Row(
        "fetch",
        ("fetch", "recsys", "--top", "3"),
        world="empty",
        expect=("recsys: top 3", "Wide & Deep", "Next: paperprep note"),
    ),
    Row(
        "fetch-offline",
        ("fetch", "recsys", "--top", "2", "--offline", "--no-pdf"),
        world="empty",
        before=(("fetch", "recsys", "--top", "2", "--no-pdf"),),
        expect=("recsys: top 2", "Next: paperprep note"),
    ),
    Row(
        "fetch-no-network",
        ("fetch", "recsys"),
        world="empty",
        env=NO_NETWORK,
        code=1,
        expect=("cannot connect", "no source answered", "check the internet connection"),
    ),
    Row("fetch-unknown-domain", ("fetch", "recsis"), code=1, expect=("recsys",)),
    Row("list", ("list",), expect=("{key}", "{key2}", "key")),
    Row("list-empty", ("list",), world="empty", expect=("No papers yet",)),
    Row("show", ("show", "{key}"), expect=("Wide & Deep Learning", "Sections", "status: unread")),
    Row(
        "show-by-prefix",
        ("show", "cheng"),
        expect=("Wide & Deep Learning",),
    ),
    Row(
        "show-unknown",
        ("show", "chen2016wide"),
        code=1,
        expect=("no paper matches", "{key}"),
    ),
    Row("search", ("search", "recommender"), expect=("{key}",)),
    Row("search-none", ("search", "zebra"), expect=("No matches",)),
    Row(
        "progress",
        ("progress",),
        before=(("status", "{key2}", "read"),),
        expect=("recsys", "next up", "{key}"),
    ),
    Row(
        "note",
        ("note", "{key}"),
        env={"EDITOR": "{python} {tmp}/editor.py"},
        expect=("synced", "{key}.md"),
        check=_note_has_my_text,
    ),
    Row("note-path", ("note", "{key}", "--path"), expect=("{key}.md",)),
    Row(
        "note-no-editor",
        ("note", "{key}"),
        code=1,
        expect=("no editor configured", "EDITOR"),
    ),
    Row(
        "note-bad-editor",
        ("note", "{key}"),
        env={"EDITOR": "'unterminated"},
        code=1,
        expect=("EDITOR",),
    ),
    Row("sync", ("sync",), expect=("unchanged",)),
    Row(
        "export-md",
        ("export", "recsys"),
        expect=("wrote", "recsys-brief.md"),
        check=_exported("recsys-brief.md"),
    ),
    Row(
        "export-html",
        ("export", "recsys", "-f", "html"),
        expect=("wrote", "recsys-brief.html"),
        check=_exported("recsys-brief.html"),
    ),
    Row(
        "export-bibtex",
        ("export", "recsys", "-f", "bibtex"),
        expect=("wrote", ".bib"),
    ),
    Row(
        "export-anki",
        ("export", "recsys", "-f", "anki"),
        expect=("wrote", ".apkg", "Import it in Anki"),
    ),
    Row(
        "export-bad-format",
        ("export", "recsys", "-f", "pdf"),
        code=2,
        expect=("md", "html", "bibtex", "anki"),
    ),
    Row(
        "export-full-top-read",
        ("export", "recsys", "-f", "html", "--full", "--top", "1", "--no-drafts"),
        expect=("wrote", "recsys-brief.html"),
        check=_exported("recsys-brief.html"),
    ),
    Row(
        "export-with-plan",
        ("export", "recsys", "-o", "-"),
        before=(("plan", "recsys", "--date", IN_THREE_DAYS),),
        expect=("Interview in 3 days", "Whole plan: `paperprep plan recsys`"),
    ),
    Row(
        "plan",
        ("plan", "recsys", "--date", IN_THREE_DAYS),
        expect=("interview in 3 days", "today", "read {key}", "reread the brief"),
    ),
    Row(
        "plan-80-columns",
        ("plan", "recsys"),
        before=(("plan", "recsys", "--date", IN_THREE_DAYS), ("status", "{key}", "read")),
        cols=80,
        expect=("interview in 3 days", "fill {key}", "read {key2}"),
    ),
    Row(
        "plan-without-date",
        ("plan", "recsys"),
        code=1,
        expect=("no interview date for recsys yet", "--date YYYY-MM-DD"),
    ),
    Row(
        "plan-bad-date",
        ("plan", "recsys", "--date", "31/12/2026"),
        code=1,
        expect=("is not a date; use YYYY-MM-DD",),
    ),
    Row(
        "progress-per-paper",
        ("progress", "recsys"),
        before=(("plan", "recsys", "--date", IN_THREE_DAYS),),
        cols=80,
        expect=("per paper", "{key}", "{key2}", "still empty", "interview in 3 days"),
    ),
    Row(
        "export-over-long-name",
        ("export", "recsys", "-o", "{tmp}/" + "x" * 300 + ".md"),
        code=1,
        expect=("too long",),
    ),
    Row("doctor", ("doctor",), expect=("ok", "database")),
    Row("doctor-offline", ("doctor", "--offline"), expect=("ok", "database")),
    Row("domains", ("domains",), expect=("recsys", "eta", "built-in")),
    Row("domains-show", ("domains", "show", "recsys"), expect=("recsys", "Seed papers")),
    Row(
        "domains-new",
        ("domains", "new", "fraud"),
        expect=("wrote", "fraud.toml", "domains show fraud"),
        check=_domain_file("fraud"),
    ),
    Row(
        "domains-new-builtin",
        ("domains", "new", "recsys"),
        code=1,
        expect=("'recsys' is a built-in domain", "--from recsys"),
        check=_no_domain_file("recsys"),
    ),
    Row(
        "domains-new-from",
        ("domains", "new", "recsys", "--from", "recsys"),
        expect=("wrote", "replaces the built-in recsys"),
        check=_domain_file("recsys"),
    ),
    Row("status", ("status", "{key}", "reading"), expect=("{key}: reading",)),
    Row("tag", ("tag", "{key}", "+must-read", "+google"), expect=("{key}: google must-read",)),
    Row(
        "edit",
        ("edit", "{key}", "--venue", "DLRS 2016"),
        expect=("updated", "{key}"),
    ),
    Row(
        "rm-asks",
        ("rm", "{key}"),
        dialog=(("Remove 1 paper? [y/N]", "y"),),
        expect=("removes: PDF pdfs/{key}.pdf, note notes/{key}.md", "removed {key}"),
        gone=("pdfs/{key}.pdf", "notes/{key}.md"),
    ),
    Row(
        "rm-declined",
        ("rm", "{key}", "{key2}"),
        dialog=(("Remove 2 papers? [y/N]", "n"),),
        expect=("Nothing removed.",),
        there=("pdfs/{key}.pdf", "pdfs/{key2}.pdf", "notes/{key}.md"),
    ),
    Row(
        "rm-ctrl-c",
        ("rm", "{key}"),
        # The interrupt character at the prompt: the terminal sends SIGINT.
        dialog=(("Remove 1 paper? [y/N]", "\x03"),),
        code=130,
        expect=("Interrupted",),
        reject=("Aborted",),
        there=("pdfs/{key}.pdf", "notes/{key}.md"),
    ),
    Row("rm-yes", ("rm", "{key2}", "--yes"), expect=("removed {key2}",), reject=("[y/N]",)),
    Row("rm-unknown", ("rm", "chen2016wide"), code=1, expect=("no paper matches", "{key}")),
    Row(
        "open",
        ("open", "{key}", "--page", "1"),
        env={"PAPERPREP_PDF_VIEWER": "{python} {tmp}/viewer.py {page} {path}"},
        expect=("opened pdfs/{key}.pdf at page 1",),
        check=_viewer_ran,
    ),
    Row("open-print", ("open", "{key}", "--print"), expect=("pdfs/{key}.pdf",)),
    Row(
        "open-no-viewer",
        ("open", "{key}"),
        env={"PAPERPREP_PDF_VIEWER": "no-such-viewer {path}"},
        code=1,
        expect=("cannot start the PDF viewer 'no-such-viewer'", "PAPERPREP_PDF_VIEWER"),
    ),
    Row(
        "open-no-pdf",
        ("open", "1"),
        world="empty",
        before=(("fetch", "recsys", "--top", "1", "--no-pdf"),),
        code=1,
        expect=("has no PDF", "paperprep add"),
    ),
    Row(
        "edit-key",
        ("edit", "{key}", "--key", "wd2016"),
        expect=("is now wd2016", "notes/{key}.md -> notes/wd2016.md"),
        there=("notes/wd2016.md", "pdfs/wd2016.pdf"),
        gone=("notes/{key}.md", "pdfs/{key}.pdf"),
    ),
    Row(
        "edit-key-taken",
        ("edit", "{key}", "--key", "{key2}"),
        code=1,
        expect=("taken by another paper", "choose another"),
    ),
    Row(
        "refresh-without-network",
        ("refresh", "{key}"),
        code=1,
        expect=("failed", "{key}"),
        reject=("Traceback",),
        env={
            "PAPERPREP_ARXIV_URL": "http://127.0.0.1:9/api/query",
            "PAPERPREP_OPENALEX_URL": "http://127.0.0.1:9",
            "PAPERPREP_RETRIES": "0",
        },
    ),
    Row(
        "verbose-after-command",
        ("list", "-v"),
        expect=("{key}",),
    ),
    Row(
        "list-80-columns",
        ("list",),
        cols=80,
        expect=("{key}", "{key2}"),
    ),
    Row(
        "progress-80-columns",
        ("progress",),
        before=(("status", "{key2}", "read"),),
        cols=80,
        expect=("{key}",),
    ),
    Row(
        "list-no-color",
        ("list",),
        env={"NO_COLOR": "1"},
        expect=("{key}",),
    ),
    Row("term-dumb", ("add", "{pdf}"), env={"TERM": "dumb"}, expect=("added",)),
    Row(
        "search-not-utf8",
        ("search", "caf\udce9"),  # the byte 0xE9 of a Latin-1 terminal
        code=1,
        expect=("not valid UTF-8", "caf\\xe9"),
    ),
    Row(
        "library-not-utf8",
        ("list",),
        env={"PAPERPREP_HOME": "{tmp}/lib\udce9"},
        code=1,
        expect=("not valid UTF-8",),
    ),
)

#: The scripted ``$EDITOR`` of the ``note`` row: writes a line into the Summary field.
EDITOR_SCRIPT = """\
import sys
from pathlib import Path

path = Path(sys.argv[-1])
text = path.read_text(encoding="utf-8")
text = text.replace("## Summary\\n", "## Summary\\n\\nTyped at a terminal.\\n", 1)
path.write_text(text, encoding="utf-8")
"""


#: The scripted ``$PAPERPREP_PDF_VIEWER`` of the ``open`` row: writes its arguments (page,
#: path) to ``viewer.log`` in the library folder (the PDF is in ``pdfs/`` of it).
VIEWER_SCRIPT = """\
import sys
from pathlib import Path

pdf = Path(sys.argv[-1])
(pdf.parent.parent / "viewer.log").write_text("\\n".join(sys.argv[1:]), encoding="utf-8")
"""


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace ``{name}`` placeholders (unknown braces are left alone)."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def write_editor(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "editor.py"
    path.write_text(EDITOR_SCRIPT, encoding="utf-8")
    (folder / "viewer.py").write_text(VIEWER_SCRIPT, encoding="utf-8")
    return path
