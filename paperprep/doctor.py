"""``paperprep doctor``: configuration, library, versions, and which sources answer."""

from __future__ import annotations

import importlib.metadata
import platform
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from paperprep import __version__
from paperprep.errors import LibraryDamaged, PaperprepError
from paperprep.settings import Settings

PACKAGES = (
    "typer",
    "rich",
    "sqlite-utils",
    "jinja2",
    "httpx",
    "pypdf",
    "pypdfium2",
    "arxiv",
    "scholarly",
)


@dataclass
class Check:
    name: str
    ok: bool
    detail: str

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _fts5() -> bool:
    try:
        conn = sqlite3.connect(":memory:")
        conn.execute("create virtual table t using fts5(x)")
        conn.close()
    except sqlite3.Error:
        return False
    return True


def _reach(name: str, url: str, settings: Settings, probe: bool) -> Check:
    """Whether a service answers, asked once through paperprep's own client (its proxy, the
    answer cap and an overall deadline: a server that trickles cannot hang ``doctor``)."""
    if not probe:
        return Check(name, True, f"{url} (not contacted: --offline)")
    from dataclasses import replace

    from paperprep.errors import SourceBlocked, SourceError
    from paperprep.http import Http

    host = urlsplit(url).netloc or url
    quick = replace(
        settings,
        retries=0,
        timeout=min(settings.timeout, 8.0),
        deadline=min(settings.deadline, 15.0),
    )
    with Http(quick) as http:
        try:
            resp = http.get_text(url, source=name, cache=False)
        except SourceBlocked as exc:
            return Check(name, False, f"{host}: blocked or rate limited ({exc})")
        except SourceError as exc:
            return Check(name, False, str(exc))
    if resp.status in (403, 429) or "captcha" in resp.text[:20000].lower():
        return Check(name, False, f"{host} answered {resp.status}: blocked or rate limited")
    return Check(name, resp.status < 500, f"{host} answered HTTP {resp.status}")


def _quick_check(db: Path) -> list[str]:
    """``PRAGMA quick_check`` on a read-only connection (it works even when the library cannot
    be opened normally, or sits on a read-only disk): the problems found, empty when sound.

    :raises PaperprepError: the file cannot be opened at all.
    """
    from paperprep.library.base import connect_read_only

    conn = connect_read_only(db)
    try:
        rows = [str(r[0]) for r in conn.execute("pragma quick_check(20)")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [r for r in rows if r != "ok"]


def _database(db: Path) -> Check:
    """The library database: sound (``quick_check`` and the search index's own check), what it
    holds, whether it is read-only."""
    from paperprep.library import Library

    try:
        problems = _quick_check(db)
    except PaperprepError as exc:
        if isinstance(exc, LibraryDamaged):
            problems = [str(exc)]
        else:
            return Check("database", False, str(exc))
    detail = ""
    if not problems:
        try:
            lib = Library.open(db)
            try:
                problems = lib.check_search_index()
                names = ", ".join(lib.domain_names()) or "none"
                read_only = "; read-only" if lib.read_only else ""
                detail = f"{db} ({lib.count()} papers, domains: {names}{read_only})"
            finally:
                lib.close()
        except Exception as exc:  # doctor reports every failure instead of stopping at one
            return Check("database", False, str(exc) if str(db) in str(exc) else f"{db}: {exc}")
    if problems:
        shown = "; ".join(problems[:3]) + (" …" if len(problems) > 3 else "")
        return Check(
            "database",
            False,
            f"{db} is damaged: PRAGMA quick_check found {len(problems)} problem(s): {shown} — "
            "keep a copy, then `sqlite3 library.db .recover | sqlite3 recovered.db`; your "
            "notes are untouched in notes/",
        )
    return Check("database", True, detail + " — quick_check ok")


def run_doctor(settings: Settings, *, probe: bool = True) -> Report:
    """Everything worth knowing when something does not work."""
    report = Report()
    add = report.checks.append
    add(Check("paperprep", True, f"{__version__} on Python {platform.python_version()}"))
    add(Check("packages", True, ", ".join(f"{p} {_version(p)}" for p in PACKAGES)))
    add(
        Check(
            "sqlite",
            _fts5(),
            f"SQLite {sqlite3.sqlite_version}, FTS5 {'yes' if _fts5() else 'MISSING'}",
        )
    )
    add(Check("library", True, str(settings.home)))
    db = settings.db_path
    if db.exists():
        add(_database(db))
    else:
        add(Check("database", True, f"{db} (not created yet)"))
    config = settings.config_path
    add(
        Check("config", True, f"{config}" + ("" if config.exists() else " (none; defaults in use)"))
    )
    key = "set" if settings.openalex_key else "not set (tiny daily budget without one)"
    add(Check("openalex key", True, f"PAPERPREP_OPENALEX_KEY {key}"))
    proxy = "ScraperAPI" if settings.scraperapi_key else (settings.scholar_proxy or "none")
    add(Check("scholar proxy", True, proxy))
    add(
        _reach(
            "arxiv",
            f"{settings.arxiv_url}?search_query=all:recommender&max_results=1",
            settings,
            probe,
        )
    )
    add(_reach("openalex", f"{settings.openalex_url}/works?per-page=1", settings, probe))
    add(_reach("scholar", f"{settings.scholar_url}/scholar?q=recommender", settings, probe))
    return report
