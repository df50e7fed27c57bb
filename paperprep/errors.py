"""Typed errors. Library code raises these; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class PaperprepError(Exception):
    """A problem the user can act on; its message is one line, shown without a traceback."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class ConfigError(PaperprepError):
    """A settings file, environment variable or option value is invalid."""


class NotFound(PaperprepError):
    """A paper, domain or file the user named does not exist."""


class DomainError(PaperprepError):
    """A domain file is invalid (names the file, the key and the problem)."""


class UnknownDomain(NotFound):
    """No domain has this name or alias."""


class SourceError(PaperprepError):
    """A search source failed (network, blocked, rate limited, bad response)."""

    def __init__(self, source: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(f"{source}: {message}", hint=hint)
        self.source = source


class SourceBlocked(SourceError):
    """The service refused us (CAPTCHA, 403, rate limit that outlasted the retries)."""


class DownloadError(PaperprepError):
    """A PDF could not be downloaded or what came back was not a PDF."""


class ExtractError(PaperprepError):
    """A PDF could not be read: corrupt, encrypted, empty, not a PDF, or without a text layer."""


class NoteParseError(PaperprepError):
    """A note file could not be read back (malformed front matter, unreadable file)."""


class LibraryLocked(PaperprepError):
    """Another process holds the library database locked for longer than the busy timeout."""


class LibraryReadOnly(PaperprepError):
    """The library is on a read-only disk or folder: reading works, this command writes."""


class LibraryDamaged(PaperprepError):
    """The library database is corrupt (``PRAGMA quick_check`` fails, SQLite says malformed)."""


class StorageFull(PaperprepError):
    """The disk (or quota) is full: the write was abandoned, nothing half-written was kept."""


class TemplateError(PaperprepError):
    """A Jinja template (built-in or the user's copy) failed to render."""
