"""Identifiers as paperprep compares them: DOIs, version-less arXiv ids, normalised titles.

One place for these rules, so that the library, merging, ranking and the sources all agree on
when two records are the same work.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(?:v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(.+?)(?:\.pdf)?/?$", re.IGNORECASE)


def normalize_doi(doi: str | None) -> str | None:
    """``10.1145/2988450.2988454`` from any DOI spelling (URL, ``doi:``, any case); else None."""
    if not doi:
        return None
    value = unquote(_DOI_PREFIX.sub("", doi.strip())).strip().lower()
    return value if _DOI.match(value) else None


def normalize_arxiv(value: str | None) -> str | None:
    """The version-less arXiv id (``1606.07792``, ``cs/0112017``) of an id, URL or arXiv DOI."""
    if not value:
        return None
    text = value.strip()
    url = _ARXIV_URL.search(text)
    if url:
        text = url.group(1)
    doi = _ARXIV_DOI.match(normalize_doi(text) or "")
    if doi:
        text = doi.group(1)
    text = re.sub(r"^arxiv:\s*", "", text, flags=re.IGNORECASE)
    match = _ARXIV_NEW.match(text) or _ARXIV_OLD.match(text)
    return match.group(1) if match else None


def is_arxiv_doi(doi: str | None) -> bool:
    """True for the DOIs arXiv mints for preprints (10.48550/arXiv.…)."""
    return bool(doi and _ARXIV_DOI.match(doi))


def normalize_title(title: str | None) -> str:
    """A title reduced for comparison: NFKC, case-folded, punctuation removed."""
    if not title:
        return ""
    text = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())
