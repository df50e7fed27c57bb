"""What the PDF says about the work: title, authors, year, DOI, arXiv id, abstract.

The info dictionary wins when it is usable; useless values ("Microsoft Word - x.doc", "untitled",
"PowerPoint Presentation", file names, template names) are ignored and the first page's layout is
read instead: the largest type near the top is the title, the lines below it up to the abstract
hold the authors. The arXiv id and DOI are read from the text of the first pages (the arXiv stamp
in the margin included); the year is the arXiv id's year, else a year printed on the first page,
else the info dictionary's creation date.
"""

from __future__ import annotations

import re

from paperprep.extract.normalize import KIND_CAPTION, KIND_DEBRIS, Item, letter_count
from paperprep.models import PdfMeta

_USELESS_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint)\b|untitled|powerpoint presentation|"
    r"proceedings template|slide ?\d*$|document\d*$|title$)|\.(?:docx?|dvi|pdf|tex|pptx?|ps)$",
    re.IGNORECASE,
)
ARXIV_ID = re.compile(r"arXiv:\s*(\d{4}\.\d{4,5})(v\d+)?", re.IGNORECASE)
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>,;]+[^\s\"<>,;.)\]])")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_NOT_NAME = re.compile(
    r"@|\d|universit|institut|inc\b|labs?\b|research|google|microsoft|yahoo|college|school|"
    r"department|corporation|company|abstract|http|www\.|\.com|laborator|:|services|"
    r"computing|\bclara\b|\bcity\b|\bschool\b|\bteam\b|\bview\b|\bads\b|systems?\b|"
    r"engineering|science|profile|recommend|learning|network|\bdata\b|search|advertis|"
    r"mountain|valley|street|avenue|\broad\b|\bgroup\b|center|centre|academy|national|"
    r"china|\busa\b|japan|korea|taiwan|israel|germany|france|canada|singapore|beijing|"
    r"shanghai|seattle|redmond|sunnyvale|\bpalo\b|new york|san francisco|california|"
    r"keywords|index terms|categories|introduction|copyright|permission|proceedings|"
    r"conference|journal|transactions|preprint|arxiv|\bmodel|\bbased\b|\bfor\b|\bthe\b|\bof\b",
    re.IGNORECASE,
)
#: Footnote and affiliation marks around a name ("Junqi Jin§", "Jian Tang1", "Meng Qu2∗").
_NAME_MARKS = re.compile(r"[*†‡§¶∗⇤♯♮^\u2020\u2021]+(?:\d{1,2}\b)?|(?<=[A-Za-z])\d{1,2}\b")


def usable_info(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    if len(value) < 4 or _USELESS_TITLE.search(value):
        return None
    words = value.split()
    if len(words) < 2 and not value.isalpha():
        return None  # "TMIS0604-13", "www10_sarwar"
    return value


def read_meta(info: dict[str, str], items: list[Item], abstract: str | None) -> PdfMeta:
    first_pages = [it for it in items if it.page <= 2]
    page1 = [it for it in items if it.page == 1]
    text12 = "\n".join(it.text for it in first_pages)
    arxiv = ARXIV_ID.search(text12)
    doi = DOI.search(text12)
    title = usable_info(info.get("Title"))
    layout_title, title_items = _layout_title(page1)
    if title is None:
        title = layout_title
    authors = clean_authors(_info_authors(info.get("Author")))
    if not authors:
        authors = clean_authors(_layout_authors(page1, title_items))
    year = paper_year(page1, arxiv.group(1) if arxiv else None, info.get("CreationDate"))
    if title:
        title = clean_title(title)
    return PdfMeta(
        title=title,
        authors=authors,
        year=year,
        doi=doi.group(1) if doi else None,
        arxiv_id=arxiv.group(1) if arxiv else None,
        abstract=abstract,
    )


def clean_title(title: str) -> str:
    """A title without debris: stray dots between words, ALL CAPS turned to Title Case."""
    title = re.sub(r"\s+[.·•]\s+", " ", " ".join(title.split())).strip(" .*,;")
    if title.isupper() and sum(map(str.isalpha, title)) > 8:
        small = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the"}
        small |= {"to", "via", "with"}
        words = title.lower().split(" ")
        title = " ".join(
            w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words)
        )
    return title


def clean_authors(names: list[str]) -> list[str]:
    """Names without marks or handles: two to five words, Title Case, no affiliations."""
    out: list[str] = []
    for name in names:
        name = " ".join(_NAME_MARKS.sub(" ", name).split()).strip(" ,.;")
        words = name.split()
        if not 2 <= len(words) <= 5 or _NOT_NAME.search(name):
            continue  # "orenb" (an e-mail handle), "Mountain View", "Bing Ads"
        if not all(w[:1].isupper() for w in words if w.lower() not in {"van", "de", "von", "der"}):
            continue
        if name.isupper():
            name = " ".join(w[:1] + w[1:].lower() for w in words)
        if name not in out:
            out.append(name)
    return out


#: "arXiv:1803.00259v1 [cs.AI] 1 Mar 2018": the date of the version.
_STAMP_DATE = re.compile(
    r"arXiv:\s*\d{4}\.\d{4,5}(?:v\d+)?\s*\[[^\]]*\]\s*\d{1,2}\s+\w+\s+((?:19|20)\d\d)"
)
#: A venue or copyright line: its year is the publication's.
_VENUE = re.compile(
    r"©|\(c\)|copyright|proceedings|conference|workshop|symposium|journal|transactions|"
    r"\b(?:KDD|WWW|SIGIR|CIKM|WSDM|RecSys|ICML|NIPS|NeurIPS|ICLR|AAAI|IJCAI|ADKDD|OSDI|VLDB)\b"
    r"\s*['’]?\d{2}"
)


def paper_year(page1: list[Item], arxiv_id: str | None, creation: str | None) -> int | None:
    """The year of the paper: a venue or copyright line on page 1, else the arXiv stamp's
    date, else the arXiv id's year, else a year printed on page 1, else the file's creation
    date."""
    venue: set[int] = set()
    for it in page1:
        if len(it.text) < 200 and _VENUE.search(it.text):
            venue.update(int(m.group(1)) for m in _YEAR.finditer(it.text))
            for m in re.finditer(r"['’](\d{2})\b", it.text):
                y = int(m.group(1))
                venue.add(2000 + y if y < 50 else 1900 + y)
    if venue:
        return max(venue)
    for it in page1:
        stamp = _STAMP_DATE.search(it.text)
        if stamp:
            return int(stamp.group(1))
    if arxiv_id:
        return 2000 + int(arxiv_id[:2])
    printed = _printed_year(page1)
    if printed is not None:
        return printed
    created = re.search(r"(?:D:)?((?:19|20)\d\d)", creation or "")
    return int(created.group(1)) if created else None


def _layout_title(page1: list[Item]) -> tuple[str | None, list[Item]]:
    cands = [
        it
        for it in page1
        if it.kind not in (KIND_DEBRIS, KIND_CAPTION)
        and len(it.text) >= 3
        and letter_count(it.text) >= 3
    ]
    if not cands:
        return None, []
    height = max(it.line.bottom for it in cands) or 792.0
    top_half = [it for it in cands if it.line.top < height * 0.6] or cands
    biggest = max(it.line.size for it in top_half)
    group: list[Item] = []
    for it in top_half:
        if abs(it.line.size - biggest) <= 0.5:
            if group and it.index - group[-1].index > 2:
                break
            group.append(it)
        elif group:
            break
    if not group:
        return None, []
    text = " ".join(it.text for it in group[:4])
    text = " ".join(text.replace("\ufffe", "").split()).strip(" .*")
    return (text or None), group


def _info_authors(value: str | None) -> list[str]:
    value = usable_info(value) if value and len(value) >= 4 else None
    if not value:
        return []
    parts = re.split(r"\s*(?:;|,|\band\b|&)\s*", value)
    return [p.strip() for p in parts if p.strip() and not _NOT_NAME.search(p)]


def _layout_authors(page1: list[Item], title_items: list[Item]) -> list[str]:
    if not title_items:
        return []
    start = title_items[-1].index
    names: list[str] = []
    for it in page1:
        if it.index <= start:
            continue
        if it.index > start + 25 or re.match(r"(?i)^abstract", it.text):
            break
        text = re.sub(r"\d+$", "", _NAME_MARKS.sub(" ", it.text))
        for part in re.split(r"\s*(?:,|;|\band\b|\s{2,})\s*", text):
            part = part.strip(" .")
            words = part.split()
            if not 2 <= len(words) <= 4 or _NOT_NAME.search(part):
                continue
            if all(w[:1].isupper() for w in words) and part not in names:
                names.append(part)
    return names[:20]


#: Lines where a printed year dates the paper itself: venue, copyright and date lines.
_YEAR_CUES = re.compile(
    r"©|\(c\)|copyright|proceedings|conference|workshop|symposium|journal|transactions"
    r"|\bvol\b|volume|arxiv|preprint|accepted|published|submitted|received|revised"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d",
    re.I,
)


def _printed_year(page1: list[Item]) -> int | None:
    """The year page 1 prints for the paper, or None.

    Years in venue, copyright and date lines (short lines, or lines with a cue such as
    "Proceedings" or "©") count; a year inside running prose ("dates back to 1986 due to
    Rumelhart ...") is history or a citation, and a wrong year would end up in the citation key,
    so it is not used. Cited works are older than the paper: the newest year counted wins.
    """
    years: set[int] = set()
    for it in page1:
        text = it.text
        if len(text.split()) < 10 or _YEAR_CUES.search(text):
            years.update(int(m.group(1)) for m in _YEAR.finditer(text))
        for m in re.finditer(r"['’](\d{2})\b", text):  # "KDD '16", "DLRS’16"
            y = int(m.group(1))
            years.add(2000 + y if y < 50 else 1900 + y)
    return max(years) if years else None


def abstract_from(items: list[Item], stop_indices: set[int]) -> str | None:
    """The text of the "Abstract" block on the first two pages, up to the next heading."""
    for pos, it in enumerate(items):
        if it.page > 2:
            return None
        m = re.match(r"^(?:abstract|a b s t r a c t|summary)\b[\s.:—–-]*(.*)$", it.text, re.I)
        if not m:
            continue
        parts = [m.group(1)] if m.group(1) else []
        for nxt in items[pos + 1 :]:
            if nxt.index in stop_indices or nxt.page > it.page + 1:
                break
            if nxt.kind in (KIND_DEBRIS, KIND_CAPTION):
                continue
            if re.match(r"^(?:keywords|index terms|ccs concepts|categories and)", nxt.text, re.I):
                break
            parts.append(nxt.text)
        text = " ".join(" ".join(parts).split())
        return text or None
    return None
