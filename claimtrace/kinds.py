"""Claim kinds: what sort of statement a sentence is, decided by transparent rules.

`Kind` is the closed set of kinds and knows which of them can ever be a claim; `classify_kind`
returns the kind with the rule that decided it, so every row of the ledger can say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .text import YEAR_PATTERN


class Kind(str, Enum):
    """The kind of a ledger record. Headings and questions are never claims."""

    HEADING = "heading"
    QUESTION = "question"
    STATISTIC = "statistic"
    QUOTE = "quote"
    ATTRIBUTION = "attribution"
    PREDICTION = "prediction"
    OPINION = "opinion"
    EVENT = "event"
    STATEMENT = "statement"

    @property
    def can_be_claim(self) -> bool:
        return self not in (Kind.HEADING, Kind.QUESTION)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class KindMatch:
    """A sentence's kind and the rule that decided it."""

    kind: Kind
    reason: str

    def describe(self) -> str:
        """`"statistic: contains a quantity"`, the start of every `why`."""
        return f"{self.kind.value}: {self.reason}"


_QUESTION = re.compile(r"\?[!?‽]*[\"'”’)\]]*$|‽[\"'”’)\]]*$")  # "Why?", "Why?!", "Wait—what?!”"
# Linear on hostile text: a number starts where no digit precedes it (a 100,000-digit run
# was quadratic), and a change verb looks at most 200 characters ahead for its number.
_STATISTIC = re.compile(
    r"(?<![\d.,])\d+(?:[.,]\d+)?\s?(?:%|percent|per cent|per\s?cent)|"
    r"\b\d+(?:[.,]\d+)?\s?(?:million|billion|trillion|thousand|hundred)\b|"
    r"[$€£¥]\s?\d|\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)\b|"
    r"\b(?:doubled|tripled|halved|increased|decreased|rose|fell|declined|grew)\b[^.]{0,200}?\b\d",
    re.IGNORECASE,
)
# An opening quote's text ends at any quote mark: `“` without its `”` cannot scan the rest.
_QUOTE = re.compile(r"[“\"][^“”\"]{12,}[”\"]")
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
    rf"\b{YEAR_PATTERN}s?\b|\b(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|yesterday|last (?:week|month|year))\b|"
    r"\b\w+ed\b",
)

# Kind rules, checked in order from the most to the least specific form; the first match wins.
# `needs_digit`: a statistic always has a digit, and checking for one first skips the costly
# pattern on most sentences.
_KIND_RULES: tuple[tuple[re.Pattern[str], KindMatch, bool], ...] = (
    (_QUESTION, KindMatch(Kind.QUESTION, "ends with a question mark"), False),
    (_STATISTIC, KindMatch(Kind.STATISTIC, "contains a quantity"), True),
    (_QUOTE, KindMatch(Kind.QUOTE, "contains a quotation"), False),
    (_ATTRIBUTION, KindMatch(Kind.ATTRIBUTION, "attributes to a source"), False),
    (_PREDICTION, KindMatch(Kind.PREDICTION, "speaks of the future"), False),
    (_OPINION, KindMatch(Kind.OPINION, "evaluative or first-person wording"), False),
    (_EVENT, KindMatch(Kind.EVENT, "dated or past-tense event"), False),
)
HEADING = KindMatch(Kind.HEADING, "heading line")
_STATEMENT = KindMatch(Kind.STATEMENT, "no specific form")
_DIGIT = re.compile(r"\d")


def classify_kind(body: str) -> KindMatch:
    """The kind of statement `body` is (see `_KIND_RULES`).

    `body` is the sentence without its citation markers (`citations.strip_markers`), so that
    `Prices rose.[3]` is judged on `Prices rose.`.
    """
    body = body.strip()
    has_digit = _DIGIT.search(body) is not None
    for pattern, match, needs_digit in _KIND_RULES:
        if (has_digit or not needs_digit) and pattern.search(body):
            return match
    return _STATEMENT
