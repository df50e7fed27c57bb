"""The connection: opening the file, WAL, the busy timeout, error mapping and transactions."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import time
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from paperprep.errors import (
    LibraryDamaged,
    LibraryLocked,
    LibraryReadOnly,
    NotFound,
    PaperprepError,
    StorageFull,
)
from paperprep.migrations import migrate, pending

if TYPE_CHECKING:
    from sqlite_utils import Database


#: How long a writer waits for another process's lock before giving up (milliseconds).
BUSY_TIMEOUT_MS = 10_000


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def one_line(text: str) -> str:
    """A title or name as one line of text: control characters (NUL, line breaks, tabs) become
    spaces and runs of whitespace collapse. A title is shown in tables, one-line-per-paper pipes
    and YAML front matter, where a NUL or a line break would corrupt the output."""
    return " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split())


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. SQLite answers "locked" at once, without waiting for the busy timeout, when
    another process is switching the same new file at that moment; so wait and retry here."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("pragma journal_mode = wal")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _code(exc: sqlite3.Error) -> str:
    """SQLite's primary error name (``SQLITE_FULL``…) with the message as a fallback."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    return "_".join(name.split("_")[:2])  # SQLITE_READONLY_DBMOVED -> SQLITE_READONLY


_DAMAGED_TEXT = ("malformed", "corrupt", "not a database")
_READONLY_TEXT = ("readonly", "read-only")


def database_error(exc: sqlite3.Error, path: Path | None = None) -> PaperprepError:
    """The one-line error a user sees for a failed SQLite call on the library database.

    Locked, full disk, read-only, damaged, I/O error, cannot open: each says what happened and
    what to do. (``_guard`` raises the locked one where it happens; the CLI maps the rest.)
    """
    where = str(path) if path is not None else "the library database"
    code = _code(exc)
    text = str(exc).lower()
    if code in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in text or "busy" in text:
        return LibraryLocked(
            f"the library database is locked by another process ({exc})",
            hint="wait for the other paperprep run to finish, or close the program "
            "that holds library.db open, then try again",
        )
    if code == "SQLITE_FULL" or "disk is full" in text:
        return StorageFull(
            f"cannot write {where}: the disk is full",
            hint="free some disk space and run the command again; the write was rolled back, "
            "nothing half-written was kept",
        )
    if code == "SQLITE_READONLY" or any(t in text for t in _READONLY_TEXT):
        return LibraryReadOnly(
            f"{where} is read-only: reading works, but this command has to write to it",
            hint="copy the library folder somewhere writable and use it with --library, "
            "or make the folder writable",
        )
    if code in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or any(t in text for t in _DAMAGED_TEXT):
        return LibraryDamaged(
            f"{where} is damaged ({exc})",
            hint="`paperprep doctor` checks it; keep a copy of library.db, then rebuild it "
            "with `sqlite3 library.db .recover | sqlite3 recovered.db`; your notes are "
            "untouched in notes/",
        )
    if code == "SQLITE_IOERR" or "disk i/o" in text:
        return PaperprepError(
            f"cannot read or write {where}: disk I/O error",
            hint="check the disk (full, removed, failing) and run the command again",
        )
    if code == "SQLITE_CANTOPEN" or "unable to open" in text:
        return PaperprepError(
            f"cannot open {where} ({exc})",
            hint="check that the library folder exists and that you may read and write it",
        )
    return PaperprepError(f"the library database failed: {exc}")


def _writable(path: Path) -> bool:
    """Whether we may write ``path`` and its folder (``access`` honours read-only mounts, for
    root too)."""
    folder = path.parent
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to an existing library on a read-only disk or folder.

    SQLite needs to create ``library.db-shm`` to read a WAL database; where it cannot (the
    folder is read-only and no other process has the file open), ``immutable=1`` reads the file
    as it is, without locks, which is safe because nothing can write it either.
    """
    uri = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    for query in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(uri + query, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
        except sqlite3.Error as exc:
            conn.close()
            last = exc
            continue
        return conn
    assert last is not None
    raise database_error(last, path)


class LibraryBase:
    """Papers and everything known about them, in one SQLite file.

    :param conn: an open SQLite connection (file or memory); migrated on construction.

    Reads go straight to ``sqlite3``; writes go through sqlite-utils (``self.db``), which is
    imported on the first write, so read-only commands (``list``, ``show``, ``search``) start
    without it.
    """

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None = None, *, read_only: bool = False
    ) -> None:
        self.conn = conn
        self._path = path
        #: Opened read-only (a read-only disk or folder): reads work, writes fail in one line.
        self.read_only = read_only
        self._db: Database | None = None
        #: A second read connection, for ranking half of a big index in parallel (``_rank``).
        self._reader: sqlite3.Connection | None = None
        with self._guard():
            self.conn.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("pragma foreign_keys = on")
            if pending(self.conn):
                if read_only:
                    raise LibraryReadOnly(
                        f"{path} was made by an older paperprep and needs an upgrade, but it "
                        "is read-only",
                        hint="run this paperprep once on a writable copy of the library",
                    )
                migrate(self.db)

    @property
    def root(self) -> Path | None:
        """The library folder (where ``library.db`` is); None for an in-memory library."""
        return self._path.parent if self._path is not None else None

    def stored_path(self, path: str | Path | None) -> str | None:
        """A file path as the library stores it: relative to the library folder when it is
        inside it (a moved or copied library keeps working), else as given."""
        if path is None:
            return None
        root = self.root
        if root is not None:
            try:
                return Path(path).relative_to(root).as_posix()
            except ValueError:
                pass
        return str(path)

    def full_path(self, stored: str | None) -> str | None:
        """A stored path as a usable one: relative ones are joined to the library folder."""
        if stored is None or self.root is None or Path(stored).is_absolute():
            return stored
        return str(self.root / stored)

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the same connection (created on first use)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    @classmethod
    def open(cls, path: Path) -> Self:
        """Open (creating if needed) the library database at ``path`` in WAL mode.

        On a read-only disk or folder an existing library is opened read-only instead: the
        commands that only read work, the others fail with one line (:class:`LibraryReadOnly`).
        """
        if path.is_file() and not _writable(path):
            return cls(connect_read_only(path), path, read_only=True)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PaperprepError(f"cannot create the library folder {path.parent}: {exc}") from None
        try:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise database_error(exc, path) from None
        try:
            with cls._guard_static(path):
                _use_wal(conn)
                conn.execute("pragma synchronous = normal")
        except sqlite3.DatabaseError as exc:
            conn.close()
            problem = database_error(exc, path)
            if isinstance(problem, LibraryReadOnly | LibraryLocked | StorageFull):
                if isinstance(problem, LibraryReadOnly) and path.is_file():
                    return cls(connect_read_only(path), path, read_only=True)
                raise problem from None
            if isinstance(problem, LibraryDamaged) and "not a database" in str(exc).lower():
                raise PaperprepError(
                    f"{path} is not a paperprep library database ({exc})",
                    hint="point --library at another folder, or move that file away",
                ) from None
            raise problem from None
        return cls(conn, path)

    @classmethod
    def memory(cls) -> Self:
        return cls(sqlite3.connect(":memory:"))

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self.conn.close()

    def check_search_index(self) -> list[str]:
        """FTS5's own integrity check of the search index (its shadow tables against the
        content; ``PRAGMA quick_check`` does not look inside them): the problems found."""
        if self.read_only:
            return []  # the check is a write statement, though it changes nothing
        try:
            with self.transaction():
                self.conn.execute(
                    "insert into search_index(search_index) values('integrity-check')"
                )
        except sqlite3.DatabaseError as exc:
            return [f"search index: {exc}"]
        return []

    def _query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Rows of ``sql`` as dicts (what sqlite-utils' ``Database.query`` yields)."""
        cursor = self.conn.execute(sql, params)
        keys = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    # -- error mapping -------------------------------------------------------------------------

    @staticmethod
    @contextlib.contextmanager
    def _guard_static(where: object = "the library") -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as exc:
            problem = database_error(exc, where if isinstance(where, Path) else None)
            if isinstance(problem, LibraryLocked):
                raise problem from None
            raise

    def _guard(self) -> contextlib.AbstractContextManager[None]:
        return self._guard_static("the library")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write: everything inside commits together or not at all.

        The outermost block takes the write lock up front (``BEGIN IMMEDIATE``): in WAL mode a
        read transaction that later tries to write cannot wait for the lock, it fails at once.
        Nested blocks become savepoints.
        """
        with self._guard():
            conn = self.conn
            if conn.in_transaction:
                with self.db.atomic():
                    yield
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _row(self, paper_id: int) -> dict[str, Any]:
        rows = list(self._query("select * from papers where id = ?", [paper_id]))
        if not rows:
            raise NotFound(f"no paper with id {paper_id}")
        return rows[0]
