"""The connection: opening the file, WAL, the busy timeout, error mapping and transactions."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import time
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from paperprep.errors import LibraryLocked, NotFound, PaperprepError
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


class LibraryBase:
    """Papers and everything known about them, in one SQLite file.

    :param conn: an open SQLite connection (file or memory); migrated on construction.

    Reads go straight to ``sqlite3``; writes go through sqlite-utils (``self.db``), which is
    imported on the first write, so read-only commands (``list``, ``show``, ``search``) start
    without it.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self._path = path
        self._db: Database | None = None
        #: A second read connection, for ranking half of a big index in parallel (``_rank``).
        self._reader: sqlite3.Connection | None = None
        with self._guard():
            self.conn.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("pragma foreign_keys = on")
            if pending(self.conn):
                migrate(self.db)

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the same connection (created on first use)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    @classmethod
    def open(cls, path: Path) -> Self:
        """Open (creating if needed) the library database at ``path`` in WAL mode."""
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise PaperprepError(f"cannot open the library database {path}: {exc}") from None
        try:
            with cls._guard_static(path):
                _use_wal(conn)
                conn.execute("pragma synchronous = normal")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise PaperprepError(
                f"{path} is not a paperprep library database ({exc})",
                hint="point --library at another folder, or move the file away",
            ) from None
        return cls(conn, path)

    @classmethod
    def memory(cls) -> Self:
        return cls(sqlite3.connect(":memory:"))

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self.conn.close()

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
            text = str(exc).lower()
            if "locked" in text or "busy" in text:
                raise LibraryLocked(
                    f"the library database is locked by another process ({exc})",
                    hint="wait for the other paperprep run to finish, or close the program "
                    "that holds library.db open, then try again",
                ) from None
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
