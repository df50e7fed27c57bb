"""Where the library lives and how to reach the services, resolved once and passed down.

Precedence for every value: command-line option > environment variable > ``config.toml`` in the
library folder > default. Nothing below the CLI reads the environment itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    #: HTTP timeout in seconds (connect and read).
    timeout: float = 30.0
    retries: int = 4
    #: Largest PDF we download, in bytes.
    max_pdf_bytes: int = 60 * 1024 * 1024
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
    "retries": "PAPERPREP_RETRIES",
    "engine": "PAPERPREP_ENGINE",
    "workers": "PAPERPREP_WORKERS",
    "extract_timeout": "PAPERPREP_EXTRACT_TIMEOUT",
}

#: config.toml keys: ``[scholar] url, proxy, scraperapi_key``; ``[arxiv] url, delay, pdf_url``;
#: ``[openalex] url, api_key, mailto``; ``[http] timeout, retries, host_delay``;
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
    ("http", "retries"): "retries",
    ("http", "host_delay"): "host_delay",
    ("extract", "engine"): "engine",
    ("extract", "workers"): "workers",
    ("extract", "timeout"): "extract_timeout",
    ("extract", "max_pages"): "max_pages",
}

_FLOATS = {"arxiv_delay", "host_delay", "timeout", "extract_timeout"}
_INTS = {"retries", "workers", "max_pages", "max_pdf_bytes"}
ENGINES = ("auto", "pdfium", "pypdf")


def _coerce(name: str, value: Any, where: str) -> Any:
    try:
        if name in _FLOATS:
            result: Any = float(value)
            if result < 0:
                raise ValueError
            return result
        if name in _INTS:
            result = int(value)
            if result < 0:
                raise ValueError
            return result
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: {name} must be a non-negative number, got {value!r}") from None
    if name == "engine" and value not in ENGINES:
        raise ConfigError(f"{where}: engine must be one of {', '.join(ENGINES)}, got {value!r}")
    return str(value) if value is not None else None


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
