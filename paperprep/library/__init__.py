"""The SQLite library: papers, PDFs, extracted text, evidence, notes and the full-text index.

This package is the only code that talks to the database (sqlite-utils for writes, ``sqlite3``
for reads). Every multi-row write runs in one transaction, so an interrupted run leaves either
the old state or the new one.

:class:`Library` is put together from one part per concern: :mod:`~paperprep.library.base` (the
connection, WAL, the busy timeout, error mapping, transactions), :mod:`~paperprep.library.papers`
(storing, merging and fixing papers; status, tags, domains), :mod:`~paperprep.library.pdfs`
(PDFs and extracted text), :mod:`~paperprep.library.notes` (note files' state and fields),
:mod:`~paperprep.library.search` (full-text search), :mod:`~paperprep.library.records`
(whole records, lists, readiness), :mod:`~paperprep.library.manage` (removing and re-keying
papers, files staged for deletion) and :mod:`~paperprep.library.settings` (per-domain settings:
the interview date).
"""

from __future__ import annotations

from paperprep.library.base import BUSY_TIMEOUT_MS, now, one_line
from paperprep.library.manage import ManageMixin, StagedFile, check_key
from paperprep.library.notes import NoteState
from paperprep.library.papers import EDITABLE, citation_key
from paperprep.library.search import PAGE_BREAK, PARALLEL_ROWS
from paperprep.library.settings import DomainSettingsMixin

__all__ = [
    "BUSY_TIMEOUT_MS",
    "EDITABLE",
    "PAGE_BREAK",
    "PARALLEL_ROWS",
    "Library",
    "NoteState",
    "StagedFile",
    "check_key",
    "citation_key",
    "now",
    "one_line",
]


class Library(ManageMixin, DomainSettingsMixin):
    """Papers and everything known about them, in one SQLite file.

    :param conn: an open SQLite connection (file or memory); migrated on construction.

    Reads go straight to ``sqlite3``; writes go through sqlite-utils (``self.db``), which is
    imported on the first write, so read-only commands (``list``, ``show``, ``search``) start
    without it.
    """
