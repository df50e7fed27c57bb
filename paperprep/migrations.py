"""Ordered schema migrations: each runs once, in its own transaction, recorded in ``_migrations``.

Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import PurePath, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

Migration = Callable[["Database"], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


def applied(db: Database) -> set[str]:
    if "_migrations" not in db.table_names():
        return set()
    return {row["name"] for row in db.query("select name from _migrations")}


def pending(conn: sqlite3.Connection) -> bool:
    """Whether any migration has yet to run (plain sqlite3: no sqlite-utils import)."""
    known = conn.execute(
        "select 1 from sqlite_master where type = 'table' and name = '_migrations'"
    ).fetchone()
    if known is None:
        return True
    done = {name for (name,) in conn.execute("select name from _migrations")}
    return not {fn.__name__ for fn in MIGRATIONS} <= done


def migrate(db: Database, *, upto: str | None = None) -> list[str]:
    """Apply pending migrations in order; return the names applied.

    Each migration runs under the database's write lock (``BEGIN IMMEDIATE``) and re-checks
    whether it is still pending once it holds the lock, so two processes opening a new library at
    the same moment do not both try to create it.

    :param upto: stop after this migration (tests use it to build an older database).
    """
    db.execute(
        "create table if not exists _migrations (name text primary key, applied_at text not null)"
    )
    wanted: list[str] = []
    for fn in MIGRATIONS:
        wanted.append(fn.__name__)
        if fn.__name__ == upto:
            break
    if set(wanted) <= applied(db):
        return []
    ran: list[str] = []
    conn = db.conn
    for fn in MIGRATIONS[: len(wanted)]:
        name = fn.__name__
        conn.execute("BEGIN IMMEDIATE")
        try:
            if name not in applied(db):
                fn(db)
                db.execute(
                    "insert into _migrations (name, applied_at) values (?, ?)",
                    [name, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")],
                )
                ran.append(name)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return ran


def _script(db: Database, script: str) -> None:
    # Not executescript(): it COMMITs first, which would break the migration's transaction.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migration
def m001_initial(db: Database) -> None:
    _script(
        db,
        """
        create table papers (
            id integer primary key,
            key text not null unique,
            title text not null,
            authors text not null default '[]',
            year integer,
            venue text,
            abstract text,
            doi text,
            arxiv_id text,
            openalex_id text,
            scholar_id text,
            url text,
            citations integer,
            citation_source text,
            status text not null default 'unread',
            added_at text not null,
            updated_at text not null
        );
        create index papers_doi on papers(doi);
        create index papers_arxiv on papers(arxiv_id);
        create table paper_domains (
            paper_id integer not null references papers(id) on delete cascade,
            domain text not null,
            rank integer,
            score real,
            why text,
            added_at text not null,
            primary key (paper_id, domain)
        );
        create table tags (
            paper_id integer not null references papers(id) on delete cascade,
            tag text not null,
            primary key (paper_id, tag)
        );
        create table pdfs (
            paper_id integer primary key references papers(id) on delete cascade,
            path text,
            sha256 text,
            size integer,
            pages integer,
            engine text,
            status text not null,
            error text,
            source_url text,
            updated_at text not null
        );
        create index pdfs_sha256 on pdfs(sha256);
        create table pages (
            paper_id integer not null references papers(id) on delete cascade,
            page integer not null,
            text text not null,
            primary key (paper_id, page)
        );
        create table sections (
            paper_id integer not null references papers(id) on delete cascade,
            idx integer not null,
            title text not null,
            page integer not null,
            primary key (paper_id, idx)
        );
        create table evidence (
            paper_id integer not null references papers(id) on delete cascade,
            field text not null,
            rank integer not null,
            text text not null,
            page integer not null,
            section text,
            score real not null,
            primary key (paper_id, field, rank)
        );
        create table notes (
            paper_id integer not null references papers(id) on delete cascade,
            domain text not null,
            path text not null,
            written_hash text,
            seen_hash text,
            user_edited integer not null default 0,
            front text not null default '{}',
            offered text not null default '[]',
            synced_at text,
            primary key (paper_id, domain)
        );
        create table note_fields (
            paper_id integer not null references papers(id) on delete cascade,
            domain text not null,
            field text not null,
            text text not null,
            primary key (paper_id, domain, field)
        );
        """,
    )


@migration
def m002_search_index(db: Database) -> None:
    """Full-text index (FTS5, bm25) over titles, abstracts, page text and note fields.

    One row per searchable piece: ``kind`` is title/abstract/page/note, ``loc`` the page number or
    note field. Existing libraries are back-filled.
    """
    _script(
        db,
        """
        create virtual table search_index using fts5(
            title, body,
            paper_id unindexed, kind unindexed, loc unindexed,
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        insert into search_index (title, body, paper_id, kind, loc)
            select title, '', id, 'title', '' from papers;
        insert into search_index (title, body, paper_id, kind, loc)
            select '', abstract, id, 'abstract', '' from papers where coalesce(abstract, '') != '';
        insert into search_index (title, body, paper_id, kind, loc)
            select '', text, paper_id, 'page', page from pages;
        insert into search_index (title, body, paper_id, kind, loc)
            select '', text, paper_id, 'note', field from note_fields where text != '';
        """,
    )


@migration
def m003_locked_metadata(db: Database) -> None:
    """Remember the metadata fields the user fixed with ``edit``; sources never overwrite them."""
    db.execute("alter table papers add column locked text not null default '[]'")


@migration
def m004_scale_indexes(db: Database) -> None:
    """Indexes for large libraries (100,000 papers): each command stays a lookup, not a scan.

    ``papers_by_citations`` matches ``list``'s order expression exactly, so the first page of
    ``list`` reads 50 index entries instead of sorting every paper; ``paper_domains_by_domain``
    serves every per-domain query (list/progress/export/search ``--domain``); ``tags_by_tag``
    serves ``list --tag``.
    """
    _script(
        db,
        """
        create index if not exists papers_by_citations
            on papers(citations is null, citations desc, id);
        create index if not exists paper_domains_by_domain on paper_domains(domain, rank);
        create index if not exists tags_by_tag on tags(tag);
        """,
    )


@migration
def m005_text_rows(db: Database) -> None:
    """One full-text row per paper for its page text, instead of one per page.

    Ranking cost grows with the number of matching rows: with a row per page, a common word
    matched every page of every paper (1.2 million rows for 100,000 twelve-page papers). Search
    hits still name the page (``Library._page_of``). The page break is ``library.PAGE_BREAK``.
    """
    _script(
        db,
        """
        delete from search_index where kind = 'page';
        insert into search_index (title, body, paper_id, kind, loc)
            select '', group_concat(text, char(10) || char(12) || char(10)), paper_id, 'text', ''
            from (select paper_id, text from pages where trim(text) != ''
                  order by paper_id, page)
            group by paper_id;
        """,
    )


@migration
def m006_progress_indexes(db: Database) -> None:
    """Covering indexes, so ``progress`` counts a domain without reading whole rows.

    ``papers_progress`` holds what ``progress`` reads of a paper (status, citations): counting
    a 16,000-paper domain walks a small index instead of 16,000 rows that each carry an
    abstract. ``paper_domains_covering`` replaces m004's ``paper_domains_by_domain`` with the
    paper id added, so a domain's papers come from the index alone. ``note_fields_filled``
    indexes only the note fields that hold text. At 100,000 papers in 8 domains, ``progress``
    went from 433 to ~110 ms.
    """
    _script(
        db,
        """
        create index if not exists papers_progress on papers(id, status, citations);
        drop index if exists paper_domains_by_domain;
        create index if not exists paper_domains_covering
            on paper_domains(domain, rank, paper_id);
        create index if not exists note_fields_filled
            on note_fields(domain, paper_id) where trim(text) != '';
        """,
    )


@migration
def m007_domain_settings(db: Database) -> None:
    """Per-domain settings the user chose, as name/value pairs (first: ``interview_date``).

    A table of its own rather than columns on ``paper_domains``: a setting belongs to the
    domain, which may have no paper yet (``paperprep plan eta --date …`` before any fetch).
    """
    _script(
        db,
        """
        create table if not exists domain_settings (
            domain text not null,
            name text not null,
            value text not null,
            set_at text not null,
            primary key (domain, name)
        );
        """,
    )


@migration
def m008_paper_impact(db: Database) -> None:
    """OpenAlex's normalised impact of a paper: FWCI and the citation percentile of its field and
    year (the brief's chart plots year × impact). Empty until a fetch or refresh reports them."""
    _script(
        db,
        """
        alter table papers add column fwci real;
        alter table papers add column citation_percentile real;
        """,
    )


@migration
def m009_key_facts(db: Database) -> None:
    """Key facts per paper and note field (text, page, kind), stored with the extraction.

    Papers extracted before have none until they are extracted again (``add`` or ``fetch``
    re-extracts a PDF whose extraction is older than this).
    """
    _script(
        db,
        """
        create table if not exists key_facts (
            paper_id integer not null references papers(id) on delete cascade,
            field text not null,
            rank integer not null,
            text text not null,
            page integer not null,
            kind text not null,
            primary key (paper_id, field, rank)
        );
        """,
    )


def relative_to_library(path: str | None, folder: str) -> str | None:
    """A stored absolute path made relative to the library, by its ``folder`` (``pdfs`` or
    ``notes``): ``/old/home/pdfs/x.pdf`` -> ``pdfs/x.pdf``, wherever the library was then.

    A path that is already relative, or has no ``folder`` component (a file kept outside the
    library), is returned as it is.
    """
    if not path:
        return path
    parts = PurePath(path).parts
    if not PurePath(path).is_absolute() or folder not in parts:
        return path
    last = len(parts) - 1 - parts[::-1].index(folder)
    return str(PurePosixPath(*parts[last:]))


@migration
def m010_one_note_per_paper(db: Database) -> None:
    """One note per paper (``notes/<key>.md``) instead of one per paper and domain; paths
    stored relative to the library folder, so a moved or copied library keeps working.

    The per-domain tables are renamed ``legacy_notes`` and ``legacy_note_fields``: their files
    are merged into one note per paper by ``workflows.migrate`` the first time the library is
    opened (it reads and writes note files, which a migration does not), which then drops them.
    """
    _script(
        db,
        """
        drop index if exists note_fields_filled;
        alter table notes rename to legacy_notes;
        alter table note_fields rename to legacy_note_fields;
        create table notes (
            paper_id integer primary key references papers(id) on delete cascade,
            path text not null,
            written_hash text,
            seen_hash text,
            user_edited integer not null default 0,
            front text not null default '{}',
            offered text not null default '[]',
            synced_at text
        );
        create table note_fields (
            paper_id integer not null references papers(id) on delete cascade,
            field text not null,
            text text not null,
            primary key (paper_id, field)
        );
        create index note_fields_filled on note_fields(paper_id) where trim(text) != '';
        create unique index notes_by_path on notes(path);
        """,
    )
    (legacy,) = db.execute(
        "select (select count(*) from legacy_notes) + (select count(*) from legacy_note_fields)"
    ).fetchone()
    if not legacy:  # nothing to merge (a new library): no legacy tables to carry
        _script(db, "drop table legacy_note_fields; drop table legacy_notes")
    for paper_id, path in list(db.execute("select paper_id, path from pdfs").fetchall()):
        rel = relative_to_library(path, "pdfs")
        if rel != path:
            db.execute("update pdfs set path = ? where paper_id = ?", [rel, paper_id])


@migration
def m011_manage_library(db: Database) -> None:
    """What ``rm`` and ``edit --key`` need to be crash-safe and re-runnable.

    ``pending_removals``: files (paths relative to the library) to delete once the transaction
    that stopped needing them has committed, each with the sha256 it must still have (a file
    the user changed since is kept). A crash between the commit and the deletion leaves a row;
    the next command finishes it. ``papers.previous_keys``: the keys a paper had before
    ``edit --key`` (an old key still finds the paper, so the command can be run again).
    """
    _script(
        db,
        """
        create table if not exists pending_removals (
            path text primary key,
            sha256 text,
            reason text not null,
            added_at text not null
        );
        alter table papers add column previous_keys text not null default '[]';
        """,
    )
