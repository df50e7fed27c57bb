"""The SQLite library: papers, PDFs, extracted text, evidence, notes and the full-text index.

This is the only module that talks to the database (through sqlite-utils). Every multi-row write
runs in one transaction, so an interrupted run leaves either the old state or the new one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperprep.errors import LibraryLocked, NotFound, PaperprepError
from paperprep.ids import normalize_arxiv, normalize_doi, normalize_title
from paperprep.migrations import migrate, pending
from paperprep.models import (
    EVIDENCE_FIELDS,
    NOTE_FIELDS,
    STATUSES,
    DomainLink,
    DomainProgress,
    Evidence,
    Extraction,
    NoteInfo,
    Paper,
    PaperRecord,
    PaperSummary,
    PdfInfo,
    SearchHit,
    Section,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Between pages in the full-text row of a paper (the index has one text row per paper, not one
#: per page: a common word then matches 100,000 rows at 100,000 papers, not 1.2 million).
PAGE_BREAK = "\n\f\n"

#: Index rows above which search ranks the two halves of the index in parallel (``_rank``).
PARALLEL_ROWS = 200_000

#: How long a writer waits for another process's lock before giving up (milliseconds).
BUSY_TIMEOUT_MS = 10_000

#: Metadata fields ``edit`` can fix; once fixed, sources never overwrite them.
EDITABLE = ("title", "authors", "year", "venue", "doi", "arxiv_id")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def one_line(text: str) -> str:
    """A title or name as one line of text: control characters (NUL, line breaks, tabs) become
    spaces and runs of whitespace collapse. A title is shown in tables, one-line-per-paper pipes
    and YAML front matter, where a NUL or a line break would corrupt the output."""
    return " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split())


_STOP = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "from", "at", "by", "via"}


def citation_key(paper: Paper) -> str:
    """A BibTeX-style key such as ``cheng2016wide``: first author's surname, year, first word."""

    def ascii_word(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
        return re.sub(r"[^a-z0-9]", "", plain)

    surname = ""
    if paper.authors:
        parts = paper.authors[0].replace(",", " ").split()
        if parts:
            # "Cheng, Heng-Tze" -> Cheng; "Heng-Tze Cheng" -> Cheng
            surname = parts[0] if "," in paper.authors[0] else parts[-1]
    words = [ascii_word(w) for w in paper.title.split()]
    first = next((w for w in words if w and w not in _STOP), "")
    key = f"{ascii_word(surname)}{paper.year or ''}{first}"
    return key[:60] or "paper"


@dataclass
class NoteState:
    paper_id: int
    domain: str
    path: str
    written_hash: str | None
    seen_hash: str | None
    user_edited: bool
    #: status and tags as the note's front matter last said them (to tell user edits apart).
    front: dict[str, Any] = field(default_factory=dict)
    #: Evidence quotes this note has been offered (a quote the user deleted is not offered again).
    offered: list[str] = field(default_factory=list)


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


class Library:
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
    def open(cls, path: Path) -> Library:
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
    def memory(cls) -> Library:
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

    # -- papers --------------------------------------------------------------------------------

    def _row(self, paper_id: int) -> dict[str, Any]:
        rows = list(self._query("select * from papers where id = ?", [paper_id]))
        if not rows:
            raise NotFound(f"no paper with id {paper_id}")
        return rows[0]

    def find_match(self, paper: Paper) -> int | None:
        """The id of a stored paper that is the same work (DOI, arXiv id, or title ± 1 year)."""
        doi = normalize_doi(paper.doi)
        if doi:
            for row in self._query("select id from papers where doi = ?", [doi]):
                return int(row["id"])
        arxiv_id = normalize_arxiv(paper.arxiv_id)
        if arxiv_id:
            for row in self._query("select id from papers where arxiv_id = ?", [arxiv_id]):
                return int(row["id"])
        wanted = normalize_title(paper.title)
        if len(wanted) < 12:
            return None
        first = wanted.split()[0]
        for row in self._query(
            "select id, title, year from papers where lower(title) like ?", [f"%{first}%"]
        ):
            if normalize_title(row["title"]) != wanted:
                continue
            if paper.year is None or row["year"] is None or abs(row["year"] - paper.year) <= 1:
                return int(row["id"])
        return None

    def _unique_key(self, base: str, exclude: int | None = None) -> str:
        key, n = base, 0
        while True:
            rows = list(self._query("select id from papers where key = ?", [key]))
            if not rows or rows[0]["id"] == exclude:
                return key
            n += 1
            key = f"{base}{chr(ord('a') + n)}" if n < 26 else f"{base}{n}"

    def upsert_paper(self, paper: Paper, *, refresh_citations: bool = True) -> tuple[int, bool]:
        """Store ``paper`` or merge it into the stored copy of the same work.

        Fields the user fixed with ``edit`` are never overwritten; missing fields are filled in;
        the citation count is refreshed when the source has one.

        :returns: (paper id, True if the paper is new)
        """
        with self.transaction():
            existing = self.find_match(paper)
            if existing is None:
                key = self._unique_key(citation_key(paper))
                stamp = now()
                table = self.db.table("papers")
                table.insert(
                    {
                        "key": key,
                        "title": one_line(paper.title) or "Untitled",
                        "authors": json.dumps(
                            [one_line(a) for a in paper.authors], ensure_ascii=False
                        ),
                        "year": paper.year,
                        "venue": paper.venue,
                        "abstract": paper.abstract,
                        "doi": normalize_doi(paper.doi),
                        "arxiv_id": normalize_arxiv(paper.arxiv_id),
                        "openalex_id": paper.openalex_id,
                        "scholar_id": paper.scholar_id,
                        "url": paper.url,
                        "citations": paper.citations,
                        "citation_source": paper.citation_source
                        if paper.citations is not None
                        else None,
                        "status": "unread",
                        "added_at": stamp,
                        "updated_at": stamp,
                    }
                )
                assert table.last_pk is not None
                paper_id = int(table.last_pk)
                self._index_paper(paper_id)
                return paper_id, True
            self._merge_into(existing, paper, refresh_citations=refresh_citations)
            return existing, False

    def _merge_into(self, paper_id: int, paper: Paper, *, refresh_citations: bool) -> None:
        row = self._row(paper_id)
        locked = set(json.loads(row["locked"] or "[]"))
        updates: dict[str, Any] = {}
        incoming: dict[str, Any] = {
            "title": one_line(paper.title) or None,
            "authors": json.dumps([one_line(a) for a in paper.authors], ensure_ascii=False)
            if paper.authors
            else None,
            "year": paper.year,
            "venue": paper.venue,
            "abstract": paper.abstract,
            "doi": normalize_doi(paper.doi),
            "arxiv_id": normalize_arxiv(paper.arxiv_id),
            "openalex_id": paper.openalex_id,
            "scholar_id": paper.scholar_id,
            "url": paper.url,
        }
        from_pdf = "pdf" in paper.sources
        for name, value in incoming.items():
            if value is None or name in locked:
                continue
            current = row[name]
            longer = name == "abstract" and len(str(value)) > len(str(current)) + 40
            # A bibliographic source's title beats one guessed from a PDF's first page.
            better_title = name == "title" and not from_pdf and value != current
            if current in (None, "", "[]") or longer or better_title:
                updates[name] = value
        if (
            refresh_citations
            and paper.citations is not None
            and (
                row["citations"] is None
                or paper.citation_source == row["citation_source"]
                or paper.citations > row["citations"]
            )
        ):
            updates["citations"] = paper.citations
            updates["citation_source"] = paper.citation_source
        if updates:
            updates["updated_at"] = now()
            self.db.table("papers").update(paper_id, updates)
            if "title" in updates or "abstract" in updates:
                self._index_paper(paper_id)

    def edit(self, paper_id: int, changes: Mapping[str, Any]) -> None:
        """Fix metadata by hand; the fields changed are locked against later source updates."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise PaperprepError(f"cannot edit {', '.join(sorted(unknown))}")
        with self.transaction():
            row = self._row(paper_id)
            locked = set(json.loads(row["locked"] or "[]")) | set(changes)
            updates: dict[str, Any] = {}
            for name, value in changes.items():
                if name == "authors":
                    updates[name] = json.dumps([one_line(a) for a in value], ensure_ascii=False)
                elif name == "doi":
                    doi = normalize_doi(value)
                    if value and doi is None:
                        raise PaperprepError(f"{value!r} does not look like a DOI (10.xxxx/...)")
                    updates[name] = doi
                elif name == "arxiv_id":
                    arxiv_id = normalize_arxiv(value)
                    if value and arxiv_id is None:
                        raise PaperprepError(
                            f"{value!r} does not look like an arXiv id (2101.01234)"
                        )
                    updates[name] = arxiv_id
                elif name == "title":
                    if not one_line(str(value)):
                        raise PaperprepError("the title cannot be empty")
                    updates[name] = one_line(str(value))
                else:
                    updates[name] = value
            updates["locked"] = json.dumps(sorted(locked))
            updates["updated_at"] = now()
            self.db.table("papers").update(paper_id, updates)
            self._index_paper(paper_id)

    def resolve(self, ref: str) -> int:
        """Find a paper by numeric id, citation key, arXiv id or DOI."""
        text = ref.strip()
        if text.isdigit() and list(self._query("select 1 from papers where id = ?", [int(text)])):
            return int(text)
        for row in self._query("select id from papers where key = ?", [text]):
            return int(row["id"])
        arxiv_id = normalize_arxiv(text)
        if arxiv_id:
            for row in self._query("select id from papers where arxiv_id = ?", [arxiv_id]):
                return int(row["id"])
        doi = normalize_doi(text)
        if doi:
            for row in self._query("select id from papers where doi = ?", [doi]):
                return int(row["id"])
        raise NotFound(
            f"no paper matches {ref!r}",
            hint="use an id or key from `paperprep list`, an arXiv id or a DOI",
        )

    def set_status(self, paper_id: int, status: str) -> None:
        if status not in STATUSES:
            raise PaperprepError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        with self.transaction():
            self._row(paper_id)
            self.conn.execute(
                "update papers set status = ?, updated_at = ? where id = ?",
                [status, now(), paper_id],
            )

    def update_tags(
        self, paper_id: int, add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> list[str]:
        with self.transaction():
            self._row(paper_id)
            for tag in add:
                self.conn.execute(
                    "insert or ignore into tags (paper_id, tag) values (?, ?)", [paper_id, tag]
                )
            for tag in remove:
                self.conn.execute(
                    "delete from tags where paper_id = ? and tag = ?", [paper_id, tag]
                )
        return self.tags(paper_id)

    def set_tags(self, paper_id: int, tags: Iterable[str]) -> None:
        with self.transaction():
            self.conn.execute("delete from tags where paper_id = ?", [paper_id])
            for tag in dict.fromkeys(tags):
                self.conn.execute("insert into tags (paper_id, tag) values (?, ?)", [paper_id, tag])

    def tags(self, paper_id: int) -> list[str]:
        return [
            r["tag"]
            for r in self._query("select tag from tags where paper_id = ? order by tag", [paper_id])
        ]

    def link_domain(
        self,
        paper_id: int,
        domain: str,
        *,
        rank: int | None = None,
        score: float | None = None,
        why: str | None = None,
    ) -> None:
        """Put the paper in ``domain`` (or refresh its rank and reason)."""
        with self.transaction():
            self.conn.execute(
                """insert into paper_domains (paper_id, domain, rank, score, why, added_at)
                   values (?, ?, ?, ?, ?, ?)
                   on conflict (paper_id, domain) do update set
                     rank = coalesce(excluded.rank, rank),
                     score = coalesce(excluded.score, score),
                     why = coalesce(excluded.why, why)""",
                [paper_id, domain, rank, score, why, now()],
            )

    def clear_ranks(self, domain: str, *, keep: Iterable[int]) -> None:
        """Papers of ``domain`` outside this fetch's top stay in it but lose their rank."""
        with self.transaction():
            self.conn.execute(
                "update paper_domains set rank = null where domain = ? "
                "and paper_id not in (select value from json_each(?))",
                [domain, json.dumps(sorted(keep))],
            )

    def domains_of(self, paper_id: int) -> list[DomainLink]:
        return [
            DomainLink(r["domain"], r["rank"], r["why"])
            for r in self._query(
                "select domain, rank, why from paper_domains where paper_id = ? order by domain",
                [paper_id],
            )
        ]

    def domain_names(self) -> list[str]:
        return [
            r["domain"]
            for r in self._query("select distinct domain from paper_domains order by domain")
        ]

    # -- PDFs and extraction ---------------------------------------------------------------------

    def paper_by_sha256(self, sha256: str) -> int | None:
        for row in self._query("select paper_id from pdfs where sha256 = ?", [sha256]):
            return int(row["paper_id"])
        return None

    def set_pdf(
        self,
        paper_id: int,
        *,
        path: str | None,
        sha256: str | None,
        status: str,
        size: int | None = None,
        pages: int | None = None,
        engine: str | None = None,
        error: str | None = None,
        source_url: str | None = None,
    ) -> None:
        with self.transaction():
            self.db.table("pdfs").upsert(
                {
                    "paper_id": paper_id,
                    "path": path,
                    "sha256": sha256,
                    "size": size,
                    "pages": pages,
                    "engine": engine,
                    "status": status,
                    "error": error,
                    "source_url": source_url,
                    "updated_at": now(),
                },
                pk="paper_id",
            )

    def pdf(self, paper_id: int) -> PdfInfo | None:
        for r in self._query("select * from pdfs where paper_id = ?", [paper_id]):
            return PdfInfo(r["path"], r["pages"], r["sha256"], r["status"], r["engine"], r["error"])
        return None

    def store_extraction(self, paper_id: int, extraction: Extraction) -> None:
        """Replace the paper's pages, sections and evidence (and their index rows) atomically."""
        with self.transaction():
            for table in ("pages", "sections", "evidence"):
                self.conn.execute(f"delete from {table} where paper_id = ?", [paper_id])
            self.conn.execute(
                "delete from search_index where paper_id = ? and kind in ('page', 'text')",
                [paper_id],
            )
            self.db.table("pages").insert_all(
                {"paper_id": paper_id, "page": n, "text": text}
                for n, text in enumerate(extraction.pages, start=1)
            )
            self.db.table("sections").insert_all(
                {"paper_id": paper_id, "idx": i, "title": s.title, "page": s.page}
                for i, s in enumerate(extraction.sections)
            )
            self.db.table("evidence").insert_all(
                {
                    "paper_id": paper_id,
                    "field": field,
                    "rank": i,
                    "text": ev.text,
                    "page": ev.page,
                    "section": ev.section,
                    "score": ev.score,
                }
                for field in EVIDENCE_FIELDS
                for i, ev in enumerate(extraction.evidence.get(field, []))
            )
            body = PAGE_BREAK.join(text for text in extraction.pages if text.strip())
            if body:
                self.conn.execute(
                    "insert into search_index (title, body, paper_id, kind, loc) "
                    "values ('', ?, ?, 'text', '')",
                    [body, paper_id],
                )
            self.conn.execute(
                "update pdfs set pages = ?, engine = ?, status = 'ok', error = null, "
                "updated_at = ? "
                "where paper_id = ?",
                [len(extraction.pages), extraction.engine, now(), paper_id],
            )

    def sections(self, paper_id: int) -> list[Section]:
        return [
            Section(r["title"], r["page"])
            for r in self._query(
                "select title, page from sections where paper_id = ? order by idx", [paper_id]
            )
        ]

    def evidence(self, paper_id: int) -> dict[str, list[Evidence]]:
        out: dict[str, list[Evidence]] = {f: [] for f in EVIDENCE_FIELDS}
        for r in self._query(
            "select * from evidence where paper_id = ? order by field, rank", [paper_id]
        ):
            out.setdefault(r["field"], []).append(
                Evidence(r["field"], r["text"], r["page"], r["section"], r["score"])
            )
        return out

    def page_text(self, paper_id: int) -> list[str]:
        return [
            r["text"]
            for r in self._query(
                "select text from pages where paper_id = ? order by page", [paper_id]
            )
        ]

    # -- notes ---------------------------------------------------------------------------------

    def note_state(self, paper_id: int, domain: str) -> NoteState | None:
        found = self._note_states("where paper_id = ? and domain = ?", [paper_id, domain])
        return found[0] if found else None

    def note_states(self, domain: str | None = None) -> list[NoteState]:
        """Every note's state (or only ``domain``'s), by paper id then domain."""
        if domain is None:
            return self._note_states("", [])
        return self._note_states("where domain = ?", [domain])

    def _note_states(self, where: str, params: list[Any]) -> list[NoteState]:
        # Read through the raw cursor: with 100,000 notes, sqlite-utils' dict rows doubled the cost.
        sql = (
            "select paper_id, domain, path, written_hash, seen_hash, user_edited, front, offered "
            f"from notes {where} order by paper_id, domain"
        )
        loads = json.loads
        return [
            NoteState(
                paper_id,
                dom,
                path,
                written,
                seen,
                bool(edited),
                loads(front) if front and front != "{}" else {},
                loads(offered) if offered and offered != "[]" else [],
            )
            for paper_id, dom, path, written, seen, edited, front, offered in self.conn.execute(
                sql, params
            )
        ]

    def save_note_state(self, state: NoteState) -> None:
        with self.transaction():
            self.db.table("notes").upsert(
                {
                    "paper_id": state.paper_id,
                    "domain": state.domain,
                    "path": state.path,
                    "written_hash": state.written_hash,
                    "seen_hash": state.seen_hash,
                    "user_edited": int(state.user_edited),
                    "front": json.dumps(state.front, ensure_ascii=False),
                    "offered": json.dumps(state.offered, ensure_ascii=False),
                    "synced_at": now(),
                },
                pk=("paper_id", "domain"),
            )

    def save_note_fields(self, paper_id: int, domain: str, fields: Mapping[str, str]) -> None:
        """Store the user's text of each note field (and index it for search)."""
        with self.transaction():
            self.conn.execute(
                "delete from note_fields where paper_id = ? and domain = ?", [paper_id, domain]
            )
            self.conn.execute(
                "delete from search_index where paper_id = ? and kind = 'note' "
                "and loc in (select value from json_each(?))",
                [paper_id, json.dumps([f"{domain}:{f}" for f in NOTE_FIELDS])],
            )
            for field, text in fields.items():
                if field not in NOTE_FIELDS:
                    continue
                self.conn.execute(
                    "insert into note_fields (paper_id, domain, field, text) values (?, ?, ?, ?)",
                    [paper_id, domain, field, text],
                )
                if text.strip():
                    self.conn.execute(
                        "insert into search_index (title, body, paper_id, kind, loc) "
                        "values ('', ?, ?, 'note', ?)",
                        [text, paper_id, f"{domain}:{field}"],
                    )

    def note_fields(self, paper_id: int, domain: str) -> dict[str, str]:
        return {
            r["field"]: r["text"]
            for r in self._query(
                "select field, text from note_fields where paper_id = ? and domain = ?",
                [paper_id, domain],
            )
        }

    # -- reading -------------------------------------------------------------------------------

    def record(self, paper_id: int) -> PaperRecord:
        """Everything about one paper (what ``show`` prints)."""
        row = self._row(paper_id)
        notes: dict[str, NoteInfo] = {}
        for state in self._query(
            "select domain, path, user_edited from notes where paper_id = ?", [paper_id]
        ):
            fields = self.note_fields(paper_id, state["domain"])
            notes[state["domain"]] = NoteInfo(
                state["path"],
                {f: fields.get(f, "") for f in NOTE_FIELDS},
                bool(state["user_edited"]),
            )
        return PaperRecord(
            id=row["id"],
            key=row["key"],
            title=row["title"],
            authors=json.loads(row["authors"] or "[]"),
            year=row["year"],
            venue=row["venue"],
            doi=row["doi"],
            arxiv_id=row["arxiv_id"],
            citations=row["citations"],
            citation_source=row["citation_source"],
            abstract=row["abstract"],
            status=row["status"],
            tags=self.tags(paper_id),
            domains=self.domains_of(paper_id),
            pdf=self.pdf(paper_id),
            sections=self.sections(paper_id),
            evidence=self.evidence(paper_id),
            notes=notes,
            openalex_id=row["openalex_id"],
            url=row["url"],
        )

    def list_papers(
        self,
        *,
        domain: str | None = None,
        status: str | None = None,
        tag: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[PaperSummary]:
        """Papers, best-ranked first within a domain, else most-cited first."""
        where, params = [], []  # type: tuple[list[str], list[Any]]
        if domain is not None:
            where.append("p.id in (select paper_id from paper_domains where domain = ?)")
            params.append(domain)
        if status is not None:
            where.append("p.status = ?")
            params.append(status)
        if tag is not None:
            where.append("p.id in (select paper_id from tags where tag = ?)")
            params.append(tag)
        order = "p.citations is null, p.citations desc, p.id"
        if domain is not None:
            order = (
                "(select coalesce(rank, 1e9) from paper_domains d where d.paper_id = p.id "
                "and d.domain = ?), " + order
            )
            params.append(domain)
        sql = (
            "select p.id, p.key, p.title, p.authors, p.year, p.venue, p.citations, "
            "p.citation_source, p.status, "
            "(select group_concat(tag, char(31)) from (select tag from tags t where "
            "t.paper_id = p.id order by tag)) as tags, "
            "(select json_group_array(json_array(domain, rank, why)) from paper_domains d "
            "where d.paper_id = p.id) as domains, "
            "(select status from pdfs f where f.paper_id = p.id) as pdf_status "
            "from papers p"
        )
        if where:
            sql += " where " + " and ".join(where)
        sql += f" order by {order}"
        if limit is not None:
            sql += " limit ? offset ?"
            params += [limit, offset]
        out = []
        for r in self._query(sql, params):
            links = sorted(
                (DomainLink(d[0], d[1], d[2]) for d in json.loads(r["domains"] or "[]")),
                key=lambda d: d.name,
            )
            out.append(
                PaperSummary(
                    id=r["id"],
                    key=r["key"],
                    title=r["title"],
                    authors=json.loads(r["authors"] or "[]"),
                    year=r["year"],
                    venue=r["venue"],
                    citations=r["citations"],
                    citation_source=r["citation_source"],
                    status=r["status"],
                    tags=r["tags"].split("\x1f") if r["tags"] else [],
                    domains=links,
                    pdf_status=r["pdf_status"],
                )
            )
        return out

    def count(self) -> int:
        return int(next(iter(self._query("select count(*) as n from papers")))["n"])

    def domain_records(self, domain: str) -> list[PaperRecord]:
        """Every paper of a domain as a full record, best rank first (for briefs)."""
        ids = [
            r["paper_id"]
            for r in self._query(
                "select paper_id from paper_domains where domain = ? "
                "order by rank is null, rank, paper_id",
                [domain],
            )
        ]
        return [self.record(i) for i in ids]

    # -- search --------------------------------------------------------------------------------

    def search(self, query: str, *, domain: str | None = None, limit: int = 20) -> list[SearchHit]:
        """bm25-ranked full-text search; one hit per paper, with a snippet and where it matched.

        Snippets mark the matched words as «word». The query may use FTS5 syntax
        (``"exact phrase"``, ``OR``, ``NOT``, ``prefix*``, ``NEAR(a b)``); input that is not
        valid FTS5 is searched as plain words instead.
        """
        words = re.findall(r"\w+", query, flags=re.UNICODE)
        if not words:
            raise PaperprepError(
                f"nothing to search for in {query!r}", hint="give at least one word"
            )
        try:
            with self._guard():
                return self._search(query, domain, limit)
        except sqlite3.OperationalError as exc:
            # Not valid FTS5 (unbalanced quotes, a bare AND, NEAR( …): search the words instead.
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                raise
        plain = " ".join('"' + w.replace('"', "") + '"' for w in words)
        return self._search(plain, domain, limit)

    def _search(self, match: str, domain: str | None, limit: int) -> list[SearchHit]:
        # Two steps, for speed at scale: rank every matching row by bm25 (SQLite computes the
        # selected columns of *every* match before sorting, so nothing else is selected here),
        # then fetch the paper and the snippet only for the best row of each of the first
        # ``limit`` papers. Same hits, same order as ranking, snippet and join in one query.
        best: dict[int, tuple[int, float]] = {}
        for rowid, paper_id, score in self._rank(match, domain, max(limit * 20, 200)):
            best.setdefault(paper_id, (rowid, score))
        detail_sql = """
            select s.paper_id, s.kind, s.loc,
                   snippet(search_index, -1, '«', '»', '…', 12) as snip, p.key, p.title
            from search_index s join papers p on p.id = s.paper_id
            where search_index match ? and s.rowid = ?
        """
        hits: dict[int, SearchHit] = {}
        for rowid, score in best.values():
            found = list(self._query(detail_sql, [match, rowid]))
            if not found:
                continue
            r = found[0]
            r["score"] = score
            kind, loc = r["kind"], r["loc"]
            if kind == "text":
                where = self._page_of(r["paper_id"], r["snip"])
            else:
                where = {
                    "title": "title",
                    "abstract": "abstract",
                    "page": f"page {loc}",
                }.get(kind, f"note {str(loc).split(':', 1)[-1]}")
            hits[r["paper_id"]] = SearchHit(
                id=r["paper_id"],
                key=r["key"],
                title=r["title"],
                score=-float(r["score"]),
                snippet=" ".join(r["snip"].split()),
                where=where,
            )
            if len(hits) >= limit:
                break
        return list(hits.values())

    def _rank(self, match: str, domain: str | None, rows: int) -> list[tuple[int, int, float]]:
        """The ``rows`` best index rows for ``match``: (rowid, paper_id, bm25 score), best first.

        bm25 costs about a microsecond per matching row, and at 100,000 papers a common word
        matches ~100,000 rows. On a big index (``PARALLEL_ROWS``) in a library file, the rowid
        range is split in two and each half is ranked on its own read connection in its own
        thread (SQLite releases the GIL while it works); bm25's statistics are table-wide, so the
        merged top rows are exactly the single query's. Measured at 100,000 papers on 2 cores:
        102 -> 67 ms for a two-common-word query (benchmarks/library_scale.py).
        """
        sql = """
            select rowid, paper_id, bm25(search_index, 8.0, 1.0) as score
            from search_index
            where search_index match ? and rowid between ? and ?
        """
        params: list[Any] = [match]
        if domain is not None:
            sql += " and paper_id in (select paper_id from paper_domains where domain = ?)"
        sql += " order by score limit ?"
        (top,) = self.conn.execute("select coalesce(max(rowid), 0) from search_index").fetchone()
        tail = [domain, rows] if domain is not None else [rows]
        if self._path is None or top < PARALLEL_ROWS or self.conn.in_transaction:
            return list(self.conn.execute(sql, [*params, 0, top, *tail]))
        from concurrent.futures import ThreadPoolExecutor

        if self._reader is None:
            try:
                self._reader = sqlite3.connect(
                    self._path.resolve().as_uri() + "?mode=ro",
                    uri=True,
                    timeout=BUSY_TIMEOUT_MS / 1000,
                    check_same_thread=False,
                )
            except sqlite3.Error:  # no second connection: rank on the one we have
                return list(self.conn.execute(sql, [*params, 0, top, *tail]))
        reader, middle = self._reader, top // 2
        with ThreadPoolExecutor(max_workers=1) as pool:
            upper = pool.submit(
                lambda: list(reader.execute(sql, [*params, middle + 1, top, *tail]))
            )
            lower = list(self.conn.execute(sql, [*params, 0, middle, *tail]))
            merged = lower + upper.result()
        return sorted(merged, key=lambda r: r[2])[:rows]

    def _page_of(self, paper_id: int, snippet: str) -> str:
        """Which page a snippet of the paper's text row comes from ("page N")."""
        fragment = snippet.replace("«", "").replace("»", "").strip("…").strip()
        if not fragment:
            return "text"
        # The snippet is a verbatim piece of the text row, so usually of one page; when it
        # straddles a page break, the page of its first matched word.
        marked = re.findall(r"«([^»]*)»", snippet)
        for needle in (fragment, marked[0] if marked else fragment.split()[0]):
            for (n,) in self.conn.execute(
                "select page from pages where paper_id = ? and instr(text, ?) > 0 "
                "order by page limit 1",
                [paper_id, needle],
            ):
                return f"page {n}"
        return "text"

    def _index_paper(self, paper_id: int) -> None:
        row = self._row(paper_id)
        self.conn.execute(
            "delete from search_index where paper_id = ? and kind in ('title', 'abstract')",
            [paper_id],
        )
        self.conn.execute(
            "insert into search_index (title, body, paper_id, kind, loc) "
            "values (?, '', ?, 'title', '')",
            [row["title"], paper_id],
        )
        if row["abstract"]:
            self.conn.execute(
                "insert into search_index (title, body, paper_id, kind, loc) "
                "values ('', ?, ?, 'abstract', '')",
                [row["abstract"], paper_id],
            )

    # -- progress ------------------------------------------------------------------------------

    def progress(self, domains: Sequence[str] | None = None) -> list[DomainProgress]:
        """Reading readiness per domain: papers read and note fields filled."""
        names = list(domains) if domains is not None else self.domain_names()
        out = []
        for name in names:
            counts = next(
                iter(
                    self._query(
                        """select count(*) as papers,
                              sum(p.status = 'read') as read,
                              sum(p.status = 'reading') as reading,
                              sum(p.status = 'skipped') as skipped
                           from paper_domains d
                           join papers p indexed by papers_progress on p.id = d.paper_id
                           where d.domain = ?""",
                        [name],
                    )
                )
            )
            filled = next(
                iter(
                    self._query(
                        """select count(*) as n from note_fields f
                           join paper_domains d on d.paper_id = f.paper_id and d.domain = f.domain
                           where f.domain = ? and trim(f.text) != ''""",
                        [name],
                    )
                )
            )["n"]
            # Ordered on the covering index alone; the one winner's key and title are read after.
            nxt = list(
                self._query(
                    """select p.key, p.title from papers p where p.id = (
                           select d.paper_id from paper_domains d
                           join papers q indexed by papers_progress on q.id = d.paper_id
                           where d.domain = ? and q.status in ('unread', 'reading')
                           order by q.status = 'reading' desc, d.rank is null, d.rank,
                                    q.citations desc
                           limit 1)""",
                    [name],
                )
            )
            papers = int(counts["papers"] or 0)
            out.append(
                DomainProgress(
                    domain=name,
                    papers=papers,
                    read=int(counts["read"] or 0),
                    reading=int(counts["reading"] or 0),
                    skipped=int(counts["skipped"] or 0),
                    fields_filled=int(filled),
                    fields_total=papers * len(NOTE_FIELDS),
                    next_key=nxt[0]["key"] if nxt else None,
                    next_title=nxt[0]["title"] if nxt else None,
                )
            )
        return out
