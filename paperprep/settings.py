"""Where the library lives and how to reach the services, resolved once and passed down.

Precedence for every value: command-line option > environment variable > ``config.toml`` in the
library folder > default. Nothing below the CLI reads the environment itself.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from paperprep.errors import ConfigError

APP_NAME = "paperprep"

DEFAULT_SCHOLAR_URL = "https://scholar.google.com"
DEFAULT_ARXIV_URL = "https://export.arxiv.org/api/query"
DEFAULT_OPENALEX_URL = "https://api.openalex.org"
DEFAULT_ARXIV_PDF_URL = "https://arxiv.org/pdf"


def default_home() -> Path:
    """The platform's user data dir for paperprep (e.g. ~/.local/share/paperprep)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Resolved paths and service settings for one run."""

    home: Path
    scholar_url: str = DEFAULT_SCHOLAR_URL
    arxiv_url: str = DEFAULT_ARXIV_URL
    openalex_url: str = DEFAULT_OPENALEX_URL
    #: Base of arXiv PDF links built from an id when an entry has none (``{base}/{id}``).
    arxiv_pdf_url: str = DEFAULT_ARXIV_PDF_URL
    openalex_key: str | None = None
    #: Contact e-mail sent in the User-Agent (services ask for one).
    mailto: str | None = None
    scholar_proxy: str | None = None
    scraperapi_key: str | None = None
    #: Seconds between two arXiv API requests (the service asks for >= 3).
    arxiv_delay: float = 3.0
    #: Minimum seconds between two requests to one host (other than arXiv's API).
    host_delay: float = 1.0
    #: HTTP timeout in seconds (connect and each read).
    timeout: float = 30.0
    retries: int = 4
    #: Seconds one API request may take in all, however the server trickles its answer.
    deadline: float = 120.0
    #: Seconds one PDF download may take in all.
    pdf_deadline: float = 300.0
    #: Largest PDF we download, in bytes.
    max_pdf_bytes: int = 60 * 1024 * 1024
    #: Largest API answer (Scholar page, arXiv feed, OpenAlex JSON) we read, in decoded bytes.
    max_answer_bytes: int = 32 * 1024 * 1024
    #: Seconds one PDF may take to extract before it is given up on.
    extract_timeout: float = 120.0
    #: Pages read at most from one PDF.
    max_pages: int = 400
    #: Extraction engine: "auto" (pdfium, pypdf fallback), "pdfium" or "pypdf".
    engine: str = "auto"
    #: Worker processes for extraction; 0 = one per core.
    workers: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def db_path(self) -> Path:
        return self.home / "library.db"

    @property
    def pdf_dir(self) -> Path:
        return self.home / "pdfs"

    @property
    def notes_dir(self) -> Path:
        return self.home / "notes"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def exports_dir(self) -> Path:
        return self.home / "exports"

    @property
    def user_templates_dir(self) -> Path:
        return self.home / "templates"

    @property
    def user_domains_dir(self) -> Path:
        return self.home / "domains"

    @property
    def config_path(self) -> Path:
        return self.home / "config.toml"


_ENV = {
    "scholar_url": "PAPERPREP_SCHOLAR_URL",
    "arxiv_url": "PAPERPREP_ARXIV_URL",
    "openalex_url": "PAPERPREP_OPENALEX_URL",
    "arxiv_pdf_url": "PAPERPREP_ARXIV_PDF_URL",
    "openalex_key": "PAPERPREP_OPENALEX_KEY",
    "mailto": "PAPERPREP_MAILTO",
    "scholar_proxy": "PAPERPREP_SCHOLAR_PROXY",
    "scraperapi_key": "PAPERPREP_SCRAPERAPI_KEY",
    "arxiv_delay": "PAPERPREP_ARXIV_DELAY",
    "host_delay": "PAPERPREP_HOST_DELAY",
    "timeout": "PAPERPREP_TIMEOUT",
    "deadline": "PAPERPREP_DEADLINE",
    "pdf_deadline": "PAPERPREP_PDF_DEADLINE",
    "retries": "PAPERPREP_RETRIES",
    "engine": "PAPERPREP_ENGINE",
    "workers": "PAPERPREP_WORKERS",
    "extract_timeout": "PAPERPREP_EXTRACT_TIMEOUT",
}

#: config.toml keys: ``[scholar] url, proxy, scraperapi_key``; ``[arxiv] url, delay, pdf_url``;
#: ``[openalex] url, api_key, mailto``; ``[http] timeout, deadline, pdf_deadline, retries,
#: host_delay``;
#: ``[extract] engine, workers, timeout, max_pages``.
_CONFIG_KEYS = {
    ("scholar", "url"): "scholar_url",
    ("scholar", "proxy"): "scholar_proxy",
    ("scholar", "scraperapi_key"): "scraperapi_key",
    ("arxiv", "url"): "arxiv_url",
    ("arxiv", "delay"): "arxiv_delay",
    ("arxiv", "pdf_url"): "arxiv_pdf_url",
    ("openalex", "url"): "openalex_url",
    ("openalex", "api_key"): "openalex_key",
    ("openalex", "mailto"): "mailto",
    ("http", "timeout"): "timeout",
    ("http", "deadline"): "deadline",
    ("http", "pdf_deadline"): "pdf_deadline",
    ("http", "retries"): "retries",
    ("http", "host_delay"): "host_delay",
    ("extract", "engine"): "engine",
    ("extract", "workers"): "workers",
    ("extract", "timeout"): "extract_timeout",
    ("extract", "max_pages"): "max_pages",
}

_FLOATS = {"arxiv_delay", "host_delay", "timeout", "extract_timeout", "deadline", "pdf_deadline"}
_INTS = {"retries", "workers", "max_pages", "max_pdf_bytes", "max_answer_bytes"}
#: Values that must be above zero (a zero timeout fails every request; zero pages reads nothing).
_POSITIVE = {
    "timeout",
    "deadline",
    "pdf_deadline",
    "max_pages",
    "max_pdf_bytes",
    "max_answer_bytes",
}
#: Largest value of any number setting: a day of seconds, and far more pages, tries or workers
#: than make sense (a bigger one is a typo, or ``1e308`` overflowing a clock later).
_MOST = {"retries": 100, "workers": 256, "max_pages": 1_000_000}
_MOST_SECONDS = 86400.0
_URLS = ("scholar_url", "arxiv_url", "openalex_url", "arxiv_pdf_url")
ENGINES = ("auto", "pdfium", "pypdf")


def _number(name: str, value: Any, where: str) -> float | int:
    if isinstance(value, bool):
        raise ValueError
    if name in _FLOATS:
        number: float | int = float(value)
        if not math.isfinite(number):
            raise ValueError
        most: float = _MOST_SECONDS
    else:
        if isinstance(value, float) and not value.is_integer():
            raise ValueError
        number = int(value)
        most = _MOST.get(name, float("inf"))
    if number < 0 or (number == 0 and name in _POSITIVE):
        raise ValueError
    if number > most:
        raise ConfigError(f"{where}: {name} must be at most {most:g}, got {value!r}")
    return number


def check_url(value: str, where: str, *, schemes: tuple[str, ...] = ("http", "https")) -> str:
    """``value`` if it is a usable URL (scheme, host, valid port), else a :class:`ConfigError`."""
    problem = None
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError as exc:
        problem = str(exc)
    else:
        if parts.scheme.lower() not in schemes:
            problem = f"the scheme must be {' or '.join(s + '://' for s in schemes)}"
        elif not parts.hostname:
            problem = "it has no host"
        elif any(c.isspace() or ord(c) < 32 for c in value):
            problem = "it contains spaces or control characters"
    if problem:
        raise ConfigError(f"{where}: {value!r} is not a usable URL ({problem})")
    return value


def _coerce(name: str, value: Any, where: str) -> Any:
    if name in _FLOATS or name in _INTS:
        try:
            return _number(name, value, where)
        except (TypeError, ValueError, OverflowError):
            kind = "a positive" if name in _POSITIVE else "a non-negative"
            whole = "whole " if name in _INTS else ""
            raise ConfigError(
                f"{where}: {name} must be {kind} {whole}number, got {value!r}"
            ) from None
    if name == "engine" and value not in ENGINES:
        raise ConfigError(f"{where}: engine must be one of {', '.join(ENGINES)}, got {value!r}")
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{where}: {name} must be text, got {value!r}")
    if name in _URLS and value is not None:
        return check_url(value.strip(), where)
    if name == "scholar_proxy" and value:
        shown = value if "://" in value else f"http://{value}"
        check_url(shown, where, schemes=("http", "https", "socks5", "socks5h"))
    return value


def load_settings(
    library: Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Resolve settings from options, environment and the library's ``config.toml``.

    :param library: the ``--library DIR`` option, if given; it wins over ``PAPERPREP_HOME``.
    :param env: the environment to read (``os.environ`` when None).
    :param overrides: values given on the command line (None means "not given").
    """
    env = os.environ if env is None else env
    if library is not None:
        home = library
    elif env.get("PAPERPREP_HOME"):
        home = Path(env["PAPERPREP_HOME"])
    else:
        home = default_home()
    home = home.expanduser().resolve()
    values: dict[str, Any] = {}
    config_file = home / "config.toml"
    if config_file.is_file():
        import tomllib

        try:
            data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{config_file}: cannot read it ({exc})") from None
        except RecursionError:
            raise ConfigError(f"{config_file}: cannot read it (nested too deeply)") from None
        for (section, key), name in _CONFIG_KEYS.items():
            table = data.get(section)
            if isinstance(table, dict) and key in table:
                values[name] = _coerce(name, table[key], f"{config_file} [{section}] {key}")
    for name, var in _ENV.items():
        if env.get(var):
            values[name] = _coerce(name, env[var], var)
    for name, value in overrides.items():
        if value is not None:
            values[name] = _coerce(name, value, f"--{name.replace('_', '-')}")
    for name in ("scholar_url", "openalex_url", "arxiv_pdf_url"):
        if name in values:
            values[name] = str(values[name]).rstrip("/")
    return Settings(home=home, **values)
