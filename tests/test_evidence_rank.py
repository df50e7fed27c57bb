"""The evidence ranker, key facts and sentence cleaning on text written here (no corpus)."""

from __future__ import annotations

from paperprep.extract.evidence import WORDS_PER_QUOTE, load_model, rank, select, usable
from paperprep.extract.facts import key_facts
from paperprep.extract.normalize import PUBLISHER_LINE, fix_text
from paperprep.extract.sentences import clean_sentence
from paperprep.extract.signals import KIND_CAPTION, KIND_ROW, Unit
from paperprep.models import EVIDENCE_FIELDS

PAPER = [
    ("Abstract", "We propose the Deep Cross Model (DCM), a network for click prediction."),
    ("Abstract", "DCM outperforms logistic regression by 2.3% in AUC on two public datasets."),
    ("Introduction", "Click-through rate prediction is central to online advertising systems."),
    ("Introduction", "Advertisers pay for clicks, so a better model directly raises revenue."),
    ("Model", "The cross layer takes the embedding vectors of all fields as input."),
    ("Model", "Categorical features are encoded as one-hot vectors and then embedded."),
    ("Model", "The deep network has three fully-connected layers of 256 units with ReLU."),
    ("Model", "The cross layer and the deep network are trained jointly with log loss."),
    ("Experiments", "We use the Criteo dataset with 45 million records over 7 days of traffic."),
    ("Experiments", "The first 6 days are used for training and the last day for testing."),
    ("Experiments", "Each record has 13 integer features and 26 categorical features."),
    ("Experiments", "DCM achieves the best AUC of 0.8026 and the lowest logloss of 0.4422."),
    ("Experiments", "Compared with the deep network alone, DCM needs 40% fewer parameters."),
    ("Conclusion", "The cross layer learns bounded-degree feature interactions efficiently."),
]


def _units() -> list[Unit]:
    return [Unit(t, 1 + i // 5, s, None, i) for i, (s, t) in enumerate(PAPER)]


def test_every_field_gets_quotes_and_no_sentence_is_quoted_twice() -> None:
    ev = rank(_units())
    texts = [e.text for f in EVIDENCE_FIELDS for e in ev[f]]
    assert all(ev[f] for f in EVIDENCE_FIELDS)
    # A quote may take in a neighbouring sentence, but no sentence is in two quotes.
    for _section, sentence in PAPER:
        assert sum(1 for t in texts if sentence in t) <= 1
    for f in EVIDENCE_FIELDS:
        scores = [e.score for e in ev[f]]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)


def test_the_fields_find_their_facts() -> None:
    ev = rank(_units())
    data = " ".join(e.text for e in ev["data_format"])
    findings = " ".join(e.text for e in ev["findings"])
    assert "Criteo" in data
    assert "0.8026" in findings or "2.3%" in findings


def test_at_most_one_caption_or_table_row_per_field() -> None:
    units = _units()
    extra = [
        Unit(
            "Table 2: Statistics of the Criteo and Avazu datasets",
            3,
            "Experiments",
            None,
            20,
            KIND_CAPTION,
        ),
        Unit("Criteo 45,840,617 107 39", 3, "Experiments", None, 21, KIND_ROW),
        Unit("Avazu 40,428,967 107 33", 3, "Experiments", None, 22, KIND_ROW),
    ]
    ev = rank(units + extra)
    texts = {u.text for u in extra}
    for f in EVIDENCE_FIELDS:
        assert sum(1 for e in ev[f] if e.text in texts) <= 1


def test_the_shipped_model_has_weights_for_every_field() -> None:
    model = load_model()
    for f in EVIDENCE_FIELDS:
        _bias, weights = model[f]
        assert len(weights) > 1000
    # Word features are lower-case words: no paper's capitalised names were learned as cues.
    assert not any(n.startswith("w:") and not n[2:].islower() for n in model["data_format"][1])


def test_lists_pass_the_shape_filter_but_glued_cells_do_not() -> None:
    listing = (
        "The features include user agent, page URL, ad slot ID, ad slot size, ad exchange, "
        "region, city, advertiser ID, creative ID, browser type, operating system and hour"
    )
    assert usable(listing)
    assert not usable("Model AUC Logloss DNN 0.7993 0.4476 DCN 0.8026 0.4422 FM 0.7923 0.4561")


def test_key_facts_per_field_with_pages() -> None:
    facts = key_facts(_units())
    data = {f.text: f for f in facts["data_format"]}
    assert "Criteo dataset" in data and data["Criteo dataset"].kind == "dataset"
    assert any("45 million records" in t for t in data)
    assert any(f.text == "Deep Cross Model (DCM)" for f in facts["architecture"])
    assert any(f.kind == "feature" and "categorical features" in f.text for f in facts["features"])
    assert any(f.kind == "metric" and f.text == "AUC" for f in facts["findings"])
    assert any(f.kind == "gain" and "2.3%" in f.text for f in facts["findings"])
    assert all(f.page >= 1 for fs in facts.values() for f in fs)


def test_a_number_led_piece_of_a_clause_is_not_a_key_fact() -> None:
    # Wide & Deep's indicator function: "c_ki is 1 if the i-th feature is part of ...".
    text = [
        ("Model", "The cross-product transformation is 1 if the i-th feature is part of it."),
        ("Model", "The label is 1 if the user installed the app and 0 otherwise."),
        (
            "Data",
            "Users who rated 20 or more movies were kept: 100 millions of training instances.",
        ),
        ("Data", "Each record has 13 integer features and 26 categorical features."),
    ]
    facts = key_facts([Unit(t, 1, s, None, i) for i, (s, t) in enumerate(text)])
    texts = [f.text for fs in facts.values() for f in fs]
    assert not [t for t in texts if t.startswith("1 if")]
    # Spans with "or" and "of" are names of quantities, and stay.
    assert "20 or more movies" in texts and "100 millions of training instances" in texts
    assert any("26 categorical features" in t for t in texts)


def test_clean_sentence_repairs_what_the_text_layer_did() -> None:
    assert clean_sentence("A 32- dimensional embedding.") == "A 32-dimensional embedding."
    assert (
        clean_sentence("the system.12 To scale, sparse3 features")
        == "the system. To scale, sparse features"
    )
    assert clean_sentence("We keep the top5 items.") == "We keep the top5 items."
    assert (
        clean_sentence("We serve live trac and it is dicult.")
        == "We serve live traffic and it is difficult."
    )
    cut = clean_sentence("The output is y = W x + b where W is learned.")
    assert "=" not in cut and cut.startswith("The output is") and cut.endswith("W is learned.")
    assert clean_sentence("We use 3 layers of 256 units.") == "We use 3 layers of 256 units."


def test_line_repairs_small_caps_epsilon_and_publisher_lines() -> None:
    assert fix_text("on B LOGCATALOG and F LICKR") == "on BLOGCATALOG and FLICKR"
    assert fix_text("A DSSM model and the C API") == "A DSSM model and the C API"
    assert fix_text("the ✏-greedy policy works o✏ine") == "the ε-greedy policy works offline"
    assert PUBLISHER_LINE.search("0018-9162/09/$26.00 © 2009 IEEE")
    assert PUBLISHER_LINE.search("KDD '16, August 13-17, 2016 © 2016 ACM. ISBN 978-1-4503")
    assert not PUBLISHER_LINE.search("Each click costs the advertiser about one dollar.")


def test_a_quote_takes_in_its_best_neighbour_within_the_word_budget() -> None:
    units = _units()
    n = len(units)
    # Only "Criteo" (8) scores for data; its neighbours 9 (same section) and 7 (another
    # section) compete to join it: 9 scores higher and shares its section, 7 never joins.
    scores = {f: [-5.0] * n for f in EVIDENCE_FIELDS}
    scores["data_format"][8] = 5.0
    scores["data_format"][9] = 1.0
    scores["data_format"][7] = 3.0
    ev = select(units, scores, k=1)
    quote = ev["data_format"][0]
    assert quote.text == f"{PAPER[8][1]} {PAPER[9][1]}"
    assert quote.page == units[8].page and quote.section == "Experiments"
    # No sentence of the joined quote is quoted under another field.
    others = [e.text for f in EVIDENCE_FIELDS if f != "data_format" for e in ev[f]]
    assert not any(PAPER[9][1] in t or PAPER[8][1] in t for t in others)
    # Every field keeps to the budget of words per quote.
    for f in EVIDENCE_FIELDS:
        words = [len(e.text.split()) for e in ev[f]]
        assert sum(words) <= WORDS_PER_QUOTE * max(1, len(words))


def test_a_quote_takes_in_nothing_when_the_budget_is_spent() -> None:
    long = " ".join(["The training logs were collected from the production system"] * 3) + "."
    short = "We use the Criteo dataset with 45 million records over 7 days."
    units = [Unit(long, 1, "Experiments", None, 0), Unit(short, 1, "Experiments", None, 1)]
    # The other fields have their own sentences elsewhere, so only the budget keeps ``short``
    # out of the data quote (27 + 12 words > WORDS_PER_QUOTE).
    units += [
        Unit(f"Filler sentence number {i} of the paper.", 2, "Other", None, 10 + 5 * i)
        for i in range(3)
    ]
    scores = {f: [-5.0, -5.0, 0.0, 0.0, 0.0] for f in EVIDENCE_FIELDS}
    scores["data_format"] = [5.0, 1.0, -5.0, -5.0, -5.0]
    ev = select(units, scores, k=1)
    assert ev["data_format"][0].text == long
    assert not any(short in e.text for f in EVIDENCE_FIELDS for e in ev[f])
    # With room in the budget the same neighbour joins.
    units[0] = Unit(
        "The training logs were collected from the production system.", 1, "Experiments", None, 0
    )
    ev = select(units, scores, k=1)
    assert ev["data_format"][0].text == f"{units[0].text} {short}"
