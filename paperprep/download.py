"""Download a paper's PDF: try each link in turn, keep only a complete, real PDF.

The body streams to a ``.part-*`` file next to ``dest`` and is renamed to ``dest`` only when it
is complete and validated (``%PDF-`` magic near the start, not an HTML page, within the size
cap), so an interrupted run never leaves a truncated PDF behind. A complete file already at
``dest`` is not downloaded again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from paperprep.errors import DownloadError, PaperprepError
from paperprep.http import Downloaded, Http, host_of

#: PDF readers accept the header anywhere in the first 1024 bytes.
_MAGIC_WINDOW = 1024


@dataclass(frozen=True)
class DownloadResult:
    """A PDF in place at ``path``; ``url`` is where it came from (None: it was already there)."""

    path: Path
    sha256: str
    size: int
    url: str | None


def is_pdf_bytes(head: bytes) -> bool:
    return b"%PDF-" in head[:_MAGIC_WINDOW]


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip()[:512].lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml")) or b"<html" in start


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def existing_pdf(dest: Path) -> DownloadResult | None:
    """``dest`` if it is already a complete PDF (non-empty, PDF magic, ``%%EOF`` near the end)."""
    try:
        size = dest.stat().st_size
        if size == 0:
            return None
        with dest.open("rb") as fh:
            head = fh.read(_MAGIC_WINDOW)
            fh.seek(max(0, size - 2048))
            tail = fh.read()
    except OSError:
        return None
    if not is_pdf_bytes(head) or b"%%EOF" not in tail:
        return None
    return DownloadResult(path=dest, sha256=_file_sha256(dest), size=size, url=None)


def _reject_reason(got: Downloaded, url: str) -> str | None:
    host = host_of(got.final_url or url)
    ctype = (got.content_type or "").split(";")[0].strip().lower()
    if is_pdf_bytes(got.first_bytes):
        return None
    if ctype in ("text/html", "application/xhtml+xml") or _looks_like_html(got.first_bytes):
        return f"got an HTML page (login or paywall?) instead of a PDF from {host}"
    if got.size == 0:
        return f"got an empty file from {host}"
    shown = got.first_bytes[:8].decode("latin-1").encode("unicode_escape").decode("ascii")
    return f"not a PDF from {host} ({ctype or 'no content type'}, starts with {shown!r})"


def download_pdf(http: Http, urls: list[str], dest: Path, *, max_bytes: int) -> DownloadResult:
    """Fetch the first of ``urls`` that yields a real PDF into ``dest``.

    :raises DownloadError: no link worked; the message lists why each one failed.
    """
    found = existing_pdf(dest)
    if found is not None:
        return found
    dest.parent.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    tried: set[str] = set()
    for url in urls:
        if not url or url in tried:
            continue
        tried.add(url)
        try:
            got = http.download(url, dest.parent, max_bytes=max_bytes)
        except PaperprepError as exc:
            failures.append(f"{url}: {exc}")
            continue
        reason = _reject_reason(got, url)
        if reason is not None:
            got.tmp_path.unlink(missing_ok=True)
            failures.append(f"{url}: {reason}")
            continue
        try:
            os.replace(got.tmp_path, dest)
            with contextlib.suppress(OSError):  # make the rename itself durable where possible
                fd = os.open(dest.parent, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        except OSError as exc:
            got.tmp_path.unlink(missing_ok=True)
            raise DownloadError(f"cannot save the PDF to {dest} ({exc.strerror or exc})") from None
        return DownloadResult(path=dest, sha256=got.sha256, size=got.size, url=got.final_url)
    if not failures:
        raise DownloadError("no PDF link is known for this paper")
    raise DownloadError("could not download a PDF: " + "; ".join(failures))
