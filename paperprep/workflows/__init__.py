"""Workflows: the steps behind each command, on top of the library, notes and extraction.

This is paperprep's ``run()`` layer (see STYLE.md): no prompts, no printing. Progress and problems
are reported through the ``App.on_event`` callback that the CLI renders. One module per job:

- :mod:`~paperprep.workflows.fetch` — ``fetch``: search, merge, enrich, rank, download + extract;
- :mod:`~paperprep.workflows.add` — ``add``: local PDFs; arXiv ids and DOIs (through fetch's
  download stage);
- :mod:`~paperprep.workflows.pdfs` — storing a PDF we have with its paper (both use it);
- :mod:`~paperprep.workflows.notes` — note files: draft, refresh, sync, open in an editor;
- :mod:`~paperprep.workflows.papers` — ``edit``, ``status``, ``tag``;
- :mod:`~paperprep.workflows.export` — ``export``: briefs, BibTeX, Anki;
- :mod:`~paperprep.workflows.plan` — ``plan``: the interview date (the plan is ``paperprep.plan``).

Imports point one way: add uses fetch, both use pdfs, which uses notes.
"""
