"""Claim kinds: what sort of statement a sentence is, decided by transparent rules.

`classify_kind` reads a sentence body once and finds every *form cue* in it (a quantity, a
causal link, a comparison, a reporting verb, a date, first-person wording, …). The kind is the
first kind in `ORDER` whose cue fired, and its `reason` quotes the words that fired it
(`statistic: '40 countries'`). The full cue set is also what the claim model reads besides the
words (`scoring.features`), so the kind rules and the model share one reading of the sentence.
The taxonomy and the labelling guide its precision is measured against: `docs/kinds.md`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from .languages.en import (
    ALL_RIGHTS, BYLINE, CATEGORY_NOUNS, CHANGE_BEFORE, COPULAS, CUE_EXCEPTIONS, CUE_PAIRS, CUE_WORDS, DATE_LABEL,
    DEFINING, FURNITURE, IMPERATIVES, INDEFINITE_ARTICLES, LOCATOR_WORDS, NAMED_TIME, NAMED_TIME_INITIALS, NOT_DATING, NOT_PAST, NOT_PLURAL, NUMBER_WORDS,
    PAST_FORMS, PLURAL_NOUNS, PRONOUN_I, QUANTITY_OPENERS, SCALE_WORDS, TIME_AGO, TITLE_CUES, UNITS,
    UNITS_AFTER_YEAR, WORD_AS_WRITTEN,
)
from .text import YEAR_PATTERN


class Kind(str, Enum):
    """The kind of a ledger record. Headings, questions and page furniture are never claims."""

    HEADING = "heading"
    FURNITURE = "furniture"
    QUESTION = "question"
    STATISTIC = "statistic"
    CAUSAL = "causal"
    COMPARISON = "comparison"
    QUOTE = "quote"
    ATTRIBUTION = "attribution"
    PREDICTION = "prediction"
    EVENT = "event"
    DEFINITION = "definition"
    OPINION = "opinion"
    STATEMENT = "statement"

    @property
    def can_be_claim(self) -> bool:
        return self._value_ not in _NEVER_CLAIMS

    def __str__(self) -> str:
        return self.value


_NEVER_CLAIMS = frozenset(kind.value for kind in (Kind.HEADING, Kind.FURNITURE, Kind.QUESTION))

# The kind shown when several apply: the forms a fact-checker checks most directly come first.
ORDER = (
    Kind.FURNITURE, Kind.QUESTION, Kind.STATISTIC, Kind.CAUSAL, Kind.COMPARISON, Kind.QUOTE,
    Kind.ATTRIBUTION, Kind.PREDICTION, Kind.EVENT, Kind.DEFINITION, Kind.OPINION,
)
_ORDER_NAMES = tuple((kind, kind.value) for kind in ORDER)
# Bumped whenever a cue's meaning changes: a claim model records the version it was trained
# with, and a model trained on other cues is refused rather than silently mis-scored.
# Not bumped for issue 22's version numbers (`Python 3.6` is no quantity): the cue means what it
# meant, it is found more precisely (19 of the 37,743 dev and train sentences lose it).
CUES_VERSION = 2


@dataclass(frozen=True, slots=True)
class KindMatch:
    """A sentence's kind, the words that decided it, and every form cue the sentence has."""

    kind: Kind
    reason: str
    cues: frozenset[str] = frozenset()

    def describe(self) -> str:
        """`"statistic: '40 countries'"`, the start of every `why`."""
        return f"{self.kind.value}: {self.reason}"


HEADING = KindMatch(Kind.HEADING, "heading line")
_STATEMENT_REASON = "no specific form"

# ---------------------------------------------------------------- lexicons
# One word (lower case) -> the cue it gives. Kind cues are named after their kind; the others
# (`first_person`, `hedge`, …) only inform the claim model. The words are English
# (`languages/en.py`: `CUE_WORDS`, `CUE_PAIRS` and the lists below); the rules are here.
_WORD_CUES: dict[str, str] = {}
# Two words -> cue, for forms no single word carries ("according to", "due to", "compared with").
_PAIR_CUES: dict[tuple[str, str], str] = {}


def _words(cue: str, words: str) -> None:
    for w in words.split():
        _WORD_CUES[w] = cue


def _pairs(cue: str, pairs: str) -> None:
    for pair in pairs.split(","):
        a, b = pair.split()
        _PAIR_CUES[(a, b)] = cue


for _cue, _listed in CUE_WORDS:
    _words(_cue, _listed)
for _cue, _listed in CUE_PAIRS:
    _pairs(_cue, _listed)
del _cue, _listed
_CATEGORY_NOUNS = CATEGORY_NOUNS
_PAIR_FIRST = frozenset(first for first, _ in _PAIR_CUES)  # words that can open a pair cue
_IMPERATIVES = IMPERATIVES
_PAST = PAST_FORMS
_NOT_PAST = NOT_PAST
_PRONOUN_I = PRONOUN_I
_WORD_AS_WRITTEN = WORD_AS_WRITTEN
_CUE_EXCEPTIONS = dict(CUE_EXCEPTIONS)

# ---------------------------------------------------------------- numbers
_NUMBER_WORDS = NUMBER_WORDS


def _whole_words(words: list[str]) -> str:
    """A pattern for any one of `words` as a whole word, grouped by first letter and led by a
    test of that letter: the regex engine tries a plain alternation at every word start."""
    first = sorted({w[0] for w in words})
    groups = "|".join(
        f"{f}(?:{'|'.join(sorted((w[1:] for w in words if w[0] == f), key=len, reverse=True))})" for f in first
    )
    return rf"\b(?=[{''.join(first)}])(?:{groups})\b"


# A number that is not part of an identifier ("COVID-19", "H1N1", "A4") or of a decimal's tail:
# no word character, '.', ',', '-' or '/' just before its first digit (tested after that digit,
# so that the engine only stops at digits).
_DIGITS = re.compile(
    r"\d(?<![\w.,\-/]\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?(?:\s?[-–]\s?\d+(?:\.\d+)?)?(?![\w\-]*\d)",
    re.IGNORECASE,
)
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS.split("|"))
_NUMBER = re.compile(_DIGITS.pattern + "|" + _whole_words(sorted(_NUMBER_WORD_SET)), re.IGNORECASE)


def _numbers(body: str, words: list[str]) -> Iterator[re.Match[str]]:
    """The numbers of `body`, in order. When no word is a number word only digits can match (in
    ASCII every whole word is a part of one of `words` between apostrophes: `o'ten` holds `ten`),
    and digits alone are found much faster."""
    if body.isascii() and not any(part in _NUMBER_WORD_SET for w in words for part in w.split("'")):
        return _DIGITS.finditer(body)
    return _NUMBER.finditer(body)
_words("number", _NUMBER_WORDS.replace("|", " "))
_UNITS = UNITS
_SCALE = SCALE_WORDS
_LOCATORS = LOCATOR_WORDS
_PLURAL_NOUNS = PLURAL_NOUNS
_NOT_PLURAL = NOT_PLURAL
_CURRENCY = frozenset("$€£¥₹")
_WINDOW = 80  # characters read on either side of a number
_EDGE = ".,;:()!?\"'“”‘’"  # punctuation around a word that is not part of it
_CHANGE = CHANGE_BEFORE


def _plural(word: str) -> bool:
    w = word.lower()
    return w in _PLURAL_NOUNS or (
        len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "ous", "is")) and w not in _NOT_PLURAL
    )


def _statistic(body: str, words: list[str]) -> str | None:
    """The words of the first quantity in `body` (`'40 countries'`, `'$5 million'`), if any."""
    for m in _numbers(body, words):
        token = m.group(0)
        # Only a window around each number is read: a sentence of 50,000 numbers stays linear.
        start = max(0, m.start() - _WINDOW)
        before = body[start : m.start()].rstrip()
        prev = before.rsplit(None, 1)[-1].lower() if before else ""
        if prev in _LOCATORS:
            continue
        after = body[m.end() : m.end() + _WINDOW]
        nxt = after.split(None, 3)[:3]
        nxt_words = [w.strip(_EDGE).split("/")[0].lower() for w in nxt]
        digits = token[0].isdigit()
        if digits and before.endswith(tuple(_CURRENCY)):
            return _quoted(body[start + len(before) - 1 : m.end()] + _unit_tail(nxt_words))
        if after.lstrip().startswith("%") or after.startswith("%"):
            return _quoted(token + "%")
        first = nxt_words[0] if nxt_words else ""
        year_like = digits and len(token) == 4 and token.isdigit() and 1500 <= int(token) <= 2100
        if first in _UNITS or (first[:1] == "%") or (first.rstrip(".") in _UNITS and digits):
            if year_like and first not in UNITS_AFTER_YEAR:
                continue  # "in 2019 years" is rare; "2019 to" is a date
            return _quoted(f"{token} {nxt[0].strip(_EDGE)}")
        if year_like or token.lower() == "one":  # "one of the reasons" counts nothing
            continue
        if digits and _version(token, before, after):  # "Python 3.6 users", "needs Python 3.6 or later"
            continue
        for k, word in enumerate(nxt_words[:3]):
            if _plural(word):
                return _quoted(" ".join([token, *[w.strip(_EDGE) for w in nxt[: k + 1]]]))
            if not word.isalpha() and word not in ("of",):
                break
        if digits and ("," in token or "." in token) and not token.endswith("."):
            return _quoted(token)
        if digits and _CHANGE.search(before):
            return _quoted(token)
    return None


# Sentence openers before a quantity, which "Python 3.6" must not be taken for.
_OPENERS = QUANTITY_OPENERS


def _version(token: str, before: str, after: str) -> bool:
    """Whether a dotted number is a version, not a quantity: `Python 3.6`, `iOS 17.2 users`,
    `3.6.1` (issue 22: `Python 3.6` was tagged `statistic: '3.6'`). A name (a word with a
    capital) just before it, or a further `.digit` after it; no unit (checked before this)."""
    if "." not in token or "," in token or token.startswith("0") or not token.replace(".", "").isdigit():
        return False  # "RSH 0.14", "RSH 0.15–0.22": a measure, not a version
    if after[:1] == "." and after[1:2].isdigit():
        return True
    prev = before.rsplit(None, 1)[-1].strip(_EDGE) if before else ""
    if prev in ("v", "V"):
        return True
    # A sentence's first word has its capital from the sentence: "About 3.5 children …".
    opening = before.strip() == prev and prev.lower() in _OPENERS
    return len(prev) > 1 and prev.isalpha() and not prev.islower() and not opening


def _unit_tail(nxt_words: list[str]) -> str:
    """`' million'` after `$5`: a scale word belongs to the money it follows."""
    return f" {nxt_words[0]}" if nxt_words and nxt_words[0] in _SCALE else ""


def _quoted(words: str) -> str:
    words = " ".join(words.split())
    return f"'{words[:57]}…'" if len(words) > 60 else f"'{words}'"


# ---------------------------------------------------------------- other forms
_QUESTION_END = re.compile(r"[?‽][!?‽]*(?P<close>[\"'”’)\]]*)$")
_OPEN_QUOTES = "“\""
_TAIL = 300  # characters at the end of a sentence that can hold its "?" and trailing links
_TRAILING_LINKS = re.compile(r"(?:\s+(?:https?://\S+|#\w+|@\w+))+\s*$")
_QUOTE_MARKS = re.compile(r"[“”\"]")
_TITLE_CUES = TITLE_CUES
# A named time. The "… ago" form can start at any word, so it is searched for on its own (and
# only where " ago" occurs); the others start with one of a few letters, tested first.
_TIME = re.compile(rf"\b(?=[12{NAMED_TIME_INITIALS}])(?:{YEAR_PATTERN}s?\b|{NAMED_TIME})")
_TIME_AGO = TIME_AGO


def _named_time(body: str) -> re.Match[str] | None:
    """The first named time in `body` (on a tie, the non-"ago" form, as one alternation would)."""
    m = _TIME.search(body)
    if " ago" in body:
        ago = _TIME_AGO.search(body)
        if ago and (m is None or ago.start() < m.start()):
            return ago
    return m


_DEFINING = DEFINING
_FURNITURE = FURNITURE
_ALL_RIGHTS = ALL_RIGHTS
_BYLINE = BYLINE
_DATE_ONLY = re.compile(
    rf"^(?:{DATE_LABEL}[:\s]*)?(?:\w+,? )?\d{{1,4}}[./ -]\w{{1,9}}[./ -]\d{{2,4}}\.?$|"
    rf"^(?:\w+ )?\d{{1,2}},? {YEAR_PATTERN}\.?$",
    re.IGNORECASE,
)
# Searched only for whether they occur; each starts with what the engine can scan for fast.
_ENTITY = re.compile(r" (?<=[a-z,;] )[A-Z][a-z]")  # a capitalised word inside a sentence
_ACRONYM = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]+\b")  # a whole word of two or more capitals


def _question(body: str) -> str | None:
    """'ends with "?"' when the sentence asks in its own voice.

    A question inside a quotation that the sentence reports (`She asked, “Why?”`) is not the
    sentence's own: it ends in a closing quote whose opening quote is not at the start.
    """
    # The end is all that matters; searching only the tail keeps a run of 100,000 "?" linear.
    tail = body[-_TAIL:]
    body = body[: len(body) - len(tail)] + _TRAILING_LINKS.sub("", tail)
    m = _QUESTION_END.search(body, max(0, len(body) - _TAIL))
    if not m:
        return None
    if any(c in "”\"" for c in m.group("close")):
        opening = max(body.rfind(q, 0, m.start()) for q in _OPEN_QUOTES)
        if opening > 0:
            return None
    return f"ends with '{body[m.start()]}'"


def _quotation(body: str) -> str | None:
    """The first quotation of three or more words; a sentence inside a longer quotation (only
    its opening or only its closing mark) is a quotation too. Quoted titles are names."""
    marks = [(m.start(), m.group(0)) for m in _QUOTE_MARKS.finditer(body)]
    if not marks:
        return None
    pairs, open_at = [], None
    for pos, mark in marks:
        if open_at is None and mark != "”":
            open_at = pos
        elif open_at is not None and mark != "“":
            pairs.append((open_at, pos))
            open_at = None
    for start, end in pairs:
        inner = body[start + 1 : end]
        before = body[max(0, start - 40) : start].rstrip().rsplit(None, 1)
        titled = inner[:1].isupper() and before and before[-1].lower() in _TITLE_CUES
        if inner.count(" ") >= 2 and len(inner) >= 12 and not titled:
            return _quoted(body[start : end + 1])
    if not pairs and len(marks) == 1:
        pos, mark = marks[0]
        if (pos == 0 and mark != "”") or (pos >= len(body.rstrip(".,;!?)]")) - 1 and mark != "“"):
            return "part of a longer quotation"
    return None


_FURNITURE_WORDS = 14  # furniture lines are short: "Posted by Anna at 5:11 AM"
_DIGIT = re.compile(r"\d")


def _furniture(body: str) -> str | None:
    """Page furniture: a byline, dateline, copyright line, share prompt, a bare DOI or citation."""
    # Every pattern but "all rights reserved" is anchored at the start.
    m = _FURNITURE.match(body) or _ALL_RIGHTS.search(body) or _DATE_ONLY.match(body) or _BYLINE.match(body)
    return _quoted(m.group(0).strip(" :")) if m else None


def _event(body: str, words: list[str]) -> str | None:
    """The named time, when the sentence also tells of something that happened."""
    m = _named_time(body)
    if not m or body[max(0, m.start() - 7) : m.start()].lower().rstrip().endswith(NOT_DATING):
        return None
    for w in words:
        if w in _PAST or (len(w) > 4 and w.endswith("ed") and w not in _NOT_PAST):
            return _quoted(m.group(0))
    return None


def _in_name(written: list[str], i: int) -> bool:
    """A capitalised word inside a name is no cue: "Will Smith", "the Great Hall"."""
    w = written[i]
    return w[:1].isupper() and w not in _PRONOUN_I and (
        i > 0 or (len(written) > 1 and written[1][:1].isupper()))


def _exception(words: list[str], i: int) -> bool:
    """A cue word that does not mean its cue here: "rather than", "were expected to"."""
    w, prev = words[i], words[i - 1] if i else ""
    before = _CUE_EXCEPTIONS.get(w)
    return before is not None and prev in before


# What the cue loop does with each word it has anything to do for (the lexicons are complete
# here): the word's own cue (or None), whether it can name a category ("a type of"), and the
# pair cues it opens by second word (or None). Every other word is skipped with one lookup.
_PAIRS_BY_FIRST: dict[str, dict[str, str]] = {}
for (_first, _second), _cue in _PAIR_CUES.items():
    _PAIRS_BY_FIRST.setdefault(_first, {})[_second] = _cue
del _first, _second, _cue
_WORD_ROLES: dict[str, tuple[str | None, bool, dict[str, str] | None]] = {
    w: (_WORD_CUES.get(w), w in _CATEGORY_NOUNS, _PAIRS_BY_FIRST.get(w))
    for w in frozenset(_WORD_CUES) | _CATEGORY_NOUNS | _PAIR_FIRST
}


def classify_kind(body: str) -> KindMatch:
    """The kind of statement `body` is, the words that decided it, and all its form cues.

    `body` is the sentence without its citation markers (`citations.strip_markers`), so that
    `Prices rose.[3]` is judged on `Prices rose.`.
    """
    body = body.strip()
    lower = body.lower()
    written = _WORD_AS_WRITTEN.findall(body)
    # The words are ASCII (and ’), so one lower() of them all equals lowering each.
    words = " ".join(written).lower().split(" ") if written else []
    found: dict[str, str] = {}  # cue -> its trigger, the first one seen
    last = len(words) - 1
    role_of = _WORD_ROLES.get
    for i, w in enumerate(words):
        role = role_of(w)
        if role is None:
            continue
        cue, category, pairs = role
        if cue is not None:
            if cue not in found and not _in_name(written, i) and not _exception(words, i):
                found[cue] = _quoted(w)
        elif (category and 1 < i < last and words[i + 1] == "of"
              and words[i - 1] in INDEFINITE_ARTICLES and words[i - 2] in COPULAS):
            found.setdefault("definition", _quoted(f"{words[i - 2]} {words[i - 1]} {w} of"))
        if pairs is not None and i < last:
            cue = pairs.get(words[i + 1])
            if cue is not None and cue not in found and not _exception(words, i):
                found[cue] = _quoted(f"{w} {words[i + 1]}")
    if words and words[0] in _IMPERATIVES and "opinion" not in found and not body.endswith("?"):
        found["opinion"] = f"instruction {_quoted(body.split(None, 1)[0])}"
    # The pattern checks below run only where a cheap test says they can match.
    if len(words) <= _FURNITURE_WORDS:
        reason = _furniture(body)
        if reason:
            found["furniture"] = reason
    if "?" in body or "‽" in body:
        reason = _question(body)
        if reason:
            found["question"] = reason
        elif body.endswith(("?”", '?"')):
            found["quoted_question"] = "reports a question"
    has_digit = _DIGIT.search(body) is not None
    if has_digit or "number" in found:
        found["number"] = ""
        reason = _statistic(body, words)
        if reason:
            found["statistic"] = reason
    if "statistic" not in found and "multiplied" in found:
        found["statistic"] = found["multiplied"]
    if '"' in body or "“" in body or "”" in body:
        reason = _quotation(body)
        if reason:
            found["quote"] = reason
    if has_digit or "time_word" in found:
        reason = _event(body, words)
        if reason:
            found["event"] = reason
    if "definition" not in found and "copula" in found and body[:1].isupper():
        m = _DEFINING.search(body)
        if m:
            found["definition"] = _quoted(m.group(0))
    if _ENTITY.search(body):
        found["entity"] = ""
    if _ACRONYM.search(body):
        found["acronym"] = ""
    if "http" in lower or "www." in lower:
        found["url"] = ""
    if "!" in body:
        found["exclamation"] = ""
    found[f"length_{min(len(words) // 5, 8)}"] = ""
    cues = frozenset(found)
    for kind, name in _ORDER_NAMES:
        if name in found:
            return KindMatch(kind, found[name], cues)
    return KindMatch(Kind.STATEMENT, _STATEMENT_REASON, cues)
