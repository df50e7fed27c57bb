"""``paperprep export``: the domain brief (Markdown, HTML) and study outputs (BibTeX, Anki)."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from paperprep.app import App
from paperprep.errors import PaperprepError
from paperprep.files import atomic_write_bytes, write_output
from paperprep.models import Domain
from paperprep.workflows.notes import sync_note

if TYPE_CHECKING:
    from paperprep.brief import BriefOptions

EXPORT_FORMATS = {"md": "md", "html": "html", "bibtex": "bib", "anki": "apkg"}


def render_export(
    app: App,
    domain_name: str,
    fmt: str,
    options: BriefOptions | None = None,
    *,
    now: dt.datetime | None = None,
) -> tuple[Domain, bytes]:
    """The domain brief (md/html) or a study output (bibtex/anki) of the domain's papers.

    :param options: short or full brief, ``--top``/``--read``/``--no-drafts`` filters (the
        filters also apply to BibTeX and Anki).
    :param now: the time printed in the brief and the day the study plan counts from.
    """
    from paperprep import brief
    from paperprep.plan import domain_plan

    if fmt not in EXPORT_FORMATS:
        raise PaperprepError(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    options = options or brief.BriefOptions()
    now = now or dt.datetime.now()
    domain = app.domain(domain_name)
    # Notes edited since the last sync count: read them in first.
    for state in app.library.note_states(domain.name):
        with contextlib.suppress(PaperprepError):
            sync_note(app, state.paper_id)
    records = app.library.domain_records(domain.name)
    if fmt in ("md", "html"):
        text = brief.render_brief(
            domain,
            records,
            "md" if fmt == "md" else "html",
            user_templates=app.settings.user_templates_dir,
            generated=now.strftime("%Y-%m-%d %H:%M"),
            options=options,
            plan=domain_plan(app.library, domain.name, now.date()),
        )
        return domain, text.encode("utf-8")
    if fmt == "bibtex":
        return domain, brief.to_bibtex(brief.select(domain, records, options)).encode("utf-8")
    return domain, brief.to_anki(domain, records, options)


def export_path(app: App, domain: Domain, fmt: str) -> Path:
    suffix = EXPORT_FORMATS[fmt]
    name = f"{domain.name}-brief.{suffix}" if fmt in ("md", "html") else f"{domain.name}.{suffix}"
    return app.settings.exports_dir / name


def write_export(path: Path, data: bytes, *, make_folder: bool = False) -> Path:
    """Write an export where the user asked (``-o FILE``: a device or FIFO in place, a symlink's
    target; a missing folder is an error) or, with ``make_folder``, into the exports folder."""
    if make_folder:
        atomic_write_bytes(path, data)
        return path
    return write_output(path, data)
