"""Notes: what paperprep knows of each note file, and the user's text per field."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from paperprep.library.base import LibraryBase, now
from paperprep.models import (
    NOTE_FIELDS,
)


@dataclass
class NoteState:
    paper_id: int
    domain: str
    path: str
    written_hash: str | None
    seen_hash: str | None
    user_edited: bool
    #: status and tags as the note's front matter last said them (to tell user edits apart).
    front: dict[str, Any] = field(default_factory=dict)
    #: Evidence quotes this note has been offered (a quote the user deleted is not offered again).
    offered: list[str] = field(default_factory=list)


class NotesMixin(LibraryBase):
    """Note files' state and the user's text of each field."""

    def note_state(self, paper_id: int, domain: str) -> NoteState | None:
        found = self._note_states("where paper_id = ? and domain = ?", [paper_id, domain])
        return found[0] if found else None

    def note_states(self, domain: str | None = None) -> list[NoteState]:
        """Every note's state (or only ``domain``'s), by paper id then domain."""
        if domain is None:
            return self._note_states("", [])
        return self._note_states("where domain = ?", [domain])

    def _note_states(self, where: str, params: list[Any]) -> list[NoteState]:
        # Read through the raw cursor: with 100,000 notes, sqlite-utils' dict rows doubled the cost.
        sql = (
            "select paper_id, domain, path, written_hash, seen_hash, user_edited, front, offered "
            f"from notes {where} order by paper_id, domain"
        )
        loads = json.loads
        return [
            NoteState(
                paper_id,
                dom,
                path,
                written,
                seen,
                bool(edited),
                loads(front) if front and front != "{}" else {},
                loads(offered) if offered and offered != "[]" else [],
            )
            for paper_id, dom, path, written, seen, edited, front, offered in self.conn.execute(
                sql, params
            )
        ]

    def save_note_state(self, state: NoteState) -> None:
        with self.transaction():
            self.db.table("notes").upsert(
                {
                    "paper_id": state.paper_id,
                    "domain": state.domain,
                    "path": state.path,
                    "written_hash": state.written_hash,
                    "seen_hash": state.seen_hash,
                    "user_edited": int(state.user_edited),
                    "front": json.dumps(state.front, ensure_ascii=False),
                    "offered": json.dumps(state.offered, ensure_ascii=False),
                    "synced_at": now(),
                },
                pk=("paper_id", "domain"),
            )

    def save_note_fields(self, paper_id: int, domain: str, fields: Mapping[str, str]) -> None:
        """Store the user's text of each note field (and index it for search)."""
        with self.transaction():
            self.conn.execute(
                "delete from note_fields where paper_id = ? and domain = ?", [paper_id, domain]
            )
            self.conn.execute(
                "delete from search_index where paper_id = ? and kind = 'note' "
                "and loc in (select value from json_each(?))",
                [paper_id, json.dumps([f"{domain}:{f}" for f in NOTE_FIELDS])],
            )
            for field, text in fields.items():
                if field not in NOTE_FIELDS:
                    continue
                self.conn.execute(
                    "insert into note_fields (paper_id, domain, field, text) values (?, ?, ?, ?)",
                    [paper_id, domain, field, text],
                )
                if text.strip():
                    self.conn.execute(
                        "insert into search_index (title, body, paper_id, kind, loc) "
                        "values ('', ?, ?, 'note', ?)",
                        [text, paper_id, f"{domain}:{field}"],
                    )

    def note_fields(self, paper_id: int, domain: str) -> dict[str, str]:
        return {
            r["field"]: r["text"]
            for r in self._query(
                "select field, text from note_fields where paper_id = ? and domain = ?",
                [paper_id, domain],
            )
        }
