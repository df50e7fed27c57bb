from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from paperprep.download import download_pdf
from paperprep.errors import DownloadError
from paperprep.http import Http
from paperprep.settings import Settings
from tests.mirror import Mirror, Reply, mirror
from tests.pdfgen import Spec, paper_pdf

__all__ = ["mirror"]

LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Sign in</title></head>"
    b"<body><form action='/login'>Institutional login</form></body></html>"
)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return paper_pdf(Spec())


def make_http(home: Path, **kw: object) -> Http:
    values: dict[str, object] = {"host_delay": 0.0, "retries": 1, "timeout": 2.0}
    values.update(kw)
    return Http(Settings(home=home, **values), sleep=lambda s: None)  # type: ignore[arg-type]


def parts(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".part-")] if folder.exists() else []


def test_downloads_and_renames(isolated_home: Path, mirror: Mirror, pdf: bytes) -> None:
    mirror.route("/paper.pdf", pdf)
    dest = isolated_home / "pdfs" / "cheng2016wide.pdf"
    with make_http(isolated_home) as http:
        got = download_pdf(http, [mirror.url + "/paper.pdf"], dest, max_bytes=10**7)
    assert dest.read_bytes() == pdf
    assert got.path == dest
    assert got.sha256 == hashlib.sha256(pdf).hexdigest()
    assert got.size == len(pdf)
    assert got.url == mirror.url + "/paper.pdf"
    assert parts(dest.parent) == []


def test_existing_complete_file_is_not_fetched_again(
    isolated_home: Path, mirror: Mirror, pdf: bytes
) -> None:
    mirror.route("/paper.pdf", pdf)
    dest = isolated_home / "pdfs" / "a.pdf"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(pdf)
    with make_http(isolated_home) as http:
        got = download_pdf(http, [mirror.url + "/paper.pdf"], dest, max_bytes=10**7)
    assert mirror.requests == []
    assert got.sha256 == hashlib.sha256(pdf).hexdigest() and got.url is None


def test_truncated_existing_file_is_replaced(
    isolated_home: Path, mirror: Mirror, pdf: bytes
) -> None:
    mirror.route("/paper.pdf", pdf)
    dest = isolated_home / "pdfs" / "a.pdf"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(pdf[: len(pdf) // 2])
    with make_http(isolated_home) as http:
        download_pdf(http, [mirror.url + "/paper.pdf"], dest, max_bytes=10**7)
    assert dest.read_bytes() == pdf


def test_html_paywall_is_rejected_then_next_link_used(
    isolated_home: Path, mirror: Mirror, pdf: bytes
) -> None:
    mirror.route("/paywall.pdf", Reply(body=LOGIN_PAGE, content_type="text/html"))
    mirror.route("/oa.pdf", pdf)
    dest = isolated_home / "pdfs" / "a.pdf"
    with make_http(isolated_home) as http:
        got = download_pdf(
            http, [mirror.url + "/paywall.pdf", mirror.url + "/oa.pdf"], dest, max_bytes=10**7
        )
    assert got.url == mirror.url + "/oa.pdf"
    assert dest.read_bytes() == pdf
    assert parts(dest.parent) == []


def test_html_served_as_pdf_is_still_rejected(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/p.pdf", Reply(body=LOGIN_PAGE, content_type="application/pdf"))
    dest = isolated_home / "pdfs" / "a.pdf"
    with make_http(isolated_home) as http, pytest.raises(DownloadError) as err:
        download_pdf(http, [mirror.url + "/p.pdf"], dest, max_bytes=10**7)
    assert f"got an HTML page (login or paywall?) instead of a PDF from {mirror.host}" in str(
        err.value
    )
    assert not dest.exists() and parts(dest.parent) == []


def test_every_failure_is_listed(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/gone.pdf", 404)
    mirror.route("/page.pdf", Reply(body=LOGIN_PAGE, content_type="text/html"))
    dest = isolated_home / "pdfs" / "a.pdf"
    with make_http(isolated_home) as http, pytest.raises(DownloadError) as err:
        download_pdf(
            http, [mirror.url + "/gone.pdf", mirror.url + "/page.pdf"], dest, max_bytes=10**7
        )
    message = str(err.value)
    assert message.startswith("could not download a PDF: ")
    assert "/gone.pdf: HTTP 404" in message and "/page.pdf: got an HTML page" in message
    assert "\n" not in message


def test_reset_half_way_leaves_nothing_then_next_link(
    isolated_home: Path, mirror: Mirror, pdf: bytes
) -> None:
    mirror.route("/cut.pdf", Reply(body=pdf, reset_after=len(pdf) // 2))
    mirror.route("/ok.pdf", pdf)
    dest = isolated_home / "pdfs" / "a.pdf"
    with make_http(isolated_home) as http:
        got = download_pdf(
            http, [mirror.url + "/cut.pdf", mirror.url + "/ok.pdf"], dest, max_bytes=10**7
        )
    assert got.url == mirror.url + "/ok.pdf"
    assert len(mirror.hits("/cut.pdf")) == 2  # retried once, then gave up on that link
    assert dest.read_bytes() == pdf and parts(dest.parent) == []


def test_reset_then_success_on_retry(isolated_home: Path, mirror: Mirror, pdf: bytes) -> None:
    mirror.route("/p.pdf", Reply(body=pdf, reset_after=100), pdf)
    dest = isolated_home / "pdfs" / "a.pdf"
    with make_http(isolated_home) as http:
        download_pdf(http, [mirror.url + "/p.pdf"], dest, max_bytes=10**7)
    assert dest.read_bytes() == pdf


def test_read_timeout_fails_cleanly(isolated_home: Path, mirror: Mirror) -> None:
    mirror.route("/slow.pdf", Reply(hang=True))
    dest = isolated_home / "pdfs" / "a.pdf"
    with make_http(isolated_home, timeout=0.2) as http, pytest.raises(DownloadError) as err:
        download_pdf(http, [mirror.url + "/slow.pdf"], dest, max_bytes=10**7)
    assert "read timeout" in str(err.value)
    assert not dest.exists() and parts(dest.parent) == []


def test_size_cap(isolated_home: Path, mirror: Mirror, pdf: bytes) -> None:
    mirror.route("/big.pdf", pdf)
    dest = isolated_home / "pdfs" / "a.pdf"
    with make_http(isolated_home) as http, pytest.raises(DownloadError, match="limit"):
        download_pdf(http, [mirror.url + "/big.pdf"], dest, max_bytes=len(pdf) // 2)
    assert not dest.exists() and parts(dest.parent) == []


def test_redirect_is_followed(isolated_home: Path, mirror: Mirror, pdf: bytes) -> None:
    mirror.route("/abs", Reply(302, headers={"Location": "/real.pdf"}))
    mirror.route("/real.pdf", pdf)
    dest = isolated_home / "pdfs" / "a.pdf"
    with make_http(isolated_home) as http:
        got = download_pdf(http, [mirror.url + "/abs"], dest, max_bytes=10**7)
    assert got.url == mirror.url + "/real.pdf"


def test_no_links(isolated_home: Path) -> None:
    with make_http(isolated_home) as http, pytest.raises(DownloadError, match="no PDF link"):
        download_pdf(http, [], isolated_home / "a.pdf", max_bytes=10)
