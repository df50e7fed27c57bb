"""PDF engines: turn PDF bytes into pages of positioned text lines.

Both engines feed the same text model (:class:`RawPage` of :class:`Line`), so everything
downstream (normalisation, sections, evidence) is engine-agnostic:

* ``pdfium`` (pypdfium2, fast, the default): pdfium's own line segmentation of the text page; for
  each line the loose box of its first and last character gives the position, the loose box height
  of a middle character gives the font size (``FPDFText_GetFontSize`` is often 1.0 when the size
  lives in the text matrix), and the font weight/name gives boldness. pdfium marks a line-end
  hyphen as U+FFFE and joins the two lines; the marker is kept for the normaliser.
* ``pypdf`` (pure Python fallback): ``extract_text(visitor_text=...)`` reports text runs with their
  text matrix and font; runs on one baseline become a line. A line-end hyphen is turned into the
  same U+FFFE marker. pypdf's font warnings go to the ``paperprep.extract`` logger and into the
  extraction's warnings, never to stderr.
"""

from __future__ import annotations

import bisect
import ctypes
import io
import logging
import re
import warnings as pywarnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from paperprep.errors import ExtractError

log = logging.getLogger("paperprep.extract")

#: Marker for a hyphen at a line end ("transfor\ufffemations"); the normaliser decides on a join.
SOFT_HYPHEN = "\ufffe"

ENGINES: tuple[str, ...] = ("auto", "pdfium", "pypdf")

_BOLD_NAME = re.compile(
    r"bold|-medi$|semibold|demi|black|heavy|cmbx|^bx|bx\d|libertinetb|-bd|,bd|-b$|,b$",
    re.IGNORECASE,
)
_FORCE_BOLD = 1 << 18
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")


@dataclass(slots=True)
class Line:
    """One line of text as printed: position (top-left origin, points), font size and weight."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool = False


@dataclass
class RawPage:
    """The lines of one page in the engine's reading order."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


@dataclass
class RawDoc:
    engine: str
    pages: list[RawPage]
    info: dict[str, str]
    page_count: int
    warnings: list[str] = field(default_factory=list)


def sniff(data: bytes) -> None:
    """Reject what is obviously not a PDF before an engine sees it."""
    if not data:
        raise ExtractError("empty file (0 bytes)")
    head = data[:1024]
    if b"%PDF-" not in head:
        start = data[:24].decode("utf-8", "replace").strip()
        start = "".join(ch if ch.isprintable() else "?" for ch in start)[:14].rstrip()
        raise ExtractError(f"not a PDF: starts with {start!r}")


# --------------------------------------------------------------------------------------------
# pdfium


def _is_password_error(exc: Exception) -> bool:
    return "password" in str(exc).lower()


def pdfium_doc(data: bytes, max_pages: int) -> RawDoc:
    """Read lines with pypdfium2."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if _is_password_error(exc):
            raise ExtractError("encrypted PDF: a password is required") from exc
        raise ExtractError(f"corrupt PDF: {_one_line(str(exc))}") from exc
    try:
        info: dict[str, str] = {}
        try:
            info = {k: v for k, v in doc.get_metadata_dict().items() if isinstance(v, str)}
        except Exception:  # a broken info dictionary is not worth failing the file
            info = {}
        n = len(doc)
        pages: list[RawPage] = []
        warn: list[str] = []
        rect = raw.FS_RECTF()
        weight_buf = ctypes.create_string_buffer(96)
        flags = ctypes.c_int()
        bold_names: dict[bytes, bool] = {}
        for index in range(min(n, max_pages)):
            page = doc[index]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range(errors="surrogatepass")
                    # The raw handle: the wrapper would be converted on every ctypes call.
                    lines = _pdfium_lines(
                        raw, textpage.raw, text, height, rect, weight_buf, flags, bold_names
                    )
                finally:
                    textpage.close()
            except pdfium.PdfiumError as exc:
                warn.append(f"page {index + 1}: {_one_line(str(exc))}")
                lines, width, height = [], 612.0, 792.0
            finally:
                page.close()
            pages.append(RawPage(index + 1, width, height, lines))
        return RawDoc("pdfium", pages, info, n, warn)
    finally:
        doc.close()


def _pdfium_lines(
    raw: object,
    textpage: object,
    text: str,
    height: float,
    rect: object,
    name_buf: ctypes.Array[ctypes.c_char],
    flags: ctypes.c_int,
    bold_names: dict[bytes, bool],
) -> list[Line]:
    """The page's lines; ``bold_names`` caches, per font name, whether it names a bold face."""
    r: object = raw
    get_char_index = r.FPDFText_GetCharIndexFromTextIndex  # type: ignore[attr-defined]
    # pdfium counts text indices in UTF-16 units; Python joins a surrogate pair (a math letter
    # such as U+1D431) into one character, so every index after one would be off by one.
    wide = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []

    def shifted(tp: object, t: int) -> int:
        return int(get_char_index(tp, t + bisect.bisect_left(wide, t)))

    get_index = shifted if wide else get_char_index

    loose_box = r.FPDFText_GetLooseCharBox  # type: ignore[attr-defined]
    font_info = r.FPDFText_GetFontInfo  # type: ignore[attr-defined]
    rect_ref = ctypes.byref(rect)  # type: ignore[arg-type]
    flags_ref = ctypes.byref(flags)
    buf_len = len(name_buf)
    out: list[Line] = []
    pos = 0
    # pdfium separates lines with \r\n; a lone \n or \r can appear inside odd PDFs too.
    for raw_line in _LINE_BREAK.split(text):
        start = pos
        pos += len(raw_line)
        if not raw_line or raw_line in ("\r\n", "\r", "\n"):
            continue
        stripped = raw_line.strip()
        if not stripped:
            continue
        lead = len(raw_line) - len(raw_line.lstrip())
        first = get_index(textpage, start + lead)
        last = get_index(textpage, start + len(raw_line.rstrip()) - 1)
        if first < 0 or last < 0:
            continue
        if not loose_box(textpage, first, rect_ref):
            continue
        x0 = rect.left  # type: ignore[attr-defined]
        top = height - rect.top  # type: ignore[attr-defined]
        bottom = height - rect.bottom  # type: ignore[attr-defined]
        size = rect.top - rect.bottom  # type: ignore[attr-defined]
        x1 = x0
        if loose_box(textpage, last, rect_ref):
            x1 = rect.right  # type: ignore[attr-defined]
            bottom = max(bottom, height - rect.bottom)  # type: ignore[attr-defined]
        # Sample a letter near the middle: the first character is often a symbol-font bullet
        # or marker, and a space has no box.
        mid_t = start + lead + len(stripped) // 2
        for delta in (0, 1, -1, 2, -2, 3, -3):
            t_i = mid_t + delta
            if start + lead <= t_i < start + len(raw_line) and text[t_i].isalpha():
                sample = get_index(textpage, t_i)
                break
        else:
            middle = get_index(textpage, start + lead + len(stripped) // 2)
            sample = middle if middle >= 0 else first
        if sample >= 0 and sample != first and loose_box(textpage, sample, rect_ref):
            size = rect.top - rect.bottom  # type: ignore[attr-defined]
        bold = False
        n = font_info(textpage, sample, name_buf, buf_len, flags_ref)
        if 0 < n <= buf_len:
            raw_name = name_buf.value
            named = bold_names.get(raw_name)
            if named is None:
                name = raw_name.decode("latin-1", "replace").split("+")[-1]
                named = bold_names[raw_name] = bool(_BOLD_NAME.search(name))
            bold = named or bool(flags.value & _FORCE_BOLD)
        out.append(Line(stripped, x0, top, max(x0, x1), bottom, abs(size), bold))
    return out


# --------------------------------------------------------------------------------------------
# pypdf


class _ListHandler(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(level=logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(_one_line(record.getMessage()))


@contextmanager
def _captured_pypdf_warnings(sink: list[str]) -> Iterator[None]:
    """Route pypdf's logger and ``warnings`` to our logger and ``sink`` instead of stderr."""
    pypdf_log = logging.getLogger("pypdf")
    handler = _ListHandler(sink)
    old_propagate = pypdf_log.propagate
    pypdf_log.addHandler(handler)
    pypdf_log.propagate = False
    try:
        with pywarnings.catch_warnings(record=True) as caught:
            pywarnings.simplefilter("always")
            yield
        sink.extend(_one_line(str(w.message)) for w in caught)
    finally:
        pypdf_log.removeHandler(handler)
        pypdf_log.propagate = old_propagate
        for message in sink:
            log.debug("pypdf: %s", message)


def pypdf_doc(data: bytes, max_pages: int) -> RawDoc:
    """Read lines with pypdf (slow, pure Python)."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    warn: list[str] = []
    with _captured_pypdf_warnings(warn):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    ok = reader.decrypt("")
                except Exception as exc:
                    raise ExtractError("encrypted PDF: a password is required") from exc
                if not ok:
                    raise ExtractError("encrypted PDF: a password is required")
            n = len(reader.pages)
        except ExtractError:
            raise
        except FileNotDecryptedError as exc:
            raise ExtractError("encrypted PDF: a password is required") from exc
        except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
            raise ExtractError(f"corrupt PDF: {_one_line(str(exc)) or type(exc).__name__}") from exc
        info: dict[str, str] = {}
        try:
            meta: dict[str, object] = dict(reader.metadata or {})
            for key, value in meta.items():
                if isinstance(value, str):
                    info[str(key).lstrip("/")] = value
        except Exception:
            info = {}
        pages: list[RawPage] = []
        for index in range(min(n, max_pages)):
            try:
                page = reader.pages[index]
                box = page.mediabox
                width, height = float(box.width), float(box.height)
                lines = _pypdf_lines(page, height, float(box.left), float(box.bottom))
            except Exception as exc:  # one broken page should not lose the paper
                warn.append(f"page {index + 1}: {_one_line(str(exc)) or type(exc).__name__}")
                lines, width, height = [], 612.0, 792.0
            pages.append(RawPage(index + 1, width, height, lines))
    return RawDoc("pypdf", pages, info, n, warn)


def _pypdf_lines(page: object, height: float, left: float, bottom_edge: float) -> list[Line]:
    runs: list[tuple[str, float, float, float, str]] = []

    def visit(
        text: str,
        cm: list[float],
        tm: list[float],
        font_dict: dict[str, object] | None,
        font_size: float,
    ) -> None:
        if not text:
            return
        # Device position: text matrix then current transformation matrix.
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = (abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0) * (font_size or 1.0)
        name = ""
        if font_dict is not None:
            name = str(font_dict.get("/BaseFont", ""))
        runs.append((text, x - left, height - (y - bottom_edge), scale, name))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    lines: list[Line] = []
    cur: list[tuple[str, float, float, float, str]] = []

    def flush() -> None:
        if not cur:
            return
        text = "".join(r[0] for r in cur)
        text = re.sub(r"[ \t]+", " ", text).strip()
        if text:
            size = max(r[3] for r in cur)
            bold = any(_BOLD_NAME.search(r[4].split("+")[-1]) for r in cur if r[0].strip())
            x0 = min(r[1] for r in cur)
            base = cur[0][2]
            width = sum(len(r[0]) for r in cur) * size * 0.5
            lines.append(
                Line(text, x0, base - size * 0.8, x0 + width, base + size * 0.2, size, bold)
            )
        cur.clear()

    for text, x, y, size, name in runs:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i > 0:
                flush()
            if not part:
                continue
            if cur and abs(cur[-1][2] - y) > max(2.0, 0.5 * size) and i == 0:
                flush()
            cur.append((part, x, y, size, name))
    flush()
    # A line-end hyphen becomes the same marker pdfium uses; the normaliser decides on joins.
    for ln in lines:
        if len(ln.text) > 2 and ln.text.endswith("-") and ln.text[-2].isalpha():
            ln.text = ln.text[:-1] + SOFT_HYPHEN
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]
