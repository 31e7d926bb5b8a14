"""The patterns written for speed find exactly what their plain forms find.

`kinds` and `sentences` reorder some patterns so that the regex engine can skip ahead (a digit
first, a letter test before an alternation, an anchored `match` instead of `search`), and the
feature tokeniser reads a whole batch at once. Each is checked here against the plain form on
the seed, the fixtures and hand-made edge cases.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from pathlib import Path

import pytest

from claimtrace import kinds, sentences
from claimtrace.citations import Marker
from claimtrace.scoring import features
from claimtrace.text import YEAR_PATTERN

ROOT = Path(__file__).resolve().parents[1]
EDGES = [
    "3 days ago in May 2", "this week, 2 days ago", "Two years ago", "May 5", "in May", "last May 1999s",
    "ſix people", "ONE two", "one's", "6,000", "x1", "12-15", "a.5", "-5", "/7", "dozens dozen", "Thousands",
    "seventeen1", "é one", "ABc", "AB", "aAB", "É AB", "x ABC1", "_AB", "a, Bc", "a Bc", "; B", "ABÉ", "ÀBC",
    "1AB", "All rights reserved", "© 2020. All rights reserved.", "x all rights reserved", "e.g. 1) mix 2) add",
    "a. red b. blue", "1.) one", "tonight at 9", "They visited o'ten countries in 2020.", "3'ten x'twenty cases", "1500s and 2100", "x" * 50 + ".", "a.b.c.d" * 10 + ".",
]


def _lines() -> list[str]:
    texts = [(ROOT / "seeds/000_c6909b873426236a.txt").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "tests/fixtures").rglob("*.txt"))]
    return [line for text in texts for line in text.splitlines() if line.strip()] + EDGES


LINES = _lines()


def test_numbers_are_found_as_by_the_plain_alternation():
    plain = re.compile(
        rf"(?<![\w.,\-/])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:\s?[-–]\s?\d+(?:\.\d+)?)?(?![\w\-]*\d)|"
        rf"\b(?:{kinds._NUMBER_WORDS})\b",
        re.IGNORECASE,
    )
    for line in LINES:
        words = [w.lower() for w in kinds._WORD_AS_WRITTEN.findall(line)]
        want = [m.span() for m in plain.finditer(line)]
        assert [m.span() for m in kinds._NUMBER.finditer(line)] == want, line
        assert [m.span() for m in kinds._numbers(line, words)] == want, line


def test_terminator_runs_are_found_as_by_the_plain_pattern():
    plain = re.compile(r"(?:\.{3}|…|[.!?])+[\"'”’»)\]]*")
    for line in LINES + ["Wait....? No!!…” (yes).) ok", "….", "?!?"]:
        assert [m.span() for m in sentences._TERMINATOR.finditer(line)] == [m.span() for m in plain.finditer(line)]


def test_named_times_are_found_as_by_the_plain_alternation():
    plain = re.compile(
        rf"\b{YEAR_PATTERN}s?\b|\b(?:January|February|March|April|June|July|August|September|"
        r"October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
        r"yesterday|tonight)\b|\bMay \d|\b(?:in|of|last|early|late) May\b|"
        r"\b(?:last|this|earlier this|next) (?:week|month|year|night|morning|summer|winter|spring|autumn|fall|weekend)\b|"
        r"\b\w+ (?:years?|months?|weeks?|days?) ago\b"
    )
    for line in LINES:
        fast, slow = kinds._named_time(line), plain.search(line)
        assert (fast and fast.span()) == (slow and slow.span()), line


@pytest.mark.parametrize("fast, plain", [
    (kinds._ENTITY, r"(?<=[a-z,;] )[A-Z][a-z]+"),
    (kinds._ACRONYM, r"\b[A-Z]{2,}\b"),
])
def test_presence_patterns_agree_with_their_plain_forms(fast, plain):
    plain = re.compile(plain)
    for line in LINES:
        assert bool(fast.search(line)) == bool(plain.search(line)), line


def test_word_before_a_dot_is_the_plain_search():
    plain = re.compile(r"([\w.'’°º-]*)$")
    for line in LINES:
        for dot in (m.start() for m in re.finditer(r"\.", line)):
            want = plain.search(line, max(0, dot - 40), dot)
            got = sentences._WORD_BEFORE.search(line[max(0, dot - 40) : dot])
            assert got is not None and want is not None and got.group(1) == want.group(1), line


def test_the_item_hint_never_misses_an_item():
    """Every label of an inline enumeration after the first is seen by the hint."""
    extra = ["1.) Rinse 2.) Dry", "• 9. One • 10. Two", "⁃9. One ⁃10. Two", "a. Red b. Blue", "x 12) y 13) z",
             "Do: 1. Mix 2. Rest", "  1. A 2. B", "a) x b) y", "• 100. a • 101. b"]
    for line in LINES + extra:
        for item in list(sentences._ITEM.finditer(line))[1:]:
            assert sentences._ITEM_HINT.search(line), (line, item)


def test_a_shifted_marker_keeps_every_other_field():
    marker = Marker(3, 6, "[1]", (1,), "bracket", scope="quotation", locator="p. 2")
    moved = marker.shifted(10)
    assert (moved.start, moved.end) == (13, 16)
    assert all(getattr(moved, f.name) == getattr(marker, f.name) for f in fields(Marker) if f.name not in ("start", "end"))


def test_the_token_table_is_safe_across_threads():
    batches = [[f"word{i}{j} and shared words {j}" for j in range(50)] for i in range(8)]
    alone = [[features._TOKEN_RE.findall(features.normalize(t)) for t in batch] for batch in batches]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(features._tokens, batches))
    for tokens, want in zip(results, alone):
        assert tokens.hashes[tokens.ids].tolist() == [features._token_hash(t) for toks in want for t in toks]
