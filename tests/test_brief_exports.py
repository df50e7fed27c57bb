"""BibTeX and Anki exports: entries that parse back, cards worth studying, stable GUIDs."""

from __future__ import annotations

import copy
import io
import sqlite3
import zipfile
from pathlib import Path

import bibtexparser
from hypothesis import given, settings
from hypothesis import strategies as st

from paperprep.brief import BriefOptions, anki_cards, select, to_anki, to_bibtex
from paperprep.models import PaperRecord
from tests.test_brief import record, sample_domain, sample_records

# --------------------------------------------------------------------------- BibTeX


def test_bibtex_parses_back_with_unique_stable_keys() -> None:
    records = [*sample_records(), record(9, "Another Wide", key="cheng2016wide", year=2016)]
    text = to_bibtex(records)
    db = bibtexparser.loads(text)
    entries = {e["ID"]: e for e in db.entries}
    assert len(entries) == len(records)
    assert {"cheng2016wide", "cheng2016widea", "guo2017deepfm", "covington2016deep", "odd"} == set(
        entries
    )
    wide = entries["cheng2016wide"]
    assert wide["doi"] == "10.1145/2988450.2988454"
    assert wide["eprint"] == "1606.07792" and wide["archiveprefix"] == "arXiv"
    assert wide["author"] == "Heng-Tze Cheng and Levent Koc"
    assert entries["covington2016deep"]["ENTRYTYPE"] == "inproceedings"
    assert entries["odd"]["title"] == (
        r"{A 100\% | odd\_title \& \textbraceleft{}braces\textbraceright{} \#1}"
    )
    assert to_bibtex(list(reversed(records))) == text


_bib_text = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_bib_text, _bib_text, _bib_text), min_size=1, max_size=5))
def test_bibtex_always_parses_back(items: list[tuple[str, str, str]]) -> None:
    records = [
        record(i, title or "x", key=key, venue=venue, authors=[venue, title])
        for i, (title, key, venue) in enumerate(items, start=1)
    ]
    db = bibtexparser.loads(to_bibtex(records))
    assert len({e["ID"] for e in db.entries}) == len(records)


# --------------------------------------------------------------------------- Anki


def apkg_notes(data: bytes, tmp: Path) -> list[tuple[str, str, str]]:
    """(guid, fields, tags) of every note in an .apkg (a zip holding an SQLite collection)."""
    path = tmp / "collection.anki2"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        path.write_bytes(zf.read("collection.anki2"))
    con = sqlite3.connect(path)
    try:
        rows = con.execute("select guid, flds, tags from notes order by id").fetchall()
    finally:
        con.close()
    path.unlink()
    return [(str(g), str(f), str(t)) for g, f, t in rows]


def test_bibtex_follows_the_export_filters() -> None:
    keys = [r.key for r in select(sample_domain(), sample_records(), BriefOptions(top=2))]
    assert keys == ["cheng2016wide", "guo2017deepfm"]
    # Skipped papers are left out of every export.
    keys = [r.key for r in select(sample_domain(), sample_records(), BriefOptions())]
    assert "odd" not in keys


def test_field_cards_are_the_users_words_rendered() -> None:
    cards = anki_cards(sample_domain(), sample_records())
    fronts = [c["front"] for c in cards]
    # Wide & Deep: 6 answerable fields; DeepFM: architecture; the open questions are not cards.
    assert "What data did Wide & Deep Learning for Recommender Systems train on?" in fronts
    assert "What is the model architecture of DeepFM?" in fronts
    fields = [c for c in cards if c["kind"] == "field"]
    assert len(fields) == 7
    data = next(c for c in fields if c["front"].startswith("What data did Wide"))
    assert data["back_html"] == (
        "<ul>\n<li>500 billion examples from Google Play app installs</li>\n"
        "<li>label: app acquired (1) or not (0)</li>\n</ul>"
    )
    assert data["source"].endswith("· cheng2016wide") and data["refs"] == ["cheng2016wide"]
    # Drafts (evidence quotes) never become cards; skipped papers make none.
    backs = " ".join(c["back"] for c in cards)
    assert "Training examples are generated" not in backs
    assert "Each field is one-hot encoded" not in backs
    assert not [c for c in cards if "odd" in c["refs"]]


def test_follow_up_cards_cite_only_the_papers_whose_notes_answer() -> None:
    records = [
        *sample_records(),
        record(
            9,
            "Debiasing",
            key="bias2019",
            rank=4,
            notes={
                "data_format": "- position bias: train with the position as a feature, "
                "set it to 1 at serving"
            },
        ),
    ]
    cards = {
        c["front"]: c for c in anki_cards(sample_domain(), records) if c["kind"] == "follow_up"
    }
    bias = cards["How do you remove position bias?"]
    assert bias["refs"] == ["bias2019"]
    assert "position bias: train with the position as a feature" in bias["back"]
    assert "[bias2019]" in bias["back"] and "cheng2016wide" not in bias["back"]
    assert bias["source"] == "demo follow-up · from bias2019"
    cold = cards["How do you handle cold start?"]
    # Nobody's notes answer it: no paper is cited, and the card says where to look.
    assert cold["refs"] == []
    assert cold["back"].startswith("Your notes do not answer this yet (look in:")
    # Different questions, different backs (they used to all list every paper).
    assert bias["back"] != cold["back"]


def test_a_card_per_key_fact_the_user_kept() -> None:
    wide = record(
        1,
        "Wide & Deep Learning for Recommender Systems",
        key="cheng2016wide",
        rank=1,
        status="read",
        notes={"data_format": "Key facts: 500B examples (p. 3)\n\nMy own words here."},
    )
    # Key facts come with the extraction (the evidence engineer's `key_facts`, by field).
    facts = {
        "data_format": [
            {"text": "500B examples", "page": 3, "kind": "size"},
            {"text": "Google Play", "page": 1, "kind": "dataset"},
        ]
    }
    object.__setattr__(wide, "key_facts", facts)
    cards = [c for c in anki_cards(sample_domain(), [wide]) if c["kind"] == "fact"]
    # "500B examples" is still in the user's note (kept); "Google Play" is not.
    assert [c["back"] for c in cards] == ["500B examples (p. 3)"]
    assert cards[0]["front"] == (
        "How much data does Wide & Deep Learning for Recommender Systems work with? (Data format)"
    )


def test_anki_package_is_a_valid_deck(tmp_path: Path) -> None:
    data = to_anki(sample_domain(), sample_records())
    notes = apkg_notes(data, tmp_path)
    assert len(notes) == 9  # 7 field cards, 2 follow-ups
    pairs = {f.split("\x1f")[0]: f.split("\x1f")[1] for _, f, _ in notes}
    assert pairs["What data did Wide &amp; Deep Learning for Recommender Systems train on?"] == (
        "<ul>\n<li>500 billion examples from Google Play app installs</li>\n"
        "<li>label: app acquired (1) or not (0)</li>\n</ul>"
    )
    assert all("demo" in tags.split() for _, _, tags in notes)


def test_reimporting_after_notes_change_makes_no_duplicates(tmp_path: Path) -> None:
    """Anki matches an imported note to an existing one by GUID: same GUID, card updated."""
    before = sample_records()
    after: list[PaperRecord] = copy.deepcopy(before)
    wide = next(r for r in after if r.key == "cheng2016wide")
    note = wide.note
    assert note is not None
    note.fields["findings"] = "- **+3.9%** acquisitions; offline AUC barely moved"
    note.fields["architecture"] += "\n- joint training, not an ensemble"
    deepfm = next(r for r in after if r.key == "guo2017deepfm")
    assert deepfm.note is not None
    deepfm.note.fields["features"] = "- shared embeddings for FM and DNN"
    collection: dict[str, str] = {}
    for _ in range(2):  # importing the same deck twice changes nothing
        for guid, fields, _ in apkg_notes(to_anki(sample_domain(), before), tmp_path):
            collection[guid] = fields
    first = dict(collection)
    for guid, fields, _ in apkg_notes(to_anki(sample_domain(), after), tmp_path):
        collection[guid] = fields
    # The two edited cards were updated in place; the one new field is one new card.
    assert len(collection) == len(first) + 1
    changed = [g for g in first if collection[g] != first[g]]
    assert len(changed) == 2
    assert any("offline AUC barely moved" in collection[g] for g in changed)
