"""A study plan to the interview date: unread papers and empty note fields spread over the days.

Pure: the domain's papers (reading order, status, page count, empty fields) and two dates in,
a :class:`Plan` out. Nothing is stored but the date (``paperprep plan DOMAIN --date``); the plan
is worked out again from the library each time, so it follows what you have actually done.

How the work is sized (assumptions, stated in the README, not fitted to anything):

- reading a paper takes :data:`MINUTES_PER_PAGE` a page (a careful read of a dense ML paper,
  about an hour for ten pages); a paper whose page count is unknown counts
  :data:`DEFAULT_PAGES` pages;
- filling one note field takes :data:`MINUTES_PER_FIELD`;
- rereading the brief takes :data:`REVIEW_MINUTES` — the short brief is made for that.

How it is spread: the tasks keep the reading order (notes of papers already read first, while
they are fresh; then the paper in progress; then unread papers by rank). The days from today to
the day before the interview share them evenly — each task goes to the day its middle falls in,
the first one always today; when two or more days are left, the last one (the night before) is
kept for rereading the brief.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from paperprep.models import FIELD_HEADINGS, NOTE_FIELDS, PaperRecord

if TYPE_CHECKING:
    from paperprep.library import Library

MINUTES_PER_PAGE = 6
DEFAULT_PAGES = 10
MINUTES_PER_FIELD = 5
REVIEW_MINUTES = 20

#: The domain setting (library table ``domain_settings``) that holds the interview date.
SETTING = "interview_date"


@dataclass(frozen=True)
class PlanPaper:
    """What the plan needs to know of one paper of the domain, in reading order."""

    key: str
    title: str
    status: str
    pages: int | None
    #: Note fields with no text of the user's yet, in note order.
    empty_fields: tuple[str, ...]


@dataclass(frozen=True)
class Task:
    """One thing to do: read a paper (and fill its note), fill a read paper's note, or review."""

    kind: Literal["read", "fill", "review"]
    minutes: int
    key: str | None = None
    title: str = ""
    fields: tuple[str, ...] = ()
    #: A paper marked ``reading``: you have started it.
    started: bool = False

    def describe(self, domain: str) -> str:
        """One line, with what to type: ``read cheng2016wide and fill its note (7 fields)``."""
        if self.kind == "review":
            return f"reread the brief (paperprep export {domain} -f html)"
        names = ", ".join(FIELD_HEADINGS[f].lower() for f in self.fields)
        if self.kind == "read":
            tail = f" and fill its note ({len(self.fields)} fields)" if self.fields else ""
            return f"{'finish reading' if self.started else 'read'} {self.key}{tail}"
        return f"fill {self.key}: {names}"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "title": self.title,
            "fields": list(self.fields),
            "minutes": self.minutes,
            "started": self.started,
        }


@dataclass
class Day:
    date: dt.date
    tasks: list[Task] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(t.minutes for t in self.tasks)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "minutes": self.minutes,
            "tasks": [t.to_json() for t in self.tasks],
        }


@dataclass
class Plan:
    domain: str
    interview: dt.date
    today: dt.date
    days: list[Day]

    @property
    def days_left(self) -> int:
        """Days from today to the interview (0: it is today; negative: it has passed)."""
        return (self.interview - self.today).days

    @property
    def today_step(self) -> Day | None:
        return next((d for d in self.days if d.date == self.today), None)

    @property
    def minutes(self) -> int:
        return sum(d.minutes for d in self.days)

    def countdown(self) -> str:
        """``interview in 3 days (Tue 4 Aug 2026)``, ``interview tomorrow``, ``… today``."""
        when = f"{self.interview:%a} {self.interview.day} {self.interview:%b %Y}"
        left = self.days_left
        if left < 0:
            return f"the interview date ({when}) has passed"
        if left == 0:
            return f"interview today ({when})"
        if left == 1:
            return f"interview tomorrow ({when})"
        return f"interview in {left} days ({when})"

    def to_json(self) -> dict[str, Any]:
        step = self.today_step
        return {
            "domain": self.domain,
            "date": self.interview.isoformat(),
            "today": self.today.isoformat(),
            "days_left": self.days_left,
            "minutes": self.minutes,
            "today_step": None if step is None else step.to_json(),
            "days": [d.to_json() for d in self.days],
        }


def reading_order(records: Sequence[PaperRecord], domain: str) -> list[PaperRecord]:
    """Domain rank first (unranked last), then most cited, then title: the reading order."""

    def key(r: PaperRecord) -> tuple[bool, int, int, str]:
        rank = next((d.rank for d in r.domains if d.name == domain), None)
        return (rank is None, rank or 0, -(r.citations or 0), r.title.lower())

    return sorted(records, key=key)


def plan_papers(records: Sequence[PaperRecord], domain: str) -> list[PlanPaper]:
    """The domain's papers as the plan sees them, in reading order."""
    out = []
    for r in reading_order(records, domain):
        note = r.note_for(domain)
        fields = note.fields if note else {}
        out.append(
            PlanPaper(
                key=r.key,
                title=r.title,
                status=r.status,
                pages=r.pdf.pages if r.pdf else None,
                empty_fields=tuple(f for f in NOTE_FIELDS if not fields.get(f, "").strip()),
            )
        )
    return out


def fmt_minutes(minutes: int) -> str:
    """``45 min``, ``1 h 05 min``."""
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def parse_date(text: str) -> dt.date:
    """``YYYY-MM-DD``; raises ValueError with a message worth showing."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2026-09-15") from None


def minutes_to_read(pages: int | None) -> int:
    return MINUTES_PER_PAGE * (pages if pages and pages > 0 else DEFAULT_PAGES)


def tasks(papers: Sequence[PlanPaper]) -> list[Task]:
    """The work left, in the order it should be done (see the module docstring)."""
    fill = [
        Task(
            "fill",
            MINUTES_PER_FIELD * len(p.empty_fields),
            p.key,
            p.title,
            p.empty_fields,
        )
        for p in papers
        if p.status == "read" and p.empty_fields
    ]
    reading = [p for p in papers if p.status == "reading"]
    unread = [p for p in papers if p.status == "unread"]
    read = [
        Task(
            "read",
            minutes_to_read(p.pages) + MINUTES_PER_FIELD * len(p.empty_fields),
            p.key,
            p.title,
            p.empty_fields,
            started=p.status == "reading",
        )
        for p in (*reading, *unread)
    ]
    return fill + read


def make_plan(domain: str, papers: Sequence[PlanPaper], interview: dt.date, today: dt.date) -> Plan:
    """Spread the work left over the days from ``today`` to the day before ``interview``.

    :param papers: the domain's papers in reading order; skipped ones are left out here.
    """
    todo = tasks([p for p in papers if p.status != "skipped"])
    left = (interview - today).days
    if left < 0:
        return Plan(domain, interview, today, [])
    review = Task("review", REVIEW_MINUTES)
    if left == 0:
        # The interview is today: the one thing worth doing is rereading the brief.
        return Plan(domain, interview, today, [Day(today, [review])])
    days = [Day(today + dt.timedelta(days=i)) for i in range(left)]
    work_days = days[:-1] if left >= 2 else days
    total = sum(t.minutes for t in todo)
    done = 0
    for n, task in enumerate(todo):
        # The day the middle of this task falls in, were the work spread evenly: the days get
        # equal shares, in the order the work should be done. The first task is always today's.
        middle = done + task.minutes / 2
        index = min(len(work_days) - 1, int(middle * len(work_days) / total)) if n else 0
        work_days[index].tasks.append(task)
        done += task.minutes
    days[-1].tasks.append(review)
    return Plan(domain, interview, today, days)


# --------------------------------------------------------------------------- from the library
# Reading only (``progress`` and ``export`` use these); storing the date is ``workflows.plan``.


def interview_date(library: Library, domain: str) -> dt.date | None:
    """The stored interview date of ``domain`` (None: no plan)."""
    value = library.domain_setting(domain, SETTING)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None  # a hand-edited database; `plan --date` sets it again


def domain_plan(library: Library, domain: str, today: dt.date) -> Plan | None:
    """The plan to the stored interview date, worked out from the library now (None: no date)."""
    date = interview_date(library, domain)
    if date is None:
        return None
    return make_plan(domain, plan_papers(library.domain_records(domain), domain), date, today)


def paper_progress(library: Library, domain: str) -> list[PlanPaper]:
    """Each paper of the domain in reading order: its status and the note fields still empty."""
    return plan_papers(library.domain_records(domain), domain)
