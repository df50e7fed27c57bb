"""``paperprep plan``: store (or forget) a domain's interview date and show the plan to it.

The plan itself, and reading it from the library, are in :mod:`paperprep.plan` (which
``progress`` uses without loading any workflow); the one thing stored is the date (library
table ``domain_settings``).
"""

from __future__ import annotations

import datetime as dt

from paperprep.app import App
from paperprep.errors import PaperprepError
from paperprep.models import Domain
from paperprep.plan import SETTING, Plan, domain_plan, make_plan, parse_date, plan_papers


def set_interview(app: App, domain_name: str, date_text: str, today: dt.date) -> Plan:
    """Store the interview date of a domain and return the plan to it.

    :raises PaperprepError: not a date, or a date before today.
    """
    domain = app.domain(domain_name)
    try:
        date = parse_date(date_text)
    except ValueError as exc:
        raise PaperprepError(str(exc)) from None
    if date < today:
        raise PaperprepError(
            f"{date.isoformat()} is in the past (today is {today.isoformat()})",
            hint="give the date of the interview, e.g. "
            f"--date {(today + dt.timedelta(days=7)).isoformat()}",
        )
    app.library.set_domain_setting(domain.name, SETTING, date.isoformat())
    records = app.library.domain_records(domain.name)
    return make_plan(domain.name, plan_papers(records, domain.name), date, today)


def clear_interview(app: App, domain_name: str) -> Domain:
    """Forget the interview date of a domain (its plan goes with it)."""
    domain = app.domain(domain_name)
    app.library.set_domain_setting(domain.name, SETTING, None)
    return domain


def show_plan(app: App, domain_name: str, today: dt.date) -> Plan:
    """The plan of a domain that has an interview date.

    :raises PaperprepError: the domain has no date yet (says how to set one).
    """
    domain = app.domain(domain_name)
    plan = domain_plan(app.library, domain.name, today)
    if plan is None:
        raise PaperprepError(
            f"no interview date for {domain.name} yet",
            hint=f"set one: paperprep plan {domain.name} --date YYYY-MM-DD",
        )
    return plan
