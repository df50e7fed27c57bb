"""Names and fingerprints of note files: safe file names for citation keys, content hashes."""

from __future__ import annotations

import hashlib
import re
import unicodedata


def content_hash(text: str) -> str:
    """The sha256 hex digest of ``text`` (UTF-8): "file hash != stored hash" means "touched"."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_UNSAFE_FILENAME_RE = re.compile(r'[/\\:*?"<>|#^\[\]]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)
}
MAX_FILENAME_BYTES = 120


def _truncate_utf8(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def safe_filename(key: str) -> str:
    """A file stem for a citation key, safe on every platform and in Obsidian links.

    A key that is already safe is returned unchanged. Otherwise path separators, control and
    format characters, ``: * ? " < > | # ^ [ ]`` become ``_``, runs of dots collapse, leading and
    trailing dots/spaces go, and an 8-hex-digit hash of the key is appended so that different keys
    never share a file. The result is never empty, has no ``..``, is at most 120 bytes of UTF-8,
    and ``safe_filename(safe_filename(k)) == safe_filename(k)``.
    """
    stem = unicodedata.normalize("NFC", key)
    stem = "".join(
        "_" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") else ch
        for ch in stem
    )
    stem = _UNSAFE_FILENAME_RE.sub("_", stem)
    stem = re.sub(r"\.{2,}", ".", stem).strip(" .")
    stem = re.sub(r"^-", "_", stem)
    if stem.split(".")[0].strip().upper() in _WINDOWS_RESERVED:
        stem += "_"
    if stem == key and stem and len(stem.encode("utf-8")) <= MAX_FILENAME_BYTES:
        return stem
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    stem = _truncate_utf8(stem, MAX_FILENAME_BYTES - 9).rstrip(" .") or "paper"
    return f"{stem}-{digest}"
