"""The real papers of ../shared/corpus (48 of them) go through `paperprep add` (skipped when it is
absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperprep.cli import app
from paperprep.library import Library
from tests.conftest import corpus_pdf, corpus_pdfs

pytestmark = pytest.mark.corpus


def test_all_corpus_pdfs_are_added_and_readded_without_duplicates(isolated_home: Path) -> None:
    pdfs = corpus_pdfs()
    assert len(pdfs) >= 48  # the corpus grew from 18 to 48; every one of them must go in
    runner = CliRunner()
    first = runner.invoke(app, ["add", *map(str, pdfs), "--domain", "recsys", "--json"])
    assert first.exit_code == 0, first.stderr
    outcomes = json.loads(first.stdout)
    assert [o["status"] for o in outcomes].count("added") == len(pdfs)
    lib = Library.open(isolated_home / "library.db")
    assert lib.count() == len(pdfs)
    for summary in lib.list_papers():
        record = lib.record(summary.id)
        assert record.pdf is not None and record.pdf.status == "ok", record.title
        assert record.pdf.pages and record.pdf.pages >= 4
        assert Path(record.note_for("recsys").path).is_file()  # type: ignore[union-attr]
    again = runner.invoke(app, ["add", *map(str, pdfs[:3]), "--domain", "recsys", "--json"])
    assert again.exit_code == 0
    assert {o["status"] for o in json.loads(again.stdout)} == {"exists"}
    assert lib.count() == len(pdfs)


def test_wide_and_deep_sections_pages_and_clean_text(isolated_home: Path) -> None:
    pdf = corpus_pdf("wide-and-deep-2016.pdf")
    runner = CliRunner()
    result = runner.invoke(app, ["add", str(pdf), "--json"])
    assert result.exit_code == 0, result.stderr
    paper_id = json.loads(result.stdout)[0]["id"]
    shown = json.loads(runner.invoke(app, ["show", str(paper_id), "--json"]).stdout)
    assert "Wide & Deep Learning for Recommender Systems" in shown["title"]
    pages = {s["title"].lower(): s["page"] for s in shown["sections"]}
    expected = {
        "introduction": 1,
        "recommender system overview": 2,
        "wide & deep learning": 2,
        "system implementation": 3,
        "experiment results": 3,
        "related work": 4,
        "conclusion": 4,
    }
    for title, page in expected.items():
        assert title in pages, (title, list(pages))
        assert pages[title] == page, (title, pages[title])
    lib = Library.open(isolated_home / "library.db")
    text = "\n".join(lib.page_text(paper_id))
    assert "effective" in text and "e↵ective" not in text
    assert "transformations" in text and "transfor-\nmations" not in text
    assert "transfor- mations" not in text and "transfor-mations" not in text
