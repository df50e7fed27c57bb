from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from paperprep.library import Library
from paperprep.migrations import MIGRATIONS, applied, migrate


def test_fresh_library_has_every_migration(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "library.db")
    assert applied(lib.db) == {fn.__name__ for fn in MIGRATIONS}
    assert lib.db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_older_library_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    old = Database(sqlite3.connect(path))
    migrate(old, upto="m001_initial")
    assert "search_index" not in old.table_names()
    old.execute(
        "insert into papers (key, title, authors, year, abstract, added_at, updated_at) "
        "values ('smith2001item', 'Item-based collaborative filtering', '[]', 2001, "
        "'We analyze item-based recommendation algorithms.', 'x', 'x')"
    )
    old.execute("insert into pages (paper_id, page, text) values (1, 1, 'cosine similarity')")
    old.conn.commit()
    old.close()

    lib = Library.open(path)
    assert applied(lib.db) == {fn.__name__ for fn in MIGRATIONS}
    record = lib.record(1)
    assert record.title == "Item-based collaborative filtering"
    # The new search index was back-filled from the old rows.
    assert [h.where for h in lib.search("cosine")] == ["page 1"]
    assert [h.where for h in lib.search("algorithms")] == ["abstract"]
    # The new column exists and edit() uses it.
    lib.edit(1, {"year": 2002})
    assert lib.record(1).year == 2002


def test_migrating_twice_does_nothing(tmp_path: Path) -> None:
    lib = Library.open(tmp_path / "library.db")
    assert migrate(lib.db) == []


def test_processes_opening_a_new_library_at_once_do_not_collide(tmp_path: Path) -> None:
    import threading

    for attempt in range(5):
        path = tmp_path / f"lib{attempt}" / "library.db"
        errors: list[BaseException] = []
        start = threading.Barrier(4)

        def opener(
            target: Path = path,
            barrier: threading.Barrier = start,
            found: list[BaseException] = errors,
        ) -> None:
            try:
                barrier.wait()
                Library.open(target).close()
            except BaseException as exc:  # reported below
                found.append(exc)

        threads = [threading.Thread(target=opener) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert applied(Library.open(path).db) == {fn.__name__ for fn in MIGRATIONS}


def test_page_rows_of_an_m004_library_become_one_text_row_per_paper(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    old = Database(sqlite3.connect(path))
    migrate(old, upto="m004_scale_indexes")
    old.execute(
        "insert into papers (key, title, authors, year, added_at, updated_at) "
        "values ('x2020', 'Delivery time', '[]', 2020, 'x', 'x')"
    )
    pages = ["Intro about couriers.", "", "We predict arrival with gradient boosting."]
    for n, text in enumerate(pages, start=1):
        old.execute("insert into pages (paper_id, page, text) values (1, ?, ?)", [n, text])
        if text:
            old.execute(
                "insert into search_index (title, body, paper_id, kind, loc) "
                "values ('', ?, 1, 'page', ?)",
                [text, n],
            )
    old.conn.commit()
    old.close()

    lib = Library.open(path)
    kinds = lib.conn.execute("select kind, count(*) from search_index group by kind").fetchall()
    assert dict(kinds) == {"text": 1}
    # Hits still name the page the words are on.
    assert [h.where for h in lib.search("gradient boosting")] == ["page 3"]
    assert [h.where for h in lib.search("couriers")] == ["page 1"]
