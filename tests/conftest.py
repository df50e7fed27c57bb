from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "corpus" / "pdfs"
SHARED_FIXTURES = SHARED / "fixtures"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own library folder and never sees the developer's real one."""
    home = tmp_path / "home"
    monkeypatch.setenv("PAPERPREP_HOME", str(home))
    for var in (
        "PAPERPREP_SCHOLAR_URL",
        "PAPERPREP_ARXIV_URL",
        "PAPERPREP_OPENALEX_URL",
        "PAPERPREP_ARXIV_PDF_URL",
        "PAPERPREP_OPENALEX_KEY",
        "PAPERPREP_SCHOLAR_PROXY",
        "PAPERPREP_SCRAPERAPI_KEY",
        "VISUAL",
        "EDITOR",
    ):
        monkeypatch.delenv(var, raising=False)
    # Tests never touch the network: `add FILE.pdf` does not look papers up online (the tests
    # of that look-up turn it on against the loopback mirror).
    monkeypatch.setenv("PAPERPREP_LOOKUP", "0")
    # Keep rich output plain and wide so assertions on text are stable.
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    yield home


def corpus_pdf(name: str) -> Path:
    """A corpus PDF, or skip the test when ../shared/corpus is not there."""
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus PDF {name} not available (../shared/corpus/pdfs is missing)")
    return path


def corpus_pdfs() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/pdfs is missing")
    return sorted(CORPUS.glob("*.pdf"))
