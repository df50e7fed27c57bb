from __future__ import annotations

import socket
import threading
from email.utils import formatdate
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperprep.errors import DownloadError, SourceBlocked, SourceError
from paperprep.http import Http, parse_retry_after, redact, user_agent
from paperprep.settings import Settings
from tests.mirror import Mirror, Reply, mirror

__all__ = ["mirror"]

NOW = 1_780_000_000.0


class FakeTime:
    """A clock that only moves when something sleeps; records every sleep."""

    def __init__(self) -> None:
        self.t = 0.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.t += seconds

    def clock(self) -> float:
        return self.t


def make_http(
    home: Path, mirror: Mirror, fake: FakeTime, *, offline: bool = False, **kw: object
) -> Http:
    values: dict[str, object] = {
        "arxiv_url": "http://arxiv.invalid/api/query",
        "host_delay": 0.0,
        "arxiv_delay": 0.0,
        "retries": 2,
        "timeout": 2.0,
        "mailto": "me@example.org",
    }
    values.update(kw)
    settings = Settings(home=home, **values)  # type: ignore[arg-type]
    return Http(
        settings,
        offline=offline,
        sleep=fake.sleep,
        clock=fake.clock,
        now=lambda: NOW,
        rng=lambda: 0.5,
    )


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


def test_get_text_sends_descriptive_user_agent(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/hello", "hi there")
    with make_http(isolated_home, mirror, fake) as http:
        resp = http.get_text(mirror.url + "/hello", params={"q": "a b"}, source="test")
    assert resp.status == 200
    assert resp.text == "hi there"
    assert not resp.from_cache
    seen = mirror.hits("/hello")[0]
    assert seen.param("q") == "a b"
    ua = seen.headers["user-agent"]
    assert ua.startswith("paperprep/")
    assert "mailto:me@example.org" in ua


def test_user_agent_without_mailto(isolated_home: Path) -> None:
    assert "mailto" not in user_agent(Settings(home=isolated_home))


def test_503_then_200_is_retried(isolated_home: Path, mirror: Mirror, fake: FakeTime) -> None:
    mirror.route("/q", Reply(503, b"busy"), "ok")
    with make_http(isolated_home, mirror, fake) as http:
        resp = http.get_text(mirror.url + "/q", source="arxiv")
    assert resp.text == "ok"
    assert len(mirror.hits("/q")) == 2
    assert len(fake.sleeps) == 1


def test_429_without_retry_after_backs_off_exponentially(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/q", 429, 429, "ok")
    with make_http(isolated_home, mirror, fake, retries=3) as http:
        assert http.get_text(mirror.url + "/q", source="arxiv").text == "ok"
    assert len(fake.sleeps) == 2
    # jitter is pinned at 0.5: waits are 3/4 of 1 s then of 2 s
    assert fake.sleeps[1] > fake.sleeps[0] > 0


def test_429_with_retry_after_seconds_is_honoured(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/q", Reply(429, headers={"Retry-After": "7"}), "ok")
    with make_http(isolated_home, mirror, fake) as http:
        assert http.get_text(mirror.url + "/q", source="openalex").text == "ok"
    assert fake.sleeps == [7.0]


def test_429_with_retry_after_date_is_honoured(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    when = formatdate(NOW + 30, usegmt=True)
    mirror.route("/q", Reply(503, headers={"Retry-After": when}), "ok")
    with make_http(isolated_home, mirror, fake) as http:
        assert http.get_text(mirror.url + "/q", source="openalex").text == "ok"
    assert fake.sleeps == [pytest.approx(30.0)]


def test_retry_after_beyond_the_cap_raises_blocked_with_when(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/q", Reply(429, headers={"Retry-After": "7200"}), "ok")
    with make_http(isolated_home, mirror, fake) as http, pytest.raises(SourceBlocked) as err:
        http.get_text(mirror.url + "/q", source="openalex")
    message = str(err.value)
    assert message.startswith("openalex: ")
    assert "120 min" in message and "try again after" in message
    assert len(mirror.hits("/q")) == 1
    assert fake.sleeps == []


def test_persistent_429_becomes_source_blocked(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/q", 429)
    with make_http(isolated_home, mirror, fake, retries=2) as http, pytest.raises(SourceBlocked):
        http.get_text(mirror.url + "/q", source="arxiv")
    assert len(mirror.hits("/q")) == 3


def test_persistent_503_names_host_and_status(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/q", 503)
    with make_http(isolated_home, mirror, fake, retries=1) as http, pytest.raises(SourceError) as e:
        http.get_text(mirror.url + "/q", source="arxiv")
    assert not isinstance(e.value, SourceBlocked)
    assert "HTTP 503" in str(e.value) and mirror.host in str(e.value)


def test_404_is_returned_not_retried_not_cached(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/q", Reply(404, b"<html>404 Not Found</html>"))
    with make_http(isolated_home, mirror, fake) as http:
        assert http.get_text(mirror.url + "/q", source="openalex").status == 404
        assert http.get_text(mirror.url + "/q", source="openalex").status == 404
    assert len(mirror.hits("/q")) == 2


def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port


def test_connection_refused_is_a_one_line_source_error(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    port = _closed_port()
    with make_http(isolated_home, mirror, fake, retries=1) as http, pytest.raises(SourceError) as e:
        http.get_text(f"http://127.0.0.1:{port}/api/query", source="arxiv")
    message = str(e.value)
    assert message.startswith(f"arxiv: cannot connect to 127.0.0.1:{port} (")
    assert "\n" not in message
    assert len(fake.sleeps) == 1


def test_read_timeout_is_retried_then_reported(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/slow", Reply(hang=True))
    with (
        make_http(isolated_home, mirror, fake, retries=1, timeout=0.2) as http,
        pytest.raises(SourceError) as e,
    ):
        http.get_text(mirror.url + "/slow", source="openalex")
    assert "read timeout" in str(e.value)
    assert len(mirror.hits("/slow")) == 2


def test_read_timeout_then_success(isolated_home: Path, mirror: Mirror, fake: FakeTime) -> None:
    mirror.route("/slow", Reply(hang=True), "late but fine")
    with make_http(isolated_home, mirror, fake, retries=1, timeout=0.2) as http:
        assert http.get_text(mirror.url + "/slow", source="openalex").text == "late but fine"


def test_body_cut_half_way_is_retried(isolated_home: Path, mirror: Mirror, fake: FakeTime) -> None:
    body = b"x" * 5000
    mirror.route("/cut", Reply(body=body, reset_after=100), body)
    with make_http(isolated_home, mirror, fake) as http:
        assert http.get_text(mirror.url + "/cut", source="openalex").content == body


def test_second_run_answers_from_the_cache(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/works", '{"results": []}')
    with make_http(isolated_home, mirror, fake) as http:
        first = http.get_text(mirror.url + "/works", params={"search": "x"}, source="openalex")
    with make_http(isolated_home, mirror, fake) as http:
        again = http.get_text(mirror.url + "/works", params={"search": "x"}, source="openalex")
        other = http.get_text(mirror.url + "/works", params={"search": "y"}, source="openalex")
    assert not first.from_cache and again.from_cache and not other.from_cache
    assert again.content == first.content
    assert again.headers["content-type"] == "application/json"
    assert [r.param("search") for r in mirror.hits("/works")] == ["x", "y"]


def test_expired_cache_entry_is_fetched_again(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/w", "one", "two")
    with make_http(isolated_home, mirror, fake) as http:
        http.get_text(mirror.url + "/w", source="openalex")
        assert http.get_text(mirror.url + "/w", source="openalex", ttl=-1).text == "two"


def test_cache_false_bypasses_cache(isolated_home: Path, mirror: Mirror, fake: FakeTime) -> None:
    mirror.route("/w", "one", "two")
    with make_http(isolated_home, mirror, fake) as http:
        http.get_text(mirror.url + "/w", source="openalex")
        assert http.get_text(mirror.url + "/w", source="openalex", cache=False).text == "two"


def test_offline_answers_only_from_the_cache(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/w", "cached body")
    with make_http(isolated_home, mirror, fake) as http:
        http.get_text(mirror.url + "/w", params={"a": 1}, source="openalex")
    with make_http(isolated_home, mirror, fake, offline=True) as http:
        hit = http.get_text(mirror.url + "/w", params={"a": 1}, source="openalex", ttl=0)
        assert hit.text == "cached body" and hit.from_cache
        with pytest.raises(SourceError) as e:
            http.get_text(mirror.url + "/w", params={"a": 2}, source="openalex")
    assert "not in the cache; run without --offline first" in str(e.value)
    assert str(e.value).startswith("openalex: ")
    assert len(mirror.requests) == 1


def test_api_key_is_sent_but_never_cached(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/works", '{"results": []}')
    with make_http(isolated_home, mirror, fake) as http:
        http.get_text(
            mirror.url + "/works", params={"search": "x", "api_key": "s3cret-K3Y"}, source="oa"
        )
        again = http.get_text(
            mirror.url + "/works", params={"search": "x", "api_key": "other"}, source="oa"
        )
    assert mirror.hits("/works")[0].param("api_key") == "s3cret-K3Y"
    assert again.from_cache
    cached = [p for p in (isolated_home / "cache" / "http").rglob("*") if p.is_file()]
    assert cached
    for path in cached:
        assert b"s3cret" not in path.read_bytes()
        assert "s3cret" not in path.name


def test_forget_drops_a_cached_answer(isolated_home: Path, mirror: Mirror, fake: FakeTime) -> None:
    mirror.route("/w", "captcha", "real")
    with make_http(isolated_home, mirror, fake) as http:
        http.get_text(mirror.url + "/w", source="scholar")
        http.forget(mirror.url + "/w")
        assert http.get_text(mirror.url + "/w", source="scholar").text == "real"


def test_requests_to_one_host_are_spaced(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/a", "a")
    with make_http(isolated_home, mirror, fake, host_delay=5.0) as http:
        for _ in range(3):
            http.get_text(mirror.url + "/a", source="x", cache=False)
    assert len(fake.sleeps) == 2
    assert all(s == pytest.approx(5.0) for s in fake.sleeps)


def test_arxiv_api_host_uses_the_arxiv_delay(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    mirror.route("/api/query", "feed")
    with make_http(
        isolated_home, mirror, fake, arxiv_url=mirror.url + "/api/query", arxiv_delay=3.0
    ) as http:
        http.get_text(mirror.url + "/api/query", source="arxiv", cache=False)
        http.get_text(mirror.url + "/api/query", source="arxiv", cache=False)
    assert fake.sleeps == [pytest.approx(3.0)]


def test_concurrent_requests_to_the_arxiv_host_never_overlap(
    isolated_home: Path, mirror: Mirror, fake: FakeTime
) -> None:
    """One connection at a time: the mirror never sees two arXiv requests in flight."""
    in_flight = 0
    peak = 0
    lock = threading.Lock()
    mirror.route("/api/query", Reply(body=b"feed", delay=0.05))
    settings = Settings(
        home=isolated_home, arxiv_url=mirror.url + "/api/query", arxiv_delay=0, retries=0
    )
    http = Http(settings, sleep=fake.sleep, clock=fake.clock)
    original = http._turn

    def counting_turn(host: str):  # type: ignore[no-untyped-def]
        nonlocal in_flight, peak
        with original(host):
            with lock:
                in_flight += 1
                peak = max(peak, in_flight)
            try:
                yield
            finally:
                with lock:
                    in_flight -= 1

    import contextlib

    http._turn = contextlib.contextmanager(counting_turn)  # type: ignore[method-assign]
    threads = [
        threading.Thread(
            target=http.get_text, args=(mirror.url + "/api/query",), kwargs={"source": "arxiv"}
        )
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    http.close()
    assert len(mirror.hits("/api/query")) >= 1
    assert peak == 1


def test_download_streams_into_a_part_file(
    isolated_home: Path, mirror: Mirror, fake: FakeTime, tmp_path: Path
) -> None:
    body = b"%PDF-1.4\n" + b"0" * 200_000
    mirror.route("/p.pdf", body)
    with make_http(isolated_home, mirror, fake) as http:
        got = http.download(mirror.url + "/p.pdf", tmp_path / "pdfs", max_bytes=10**6)
    assert got.tmp_path.parent == tmp_path / "pdfs"
    assert got.tmp_path.name.startswith(".part-")
    assert got.tmp_path.read_bytes() == body
    assert got.size == len(body)
    assert got.content_type == "application/pdf"
    import hashlib

    assert got.sha256 == hashlib.sha256(body).hexdigest()


def test_download_reset_half_way_leaves_no_partial_file(
    isolated_home: Path, mirror: Mirror, fake: FakeTime, tmp_path: Path
) -> None:
    body = b"%PDF-1.4\n" + b"0" * 300_000
    mirror.route("/p.pdf", Reply(body=body, reset_after=150_000))
    dest = tmp_path / "pdfs"
    with make_http(isolated_home, mirror, fake, retries=1) as http, pytest.raises(DownloadError):
        http.download(mirror.url + "/p.pdf", dest, max_bytes=10**6)
    assert list(dest.iterdir()) == []
    assert len(mirror.hits("/p.pdf")) == 2


def test_download_size_cap(
    isolated_home: Path, mirror: Mirror, fake: FakeTime, tmp_path: Path
) -> None:
    mirror.route("/p.pdf", b"%PDF-" + b"0" * 5000)
    with make_http(isolated_home, mirror, fake) as http, pytest.raises(DownloadError) as e:
        http.download(mirror.url + "/p.pdf", tmp_path, max_bytes=1000)
    assert "limit" in str(e.value)
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".part-")] == []


def test_download_offline_refuses(
    isolated_home: Path, mirror: Mirror, fake: FakeTime, tmp_path: Path
) -> None:
    with (
        make_http(isolated_home, mirror, fake, offline=True) as http,
        pytest.raises(DownloadError, match="offline"),
    ):
        http.download(mirror.url + "/p.pdf", tmp_path, max_bytes=1000)
    assert mirror.requests == []


@given(st.integers(min_value=0, max_value=10**6))
def test_retry_after_seconds_parse(seconds: int) -> None:
    assert parse_retry_after(str(seconds), now=NOW) == seconds


@given(st.integers(min_value=0, max_value=10**6))
def test_retry_after_dates_parse(seconds: int) -> None:
    parsed = parse_retry_after(formatdate(NOW + seconds, usegmt=True), now=NOW)
    assert parsed == pytest.approx(seconds, abs=1)


@given(
    st.dictionaries(
        st.text("abcdefgh_", min_size=1, max_size=6),
        st.text(min_size=0, max_size=8),
        max_size=4,
    ),
    st.text(min_size=1, max_size=12),
)
def test_redact_removes_api_keys_and_keeps_the_rest(params: dict[str, str], key: str) -> None:
    from paperprep.http import full_url

    params = {k: v for k, v in params.items() if k not in ("api_key", "key", "token", "apikey")}
    with_key = full_url("https://api.example.org/works", {**params, "api_key": key})
    without = full_url("https://api.example.org/works", params)
    assert redact(with_key) == redact(without)
    from urllib.parse import parse_qsl, urlsplit

    names = [k for k, _ in parse_qsl(urlsplit(redact(with_key)).query, keep_blank_values=True)]
    assert "api_key" not in names


@pytest.mark.parametrize(
    "url",
    ["http://[::1/works", "http://example.org/\n.pdf", "http://" + "a" * 70_000],
    ids=["bad-ipv6", "newline", "too-long"],
)
def test_a_link_that_is_not_a_url_is_a_one_line_error(isolated_home: Path, url: str) -> None:
    # Links come from the sources (a pdf_url with a newline, a broken IPv6 host, 70 KB long):
    # that request fails in one line, it does not raise httpx's InvalidURL through the run.
    with Http(Settings(home=isolated_home, retries=0)) as http:
        with pytest.raises(SourceError, match="not a usable URL"):
            http.get_text(url, params={"q": "x"}, source="openalex")
        with pytest.raises(DownloadError, match="not a usable URL"):
            http.download(url, isolated_home / "pdfs", max_bytes=1000)
