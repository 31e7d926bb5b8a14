"""Citation markers: small named recognizers, each with a validator, instead of one giant regex.

A bracket candidate (`[...]` on one line) is offered to every recognizer in `RECOGNIZERS`; the
first that parses it decides. Citation recognizers return the expanded reference numbers;
`Editorial` claims the brackets that are known *not* to be citations (`[i.e., …]`, `[sic]`),
so they are never mistaken for one and the decision is visible in `explain()`.

Add a citation form by adding a recognizer class, not by editing a shared pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One bracket pair on one line, nothing nested. 60 characters is far longer than any citation
# list we have seen (`[1, 3, 5, 7-9, 12]`) and short enough to skip bracketed prose quickly.
_CANDIDATE = re.compile(r"\[([^\[\]\n]{1,60})\]")
_DASHES = "-‐‑‒–—"
_MAX_NUMBER = 9999
# A range wider than this is more likely an interval or a page span than a run of citations.
_MAX_RANGE = 100


@dataclass(frozen=True)
class MarkerHit:
    """A recognized citation marker: offsets into the text it was found in, raw text, numbers."""

    start: int
    end: int
    raw: str
    numbers: tuple[int, ...]
    recognizer: str


def _number(token: str) -> int | None:
    token = token.strip()
    # ASCII digits only: `str.isdigit` also accepts `²` and `١`, which are not note numbers.
    if not (token.isascii() and token.isdigit()) or len(token) > 4:
        return None
    value = int(token)
    return value if 1 <= value <= _MAX_NUMBER else None


def _range(token: str) -> tuple[int, ...] | None:
    """`3-7`, `3–7`, `3 - 7` → (3, 4, 5, 6, 7); reversed, degenerate or absurd ranges → None."""
    parts = re.split(f"\\s*[{_DASHES}]\\s*", token.strip())
    if len(parts) != 2:
        return None
    lo, hi = _number(parts[0]), _number(parts[1])
    # `[4-2]` is not a range and `[1-500]` is an interval, not 500 citations.
    if lo is None or hi is None or hi <= lo or hi - lo > _MAX_RANGE:
        return None
    # `[1939-1945]`: a span of years, not notes 1939 to 1945.
    if _is_year(lo, parts[0]) and _is_year(hi, parts[1]):
        return None
    return tuple(range(lo, hi + 1))


def _is_year(value: int, token: str) -> bool:
    # `[2019]`: a lone four-digit number in the range of plausible years is a date, not note 2019.
    return len(token.strip()) == 4 and 1500 <= value <= 2100


class Recognizer:
    """One citation form. `parse` returns the expanded numbers, or None when it does not apply."""

    name = "recognizer"
    is_citation = True

    def parse(self, inner: str) -> tuple[int, ...] | None:  # pragma: no cover - interface
        raise NotImplementedError


class SingleNumber(Recognizer):
    """`[1]`, `[ 4 ]`; refuses years such as `[2019]`."""

    name = "single"

    def parse(self, inner):
        value = _number(inner)
        if value is None or _is_year(value, inner):
            return None
        return (value,)


class NumberRange(Recognizer):
    """`[1-3]`, `[1–3]` (en dash), `[1 - 3]`; refuses reversed and absurd ranges."""

    name = "range"

    def parse(self, inner):
        return _range(inner)


class NumberList(Recognizer):
    """`[1, 2]`, `[1,2]`, `[1; 2]`, and lists with ranges in them: `[1, 3-5, 9]`.

    Refuses lists with a repeated number or a zero: `[0, 1]` and `[1, 1]` are intervals and
    vectors in scientific text, not citations (seen in the citations-dev articles).
    """

    name = "list"

    def parse(self, inner):
        items = re.split(r"\s*[,;]\s*", inner.strip())
        if len(items) < 2:
            return None
        numbers: list[int] = []
        for item in items:
            expanded = _range(item) if any(d in item for d in _DASHES) else None
            if expanded is None:
                value = _number(item)
                if value is None:
                    return None
                expanded = (value,)
            numbers.extend(expanded)
        if len(set(numbers)) != len(numbers):
            return None
        # `[2019, 2020]`: years, not notes.
        if all(_is_year(n, item) for n, item in zip(numbers, items)) and len(numbers) == len(items):
            return None
        return tuple(numbers)


class Editorial(Recognizer):
    """Brackets that are known not to be citations: `[i.e., …]`, `[sic]`, `[…]`, `[ed.]`…"""

    name = "editorial"
    is_citation = False
    _PATTERN = re.compile(
        r"^\s*(?:i\.\s?e\.|e\.\s?g\.|sic|ed\.?|eds\.?|emphasis (?:added|mine|in original)|"
        r"\.\.\.|…|sic!|citation needed|translation|trans\.|original emphasis|brackets? added)",
        re.IGNORECASE,
    )

    def parse(self, inner):
        return () if self._PATTERN.match(inner) else None


RECOGNIZERS: tuple[Recognizer, ...] = (Editorial(), SingleNumber(), NumberRange(), NumberList())

# `F[1,12] = 8.42`, `x[2] = 0`: a bracket followed by a comparison is an index, not a citation
# (seen in the citations-dev statistics).
_FOLLOWED_BY_COMPARISON = re.compile(r"\s*[=<>≤≥≈]")
# `[4]–[7]`: two brackets joined by a dash are one range marker.
_RANGE_GAP = re.compile(f"\\s?[{_DASHES}]\\s?")


def _bracket_hits(text: str) -> list[MarkerHit]:
    """Each bracket pair that one of the citation recognizers accepts."""
    hits: list[MarkerHit] = []
    for match in _CANDIDATE.finditer(text):
        inner = match.group(1)
        # Cheap pre-filter: citations start with a digit or a space before one.
        if not inner.lstrip()[:1].isascii() or not inner.lstrip()[:1].isdigit():
            continue
        if _FOLLOWED_BY_COMPARISON.match(text, match.end()):
            continue
        for recognizer in RECOGNIZERS:
            numbers = recognizer.parse(inner)
            if numbers is None:
                continue
            if recognizer.is_citation:
                hits.append(
                    MarkerHit(match.start(), match.end(), match.group(0), numbers, recognizer.name)
                )
            break
    return hits


def _join_range(text: str, first: MarkerHit, second: MarkerHit) -> MarkerHit | None:
    """`[26]–[29]` is one marker citing 26 to 29 (read separately it would drop 27 and 28)."""
    if not _RANGE_GAP.fullmatch(text, first.end, second.start):
        return None
    if len(first.numbers) != 1 or len(second.numbers) != 1:
        return None
    numbers = _range(f"{first.numbers[0]}-{second.numbers[0]}")
    if numbers is None:
        return None
    return MarkerHit(first.start, second.end, text[first.start : second.end], numbers, "bracket-range")


def find_markers(text: str) -> list[MarkerHit]:
    """Every citation marker in `text`, in order.

    `[1][2]` and `[1],[2]` give one marker per bracket; `[4]–[7]` is one range marker.
    """
    if "[" not in text:
        return []
    hits: list[MarkerHit] = []
    for hit in _bracket_hits(text):
        joined = _join_range(text, hits[-1], hit) if hits else None
        if joined is None:
            hits.append(hit)
        else:
            hits[-1] = joined
    return hits


def explain(bracket: str) -> str | None:
    """The name of the recognizer that claims `bracket` (e.g. `"[2-4]"` → `"range"`), or None.

    For auditing: `explain("[i.e., the U.S.-armed forces]")` is `"editorial"`, a bracket that
    was seen and deliberately not read as a citation.
    """
    match = _CANDIDATE.fullmatch(bracket)
    if not match:
        hits = find_markers(bracket)
        return hits[0].recognizer if len(hits) == 1 and hits[0].raw == bracket else None
    for recognizer in RECOGNIZERS:
        if recognizer.parse(match.group(1)) is not None:
            return recognizer.name
    return None
