"""The one HTTP client of paperprep: timeouts, retries, per-host pacing, an on-disk cache.

Every source and the PDF downloader go through :class:`Http` so that the same rules apply
everywhere:

- **Identity.** A descriptive User-Agent,
  ``paperprep/<version> (+https://github.com/paperprep/paperprep; mailto:<settings.mailto>)``.
- **Pacing.** At most one request per ``settings.arxiv_delay`` seconds to the arXiv API host
  (and one connection at a time: the host's lock is held for the whole request), and one per
  ``settings.host_delay`` seconds to any other host. Thread-safe: sources run concurrently.
- **Retries.** Connect errors, timeouts, dropped connections and HTTP 429/500/502/503/504 are
  retried ``settings.retries`` times with exponential backoff and jitter. ``Retry-After``
  (seconds or an HTTP date) is honoured up to :data:`MAX_RETRY_AFTER` seconds; a longer wait
  raises :class:`~paperprep.errors.SourceBlocked` saying when to try again.
- **Cache.** Successful (HTTP 200) text responses are kept under ``settings.cache_dir/"http"``,
  keyed by method, URL and parameters with API keys removed, written atomically. A re-run answers
  from the cache; ``offline=True`` answers *only* from it.
- **Bounds.** An API answer is read up to ``settings.max_answer_bytes`` *decoded* bytes (a
  gzip-bombed answer of a few MB on the wire stops there, and so does the cache entry); a PDF up
  to ``max_bytes``. Besides httpx's per-read ``settings.timeout``, every request has an overall
  deadline (``settings.deadline`` for API answers, ``settings.pdf_deadline`` for a PDF) that
  ends a server trickling a byte at a time: each socket read and write of the request waits at
  most until the deadline (:class:`_DeadlineBackend`). A missed deadline is not retried.

Sleeping and clocks are injectable (``sleep``, ``clock``, ``now``, ``rng``) so tests never wait.
The default sleep is :func:`paperprep.cancel.sleep`, and downloads call
:func:`paperprep.cancel.check` between chunks, so Ctrl-C ends pacing waits, back-offs and
transfers at once.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpcore
import httpx

from paperprep import __version__, cancel
from paperprep.errors import DownloadError, SourceBlocked, SourceError
from paperprep.files import new_partial, remove_partials
from paperprep.settings import Settings

log = logging.getLogger(__name__)

#: Statuses worth another try: rate limiting and transient server trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Longest ``Retry-After`` we are willing to sleep through, in seconds.
MAX_RETRY_AFTER = 120.0
#: Longest backoff between two tries, in seconds.
MAX_BACKOFF = 60.0
#: Query parameters that are secrets: never part of a cache key, never logged.
SECRET_PARAMS = frozenset({"api_key", "apikey", "key", "token", "access_token"})

_CACHE_VERSION = 1
#: How long a cached answer is reused by a normal (not ``--offline``) run: a re-run the same day
#: answers from the cache, the next day asks the services again (fresh citation counts).
DEFAULT_TTL = 86400.0


@dataclass(frozen=True)
class Response:
    """A (possibly cached) HTTP response with its body read."""

    status: int
    headers: Mapping[str, str]
    content: bytes
    url: str
    from_cache: bool = False

    @property
    def text(self) -> str:
        charset = "utf-8"
        ctype = self.headers.get("content-type", "")
        for part in ctype.split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                charset = value.strip('"')
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self) -> Any:
        return json.loads(self.content)


@dataclass(frozen=True)
class Downloaded:
    """A body streamed to a temporary file; the caller renames (or deletes) ``tmp_path``."""

    tmp_path: Path
    sha256: str
    size: int
    content_type: str | None
    final_url: str
    first_bytes: bytes = field(default=b"", repr=False)


def user_agent(settings: Settings) -> str:
    """The User-Agent paperprep sends (services ask for a way to reach the user)."""
    contact = "+https://github.com/paperprep/paperprep"
    if settings.mailto:
        contact += f"; mailto:{settings.mailto}"
    return f"paperprep/{__version__} ({contact})"


def redact(url: str) -> str:
    """``url`` with secret query parameters (API keys) removed, for cache keys and logs."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL; nothing in it is sent anywhere
        return url
    if not parts.query:
        return url
    pairs = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in SECRET_PARAMS
    ]
    return urlunsplit(parts._replace(query=urlencode(pairs)))


def scholar_proxy(settings: Settings) -> str | None:
    """The proxy for Google Scholar requests: ``settings.scholar_proxy``, else ScraperAPI's
    proxy port with ``settings.scraperapi_key`` (the URL scholarly's ``ScraperAPI()`` builds)."""
    if settings.scholar_proxy:
        proxy = settings.scholar_proxy
        return proxy if "://" in proxy else f"http://{proxy}"
    if settings.scraperapi_key:
        return f"http://scraperapi.retry_404=true:{settings.scraperapi_key}@proxy-server.scraperapi.com:8001"
    return None


def full_url(url: str, params: Mapping[str, str | int] | None) -> str:
    """``url`` with ``params`` appended to its query string, as httpx would send it."""
    if not params:
        return url
    try:
        return str(httpx.URL(url).copy_merge_params({k: str(v) for k, v in params.items()}))
    except (httpx.InvalidURL, ValueError):  # the request itself reports the bad URL
        return f"{url}?{urlencode({k: str(v) for k, v in params.items()})}"


def host_of(url: str) -> str:
    try:
        return urlsplit(url).netloc or url
    except ValueError:  # "http://[::1": the request reports it
        return url[:100]


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


def _describe(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


class _Deadlines:
    """The deadline of the request each thread has in progress (requests of one thread run one
    after another; the sources' threads each have their own)."""

    def __init__(self) -> None:
        self._local = threading.local()

    @contextlib.contextmanager
    def within(self, seconds: float) -> Iterator[None]:
        until = time.monotonic() + seconds
        self._local.until = until
        self._local.expired = False
        try:
            yield
        finally:
            self._local.until = None
            self._local.expired = time.monotonic() >= until - 0.05

    def expired(self) -> bool:
        """Whether the last request of this thread ended because its deadline passed."""
        return bool(getattr(self._local, "expired", False))

    def clamp(self, timeout: float | None, error: type[Exception]) -> float | None:
        """``timeout`` shortened to what is left of this thread's deadline; ``error`` once none
        is left."""
        until: float | None = getattr(self._local, "until", None)
        if until is None:
            return timeout
        left = until - time.monotonic()
        if left <= 0:
            raise error("the request's overall deadline passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write waits at most until the request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadlines: _Deadlines) -> None:
        self._inner = inner
        self._deadlines = deadlines

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadlines.clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadlines.clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = self._deadlines.clamp(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(
            self._inner.start_tls(ssl_context, server_hostname, wait), self._deadlines
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend with :class:`_DeadlineStream` sockets.

    httpx has no overall timeout, only per-read ones, so a server sending one byte every few
    seconds keeps a request alive forever; httpcore's backend is where each socket read starts.
    """

    def __init__(self, inner: httpcore.NetworkBackend, deadlines: _Deadlines) -> None:
        self._inner = inner
        self._deadlines = deadlines

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        wait = self._deadlines.clamp(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, wait, local_address, socket_options)
        return _DeadlineStream(stream, self._deadlines)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        wait = self._deadlines.clamp(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_unix_socket(path, wait, socket_options)
        return _DeadlineStream(stream, self._deadlines)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _install_deadlines(client: httpx.Client, deadlines: _Deadlines) -> bool:
    """Put :class:`_DeadlineBackend` under every connection pool of ``client``.

    httpx exposes no setting for httpcore's network backend, so this reaches into the
    transports' pools (httpx 0.28 / httpcore 1.0: ``HTTPTransport._pool._network_backend``);
    ``tests/faults/test_slow_servers.py`` fails if a new version moves it.
    """
    transports = [client._transport, *client._mounts.values()]
    done = False
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend):
            pool._network_backend = _DeadlineBackend(backend, deadlines)  # type: ignore[union-attr]
            done = True
    return done


class TooLarge(Exception):
    """An answer went over its size cap while it was being read."""


class Http:
    """The HTTP client every network call of paperprep goes through.

    :param settings: timeouts, retries, delays, endpoints, cache location, contact e-mail.
    :param offline: answer only from the cache; a miss raises :class:`SourceError`.
    :param refresh: never answer from the cache (but still store fresh answers in it).
    :param sleep: how to wait (tests pass a recorder); :param clock: a monotonic clock.
    :param now: wall-clock seconds, for ``Retry-After`` dates; :param rng: jitter in [0, 1).
    :param transport: an httpx transport (tests may inject one).
    :param proxies: source name -> proxy URL, e.g. ``{"scholar": "http://user:pw@host:8001"}``;
        by default Scholar's proxy from the settings (:func:`scholar_proxy`).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        offline: bool = False,
        sleep: Callable[[float], None] = cancel.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
        transport: httpx.BaseTransport | None = None,
        proxies: Mapping[str, str] | None = None,
        max_retry_after: float = MAX_RETRY_AFTER,
        backoff: float = 1.0,
        refresh: bool = False,
    ) -> None:
        self.settings = settings
        self.offline = offline
        self.refresh = refresh
        self._sleep = sleep
        self._clock = clock
        self._now = now
        self._rng = rng
        self._max_retry_after = max_retry_after
        self._backoff = backoff
        self.cache_dir = settings.cache_dir / "http"
        self.arxiv_host = host_of(settings.arxiv_url)
        self._headers = {"User-Agent": user_agent(settings)}
        self._timeout = httpx.Timeout(settings.timeout)
        self._transport = transport
        self._deadlines = _Deadlines()
        self._client = self._make_client(None)
        self._proxied: dict[str, httpx.Client] = {}
        if proxies is None:
            proxy = scholar_proxy(settings)
            proxies = {"scholar": proxy} if proxy else {}
        for source, proxy in proxies.items():
            self._proxied[source] = self._make_client(proxy)
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        # Temp files of cache writes a killed run left behind (live ones of other runs stay).
        remove_partials(self.cache_dir)

    def _make_client(self, proxy: str | None) -> httpx.Client:
        client = httpx.Client(
            headers=self._headers,
            timeout=self._timeout,
            follow_redirects=True,
            transport=self._transport,
            proxy=proxy,
            # ScraperAPI-style proxies re-sign TLS; their docs require verification off.
            verify=proxy is None,
        )
        if self._transport is None and not _install_deadlines(client, self._deadlines):
            log.warning("this httpx version hides its network backend: no overall deadline")
        return client

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        self._client.close()
        for client in self._proxied.values():
            client.close()

    def __enter__(self) -> Http:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- pacing ------------------------------------------------------------------------------

    def _host_lock(self, host: str) -> threading.Lock:
        with self._lock:
            lock = self._host_locks.get(host)
            if lock is None:
                lock = self._host_locks[host] = threading.Lock()
            return lock

    def delay_for(self, host: str) -> float:
        """Minimum seconds between two requests to ``host``."""
        if host == self.arxiv_host:
            return self.settings.arxiv_delay
        return self.settings.host_delay

    @contextlib.contextmanager
    def _turn(self, host: str) -> Iterator[None]:
        """Wait for our turn at ``host``; hold the host for the request when it is arXiv's API.

        arXiv asks for one connection at a time, so its lock is held until the response is read
        and the interval counts from the end of the last request (as arxiv.py does). Other hosts
        only space out the *starts* of requests.
        """
        lock = self._host_lock(host)
        exclusive = host == self.arxiv_host
        lock.acquire()
        held = True
        try:
            last = self._last.get(host)
            if last is not None:
                wait = last + self.delay_for(host) - self._clock()
                if wait > 0:
                    # Interruptible: Ctrl-C ends the wait (raising cancel.Cancelled).
                    self._sleep(wait)
            self._last[host] = self._clock()
            if not exclusive:
                lock.release()
                held = False
            yield
        finally:
            if held:
                if exclusive:
                    self._last[host] = self._clock()
                lock.release()

    # -- cache -------------------------------------------------------------------------------

    def cache_key(self, url: str, params: Mapping[str, str | int] | None = None) -> str:
        """The cache key of a GET: a hash of the URL with its parameters, API keys removed."""
        return hashlib.sha256(f"GET {redact(full_url(url, params))}".encode()).hexdigest()

    def _cache_path(self, key: str) -> Path:
        return self.cache_dir / key[:2] / f"{key}.bin"

    def _cache_read(self, key: str, ttl: float | None) -> Response | None:
        path = self._cache_path(key)
        try:
            if path.stat().st_size > self.settings.max_answer_bytes + 4096:
                return None  # not one we wrote (ours are capped): never read it into memory
            raw = path.read_bytes()
        except OSError:
            return None
        head, sep, body = raw.partition(b"\n")
        if not sep:
            return None
        try:
            meta = json.loads(head)
            if meta.get("v") != _CACHE_VERSION:
                return None
            if ttl is not None and self._now() - float(meta["time"]) > ttl:
                return None
            return Response(
                status=int(meta["status"]),
                headers=dict(meta["headers"]),
                content=body,
                url=str(meta["url"]),
                from_cache=True,
            )
        except (ValueError, KeyError, TypeError):
            return None

    def _cache_write(self, key: str, response: Response) -> None:
        path = self._cache_path(key)
        meta = {
            "v": _CACHE_VERSION,
            "time": self._now(),
            "status": response.status,
            "url": redact(response.url),
            "headers": {
                k: v
                for k, v in response.headers.items()
                if k.lower() in ("content-type", "date", "last-modified", "etag")
            },
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = new_partial(path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(json.dumps(meta).encode() + b"\n" + response.content)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as exc:  # a cache we cannot write is not worth failing the run for
            log.warning("cannot write the HTTP cache at %s: %s", path, exc)

    def forget(self, url: str, params: Mapping[str, str | int] | None = None) -> None:
        """Drop a cached response (a source found it was a CAPTCHA or a spurious empty page)."""
        with contextlib.suppress(OSError):
            self._cache_path(self.cache_key(url, params)).unlink()

    # -- requests ----------------------------------------------------------------------------

    def _retry_wait(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        base: float = min(MAX_BACKOFF, self._backoff * 2.0**attempt)
        return base / 2 + self._rng() * base / 2

    def _blocked_by_retry_after(self, source: str, host: str, wait: float) -> SourceBlocked:
        until = datetime.fromtimestamp(self._now() + wait, tz=UTC)
        minutes = max(1, round(wait / 60))
        return SourceBlocked(
            source,
            f"{host} is rate limiting us and asks to wait {minutes} min; "
            f"try again after {until:%Y-%m-%d %H:%M} UTC",
        )

    def _send(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None,
        headers: Mapping[str, str] | None,
        source: str,
        handle: Callable[[httpx.Response], Any],
        error: Callable[[str], Exception],
        deadline: float,
    ) -> Any:
        """Run a GET with pacing and retries; ``handle`` reads the response inside the stream.

        :param deadline: seconds one try may take in all (connect, headers, body); a try that
            runs out of it is not retried: a server that trickles does so again.
        """
        host = host_of(url)
        client = self._proxied.get(source, self._client)
        str_params = {k: str(v) for k, v in (params or {}).items()}
        shown = redact(full_url(url, params))
        retries = self.settings.retries
        attempt = 0
        while True:
            problem: str
            retry_after: float | None = None
            try:
                with (
                    self._turn(host),
                    self._deadlines.within(deadline),
                    client.stream(
                        "GET", url, params=str_params or None, headers=dict(headers or {})
                    ) as resp,
                ):
                    log.debug("GET %s -> %s", shown, resp.status_code)
                    if resp.status_code in RETRY_STATUSES:
                        retry_after = parse_retry_after(
                            resp.headers.get("retry-after"), now=self._now()
                        )
                        problem = f"HTTP {resp.status_code}"
                        if retry_after is not None and retry_after > self._max_retry_after:
                            raise self._blocked_by_retry_after(source, host, retry_after)
                    else:
                        return handle(resp)
            except TooLarge as exc:
                raise error(f"{host} {exc}") from None
            except httpx.TimeoutException as exc:
                if self._deadlines.expired():
                    log.info("giving up on %s: no complete answer within %g s", shown, deadline)
                    raise error(
                        f"{host} did not send a complete answer within {deadline:g} s "
                        "(it sends too slowly); gave up"
                    ) from None
                if isinstance(exc, httpx.ConnectTimeout):
                    problem = f"connect timeout: {_describe(exc)}"
                    kind = "connect"
                else:
                    problem = f"no answer within {self.settings.timeout:g} s (read timeout)"
                    kind = "timeout"
            except httpx.ConnectError as exc:
                problem = _describe(exc)
                kind = "connect"
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                problem = f"connection dropped: {_describe(exc)}"
                kind = "dropped"
            except httpx.HTTPError as exc:
                raise error(f"request to {host} failed ({_describe(exc)})") from None
            except (httpx.InvalidURL, ValueError) as exc:
                # A link a source gave us that is no URL at all (a space, "http://[::1", …).
                raise error(f"{shown[:120]!r} is not a usable URL ({_describe(exc)})") from None
            else:
                kind = "status"
            if attempt >= retries:
                log.info("giving up on %s after %d tries: %s", shown, attempt + 1, problem)
                if kind == "connect":
                    raise error(f"cannot connect to {host} ({problem})") from None
                if kind == "status" and problem == "HTTP 429":
                    raise SourceBlocked(
                        source,
                        f"{host} is rate limiting us (HTTP 429 after {attempt + 1} tries)",
                        hint="wait a while and run again; cached answers are reused",
                    )
                raise error(f"{host} failed after {attempt + 1} tries ({problem})") from None
            wait = self._retry_wait(attempt, retry_after)
            log.info("%s: %s; retrying in %.1f s", shown, problem, wait)
            self._sleep(wait)
            attempt += 1

    def get_text(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
        source: str,
        cache: bool = True,
        ttl: float = DEFAULT_TTL,
    ) -> Response:
        """GET ``url`` and return its body; non-retryable statuses (404, 403…) are returned.

        :param params: query parameters; secret ones (``api_key``) never reach the cache key.
        :param source: the source name errors are reported under ("arxiv", "openalex"…).
        :param cache: read and write the on-disk cache (only HTTP 200 answers are stored).
        :param ttl: age in seconds after which a cached answer is fetched again (not offline).
        :raises SourceError: cannot connect, retries exhausted, or offline and not cached.
        :raises SourceBlocked: rate limited beyond the retries or the ``Retry-After`` cap.
        """
        key = self.cache_key(url, params)
        if self.offline or (cache and not self.refresh):
            hit = self._cache_read(key, None if self.offline else ttl)
            if hit is not None:
                log.debug("cache hit %s", redact(full_url(url, params)))
                return hit
        if self.offline:
            raise SourceError(
                source,
                f"{redact(full_url(url, params))} is not in the cache; run without --offline first",
            )

        cap = self.settings.max_answer_bytes

        def handle(resp: httpx.Response) -> Response:
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise TooLarge(f"announces a {int(declared):,}-byte answer, over the {cap:,} limit")
            chunks: list[bytes] = []
            size = 0
            # Decoded bytes are counted: a small gzip body can inflate to gigabytes.
            for chunk in resp.iter_bytes(65536):
                size += len(chunk)
                if size > cap:
                    raise TooLarge(
                        f"sent an answer larger than the {cap:,}-byte limit "
                        "(a compressed bomb, or not an API answer); gave up"
                    )
                chunks.append(chunk)
            return Response(
                status=resp.status_code,
                headers={k.lower(): v for k, v in resp.headers.items()},
                content=b"".join(chunks),
                url=str(resp.url),
            )

        def error(message: str) -> Exception:
            return SourceError(source, message)

        response: Response = self._send(
            url,
            params=params,
            headers=headers,
            source=source,
            handle=handle,
            error=error,
            deadline=self.settings.deadline,
        )
        if cache and response.status == 200:
            self._cache_write(key, response)
        return response

    def download(
        self,
        url: str,
        dest_dir: Path,
        *,
        max_bytes: int,
        source: str = "pdf",
    ) -> Downloaded:
        """Stream ``url`` into a temporary ``.part-*`` file inside ``dest_dir``.

        The file is fsynced before returning; on any failure it is removed. The caller validates
        and renames it. Not cached: downloaded files live in the library.

        :raises DownloadError: offline, HTTP error status, too large, or the connection failed.
        """
        host = host_of(url)
        if self.offline:
            raise DownloadError(f"not downloading from {host}: offline")
        dest_dir.mkdir(parents=True, exist_ok=True)

        def handle(resp: httpx.Response) -> Downloaded:
            if resp.status_code != 200:
                raise DownloadError(f"HTTP {resp.status_code} from {host_of(str(resp.url))}")
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise DownloadError(
                    f"{host} sends {int(declared):,} bytes, more than the {max_bytes:,} limit"
                )
            fd, path = new_partial(dest_dir)
            cancel.track(path)
            try:
                digest = hashlib.sha256()
                size = 0
                first = b""
                with os.fdopen(fd, "wb") as fh:
                    for chunk in resp.iter_bytes(65536):
                        cancel.check()
                        size += len(chunk)
                        if size > max_bytes:
                            raise DownloadError(
                                f"{host} sent more than the {max_bytes:,} byte limit"
                            )
                        if len(first) < 1024:
                            first += chunk[: 1024 - len(first)]
                        digest.update(chunk)
                        fh.write(chunk)
                    fh.flush()
                    os.fsync(fh.fileno())
            except BaseException:
                path.unlink(missing_ok=True)
                cancel.untrack(path)
                raise
            # The caller renames or removes it; until then a hard exit still removes it.
            return Downloaded(
                tmp_path=path,
                sha256=digest.hexdigest(),
                size=size,
                content_type=resp.headers.get("content-type"),
                final_url=str(resp.url),
                first_bytes=first,
            )

        def error(message: str) -> Exception:
            return DownloadError(message)

        try:
            result: Downloaded = self._send(
                url,
                params=None,
                headers=None,
                source=source,
                handle=handle,
                error=error,
                deadline=self.settings.pdf_deadline,
            )
        except SourceBlocked as exc:
            raise DownloadError(str(exc)) from None
        return result
