"""Which notes answer a follow-up question, measured on notes the rule was not developed on.

The rule (``paperprep/brief/answers.py``) was written against the recsys notes of
``tests/brief_world.py``. Here it meets the built-in ETA domain's real follow-up questions and
notes on five real ETA papers, written afterwards from the papers, with the answers labelled by
hand before the rule was first run on them. The figures are printed (``pytest -s``) and held to
a floor below what was measured, so a change that makes the rule worse fails.
"""

from __future__ import annotations

from typing import Any

from paperprep.brief import answers
from paperprep.domains import get_domain
from paperprep.models import Domain, Framing

ETA_NOTES: dict[str, dict[str, str]] = {
    "wang2018will": {
        "summary": "DeepTTE: estimates the travel time of a whole path from its raw GPS points.",
        "data_format": "- Chengdu taxi trajectories (1.4 billion GPS records, 14,864 taxis, "
        "August 2014)\n- Beijing taxi trajectories, one month\n- label: the trip's real "
        "duration",
        "features": "- sequence of GPS points (lng, lat) with the distance between them\n"
        "- external factors: driver id, weekday, time slot of the start, weather",
        "architecture": "- geo-convolution layer over the GPS sequence, then stacked LSTMs\n"
        "- multi-task: estimates each local segment and the whole path, losses combined",
        "findings": "- MAPE 11.89% on Chengdu, better than GBDT and a plain LSTM\n"
        "- the local-segment auxiliary task lowers the error of the collective estimate",
        "talking_points": "- learning segment times as an auxiliary task regularises the "
        "path estimate",
    },
    "wang2018learning": {
        "summary": "WDR (Didi): Wide-Deep-Recurrent regression of ride-hailing travel time.",
        "data_format": "- Didi orders in Beijing: hundreds of millions of trips with their "
        "planned route as a sequence of road links",
        "features": "- wide: time slot, weekday, distance, number of traffic lights\n"
        "- deep: embeddings of road link ids and driver profile\n"
        "- traffic features are aggregated only from data before the order was placed, never "
        "from the trip itself",
        "architecture": "- wide linear part + deep MLP + LSTM over the link sequence, summed "
        "into a regressor\n- trained with a MAPE loss so that long and short trips weigh alike",
        "findings": "- lower MAPE than the route-sum baseline in an online test at Didi",
        "talking_points": "- the LSTM captures how congestion on one link spills onto the next",
    },
    "derrowpinion2021eta": {
        "summary": "Google Maps: a graph neural network over road supersegments predicts "
        "travel times.",
        "data_format": "- supersegments: sequences of adjacent road segments with heavy "
        "traffic, from anonymised historical trips",
        "features": "- real-time speeds and historical speeds per segment, segment length",
        "architecture": "- GNN with message passing between neighbouring segments\n"
        "- MetaGradients to tune the learning rate schedule; an ensemble for stability",
        "findings": "- up to 40% fewer negative ETA outcomes in Sydney and similar gains in "
        "other cities",
        "talking_points": "- when the live feed is stale or absent, the model leans on the "
        "historical speeds it was trained with",
    },
    "hu2022deepreta": {
        "summary": "DeeprETA (Uber): a deep model corrects the routing engine's ETA at "
        "Uber's scale.",
        "data_format": "- Uber trips worldwide: routing-engine ETA, request time, pickup and "
        "drop-off, actual arrival",
        "features": "- begin and end locations hashed at several resolutions and embedded\n"
        "- the routing engine's own estimate as an input feature",
        "architecture": "- the model learns the residual: actual time minus the routing "
        "engine's estimate\n- linear transformer over embedded features, a few ms per call",
        "findings": "- lower error than the previous XGBoost post-processing in every region",
        "talking_points": "- an asymmetric Huber loss punishes arriving late more than "
        "arriving early\n- quantile heads (p10, p90) give a range instead of one number\n"
        "- one global model with city embeddings lets a newly launched city start from what "
        "other cities taught it",
    },
    "wang2016simple": {
        "summary": "A baseline: average the durations of historical trips with similar "
        "origin, destination and departure time.",
        "data_format": "- New York taxi trips of 2013 (about 170 million) and Shanghai taxis",
        "features": "- origin, destination and departure time only, no route",
        "architecture": "- nearest-neighbour trips, their durations scaled by a temporal "
        "speed reference",
        "findings": "- beats the online map services of the time on NYC trips",
        "talking_points": "- no route needed: a strong baseline to beat before any deep model",
    },
}

#: For each ETA follow-up (in domain order), the papers whose notes answer it — labelled by
#: hand, before the rule was first run on these notes.
ETA_LABELS: list[set[str]] = [
    {"hu2022deepreta"},  # late is worse than early: asymmetric Huber loss
    {"hu2022deepreta"},  # prediction interval: quantile heads
    {"hu2022deepreta"},  # a new city: one global model with city embeddings
    {"derrowpinion2021eta"},  # real-time traffic delayed or missing: historical speeds
    {"hu2022deepreta"},  # predict the residual of the routing engine
    set(),  # update the ETA during the trip: nothing in these notes
    {"wang2018learning"},  # leakage: features only from before the order was placed
]


def score(domain: Domain, notes: dict[str, dict[str, str]], labels: list[set[str]]) -> Any:
    found = [
        set(answers.answer(q, domain, list(notes.items())).keys) for q in domain.framing.follow_ups
    ]
    tp = sum(len(f & want) for f, want in zip(found, labels, strict=True))
    cited = sum(len(f) for f in found)
    wanted = sum(len(w) for w in labels)
    return found, (tp / cited if cited else 1.0), (tp / wanted if wanted else 1.0)


def test_follow_up_answers_on_unseen_eta_notes() -> None:
    domain = get_domain("eta")
    assert len(domain.framing.follow_ups) == len(ETA_LABELS)
    found, precision, recall = score(domain, ETA_NOTES, ETA_LABELS)
    for question, got, want in zip(domain.framing.follow_ups, found, ETA_LABELS, strict=True):
        print(f"{question[:60]:60}  cited {sorted(got)}  labelled {sorted(want)}")
    print(f"ETA (unseen): precision {precision:.2f}, recall {recall:.2f}")
    assert precision >= 0.5 and recall >= 0.5


def small_domain(question: str, facets: dict[str, list[str]] | None = None) -> Domain:
    return Domain(
        name="d",
        aliases=[],
        description="",
        queries={},
        arxiv_categories=[],
        terms=[],
        seeds=[],
        framing=Framing(follow_ups=[question]),
        facets=facets or {},
    )


def test_a_phrase_beats_its_words() -> None:
    domain = small_domain("How do you handle a cold start?")
    notes = [
        ("a", {"talking_points": "cold start: show popular items first"}),
        ("b", {"talking_points": "warm-starting the model from yesterday's weights"}),
    ]
    found = answers.answer("How do you handle a cold start?", domain, notes)
    assert found.keys == ["a"]
    assert found.points[0].text == "cold start: show popular items first"


def test_nothing_cited_without_notes() -> None:
    domain = get_domain("recsys")
    for question in domain.framing.follow_ups:
        assert answers.answer(question, domain, []).keys == []
        assert answers.answer(question, domain, [("x", {})]).keys == []


def test_a_facet_named_in_the_question_brings_its_terms() -> None:
    domain = small_domain(
        "How would your retrieval stage scale?",
        {"retrieval": ["two-tower", "candidate generation"]},
    )
    notes = [
        ("tower", {"architecture": "a two-tower model: user and item embeddings, ANN lookup"}),
        ("ranker", {"architecture": "a GBDT ranker over 300 features"}),
    ]
    found = answers.answer("How would your retrieval stage scale?", domain, notes)
    assert found.facets == ("retrieval",)
    assert found.keys == ["tower"]
