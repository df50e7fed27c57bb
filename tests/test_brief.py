from __future__ import annotations

import datetime as dt
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

import pytest

from paperprep.brief import BriefOptions, brief_context, render_brief
from paperprep.domains import get_domain
from paperprep.errors import TemplateError
from paperprep.models import (
    NOTE_FIELDS,
    Domain,
    DomainLink,
    Evidence,
    Framing,
    NoteInfo,
    PaperRecord,
)
from paperprep.plan import make_plan, plan_papers
from tests.brief_world import ten_papers

EXPECTED = Path(__file__).resolve().parent / "fixtures" / "expected"
GENERATED = "2026-08-01 09:00"


# --------------------------------------------------------------------------- factory


def record(
    id: int,
    title: str,
    *,
    key: str | None = None,
    domain: str = "demo",
    rank: int | None = None,
    why: str | None = None,
    year: int | None = 2016,
    venue: str | None = None,
    authors: list[str] | None = None,
    doi: str | None = None,
    arxiv_id: str | None = None,
    citations: int | None = None,
    citation_source: str | None = "openalex",
    status: str = "unread",
    notes: dict[str, str] | None = None,
    evidence: dict[str, list[tuple[str, int]]] | None = None,
) -> PaperRecord:
    """A PaperRecord as the library would hand it to the brief."""
    fields = dict.fromkeys(NOTE_FIELDS, "")
    fields.update(notes or {})
    return PaperRecord(
        id=id,
        key=key or f"paper{id}",
        title=title,
        authors=authors if authors is not None else ["Ada Lovelace", "Alan Turing", "Grace Hopper"],
        year=year,
        venue=venue,
        doi=doi,
        arxiv_id=arxiv_id,
        citations=citations,
        citation_source=citation_source if citations is not None else None,
        abstract=None,
        status=status,
        tags=[],
        domains=[DomainLink(domain, rank, why)],
        pdf=None,
        sections=[],
        evidence={
            f: [
                Evidence(f, text, page, "Experiments", 0.9 - i / 10)
                for i, (text, page) in enumerate(q)
            ]
            for f, q in (evidence or {}).items()
        },
        note=NoteInfo(path=f"/notes/{key or id}.md", fields=fields),
    )


def sample_domain() -> Domain:
    """A small fixed domain so the golden files do not change when built-in domains do."""
    return Domain(
        name="demo",
        aliases=["demo-recs"],
        description="Demo recommendation domain for tests.",
        queries={"scholar": ["demo"]},
        arxiv_categories=["cs.IR"],
        terms=["recommendation"],
        seeds=[],
        framing=Framing(
            problem="Recommend items to users to grow engagement.",
            clarifying_questions=["What is the objective?", "How many users and items?"],
            data=["Impression and click logs", "Negatives: shown but not clicked"],
            features=["User and item ID embeddings", "Context: time, device"],
            models=[
                "Two-tower retrieval — pros: scales to millions of items; cons: no feature crosses",
                "Wide & Deep — pros: memorisation plus generalisation; cons: hand-made crosses",
                "Matrix factorization — pros: simple baseline; cons: cold start",
            ],
            offline_metrics=["Recall@K", "NDCG@K"],
            online_metrics=["CTR in an A/B test", "Retention"],
            serving=["Candidate generation then ranking", "Feature store for consistency"],
            follow_ups=["How do you handle cold start?", "How do you remove position bias?"],
        ),
    )


def sample_records() -> list[PaperRecord]:
    return [
        record(
            3,
            "Deep Neural Networks for YouTube Recommendations",
            key="covington2016deep",
            rank=3,
            why="cited 2900×, matches 3/5 terms",
            venue="Proceedings of the 10th ACM Conference on Recommender Systems",
            authors=["Paul Covington", "Jay Adams", "Emre Sargin"],
            doi="10.1145/2959100.2959190",
            citations=2900,
            evidence={
                "data_format": [("Training examples are generated from all YouTube watches.", 3)],
                "architecture": [("A deep candidate generation network followed by ranking.", 2)],
            },
        ),
        record(
            1,
            "Wide & Deep Learning for Recommender Systems",
            key="cheng2016wide",
            rank=1,
            why="cited 3200×, 320/yr, matches 4/5 terms",
            venue="DLRS 2016",
            authors=["Heng-Tze Cheng", "Levent Koc"],
            doi="10.1145/2988450.2988454",
            arxiv_id="1606.07792",
            citations=3200,
            status="read",
            notes={
                "summary": "Joint training of a linear model with crosses and a DNN.",
                "data_format": "- 500 billion examples from Google Play app installs\n"
                "- label: app acquired (1) or not (0)",
                "features": "Cross-product of installed and impressed apps; embeddings of "
                "categorical features.",
                "architecture": "Wide linear part + 3-layer ReLU MLP, trained jointly with "
                "FTRL and AdaGrad.",
                "findings": "+3.9% app acquisitions online vs the wide-only control.",
                "talking_points": "Serving: 10 ms by multithreading the batch scoring.",
                "questions": "How were crosses chosen?\n\nWould DCN replace the wide part?",
            },
            evidence={"findings": [("Online acquisition gain of 3.9%.", 5)]},
        ),
        record(
            2,
            "DeepFM: A Factorization-Machine based Neural Network for CTR Prediction",
            key="guo2017deepfm",
            rank=2,
            why="cited 2100×",
            year=2017,
            venue="IJCAI",
            authors=["Huifeng Guo"],
            arxiv_id="1703.04247",
            citations=2100,
            citation_source="scholar",
            status="reading",
            notes={"architecture": "FM and DNN share the embedding layer | no pretraining."},
            evidence={"features": [("Each field is one-hot encoded & embedded.", 4)]},
        ),
        record(
            7,
            "A 100% | odd_title & {braces} #1",
            key="odd",
            rank=None,
            year=None,
            authors=[],
            citations=None,
            status="skipped",
        ),
    ]


def render(
    fmt: Literal["md", "html"],
    records: list[PaperRecord] | None = None,
    *,
    user_templates: Path | None = None,
    **options: Any,
) -> str:
    recs = sample_records() if records is None else records
    return render_brief(
        sample_domain(),
        recs,
        fmt,
        user_templates=user_templates,
        generated=GENERATED,
        options=BriefOptions(**options),
    )


def context(records: list[PaperRecord] | None = None, **options: Any) -> dict[str, Any]:
    recs = sample_records() if records is None else records
    return brief_context(
        sample_domain(), recs, generated=GENERATED, options=BriefOptions(**options)
    )


def section(md: str, heading: str) -> str:
    """The text of one ``## heading`` section of a Markdown brief."""
    return md.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/fixtures/expected/<name>; PAPERPREP_UPDATE_GOLDEN=1 rewrites it."""
    path = EXPECTED / name
    if os.environ.get("PAPERPREP_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run with PAPERPREP_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8")


class TextAndTags(HTMLParser):
    """Collects visible text, tag names and attributes of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(doc: str) -> TextAndTags:
    parser = TextAndTags()
    parser.feed(doc)
    return parser


# --------------------------------------------------------------------------- golden files


def test_markdown_golden() -> None:
    check_golden("brief_demo.md", render("md"))


def test_markdown_full_golden() -> None:
    check_golden("brief_demo_full.md", render("md", full=True))


def test_html_golden() -> None:
    check_golden("brief_demo.html", render("html"))


def test_empty_markdown_golden() -> None:
    check_golden("brief_demo_empty.md", render("md", []))


def test_ten_paper_recsys_golden() -> None:
    """The short brief of a realistic 10-paper domain, with a plan, as a reader gets it."""
    records = ten_papers()
    plan = make_plan(
        "recsys", plan_papers(records, "recsys"), dt.date(2026, 8, 5), dt.date(2026, 8, 1)
    )
    md = render_brief(
        get_domain("recsys"), records, "md", user_templates=None, generated=GENERATED, plan=plan
    )
    check_golden("brief_recsys10.md", md)


# --------------------------------------------------------------------------- content


def test_readiness_leaves_skipped_papers_out_and_names_them() -> None:
    ctx = context()
    r = ctx["readiness"]
    # Four papers, one skipped: three count.
    assert (r["papers"], r["read"], r["reading"], r["skipped"]) == (3, 1, 1, 1)
    # Wide & Deep has all 7 fields, DeepFM one: 8 of 3 × 7.
    assert (r["fields_filled"], r["fields_total"]) == (8, 21)
    # The paper in progress comes first, then the best-ranked unread one; skipped never.
    assert [p["key"] for p in r["next"]] == ["guo2017deepfm", "covington2016deep"]
    md = render("md")
    assert "Papers read: **1 / 3** (33%), 1 in progress; note fields filled: **8 / 21**" in md
    assert "- Skipped (not counted): odd" in md
    # The skipped paper is in neither the reading list nor the matrix.
    assert "odd" not in section(md, "Reading list")
    assert "odd" not in section(md, "Comparison matrix")
    assert [p["key"] for p in ctx["papers"]] == [
        "cheng2016wide",
        "guo2017deepfm",
        "covington2016deep",
    ]
    html_text = " ".join(parse_html(render("html")).text)
    assert "Skipped (not counted): odd" in " ".join(html_text.split())


def test_what_to_type_uses_citation_keys_never_ids() -> None:
    for fmt in ("md", "html"):
        out = render(fmt, full=True) + render(fmt)
        assert "paperprep note guo2017deepfm" in out
        # Never a database id (the sample's ids are 1, 2, 3, 7) after a command.
        assert not re.search(r"paperprep (?:note|show|open|status) \d", out)
    md = render("md")
    assert "`paperprep note covington2016deep`" in md


def test_reading_list_is_compact_and_in_rank_order() -> None:
    md = render("md")
    rows = [line for line in section(md, "Reading list").splitlines() if line.startswith("| ")]
    assert rows[0] == "| # | Key | Paper | Year | Why picked | Status |"
    assert rows[1].startswith("| 1 | `cheng2016wide` | Wide \\& Deep Learning for Recommender")
    deepfm = rows[2]
    # The short title, the one-line why, the status: no venue, no citation column.
    assert "| DeepFM |" in deepfm and "| cited 2100× |" in deepfm and deepfm.endswith("| reading |")
    full = section(render("md", full=True), "Reading list")
    assert "| Venue | Citations |" in full and "2,100 (scholar)" in full


def test_matrix_uses_user_notes_marks_drafts_and_no_drafts_drops_them() -> None:
    matrix = section(render("md"), "Comparison matrix")
    wide = next(line for line in matrix.splitlines() if line.startswith("| `cheng2016wide`"))
    assert "500 billion examples" in wide and "draft" not in wide
    youtube = next(line for line in matrix.splitlines() if line.startswith("| `covington"))
    assert "_draft, p. 3:_ “Training examples are generated" in youtube
    deepfm = next(line for line in matrix.splitlines() if line.startswith("| `guo2017deepfm`"))
    # The user's pipe must not split the table cell.
    assert "share the embedding layer \\| no pretraining" in deepfm
    assert len(re.split(r"(?<!\\)\|", deepfm)) == 1 + 5 + 1
    # One line, shortened: a draft never fills a cell with a paragraph.
    assert all(len(line) < 600 for line in matrix.splitlines())
    no_drafts = section(render("md", drafts=False), "Comparison matrix")
    assert "draft" not in no_drafts and "Training examples are generated" not in no_drafts
    assert "500 billion examples" in no_drafts


def test_scaffold_follows_the_interview_order_with_keys() -> None:
    md = render("md")
    headings = re.findall(r"^### (\d)\. (.+)$", md, flags=re.M)
    assert [h[1].split(":")[0] for h in headings] == [
        "Clarify the problem",
        "Data",
        "Features",
        "Model selection",
        "Training, tuning and evaluation",
        "Serving and monitoring",
    ]
    scaffold = section(md, "Interview answer scaffold")
    assert "- 500 billion examples from Google Play app installs [cheng2016wide]" in scaffold
    assert "- label: app acquired (1) or not (0) [cheng2016wide]" in scaffold
    assert "FM and DNN share the embedding layer | no pretraining. [guo2017deepfm]" in scaffold
    # Drafts never reach the scaffold.
    assert "Training examples are generated" not in scaffold
    assert "- **Two-tower retrieval** — pros: scales to millions of items" in scaffold
    assert "Also worth naming: Matrix factorization." in scaffold


def test_short_scaffold_caps_points_round_robin_and_full_keeps_all() -> None:
    notes = {"findings": "\n".join(f"- point {i}" for i in range(1, 7))}
    records = [
        record(1, "A", key="a", rank=1, notes=notes),
        record(2, "B", key="b", rank=2, notes={"findings": "- only point of b"}),
    ]
    step = next(s for s in context(records)["scaffold"] if s["key"] == "evaluation")
    # Every paper's first point, then the second ones: the cap still spans the papers.
    assert [(p["text"], p["refs"]) for p in step["points"]] == [
        ("point 1", ["a"]),
        ("only point of b", ["b"]),
        ("point 2", ["a"]),
    ]
    assert step["more_points"] == 4
    full = next(s for s in context(records, full=True)["scaffold"] if s["key"] == "evaluation")
    assert len(full["points"]) == 7 and full["more_points"] == 0


def test_follow_ups_name_the_papers_whose_notes_answer() -> None:
    records = [
        *sample_records(),
        record(
            9,
            "Cold start paper",
            key="cold2020",
            rank=4,
            notes={"talking_points": "- cold start: fall back to popular items by region"},
        ),
    ]
    md = render("md", records)
    questions = section(md, "Likely follow-up questions")
    assert "1. How do you handle cold start? → your notes: `cold2020`" in questions
    assert "2. How do you remove position bias? _(not in your notes yet)_" in questions
    full = section(render("md", records, full=True), "Likely follow-up questions")
    assert "   - cold start: fall back to popular items by region [cold2020]" in full


def test_full_brief_keeps_the_long_form() -> None:
    short, full = render("md"), render("md", full=True)
    for heading in ("### Typical data", "### Candidate models", "## References", "## Your open"):
        assert heading in full and heading not in short
    refs = section(full, "References")
    assert "[arXiv:1606.07792](https://arxiv.org/abs/1606.07792)" in refs
    assert "[doi:10.1145/2959100.2959190](https://doi.org/10.1145/2959100.2959190)" in refs
    assert "1. `cheng2016wide` Cheng and Koc (2016). Wide \\& Deep Learning" in refs
    assert "- How were crosses chosen? [cheng2016wide]" in full
    assert "--full" in short and "--full" not in full.split("## Readiness")[0]


def test_top_and_read_filter_the_papers() -> None:
    ctx = context(top=2)
    assert [p["key"] for p in ctx["papers"]] == ["cheng2016wide", "guo2017deepfm"]
    assert ctx["filters"]["hidden"] == 1
    # Readiness still counts the whole domain (less the skipped paper).
    assert ctx["readiness"]["papers"] == 3
    assert "_1 more paper(s) left out by --top 2._" in render("md", top=2)
    only_read = context(read=True)
    assert [p["key"] for p in only_read["papers"]] == ["cheng2016wide"]
    # The scaffold draws on the papers shown only.
    points = [r for s in only_read["scaffold"] for p in s["points"] for r in p["refs"]]
    assert set(points) == {"cheng2016wide"}
    nothing = render("md", [record(1, "Unread one", rank=1)], read=True)
    assert "_No paper matches the filters (only papers you have read)._" in nothing


def test_plan_shows_at_the_top_with_todays_step() -> None:
    records = sample_records()
    plan = make_plan("demo", plan_papers(records, "demo"), dt.date(2026, 8, 4), dt.date(2026, 8, 1))
    md = render_brief(
        sample_domain(), records, "md", user_templates=None, generated=GENERATED, plan=plan
    )
    top = md.split("## Readiness", 1)[0]
    assert "> **Interview in 3 days (Tue 4 Aug 2026).** Today (~" in top
    assert "fill cheng2016wide" not in top  # all of its fields are filled
    assert "finish reading guo2017deepfm and fill its note (6 fields)" in top
    assert "Whole plan: `paperprep plan demo`." in top
    page = render_brief(
        sample_domain(), records, "html", user_templates=None, generated=GENERATED, plan=plan
    )
    banner = page.split('<div class="plan"', 1)[1].split("</div>", 1)[0]
    assert "Interview in 3 days" in banner and "finish reading guo2017deepfm" in banner


def test_empty_domain_says_what_to_run() -> None:
    formats: tuple[Literal["md", "html"], ...] = ("md", "html")
    for fmt in formats:
        out = render(fmt, [])
        text = " ".join(parse_html(out).text) if fmt == "html" else out
        assert "paperprep fetch demo" in text
        # Still useful: the framing is there.
        assert "Recommend items to users to grow engagement." in text
        assert "How do you handle cold start?" in text
        assert "<id>" not in out and "&lt;id&gt;" not in out


def test_builtin_domain_renders_both_formats() -> None:
    domain = get_domain("recsys")
    records = [
        record(1, "Some paper", domain="recsys", rank=1, citations=10, year=2019),
        record(2, "Other paper", domain="recsys", rank=2, citations=99, year=2021),
    ]
    md = render_brief(domain, records, "md", user_templates=None, generated=GENERATED)
    assert "## Interview answer scaffold" in md and domain.framing.problem in md
    page = render_brief(domain, records, "html", user_templates=None, generated=GENERATED)
    assert "<svg" in page


def test_user_template_overrides_builtin(tmp_path: Path) -> None:
    (tmp_path / "brief.md.j2").write_text(
        "{{ domain.name }}: {{ readiness.read }}/{{ readiness.papers }}\n", encoding="utf-8"
    )
    assert render("md", user_templates=tmp_path) == "demo: 1/3\n"
    (tmp_path / "brief.html.j2").write_text("{{ nope }}", encoding="utf-8")
    with pytest.raises(TemplateError):
        render("html", user_templates=tmp_path)


# --------------------------------------------------------------------------- the chart


def test_chart_plots_year_against_citations_per_year_coloured_by_status() -> None:
    ctx = context()
    chart = ctx["chart"]
    assert chart["show"] and chart["plotted"] == 3 and chart["y_label"] == "citations per year"
    points = {p["key"]: p for p in chart["points"]}
    assert points["guo2017deepfm"]["cx"] > points["cheng2016wide"]["cx"]  # 2017 right of 2016
    # 3200 over 11 years (to 2026) is more a year than 2900 over 11: higher on the chart.
    assert points["cheng2016wide"]["cy"] < points["covington2016deep"]["cy"]
    assert points["cheng2016wide"]["color"] != points["covington2016deep"]["color"]
    assert {entry["status"] for entry in chart["legend"]} == {"read", "reading", "unread"}
    page = render("html")
    assert len(re.findall(r"<circle [^>]*>", page)) == 3


def test_chart_is_left_out_without_two_papers_to_plot() -> None:
    # An all-`add` library: PDFs without citation counts. No empty box, no legend.
    records = [record(i, f"Paper {i}", rank=i, citations=None) for i in (1, 2, 3)]
    assert not context(records)["chart"]["show"]
    page = render("html", records)
    assert "<svg" not in page and "legend" not in page.split("</style>", 1)[1]
    one = [record(1, "Cited", rank=1, citations=50), record(2, "Not", rank=2, citations=None)]
    assert not context(one)["chart"]["show"]
    assert "<svg" not in render("html", one)


def test_chart_plots_normalised_impact_when_openalex_measured_it() -> None:
    records = sample_records()
    fwci = {"cheng2016wide": 12.5, "guo2017deepfm": 3.0, "covington2016deep": 40.0}
    for r in records:
        r.fwci = fwci.get(r.key)
    chart = context(records)["chart"]
    assert chart["y_label"] == "field-weighted citation impact (FWCI)"
    points = {p["key"]: p for p in chart["points"]}
    # FWCI 40 (covington) above 12.5 (cheng) above 3 (deepfm), whatever their citation counts.
    assert points["covington2016deep"]["cy"] < points["cheng2016wide"]["cy"]
    assert points["cheng2016wide"]["cy"] < points["guo2017deepfm"]["cy"]
    assert [t["label"] for t in chart["y_ticks"]] == ["0", "1", "10"]
    # One paper with an FWCI is not a chart of FWCI: back to citations per year.
    records = sample_records()
    records[1].fwci = 12.5
    assert context(records)["chart"]["y_label"] == "citations per year"
