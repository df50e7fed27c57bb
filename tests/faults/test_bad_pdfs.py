"""PDFs that are corrupt, encrypted, empty, image-only, huge, or a decompression bomb.

Each one gets a clear one-line message, bounded time and memory, nothing half-written in the
library, and the same file added again is the same paper (no duplicate), while a good PDF added
afterwards goes through.
"""

from __future__ import annotations

import io
import os
import random
import resource
import struct
import subprocess
import threading
import time
import zlib
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter

from tests.faults.conftest import (
    Ran,
    assert_clear,
    check_invariants,
    cli_argv,
    cli_env,
    make_pdfs,
    paper_count,
    run,
)
from tests.pdfgen import Spec, paper_pdf

MB = 1 << 20


def corrupt_pdf() -> bytes:
    rng = random.Random(7)
    good = paper_pdf(Spec())
    return good[:16] + bytes(rng.randrange(256) for _ in range(len(good) - 16))


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(paper_pdf(Spec()))))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_only_pdf() -> bytes:
    """A scan: one page that is a picture of text, no text layer."""
    img = Image.new("L", (400, 500), 255)
    for y in range(40, 460, 12):
        for x in range(30, 370):
            if (x // 7 + y) % 5:
                img.putpixel((x, y), 0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    pdf = FPDF(format="Letter")
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=10, y=10, w=180)
    return bytes(pdf.output())


def many_pages_pdf(pages: int) -> bytes:
    """``pages`` pages, made by repeating one generated page (pypdf shares its content)."""
    reader = PdfReader(io.BytesIO(paper_pdf(Spec())))
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_page(reader.pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bomb_stream(head: bytes, total: int, chunk: int = 16 * MB) -> bytes:
    """A zlib stream of ``head`` and then ``total`` bytes of spaces, built without ever holding
    them: after a full flush deflate forgets its window, so one compressed block of ``chunk``
    spaces can be repeated; the Adler-32 trailer is computed over the real content."""
    co = zlib.compressobj(9)
    start = co.compress(head) + co.flush(zlib.Z_FULL_FLUSH)
    blank = b" " * chunk
    block = co.compress(blank) + co.flush(zlib.Z_FULL_FLUSH)
    end = co.flush()
    n = max(1, total // chunk)
    check = zlib.adler32(head)
    for _ in range(n):
        check = zlib.adler32(blank, check)
    return start + block * n + end[:-4] + struct.pack(">I", check)


def bomb_pdf(inflated: int = 2 << 30) -> bytes:
    """A 2 MB PDF whose one page's content stream inflates to ``inflated`` bytes."""
    head = b"BT /F1 12 Tf 72 720 Td (Decompression bomb about click models and ranking.) Tj ET\n"
    stream = bomb_stream(head, inflated)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _tree_rss(root: int) -> int:
    """Resident memory of ``root`` and all its descendants (extraction workers), in bytes."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


def run_measured(*args: str, timeout: float = 60) -> tuple[Ran, int]:
    """Run the CLI as a process; return its result and the peak memory of its process tree."""
    start = time.monotonic()
    proc = subprocess.Popen(
        cli_argv(*args),
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    finally:
        done.set()
        sampler.join()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    peak[0] = max(peak[0], resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
    ran = Ran(proc.returncode, stdout, stderr, time.monotonic() - start)
    assert_clear(ran)
    return ran, peak[0]


def assert_library_still_works(tmp_path: Path, home: Path) -> None:
    before = paper_count(home)
    [good] = make_pdfs(tmp_path / "good", 1)
    run("add", str(good), "--domain", "recsys")
    assert paper_count(home) == before + 1
    check_invariants(home)


BAD = {
    "zero-byte": (b"", "empty file (0 bytes)", False),
    "corrupt": (corrupt_pdf(), "", True),
    "encrypted": (encrypted_pdf(), "encrypted PDF: a password is required", True),
    "image-only": (image_only_pdf(), "no text layer", True),
    "html-as-pdf": (b"<!DOCTYPE html><html><body>Sign in</body></html>", "HTML page", False),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_pdf_is_reported_and_kept_consistent(
    name: str, tmp_path: Path, isolated_home: Path
) -> None:
    data, message, kept = BAD[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    for _ in range(2):  # the re-run: same message, same single paper (or none)
        ran = run("add", str(path), "--domain", "recsys", code=1)
        line = " ".join(ran.stderr.split())
        assert f"{name}.pdf" in line and message in line, ran.stderr
        assert paper_count(isolated_home) == (1 if kept else 0)
        check_invariants(isolated_home)
    if kept:
        shown = run("show", "1", "--json").json()
        assert isinstance(shown, dict)
        assert shown["pdf"]["status"] == "failed" and shown["pdf"]["error"]
    assert_library_still_works(tmp_path, isolated_home)


@pytest.mark.slow
def test_decompression_bomb_is_bounded_in_time_and_memory(
    tmp_path: Path, isolated_home: Path
) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(bomb_pdf(2 << 30))
    assert path.stat().st_size < 4 * MB
    ran, peak = run_measured("add", str(path), "--domain", "recsys")
    assert ran.code == 1, ran.stderr
    assert ran.seconds < 60
    assert peak < 1536 * MB, f"peak memory {peak // MB} MB"
    line = " ".join(ran.stderr.split())
    assert "bomb.pdf" in line and "memory" in line, ran.stderr
    assert paper_count(isolated_home) == 1
    # Again: the same file is the same paper, with the same message.
    ran, _ = run_measured("add", str(path), "--domain", "recsys")
    assert ran.code == 1 and "memory" in ran.stderr
    assert paper_count(isolated_home) == 1
    check_invariants(isolated_home)
    assert_library_still_works(tmp_path, isolated_home)


@pytest.mark.slow
def test_two_thousand_pages_are_capped_with_a_message(tmp_path: Path, isolated_home: Path) -> None:
    path = tmp_path / "huge.pdf"
    path.write_bytes(many_pages_pdf(2000))
    assert len(PdfReader(path).pages) == 2000
    ran, peak = run_measured("add", str(path), "--domain", "recsys", "--json")
    assert ran.code == 0, ran.stderr
    assert ran.seconds < 60 and peak < 1024 * MB, (ran.seconds, peak // MB)
    assert "read the first 400 of 2000 pages" in ran.stderr
    shown = run("show", "1", "--json").json()
    assert isinstance(shown, dict) and shown["pdf"]["pages"] == 400
    check_invariants(isolated_home)


@pytest.mark.slow
def test_extraction_over_the_time_limit_is_given_up(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text("[extract]\nmax_pages = 2000\n")
    monkeypatch.setenv("PAPERPREP_EXTRACT_TIMEOUT", "0.5")
    path = tmp_path / "slow.pdf"
    path.write_bytes(many_pages_pdf(2000))
    ran, _ = run_measured("add", str(path), "--domain", "recsys")
    assert ran.code == 1 and ran.seconds < 30
    assert "extraction took longer than 0.5 s; gave up" in " ".join(ran.stderr.split())
    assert paper_count(isolated_home) == 1
    check_invariants(isolated_home)
