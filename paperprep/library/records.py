"""Reading the library: a paper's whole record, lists of papers, readiness per domain."""

from __future__ import annotations

import json
from collections.abc import Sequence

from paperprep.library.notes import NotesMixin
from paperprep.library.papers import PapersMixin
from paperprep.library.pdfs import PdfsMixin
from paperprep.models import (
    NOTE_FIELDS,
    DomainLink,
    DomainProgress,
    NoteInfo,
    PaperRecord,
    PaperSummary,
)


class RecordsMixin(PapersMixin, PdfsMixin, NotesMixin):
    """Whole records, lists of papers and readiness per domain."""

    def record(self, paper_id: int) -> PaperRecord:
        """Everything about one paper (what ``show`` prints)."""
        row = self._row(paper_id)
        note: NoteInfo | None = None
        for state in self._query(
            "select path, user_edited from notes where paper_id = ?", [paper_id]
        ):
            fields = self.note_fields(paper_id)
            note = NoteInfo(
                self.full_path(state["path"]) or state["path"],
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
            key_facts=self.key_facts(paper_id),
            note=note,
            openalex_id=row["openalex_id"],
            url=row["url"],
            fwci=row["fwci"],
            citation_percentile=row["citation_percentile"],
            added_at=row["added_at"],
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
        where: list[str] = []
        params: list[object] = []
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

    # -- progress ------------------------------------------------------------------------------

    def progress(self, domains: Sequence[str] | None = None) -> list[DomainProgress]:
        """Reading readiness per domain: papers read and note fields filled.

        Skipped papers are counted (``skipped``) but leave the totals: their note fields are
        neither filled nor to fill.
        """
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
                        """select count(*) as n from paper_domains d
                           join papers p indexed by papers_progress on p.id = d.paper_id
                           join note_fields f indexed by note_fields_filled
                             on f.paper_id = d.paper_id and trim(f.text) != ''
                           where d.domain = ? and p.status != 'skipped'""",
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
            skipped = int(counts["skipped"] or 0)
            out.append(
                DomainProgress(
                    domain=name,
                    papers=papers,
                    read=int(counts["read"] or 0),
                    reading=int(counts["reading"] or 0),
                    skipped=skipped,
                    fields_filled=int(filled),
                    # Skipped papers leave the readiness totals (they are counted on their own).
                    fields_total=(papers - skipped) * len(NOTE_FIELDS),
                    next_key=nxt[0]["key"] if nxt else None,
                    next_title=nxt[0]["title"] if nxt else None,
                )
            )
        return out
