"""The handle every workflow takes: resolved settings, the open library and an event sink.

Kept apart from ``workflows`` so that read-only commands (``list``, ``show``, ``search``,
``progress``) open the library without importing the note, extraction and fetch machinery.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from paperprep.errors import PaperprepError
from paperprep.files import remove_partials, sha256_file
from paperprep.library import Library
from paperprep.models import Domain
from paperprep.settings import Settings


@dataclass(frozen=True)
class Event:
    """Something a workflow wants the user to know.

    ``kind`` is info, warn, error, stage (a stage starts, with ``total`` steps) or progress (one
    step of ``stage`` done).
    """

    kind: str
    message: str
    item: str | None = None
    #: For progress: which stage ("search", "pdf") and, on "stage" events, how many steps it has.
    stage: str | None = None
    total: int | None = None
    #: How many steps a progress event completes.
    steps: int = 1


EventSink = Callable[[Event], None]


def _ignore(_: Event) -> None:
    return None


@dataclass
class App:
    """What every workflow needs: resolved settings and the open library."""

    settings: Settings
    library: Library
    on_event: EventSink = _ignore

    @classmethod
    def open(cls, settings: Settings, on_event: EventSink = _ignore) -> App:
        settings.home.mkdir(parents=True, exist_ok=True)
        app = cls(settings, Library.open(settings.db_path), on_event)
        # Temp files a killed run left behind are never mistaken for real ones; clear them.
        for folder in (settings.pdf_dir, settings.notes_dir):
            remove_partials(folder)
        if not app.library.read_only:
            # Files a killed `rm` or `edit --key` had committed to deleting: delete them now
            # (or at a later command, if the disk or the database says no just now).
            with contextlib.suppress(OSError, sqlite3.Error, PaperprepError):
                app.finish_removals()
        return app

    def finish_removals(self) -> list[str]:
        """Delete the files the library staged for deletion (``rm``, ``edit --key``), each only
        if it still has the content it had when staged; a file changed since is kept.

        :returns: the paths kept because they changed.
        """
        kept: list[str] = []
        done: list[str] = []
        for staged in self.library.pending_removals():
            path = Path(staged.path)
            try:
                if staged.sha256 is None or sha256_file(path) == staged.sha256:
                    os.unlink(path)
                else:
                    kept.append(staged.path)
            except FileNotFoundError:
                pass
            done.append(staged.path)
        if done:
            self.library.unstage_removals(done)
        return kept

    def close(self) -> None:
        self.library.close()

    def domain(self, name: str) -> Domain:
        from paperprep.domains import get_domain

        return get_domain(name, self.settings.user_domains_dir)
