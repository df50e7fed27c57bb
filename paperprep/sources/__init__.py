"""Search sources: each turns a :class:`~paperprep.models.Domain` into candidate papers.

Every adapter keeps a pure mapping (``to_paper(record) -> Paper``, tested on recorded payloads)
apart from its fetch part, and does all its I/O through the one :class:`~paperprep.http.Http`.
Sources return models and never touch the library.
"""

from __future__ import annotations

from typing import Protocol

from paperprep.errors import ConfigError
from paperprep.http import Http
from paperprep.models import Domain, Paper
from paperprep.settings import Settings

#: Every source, in the order ``--sources`` lists them by default.
SOURCE_NAMES: tuple[str, ...] = ("scholar", "arxiv", "openalex")


class Source(Protocol):
    """A search service."""

    name: str

    def search(self, domain: Domain, *, limit: int, since: int | None) -> list[Paper]:
        """Up to ``limit`` papers per query of ``domain`` (published in or after ``since``).

        :raises SourceError: the service failed; :raises SourceBlocked: it refused us.
        """
        ...


def make_source(name: str, settings: Settings, http: Http) -> Source:
    """The source called ``name`` ("arxiv", "openalex" or "scholar")."""
    if name == "arxiv":
        from paperprep.sources.arxiv import ArxivSource

        return ArxivSource(settings, http)
    if name == "openalex":
        from paperprep.sources.openalex import OpenAlexSource

        return OpenAlexSource(settings, http)
    if name == "scholar":
        from paperprep.sources.scholar import ScholarSource

        return ScholarSource(settings, http)
    raise ConfigError(f"unknown source {name!r}; choose from {', '.join(SOURCE_NAMES)}")
