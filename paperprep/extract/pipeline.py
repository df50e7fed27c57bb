"""One PDF in, one :class:`~paperprep.models.Extraction` out: engine -> clean -> structure."""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from dataclasses import dataclass
from typing import BinaryIO

from paperprep.errors import ExtractError
from paperprep.extract.engines import ENGINES, SOFT_HYPHEN, RawDoc, pdfium_doc, pypdf_doc, sniff
from paperprep.extract.evidence import rank_with_facts
from paperprep.extract.meta import abstract_from, read_meta
from paperprep.extract.normalize import (
    KIND_CAPTION,
    KIND_DEBRIS,
    KIND_DROP,
    KIND_TEXT,
    Hyphenator,
    Item,
    classify,
    word_count,
)
from paperprep.extract.sections import REFERENCE_TITLES, find_headings, sections_of
from paperprep.extract.sentences import clean_sentence, split_sentences
from paperprep.extract.signals import KIND_CAPTION as UNIT_CAPTION
from paperprep.extract.signals import KIND_ROW, KIND_SLIDE, Unit
from paperprep.models import Extraction, PdfMeta, Section

log = logging.getLogger("paperprep.extract")

_NO_TEXT = "no text layer: scanned images only; run OCR (e.g. ocrmypdf) and add it again"
_FRONT = re.compile(
    r"^(?:keywords|key words|index terms|ccs concepts|categories and subject|general terms)", re.I
)
_END = (".", "!", "?", ":", ".”", '."', ".)")


def read_bytes(data: bytes | bytearray | memoryview | BinaryIO) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray | memoryview):
        return bytes(data)
    try:
        return data.read()
    except OSError as exc:
        raise ExtractError(f"could not read the PDF: {exc}") from exc


def extract_pdf(
    data: bytes | BinaryIO, *, engine: str = "auto", max_pages: int = 400
) -> Extraction:
    """Extract clean page text, sections, evidence and metadata from one PDF.

    :param data: the PDF's bytes or a binary stream positioned at its start
    :param engine: ``"auto"`` (pypdfium2, falling back to pypdf when pdfium cannot read the file),
        ``"pdfium"`` or ``"pypdf"``
    :param max_pages: read at most this many pages (a warning says when pages were skipped)
    :raises ExtractError: empty file, not a PDF, encrypted, corrupt, or no text layer
    """
    if engine not in ENGINES:
        raise ExtractError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if max_pages < 1:
        raise ExtractError("max_pages must be at least 1")
    raw_bytes = read_bytes(data)
    sniff(raw_bytes)
    doc = _read(raw_bytes, engine, max_pages)
    return build(doc)


def _read(data: bytes, engine: str, max_pages: int) -> RawDoc:
    if engine == "pypdf":
        return pypdf_doc(data, max_pages)
    try:
        return pdfium_doc(data, max_pages)
    except ExtractError as exc:
        if engine == "pdfium" or str(exc).startswith("encrypted"):
            raise
        log.info("pdfium failed (%s); trying pypdf", exc)
        try:
            doc = pypdf_doc(data, max_pages)
        except ExtractError:
            raise exc from None
        doc.warnings.insert(0, f"pdfium failed ({exc}); read with pypdf")
        return doc


@dataclass
class Structured:
    """A document read and structured, before its evidence is ranked."""

    engine: str
    pages: list[str]
    sections: list[Section]
    units: list[Unit]
    meta: PdfMeta
    warnings: list[str]


def build(doc: RawDoc) -> Extraction:
    """Structure the engine's lines: clean text, sections, evidence, metadata."""
    st = structure(doc)
    evidence, facts = rank_with_facts(st.units)
    return Extraction(
        engine=st.engine,
        pages=st.pages,
        sections=st.sections,
        evidence=evidence,
        meta=st.meta,
        warnings=st.warnings,
        key_facts=facts,
    )


def read_structure(data: bytes, *, engine: str = "auto", max_pages: int = 400) -> Structured:
    """Like :func:`extract_pdf`, but stop before ranking (the candidates, for training)."""
    sniff(data)
    return structure(_read(data, engine, max_pages))


def structure(doc: RawDoc) -> Structured:
    """Clean text, sections, candidate units and metadata of one document."""
    warnings = list(doc.warnings)
    if doc.page_count > len(doc.pages):
        warnings.append(f"read the first {len(doc.pages)} of {doc.page_count} pages")
    letters = 0
    for page in doc.pages:
        for ln in page.lines:
            letters += sum(map(str.isalpha, ln.text))
        if letters >= 20:
            break
    if letters < 20:
        raise ExtractError(_NO_TEXT)
    items, body = classify(doc.pages)
    headings = find_headings(items, body)
    heading_at = {h.items[0].index: h for h in headings}
    in_heading = {it.index for h in headings for it in h.items}
    hyph = Hyphenator([it.text for it in items if it.kind != KIND_DROP])

    pages = _page_texts(items, len(doc.pages), hyph)
    # Landscape pages are slides: there every line is a statement of its own.
    slides = {p.number for p in doc.pages if p.width > p.height * 1.05}

    units: list[Unit] = []
    section: str | None = None
    subsection: str | None = None
    in_refs = False
    front = False
    buf: list[Item] = []

    caption: list[Item] = []

    def flush() -> None:
        if buf and not in_refs and not front:
            for part in _statements(buf, slides):
                units.extend(_units(part, section, subsection, hyph, slides))
        buf.clear()

    def flush_caption() -> None:
        if caption and not in_refs:
            text = clean_sentence(" ".join(hyph.apply(it.text) for it in caption))
            text = text.replace(SOFT_HYPHEN, "-")
            if word_count(text) >= 4:
                units.append(
                    Unit(text, caption[0].page, section, subsection, caption[0].index, UNIT_CAPTION)
                )
        caption.clear()

    for it in items:
        if it.kind == KIND_CAPTION and it.index not in in_heading:
            if caption and it.page != caption[-1].page:
                flush_caption()
            caption.append(it)
            continue
        flush_caption()
        if it.kind == KIND_DEBRIS and not in_refs and not front:
            row = _table_row(it)
            if row:
                units.append(Unit(row, it.page, section, subsection, it.index, KIND_ROW))
            continue
        if it.index in heading_at:
            h = heading_at[it.index]
            key = h.title.lower()
            if h.top_level or key in REFERENCE_TITLES or key == "abstract":
                flush()
                in_refs = key in REFERENCE_TITLES
                front = bool(_FRONT.match(key))
                section = h.title if not front else section
                subsection = None
                continue
            if not in_refs:
                flush()
                subsection = h.title
                front = bool(_FRONT.match(key))
            continue
        if it.index in in_heading or it.kind != KIND_TEXT or in_refs:
            continue
        if it.page == 1 and re.match(r"^abstract\b", it.text, re.I) and section is None:
            flush()
            section = "Abstract"
        if _FRONT.match(it.text):
            flush()
            front = True
            continue
        if not _is_prose(it, buf, body):
            continue
        buf.append(it)
    flush()
    flush_caption()
    units.sort(key=lambda u: u.order)
    units = [Unit(u.text, u.page, u.section, u.subsection, i, u.kind) for i, u in enumerate(units)]

    stop = {h.items[0].index for h in headings if h.top_level}
    abstract = abstract_from(items, stop)
    if abstract:
        abstract = " ".join(hyph.apply(abstract).split())
        abstract = re.sub(r"^(?:abstract)[\s.:—–-]*", "", abstract, flags=re.I) or None
    meta = read_meta(doc.info, items, abstract)
    if meta.title:
        meta.title = hyph.apply(meta.title).replace(SOFT_HYPHEN, "")
    return Structured(
        doc.engine, pages, _with_abstract(sections_of(headings), items), units, meta, warnings
    )


_ABSTRACT_START = re.compile(r"^(?:abstract|a b s t r a c t)\b", re.IGNORECASE)


def _with_abstract(sections: list[Section], items: list[Item]) -> list[Section]:
    """The sections, opened by "Abstract" when the paper prints one (a heading or a run-in
    "Abstract—..." on its first two pages, before the first section): readers see it as the
    paper's first part."""
    if any(s.title.lower() == "abstract" for s in sections):
        return sections
    first = sections[0].page if sections else None
    for it in items:
        if it.page > 2 or (first is not None and it.page > first):
            break
        if it.kind != KIND_DROP and _ABSTRACT_START.match(it.text.strip()):
            return [Section("Abstract", it.page), *sections]
    return sections


_ROW_WORD = re.compile(r"[A-Za-z][A-Za-z\-&!]{2,}")
_ROW_NUMBER = re.compile(r"\d")


def _table_row(it: Item) -> str | None:
    """A table row or a statistics line ("Criteo 45,840,617 107 39"): a label and numbers.

    Lines of symbols and single letters (equations, axes) are not rows: a row has a word of
    three letters or more and a number, and is short.
    """
    text = " ".join(it.text.replace(SOFT_HYPHEN, "-").split())
    tokens = text.split()
    if not 2 <= len(tokens) <= 24 or len(text) > 200:
        return None
    if not _ROW_WORD.search(text) or not _ROW_NUMBER.search(text):
        return None
    letters = sum(map(str.isalpha, text))
    if letters < 3 or sum(1 for t in tokens if len(t) == 1 and t.isalpha()) > len(tokens) / 3:
        return None
    return text


def _is_prose(it: Item, buf: list[Item], body: float) -> bool:
    """Body text, not a figure label or table cell that happens to contain words."""
    ln = it.line
    if ln.size < body * 0.75:
        return False
    words = word_count(it.text)
    if words >= 4:
        # A row of capitalised words with no small word in it is a table header or a label.
        return any(w[:1].islower() for w in it.text.split() if w[:1].isalpha())
    if not buf:
        return False
    prev = buf[-1].text.rstrip()
    if prev.endswith(_END):
        return False
    return it.text.rstrip().endswith(_END) or it.text[:1].islower()


def _statements(buf: list[Item], slides: set[int]) -> list[list[Item]]:
    """Cut a run of prose lines where a line ends a statement without a full stop.

    A line that ends without sentence punctuation (or a hyphen) and is followed by a line
    starting with a capital ends a statement when it is on a slide (a landscape page: each line
    is a bullet) or when it stops well short of its column's right edge (the last line of an
    unpunctuated list item, label or heading that the sentence splitter would otherwise glue to
    the next sentence).
    """
    if len(buf) < 2:
        return [buf]
    right = max(it.line.x1 for it in buf)
    out: list[list[Item]] = [[buf[0]]]
    for prev, it in itertools.pairwise(buf):
        text = prev.text.rstrip()
        cut = False
        if it.text[:1].isupper() and not text.endswith((*_END, SOFT_HYPHEN, "-", ",", ";")):
            if prev.page in slides:
                cut = True
            else:
                ln = prev.line
                edge = max(
                    (o.line.x1 for o in buf if abs(o.line.x0 - ln.x0) < 20 and o.page == prev.page),
                    default=right,
                )
                cut = ln.x1 < edge - 0.25 * max(1.0, edge - ln.x0)
        if cut:
            out.append([it])
        else:
            out[-1].append(it)
    return out


def _units(
    buf: list[Item], section: str | None, subsection: str | None, hyph: Hyphenator, slides: set[int]
) -> list[Unit]:
    text = hyph.apply("\n".join(it.text for it in buf))
    lines = text.split("\n")
    # Offsets of line starts survive because the hyphenator keeps one "\n" per line break.
    offsets: list[int] = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    flat = text.replace("\n", " ").replace(SOFT_HYPHEN, "-")
    pages = [it.page for it in buf[: len(lines)]]
    out: list[Unit] = []
    cursor = 0
    for raw in split_sentences(flat):
        sentence = clean_sentence(raw)
        if not sentence:
            continue
        probe = raw.split(" ")[0]
        at = flat.find(probe, cursor)
        at = cursor if at < 0 else at
        cursor = at + 1
        # The last line starting at or before ``at`` (offsets[0] is 0 and ``at`` >= 0).
        li = bisect.bisect_right(offsets, at) - 1
        at_line = min(li, len(pages) - 1)
        page = pages[at_line] if pages else 1
        kind = KIND_SLIDE if page in slides else "sentence"
        out.append(Unit(sentence, page, section, subsection, buf[at_line].index, kind))
    return out


def _page_texts(items: list[Item], n_pages: int, hyph: Hyphenator) -> list[str]:
    per_page: list[list[str]] = [[] for _ in range(n_pages)]
    for it in items:
        if it.kind != KIND_DROP:
            per_page[it.page - 1].append(it.text)
    out: list[str] = []
    for lines in per_page:
        text = hyph.apply("\n".join(lines)).replace(SOFT_HYPHEN, "-")
        out.append("\n".join(line.strip() for line in text.split("\n")))
    return out
