"""Full-text search: bm25 over titles, abstracts, page text and notes, with snippets."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from paperprep.errors import (
    LibraryDamaged,
    LibraryLocked,
    LibraryReadOnly,
    PaperprepError,
    StorageFull,
)
from paperprep.library import base
from paperprep.library.base import LibraryBase
from paperprep.models import (
    SearchHit,
)

#: Between pages in the full-text row of a paper (the index has one text row per paper, not one
#: per page: a common word then matches 100,000 rows at 100,000 papers, not 1.2 million).
PAGE_BREAK = "\n\f\n"

#: Index rows above which search ranks the two halves of the index in parallel (``_rank``).
PARALLEL_ROWS = 200_000


#: Distinct terms a query is searched with at most. bm25 and snippets cost grows with every term
#: (and quadratically with repeated ones: 800 copies of one word took 22 s on six papers), so
#: repeated terms count once and terms past this many are dropped.
MAX_TERMS = 64

_OPERATORS = frozenset({"AND", "OR", "NOT"})
_PLAIN_TERM = re.compile(r"^\w+\*?$", re.UNICODE)


def _distinct(terms: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for term in terms:
        if term.casefold() not in seen:
            seen.add(term.casefold())
            out.append(term)
    return out


def bounded_query(query: str, plain: str) -> str:
    """``query`` with repeated terms counted once and at most :data:`MAX_TERMS` terms.

    A query of words and ``AND``/``OR``/``NOT`` keeps its operators (``a OR a OR b`` becomes
    ``a OR b``); a longer query using other FTS5 syntax (phrases, ``NEAR``, columns) that repeats
    terms or has too many is searched as its distinct words (``plain``).
    """
    tokens = query.split()
    terms = [t for t in tokens if t not in _OPERATORS]
    if len(terms) <= MAX_TERMS and len(_distinct(terms)) == len(terms):
        return query
    if not all(_PLAIN_TERM.match(t) for t in terms):
        return plain
    out: list[str] = []
    seen: set[str] = set()
    operator: str | None = None
    for token in tokens:
        if token in _OPERATORS:
            operator = token
            continue
        if token.casefold() in seen or len(seen) >= MAX_TERMS:
            operator = None  # the repeated term goes, and the operator that joined it
            continue
        if operator is not None and (out or operator == "NOT"):
            out.append(operator)
        out.append(token)
        seen.add(token.casefold())
        operator = None
    return " ".join(out) or plain


class SearchMixin(LibraryBase):
    """Full-text search (FTS5, bm25) and keeping the index of titles and abstracts current."""

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
        plain = " ".join('"' + w + '"' for w in _distinct(words)[:MAX_TERMS])
        match = bounded_query(query, plain)
        try:
            with self._guard():
                return self._search(match, domain, limit)
        except sqlite3.OperationalError as exc:
            # Not valid FTS5 (unbalanced quotes, a bare AND, NEAR( …): search the words instead.
            # A locked, full, read-only or damaged database is not the query's fault.
            problem = base.database_error(exc, self._path)
            if isinstance(problem, LibraryLocked | LibraryDamaged | LibraryReadOnly | StorageFull):
                raise problem from None
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
                    timeout=base.BUSY_TIMEOUT_MS / 1000,
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
