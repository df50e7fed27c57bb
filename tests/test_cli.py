"""The commands as a user runs them: offline add, list/show/search/progress, notes, edits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperprep.cli import app
from paperprep.library import Library
from tests.pdfgen import Spec, paper_pdf

DESIGN_SHOW_KEYS = {
    "id",
    "key",
    "title",
    "authors",
    "year",
    "venue",
    "doi",
    "arxiv_id",
    "citations",
    "citation_source",
    "abstract",
    "status",
    "tags",
    "domains",
    "pdf",
    "sections",
    "evidence",
    "note",
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, code: int | None = 0) -> tuple[str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout, result.stderr


def make_pdf(folder: Path, name: str, **spec: object) -> Path:
    path = folder / name
    path.write_bytes(paper_pdf(Spec(**spec)))  # type: ignore[arg-type]
    return path


@pytest.fixture
def two_papers(tmp_path: Path) -> list[Path]:
    a = make_pdf(tmp_path, "din.pdf")
    b = make_pdf(
        tmp_path,
        "mf.pdf",
        title="Matrix Factorization for Movie Ratings",
        authors=["Yehuda Koren"],
        abstract="We factorize the Netflix Prize rating matrix. RMSE drops by 8%.",
        two_column=True,
        sections=[
            ("1 Introduction", ["Recommender systems suggest movies to users."]),
            ("2 Latent Factor Model", ["Users and items are mapped to a joint latent space."]),
            ("3 Experiments", ["We use 100 million ratings from the Netflix Prize data set."]),
        ],
    )
    return [a, b]


def library(home: Path) -> Library:
    return Library.open(home / "library.db")


def test_add_local_pdfs_offline_then_list_and_show(
    runner: CliRunner, two_papers: list[Path], isolated_home: Path
) -> None:
    out, _ = invoke(runner, "add", *map(str, two_papers), "--domain", "recommendation")
    assert "added" in out
    listed = json.loads(invoke(runner, "list", "--json")[0])
    assert {p["title"] for p in listed} == {
        "Deep Interest Networks for Click Prediction",
        "Matrix Factorization for Movie Ratings",
    }
    for paper in listed:
        assert {"id", "key", "title", "year", "citations", "status", "tags", "domains"} <= set(
            paper
        )
        assert [d["name"] for d in paper["domains"]] == ["recsys"]  # the alias resolved
    shown = json.loads(invoke(runner, "show", "lovelace2019deep", "--json")[0])
    assert set(shown) >= DESIGN_SHOW_KEYS
    assert shown["pdf"]["status"] == "ok" and shown["pdf"]["pages"] == 1
    assert shown["pdf"]["engine"] in ("pdfium", "pypdf")
    assert Path(shown["pdf"]["path"]).parent == isolated_home / "pdfs"
    assert [s["title"] for s in shown["sections"]][:3] == [
        "Abstract",
        "Introduction",
        "Model Architecture",
    ]
    assert set(shown["evidence"]) == {"data_format", "features", "architecture", "findings"}
    data = " ".join(e["text"] for e in shown["evidence"]["data_format"])
    assert "500 million impression logs" in data
    note_path = Path(shown["note"]["path"])
    assert note_path == isolated_home / "notes" / "lovelace2019deep.md"  # one note per paper
    text = note_path.read_text()
    assert "500 million impression logs" in text and "p. 1" in text
    assert set(shown["note"]["fields"]) == {
        "summary",
        "data_format",
        "features",
        "architecture",
        "findings",
        "talking_points",
        "questions",
    }


def test_adding_the_same_file_twice_keeps_one_paper(
    runner: CliRunner, two_papers: list[Path], isolated_home: Path
) -> None:
    invoke(runner, "add", str(two_papers[0]))
    copy = two_papers[0].parent / "copy-of-din.pdf"
    copy.write_bytes(two_papers[0].read_bytes())
    out, _ = invoke(runner, "add", str(two_papers[0]), str(copy), "--domain", "recsys")
    assert "exists" in out
    assert library(isolated_home).count() == 1
    assert len(list((isolated_home / "pdfs").glob("*.pdf"))) == 1


def test_bad_inputs_get_one_line_each_and_the_rest_goes_on(
    runner: CliRunner, tmp_path: Path, isolated_home: Path
) -> None:
    good = make_pdf(tmp_path, "good.pdf")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    text = tmp_path / "notes.pdf"
    text.write_text("just some text, not a PDF\n")
    html = tmp_path / "paywall.pdf"
    html.write_text("<!DOCTYPE html><html><body>Please log in</body></html>")
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(good.read_bytes()[:400])
    result = runner.invoke(
        app,
        ["add", str(empty), str(text), str(html), str(truncated), str(good), "missing.pdf"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    err = result.stderr
    assert "Traceback" not in err and "Traceback" not in result.stdout
    assert "empty.pdf: empty file (0 bytes)" in err
    assert "notes.pdf: not a PDF" in err
    assert "paywall.pdf: not a PDF: it is an HTML page" in err
    assert "truncated.pdf:" in err
    assert "missing.pdf: no such file" in err
    assert "added" in result.stdout  # the good file went in anyway
    lib = library(isolated_home)
    titles = {p.title: p.pdf_status for p in lib.list_papers()}
    assert titles["Deep Interest Networks for Click Prediction"] == "ok"
    # The truncated file is a (broken) PDF: kept as a paper with its PDF marked failed.
    failed = [p for p in lib.list_papers() if p.pdf_status == "failed"]
    assert len(failed) == 1
    record = lib.record(failed[0].id)
    assert record.pdf is not None and record.pdf.error
    # Nothing half-written is left in the library folder.
    assert not list(isolated_home.rglob(".part-*"))


def test_encrypted_and_image_only_pdfs_are_reported(
    runner: CliRunner, tmp_path: Path, isolated_home: Path
) -> None:
    from fpdf import FPDF

    enc = FPDF()
    enc.set_encryption(owner_password="owner", user_password="secret")
    enc.add_page()
    enc.set_font("Helvetica", size=12)
    enc.cell(text="Confidential results")
    (tmp_path / "locked.pdf").write_bytes(bytes(enc.output()))
    img = FPDF()
    img.add_page()
    img.rect(20, 20, 100, 60, style="F")  # drawn shapes only: no text layer
    (tmp_path / "scan.pdf").write_bytes(bytes(img.output()))
    result = runner.invoke(
        app,
        ["add", str(tmp_path / "locked.pdf"), str(tmp_path / "scan.pdf")],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert "locked.pdf:" in result.stderr and "encrypt" in result.stderr.lower()
    assert "scan.pdf:" in result.stderr and "no text layer" in result.stderr
    statuses = [p.pdf_status for p in library(isolated_home).list_papers()]
    assert statuses == ["failed", "failed"]


def test_status_tag_edit_and_filters(runner: CliRunner, two_papers: list[Path]) -> None:
    invoke(runner, "add", *map(str, two_papers), "-d", "recsys")
    invoke(runner, "status", "lovelace2019deep", "read")
    out, _ = invoke(runner, "tag", "lovelace2019deep", "+ctr", "+must-read", "-ctr")
    assert out.strip().endswith("must-read")
    invoke(
        runner, "edit", "lovelace2019deep", "--year", "2018", "--authors", "Zhou, Guorui; Zhu, X."
    )
    shown = json.loads(invoke(runner, "show", "lovelace2019deep", "--json")[0])
    assert shown["year"] == 2018 and shown["authors"] == ["Zhou, Guorui", "Zhu, X."]
    assert shown["status"] == "read" and shown["tags"] == ["must-read"]
    read = json.loads(invoke(runner, "list", "--status", "read", "--json")[0])
    assert [p["key"] for p in read] == ["lovelace2019deep"]
    tagged = json.loads(invoke(runner, "list", "--tag", "must-read", "--json")[0])
    assert [p["key"] for p in tagged] == ["lovelace2019deep"]
    _, err = invoke(runner, "status", "lovelace2019deep", "finished", code=1)
    assert "unknown status" in err
    _, err = invoke(runner, "show", "nope", code=1)
    assert "no paper matches 'nope'" in err


@pytest.mark.parametrize("query", ['"netflix', "netflix -", "*", "NEAR(", "AND", "rating*", "OR"])
def test_search_accepts_any_input(runner: CliRunner, two_papers: list[Path], query: str) -> None:
    invoke(runner, "add", *map(str, two_papers))
    result = runner.invoke(app, ["search", query, "--json"], catch_exceptions=False)
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr
    if result.exit_code == 0:
        json.loads(result.stdout)
    else:
        assert "nothing to search for" in result.stderr


def test_search_finds_pdf_text_with_snippet_and_page(
    runner: CliRunner, two_papers: list[Path]
) -> None:
    invoke(runner, "add", *map(str, two_papers))
    hits = json.loads(invoke(runner, "search", "impression logs", "--json")[0])
    assert hits[0]["key"] == "lovelace2019deep"
    assert hits[0]["where"] == "page 1"
    assert "«impression»" in hits[0]["snippet"]
    assert set(hits[0]) == {"id", "key", "title", "score", "snippet", "where"}


def test_piped_list_and_search_print_one_tab_separated_line_each(
    runner: CliRunner, two_papers: list[Path]
) -> None:
    invoke(runner, "add", *map(str, two_papers), "--domain", "recsys")
    listed, _ = invoke(runner, "list")
    rows = [line.split("\t") for line in listed.splitlines()]
    assert len(rows) == 2 and all(len(r) == 8 for r in rows)
    assert "lovelace2019deep" in {r[1] for r in rows}
    found, _ = invoke(runner, "search", "impression logs")
    first = found.splitlines()[0].split("\t")
    assert first[1:3] == ["lovelace2019deep", "page 1"]
    assert "«impression»" in first[4]
    ready, _ = invoke(runner, "progress")
    [line] = ready.splitlines()
    *counts, next_key = line.split("\t")
    assert counts == ["recsys", "2", "0", "0", "0", "0", "14"]
    assert next_key in {r[1] for r in rows}
    assert "\x1b[" not in listed + found + ready  # no colour codes when piped


def test_note_opens_editor_and_syncs(
    runner: CliRunner, two_papers: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke(runner, "add", str(two_papers[0]), "-d", "recsys")
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "p = sys.argv[1]\n"
        "t = open(p, encoding='utf-8').read()\n"
        "new = '## Features\\n\\nUser id, ad id, behaviour sequence.\\n'\n"
        "t = t.replace('## Features\\n', new, 1)\n"
        "t += '\\n## My extra heading\\n\\nKeep me.\\n'\n"
        "open(p, 'w', encoding='utf-8').write(t)\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    out, _ = invoke(runner, "note", "lovelace2019deep")
    assert "synced" in out
    shown = json.loads(invoke(runner, "show", "lovelace2019deep", "--json")[0])
    assert shown["note"]["fields"]["features"] == "User id, ad id, behaviour sequence."
    progress = json.loads(invoke(runner, "progress", "recsys", "--json")[0])
    assert progress[0]["fields_filled"] == 1 and progress[0]["fields_total"] == 7
    # Adding and re-extracting the same paper again never touches the user's note.
    note = Path(shown["note"]["path"])
    before = note.read_text()
    invoke(runner, "add", str(two_papers[0]), "-d", "recsys")
    invoke(runner, "add", str(two_papers[0]), "-d", "recsys", "--engine", "pypdf")
    invoke(runner, "sync")
    after = note.read_text()
    assert after == before
    assert "Keep me." in after and "## My extra heading" in after


def test_note_without_editor_says_what_to_do(runner: CliRunner, two_papers: list[Path]) -> None:
    invoke(runner, "add", str(two_papers[0]))
    _, err = invoke(runner, "note", "lovelace2019deep", code=1)
    assert "no editor configured" in err and "EDITOR" in err


def test_sync_reads_edits_recreates_deleted_and_reports_malformed(
    runner: CliRunner, two_papers: list[Path], isolated_home: Path
) -> None:
    invoke(runner, "add", *map(str, two_papers), "-d", "recsys")
    notes = sorted((isolated_home / "notes").glob("*.md"))
    first, second = notes
    text = first.read_text().replace("status: unread", "status: reading")
    text = text.replace("## Findings\n", "## Findings\n\nAUC +2.3% offline.\n", 1)
    first.write_text(text)
    second.write_text("---\ntitle: [unclosed\n")
    result = runner.invoke(app, ["sync"], catch_exceptions=False)
    assert result.exit_code == 1
    assert second.name in result.stderr and "Traceback" not in result.stderr
    lib = library(isolated_home)
    pid = lib.resolve(first.stem)
    assert lib.record(pid).status == "reading"
    assert lib.note_fields(pid)["findings"] == "AUC +2.3% offline."
    # The user's note is theirs: deleting it and syncing brings it back with their text.
    first.unlink()
    invoke(runner, "sync", code=1)  # the malformed one still fails
    assert "AUC +2.3% offline." in first.read_text()


def test_unknown_domain_suggests_the_closest(runner: CliRunner, two_papers: list[Path]) -> None:
    _, err = invoke(runner, "add", str(two_papers[0]), "--domain", "recsy", code=1)
    assert "unknown domain 'recsy'" in err and "recsys" in err
    _, err = invoke(runner, "domains", "show", "rankng", code=1)
    assert "ranking" in err


def test_domains_list_and_show(runner: CliRunner) -> None:
    listed = json.loads(invoke(runner, "domains", "--json")[0])
    names = {d["name"] for d in listed}
    assert {"recsys", "eta", "ranking"} <= names
    for d in listed:
        assert {"name", "aliases", "description", "source"} <= set(d)
    out, _ = invoke(runner, "domains", "show", "travel-time")
    assert out.startswith("eta")
    assert "Seed papers" in out


def test_progress_and_empty_library_messages(runner: CliRunner) -> None:
    _, err = invoke(runner, "list")
    assert "No papers yet" in err
    _, err = invoke(runner, "progress")
    assert "No domains" in err


def test_library_option_wins_over_env(
    runner: CliRunner, two_papers: list[Path], tmp_path: Path, isolated_home: Path
) -> None:
    other = tmp_path / "elsewhere"
    invoke(runner, "--library", str(other), "add", str(two_papers[0]))
    assert (other / "library.db").is_file()
    assert not (isolated_home / "library.db").exists()


def test_font_warnings_stay_out_of_a_normal_run(tmp_path: Path, isolated_home: Path) -> None:
    pdf = make_pdf(tmp_path, "x.pdf")
    proc = subprocess.run(
        [sys.executable, "-m", "paperprep", "add", str(pdf), "--engine", "pypdf"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "added" in proc.stdout


def test_help_lists_every_command(runner: CliRunner) -> None:
    out, _ = invoke(runner, "--help")
    for command in ("add", "list", "show", "note", "sync", "edit", "status", "tag", "search"):
        assert command in out


def test_export_brief_bibtex_and_anki(
    runner: CliRunner, two_papers: list[Path], tmp_path: Path, isolated_home: Path
) -> None:
    import bibtexparser

    invoke(runner, "add", *map(str, two_papers), "-d", "recsys")
    brief, _ = invoke(runner, "export", "recommender")  # piped: Markdown on stdout
    assert brief.startswith("# Interview brief: recsys")
    assert "Deep Interest Networks for Click Prediction" in brief
    html = tmp_path / "brief.html"
    invoke(runner, "export", "recsys", "-f", "html", "-o", str(html))
    page = html.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    # Papers added from PDFs have no citation counts: no chart rather than an empty box.
    assert "<svg" not in page
    bib, _ = invoke(runner, "export", "recsys", "-f", "bibtex")
    keys = {e["ID"] for e in bibtexparser.loads(bib).entries}
    assert keys == {"lovelace2019deep", "koren2019matrix"}
    out, _ = invoke(runner, "export", "recsys", "-f", "anki", "-o", str(tmp_path / "d.apkg"))
    assert "wrote" in out
    assert (tmp_path / "d.apkg").read_bytes()[:2] == b"PK"  # an .apkg is a zip
    _, err = invoke(runner, "export", "recsys", "-f", "pdf", code=2)  # a usage error
    assert "'pdf' is not one of" in err and "'bibtex'" in err


def test_empty_domain_brief_says_what_to_run(runner: CliRunner) -> None:
    brief, _ = invoke(runner, "export", "eta")
    assert "paperprep fetch eta" in brief
