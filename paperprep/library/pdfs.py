"""PDFs and their extraction: file records, page text, sections and evidence."""

from __future__ import annotations

from paperprep.library.base import LibraryBase, now
from paperprep.library.search import PAGE_BREAK
from paperprep.models import (
    EVIDENCE_FIELDS,
    Evidence,
    Extraction,
    KeyFact,
    PdfInfo,
    Section,
)


class PdfsMixin(LibraryBase):
    """PDFs and what was extracted from them."""

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
                    "path": self.stored_path(path),
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
            return PdfInfo(
                self.full_path(r["path"]),
                r["pages"],
                r["sha256"],
                r["status"],
                r["engine"],
                r["error"],
            )
        return None

    def text_missing(self, paper_id: int) -> bool:
        """Whether the paper's PDF is recorded as read ("ok") but its text is not stored: what an
        ``add`` interrupted by an older paperprep between its two writes left behind."""
        pdf = self.pdf(paper_id)
        if pdf is None or pdf.status != "ok":
            return False
        found = self.conn.execute(
            "select 1 from pages where paper_id = ? limit 1", [paper_id]
        ).fetchone()
        return found is None

    def store_extraction(self, paper_id: int, extraction: Extraction) -> None:
        """Replace the paper's pages, sections and evidence (and their index rows) atomically."""
        with self.transaction():
            for table in ("pages", "sections", "evidence", "key_facts"):
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
            self.db.table("key_facts").insert_all(
                {
                    "paper_id": paper_id,
                    "field": field,
                    "rank": i,
                    "text": fact.text,
                    "page": fact.page,
                    "kind": fact.kind,
                }
                for field in EVIDENCE_FIELDS
                for i, fact in enumerate(extraction.key_facts.get(field, []))
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

    def key_facts(self, paper_id: int) -> dict[str, list[KeyFact]]:
        """The key facts of the paper's extraction per evidence field, in rank order."""
        out: dict[str, list[KeyFact]] = {f: [] for f in EVIDENCE_FIELDS}
        for r in self._query(
            "select * from key_facts where paper_id = ? order by field, rank", [paper_id]
        ):
            out.setdefault(r["field"], []).append(
                KeyFact(r["field"], r["text"], r["page"], r["kind"])
            )
        return out

    def page_text(self, paper_id: int) -> list[str]:
        return [
            r["text"]
            for r in self._query(
                "select text from pages where paper_id = ? order by page", [paper_id]
            )
        ]
