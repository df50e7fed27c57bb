"""BibTeX for a domain's papers: one entry per paper, keyed by its citation key."""

from __future__ import annotations

import re
from collections.abc import Sequence

from paperprep.brief.text import links, one_line
from paperprep.models import PaperRecord

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    # BibTeX counts braces even after a backslash, so "\{" could unbalance an entry.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_CONFERENCE = re.compile(
    r"proceedings|conference|workshop|symposium|\b(kdd|sigir|recsys|www|icml|neurips|nips|cikm|"
    r"wsdm|aaai|ijcai|cvpr|iccv|eccv|acl|emnlp|naacl|iclr|icdm|ccs|nsdi|uai|aistats|dlrs)\b"
    r"|\b(19|20)\d\d\b",
    re.IGNORECASE,
)


def _latex(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in one_line(text))


def _bib_keys(records: Sequence[PaperRecord]) -> list[str]:
    keys: list[str] = []
    used: set[str] = set()
    for r in records:
        base = re.sub(r"[^A-Za-z0-9_:-]", "", r.key) or f"paper{r.id}"
        key, suffix = base, 0
        while key.lower() in used:
            suffix += 1
            key = f"{base}{chr(ord('a') + suffix - 1) if suffix <= 26 else suffix}"
        used.add(key.lower())
        keys.append(key)
    return keys


def to_bibtex(records: list[PaperRecord]) -> str:
    """BibTeX entries for ``records`` (sorted by key), with DOI and arXiv fields.

    Keys are the library's citation keys, made unique (``a``, ``b`` … suffixes) and stable for
    the same input.
    """
    ordered = sorted(records, key=lambda r: (r.key, r.id))
    entries = []
    for key, r in zip(_bib_keys(ordered), ordered, strict=True):
        venue = r.venue or ""
        arxiv_only = bool(r.arxiv_id) and (not venue or "arxiv" in venue.lower())
        fields: list[tuple[str, str]] = [("title", "{" + _latex(r.title) + "}")]
        if r.authors:
            fields.append(("author", " and ".join(_latex(a) for a in r.authors)))
        if arxiv_only:
            kind = "misc"
            fields.append(("howpublished", f"arXiv:{r.arxiv_id}"))
        elif venue and _CONFERENCE.search(venue):
            kind = "inproceedings"
            fields.append(("booktitle", _latex(venue)))
        elif venue:
            kind = "article"
            fields.append(("journal", _latex(venue)))
        else:
            kind = "misc"
        if r.year is not None:
            fields.append(("year", str(r.year)))
        if r.doi:
            fields.append(("doi", _latex(r.doi)))
        if r.arxiv_id:
            fields += [("eprint", r.arxiv_id), ("archiveprefix", "arXiv")]
        found = links(r)
        if found:
            fields.append(("url", found[0]["url"]))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(entries)
