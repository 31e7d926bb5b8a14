"""Claim kinds and the transparent rule-based claim score.

`kind` says what sort of statement a sentence is; `rule_score` is the fallback scorer used when
no trained model is loaded (`--model rules`). Both return short reasons so every row of the
ledger can say why it was classified the way it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKER = re.compile(r"\s?\[[\d\s,;–—‐‑‒-]+\]")
_QUESTION = re.compile(r"\?[!?‽]*[\"'”’)\]]*$|‽[\"'”’)\]]*$")  # "Why?", "Why?!", "Wait—what?!”"
_STATISTIC = re.compile(
    r"\d+(?:[.,]\d+)?\s?(?:%|percent|per cent|per\s?cent)|"
    r"\b\d+(?:[.,]\d+)?\s?(?:million|billion|trillion|thousand|hundred)\b|"
    r"[$€£¥]\s?\d|\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)\b|"
    r"\b(?:doubled|tripled|halved|increased|decreased|rose|fell|declined|grew)\b[^.]*\b\d",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"[“\"][^”\"]{12,}[”\"]")
_ATTRIBUTION = re.compile(
    r"\b(?:according to|said|says|told|stated|states|reported|reports|claimed|claims|argued|"
    r"argues|wrote|writes|announced|declared|noted|suggest(?:s|ed)?|found|shows?|showed|"
    r"estimated?|concluded)\b",
    re.IGNORECASE,
)
_PREDICTION = re.compile(
    r"\b(?:will|won’t|won't|shall|going to|is expected to|are expected to|likely to|"
    r"forecasts?|projected|predicts?|may soon|is set to|are set to)\b",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"\b(?:I think|I believe|I feel|in my (?:view|opinion)|we believe|we think|should|ought to|"
    r"must|infamously|unfortunately|fortunately|clearly|obviously|arguably|"
    r"it is worth noting|came to my mind)\b",
    re.IGNORECASE,
)
_EVENT = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d)s?\b|\b(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|yesterday|last (?:week|month|year))\b|"
    r"\b\w+ed\b",
)
_WORDS = re.compile(r"\w+")


def strip_markers(text: str) -> str:
    """The sentence without its bracketed citation markers (`[12]`, `[3-5]`)."""
    return _MARKER.sub("", text)


@dataclass(frozen=True)
class Kind:
    """A sentence's kind and the rule that decided it."""

    name: str
    reason: str


# Kind rules, checked in order from the most to the least specific form; the first match wins.
# `needs_digit`: a statistic always has a digit, and checking for one first skips the costly
# pattern on most sentences.
_KIND_RULES: tuple[tuple[re.Pattern, Kind, bool], ...] = (
    (_QUESTION, Kind("question", "ends with a question mark"), False),
    (_STATISTIC, Kind("statistic", "contains a quantity"), True),
    (_QUOTE, Kind("quote", "contains a quotation"), False),
    (_ATTRIBUTION, Kind("attribution", "attributes to a source"), False),
    (_PREDICTION, Kind("prediction", "speaks of the future"), False),
    (_OPINION, Kind("opinion", "evaluative or first-person wording"), False),
    (_EVENT, Kind("event", "dated or past-tense event"), False),
)
_HEADING = Kind("heading", "heading line")
_STATEMENT = Kind("statement", "no specific form")
_DIGIT = re.compile(r"\d")


def classify_kind(text: str, is_heading: bool = False) -> Kind:
    """The kind of statement `text` is (see `_KIND_RULES`)."""
    if is_heading:
        return _HEADING
    body = strip_markers(text).strip()
    has_digit = _DIGIT.search(body) is not None
    for pattern, kind, needs_digit in _KIND_RULES:
        if (has_digit or not needs_digit) and pattern.search(body):
            return kind
    return _STATEMENT


def counts_as_claim(kind: str, score: float, threshold: float) -> bool:
    """`is_claim`: the score reaches the threshold, and the sentence is not a question or a
    heading (those are never claims, whatever a model says)."""
    return kind not in ("question", "heading") and score >= threshold


# Prior claim-worthiness of each kind, before the sentence-level adjustments below.
_KIND_PRIOR = {
    "heading": 0.0,
    "question": 0.05,
    "statistic": 0.8,
    "quote": 0.6,
    "attribution": 0.7,
    "prediction": 0.45,
    "opinion": 0.3,
    "event": 0.65,
    "statement": 0.5,
}


def rule_score(text: str, kind: Kind, cited: bool) -> tuple[float, str]:
    """A transparent claim score in [0, 1] with the reasons that produced it."""
    score = _KIND_PRIOR[kind.name]
    reasons = [f"{kind.name}: {kind.reason}"]
    if kind.name in ("heading", "question"):
        return score, reasons[0]
    if cited:
        score += 0.2
        reasons.append("cites a source")
    words = _WORDS.findall(strip_markers(text))
    if len(words) < 6:
        score -= 0.25
        reasons.append("very short")
    # Proper names after the first word are a sign of a checkable, specific statement.
    if sum(1 for w in words[1:] if w[0].isupper()) >= 2:
        score += 0.1
        reasons.append("names specific entities")
    return round(min(1.0, max(0.0, score)), 4), "; ".join(reasons)
