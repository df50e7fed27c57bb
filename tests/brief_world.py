"""A realistic 10-paper recsys domain for the brief's length, screenshot and golden tests.

Built apart from the code it checks: real papers (titles, years, venues, page counts), "why
picked" lines in the ranker's format, and notes written the way a reader fills them in — long
ones, several points per field, a kept quote, Markdown lists, bold and links — so that the
short brief is measured on a heavy library, not a tidy one. ``filled=False`` gives the other
extreme: nothing written yet, drafts in every cell.
"""

from __future__ import annotations

from paperprep.models import (
    NOTE_FIELDS,
    DomainLink,
    Evidence,
    NoteInfo,
    PaperRecord,
    PdfInfo,
)

# key, title, year, venue, citations, pages, status
PAPERS: list[tuple[str, str, int, str, int, int, str]] = [
    (
        "cheng2016wide",
        "Wide & Deep Learning for Recommender Systems",
        2016,
        "DLRS 2016: Workshop on Deep Learning for Recommender Systems",
        3100,
        4,
        "read",
    ),
    (
        "covington2016deep",
        "Deep Neural Networks for YouTube Recommendations",
        2016,
        "Proceedings of the 10th ACM Conference on Recommender Systems",
        2900,
        8,
        "read",
    ),
    (
        "he2017neural",
        "Neural Collaborative Filtering",
        2017,
        "Proceedings of the 26th International Conference on World Wide Web",
        5200,
        10,
        "read",
    ),
    (
        "koren2009matrix",
        "Matrix Factorization Techniques for Recommender Systems",
        2009,
        "Computer",
        11000,
        8,
        "read",
    ),
    (
        "guo2017deepfm",
        "DeepFM: A Factorization-Machine based Neural Network for CTR Prediction",
        2017,
        "IJCAI",
        2600,
        7,
        "read",
    ),
    (
        "wang2017deep",
        "Deep & Cross Network for Ad Click Predictions",
        2017,
        "Proceedings of the ADKDD'17",
        1400,
        7,
        "read",
    ),
    (
        "zhou2018deep",
        "Deep Interest Network for Click-Through Rate Prediction",
        2018,
        "Proceedings of the 24th ACM SIGKDD International Conference on Knowledge Discovery & "
        "Data Mining",
        1900,
        9,
        "read",
    ),
    (
        "kang2018self",
        "Self-Attentive Sequential Recommendation",
        2018,
        "2018 IEEE International Conference on Data Mining (ICDM)",
        2300,
        10,
        "reading",
    ),
    (
        "rendle2009bpr",
        "BPR: Bayesian Personalized Ranking from Implicit Feedback",
        2009,
        "Proceedings of the Twenty-Fifth Conference on Uncertainty in Artificial Intelligence",
        6100,
        10,
        "reading",
    ),
    (
        "sarwar2001item",
        "Item-based Collaborative Filtering Recommendation Algorithms",
        2001,
        "Proceedings of the 10th International Conference on World Wide Web",
        10500,
        11,
        "unread",
    ),
]

SKIPPED = (
    "hidasi2015session",
    "Session-based Recommendations with Recurrent Neural Networks",
    2015,
    "ICLR 2016",
    3300,
    10,
    "skipped",
)

NOTES: dict[str, dict[str, str]] = {
    "cheng2016wide": {
        "summary": "Jointly trains a **wide** linear model over cross-product features "
        "(memorisation) and a **deep** MLP over embeddings (generalisation) for Google Play "
        "app recommendations.",
        "data_format": "- 500 billion training examples from Google Play app impressions\n"
        "- label: the impressed app was installed (1) or not (0)\n"
        '> "In this stage, user and app impression data within a period of time are used to '
        'generate training data."',
        "features": "- wide: cross-product `AND(user_installed_app=netflix, "
        "impression_app=pandora)`\n"
        "- deep: 32-dim embeddings of categorical features (country, language, app ids)\n"
        "- continuous features normalised to [0, 1] by their CDF, bucketed into quantiles",
        "architecture": "- wide part: logistic regression on raw and crossed sparse features\n"
        "- deep part: embeddings concatenated → 3 ReLU layers (1024, 512, 256)\n"
        "- joint training: both outputs summed into one logistic loss; FTRL + L1 for the wide "
        "part, AdaGrad for the deep part",
        "findings": "- online A/B over 3 weeks: **+3.9%** app acquisitions vs the wide-only "
        "control, +1% over deep-only\n"
        "- offline AUC barely moves (0.726 → 0.728): online gain is what counts\n"
        "- serving: 10 ms by splitting batches over threads",
        "talking_points": "- the canonical memorisation + generalisation argument for "
        "ranking\n- warm-starting new models from the previous embeddings to cut retraining "
        "cost\n- see the [paper](https://arxiv.org/abs/1606.07792) for the serving diagram",
        "questions": "How were the cross features chosen, and by whom?\n\n"
        "Would a DCN cross network replace the hand-made wide part?",
    },
    "covington2016deep": {
        "summary": "Two-stage YouTube recommender: a candidate generation network that "
        "narrows millions of videos to hundreds, and a ranking network that orders them by "
        "expected watch time.",
        "data_format": "- training examples from **all** YouTube watches, not only "
        "recommendations (avoids exploiting the current system)\n"
        "- fixed number of examples per user so heavy users do not dominate the loss\n"
        "- held-out: predict the *next* watch, never a random one (no future leakage)",
        "features": "- watch history: average of the embeddings of the last 50 watched videos\n"
        "- search tokens embedded and averaged the same way\n"
        "- **example age** feature to model freshness; set to zero at serving time\n"
        "- ranking: time since last watch of the channel, number of previous impressions",
        "architecture": "- candidate generation as extreme multiclass classification over "
        "millions of videos with sampled softmax\n"
        "- serving: nearest-neighbour search in the dot-product space\n"
        "- ranking: a deeper tower with weighted logistic regression, watch time as weights",
        "findings": "- depth helps: 4 layers (2048 → 1024 → 512 → 256) best in holdout MAP\n"
        "- example age removes the bias against fresh uploads\n"
        "- weighted logistic regression beats click-based ranking on watch time per impression",
        "talking_points": "- two-stage retrieval + ranking is the default design answer\n"
        "- why predicting the next watch beats a random held-out watch",
        "questions": "How often is the candidate model retrained, and how stale can the ANN "
        "index get?",
    },
    "he2017neural": {
        "summary": "Replaces the inner product of matrix factorisation with a learned "
        "interaction function (MLP) and fuses it with generalised MF (NeuMF).",
        "data_format": "- MovieLens 1M (1M ratings, 6,040 users) and Pinterest (1.5M "
        "interactions)\n- ratings turned into implicit feedback: any interaction = 1\n"
        "- leave-one-out evaluation: the latest interaction of each user is held out",
        "features": "- only user and item ids, one-hot, embedded (no side features)",
        "architecture": "- GMF branch: element-wise product of user and item embeddings\n"
        "- MLP branch: concatenated embeddings through a tower of ReLU layers\n"
        "- NeuMF: concatenates both branches before the output; pretrained GMF and MLP",
        "findings": "- HR@10 0.730 and NDCG@10 0.447 on MovieLens, beating eALS and BPR\n"
        "- 4 negatives sampled per positive work best\n"
        "- deeper MLP towers help up to 3 layers",
        "talking_points": "- a learned interaction can beat a dot product, but later work "
        "(Rendle 2020) shows a tuned dot product is hard to beat",
        "questions": "Is the gain over MF robust to tuning the baseline properly?",
    },
    "koren2009matrix": {
        "summary": "The Netflix Prize view of latent factor models: users and items as "
        "vectors whose dot product predicts the rating, with biases and temporal dynamics.",
        "data_format": "- Netflix Prize: 100 million ratings (1–5 stars) by 480k users on "
        "17,770 movies\n- explicit ratings, very sparse (~1% of the matrix observed)",
        "features": "- user and item biases, implicit feedback (which movies a user rated), "
        "time-aware biases",
        "architecture": "- rating ≈ μ + b_u + b_i + q_iᵀp_u, learned by SGD or alternating "
        "least squares\n- regularised with λ(‖q_i‖² + ‖p_u‖² + b_u² + b_i²)",
        "findings": "- adding biases, implicit feedback and temporal effects each lowers "
        "RMSE; the full model reaches RMSE 0.8563\n- ALS parallelises well, SGD is simpler",
        "talking_points": "- the baseline every recsys answer should start from\n"
        "- cold start is the weakness: no factors for new users or items",
        "questions": "",
    },
    "guo2017deepfm": {
        "summary": "An FM component and a deep component share one embedding layer, so "
        "low- and high-order feature interactions are learned end to end without feature "
        "engineering.",
        "data_format": "- Criteo: 45 million users' click records, 13 continuous and 26 "
        "categorical fields\n- Company* (Huawei App Store): 1 billion records over 7 days",
        "features": "- raw fields only: each categorical field one-hot, embedded to k=10",
        "architecture": "- FM part: first-order weights + pairwise inner products of field "
        "embeddings\n- deep part: 3 hidden layers of 200-400 units, dropout 0.5\n"
        "- shared embeddings, no pretraining (unlike FNN)",
        "findings": "- Criteo AUC 0.8007 vs 0.7981 for Wide & Deep; logloss 0.4508\n"
        "- faster to train than PNN and Wide & Deep",
        "talking_points": "- when asked for automatic feature crosses, contrast FM, DeepFM and DCN",
        "questions": "",
    },
    "wang2017deep": {
        "summary": "A cross network applies explicit, bounded-degree feature crosses at each "
        "layer, alongside a deep network, at low cost.",
        "data_format": "- Criteo Display Ads: 7 days of 41 million click records\n"
        "- 13 integer and 26 categorical features, log-transformed dense features",
        "features": "- embeddings of sparse features stacked with normalised dense ones",
        "architecture": "- cross layer: x_{l+1} = x_0 x_lᵀ w_l + b_l + x_l (degree grows by "
        "one per layer)\n- 6 cross layers in parallel with a 2-layer deep network",
        "findings": "- logloss 0.4419 on Criteo, below DNN with 40% fewer parameters",
        "talking_points": "- the cross network is the automatic answer to the wide part of "
        "Wide & Deep",
        "questions": "",
    },
    "zhou2018deep": {
        "summary": "Alibaba display ads: a local activation unit weights the user's past "
        "behaviours by their relevance to the candidate ad, instead of one fixed vector.",
        "data_format": "- Alibaba production logs: 2 billion samples over 2 weeks\n"
        "- public: Amazon (Electronics) and MovieLens 20M",
        "features": "- user behaviour sequence (clicked goods, shops, categories)\n"
        "- candidate ad features, context (time, position)",
        "architecture": "- attention-like activation unit over behaviours, no softmax "
        "normalisation\n- mini-batch aware regularisation, Dice activation",
        "findings": "- online: **+10% CTR**, +3.8% RPM in Alibaba's display advertising",
        "talking_points": "- user interest is diverse: the candidate decides which history matters",
        "questions": "",
    },
    "kang2018self": {
        "summary": "Transformer-style self-attention over the user's item sequence to "
        "predict the next item.",
        "data_format": "- Amazon Beauty, Games, Steam and MovieLens-1M; users with ≥ 5 actions",
        "features": "",
        "architecture": "- 2 self-attention blocks, learned positional embeddings, causal mask",
        "findings": "",
        "talking_points": "",
        "questions": "",
    },
    "rendle2009bpr": {
        "summary": "",
        "data_format": "",
        "features": "",
        "architecture": "",
        "findings": "- optimises a pairwise ranking objective: observed > unobserved items",
        "talking_points": "",
        "questions": "",
    },
}

EVIDENCE: dict[str, list[str]] = {
    "data_format": [
        "We use a large-scale dataset of user interactions collected over several weeks, in "
        "which each impression of an item is labelled positive when the user clicked, "
        "installed or watched it and negative otherwise.",
        "The dataset contains tens of millions of users and items after filtering those with "
        "fewer than five interactions.",
    ],
    "features": [
        "Each categorical field is mapped to a dense embedding vector, and continuous features "
        "are normalised and discretised into buckets before being fed to the network.",
    ],
    "architecture": [
        "The model consists of an embedding layer shared by all fields, followed by several "
        "fully connected layers with ReLU activations and a sigmoid output unit.",
    ],
    "findings": [
        "Experiments on two real-world datasets show that our method significantly outperforms "
        "the state-of-the-art baselines in terms of AUC and log loss, and an online A/B test "
        "confirms the gain.",
    ],
}

WHY = "cited {c:,}×, {y}/yr, matches {m}/14 domain terms{seed}"


def _record(i: int, spec: tuple[str, str, int, str, int, int, str], filled: bool) -> PaperRecord:
    key, title, year, venue, citations, pages, status = spec
    fields = dict.fromkeys(NOTE_FIELDS, "")
    if filled:
        fields.update(NOTES.get(key, {}))
    per_year = citations // max(1, 2026 - year + 1)
    return PaperRecord(
        id=i + 1,
        key=key,
        title=title,
        authors=["First Author", "Second Author", "Third Author"],
        year=year,
        venue=venue,
        doi=f"10.1145/{3000000 + i}",
        arxiv_id=None,
        citations=citations,
        citation_source="openalex",
        abstract=None,
        status=status if filled or status == "skipped" else "unread",
        tags=[],
        domains=[
            DomainLink(
                "recsys",
                i + 1,
                WHY.format(c=citations, y=per_year, m=2 + i % 5, seed=", seed paper" * (i < 6)),
            )
        ],
        pdf=PdfInfo(f"/pdfs/{key}.pdf", pages, "0" * 64, "ok", "pdfium", None),
        sections=[],
        evidence={
            f: [Evidence(f, t, 2 + j, "Experiments", 0.9 - j / 10) for j, t in enumerate(ts)]
            for f, ts in EVIDENCE.items()
        },
        note=NoteInfo(f"/notes/{key}.md", fields, filled),
    )


def ten_papers(*, filled: bool = True, skipped: bool = True) -> list[PaperRecord]:
    """The ten papers (plus a skipped eleventh); ``filled=False``: nothing written yet."""
    specs = [*PAPERS, SKIPPED] if skipped else list(PAPERS)
    return [_record(i, spec, filled) for i, spec in enumerate(specs)]
