"""Plain data the layers pass to each other. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

#: The four things interviewers dig into; evidence is ranked for each of them.
EVIDENCE_FIELDS: tuple[str, ...] = ("data_format", "features", "architecture", "findings")

#: Every note field, in the order the note's ``##`` sections appear.
NOTE_FIELDS: tuple[str, ...] = (
    "summary",
    "data_format",
    "features",
    "architecture",
    "findings",
    "talking_points",
    "questions",
)

#: The ``##`` heading of each note field.
FIELD_HEADINGS: dict[str, str] = {
    "summary": "Summary",
    "data_format": "Data format",
    "features": "Features",
    "architecture": "Architecture",
    "findings": "Findings",
    "talking_points": "Interview talking points",
    "questions": "Open questions",
}

STATUSES: tuple[str, ...] = ("unread", "reading", "read", "skipped")

PdfStatus = Literal["ok", "failed", "missing", "pending"]

#: A seed paper's tier, the slot of the reading list it fills: the field's history, its
#: established practice, and its current research.
SEED_TIERS: tuple[str, ...] = ("classic", "core", "frontier")


def split_synonyms(entry: str) -> list[str]:
    """The phrases of one domain ``terms`` (or facet) entry: ``"click-through rate | CTR"`` ->
    ``["click-through rate", "CTR"]``. Synonyms of one entry count as one term."""
    return [part.strip() for part in entry.split("|") if part.strip()]


@dataclass(frozen=True)
class Impact:
    """How much a work is cited, normalised by OpenAlex for its field and year (OpenAlex only).

    Every field is what OpenAlex reported, or None/empty when it reported nothing: an unknown
    impact is never taken for zero.
    """

    #: ``citation_normalized_percentile.value``: share of works of the same field and year
    #: cited less, 0..1 (0.99 = top 1 %).
    percentile: float | None = None
    top_1_percent: bool = False
    top_10_percent: bool = False
    #: ``cited_by_percentile_year``: (min, max) percentile among works of the same year, 0..100.
    year_percentile: tuple[int, int] | None = None
    #: Field-weighted citation impact: 1.0 is the world average of the field and year.
    fwci: float | None = None
    #: ``counts_by_year``: (year, citations received that year), newest first.
    counts_by_year: tuple[tuple[int, int], ...] = ()

    def recent_citations(self, now_year: int, years: int = 2) -> int | None:
        """Citations received in the ``years`` full years before ``now_year`` (None: unknown)."""
        if not self.counts_by_year:
            return None
        wanted = range(now_year - years, now_year)
        return sum(n for y, n in self.counts_by_year if y in wanted)


@dataclass
class Paper:
    """Bibliographic metadata of one work, as a source or a PDF reports it."""

    title: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    abstract: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    openalex_id: str | None = None
    scholar_id: str | None = None
    citations: int | None = None
    citation_source: str | None = None
    pdf_url: str | None = None
    url: str | None = None
    #: Which sources reported this work ("arxiv", "openalex", "scholar", "pdf", "seed").
    sources: list[str] = field(default_factory=list)
    #: Extra PDF links to try after ``pdf_url`` (open-access mirrors).
    pdf_urls: list[str] = field(default_factory=list)
    #: OpenAlex's normalised impact of the work (None: no OpenAlex record reported it).
    impact: Impact | None = None
    #: OpenAlex ids ("W…") of the works this work cites (its ``referenced_works``).
    references: list[str] = field(default_factory=list)
    #: Every OpenAlex id known for the work (a preprint and its published version may have one
    #: each); ``openalex_id`` is the main one.
    openalex_ids: list[str] = field(default_factory=list)
    #: OpenAlex's primary topic of the work ("T10203"; None: not said).
    topic: str | None = None


@dataclass(frozen=True)
class Section:
    """A top-level heading and the (1-based) page it starts on."""

    title: str
    page: int


@dataclass(frozen=True)
class Evidence:
    """A sentence that answers a note field, with where it was found and how well it scored."""

    field: str
    text: str
    page: int
    section: str | None
    score: float


@dataclass(frozen=True)
class KeyFact:
    """A named fact a note needs (a dataset and its size, a feature, a component, a metric, a
    gain), with the page it is first stated on and what kind of fact it is."""

    field: str
    text: str
    page: int
    kind: str


@dataclass
class PdfMeta:
    """What the PDF itself says about the work (info dictionary and first page)."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    abstract: str | None = None


@dataclass
class Extraction:
    """Everything read out of one PDF: clean page text, sections, evidence and metadata."""

    engine: str
    #: Normalised text of each page; ``pages[0]`` is page 1.
    pages: list[str]
    sections: list[Section]
    evidence: dict[str, list[Evidence]]
    meta: PdfMeta
    #: Non-fatal problems (font warnings, pages skipped); logged, not shown by default.
    warnings: list[str] = field(default_factory=list)
    #: Per evidence field, the key facts (datasets and sizes, features, components, metrics).
    key_facts: dict[str, list[KeyFact]] = field(default_factory=dict)


@dataclass(frozen=True)
class SeedPaper:
    """A canonical work of a domain; a backstop when search is blocked or noisy."""

    title: str
    year: int | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    #: Which slot of the reading list it fills: "classic", "core" or "frontier" (see SEED_TIERS).
    tier: str = "core"
    #: The domain facet (subtopic) it covers, one of ``Domain.facets``; None if not said.
    facet: str | None = None
    #: One line: why an interviewer expects it.
    why: str | None = None


@dataclass
class Framing:
    """How an interviewer frames the domain's design question."""

    problem: str = ""
    clarifying_questions: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    offline_metrics: list[str] = field(default_factory=list)
    online_metrics: list[str] = field(default_factory=list)
    serving: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)


@dataclass
class Domain:
    """A study domain: what to search for and how the interview about it goes."""

    name: str
    aliases: list[str]
    description: str
    #: Search queries per source name ("scholar", "arxiv", "openalex").
    queries: dict[str, list[str]]
    arxiv_categories: list[str]
    #: Words whose presence in title/abstract marks a paper as on-topic (for ranking).
    terms: list[str]
    seeds: list[SeedPaper]
    framing: Framing
    #: "built-in" or the path of the user's file.
    source: str = "built-in"
    #: Subtopics the reading list should cover: facet name -> terms identifying it in a title or
    #: abstract (entries may hold "|"-separated synonyms, like ``terms``). Empty when none.
    facets: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class DomainLink:
    """A paper's membership in a domain."""

    name: str
    rank: int | None = None
    why: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "rank": self.rank, "why": self.why}


@dataclass
class PdfInfo:
    path: str | None
    pages: int | None
    sha256: str | None
    status: str
    engine: str | None
    error: str | None


@dataclass
class NoteInfo:
    """A paper's note: where its file is and the user's text of each field."""

    path: str
    fields: dict[str, str]
    #: True when the file differs from what paperprep last wrote (the user touched it).
    edited: bool = False


@dataclass
class PaperRecord:
    """A paper as stored in the library: what ``show --json`` prints and briefs are built from."""

    id: int
    key: str
    title: str
    authors: list[str]
    year: int | None
    venue: str | None
    doi: str | None
    arxiv_id: str | None
    citations: int | None
    citation_source: str | None
    abstract: str | None
    status: str
    tags: list[str]
    domains: list[DomainLink]
    pdf: PdfInfo | None
    sections: list[Section]
    evidence: dict[str, list[Evidence]]
    #: The paper's one note (whatever domains it is in), None before it is drafted.
    note: NoteInfo | None = None
    openalex_id: str | None = None
    url: str | None = None
    #: OpenAlex's field-weighted citation impact (1.0 = the world average of its field and year).
    fwci: float | None = None
    #: OpenAlex's citation percentile among works of the same field and year, 0..1.
    citation_percentile: float | None = None
    #: Per evidence field, the key facts of the extraction (datasets, features, metrics, ...).
    key_facts: dict[str, list[KeyFact]] = field(default_factory=dict)
    #: When the paper joined the library (ISO 8601, UTC).
    added_at: str | None = None

    def note_for(self, domain: str | None = None) -> NoteInfo | None:
        """The paper's note. ``domain`` is accepted for callers written when notes were per
        paper and domain; there is one note per paper now."""
        return self.note

    def to_json(self, domain: str | None = None) -> dict[str, Any]:
        """The stable ``show --json`` shape (DESIGN.md). ``domain`` is unused (one note per
        paper) and kept for callers."""
        note = self.note
        return {
            "id": self.id,
            "key": self.key,
            "title": self.title,
            "authors": list(self.authors),
            "year": self.year,
            "venue": self.venue,
            "doi": self.doi,
            "arxiv_id": self.arxiv_id,
            "citations": self.citations,
            "citation_source": self.citation_source,
            "abstract": self.abstract,
            "status": self.status,
            "tags": list(self.tags),
            "domains": [d.to_json() for d in self.domains],
            "pdf": None
            if self.pdf is None
            else {
                "path": self.pdf.path,
                "pages": self.pdf.pages,
                "sha256": self.pdf.sha256,
                "status": self.pdf.status,
                "engine": self.pdf.engine,
                "error": self.pdf.error,
            },
            "sections": [{"title": s.title, "page": s.page} for s in self.sections],
            "evidence": {
                f: [
                    {
                        "text": e.text,
                        "page": e.page,
                        "section": e.section,
                        "score": round(e.score, 3),
                    }
                    for e in self.evidence.get(f, [])
                ]
                for f in EVIDENCE_FIELDS
            },
            "key_facts": {
                f: [
                    {"text": k.text, "page": k.page, "kind": k.kind}
                    for k in self.key_facts.get(f, [])
                ]
                for f in EVIDENCE_FIELDS
            },
            "note": None
            if note is None
            else {"path": note.path, "fields": dict(note.fields), "edited": note.edited},
        }


@dataclass
class ParsedNote:
    """A note file read back: front matter, the user's text per field, and every section."""

    front: dict[str, Any]
    #: Field name -> the user's text in that section, draft blocks removed, stripped.
    fields: dict[str, str]
    #: Every ``##`` section in file order as (heading, raw body) — unknown headings included.
    sections: list[tuple[str, str]]


@dataclass
class PaperSummary:
    """One row of ``paperprep list``: cheap to load for thousands of papers."""

    id: int
    key: str
    title: str
    authors: list[str]
    year: int | None
    venue: str | None
    citations: int | None
    citation_source: str | None
    status: str
    tags: list[str]
    domains: list[DomainLink]
    pdf_status: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "title": self.title,
            "authors": list(self.authors),
            "year": self.year,
            "venue": self.venue,
            "citations": self.citations,
            "citation_source": self.citation_source,
            "status": self.status,
            "tags": list(self.tags),
            "domains": [d.to_json() for d in self.domains],
            "pdf_status": self.pdf_status,
        }


@dataclass
class SearchHit:
    id: int
    key: str
    title: str
    score: float
    snippet: str
    #: "title", "abstract", "page N" or "note <field>".
    where: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "where": self.where,
        }


@dataclass
class DomainProgress:
    domain: str
    papers: int
    read: int
    reading: int
    skipped: int
    #: Note fields filled and to fill, counting only the reading list (skipped papers leave it).
    fields_filled: int
    fields_total: int
    #: The unread paper to read next (best rank), if any.
    next_key: str | None = None
    next_title: str | None = None

    @property
    def reading_list(self) -> int:
        """Papers to read: the domain's papers minus the skipped ones."""
        return self.papers - self.skipped

    def to_json(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "papers": self.papers,
            "read": self.read,
            "reading": self.reading,
            "skipped": self.skipped,
            "reading_list": self.reading_list,
            "fields_filled": self.fields_filled,
            "fields_total": self.fields_total,
            "next": None
            if self.next_key is None
            else {"key": self.next_key, "title": self.next_title},
        }
