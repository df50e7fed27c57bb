"""Clean the engines' lines: characters, reading order, running headers, line kinds, hyphenation.

Character fixes (:func:`fix_text`): NFKC (ligatures ``ﬁ ﬂ ﬀ``), the Type-1 mis-encodings of
Computer Modern papers (``e↵ective`` → ``effective``, ``o✏ine`` → ``offline``, ``e✓cient`` →
``efficient``), the Linux Libertine ones of ACM papers (``\\x8cis`` → ``This``, ``be\\x8aer`` →
``better``, ``o\\x89en`` → ``often``), control and private-use characters dropped.

Pieces of one printed line that the engine cut apart (at a link or a footnote marker) are
joined again (:func:`merge_pieces`).

Line kinds (:data:`KIND_*`): running headers/footers (text repeating in the top or bottom band of
several pages, digits ignored) and bare page numbers are dropped from everything; captions
("Figure 3: ...") and debris (lines that are mostly numbers or symbols: axes, table cells,
equations) stay in the page text but never reach the sentence stream.

Hyphenation (:class:`Hyphenator`): a line-end hyphen is joined ("transfor-" + "mations") unless
the document itself spells the hyphenated form elsewhere and never the joined one
("click-through"), or the second part starts with a capital or a digit. Older PDFs keep the
break inside one text line as a hyphen and a space ("recom- mender"); that is decided the same
way, and a suspended hyphen ("user- and item-based", "first- or second-order") is never joined.
"""

from __future__ import annotations

import difflib
import itertools
import re
import string
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from paperprep.extract.engines import SOFT_HYPHEN, Line, RawPage

KIND_TEXT = "text"
KIND_DROP = "drop"  # running header/footer, page number
KIND_CAPTION = "caption"
KIND_DEBRIS = "debris"

# Type-1 (Computer Modern) and Libertine glyphs that pdfium/pypdf map to the wrong code point.
_LIGATURE_GLYPHS: dict[str, str] = {
    "↵": "ff",
    "✏": "ffl",
    "✓": "ffi",
    "ﬀ": "ff",
    "ﬁ": "fi",
    "ﬂ": "fl",
    "ﬃ": "ffi",
    "ﬄ": "ffl",
    "\x8a": "tt",
    "\x89": "ft",
    # TeX's OT1 encoding puts the ligatures at 0x0B-0x0F ("di\x0berent", "\x0cltering"); 0x0D
    # (fl) cannot be told from a carriage return, so it is left alone.
    "\x0b": "ff",
    "\x0c": "fi",
    "\x0e": "ffi",
    "\x0f": "ffl",
}
_IN_WORD_GLYPH = re.compile(
    r"(?<=[A-Za-z])([↵✏✓\x8a\x89\x0b\x0c\x0e\x0f])|([↵✏✓\x8a\x89\x0b\x0c\x0e\x0f])(?=[a-z])"
)
#: One of the glyphs ``_IN_WORD_GLYPH`` repairs (most lines have none: no substitution).
_GLYPH = re.compile(r"[↵✏✓\x8a\x89\x0b\x0c\x0e\x0f]")
_TH_GLYPH = re.compile(r"[\x8c\x87](?=[a-z])")
_SYMBOLS = {"⇤": "*", "\u2217": "*", "\u00a0": " ", "\u2009": " ", "\u200b": ""}
_DROP_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff\ufeff\ufffd\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u2000-\u200a\u3000]+")


#: Small capitals set as a capital plus smaller capitals, which the text layer splits with a
#: space: "B LOGCATALOG", "F LICKR" (not "A DSSM" or "C API": "A"/"I" are words, and the rest
#: must be four letters or more).
_SMALL_CAPS = re.compile(r"\b([B-HJ-Z]) ([A-Z]{4,})\b")
#: What every match of ``_SMALL_CAPS`` contains; a plain search for it is five times faster than
#: the substitution, and most lines have none.
_SMALL_CAPS_GATE = re.compile(r"[B-HJ-Z] [A-Z]{4}")
#: An ``✏`` standing alone is the epsilon of "✏-greedy" (the same glyph slot as ffl in a word).
_LONE_EPSILON = re.compile(r"(?<![A-Za-z])✏(?![a-z])")


def fix_text(text: str) -> str:
    """Repair one line's characters; keeps the SOFT_HYPHEN marker for the hyphenator."""
    if text.isascii() and text.isprintable():
        # Most lines: nothing to repair, only runs of spaces to collapse.
        text = " ".join(text.split()) if "  " in text or text[:1] == " " else text.rstrip()
        return _small_caps(text) if " " in text[:-4] else text
    if "✏" in text:
        text = _LONE_EPSILON.sub("ε", text)
    text = text.replace("\x02", SOFT_HYPHEN) if "\x02" in text else text
    if _GLYPH.search(text):
        text = _IN_WORD_GLYPH.sub(lambda m: _LIGATURE_GLYPHS[m.group(1) or m.group(2)], text)
    if "\x8c" in text or "\x87" in text:
        text = _TH_GLYPH.sub("Th", text)
    for bad, good in _SYMBOLS.items():
        if bad in text:
            text = text.replace(bad, good)
    if not text.isascii():
        parts = text.split(SOFT_HYPHEN)
        text = SOFT_HYPHEN.join(unicodedata.normalize("NFKC", p) for p in parts)
    text = _DROP_CHARS.sub("", text)
    return _small_caps(_SPACES.sub(" ", text).strip())


def _small_caps(text: str) -> str:
    """ "B LOGCATALOG" -> "BLOGCATALOG" (see ``_SMALL_CAPS``)."""
    return _SMALL_CAPS.sub(r"\1\2", text) if _SMALL_CAPS_GATE.search(text) else text


# --------------------------------------------------------------------------------------------
# reading order


def reading_order(page: RawPage) -> list[Line]:
    """Lines in reading order: the engine's order unless it interleaves the two columns."""
    lines = page.lines
    if len(lines) < 10:
        return lines
    mid = page.width / 2
    slack = page.width * 0.03

    def col(ln: Line) -> int:
        if ln.x1 <= mid + slack:
            return 0
        if ln.x0 >= mid - slack:
            return 1
        return 2

    cols = [col(ln) for ln in lines]
    left, right = cols.count(0), cols.count(1)
    if left < 5 or right < 5:
        return lines
    seq = [c for c in cols if c != 2]
    switches = sum(1 for a, b in itertools.pairwise(seq) if a != b)
    if switches <= 6:
        return lines  # content order already reads column by column
    # Interleaved: cut the page into bands at full-width lines; left column, then right, per band.
    ordered: list[Line] = []
    band: list[tuple[int, Line]] = []

    def flush() -> None:
        band.sort(key=lambda cl: (cl[0], cl[1].top))
        ordered.extend(ln for _, ln in band)
        band.clear()

    for c, ln in sorted(zip(cols, lines, strict=True), key=lambda cl: cl[1].top):
        if c == 2 and (ln.x1 - ln.x0) > page.width * 0.5:
            flush()
            ordered.append(ln)
        else:
            band.append((0 if c == 2 else c, ln))
    flush()
    return ordered


def merge_pieces(lines: list[Line]) -> list[Line]:
    """Rejoin one printed line that the engine cut into pieces at a link or footnote marker.

    Consecutive pieces on the same baseline, in the same font size, the second starting right
    where the first ends (a gap under one em), are one line: "datasets: MovieLens4" + "and
    Pinterest5" + ". The characteristics of". Table cells and the other column are further away.
    """
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and abs(ln.top - prev.top) < 1.0
            and abs(ln.size - prev.size) < 0.5
            and -1.0 <= ln.x0 - prev.x1 < max(ln.size, 4.0)
            and not prev.text.endswith(SOFT_HYPHEN)
        ):
            joint = "" if ln.text[:1] in ".,;:)" or prev.text[-1:] in "(" else " "
            out[-1] = Line(
                prev.text + joint + ln.text,
                prev.x0,
                min(prev.top, ln.top),
                ln.x1,
                max(prev.bottom, ln.bottom),
                prev.size,
                prev.bold and ln.bold,
            )
            continue
        out.append(ln)
    return out


# --------------------------------------------------------------------------------------------
# line kinds

_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^(?:Figure|Fig\.?|FIGURE|FIG\.?|Table|TABLE|Tab\.|Algorithm|Listing)\s*"
    r"(?:\d+|[IVX]+|[A-Z]\d*)(?:\.\d+)?\s*[:.|\-–—]",
)
_CAPTION_SHORT = re.compile(r"^(?:Figure|Fig\.?|Table|TABLE|FIGURE)\s*\d+$")
_WORD = re.compile(r"[A-Za-z][a-z]{1,}|[A-Z]{2,}")
#: A publisher's line: ISSN/price/copyright ("0018-9162/09/$26.00 © 2009 IEEE", "$15.00 DOI:").
PUBLISHER_LINE = re.compile(
    r"\$\s?\d{1,3}\.\d\d\b|\b\d{4}-\d{3}[\dX]/\d\d|©\s*(?:19|20)\d\d|\bISBN\b|\bISSN\b"
    r"|^copyright\b",
    re.IGNORECASE,
)
ARXIV_STAMP = re.compile(r"arXiv:\s*\d{4}\.\d{4,5}(?:v\d+)?\s*\[[\w.\-]+\]", re.IGNORECASE)


def is_caption_start(text: str) -> bool:
    # Both patterns start with Figure/Fig/Table/Tab/Algorithm/Listing: most lines fail on the
    # first letter without a regex.
    return text[:1] in "FTAL" and bool(_CAPTION.match(text) or _CAPTION_SHORT.match(text))


@lru_cache(maxsize=1 << 15)
def word_count(text: str) -> int:
    """Words of two letters or more (or all capitals). Memoised: classifying a line, judging it
    as prose and as a heading all count the same text, and a document's lines fit the cache."""
    return len(_WORD.findall(text))


_ASCII_LETTERS = string.ascii_letters.encode("ascii")
_ASCII_NON_LETTERS = bytes(b for b in range(128) if chr(b) not in string.ascii_letters)


def letter_count(text: str) -> int:
    """``sum(map(str.isalpha, text))``, in C for the usual ASCII line (there ``isalpha`` is
    exactly ``[A-Za-z]``)."""
    if text.isascii():
        return len(text) - len(text.encode("ascii").translate(None, _ASCII_LETTERS))
    return sum(map(str.isalpha, text))


#: The only non-ASCII characters a case-blind regex takes for ASCII letters (İ ı for i, the
#: Kelvin sign for k, the long s for s).
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u212a\u017f")


def is_publisher_or_stamp(text: str) -> bool:
    """A publisher's line (:data:`PUBLISHER_LINE`) or an arXiv stamp (:data:`ARXIV_STAMP`).

    A line can match neither without a ``$``, ``/``, ``[`` or ``©`` or the words ISBN, ISSN or
    a leading "copyright" (in any case): those lines skip both regexes.
    """
    if (
        "$" not in text
        and "/" not in text
        and "[" not in text
        and "©" not in text
        and (text.isascii() or _FOLDS_TO_ASCII.isdisjoint(text))
    ):
        low = text.lower()
        if "isbn" not in low and "issn" not in low and not low.startswith("copyright"):
            return False
    return bool(ARXIV_STAMP.search(text) or PUBLISHER_LINE.search(text))


def is_debris(text: str) -> bool:
    """Mostly numbers or symbols: figure axes, table cells, equations, lone symbols."""
    tokens = text.split()
    if not tokens:
        return True
    words = word_count(text)
    if words == 0:
        return True
    letters = letter_count(text)
    visible = len(text) - text.count(" ")
    if letters / max(visible, 1) < 0.55:
        return True
    return len(tokens) >= 3 and words / len(tokens) < 0.4


def _margin_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


#: A running header/footer of an OCR'd scan is read slightly differently on every page
#: ("XEROX PARC" / "XEROX P ARC" / "PARe", "SEPTEMBER" / "SEPfEMBER"): lines whose letters agree
#: this much are one running line. Only short lines are compared (headers are short, and the
#: comparison is pairwise).
_FUZZY_RATIO = 0.85
_FUZZY_MAX = 60
_FUZZY_MIN = 8
_FUZZY_KEYS = 400


def _loose_key(text: str) -> str:
    """The line's letters, lower-cased (in C for ASCII, where letters are ``[a-z]``)."""
    low = text.lower()
    if low.isascii():
        return low.encode("ascii").translate(None, _ASCII_NON_LETTERS).decode("ascii")
    return "".join(c for c in low if c.isalpha())


def _fuzzy_groups(keys: dict[str, set[int]]) -> list[tuple[list[str], set[int]]]:
    """Cluster letters-only keys that differ by a few OCR misreadings; each with its pages.

    Only a key found on two pages or more starts a group (a running line repeats exactly on
    some pages), so the comparisons stay few: every key against a handful of group heads.
    """
    groups: list[tuple[list[str], set[int]]] = []
    for key in sorted(keys, key=lambda k: (-len(keys[k]), k)):
        for members, pages in groups:
            rep = members[0]
            if abs(len(rep) - len(key)) > 0.2 * max(len(rep), len(key)):
                continue
            sm = difflib.SequenceMatcher(None, rep, key, autojunk=False)
            if sm.quick_ratio() >= _FUZZY_RATIO and sm.ratio() >= _FUZZY_RATIO:
                members.append(key)
                pages |= keys[key]
                break
        else:
            if len(keys[key]) >= 2:
                groups.append(([key], set(keys[key])))
    return groups


def _folio(text: str) -> int | None:
    """The page number a short margin line starts or ends with ("Architecture 3", "4 Using ...")."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 14:
        return None
    for tok in (tokens[0], tokens[-1]):
        if tok.isdigit() and len(tok) <= 4:
            return int(tok)
    return None


def running_lines(pages: list[list[Line]], sizes: list[tuple[float, float]]) -> set[int]:
    """ids of running header/footer lines and page numbers in the top/bottom band of the pages.

    A running line is one whose text (digits ignored) repeats on at least a quarter of the
    pages, exactly or, for the short ones, up to a few misread letters (an OCR'd scan). A line
    that starts or ends with the printed page number is one too ("Architecture 3", "4 Using
    Collaborative Filtering ..."): the number minus the page's position is the same on many
    pages, whatever the words (a header that names the current section changes with it).
    """
    in_band: list[tuple[int, str, bool, str, int | None]] = []
    counts: Counter[str] = Counter()
    loose_pages: dict[str, set[int]] = {}
    offsets: Counter[int] = Counter()
    for index, ((_, height), lines) in enumerate(zip(sizes, pages, strict=True)):
        seen: set[str] = set()
        for ln in lines:
            if ln.top < height * 0.1 or ln.top > height * 0.88:
                key = _margin_key(ln.text)
                bare = bool(_PAGE_NUMBER.match(ln.text.strip()))
                loose = _loose_key(ln.text)
                # Folios sit at the very edge; a numbered heading at the top of a page does not.
                edge = ln.top < height * 0.06 or ln.top > height * 0.92
                folio = _folio(ln.text) if edge else None
                offset = None if folio is None else folio - index
                in_band.append((id(ln), key, bare, loose, offset))
                if key not in seen:
                    seen.add(key)
                    counts[key] += 1
                if _FUZZY_MIN <= len(loose) <= _FUZZY_MAX:
                    loose_pages.setdefault(loose, set()).add(index)
                if offset is not None:
                    offsets[offset] += 1
    need = max(2, round(0.25 * len(pages)))
    running = {key for key, n in counts.items() if n >= need and len(key) > 1}
    # Letters only ("XEROX P ARC" = "XEROX PARC"), then up to a few misread letters; the
    # pairwise comparison is skipped on documents with very many distinct short margin lines.
    if len(loose_pages) <= _FUZZY_KEYS:
        groups = _fuzzy_groups(loose_pages)
    else:
        groups = [([k], v) for k, v in loose_pages.items()]
    fuzzy = {k for members, pgs in groups if len(pgs) >= need for k in members}
    folios = {off for off, n in offsets.items() if n >= need}
    return {
        lid
        for lid, key, bare, loose, offset in in_band
        if bare or key in running or loose in fuzzy or (offset is not None and offset in folios)
    }


def _cut_letters(text: str, letters: int, from_end: bool) -> int:
    """Where ``text`` splits so that the end (or start) part holds ``letters`` letters."""
    seen = 0
    indices = range(len(text) - 1, -1, -1) if from_end else range(len(text))
    for i in indices:
        if text[i].isalpha():
            seen += 1
            if seen == letters:
                return i if from_end else i + 1
    return -1


def strip_running(
    pages: list[list[Line]], sizes: list[tuple[float, float]], drop: set[int]
) -> None:
    """Cut a running header/footer off a band line that also carries body text.

    A scan's text layer can put the last body line and the footer on one printed line
    ("... discovers that search- XEROX PARC, CSL-92-10, SEPTEMBER 1992"): a line in the top or
    bottom band that starts or ends with the text of a dropped running line (up to a few misread
    letters) keeps only the rest.
    """
    runners: dict[str, int] = {}
    for (_, height), lines in zip(sizes, pages, strict=True):
        for ln in lines:
            if id(ln) in drop and (ln.top < height * 0.1 or ln.top > height * 0.88):
                loose = _loose_key(ln.text)
                if _FUZZY_MIN <= len(loose) <= _FUZZY_MAX:
                    runners[loose] = runners.get(loose, 0) + 1
    # Only text dropped on two pages or more: a header naming the current section ("Introduction
    # 1") also starts body lines; the most frequent spellings first, a handful is enough.
    keys = sorted((k for k in runners if runners[k] >= 2), key=lambda k: -runners[k])[:8]
    if not keys:
        return
    key_letters = {key: Counter(key) for key in keys}
    for (_, height), lines in zip(sizes, pages, strict=True):
        for ln in lines:
            if id(ln) in drop or not (ln.top < height * 0.1 or ln.top > height * 0.88):
                continue
            letters = _loose_key(ln.text)
            for key in keys:
                if len(letters) < len(key) + _FUZZY_MIN:
                    continue
                tail = letters[-len(key) :]
                head = letters[: len(key)]
                if _similar(key, key_letters[key], tail):
                    cut = _cut_letters(ln.text, len(key), from_end=True)
                    ln.text = ln.text[:cut].rstrip()
                    break
                if _similar(key, key_letters[key], head):
                    cut = _cut_letters(ln.text, len(key), from_end=False)
                    ln.text = ln.text[cut:].lstrip(" ,.-")
                    break


def _similar(key: str, key_letters: Counter[str], other: str) -> bool:
    """``SequenceMatcher(None, key, other).ratio() >= _FUZZY_RATIO``, after difflib's own upper
    bound of that ratio (the letters the two share in any order, as ``quick_ratio``): most
    lines share too few letters with a running line to need the matcher."""
    shared = sum((key_letters & Counter(other)).values())
    if 2.0 * shared / (len(key) + len(other)) < _FUZZY_RATIO:
        return False
    return difflib.SequenceMatcher(None, key, other, autojunk=False).ratio() >= _FUZZY_RATIO


@dataclass(slots=True)
class Item:
    """A cleaned line with its page and kind; ``index`` is its position in the document."""

    line: Line
    page: int
    kind: str
    index: int = 0
    #: The line's text, read once: items are made when the lines are final, and the text is
    #: read hundreds of thousands of times per corpus.
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = self.line.text


def classify(pages: list[RawPage]) -> tuple[list[Item], float]:
    """Fix characters, order lines, drop running lines; return items and the body font size."""
    ordered: list[list[Line]] = []
    for page in pages:
        for ln in page.lines:
            text = fix_text(ln.text)
            # A plain hyphen ending a line is decided like pdfium's line-end marker.
            if len(text) > 2 and text.endswith("-") and text[-2].isalpha():
                text = text[:-1] + SOFT_HYPHEN
            ln.text = text
        page.lines = [ln for ln in page.lines if ln.text]
        ordered.append(merge_pieces(reading_order(page)))
    sizes = [(p.width, p.height) for p in pages]
    drop = running_lines(ordered, sizes)
    strip_running(ordered, sizes, drop)
    body = body_size([ln for lines in ordered for ln in lines])
    items: list[Item] = []
    for page, lines in zip(pages, ordered, strict=True):
        caption: Line | None = None
        prev: Item | None = None
        for ln in lines:
            if id(ln) in drop or (len(ln.text) < 120 and is_publisher_or_stamp(ln.text)):
                kind = KIND_DROP
            elif _is_caption(ln, prev, caption):
                kind = KIND_CAPTION
            elif is_debris(ln.text) or (ln.size < body * 0.6 and word_count(ln.text) < 6):
                kind = KIND_DEBRIS
            else:
                kind = KIND_TEXT
            caption = ln if kind == KIND_CAPTION else None
            items.append(Item(ln, page.number, kind, len(items)))
            if kind != KIND_DROP:
                prev = items[-1]
    return items, body


def _is_caption(ln: Line, prev: Item | None, caption: Line | None) -> bool:
    if is_caption_start(ln.text) and not _mid_sentence(prev, ln):
        return True
    return caption is not None and _continues_caption(caption, ln)


def _mid_sentence(prev: Item | None, ln: Line) -> bool:
    """ "... as shown in" + "Figure 4. The model ...": a mention in running text, not a caption."""
    if prev is None or prev.kind != KIND_TEXT:
        return False
    if prev.text.rstrip().endswith((".", "!", "?", ":")):
        return False
    if not prev.text.split()[-1][:1].islower():  # "... shown in" runs on; "2 Results" does not
        return False
    gap = ln.top - prev.line.bottom
    return -2.0 <= gap <= ln.size and abs(ln.x0 - prev.line.x0) < 30


def _continues_caption(prev: Line, ln: Line) -> bool:
    gap = ln.top - prev.bottom
    if gap > max(prev.size, ln.size) * 0.9 or gap < -prev.size:
        return False
    if abs(ln.x0 - prev.x0) > 200:
        return False
    if prev.text.rstrip().endswith("."):
        return abs(ln.size - prev.size) < 0.3 and ln.text[:1].islower()
    # A bold caption line followed by a regular one in another size or starting a sentence is
    # the body text resuming under a one-line caption.
    if prev.bold and not ln.bold and ln.text[:1].isupper():
        return False
    return abs(ln.size - prev.size) < 0.6 or ln.text[:1].islower()


def body_size(lines: list[Line]) -> float:
    """The most common font size, weighted by characters (the body text)."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[round(ln.size * 2) / 2] += len(ln.text)
    if not sizes:
        return 10.0
    return sizes.most_common(1)[0][0]


# --------------------------------------------------------------------------------------------
# hyphenation

_TOKEN = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]")
_HYPH_JOIN = re.compile(r"([A-Za-z]*)" + SOFT_HYPHEN + r"(\s*)([A-Za-z0-9]*)(-?)")
#: What ``_HYPH_JOIN`` matches from the marker on; :meth:`Hyphenator.apply` finds the letters
#: before it itself.
_HYPH_TAIL = re.compile(SOFT_HYPHEN + r"(\s*)([A-Za-z0-9]*)(-?)")
_ASCII_LETTER_SET = frozenset(string.ascii_letters)
#: "recom- mender": a hyphen and a space inside one line, between two lower-case word parts.
_SPACED_HYPHEN = re.compile(r"(?<=[A-Za-z])- (?=[a-z])")
#: Words after a suspended hyphen ("user- and item-based"): never joined to the part before.
_SUSPENDED = frozenset({"and", "or", "nor", "to", "vs", "versus", "as", "than"})


class Hyphenator:
    """Decides, per document, whether a line-end hyphen is a syllable break or a real hyphen."""

    def __init__(self, texts: list[str]) -> None:
        # One pass over the whole document; lower-casing it first is the same for ASCII text
        # (the token pattern is case-blind there), not for all Unicode ("K" is Kelvin's).
        joined = "\n".join(texts)
        if joined.isascii():
            self.words = Counter(_TOKEN.findall(joined.lower()))
        else:
            self.words = Counter(map(str.lower, _TOKEN.findall(joined)))

    def join(self, left: str, right: str, more: str = "") -> str:
        if not right:
            return left + "-" if left else ""
        if not right[0].islower() or not left or more:
            return f"{left}-{right}"
        if right in _SUSPENDED:
            return f"{left}- {right}"
        joined = (left + right).lower()
        hyph = f"{left}-{right}".lower()
        if self.words[hyph] > 0 and self.words[joined] == 0:
            return f"{left}-{right}"
        return left + right

    def apply(self, text: str) -> str:
        """Resolve every SOFT_HYPHEN (mid-line or before a line break) in ``text``."""
        if "- " in text:
            text = _SPACED_HYPHEN.sub(SOFT_HYPHEN + " ", text)
        if SOFT_HYPHEN not in text:
            return text
        # The joined word stays on the first line and a line break is kept after it, so line
        # counts (and the page of each line) survive the join.
        #
        # This is ``_HYPH_JOIN.sub`` done by hand, ten times faster: the regex engine tries the
        # letter run at every position of the text, while a match can only start at the run of
        # letters right before a marker (and not before the end of the previous match).
        out: list[str] = []
        pos = 0
        at = text.find(SOFT_HYPHEN)
        while at >= 0:
            start = at
            while start > pos and text[start - 1] in _ASCII_LETTER_SET:
                start -= 1
            m = _HYPH_TAIL.match(text, at)
            assert m is not None  # every part after the marker is optional
            space, right, more = m.groups()
            out.append(text[pos:start])
            out.append(self.join(text[start:at], right, more) + more)
            if "\n" in space:
                out.append("\n")
            pos = m.end()
            at = text.find(SOFT_HYPHEN, pos)
        out.append(text[pos:])
        return "".join(out)
