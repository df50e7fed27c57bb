"""A scriptable loopback HTTP server standing in for Scholar, arXiv, OpenAlex and PDF hosts.

Usage::

    from tests.mirror import Mirror, Reply, arxiv_body, mirror  # `mirror` is a pytest fixture

    def test_something(mirror: Mirror) -> None:
        mirror.route("/api/query", Reply(503), arxiv_body("q-testing_s0_m10"))
        settings = Settings(home=..., arxiv_url=mirror.url + "/api/query", arxiv_delay=0)
        ...
        assert [r.path for r in mirror.requests] == ["/api/query", "/api/query"]

- ``Mirror.route(path, *replies, query=None)``: the replies are served in order, the last one
  repeats. A reply is a :class:`Reply`, or ``bytes``/``str`` (200 with that body), or an ``int``
  (that status, empty body). ``query`` (a dict) only matches requests whose query string has
  those values; routes with a query win over routes without, later routes win over earlier.
  Unrouted paths get a 404 with a plain-text body.
- :class:`Reply` knobs: ``status``, ``body``, ``headers``, ``content_type``, ``delay`` (seconds
  before answering), ``reset_after`` (send the headers and this many body bytes, then reset the
  connection), ``hang`` (never answer: a read timeout for the client), ``raw`` (a function that
  gets the request handler and writes the whole answer itself: hostile servers in the fault
  suite trickle bytes, stream bombs or build pages from the request).
- ``Mirror.requests``: every request received (:class:`Seen`: method, path, query, headers,
  time), in arrival order; ``Mirror.hits(path)`` filters by path.
- ``Mirror.url``: ``http://127.0.0.1:<port>``; ``Mirror.host``: ``127.0.0.1:<port>``.
- Loaders for the recorded responses in ``tests/fixtures``: :func:`arxiv_body`,
  :func:`openalex_body`, :func:`openalex_json`, :func:`scholar_page`.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Reply:
    """One scripted answer."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    #: Seconds to wait before answering.
    delay: float = 0.0
    #: Send the headers and this many body bytes, then reset the connection.
    reset_after: int | None = None
    #: Never answer (until the mirror stops): the client hits its read timeout.
    hang: bool = False
    #: Write the whole answer (status line, headers, body) to ``handler.wfile`` yourself.
    raw: Callable[[BaseHTTPRequestHandler], None] | None = None


@dataclass(frozen=True)
class Seen:
    """A request the mirror received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    time: float

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


ReplyLike = Reply | bytes | str | int


def _as_reply(item: ReplyLike) -> Reply:
    if isinstance(item, Reply):
        return item
    if isinstance(item, int):
        return Reply(status=item)
    if isinstance(item, str):
        return Reply(body=item.encode("utf-8"))
    return Reply(body=item)


@dataclass
class _Route:
    path: str
    query: dict[str, str]
    replies: list[Reply]
    served: int = 0

    def matches(self, path: str, query: Mapping[str, list[str]]) -> bool:
        if unquote(path) != unquote(self.path):
            return False
        return all(value in query.get(name, []) for name, value in self.query.items())

    def next(self) -> Reply:
        reply = self.replies[min(self.served, len(self.replies) - 1)]
        self.served += 1
        return reply


def _guess_type(body: bytes) -> str:
    head = body.lstrip()[:64]
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if head.startswith(b"<?xml") or head.startswith(b"<feed"):
        return "application/atom+xml; charset=utf-8"
    if head.startswith((b"{", b"[")):
        return "application/json"
    if head.lower().startswith((b"<!doctype html", b"<html")):
        return "text/html; charset=utf-8"
    return "text/plain; charset=utf-8"


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that give up (timeouts, resets we provoke) are part of the script, not errors.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


class Mirror:
    """A loopback HTTP server on 127.0.0.1:<free port>; use as a context manager."""

    def __init__(self) -> None:
        self._routes: list[_Route] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.requests: list[Seen] = []
        self._server = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        port = self._server.server_address[1]
        return f"127.0.0.1:{port}"

    @property
    def url(self) -> str:
        return f"http://{self.host}"

    def route(self, path: str, *replies: ReplyLike, query: Mapping[str, str] | None = None) -> None:
        """Serve ``replies`` in order on ``path`` (the last one repeats)."""
        if not replies:
            raise ValueError("route() needs at least one reply")
        with self._lock:
            self._routes.append(_Route(path, dict(query or {}), [_as_reply(r) for r in replies]))

    def pause(self, seconds: float) -> bool:
        """Sleep ``seconds`` in a handler, or less when the mirror stops (then True)."""
        return self._stopping.wait(seconds)

    def hits(self, path: str) -> list[Seen]:
        """The requests received on ``path``."""
        return [r for r in self.requests if unquote(r.path) == unquote(path)]

    def start(self) -> Mirror:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Mirror:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _pick(self, path: str, query: Mapping[str, list[str]]) -> Reply:
        with self._lock:
            candidates = [r for r in self._routes if r.matches(path, query)]
            if not candidates:
                return Reply(404, b"no route for " + path.encode(), content_type="text/plain")
            # Routes with a query condition are more specific; later routes override earlier.
            best = max(enumerate(candidates), key=lambda ir: (len(ir[1].query), ir[0]))[1]
            return best.next()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query, keep_blank_values=True)
                seen = Seen(
                    method="GET",
                    path=parts.path,
                    query=query,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    time=time.monotonic(),
                )
                with mirror._lock:
                    mirror.requests.append(seen)
                reply = mirror._pick(parts.path, query)
                if reply.raw is not None:
                    self.close_connection = True
                    # The client giving up on a hostile answer is part of the script.
                    with contextlib.suppress(OSError):
                        reply.raw(self)
                    return
                if reply.hang:
                    mirror._stopping.wait(30)
                    self.close_connection = True
                    return
                if reply.delay:
                    mirror._stopping.wait(reply.delay)
                self.send_response(reply.status)
                headers = {"Content-Type": reply.content_type or _guess_type(reply.body)}
                headers.update(reply.headers)
                headers["Content-Length"] = str(len(reply.body))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if reply.reset_after is not None:
                    self.wfile.write(reply.body[: reply.reset_after])
                    self.wfile.flush()
                    # SO_LINGER 0: closing sends a TCP RST instead of a clean FIN.
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.close_connection = True
                    return
                self.wfile.write(reply.body)

        return Handler


@pytest.fixture
def mirror() -> Iterator[Mirror]:
    """A running :class:`Mirror` for one test (import it into a test module or conftest)."""
    with Mirror() as m:
        yield m


# -- recorded fixtures ------------------------------------------------------------------------


def _fixture(folder: str, name: str, suffixes: tuple[str, ...]) -> bytes:
    base = FIXTURES / folder
    for candidate in [name, *(name + s for s in suffixes)]:
        path = base / candidate
        if path.is_file():
            return path.read_bytes()
    matches = sorted(p for p in base.iterdir() if name in p.name and p.suffix != ".md")
    if len(matches) == 1:
        return matches[0].read_bytes()
    raise FileNotFoundError(f"no single fixture matching {name!r} in {base} ({matches})")


def arxiv_body(name: str) -> bytes:
    """A recorded arXiv API response body, e.g. ``arxiv_body("q-testing_s0_m10")``."""
    return _fixture("arxiv", name, (".xml",))


def openalex_body(name: str) -> bytes:
    """A recorded OpenAlex response body, e.g. ``openalex_body("title-search_chemcrow")``."""
    return _fixture("openalex", name, (".json", ".html"))


def openalex_json(name: str) -> Any:
    return json.loads(openalex_body(name))


def scholar_page(name: str) -> bytes:
    """A recorded Google Scholar page, e.g. ``scholar_page("geomap_captcha")``."""
    return _fixture("scholar", name, (".html",))


#: The arXiv papers of the assembled recsys feed, served as generated PDFs by :func:`serve_recsys`.
RECSYS_ARXIV_PAPERS = (
    ("1606.07792", "Wide & Deep Learning for Recommender Systems"),
    ("1703.04247", "DeepFM: A Factorization-Machine based Neural Network for CTR Prediction"),
    ("1708.05031", "Neural Collaborative Filtering"),
)


def serve_recsys(mirror: Mirror, monkeypatch: pytest.MonkeyPatch) -> Mirror:
    """Point every paperprep endpoint at ``mirror`` and serve a normal day of recsys answers.

    No pacing delays, short timeouts and two retries, so tests stay fast; the arXiv feed and the
    OpenAlex list are the assembled recsys ones, Scholar answers with its recorded result page, and
    each arXiv paper's PDF is a generated one.
    """
    from tests.pdfgen import Spec, paper_pdf

    monkeypatch.setenv("PAPERPREP_ARXIV_URL", f"{mirror.url}/api/query")
    monkeypatch.setenv("PAPERPREP_OPENALEX_URL", mirror.url)
    monkeypatch.setenv("PAPERPREP_SCHOLAR_URL", mirror.url)
    monkeypatch.setenv("PAPERPREP_ARXIV_PDF_URL", f"{mirror.url}/pdf")
    monkeypatch.setenv("PAPERPREP_ARXIV_DELAY", "0")
    monkeypatch.setenv("PAPERPREP_HOST_DELAY", "0")
    monkeypatch.setenv("PAPERPREP_RETRIES", "2")
    monkeypatch.setenv("PAPERPREP_TIMEOUT", "3")
    monkeypatch.setenv("PAPERPREP_WORKERS", "2")
    mirror.route("/api/query", arxiv_body("recsys_assembled"))
    mirror.route("/works", openalex_body("recsys_assembled"))
    mirror.route("/scholar", scholar_page("geomap_search"))
    for arxiv_id, title in RECSYS_ARXIV_PAPERS:
        mirror.route(
            f"/pdf/{arxiv_id}",
            Reply(200, paper_pdf(Spec(title=title)), content_type="application/pdf"),
        )
    return mirror
