"""``paperprep fetch`` arranged to dwell in one stage: for Ctrl-C tests and the benchmark.

Each :class:`Stage` sets up one loopback mirror per service host (:class:`Hosts`: per-host pacing
applies as it would to the real hosts; one mirror for all would make every request "arXiv's"),
serving the recorded recsys answers of ``tests/fixtures`` so that a fetch spends a long while in
that stage, and says how to tell from the mirrors' logs (or the terminal) that it has begun:

- **search**: arXiv answers each query after 1 s, paced 3 s apart, Scholar with its recorded
  result page; begun at the first arXiv request;
- **enrich**: the OpenAlex searches answer at once, the first enrichment look-up after 30 s;
  begun when that look-up was sent (a thread blocked on a socket read);
- **download**: every PDF on the PDF host takes 30 s to start arriving (other links point at
  hosts this machine cannot reach); begun when "downloading and extracting" is on the screen;
- **extract**: the PDFs arrive at once but have 400 pages, extracted with ``--engine pypdf``
  (several seconds each); begun at the first PDF request, Ctrl-C 1.5 s later.

Outside the search stage Scholar answers with its recorded CAPTCHA page (it blocks us, as it
often does), so that the later stages are reached in seconds.
"""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pexpect

from tests.mirror import (
    RECSYS_ARXIV_PAPERS,
    Mirror,
    Reply,
    arxiv_body,
    openalex_body,
    scholar_page,
)
from tests.pdfgen import Spec, paper_pdf
from tests.terminal import spawn_tty


def openalex_searches() -> int:
    from paperprep.domains import get_domain

    return len(get_domain("recsys", None).queries.get("openalex", []))


def long_pdf(title: str, pages: int) -> bytes:
    """A ``pages``-page PDF made by repeating a generated paper's page (fast to make; pypdf
    takes a few seconds to extract it)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(paper_pdf(Spec(title=title))))
    writer = PdfWriter()
    while len(writer.pages) < pages:
        for page in reader.pages:
            writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@dataclass
class Hosts:
    """One loopback mirror per service host, so that per-host pacing applies as it would to the
    real hosts (one mirror for all would make every request "arXiv's")."""

    arxiv: Mirror
    openalex: Mirror
    scholar: Mirror
    pdf: Mirror

    def env(self) -> dict[str, str]:
        return {
            "PAPERPREP_ARXIV_URL": f"{self.arxiv.url}/api/query",
            "PAPERPREP_OPENALEX_URL": self.openalex.url,
            "PAPERPREP_SCHOLAR_URL": self.scholar.url,
            "PAPERPREP_ARXIV_PDF_URL": f"{self.pdf.url}/pdf",
        }


@dataclass
class Stage:
    name: str
    #: Arrange the mirrors for this stage.
    arrange: Callable[[Hosts], None]
    #: Whether the stage has begun, from the mirrors' logs (after ``marker``, if any).
    begun: Callable[[Hosts], bool]
    #: Text the stage puts on the terminal when it begins, waited for first.
    marker: str | None = None
    #: Seconds to wait after it has begun before pressing Ctrl-C.
    settle: float = 0.5
    args: tuple[str, ...] = ()


def _normal(h: Hosts, *, pdf_delay: float = 0.0, pdfs: dict[str, bytes] | None = None) -> None:
    h.arxiv.route("/api/query", arxiv_body("recsys_assembled"))
    h.openalex.route("/works", openalex_body("recsys_assembled"))
    # Scholar blocks us (its recorded CAPTCHA page), as it often does.
    h.scholar.route("/scholar", scholar_page("geomap_captcha"))
    for arxiv_id, title in RECSYS_ARXIV_PAPERS:
        body = (pdfs or {}).get(arxiv_id) or paper_pdf(Spec(title=title))
        h.pdf.route(
            f"/pdf/{arxiv_id}",
            Reply(200, body, content_type="application/pdf", delay=pdf_delay),
        )


def _search(h: Hosts) -> None:
    _normal(h)
    h.scholar.route("/scholar", scholar_page("geomap_search"))
    h.arxiv.route("/api/query", Reply(200, arxiv_body("recsys_assembled"), delay=1.0))


def _enrich(h: Hosts) -> None:
    _normal(h)
    body = openalex_body("recsys_assembled")
    n = openalex_searches()
    h.openalex.route("/works", *([body] * n), Reply(200, body, delay=30.0))


def _download(h: Hosts) -> None:
    _normal(h, pdf_delay=30.0)


_BIG: dict[str, bytes] = {}


def _extract(h: Hosts) -> None:
    if not _BIG:
        for arxiv_id, title in RECSYS_ARXIV_PAPERS:
            _BIG[arxiv_id] = long_pdf(title, 400)
    _normal(h, pdfs=_BIG)


def _pdf_hits(h: Hosts) -> int:
    return len(h.pdf.requests)


def _enrich_begun(h: Hosts) -> bool:
    return len(h.openalex.hits("/works")) > openalex_searches()


def _always(h: Hosts) -> bool:
    return True


STAGES = [
    Stage("search", _search, lambda h: bool(h.arxiv.hits("/api/query"))),
    Stage("enrich", _enrich, _enrich_begun),
    Stage("download", _download, _always, marker="downloading and extracting", settle=1.0),
    Stage(
        "extract",
        _extract,
        lambda h: _pdf_hits(h) >= 1,
        marker="downloading and extracting",
        settle=1.5,
        args=("--engine", "pypdf"),
    ),
]


#: Shorter pacing for tests: the stages are reached sooner; what they dwell on is unchanged
#: (the search stage keeps arXiv's 3 s, the others wait on the mirrors' slow answers).
QUICK = {"PAPERPREP_ARXIV_DELAY": "0.3", "PAPERPREP_HOST_DELAY": "0.1"}


@contextlib.contextmanager
def fetch_in(
    stage: Stage,
    home: Path,
    env: Mapping[str, str] | None = None,
    *,
    timeout: float = 120,
    wrap: Sequence[str] = (),
) -> Iterator[pexpect.spawn[str]]:
    """``paperprep fetch recsys --top 3`` under a pty, handed over once ``stage`` has begun
    (and settled); the mirrors run until the block ends."""
    with Mirror() as a, Mirror() as o, Mirror() as s, Mirror() as p:
        hosts = Hosts(a, o, s, p)
        stage.arrange(hosts)
        child = spawn_tty(
            ["fetch", "recsys", "--top", "3", *stage.args],
            home=home,
            env={**hosts.env(), "PAPERPREP_TIMEOUT": "60", **(env or {})},
            wrap=wrap,
        )
        try:
            if stage.marker:
                child.expect_exact(stage.marker, timeout=timeout)
            deadline = time.monotonic() + timeout
            while not stage.begun(hosts) and time.monotonic() < deadline and child.isalive():
                time.sleep(0.02)
            if not stage.begun(hosts):
                raise AssertionError(f"{stage.name}: the stage never began")
            time.sleep(stage.settle)
            yield child
        finally:
            if child.isalive():
                child.kill(9)
            child.close(force=True)
