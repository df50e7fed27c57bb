"""`paperprep plan`: the work left, spread over the days to the interview; progress and the
brief show today's step and count down."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from paperprep.cli import app
from paperprep.models import NOTE_FIELDS
from paperprep.plan import (
    MINUTES_PER_FIELD,
    MINUTES_PER_PAGE,
    REVIEW_MINUTES,
    PlanPaper,
    make_plan,
    parse_date,
    tasks,
)
from tests.test_cli import make_pdf

TODAY = dt.date(2026, 8, 1)
ALL = tuple(NOTE_FIELDS)


def paper(key: str, status: str = "unread", pages: int | None = 10, empty: int = 7) -> PlanPaper:
    return PlanPaper(key, key.title(), status, pages, ALL[len(ALL) - empty :])


# --------------------------------------------------------------------------- the plan, pure


def test_reading_time_comes_from_page_count() -> None:
    [task] = tasks([paper("a", pages=4, empty=0)])
    assert (task.kind, task.minutes) == ("read", 4 * MINUTES_PER_PAGE)
    [task] = tasks([paper("b", pages=None, empty=2)])
    assert task.minutes == 10 * MINUTES_PER_PAGE + 2 * MINUTES_PER_FIELD  # unknown: 10 pages
    assert task.describe("recsys") == "read b and fill its note (2 fields)"


def test_order_notes_of_read_papers_first_then_in_progress_then_unread() -> None:
    papers = [
        paper("u1"),
        paper("r1", "read", empty=3),
        paper("ing", "reading"),
        paper("done", "read", empty=0),
        paper("skip", "skipped"),
        paper("u2"),
    ]
    found = tasks([p for p in papers if p.status != "skipped"])
    assert [(t.kind, t.key) for t in found] == [
        ("fill", "r1"),
        ("read", "ing"),
        ("read", "u1"),
        ("read", "u2"),
    ]
    assert found[0].describe("recsys") == (
        "fill r1: findings, interview talking points, open questions"
    )


def test_work_is_spread_evenly_and_the_night_before_is_for_the_brief() -> None:
    papers = [paper(f"p{i}", pages=8) for i in range(6)]
    plan = make_plan("recsys", papers, TODAY + dt.timedelta(days=4), TODAY)
    assert [d.date for d in plan.days] == [TODAY + dt.timedelta(days=i) for i in range(4)]
    # Three working days share six equal papers: two a day; the last day rereads the brief.
    assert [[t.key for t in d.tasks] for d in plan.days[:3]] == [
        ["p0", "p1"],
        ["p2", "p3"],
        ["p4", "p5"],
    ]
    assert [t.kind for t in plan.days[3].tasks] == ["review"]
    assert plan.days[3].minutes == REVIEW_MINUTES
    assert plan.today_step is plan.days[0]
    assert plan.countdown() == "interview in 4 days (Wed 5 Aug 2026)"


def test_tomorrow_today_and_past() -> None:
    papers = [paper("a")]
    tomorrow = make_plan("d", papers, TODAY + dt.timedelta(days=1), TODAY)
    assert [t.kind for t in tomorrow.days[0].tasks] == ["read", "review"]
    assert tomorrow.countdown().startswith("interview tomorrow")
    today = make_plan("d", papers, TODAY, TODAY)
    assert [t.kind for d in today.days for t in d.tasks] == ["review"]
    assert today.countdown().startswith("interview today")
    past = make_plan("d", papers, TODAY - dt.timedelta(days=2), TODAY)
    assert past.days == [] and past.days_left == -2 and "has passed" in past.countdown()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["unread", "reading", "read", "skipped"]),
            st.one_of(st.none(), st.integers(0, 60)),
            st.integers(0, 7),
        ),
        max_size=25,
    ),
    st.integers(0, 40),
)
def test_every_task_is_planned_once_in_order(
    specs: list[tuple[str, int | None, int]], days: int
) -> None:
    papers = [paper(f"k{i}", s, pages, empty) for i, (s, pages, empty) in enumerate(specs)]
    plan = make_plan("d", papers, TODAY + dt.timedelta(days=days), TODAY)
    planned = [t for d in plan.days for t in d.tasks if t.kind != "review"]
    expected = tasks([p for p in papers if p.status != "skipped"])
    if days == 0:
        assert planned == []
    else:
        assert planned == expected  # nothing lost, nothing twice, order kept
        assert len(plan.days) == days
        assert [t.kind for t in plan.days[-1].tasks][-1:] == ["review"]
        if days >= 2:
            assert [t.kind for t in plan.days[-1].tasks] == ["review"]


def test_parse_date_says_what_it_wants() -> None:
    assert parse_date(" 2026-09-15 ") == dt.date(2026, 9, 15)
    with pytest.raises(ValueError, match="use YYYY-MM-DD"):
        parse_date("15/09/2026")


# --------------------------------------------------------------------------- the commands


def invoke(*args: str, code: int = 0) -> tuple[str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout, result.stderr


@pytest.fixture
def three_papers(tmp_path: Path) -> list[dict[str, str]]:
    pdfs = [
        make_pdf(tmp_path, "a.pdf", title="Deep Interest Networks for Click Prediction"),
        make_pdf(tmp_path, "b.pdf", title="Matrix Factorization for Movie Ratings"),
        make_pdf(tmp_path, "c.pdf", title="Wide and Deep Models for App Stores"),
    ]
    out, _ = invoke("add", *map(str, pdfs), "--domain", "recsys", "--json")
    added: list[dict[str, str]] = json.loads(out)
    return added


def in_days(n: int) -> str:
    return (dt.date.today() + dt.timedelta(days=n)).isoformat()


def test_plan_stores_the_date_and_counts_down(three_papers: list[dict[str, str]]) -> None:
    first, second, _ = three_papers
    invoke("status", first["key"], "read")
    invoke("status", second["key"], "skipped")
    out, _ = invoke("plan", "recsys", "--date", in_days(3), "--json")
    plan = json.loads(out)
    assert plan["date"] == in_days(3) and plan["days_left"] == 3
    planned = [t for d in plan["days"] for t in d["tasks"]]
    # The read paper's empty fields, the unread one; the skipped paper is not planned.
    assert [(t["kind"], t["key"]) for t in planned] == [
        ("fill", first["key"]),
        ("read", three_papers[2]["key"]),
        ("review", None),
    ]
    assert plan["today_step"]["date"] == dt.date.today().isoformat()
    # Stored: the next `plan` (no --date) and `progress` find it.
    out, _ = invoke("plan", "recommender")  # an alias works too
    assert "recsys\t" not in out  # piped: tab-separated rows
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0][0] == dt.date.today().isoformat() and rows[0][2] == "fill"
    assert rows[-1][2] == "review"
    out, _ = invoke("progress", "--json")
    [row] = json.loads(out)
    assert row["plan"]["date"] == in_days(3) and row["plan"]["days_left"] == 3
    assert row["plan"]["today"]["tasks"][0]["key"] == first["key"]
    # Skipped papers leave the totals: two papers count, 7 fields each.
    assert (row["papers"], row["skipped"], row["fields_total"]) == (3, 1, 14)
    out, _ = invoke("export", "recsys")
    assert "> **Interview in 3 days" in out and f"fill {first['key']}" in out
    invoke("plan", "recsys", "--clear")
    _, err = invoke("plan", "recsys", code=1)
    assert "no interview date for recsys yet" in err
    assert "paperprep plan recsys --date YYYY-MM-DD" in err


def test_plan_refuses_bad_and_past_dates(three_papers: list[dict[str, str]]) -> None:
    _, err = invoke("plan", "recsys", "--date", "next friday", code=1)
    assert "'next friday' is not a date; use YYYY-MM-DD" in err
    _, err = invoke("plan", "recsys", "--date", in_days(-1), code=1)
    assert "is in the past" in err
    _, err = invoke("plan", "recsy", "--date", in_days(2), code=1)
    assert "recsys" in err  # did you mean
    assert "Traceback" not in err


def test_progress_per_paper_shows_the_empty_fields(
    three_papers: list[dict[str, str]],
) -> None:
    note = Path(three_papers[0]["note"])
    body = note.read_text(encoding="utf-8")
    body = body.replace("## Summary\n", "## Summary\n\nClick logs, attention over history.\n", 1)
    note.write_text(body, encoding="utf-8")
    invoke("sync")
    out, _ = invoke("progress", "recsys", "--json")
    [row] = json.loads(out)
    detail = {p["key"]: p for p in row["per_paper"]}
    assert "summary" not in detail[three_papers[0]["key"]]["empty_fields"]
    assert len(detail[three_papers[1]["key"]]["empty_fields"]) == len(NOTE_FIELDS)
    out, _ = invoke("progress", "recsys", "--papers")
    lines = [line.split("\t") for line in out.splitlines()]
    first = next(line for line in lines if line[1] == three_papers[0]["key"])
    assert first[0] == "recsys" and first[3] == "1" and "summary" not in first[4].split(",")
    # Without --papers, piped progress keeps its one line per domain.
    out, _ = invoke("progress")
    assert len(out.splitlines()) == 1 and out.startswith("recsys\t3\t")


def test_a_far_date_still_starts_today() -> None:
    plan = make_plan("d", [paper("a"), paper("b")], TODAY + dt.timedelta(days=60), TODAY)
    step = plan.today_step
    assert step is not None and [t.key for t in step.tasks] == ["a"]
    assert sum(len(d.tasks) for d in plan.days) == 3  # a, b and the review
