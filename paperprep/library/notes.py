"""Notes: what paperprep knows of each paper's note file, and the user's text per field.

One note per paper. Paths are stored relative to the library folder and handed out absolute
(:meth:`~paperprep.library.base.LibraryBase.full_path`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from paperprep.library.base import LibraryBase, now
from paperprep.models import NOTE_FIELDS


@dataclass
class NoteState:
    """What paperprep remembers of a paper's note file."""

    paper_id: int
    path: str
    #: The hash of what paperprep last wrote; the file still having it means "untouched".
    written_hash: str | None
    #: The hash of the file as it was last read (or written): unchanged means nothing to sync.
    seen_hash: str | None
    #: The user has touched the file (now or ever): it is never re-rendered, only inserted into.
    user_edited: bool
    #: status and tags as the note's front matter last said them (to tell user edits apart).
    front: dict[str, Any] = field(default_factory=dict)
    #: Evidence quotes this note has been offered (a quote the user deleted is not offered again).
    offered: list[str] = field(default_factory=list)


@dataclass
class LegacyNote:
    """A note of the per-domain layout (before one note per paper), waiting to be merged."""

    paper_id: int
    domain: str
    path: str
    written_hash: str | None
    seen_hash: str | None
    user_edited: bool
    offered: list[str]
    #: The user's text per field as the library last synced it.
    fields: dict[str, str]


class NotesMixin(LibraryBase):
    """Note files' state and the user's text of each field."""

    def note_state(self, paper_id: int) -> NoteState | None:
        found = self._note_states("where n.paper_id = ?", [paper_id])
        return found[0] if found else None

    def note_states(self, domain: str | None = None) -> list[NoteState]:
        """Every note's state (or only those of ``domain``'s papers), by paper id."""
        if domain is None:
            return self._note_states("", [])
        return self._note_states(
            "where n.paper_id in (select paper_id from paper_domains where domain = ?)", [domain]
        )

    def _note_states(self, where: str, params: list[Any]) -> list[NoteState]:
        # Read through the raw cursor: with 100,000 notes, sqlite-utils' dict rows doubled the cost.
        sql = (
            "select paper_id, path, written_hash, seen_hash, user_edited, front, offered "
            f"from notes n {where} order by paper_id"
        )
        loads = json.loads
        full = self.full_path
        return [
            NoteState(
                paper_id,
                full(path) or path,
                written,
                seen,
                bool(edited),
                loads(front) if front and front != "{}" else {},
                loads(offered) if offered and offered != "[]" else [],
            )
            for paper_id, path, written, seen, edited, front, offered in self.conn.execute(
                sql, params
            )
        ]

    def save_note_state(self, state: NoteState) -> None:
        with self.transaction():
            self.db.table("notes").upsert(
                {
                    "paper_id": state.paper_id,
                    "path": self.stored_path(state.path),
                    "written_hash": state.written_hash,
                    "seen_hash": state.seen_hash,
                    "user_edited": int(state.user_edited),
                    "front": json.dumps(state.front, ensure_ascii=False, default=str),
                    "offered": json.dumps(state.offered, ensure_ascii=False),
                    "synced_at": now(),
                },
                pk="paper_id",
            )

    def save_note_fields(self, paper_id: int, fields: Mapping[str, str]) -> None:
        """Store the user's text of each note field (and index it for search).

        Only the fields given change; the others keep the text the library has.
        """
        given = {f: t for f, t in fields.items() if f in NOTE_FIELDS}
        with self.transaction():
            self.conn.execute(
                "delete from note_fields where paper_id = ? "
                "and field in (select value from json_each(?))",
                [paper_id, json.dumps(list(given))],
            )
            self.conn.execute(
                "delete from search_index where paper_id = ? and kind = 'note' "
                "and loc in (select value from json_each(?))",
                [paper_id, json.dumps(list(given))],
            )
            for name, text in given.items():
                self.conn.execute(
                    "insert into note_fields (paper_id, field, text) values (?, ?, ?)",
                    [paper_id, name, text],
                )
                if text.strip():
                    self.conn.execute(
                        "insert into search_index (title, body, paper_id, kind, loc) "
                        "values ('', ?, ?, 'note', ?)",
                        [text, paper_id, name],
                    )

    def note_fields(self, paper_id: int) -> dict[str, str]:
        return {
            r["field"]: r["text"]
            for r in self._query(
                "select field, text from note_fields where paper_id = ?", [paper_id]
            )
        }

    # -- the per-domain layout, until it is merged ------------------------------------------

    def has_legacy_notes(self) -> bool:
        """Whether notes of the per-domain layout still wait to be merged (a cheap check)."""
        found = self.conn.execute(
            "select 1 from sqlite_master where type = 'table' and name = 'legacy_notes'"
        ).fetchone()
        return found is not None

    def legacy_notes(self) -> dict[int, list[LegacyNote]]:
        """The per-domain notes still to merge, by paper (domains in name order)."""
        out: dict[int, list[LegacyNote]] = {}
        if not self.has_legacy_notes():
            return out
        fields: dict[tuple[int, str], dict[str, str]] = {}
        for r in self._query("select paper_id, domain, field, text from legacy_note_fields"):
            fields.setdefault((r["paper_id"], r["domain"]), {})[r["field"]] = r["text"]
        for r in self._query(
            "select paper_id, domain, path, written_hash, seen_hash, user_edited, offered "
            "from legacy_notes order by paper_id, domain"
        ):
            out.setdefault(r["paper_id"], []).append(
                LegacyNote(
                    r["paper_id"],
                    r["domain"],
                    r["path"],
                    r["written_hash"],
                    r["seen_hash"],
                    bool(r["user_edited"]),
                    json.loads(r["offered"] or "[]"),
                    fields.get((r["paper_id"], r["domain"]), {}),
                )
            )
        return out

    def forget_legacy_notes(self, paper_id: int) -> None:
        """The paper's per-domain notes are merged: drop their rows (and old index rows)."""
        with self.transaction():
            self.conn.execute("delete from legacy_notes where paper_id = ?", [paper_id])
            self.conn.execute("delete from legacy_note_fields where paper_id = ?", [paper_id])
            self.conn.execute(
                "delete from search_index where paper_id = ? and kind = 'note' and loc like '%:%'",
                [paper_id],
            )

    def drop_legacy_notes(self) -> None:
        """Every per-domain note is merged: drop the old tables."""
        with self.transaction():
            self.conn.execute("drop table if exists legacy_note_fields")
            self.conn.execute("drop table if exists legacy_notes")
