"""Top-level section headings with 1-based page anchors.

Method:

1. Candidates are short text lines (at most 12 words, no sentence-like ending) that start with a
   capital, are not captions, debris, list items or reference entries, and stand out typographically
   (bold, larger than the body, or ALL CAPS) without being clearly smaller than the body (bold
   figure labels, table cells). A title that ends on a function word ("... from our website
   to") is the first line of a sentence, one with ``# % = | < >`` a table header. A heading
   wrapped over two lines (same style, directly below) is merged into one candidate.
2. Numbering decides the level: ``3``, ``3.``, ``3.0``, ``III.`` are top-level; ``3.1``, ``3.1.2``
   and lettered ``A.`` headings are not.
3. The top-level *style* (font size, boldness, capitalisation) is learned from anchor headings the
   paper is bound to have (Introduction, Related Work, Conclusion, References, ...). Unnumbered
   candidates are accepted only in that style; numbered ones when their numbers run in sequence.
   Without anchors and numbering (slides, posters) the result is an empty list, not guesses.
4. Front matter (Abstract, Keywords, CCS Concepts, Categories and Subject Descriptors, General
   Terms, Index Terms) is not a section.

Normal form of a title: the number and trailing punctuation removed, whitespace collapsed; an ALL
CAPS title becomes Title Case ("3. EXPERIMENT RESULTS" -> "Experiment Results", "WIDE & DEEP
LEARNING" -> "Wide & Deep Learning"), small words lower-case, and words the paper's body writes in
capitals (acronyms such as "DCN", "CTR") stay in capitals. Mixed-case titles are kept as printed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from paperprep.extract.normalize import KIND_TEXT, Item, word_count
from paperprep.models import Section

_NUMBERED = re.compile(
    r"^(?P<num>(?:\d{1,2}(?:\.\d{1,2})*\.?)|(?:[IVX]{1,6}\.)|(?:[A-H]\.))\s+(?P<title>\S.*)$"
)
_REF_ENTRY = re.compile(r"^\[\d+\]|^\d+\.\s+[A-Z][a-z]+,\s+[A-Z]\.")
_FRONT_MATTER = {
    "abstract",
    "keywords",
    "key words",
    "ccs concepts",
    "categories and subject descriptors",
    "general terms",
    "index terms",
    "acm reference format",
}
_ANCHORS = {
    "introduction",
    "related work",
    "related works",
    "background",
    "conclusion",
    "conclusions",
    "conclusion and future work",
    "conclusions and future work",
    "summary",
    "discussion",
    "references",
    "bibliography",
    "acknowledgments",
    "acknowledgements",
    "acknowledgment",
    "acknowledgement",
    "experiments",
    "experimental results",
    "evaluation",
    "results",
    "appendix",
    "abstract",
}
_OPENERS = {"abstract", "introduction", "background", "keywords", "ccs concepts"}
REFERENCE_TITLES = {"references", "bibliography", "literature cited", "references and notes"}
_SMALL = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "the",
    "to",
    "via",
    "vs",
    "with",
}


#: A heading never ends on one of these; a line that does is the start of a sentence.
_TRAILING_SMALL = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the"}
    | {"to", "with", "that", "which", "is", "are", "was", "were", "we", "our", "its", "their"}
)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,7}s?\b")
#: Characters of table headers and formulas ("Dataset Interaction# Item# User#"), not titles.
_TABLE_CHARS = re.compile(r"[#%=|<>]")
_TRAILING_PUNCT = re.compile(r"[,;]$")
_LIST_ITEM = re.compile(r"^(?:\d{1,2}|[a-z])\)")


@dataclass
class Heading:
    title: str  # normal form
    page: int
    items: list[Item]
    top_level: bool
    numbered: bool


@dataclass
class _Cand:
    items: list[Item]
    text: str
    number: str | None
    title: str
    style: tuple[float, bool, bool]


def _is_caps(text: str) -> bool:
    return text.isupper() and sum(map(str.isalpha, text)) >= 3


def _looks_like_title(title: str) -> bool:
    if not title or not (title[0].isupper() or title[0].isdigit()):
        return False
    if len(title) > 100 or word_count(title) == 0 or word_count(title) > 12:
        return False
    if _TRAILING_PUNCT.search(title) or _TABLE_CHARS.search(title):
        return False
    last = title.rsplit(None, 1)[-1]
    if last in _TRAILING_SMALL:
        return False  # "We used experimental data from our website to": a sentence's first line
    if title.endswith(".") and word_count(title) > 4:
        return False
    letters = sum(c.isalpha() for c in title)
    return letters / max(1, sum(not c.isspace() for c in title)) >= 0.7


def _title_case_share(title: str) -> float:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", title) if w.lower() not in _SMALL]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def _key(title: str) -> str:
    return " ".join(re.sub(r"[^a-z& ]", " ", title.lower()).split())


def normal_title(title: str, acronyms: set[str]) -> str:
    """The documented normal form of a heading title (number already removed)."""
    title = " ".join(title.split()).strip(" .:;-–—")
    if not _is_caps(title):
        return title
    out: list[str] = []
    for i, word in enumerate(title.split(" ")):
        core = re.sub(r"[^A-Za-z]", "", word)
        if core and (core in acronyms or any(c.isdigit() for c in word)):
            out.append(word)
        elif i > 0 and core.lower() in _SMALL:
            out.append(word.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() if p else p for p in word.split("-")))
    return " ".join(out)


def find_acronyms(items: list[Item]) -> set[str]:
    """Capitalised words the body itself writes in capitals (DCN, CTR, AUC...)."""
    # One pass over the lines joined (a match never spans the line break between two).
    body = "\n".join(it.text for it in items if it.kind == KIND_TEXT and not _is_caps(it.text))
    caps = Counter(_ACRONYM.findall(body))
    return {w for w, n in caps.items() if n >= 2 and w.lower() not in _SMALL}


def find_headings(items: list[Item], body: float) -> list[Heading]:
    """All heading candidates judged; ``top_level`` marks the sections."""
    text_items = [it for it in items if it.kind == KIND_TEXT]
    if not text_items:
        return []
    bold_share = sum(len(it.text) for it in text_items if it.line.bold) / max(
        1, sum(len(it.text) for it in text_items)
    )
    bold_means = bold_share < 0.4
    cands = _candidates(items, body, bold_means)
    if not cands:
        return []
    # The top-level style, learned from the anchors.
    styles: Counter[tuple[float, bool, bool]] = Counter()
    for c in cands:
        if _key(c.title) in _ANCHORS and not _is_sub(c.number):
            styles[c.style] += 1
    top_style = styles.most_common(1)[0][0] if styles else None
    if top_style is None:
        numbered = Counter(c.style for c in cands if c.number and not _is_sub(c.number))
        if len(numbered) and numbered.most_common(1)[0][1] >= 3:
            top_style = numbered.most_common(1)[0][0]
    if top_style is None:
        return []
    acronyms = find_acronyms(items)
    # Title, authors and affiliations come before the abstract/introduction; never sections.
    first_anchor = next(
        (i for i, c in enumerate(cands) if _key(c.title) in _OPENERS and not _is_sub(c.number)),
        None,
    )
    out: list[Heading] = []
    last_num = 0
    for i, c in enumerate(cands):
        same = _same_style(c.style, top_style)
        top = False
        if c.number is not None:
            if not _is_sub(c.number):
                n = _number_value(c.number)
                # The look must match too: bold/caps as the top style (size may differ).
                looks = same or (c.style[1] == top_style[1] and c.style[2] == top_style[2])
                step = n == last_num + 1 or (last_num >= 1 and n == last_num + 2)
                if n is not None and looks and (step or (n == 0 and last_num == 0)):
                    top = True
                    last_num = n
        elif same and (first_anchor is None or i >= first_anchor):
            # Unnumbered headings count only in the anchors' style and not in the title block.
            top = word_count(c.title) <= 10 and not c.title.endswith(".")
        title = normal_title(c.title, acronyms)
        out.append(Heading(title, c.items[0].page, c.items, top, c.number is not None))
    if not styles and sum(h.top_level for h in out) < 3:
        # Numbering alone, without anchors, is trusted only when it runs 1, 2, 3...
        for h in out:
            h.top_level = False
    return out


def sections_of(headings: list[Heading]) -> list[Section]:
    return [
        Section(h.title, h.page)
        for h in headings
        if h.top_level and _key(h.title) not in _FRONT_MATTER
    ]


def _same_style(a: tuple[float, bool, bool], b: tuple[float, bool, bool]) -> bool:
    return abs(a[0] - b[0]) <= max(0.6, 0.06 * b[0]) and a[1] == b[1] and a[2] == b[2]


def _is_sub(number: str | None) -> bool:
    if number is None:
        return False
    n = number.rstrip(".")
    if re.fullmatch(r"[A-H]", n):
        return True
    parts = n.split(".")
    return len(parts) > 1 and not all(p == "0" for p in parts[1:])


def _number_value(number: str) -> int | None:
    n = number.rstrip(".").split(".")[0]
    if n.isdigit():
        return int(n)
    roman = {"I": 1, "V": 5, "X": 10}
    total = 0
    prev = 0
    for ch in reversed(n):
        v = roman.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _candidates(items: list[Item], body: float, bold_means: bool) -> list[_Cand]:
    out: list[_Cand] = []
    i = 0
    n = len(items)
    while i < n:
        it = items[i]
        i += 1
        if it.kind != KIND_TEXT:
            continue
        ln = it.line
        text = it.text
        if _REF_ENTRY.match(text) or text.startswith(("•", "-", "–", "*", "(")):
            continue
        if _LIST_ITEM.match(text):  # "1) Criteo Dataset: ..." is a list item
            continue
        bold = ln.bold and bold_means
        caps = _is_caps(text)
        larger = ln.size >= body * 1.12
        if not (bold or caps or larger):
            continue
        if ln.size < body * (0.7 if caps else 0.8):
            continue  # a bold figure label or table cell, smaller than the body text
        group = [it]
        # A heading wrapped over two lines: the next line has the same style, sits right below.
        while i < n and len(group) < 3:
            nxt = items[i]
            if nxt.kind != KIND_TEXT or nxt.page != it.page:
                break
            nl = nxt.line
            gap = nl.top - group[-1].line.bottom
            if not (-1.0 <= gap <= max(ln.size, 4.0) * 0.8):
                break
            if abs(nl.size - ln.size) > 0.3 or (nl.bold and bold_means) != bold:
                break
            if _is_caps(nxt.text) != caps or _NUMBERED.match(nxt.text):
                break
            if abs(nl.x0 - ln.x0) > 40 and not caps:
                break
            if len(text) + len(nxt.text) > 100:
                break
            group.append(nxt)
            text = f"{text} {nxt.text}"
            i += 1
        text = text.replace("\ufffe ", "").replace("\ufffe", "")
        m = _NUMBERED.match(text)
        number, title = (m.group("num"), m.group("title")) if m else (None, text)
        if re.fullmatch(r"\d+", number or "") and title[:1].islower():
            continue
        if not _looks_like_title(title):
            continue
        if word_count(title) > 8 and not m:
            continue
        out.append(_Cand(group, text, number, title, (round(ln.size, 1), bold, caps)))
    return out
