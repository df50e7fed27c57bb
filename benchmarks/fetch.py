"""``paperprep fetch`` against loopback mirrors with realistic latency: wall time vs critical path.

What it does:

- Starts one loopback :class:`tests.mirror.Mirror` per service host -- arXiv API, OpenAlex,
  Google Scholar, and the arXiv PDF host -- so that paperprep's per-host pacing applies to each
  as it would to the real hosts (one mirror for all would make every request "arXiv's").
- Serves realistic bodies: the recorded-format assembled recsys feeds of ``tests/fixtures``,
  **enlarged in memory** to ``--papers`` entries (the recorded first entry / first Work used as
  the template; real titles and arXiv ids of well-known recsys papers, paraphrased abstracts,
  illustrative citation counts), the recorded Scholar page ``geomap_search.html`` for every
  Scholar request, OpenAlex's recorded HTML 404 for DOIs it "does not know", an empty result
  list for title look-ups, and one generated multi-page PDF per paper (``tests/pdfgen.py``,
  8-12 text pages plus 1-2 pages of incompressible figures so sizes are paper-like, ~0.25-1.1 MB).
- Adds latency to every reply through ``Reply.delay``: APIs 150-400 ms (seeded) plus
  size / bandwidth, PDFs 300 ms plus size / bandwidth (default 2 MB/s).
- Runs the real CLI, ``python -m paperprep fetch recsys --top N --json``, in a subprocess with
  the real pacing defaults (arXiv API 3 s between requests, one connection; 1 s between
  requests to any other host) unless ``--arxiv-delay`` / ``--host-delay`` say otherwise.
- Computes the critical path from the requests the run actually made (the mirrors' logs), under
  the pipeline's own stage order (search || seeds' graph -> enrich -> rank -> download || extract):

  * search: the slowest search host; arXiv = sum of latencies + (n-1) x arxiv_delay (the gap
    counts from the end of the previous request, one connection), any other host =
    starts spaced host_delay apart, each answer taking its latency; OpenAlex's searches share
    the host with the seeds' citation graph, walked at the same time (the OpenAlex look-ups made
    before the last search answer): all of them host_delay apart, and the graph's own look-ups
    one after another (each needs the previous answer);
  * enrich: the OpenAlex look-ups after the searches, host_delay apart;
  * downloads: starts host_delay apart per PDF host, hosts in parallel, after enrich;
  * extraction: each PDF's extraction time (measured in this process, warm, on the same
    files) on ``workers`` cores, starting when its download has finished.

  It prints wall time, the critical path, their ratio (target <= 1.3x), and the observed vs
  ideal time of each stage.
- Memory: ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` after the fetch exits (the largest single
  waited-for descendant), plus /proc sampling every 50 ms of the fetch process and all its
  descendants (extraction workers): each one's peak (VmHWM) and the peak of their summed RSS.
  Target: < 300 MB.

Usage: ``python benchmarks/fetch.py [--papers N] [--arxiv-delay S] [--host-delay S]
[--bandwidth MB/s] [--seed N]``. Prints numbers only; no assertions.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import io
import json
import os
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.mirror import Mirror, Reply, arxiv_body, openalex_body, scholar_page  # noqa: E402
from tests.pdfgen import Spec, paper_pdf  # noqa: E402

MB = 1024 * 1024
TARGET_RATIO = 1.3
TARGET_MB = 300.0

#: Real recsys papers (title, year, arXiv id, publisher DOI or None); the first three are the
#: ones in the recorded-format fixtures. Abstracts below are paraphrases; counts illustrative.
PAPERS: list[tuple[str, int, str, str | None]] = [
    ("Wide & Deep Learning for Recommender Systems", 2016, "1606.07792", "10.1145/2988450.2988454"),
    (
        "DeepFM: A Factorization-Machine based Neural Network for CTR Prediction",
        2017,
        "1703.04247",
        "10.24963/ijcai.2017/239",
    ),
    ("Deep Interest Network for Click-Through Rate Prediction", 2017, "1706.06978", None),
    ("Neural Collaborative Filtering", 2017, "1708.05031", None),
    ("Deep & Cross Network for Ad Click Predictions", 2017, "1708.05123", None),
    ("Session-based Recommendations with Recurrent Neural Networks", 2015, "1511.06939", None),
    ("Self-Attentive Sequential Recommendation", 2018, "1808.09781", None),
    ("Variational Autoencoders for Collaborative Filtering", 2018, "1802.05814", None),
    (
        "BERT4Rec: Sequential Recommendation with Bidirectional Encoder Representations "
        "from Transformer",
        2019,
        "1904.06690",
        None,
    ),
    (
        "LightGCN: Simplifying and Powering Graph Convolution Network for Recommendation",
        2020,
        "2002.02126",
        None,
    ),
    ("Neural Graph Collaborative Filtering", 2019, "1905.08108", None),
    (
        "xDeepFM: Combining Explicit and Implicit Feature Interactions for Recommender Systems",
        2018,
        "1803.05170",
        None,
    ),
    ("BPR: Bayesian Personalized Ranking from Implicit Feedback", 2012, "1205.2618", None),
    (
        "Collaborative Denoising Auto-Encoders for Top-N Recommender Systems",
        2016,
        "1603.00968",
        None,
    ),
    (
        "Behavior Sequence Transformer for E-commerce Recommendation in Alibaba",
        2019,
        "1905.06874",
        None,
    ),
]

#: The recsys domain's seeds known by DOI only (domains/recsys.toml): OpenAlex's DOI look-up
#: answers them with an open-access PDF link on a second ("publisher") host.
DOI_SEEDS: list[tuple[str, int, str]] = [
    ("Deep Neural Networks for YouTube Recommendations", 2016, "10.1145/2959100.2959190"),
    ("Matrix Factorization Techniques for Recommender Systems", 2009, "10.1109/MC.2009.263"),
    ("Collaborative Filtering for Implicit Feedback Datasets", 2008, "10.1109/ICDM.2008.22"),
    (
        "Amazon.com Recommendations: Item-to-Item Collaborative Filtering",
        2003,
        "10.1109/MIC.2003.1167344",
    ),
    (
        "Item-based Collaborative Filtering Recommendation Algorithms",
        2001,
        "10.1145/371920.372071",
    ),
]

VOCAB = {
    "data": [
        "We train on {n} million impression logs collected over {d} days from the production "
        "system; each example holds a user id, an item id, context features and a click label.",
        "The public benchmark has {n} thousand users, {d} thousand items and implicit feedback "
        "(views and purchases); we hold out the last interaction of each user for testing.",
    ],
    "features": [
        "Sparse categorical features such as user id, item id and category are hashed and mapped "
        "to {d}-dimensional embeddings; dense features are normalised to zero mean.",
        "Cross-product feature transformations capture co-occurrence of installed and impressed "
        "apps, while the behaviour sequence of the last {d} items is pooled with attention.",
    ],
    "architecture": [
        "The model consists of an embedding layer followed by {d} fully connected layers with "
        "ReLU activations, trained jointly with a wide linear component.",
        "A two-tower network encodes users and items separately; candidates are retrieved by "
        "approximate nearest neighbour search and re-ranked by a deeper network.",
    ],
    "findings": [
        "Our model improves offline AUC by {p}% and online click-through rate by {q}% in an A/B "
        "test over {d} days against the production baseline.",
        "Recall@20 improves by {p}% and NDCG@10 by {q}% over the strongest baseline on both "
        "datasets; gains are largest for users with short histories.",
    ],
    "filler": [
        "Recommendation systems rank a very large catalogue of items for each user under tight "
        "latency budgets, which makes candidate generation and ranking separate problems.",
        "Collaborative filtering exploits the interactions of similar users, whereas content "
        "features help when an item has few interactions, the cold-start case.",
        "We tune the learning rate, batch size and embedding size on a validation split and "
        "report the mean of five runs with different random seeds.",
        "Serving uses a feature store for user history and caches item embeddings; the model is "
        "retrained daily and warm-started from the previous checkpoint.",
    ],
}


# -- the served bodies ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fake:
    title: str
    year: int
    arxiv_id: str | None
    doi: str | None
    citations: int
    abstract: str

    @property
    def key(self) -> str:
        """The PDF's name on its mirror: the arXiv id, else the DOI's suffix."""
        return self.arxiv_id or (self.doi or self.title).rsplit("/", 1)[-1]


def make_papers(rng: random.Random) -> tuple[list[Fake], list[Fake]]:
    """(arXiv papers found by search, DOI-only seeds found by OpenAlex's DOI look-up)."""

    def abstract(title: str) -> str:
        return (
            f"We study {title.split(':')[0].lower()} for recommender systems. "
            + rng.choice(VOCAB["architecture"]).format(d=rng.randint(2, 5))
            + " "
            + rng.choice(VOCAB["findings"]).format(p=rng.randint(1, 9), q=rng.randint(1, 9), d=14)
        )

    found = [
        Fake(title, year, arxiv_id, doi, 30000 - 1500 * i, abstract(title))
        for i, (title, year, arxiv_id, doi) in enumerate(PAPERS)
    ]
    seeds = [
        Fake(title, year, None, doi, 12000 - 1000 * i, abstract(title))
        for i, (title, year, doi) in enumerate(DOI_SEEDS)
    ]
    return found, seeds


def arxiv_feed(papers: Sequence[Fake]) -> bytes:
    """The assembled recsys feed (recorded format) with one entry per paper."""
    text = arxiv_body("recsys_assembled").decode()
    head, _, rest = text.partition("  <entry>")
    template = "  <entry>" + rest.split("</entry>")[0] + "</entry>\n"
    tail = "</feed>\n"
    entries = []
    for p in papers:
        e = template
        stamp = f"{p.year}-06-01T12:00:00Z"
        e = re.sub(r"<id>[^<]*</id>", f"<id>http://arxiv.org/abs/{p.arxiv_id}v1</id>", e)
        e = re.sub(r"<title>[^<]*</title>", f"<title>{escape(p.title)}</title>", e)
        e = re.sub(r"<summary>[^<]*</summary>", f"<summary>{escape(p.abstract)}</summary>", e)
        e = re.sub(r"<(updated|published)>[^<]*<", rf"<\1>{stamp}<", e)
        e = re.sub(
            r'href="https://arxiv.org/abs/[^"]*"', f'href="https://arxiv.org/abs/{p.arxiv_id}v1"', e
        )
        doi = f"<arxiv:doi>{p.doi}</arxiv:doi>" if p.doi else ""
        e = re.sub(r"<arxiv:doi>[^<]*</arxiv:doi>", doi, e)
        entries.append(e)
    head = re.sub(r"(<opensearch:(?:itemsPerPage|totalResults)>)\d+", rf"\g<1>{len(papers)}", head)
    head = head.replace("ASSEMBLED, not recorded:", "ASSEMBLED (enlarged by benchmarks/fetch.py):")
    return (head + "".join(entries) + tail).encode()


def openalex_work(p: Fake, n: int, oa_pdf: str | None = None) -> dict[str, Any]:
    """One Work object in the recorded shape (the assembled list's first Work as template)."""
    template = json.loads(openalex_body("recsys_assembled"))["results"][0]
    w: dict[str, Any] = copy.deepcopy(template)
    doi = p.doi or f"10.48550/arxiv.{p.arxiv_id}"
    words: dict[str, list[int]] = {}
    for pos, word in enumerate(p.abstract.split()):
        words.setdefault(word, []).append(pos)
    locations: list[dict[str, Any]] = []
    if p.arxiv_id:
        locations.append({"is_oa": True, "landing_page_url": f"https://arxiv.org/abs/{p.arxiv_id}"})
    best = None
    if oa_pdf:
        best = {"is_oa": True, "landing_page_url": f"https://doi.org/{doi}", "pdf_url": oa_pdf}
        locations.append(best)
    w.update(
        id=f"https://openalex.org/W9{n:09d}",
        doi=f"https://doi.org/{doi}",
        title=p.title,
        display_name=p.title,
        publication_year=p.year,
        cited_by_count=p.citations,
        abstract_inverted_index=words,
        best_oa_location=best,
        locations=locations,
    )
    w["ids"] = {"openalex": w["id"], "doi": w["doi"]}
    return w


def openalex_list(papers: Sequence[Fake]) -> bytes:
    """The assembled OpenAlex ``/works`` list (recorded shape), one Work per paper."""
    data = json.loads(openalex_body("recsys_assembled"))
    data["results"] = [openalex_work(p, i) for i, p in enumerate(papers)]
    data["meta"]["count"] = len(papers)
    data["_assembled"] = f"enlarged by benchmarks/fetch.py to {len(papers)} works; " + str(
        data.get("_assembled", "")
    )
    return json.dumps(data).encode()


def make_pdf(p: Fake, rng: random.Random) -> bytes:
    """An 8-12 page paper (tests/pdfgen.py) plus 1-2 figure pages of incompressible pixels."""
    import pypdf
    from fpdf import FPDF
    from PIL import Image

    target_pages = rng.randint(8, 12)
    sections: list[tuple[str, list[str]]] = []
    names = ["Introduction", "Related Work", "Data", "Features", "Model Architecture"]
    names += ["Training", "Experiments", "Results", "Ablations", "Serving", "Conclusion"]
    # ~3,900 characters of 10 pt text fill a Letter page.
    per_page = 3900
    budget = target_pages * per_page
    k = 0
    while budget > 0:
        heading = f"{k + 1} {names[k % len(names)]}"
        paras = []
        for _ in range(4):
            kind = rng.choice(["data", "features", "architecture", "findings", "filler", "filler"])
            sents = [
                rng.choice(VOCAB[kind]).format(
                    n=rng.randint(10, 900),
                    d=rng.randint(2, 90),
                    p=rng.randint(1, 9),
                    q=rng.randint(1, 9),
                )
                for _ in range(5)
            ]
            para = " ".join(sents)
            paras.append(para)
            budget -= len(para)
        sections.append((heading, paras))
        k += 1
    text_pdf = paper_pdf(Spec(title=p.title, year=p.year, abstract=p.abstract, sections=sections))
    fig = FPDF(format="Letter")
    for _ in range(rng.randint(1, 2)):
        fig.add_page()
        side = rng.randint(500, 800)
        img = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=90)
        buf.seek(0)
        fig.image(buf, x=20, y=30, w=170)
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(text_pdf)))
    writer.append(pypdf.PdfReader(io.BytesIO(bytes(fig.output()))))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# -- mirrors that add latency and log it ----------------------------------------------------------


@dataclass(frozen=True)
class Served:
    host: str
    path: str
    query: dict[str, list[str]]
    arrived: float
    delay: float
    size: int
    status: int

    @property
    def done(self) -> float:
        return self.arrived + self.delay


class LatentMirror(Mirror):
    """A :class:`Mirror` that adds ``latency(reply)`` to every reply and logs what it served."""

    def __init__(
        self,
        name: str,
        latency: Callable[[Reply], float],
        log: list[Served],
        fallback: Reply | None = None,
    ) -> None:
        super().__init__()
        self.name = name
        self._latency = latency
        self._log = log
        self._fallback = fallback

    #: Works by lower-case DOI (an arXiv-only paper by its DataCite DOI): the OpenAlex mirror
    #: answers ``/works?filter=doi:a|b`` and ``filter=openalex:W1|W2`` with those of them asked
    #: for, in the recorded list envelope (as OpenAlex does). Every other ``/works`` request --
    #: the title-and-abstract searches and the seeds' ``cites:`` graph -- gets the enlarged list.
    works_by_doi: dict[str, dict[str, Any]]

    def _pick(self, path: str, query: Mapping[str, list[str]]) -> Reply:
        arrived = time.monotonic()
        reply = super()._pick(path, query)
        wanted = (query.get("filter") or [""])[0]
        works: list[dict[str, Any]] | None = None
        if path == "/works" and wanted.startswith("doi:") and hasattr(self, "works_by_doi"):
            works = [
                self.works_by_doi[d]
                for d in wanted.removeprefix("doi:").split("|")
                if d in self.works_by_doi
            ]
        elif path == "/works" and wanted.startswith("openalex:") and hasattr(self, "works_by_doi"):
            ids = set(wanted.removeprefix("openalex:").split("|"))
            works = [w for w in self.works_by_doi.values() if w["id"].rsplit("/", 1)[-1] in ids]
        if works is not None:
            data = json.loads(openalex_body("recsys_assembled"))
            data["results"], data["meta"]["count"] = works, len(works)
            reply = Reply(200, json.dumps(data).encode(), content_type="application/json")
        if (
            reply.status == 404
            and self._fallback is not None
            and reply.body.startswith(b"no route")
        ):
            reply = self._fallback
        reply = dataclasses.replace(reply, delay=reply.delay + self._latency(reply))
        with self._lock:
            self._log.append(
                Served(
                    self.name,
                    path,
                    dict(query),
                    arrived,
                    reply.delay,
                    len(reply.body),
                    reply.status,
                )
            )
        return reply


# -- watching the subprocess ----------------------------------------------------------------------


def _status(pid: int) -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    out[line.split(":")[0]] = int(line.split()[1])
    except OSError:
        pass
    return out


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return found


@dataclass
class Watch:
    """Samples memory of the process tree and the library's PDF states while the fetch runs."""

    pid: int
    db: Path
    peak_kb: dict[int, int] = dataclasses.field(default_factory=dict)
    names: dict[int, str] = dataclasses.field(default_factory=dict)
    peak_total_kb: int = 0
    #: paper_id -> {status: first time seen}
    pdf_times: dict[int, dict[str, float]] = dataclasses.field(default_factory=dict)
    stop: threading.Event = dataclasses.field(default_factory=threading.Event)

    def run(self) -> None:
        conn: sqlite3.Connection | None = None
        while not self.stop.is_set():
            total = 0
            for p in _descendants(self.pid):
                st = _status(p)
                if not st:
                    continue
                total += st.get("VmRSS", 0)
                self.peak_kb[p] = max(self.peak_kb.get(p, 0), st.get("VmHWM", 0))
                if p not in self.names:
                    try:
                        cmd = Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ")
                        self.names[p] = cmd.decode(errors="replace")[:80]
                    except OSError:
                        self.names[p] = "?"
            self.peak_total_kb = max(self.peak_total_kb, total)
            if conn is None and self.db.exists():
                try:
                    conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=0.05)
                except sqlite3.Error:
                    conn = None
            if conn is not None:
                try:
                    now = time.monotonic()
                    for pid, status in conn.execute("SELECT paper_id, status FROM pdfs"):
                        self.pdf_times.setdefault(int(pid), {}).setdefault(str(status), now)
                except sqlite3.Error:
                    pass
            self.stop.wait(0.05)
        if conn is not None:
            conn.close()


# -- the critical path ----------------------------------------------------------------------------


def spaced_finish(delays: Sequence[float], gap: float, start: float = 0.0) -> float:
    """Earliest time all requests are answered when their starts must be ``gap`` apart."""
    if not delays:
        return start
    ordered = sorted(delays, reverse=True)  # longest first: the shortest answer ends last
    return start + max(i * gap + d for i, d in enumerate(ordered))


def exclusive_finish(delays: Sequence[float], gap: float, start: float = 0.0) -> float:
    """One connection, ``gap`` from the end of one request to the start of the next (arXiv)."""
    if not delays:
        return start
    return start + sum(delays) + gap * (len(delays) - 1)


def pipeline_finish(downloads: Sequence[float], extract: Sequence[float], workers: int) -> float:
    """Extraction of file i starts when its download ends and a worker is free."""
    free = [0.0] * max(1, workers)
    end = 0.0
    for done, cost in sorted(zip(downloads, extract, strict=True)):
        i = min(range(len(free)), key=free.__getitem__)
        start = max(done, free[i])
        free[i] = start + cost
        end = max(end, free[i])
    return end


# -- main -----------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--papers", type=int, default=10, help="papers to fetch (--top), default 10")
    ap.add_argument("--arxiv-delay", type=float, default=None, help="default: paperprep's (3 s)")
    ap.add_argument("--host-delay", type=float, default=None, help="default: paperprep's (1 s)")
    ap.add_argument("--bandwidth", type=float, default=2.0, help="MB/s per response, default 2")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    from paperprep.extract.pipeline import extract_pdf
    from paperprep.settings import Settings

    defaults = Settings(home=Path("."))
    arxiv_delay = defaults.arxiv_delay if args.arxiv_delay is None else args.arxiv_delay
    host_delay = defaults.host_delay if args.host_delay is None else args.host_delay
    bandwidth: float = float(args.bandwidth) * MB
    rng = random.Random(args.seed)
    lat_rng = random.Random(args.seed + 1)
    lat_lock = threading.Lock()

    def api_latency(reply: Reply) -> float:
        with lat_lock:
            base = lat_rng.uniform(0.150, 0.400)
        return base + len(reply.body) / bandwidth

    def pdf_latency(reply: Reply) -> float:
        return 0.300 + len(reply.body) / bandwidth

    papers, seeds = make_papers(rng)
    if not 1 <= args.papers <= len(papers):
        raise SystemExit(f"--papers must be between 1 and {len(papers)}")
    t_gen = time.perf_counter()
    pdfs = {p.key: make_pdf(p, rng) for p in [*papers, *seeds]}
    t_gen = time.perf_counter() - t_gen

    # Extraction cost of each PDF, measured here (warm; one core), for the critical path.
    extract_pdf(next(iter(pdfs.values())))
    costs: dict[str, float] = {}
    pages: dict[str, int] = {}
    for key, data in pdfs.items():
        t = time.perf_counter()
        ex = extract_pdf(data)
        costs[key] = time.perf_counter() - t
        pages[key] = len(ex.pages)

    served: list[Served] = []
    not_found = Reply(404, openalex_body("404"), content_type="text/html; charset=utf-8")
    empty = json.dumps({"meta": {"count": 0, "page": 1, "per_page": 5}, "results": []})
    mirrors = {
        "arxiv-api": LatentMirror("arxiv-api", api_latency, served),
        "openalex": LatentMirror("openalex", api_latency, served, fallback=not_found),
        "scholar": LatentMirror("scholar", api_latency, served),
        "arxiv-pdf": LatentMirror("arxiv-pdf", pdf_latency, served),
        "publisher": LatentMirror("publisher", pdf_latency, served),
    }
    mirrors["arxiv-api"].route("/api/query", arxiv_feed(papers))
    mirrors["openalex"].route("/works", openalex_list(papers))
    mirrors["openalex"].works_by_doi = {
        (p.doi or f"10.48550/arxiv.{p.arxiv_id}").lower(): openalex_work(p, i)
        for i, p in enumerate(papers)
    }
    mirrors["openalex"].route("/works", empty.encode(), query={"per-page": "5"})
    mirrors["scholar"].route("/scholar", scholar_page("geomap_search"))
    for p in papers:
        mirrors["arxiv-pdf"].route(
            f"/pdf/{p.key}", Reply(200, pdfs[p.key], content_type="application/pdf")
        )
    for i, p in enumerate(seeds):
        oa = f"{mirrors['publisher'].url}/oa/{p.key}.pdf"
        work = openalex_work(p, 500 + i, oa_pdf=oa)
        # paperprep asks for the normalised (lower-case) DOI.
        path = f"/works/https://doi.org/{(p.doi or '').lower()}"
        mirrors["openalex"].route(path, json.dumps(work).encode())
        mirrors["openalex"].works_by_doi[(p.doi or "").lower()] = work
        mirrors["publisher"].route(
            f"/oa/{p.key}.pdf", Reply(200, pdfs[p.key], content_type="application/pdf")
        )

    workers = int(os.environ.get("PAPERPREP_WORKERS", "0")) or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="paperprep-bench-fetch-") as tmp:
        home = Path(tmp) / "home"
        env = {
            **os.environ,
            "PAPERPREP_HOME": str(home),
            "PAPERPREP_ARXIV_URL": f"{mirrors['arxiv-api'].url}/api/query",
            "PAPERPREP_OPENALEX_URL": mirrors["openalex"].url,
            "PAPERPREP_SCHOLAR_URL": mirrors["scholar"].url,
            "PAPERPREP_ARXIV_PDF_URL": f"{mirrors['arxiv-pdf'].url}/pdf",
        }
        for name in ("PAPERPREP_ARXIV_DELAY", "PAPERPREP_HOST_DELAY"):
            env.pop(name, None)
        if args.arxiv_delay is not None:
            env["PAPERPREP_ARXIV_DELAY"] = str(args.arxiv_delay)
        if args.host_delay is not None:
            env["PAPERPREP_HOST_DELAY"] = str(args.host_delay)
        for m in mirrors.values():
            m.start()
        try:
            argv_ = [sys.executable, "-m", "paperprep", "fetch", "recsys"]
            argv_ += ["--top", str(args.papers), "--json"]
            t0 = time.monotonic()
            proc = subprocess.Popen(
                argv_, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            watch = Watch(proc.pid, home / "library.db")
            watcher = threading.Thread(target=watch.run, daemon=True)
            watcher.start()
            out, err = proc.communicate()
            t_end = time.monotonic()
            watch.stop.set()
            watcher.join()
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        finally:
            for m in mirrors.values():
                m.stop()

    wall = t_end - t0
    report: dict[str, Any] = {}
    if proc.returncode == 0:
        report = json.loads(out)
    picked = report.get("papers", [])
    pdf_ok = sum(1 for p in picked if p["pdf"]["status"] == "ok")

    # -- what was asked, per stage
    def is_search(s: Served) -> bool:
        if s.host in ("arxiv-api", "scholar"):
            return True
        wanted = (s.query.get("filter") or [""])[0]
        return s.host == "openalex" and ("search" in s.query or "_abstract.search:" in wanted)

    by_kind: dict[str, list[Served]] = {"search": [], "graph": [], "enrich": [], "download": []}
    for s in served:
        if is_search(s):
            by_kind["search"].append(s)
        elif s.host not in ("openalex",):
            by_kind["download"].append(s)
    # OpenAlex look-ups made while the searches ran are the seeds' graph (it runs alongside the
    # searches); the ones after are the enrichment of the merged candidates.
    searched = max((s.done for s in by_kind["search"]), default=0.0)
    for s in served:
        if s.host == "openalex" and not is_search(s):
            by_kind["graph" if s.arrived < searched else "enrich"].append(s)

    # -- the critical path, from those requests
    search_hosts: dict[str, float] = {}
    for host in ("arxiv-api", "scholar", "openalex"):
        reqs = [s for s in by_kind["search"] if s.host == host]
        if host == "arxiv-api":
            search_hosts[host] = exclusive_finish([s.delay for s in reqs], arxiv_delay)
        else:
            search_hosts[host] = spaced_finish([s.delay for s in reqs], host_delay)
    graph = by_kind["graph"]
    oa_phase1 = [s.delay for s in by_kind["search"] if s.host == "openalex"]
    oa_phase1 += [s.delay for s in graph]
    # The graph's look-ups depend on each other (seeds -> citing works -> references): one
    # after another, host_delay apart; and they share OpenAlex's pacing with its searches.
    graph_chain = exclusive_finish([s.delay for s in graph], host_delay) if graph else 0.0
    search_hosts["openalex"] = max(spaced_finish(oa_phase1, host_delay), graph_chain)
    cp_search = max(search_hosts.values())
    enrich_start = max(cp_search, len(oa_phase1) * host_delay)
    cp_enrich_end = spaced_finish([s.delay for s in by_kind["enrich"]], host_delay, enrich_start)
    if not by_kind["enrich"]:
        cp_enrich_end = cp_search
    dl = sorted(by_kind["download"], key=lambda s: s.arrived)
    # Per PDF host: starts host_delay apart (in the order the run asked); hosts in parallel.
    slot: dict[str, int] = {}
    ideal_dl_done = []
    for s in dl:
        i = slot[s.host] = slot.get(s.host, -1) + 1
        ideal_dl_done.append(cp_enrich_end + i * host_delay + s.delay)
    cp_dl_end = max(ideal_dl_done, default=cp_enrich_end)
    dl_costs = [costs.get(s.path.rsplit("/", 1)[-1].removesuffix(".pdf"), 0.0) for s in dl]
    cp_total = pipeline_finish(ideal_dl_done, dl_costs, workers) if dl else cp_enrich_end
    floor = max(
        exclusive_finish([s.delay for s in served if s.host == "arxiv-api"], arxiv_delay),
        *(
            spaced_finish([s.delay for s in served if s.host == h], host_delay)
            for h in ("scholar", "openalex", "arxiv-pdf", "publisher")
        ),
    )

    # -- what the run did, per stage (relative to the subprocess start)
    def rel(t: float) -> float:
        return t - t0

    first_req = min((s.arrived for s in served), default=t_end)
    search_end = max((s.done for s in by_kind["search"]), default=t0)
    enrich = by_kind["enrich"]
    ext_done = [
        min(v for k, v in st.items() if k in ("ok", "failed"))
        for st in watch.pdf_times.values()
        if any(k in ("ok", "failed") for k in st)
    ]
    last_dl = max((s.done for s in dl), default=t0)
    first_dl_done = min((s.done for s in dl), default=t0)
    waits = [
        min(v for k, v in st.items() if k in ("ok", "failed")) - st["pending"]
        for st in watch.pdf_times.values()
        if "pending" in st and any(k in ("ok", "failed") for k in st)
    ]
    stored_to_done = statistics.median(waits) if waits else 0.0
    median_cost = statistics.median([costs[k] for k in costs]) if costs else 0.0
    last_ext = max(ext_done, default=last_dl)

    print("paperprep fetch benchmark: loopback mirrors with latency, real CLI in a subprocess")
    print(
        f"  fixtures: arXiv feed and OpenAlex list assembled in the recorded format, ENLARGED in "
        f"memory to {len(papers)} papers (real titles/ids, paraphrased abstracts, illustrative "
        f"counts); Scholar = recorded geomap_search.html; PDFs generated ({t_gen:.1f} s)"
    )
    sizes = [len(b) for b in pdfs.values()]
    print(
        f"  PDFs: {len(pdfs)} files, {min(pages.values())}-{max(pages.values())} pages, "
        f"{min(sizes) / MB:.2f}-{max(sizes) / MB:.2f} MB (total {sum(sizes) / MB:.1f} MB); "
        f"extraction in-process {sum(costs.values()):.2f} s total, "
        f"{sum(pages.values()) / max(sum(costs.values()), 1e-9):.0f} pages/s"
    )
    print(
        f"  latency: API 150-400 ms + size/{args.bandwidth:g} MB/s; PDFs 300 ms + "
        f"size/{args.bandwidth:g} MB/s; pacing: arXiv API {arxiv_delay:g} s (one connection), "
        f"other hosts {host_delay:g} s"
        + (" (paperprep defaults)" if args.arxiv_delay is None and args.host_delay is None else "")
        + f"; extraction workers {workers}"
    )
    print(
        f"  run: exit {proc.returncode}; {len(picked)} papers picked, {pdf_ok} PDFs ok; "
        f"requests: " + ", ".join(f"{h} {sum(1 for s in served if s.host == h)}" for h in mirrors)
    )
    if proc.returncode != 0:
        print("  stderr: " + err.decode(errors="replace")[-2000:])
    print()
    print(f"{'stage':<28}{'observed (s)':>14}{'ideal (s)':>12}   notes")
    rows = [
        ("start-up (to 1st request)", rel(first_req), 0.0, "process start + imports"),
        (
            "search + seeds' graph",
            rel(search_end),
            cp_search,
            ", ".join(
                f"{h} {sum(1 for s in by_kind['search'] if s.host == h)} req -> {v:.1f} s"
                for h, v in search_hosts.items()
            )
            + f" (openalex incl. {len(graph)} graph look-ups)",
        ),
        (
            "enrich (OpenAlex look-ups)",
            (max(s.done for s in enrich) - min(s.arrived for s in enrich)) if enrich else 0.0,
            cp_enrich_end - cp_search,
            f"{len(enrich)} req, "
            + (
                f"gap after search {min(s.arrived for s in enrich) - search_end:.2f} s"
                if enrich
                else ""
            ),
        ),
        (
            "downloads",
            (last_dl - min(s.arrived for s in dl)) if dl else 0.0,
            cp_dl_end - cp_enrich_end,
            ", ".join(f"{h} {n + 1} req" for h, n in slot.items()) + f", {host_delay:g} s apart",
        ),
        (
            "extraction (overlapped)",
            last_ext - first_dl_done,
            cp_total - min(ideal_dl_done, default=cp_total),
            f"{len(ext_done)} files from the 1st download's end; per file stored->extracted "
            f"median {stored_to_done:.2f} s (in-process median {median_cost:.2f} s)",
        ),
        (
            "extraction tail",
            last_ext - last_dl,
            cp_total - cp_dl_end,
            "after the last download ends",
        ),
        ("after extraction (notes, exit)", t_end - last_ext, 0.0, ""),
    ]
    for name, obs, ideal, note in rows:
        print(f"{name:<28}{obs:>14.2f}{ideal:>12.2f}   {note}")
    print()
    print(f"wall time       {wall:8.2f} s")
    print(f"critical path   {cp_total:8.2f} s   (search||graph -> enrich -> download||extract)")
    print(f"pacing floor    {floor:8.2f} s   (busiest host alone, no stage order; reference)")
    ratio = wall / cp_total if cp_total else float("nan")
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    print(f"ratio           {ratio:8.2f} x   target <= {TARGET_RATIO}x: {verdict}")
    print()
    rusage_mb = usage.ru_maxrss / 1024
    main_mb = watch.peak_kb.get(proc.pid, 0) / 1024
    others = sorted(
        ((kb / 1024, watch.names.get(p, "?")) for p, kb in watch.peak_kb.items() if p != proc.pid),
        reverse=True,
    )
    print(f"memory: ru_maxrss (RUSAGE_CHILDREN, largest waited-for process) {rusage_mb:7.1f} MB")
    print(f"        fetch process peak (VmHWM, sampled)                      {main_mb:7.1f} MB")
    for mb, name in others[:4]:
        print(f"        descendant peak {mb:7.1f} MB  {name}")
    total_mb = watch.peak_total_kb / 1024
    verdict = "meets" if max(rusage_mb, total_mb) < TARGET_MB else "MISSES"
    print(
        f"        peak summed RSS of the process tree (sampled)            {total_mb:7.1f} MB"
        f"   target < {TARGET_MB:g} MB: {verdict}"
    )


if __name__ == "__main__":
    main()
