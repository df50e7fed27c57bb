"""Papers: storing and merging works, fixing metadata, finding papers, status, tags and domains."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from paperprep.errors import NotFound, PaperprepError
from paperprep.ids import normalize_arxiv, normalize_doi, normalize_title
from paperprep.library.base import now, one_line
from paperprep.library.search import SearchMixin
from paperprep.models import (
    STATUSES,
    DomainLink,
    Paper,
)

#: Metadata fields ``edit`` can fix; once fixed, sources never overwrite them.
EDITABLE = ("title", "authors", "year", "venue", "doi", "arxiv_id")

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


class PapersMixin(SearchMixin):
    """Papers: store and merge, fix by hand, find by reference, status, tags, domains."""

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
                        "fwci": paper.impact.fwci if paper.impact else None,
                        "citation_percentile": paper.impact.percentile if paper.impact else None,
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
        if refresh_citations and paper.impact is not None:
            # OpenAlex's latest word on the normalised impact (what it did not report stays).
            for name, value in (
                ("fwci", paper.impact.fwci),
                ("citation_percentile", paper.impact.percentile),
            ):
                if value is not None and value != row[name]:
                    updates[name] = value
        if updates:
            updates["updated_at"] = now()
            self.db.table("papers").update(paper_id, updates)
            if "title" in updates or "abstract" in updates:
                self._index_paper(paper_id)

    def prefer_metadata(self, paper_id: int, paper: Paper) -> list[str]:
        """Take ``paper``'s bibliographic fields (a source's record of the same work) over the
        stored ones, except the fields the user fixed with ``edit``; the key stays.

        :returns: the names of the fields that changed.
        """
        with self.transaction():
            row = self._row(paper_id)
            locked = set(json.loads(row["locked"] or "[]"))
            incoming: dict[str, Any] = {
                "title": one_line(paper.title) or None,
                "authors": json.dumps([one_line(a) for a in paper.authors], ensure_ascii=False)
                if paper.authors
                else None,
                "year": paper.year,
                "venue": paper.venue,
                "doi": normalize_doi(paper.doi),
                "arxiv_id": normalize_arxiv(paper.arxiv_id),
                "openalex_id": paper.openalex_id,
                "url": paper.url,
            }
            updates = {
                k: v
                for k, v in incoming.items()
                if v is not None and k not in locked and v != row[k]
            }
            if paper.abstract and len(paper.abstract) > len(row["abstract"] or "") + 40:
                updates["abstract"] = paper.abstract
            if paper.citations is not None and paper.citations != row["citations"]:
                updates["citations"] = paper.citations
                updates["citation_source"] = paper.citation_source
            if updates:
                changed = sorted(updates)
                updates["updated_at"] = now()
                self.db.table("papers").update(paper_id, updates)
                if "title" in updates or "abstract" in updates:
                    self._index_paper(paper_id)
                return changed
            return []

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
        # A key the paper had before `edit --key` (scripts and memory still use it).
        for row in self._query(
            "select id from papers where previous_keys != '[]' and exists "
            "(select 1 from json_each(previous_keys) where value = ?) limit 1",
            [text],
        ):
            return int(row["id"])
        # The start of a key is enough when only one key starts that way (`cheng`).
        prefix = text.lower()
        if len(prefix) >= 2 and not prefix.isdigit():
            pattern = re.sub(r"([\\%_])", r"\\\1", prefix) + "%"
            rows = list(
                self._query(
                    "select id, key from papers where key like ? escape '\\' order by key limit 6",
                    [pattern],
                )
            )
            if len(rows) == 1:
                return int(rows[0]["id"])
            if rows:
                keys = [str(r["key"]) for r in rows[:5]]
                more = ", …" if len(rows) > 5 else ""
                raise NotFound(
                    f"{ref!r} is the start of several keys: {', '.join(keys)}{more}",
                    hint="type more of the key (or use the id from `paperprep list`)",
                )
        close = self.similar_keys(text)
        hint = "use an id or key from `paperprep list`, an arXiv id or a DOI"
        if close:
            hint = "did you mean " + " or ".join(close) + "?"
        raise NotFound(f"no paper matches {ref!r}", hint=hint)

    def similar_keys(self, ref: str, limit: int = 3) -> list[str]:
        """Keys close to ``ref`` (a typo: ``chen2016wide``) or of papers whose title contains it
        (``wide deep``), best first; for "did you mean" hints."""
        import difflib

        text = ref.strip().lower()
        if not text:
            return []
        keys = [str(r["key"]) for r in self._query("select key from papers")]
        found = difflib.get_close_matches(text, keys, n=limit, cutoff=0.6)
        words = [w for w in re.findall(r"\w+", text) if len(w) > 1]
        if words and len(found) < limit:
            where = " and ".join("lower(title) like ?" for _ in words)
            params: list[Any] = [f"%{w}%" for w in words]
            rows = self._query(
                f"select key from papers where {where} order by coalesce(citations, 0) desc "
                "limit ?",
                [*params, limit],
            )
            found += [str(r["key"]) for r in rows if r["key"] not in found]
        return found[:limit]

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
