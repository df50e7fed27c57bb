"""Rank sentences as evidence for each note field (data_format, features, architecture, findings).

Method (every component is bounded, so a score is always in [0, 1]):

``score = 0.30 * prior + 0.40 * cues + 0.10 * numbers + 0.10 * names + 0.10 * defines``

* ``prior`` (0..1): does the sentence's section or nearest sub-heading name the field? "Dataset",
  "Data", "Experimental Setup" for data_format; "Feature(s)", "Representation", "Input", "Profile"
  for features; "Model", "Method", "Approach", "Architecture", "Network", "Algorithm" for
  architecture; "Results", "Conclusion(s)", "Performance", "Evaluation" for findings. The abstract
  summarises every field, so it is a moderate prior for all four (and a full one for findings);
  text on the first page before any heading (an unheaded abstract or lead) counts as abstract.
  A section found by layout to be the paper's method (between the introduction and the
  experiments with a non-standard title, or titled with the paper's own method name) is a 0.8
  prior for architecture whatever its title says.
* ``cues`` (0..1): distinct cue-lexicon terms of the field in the sentence. One term per five
  words saturates, between two and four terms: a short definitional sentence ("Each example
  corresponds to one impression.") has no room for four cue words and is not out-ranked by a long
  one that merely mentions many. "Table 3" is a reference, not the cue "table".
* ``numbers`` (0/1): a quantity the field cares about (sizes such as "500 million" for data,
  dimensions/layer counts for architecture, percentages and metric values for findings).
* ``names`` (0/1): for data_format a dataset-like proper noun — a known public dataset (MovieLens,
  Criteo, Netflix Prize), "the X dataset", or a capitalised name this paper itself uses in a
  sentence about its data ("data collected from the Today-Module on Yahoo!"); for features a named
  kind of feature ("user features", "counting feature"); for architecture one of the paper's own
  method names (what it says it proposes, terms, calls or dubs, "X, short for ...", plus its most
  frequent acronyms/CamelCase words such as NeuMF, DCN; metric and dataset names excluded); for
  findings a metric by name ("AUC", "RMSE", "accuracy") or with a cut-off ("HR@10"), or the
  paper's own method or dataset names.
* ``defines`` (0/1): the sentence states the thing rather than mentions it: "we collected / used
  data from", "consists of" for data; "as input", "is represented as", "features such as" for
  features; "we propose / term / call", "is composed of", "is defined as", "is fed into" for
  architecture ("is a feed-forward neural network" included); "outperforms", "results show",
  "higher than", "lift" for findings.

Sentences in Related Work / Background are down-weighted (they describe other papers); sentences
in References, captions, figure/table debris, and sentences of insane length (under 6 or over 80
words) or with hardly any function words (glued table cells) never compete. Selection is greedy:
each pick is the best remaining sentence after a novelty discount, so the five sentences cover
different facts. The discount is up to 30%, in proportion to how much of the sentence the picked
ones already said: for features the share of its cue terms and feature kinds already covered
(feature sentences are lists of kinds), for the other fields the share of its content words
(a short sentence whose one cue word was covered still says something new). A sentence naming a
dataset, method or metric not yet covered is a new fact and gets no discount. Near-identical
sentences (Jaccard >= 0.6 of content words) do not fill two slots, and after three picks from one
(section, sub-heading) the next ones from it lose 30% unless they bring a new name. The top 5 per
field are kept; the score reported is the discounted one, so it never increases down the list.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from paperprep.models import EVIDENCE_FIELDS, Evidence

TOP_K = 5
#: After this many sentences from one (section, sub-heading), the next ones from it are discounted
#: by ``CROWDED``: evidence from across the paper, unless one place is much better than the rest.
PER_PLACE = 3
CROWDED = 0.7
#: How much of a sentence's score a pick loses when everything it names is already covered.
NOVELTY = 0.3


def _wordset(words: str) -> frozenset[str]:
    """A set of lower-case words written as one space-separated string."""
    return frozenset(words.split())


#: A findings sentence that only says what could or may happen keeps this share of its score.
HEDGED = 0.85
_HEDGES = _wordset("could might may would potentially")
#: Distinct cue terms that give the full cue score in a long sentence...
CUE_SATURATION = 4.0
#: ... and in a short one: one cue term per this many words saturates, down to MIN_SATURATION.
WORDS_PER_CUE = 5.0
MIN_SATURATION = 2.0


def _saturation(words: int) -> float:
    """Cue terms needed for the full cue score: a short sentence has room for fewer."""
    return max(MIN_SATURATION, min(CUE_SATURATION, words / WORDS_PER_CUE))


@dataclass(frozen=True)
class Unit:
    """A candidate sentence with where it was found."""

    text: str
    page: int
    section: str | None
    subsection: str | None
    order: int

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class Lexicon:
    """The cue terms of one field, looked up without a regex scan per term.

    ``words`` are whole tokens (``\\w+`` runs of the lower-cased sentence, so "data" is found in
    "data-driven" as ``\\bdata\\b`` would), ``prefixes`` stems ("improv" for improved,
    improvement, ...), ``multi`` one precompiled alternation of the multi-word patterns ("training
    data", "log loss", "HR@10"). A multi-word match consumes its words: "training data" is one
    term, not also "data".
    """

    words: frozenset[str]
    prefixes: tuple[str, ...]
    multi: re.Pattern[str] | None
    #: The first words of the multi-word patterns: without one of them the scan is skipped.
    anchors: frozenset[str]

    def terms(self, lower: str, tokens: frozenset[str]) -> set[str]:
        """The distinct cue terms in ``lower`` (the lower-cased sentence; ``tokens`` its words)."""
        found: list[str] = []
        if self.multi is not None and not self.anchors.isdisjoint(tokens):
            found = self.multi.findall(lower)
            if found:
                tokens = frozenset(_TOKEN.findall(self.multi.sub(" ", lower)))
        out = set(found)
        out.update(tokens & self.words)
        if self.prefixes:
            out.update(t for t in tokens if t.startswith(self.prefixes))
        return out


_TOKEN = re.compile(r"\w+")


def _lexicon(words: str, prefixes: str = "", multi: tuple[tuple[str, str], ...] = ()) -> Lexicon:
    """``multi`` pairs each pattern with the words it can start with (space-separated)."""
    pattern = re.compile(r"\b(?:" + "|".join(p for _, p in multi) + r")\b") if multi else None
    anchors = frozenset(w for a, _ in multi for w in a.split())
    return Lexicon(frozenset(words.split()), tuple(prefixes.split()), pattern, anchors)


def tokens_of(lower: str) -> frozenset[str]:
    """The words of a lower-cased sentence, for :meth:`Lexicon.terms`."""
    return frozenset(_TOKEN.findall(lower))


def distinct_terms(lexicon: Lexicon, lower: str) -> int:
    """How many different cue words occur (``lower`` is the lower-cased sentence)."""
    return len(lexicon.terms(lower, tokens_of(lower)))


_CUES: dict[str, Lexicon] = {
    "data_format": _lexicon(
        """data dataset datasets corpus validation log logs logged record records examples
        sample samples instances impression impressions click clicks clickthrough rating ratings
        rated purchase purchases purchased orders collected contain contains containing split
        day days week weeks month months hours label labels labeled labelled session sessions
        queries documents million billion user users customers members item items interaction
        interactions sampled traffic event events""",
        multi=(
            ("data", r"data sets?"),
            ("training", r"training (?:data|set|examples?|samples?)"),
            ("test testing", r"test(?:ing)? (?:data|set)"),
            ("consist consists consisting", r"consist(?:s|ing)? of"),
            ("implicit", r"implicit feedback"),
            ("explicit", r"explicit feedback"),
            ("b", r"a/b tests?"),
            ("publicly", r"publicly (?:available|accessible)"),
            ("real", r"real-world"),
        ),
    ),
    "features": _lexicon(
        """feature features categorical continuous numerical embedding embeddings hash hashing
        hashed demographic demographics age gender country language device location history
        historical id ids identity identities field fields trigram trigrams bigram bigrams
        triletter triletters attribute attributes metadata contextual context vocabulary
        vocabularies sparse dense input inputs discretized discretised bucketized bucketised
        normalized normalised profile profiles signal signals bias biases temporal count counts
        counting text popularity represent represented represents representation encoded
        encoding category categories keyword keywords""",
        multi=(
            ("feature", r"feature engineering"),
            ("cross", r"cross(?:-product)? (?:features?|transformations?)"),
            ("bag", r"bag[- ]of[- ]words"),
            ("tri bi n letter", r"(?:tri|bi)-(?:letter|gram)s?|n-grams?|letter-trigram"),
            ("one", r"one-hot"),
            ("user", r"user-item"),
            ("implicit explicit", r"(?:implicit|explicit) feedback"),
        ),
    ),
    "architecture": _lexicon(
        """layer layers hidden network relu activation activations sigmoid softmax mlp
        perceptron feedforward residual convolution convolutional pooling attention attentive
        architecture component components optimizer optimiser sgd adam adagrad ftrl
        backpropagation dimensional vector vectors parameters bilinear linear model algorithm
        similarity cosine regression bandit offline online logloss ranker classifier encoder
        decoder module store server""",
        "concatenat",
        multi=(
            ("neural", r"neural networks?"),
            ("embedding", r"embedding layer"),
            ("multi multilayer", r"multi-?layer perceptron"),
            ("feed", r"feed-forward"),
            ("fully", r"fully[- ]connected"),
            ("joint jointly", r"joint(?:ly)? train(?:ed|ing)?"),
            ("logistic", r"logistic regression"),
            ("factorization", r"factorization machines?"),
            ("matrix", r"matrix factorization"),
            ("latent", r"latent (?:factors?|vectors?)"),
            ("factor", r"factor vectors?"),
            ("loss", r"loss function"),
            ("log", r"log loss"),
            ("gradient least", r"gradient descent|least squares"),
            ("learning", r"learning rate"),
            ("back", r"back-propagation"),
            ("skip", r"skip-gram"),
            ("negative", r"negative sampling"),
            ("hierarchical", r"hierarchical softmax"),
            ("weighted", r"weighted sum"),
            ("inner outer dot", r"inner product|outer product|dot product"),
            ("share shares shared", r"share[sd]? the same"),
            ("upper", r"upper confidence bound"),
            ("table", r"table(?!\s*\d)"),
        ),
    ),
    "findings": _lexicon(
        """significant significantly gain gains lift better best superior higher lower auc
        logloss accuracy precision recall ndcg hr mae rmse ctr online offline relative baseline
        baselines effective effectiveness engagement retention revenue scales scalable
        scalability realtime production""",
        "improv outperform increas reduc demonstrat achiev",
        multi=(
            ("result results", r"results? (?:show|shows|showed|demonstrate\w*|indicate\w*)"),
            ("we", r"we (?:find|found|observe|show)"),
            ("log", r"log loss"),
            ("ndcg hr", r"ndcg@\d+|hr@\d+"),
            ("b", r"a/b test\w*"),
            ("state", r"state-of-(?:the-)?art"),
            ("compared", r"compared (?:with|to)"),
            (
                "performance best better superior comparable overall similar",
                r"(?:best|better|superior|comparable|overall|similar) performance"
                r"|performance (?:of|on|in terms of)",
            ),
            ("real", r"real[- ]time"),
        ),
    ),
}

#: Matched against the lower-cased sentence.
_DEFINES: dict[str, re.Pattern[str]] = {
    "data_format": re.compile(
        r"\b(?:we (?:have )?(?:use[d]?|collect(?:ed)?|experiment(?:ed)? (?:on|with)"
        r"|evaluate[d]? (?:on|with))"
        r"|(?:trained|evaluated|tested) on|each (?:example|record|instance|sample|row|entry|event)"
        r"|(?:was|were|is|are) (?:collected|gathered|sampled|retrieved|obtained|crawled|logged)"
        r"|consist(?:s|ing)? of|contain(?:s|ing)|(?:data ?sets?|data|logs?) (?:from|of|that)"
        r"|publicly (?:available|accessible)|real-world)\b",
    ),
    "features": re.compile(
        r"\b(?:as (?:the )?inputs?|input (?:features?|vectors?|layer)"
        r"|(?:is|are) (?:represented|encoded|converted|hashed|transformed|mapped|projected)"
        r"|represent(?:s|ed)? (?:as|by)|features? (?:such as|include|including|like)"
        r"|(?:signals|features) (?:that )?we use|we use [^.]{0,40}features?"
        r"|(?:referred|known) (?:to )?as|(?:sets|groups|types|kinds) of (?:features|data))\b",
    ),
    "architecture": re.compile(
        r"\b(?:we (?:propose|present|introduce|design|develop|term|call|dub|name)"
        r"|(?:is|are) (?:composed|made up|built) of|consists? of"
        r"|(?:is|are) (?:defined|formulated) as"
        r"|short for|(?:is|are) (?:then )?(?:fed|passed) (?:in)?to|takes? as input|on top of"
        r"|followed by|(?:is|are) an? (?:[\w\-]+ ){0,3}(?:network|model|layer|algorithm|method))\b",
    ),
    "findings": re.compile(
        r"\b(?:outperform\w*"
        r"|(?:results?|experiments?) (?:show|shows|showed|demonstrate\w*|indicate)"
        r"|achiev\w* (?:the )?(?:best|state|significant|superior|better)|significantly"
        r"|(?:higher|lower|better|worse) than|lift|improv\w* (?:\w+ ){0,4}(?:by|over)"
        # A sentence that walks the reader through a results figure or table states results.
        r"|(?:figure|fig\.|table) \d+ (?:shows|presents|reports|summari[sz]es|compares|lists)"
        r"|as (?:shown|reported|listed) in (?:figure|fig\.|table) \d+)\b",
    ),
}

_PRIORS: dict[str, list[tuple[re.Pattern[str], float]]] = {
    "data_format": [
        (re.compile(r"data ?sets?|data collection|data representation|\bdata\b", re.I), 1.0),
        (re.compile(r"experiment\w* (?:setup|settings?)|setup|settings", re.I), 0.9),
        (re.compile(r"experiment|evaluation|empirical|case stud", re.I), 0.5),
        (re.compile(r"^abstract$", re.I), 0.3),
    ],
    "features": [
        (re.compile(r"features?|representation|inputs?\b|profiles?|signals?", re.I), 1.0),
        (re.compile(r"embedding|data representation", re.I), 0.6),
        (re.compile(r"model|approach|method|^abstract$", re.I), 0.4),
    ],
    "architecture": [
        (re.compile(r"architecture|model|method|approach|network|framework", re.I), 1.0),
        (re.compile(r"algorithm|component|layer|learning|system|implementation", re.I), 0.7),
        (re.compile(r"training|proposed|our|ranker|^abstract$", re.I), 0.5),
    ],
    "findings": [
        (re.compile(r"abstract|results?|conclusions?|performance|findings", re.I), 1.0),
        (
            re.compile(r"experiment|evaluation|discussion|summary|comparison|value|impact", re.I),
            0.6,
        ),
        (re.compile(r"introduction|contribution", re.I), 0.3),
    ],
}

_NUMBERS: dict[str, re.Pattern[str]] = {
    "data_format": re.compile(
        r"(?:\b\d[\d,.]*|\b(?:one|two|three|four|five|ten|hundreds|thousands|millions|billions))"
        r"\s*(?:[mb]illion|thousand|[kmb]\b|days?|weeks?|months?|years?|hours|users|items|records|"
        r"examples|samples|ratings|impressions|queries|sessions|events|clicks|orders|documents|"
        r"messages|articles|words|images|videos|interactions|members|customers|GB|TB)",
        re.I,
    ),
    "features": re.compile(r"\b\d[\d,.]*\s*(?:features?|fields?|dimensions?|-dimensional)", re.I),
    "architecture": re.compile(
        r"\b\d[\d,.]*\s*(?:layers?|hidden|units|neurons|dimensions?|-dimensional|-layer)", re.I
    ),
    "findings": re.compile(r"[+\-]?\d+(?:\.\d+)?\s*%|\b0\.\d{2,}\b|\b\d+(?:\.\d+)?x\b|\$\d"),
}


def _maybe_quantity(field: str, text: str) -> bool:
    """A cheap test before the findings pattern: a percentage, a price, a 0.xx value or a 2x."""
    if field != "findings":
        return True
    return "%" in text or "$" in text or "0." in text or "x" in text


#: A cheap test before the quantity patterns: a digit or a spelled-out large number.
_ANY_QUANTITY = re.compile(r"\d|illion|thousand|hundred|\b(?:one|two|three|four|five|ten)\b")
_DATASET_NAMES = re.compile(
    r"\b(?:MovieLens|Movielens|Criteo|Avazu|Netflix(?: Prize)?|Pinterest|Yelp|Last\.fm|"
    r"Million Song|KDD ?Cup|iPinYou|Taobao|Douban|Epinions|Book-Crossing|Frappe|Outbrain|"
    r"Microsoft Store|Google Play|Bing|ImageNet|Wikipedia|Google News|Yahoo!?|EachMovie|"
    r"Amazon|UCI|Company\*?|Alibaba)\b"
    r"|\b[A-Z][\w\-]+(?: [A-Z][\w\-]+)* (?:data ?set|dataset|corpus|logs)\b"
)
#: A named kind of feature: "user features", "counting feature", "Query Features".
_FEATURE_KIND = re.compile(r"\b([A-Za-z][\w\-]+) (?:features?|profiles?|attributes?|signals?)\b")
#: A metric with a cut-off ("HR@10", "NDCG@5", "Precision@k").
_METRIC_AT = re.compile(r"\b[A-Za-z]+@(?:\d+|[kKnN])\b")
#: Lower-case words without one of which a sentence cannot hold a known or "X dataset" name.
_DATASET_GATE = _wordset(
    """movielens criteo avazu netflix pinterest yelp last million kdd kddcup ipinyou taobao
    douban epinions book frappe outbrain microsoft google bing imagenet wikipedia yahoo eachmovie
    amazon uci company alibaba data dataset corpus logs"""
)
#: An evaluation metric by name: a result stated in a metric not yet covered is a new fact.
_METRIC = re.compile(
    r"\b(?:G?AUC|CTR|RMSE|MAE|MSE|NDCG|HR|MRR|MAP|F1|[Ll]og ?[Ll]oss|[Aa]ccuracy|[Pp]recision"
    r"|[Rr]ecall|[Pp]erplexity|BLEU|[Cc]onversion rates?|[Ee]ngagement|[Rr]evenue|[Ll]atency)\b"
)
_NAME = r"([A-Z][\w!\-]*(?:\s+[A-Z][\w!\-]*){0,2})"
#: A capitalised name right next to words about data: "orders from Microsoft Store", "data set
#: collected from the Today-Module", "the Criteo dataset", "datasets: MovieLens and Pinterest".
_DATA_NAME = re.compile(
    r"\b(?:data ?sets?|data|logs?|corpus|collected|gathered|retrieved|crawled|orders|ratings|"
    r"events|experimented (?:on|with)|evaluated on|trained on)\b(?:\s+[\w\-]+){0,5}?\s+"
    r"(?:from|on|of|in|at|with)\s+(?:the\s+|our\s+|a\s+)?"
    + _NAME
    + r"|"
    + _NAME
    + r"(?:\s+[a-z][\w\-]*)?\s+(?:data ?sets?|dataset|data|logs?|corpus)\b"
)
_DATA_WORDS_QUICK = re.compile(
    r"data|logs?\b|corpus|collected|gathered|retrieved|crawled|orders|ratings|events|"
    r"experimented|evaluated on|trained on"
)
_RELATED = re.compile(r"related work|background|literature|prior work", re.I)
#: Headings of the parts every paper has that are not its method (for the layout prior).
_NOT_METHOD = re.compile(
    r"abstract|introduction|related|background|literature|prior work|preliminar|notation|"
    r"experiment|evaluation|results?|conclusion|summary|discussion|future|acknowledg|appendi|"
    r"references|bibliography",
    re.I,
)
_OPENING = re.compile(r"introduction|abstract", re.I)
_CLOSING = re.compile(r"experiment|evaluation|results?|conclusion|case stud", re.I)
_STOP = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "and",
    "is",
    "are",
    "we",
    "for",
    "on",
    "with",
    "that",
    "by",
    "as",
    "this",
    "be",
    "it",
    "from",
    "which",
    "our",
    "was",
    "were",
    "has",
    "have",
    "can",
    "at",
    "or",
    "its",
    "their",
    "these",
    "not",
}
_WORDS = re.compile(r"[A-Za-z][A-Za-z'\-]*")
#: Capitalised words of the prose that are not names.
_NOT_NAMES = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Table",
    "Tables",
    "Figure",
    "Figures",
    "Fig",
    "Section",
    "Sections",
    "Sec",
    "Eq",
    "Equation",
    "Appendix",
    "Algorithm",
    "Theorem",
    "Lemma",
    "The",
    "We",
    "In",
    "For",
    "This",
    "Our",
    "It",
    "As",
    "To",
    "On",
    "All",
    "Each",
    "However",
    "I",
    "A",
}


def usable(text: str, words: list[str] | None = None) -> bool:
    """Sentences of sane length and shape: no glued figure/table text, no fragments."""
    words = _WORDS.findall(text) if words is None else words
    if not 6 <= len(words) <= 80 or len(text) > 600:
        return False
    tokens = text.split()
    if len(words) / max(1, len(tokens)) < 0.6:
        return False
    if len(words) <= 15:
        return True
    # Long runs with hardly any function words are glued table cells or figure labels.
    stops = sum(1 for w in words if w.lower() in _STOP)
    return stops / len(words) >= 0.12


def method_sections(units: list[Unit], names: PaperNames) -> frozenset[str]:
    """Top-level sections that describe the paper's own method, by where they sit.

    Papers run introduction -> (related work, preliminaries) -> method -> experiments ->
    conclusion; a section between the introduction and the first experiments/results section
    whose title names none of the standard parts is the method, whatever its title ("Neural
    Collaborative Filtering", "Our Approach"). So is any section whose title carries one of the
    paper's own method names ("Deep & Cross Network (DCN)").
    """
    order: list[str] = []
    for u in units:
        if u.section and (not order or order[-1] != u.section) and u.section not in order:
            order.append(u.section)
    out: set[str] = set()
    opened = not any(_OPENING.search(t) for t in order)
    for title in order:
        if _OPENING.search(title):
            opened = True
            continue
        if _CLOSING.search(title):
            break
        if opened and not _NOT_METHOD.search(title):
            out.add(title)
    for title in order:
        if not _NOT_METHOD.search(title) and any(
            re.search(r"\b" + re.escape(n) + r"\b", title) for n in names.models
        ):
            out.add(title)
    return frozenset(out)


#: The prior a method section gives each field when its title names no field (features are
#: described in data sections as often as in method sections, so they get none).
_METHOD_PRIOR = {"data_format": 0.0, "features": 0.0, "architecture": 0.8, "findings": 0.0}


def _prior(field: str, unit: Unit, methods: frozenset[str] = frozenset()) -> float:
    if unit.section is None and unit.page <= 1:
        # Text on the first page before any heading is the paper's lead: an unheaded abstract
        # or introduction summarising the paper, so it has the abstract's prior.
        return _place_prior(field, "Abstract", None, False)
    return _place_prior(field, unit.section, unit.subsection, unit.section in methods)


@lru_cache(maxsize=4096)
def _place_prior(field: str, section: str | None, subsection: str | None, method: bool) -> float:
    """The prior of one place (cached: a paper has a few dozen places, not thousands)."""
    best = _METHOD_PRIOR[field] if method else 0.0
    for heading in (section, subsection):
        if not heading:
            continue
        for pattern, value in _PRIORS[field]:
            if pattern.search(heading):
                best = max(best, value)
                break
    return best


@lru_cache(maxsize=1024)
def _is_related(section: str | None) -> bool:
    return bool(section and _RELATED.search(section))


_NAME_TOKEN = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*\b")
_METRIC_NAMES = {"AUC", "CTR", "NDCG", "HR", "RMSE", "MAE", "MSE", "SGD", "GPU", "CPU", "ID", "IDs"}
_METRIC_NAMES |= {"CTRs", "AND", "OR", "NOT", "ACM", "IEEE", "USA", "TV", "PC", "URL", "API"}
#: "we term it GMF", "called Advanced Model Server (AMS)", "NeuMF, short for ...".
_NAMING_GATE = _wordset("term call dub name called named dubbed termed short")
_NAMING = re.compile(
    r"\b(?:[Ww]e (?:term|call|dub|name)(?: (?:it|this|them|our \w+|the \w+))?(?: as)?"
    r"|(?:called|named|dubbed|termed))\s+[“\"‘']?"
    r"([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3})(?:\s*\(([A-Z][\w\-]*)\))?"
    r"|\b([A-Z][\w\-]*[A-Z0-9][\w\-]*)[”\"’']?,? (?:\()?short for"
)


@dataclass(frozen=True)
class PaperNames:
    """The names one paper uses: its own methods and its datasets."""

    models: frozenset[str]
    datasets: frozenset[str]


def model_names(units: list[Unit]) -> set[str]:
    """The paper's own method names: its most frequent acronyms/CamelCase words (NeuMF, DCN)."""
    counts: Counter[str] = Counter()
    for u in units:
        counts.update(t for t in _NAME_TOKEN.findall(u.text) if t not in _METRIC_NAMES)
    return {t for t, n in counts.most_common(4) if n >= 3}


def paper_names(units: list[Unit], words: list[list[str]] | None = None) -> PaperNames:
    """What this paper calls its methods and its data (from its own prose, no lists)."""
    frequent = model_names(units)
    named: set[str] = set()
    datasets: set[str] = set()
    for u in units:
        if u.section and _RELATED.search(u.section):
            continue  # names there belong to other papers
        if not _NAMING_GATE.isdisjoint(tokens_of(u.lower)):
            for m in _NAMING.finditer(u.text):
                named.update(g for g in m.groups() if g and g not in _NOT_NAMES)
        if not _DATA_WORDS_QUICK.search(u.text):
            continue
        for m in _DATA_NAME.finditer(u.text):
            datasets.update(g for g in m.groups() if g and g.split()[0] not in _NOT_NAMES)
    # A capitalised common word ("Since", "Store", "May") also occurs in lower case: not a name.
    per_unit = words if words is not None else [_WORDS.findall(u.text) for u in units]
    lower_words = {w for ws in per_unit for w in ws if w[:1].islower()}
    datasets = {
        d
        for d in datasets - named
        if len(d) > 2 and not (" " not in d and d.lower() in lower_words) and not d.isupper()
    }
    models = {
        m for m in (frequent | named) - datasets - _METRIC_NAMES if not _DATASET_NAMES.fullmatch(m)
    }
    return PaperNames(frozenset(models), frozenset(datasets - _METRIC_NAMES))


@lru_cache(maxsize=8192)
def _dataset_mentions(text: str) -> tuple[str, ...]:
    """Known or "the X dataset" names in ``text`` (cached: data_format and findings both ask)."""
    return tuple(m.group(0).lower() for m in _DATASET_NAMES.finditer(text))


_KIND_GATE = _wordset("feature features profile profiles attribute attributes signal signals")
_METRIC_GATE = _wordset(
    """gauc auc ctr rmse mae mse ndcg hr mrr map f1 logloss log accuracy precision recall
    perplexity bleu conversion engagement revenue latency"""
)


def _names_hit(
    field: str, text: str, names: PaperNames, tokens: frozenset[str] | None = None
) -> list[str]:
    """The names of ``field`` that occur in ``text`` (lower-cased, for the novelty check).

    ``tokens`` are the words of the lower-cased text: a pattern whose words are all missing from
    them is not run.
    """
    toks = tokens if tokens is not None else tokens_of(text.lower())
    if field == "architecture":
        return [n.lower() for n in names.models if n in text]
    if field == "features":
        if _KIND_GATE.isdisjoint(toks):
            return []
        return [
            m.group(0).lower()
            for m in _FEATURE_KIND.finditer(text)
            if m.group(1).lower() not in _STOP and m.group(1).lower() not in {"all", "such"}
        ]
    hits = [] if _DATASET_GATE.isdisjoint(toks) else list(_dataset_mentions(text))
    hits += [n.lower() for n in names.datasets if n in text]
    if field == "findings":
        if "@" in text:
            hits += [m.group(0).lower() for m in _METRIC_AT.finditer(text)]
        if not _METRIC_GATE.isdisjoint(toks):
            hits += [m.group(0).lower() for m in _METRIC.finditer(text)]
        hits += [n.lower() for n in names.models if n in text]
    return hits


def _analyse(
    field: str,
    unit: Unit,
    names: PaperNames,
    methods: frozenset[str] = frozenset(),
    lower: str | None = None,
    quantity: bool | None = None,
    words: int | None = None,
    tokens: frozenset[str] | None = None,
) -> tuple[float, set[str], set[str]]:
    """The sentence's score for ``field``, its names and its cue terms (for the novelty check)."""
    text = unit.text
    low = lower if lower is not None else unit.lower
    toks = tokens if tokens is not None else tokens_of(low)
    cue_terms = _CUES[field].terms(low, toks)
    n_words = words if words is not None else len(low.split())
    cues = min(1.0, len(cue_terms) / _saturation(n_words))
    quantities = (
        [m.group(0).lower() for m in _NUMBERS[field].finditer(text)]
        if (quantity is None or quantity) and _maybe_quantity(field, text)
        else []
    )
    numbers = 1.0 if quantities else 0.0
    name_hits = _names_hit(field, text, names, toks)
    defines = 1.0 if _DEFINES[field].search(low) else 0.0
    raw = (
        0.30 * _prior(field, unit, methods)
        + 0.40 * cues
        + 0.10 * numbers
        + 0.10 * (1.0 if name_hits else 0.0)
        + 0.10 * defines
    )
    if _is_related(unit.section):
        raw *= 0.6
    if text[:1].islower():
        raw *= 0.8  # a fragment continuing from an unread column or page
    if field == "findings" and not _HEDGES.isdisjoint(toks):
        raw *= HEDGED  # "could", "may", "potentially": a possibility or a plan, not a result
    if field == "features":
        # Kinds of features ("sparse features") are cue terms, not new facts like a dataset.
        return max(0.0, min(1.0, raw)), set(), cue_terms | set(name_hits)
    # A name or a quantity not yet covered ("MovieLens", "+3.9%") is a new fact.
    return max(0.0, min(1.0, raw)), set(name_hits) | set(quantities), cue_terms


def score(field: str, unit: Unit, names: PaperNames | None = None) -> float:
    """The evidence score of one sentence for one field, in [0, 1]."""
    return _analyse(field, unit, names or PaperNames(frozenset(), frozenset()))[0]


def _tokens(text: str, words: list[str] | None = None) -> set[str]:
    """The content words of a sentence (lower-cased, no function words)."""
    words = _WORDS.findall(text) if words is None else words
    return {w for w in (w.lower() for w in words if len(w) > 2) if w not in _STOP}


def rank(units: list[Unit]) -> dict[str, list[Evidence]]:
    """The top ``TOP_K`` evidence sentences of each field."""
    # One pass of the word pattern per sentence serves the shape test, the novelty check and
    # the paper's vocabulary (for telling names from capitalised common words).
    kept = [(u, w) for u, w in ((u, _WORDS.findall(u.text)) for u in units) if usable(u.text, w)]
    candidates = [u for u, _ in kept]
    token_sets = [_tokens(u.text, w) for u, w in kept]
    names = paper_names(candidates, [w for _, w in kept])
    methods = method_sections(candidates, names)
    lowers = [u.text.lower() for u in candidates]
    quantities = [bool(_ANY_QUANTITY.search(low)) for low in lowers]
    n_words = [low.count(" ") + 1 for low in lowers]
    tokens = [tokens_of(low) for low in lowers]
    out: dict[str, list[Evidence]] = {}
    for field in EVIDENCE_FIELDS:
        analysed = [
            _analyse(field, u, names, methods, low, q, n, t)
            for u, low, q, n, t in zip(candidates, lowers, quantities, n_words, tokens, strict=True)
        ]
        # Only the best few dozen can win five slots; the greedy loop stays cheap.
        pool = sorted(
            (i for i, (s, _, _) in enumerate(analysed) if s > 0.0),
            key=lambda i: (-analysed[i][0], i),
        )[: TOP_K * 12]
        chosen: list[Evidence] = []
        chosen_tokens: list[set[str]] = []
        places: Counter[tuple[str | None, str | None]] = Counter()
        covered: set[str] = set()
        said: set[str] = set()
        by_kind = field == "features"
        while pool and len(chosen) < TOP_K:
            best_i = -1
            best_s = 0.0
            for i in list(pool):
                s, hit_names, cue_terms = analysed[i]
                if s <= best_s:
                    break  # sorted by raw score: no later one can beat the best discounted one
                if any(_jaccard(token_sets[i], other) >= 0.6 for other in chosen_tokens):
                    pool.remove(i)
                    continue
                if hit_names - covered:
                    seen = 0.0  # a name not yet covered (a dataset, a method) is a new fact
                else:
                    # How much of it the picked sentences already said: for features the kinds
                    # of feature it lists, for the other fields its content words.
                    keys = (hit_names | cue_terms) if by_kind else token_sets[i]
                    seen = len(keys & (covered if by_kind else said)) / len(keys) if keys else 1.0
                adjusted = s * (1.0 - NOVELTY * seen)
                u = candidates[i]
                if places[(u.section, u.subsection)] >= PER_PLACE and not hit_names - covered:
                    adjusted *= CROWDED
                if adjusted > best_s:
                    best_i, best_s = i, adjusted
            if best_i < 0:
                break
            pool.remove(best_i)
            u = candidates[best_i]
            places[(u.section, u.subsection)] += 1
            covered |= analysed[best_i][1] | analysed[best_i][2]
            said |= token_sets[best_i]
            chosen.append(Evidence(field, u.text, u.page, u.section, round(best_s, 4)))
            chosen_tokens.append(token_sets[best_i])
        out[field] = chosen
    return out


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
