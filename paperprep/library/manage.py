"""Managing the library: removing papers, re-keying them, and files waiting to be deleted.

A file cannot be deleted inside a database transaction, so a write that stops needing a file
*stages* it in ``pending_removals`` (in the same transaction); the caller deletes the file after
the commit and then forgets the row. A crash in between leaves the row, and the next command
finishes the job (:meth:`ManageMixin.pending_removals`). Each row carries the sha256 the file
must still have: a file the user changed meanwhile is kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from paperprep.errors import PaperprepError
from paperprep.library.base import now
from paperprep.library.records import RecordsMixin

#: A citation key as ``edit --key`` accepts it: what BibTeX, Obsidian and every file system take
#: as is. Letters, digits, ``_ - . +``; starts with a letter or digit; at most 60 characters.
KEY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+\-]{0,59}")

#: Tables holding a paper's rows (besides ``papers``; the foreign keys cascade too).
PAPER_TABLES = (
    "paper_domains",
    "tags",
    "pdfs",
    "pages",
    "sections",
    "evidence",
    "key_facts",
    "note_fields",
    "notes",
)


@dataclass(frozen=True)
class StagedFile:
    """A file to delete after the commit, if it still has ``sha256`` (None: whatever it has)."""

    path: str
    sha256: str | None
    reason: str


def check_key(key: str) -> str:
    """``key`` if it is a usable citation key, else a clear error saying what is allowed."""
    text = key.strip()
    if not KEY_RE.fullmatch(text) or ".." in text or text.endswith("."):
        raise PaperprepError(
            f"{key!r} is not a usable citation key",
            hint="use letters, digits and _ - . + (at most 60, starting with a letter or "
            "digit), e.g. cheng2016wide",
        )
    if text.isdigit():
        raise PaperprepError(
            f"{key!r} is all digits: paperprep would read it as a paper id",
            hint="add a letter, e.g. paper" + text,
        )
    return text


class ManageMixin(RecordsMixin):
    """Removing papers, changing their key, and the files staged for deletion."""

    # -- files to delete after a commit ------------------------------------------------------

    def stage_removals(self, files: Iterable[StagedFile]) -> None:
        with self.transaction():
            for f in files:
                self.conn.execute(
                    "insert or replace into pending_removals (path, sha256, reason, added_at) "
                    "values (?, ?, ?, ?)",
                    [self.stored_path(f.path), f.sha256, f.reason, now()],
                )

    def unstage_removals(self, paths: Iterable[str]) -> None:
        with self.transaction():
            for path in paths:
                self.conn.execute(
                    "delete from pending_removals where path = ?", [self.stored_path(path)]
                )

    def pending_removals(self) -> list[StagedFile]:
        """The files still to delete (full paths), oldest first."""
        return [
            StagedFile(self.full_path(r["path"]) or r["path"], r["sha256"], r["reason"])
            for r in self._query(
                "select path, sha256, reason from pending_removals order by added_at, path"
            )
        ]

    # -- removing papers ---------------------------------------------------------------------

    def delete_papers(self, paper_ids: Sequence[int], files: Iterable[StagedFile] = ()) -> None:
        """Remove the papers and every row about them (domains, tags, PDF record, text,
        sections, evidence, key facts, note state and fields, search index) and stage
        ``files`` for deletion, all in one transaction."""
        ids = json.dumps(list(paper_ids))
        with self.transaction():
            self.conn.execute(
                "delete from search_index where paper_id in (select value from json_each(?))",
                [ids],
            )
            for table in PAPER_TABLES:
                self.conn.execute(
                    f"delete from {table} where paper_id in (select value from json_each(?))",
                    [ids],
                )
            if self.has_legacy_notes():
                for table in ("legacy_note_fields", "legacy_notes"):
                    self.conn.execute(
                        f"delete from {table} where paper_id in (select value from json_each(?))",
                        [ids],
                    )
            self.conn.execute(
                "delete from papers where id in (select value from json_each(?))", [ids]
            )
            self.stage_removals(files)

    # -- changing a key ----------------------------------------------------------------------

    def key_owner(self, key: str) -> tuple[int, str] | None:
        """The paper (id, key) whose key is ``key``, ignoring case (``Cheng2016wide`` and
        ``cheng2016wide`` would share a note file on macOS and Windows)."""
        for r in self._query(
            "select id, key from papers where lower(key) = lower(?) limit 1", [key]
        ):
            return int(r["id"]), str(r["key"])
        return None

    def free_key(self, base: str, exclude: int | None = None) -> str:
        """``base`` or the first free ``base`` + b, c, …: a key to suggest."""
        key, n = base, 0
        while True:
            owner = self.key_owner(key)
            if owner is None or owner[0] == exclude:
                return key
            n += 1
            key = f"{base}{chr(ord('a') + n)}" if n < 26 else f"{base}{n}"

    def previous_keys(self, paper_id: int) -> list[str]:
        row = self._row(paper_id)
        return list(json.loads(row["previous_keys"] or "[]"))

    def change_key(
        self,
        paper_id: int,
        new_key: str,
        *,
        note_path: str | None,
        pdf_path: str | None,
        stage: Iterable[StagedFile] = (),
        unstage: Iterable[str] = (),
    ) -> None:
        """Give the paper ``new_key`` (pinned: sources never change it) and point its note and
        PDF records at their new paths, in one transaction; the old key is remembered (it still
        finds the paper). ``stage``/``unstage``: the files this makes obsolete / needed again."""
        with self.transaction():
            row = self._row(paper_id)
            owner = self.key_owner(new_key)
            if owner is not None and owner[0] != paper_id:
                raise PaperprepError(
                    f"the key {new_key!r} is taken by another paper ({owner[1]})",
                    hint=f"choose another, e.g. {self.free_key(new_key)}",
                )
            old = str(row["key"])
            previous = [k for k in json.loads(row["previous_keys"] or "[]") if k != new_key]
            if old != new_key and old not in previous:
                previous.append(old)
            locked = sorted(set(json.loads(row["locked"] or "[]")) | {"key"})
            self.conn.execute(
                "update papers set key = ?, previous_keys = ?, locked = ?, updated_at = ? "
                "where id = ?",
                [
                    new_key,
                    json.dumps(previous, ensure_ascii=False),
                    json.dumps(locked),
                    now(),
                    paper_id,
                ],
            )
            if note_path is not None:
                self.conn.execute(
                    "update notes set path = ? where paper_id = ?",
                    [self.stored_path(note_path), paper_id],
                )
            if pdf_path is not None:
                self.conn.execute(
                    "update pdfs set path = ? where paper_id = ?",
                    [self.stored_path(pdf_path), paper_id],
                )
            self.unstage_removals(unstage)
            self.stage_removals(stage)
