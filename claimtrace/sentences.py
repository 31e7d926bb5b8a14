"""Citation-aware sentence boundaries within one paragraph, as character offsets.

Rules, each named by the case that motivated it:
- a citation marker belongs to the sentence it follows, whether it comes right after the full
  stop (`Court.[1] Russian`), after a closing quote (`Federation.”[2]`) or after a space
  (`recognized). [18] Russia`);
- abbreviations and initials do not end sentences (`U.S. President`, `Gen. Mark A. Milley`),
  but a dotted abbreviation followed by a word that typically opens a sentence does
  (`… came from the U.S. This same attitude …`);
- a terminator followed by a lower-case word is not a boundary (`“Why?” he asked`, `e.g. the`);
- a web address, an e-mail address or a dotted number before a full stop is no abbreviation
  (`…/awesome_content.html. Please`, `N°. 1026.253.553. That`);
- a time cannot be a sentence by itself (`At 7 p.m. Dr. Lee left.`); the pronoun `I` after a
  lower-case word ends one (`you and I. Did you`);
- a parenthetical citation after a quotation belongs to its sentence (`"…" (Lee 12).`);
- three spaced dots leave words out, four end a sentence (`. . .`, `. . . .`);
- an inline enumeration splits before each item (`1.) Rinse 2.) Dry`, `a. … b. …`, `• 9. … • 10. …`).

Colons and semicolons never end a sentence here (GUM splits some; that is a corpus convention).
"""

from __future__ import annotations

import re
from typing import Sequence

from .citations import Marker, editorial_tag_end, is_narrative
from .text import Span, skip_space

from .languages.en import BEFORE_NUMBER as _BEFORE_NUMBER
from .languages.en import CITATION_AFTER as _CITATION_AFTER
from .languages.en import CLOCK_TIME_END as _TIME_BEFORE
from .languages.en import CLOSING_MARKS as _CLOSERS
from .languages.en import DOTTED_WORDS as _DOTTED_WORDS
from .languages.en import NAME_INITIALS as _NAME_INITIALS
from .languages.en import NEVER_FINAL as _NEVER_FINAL
from .languages.en import OPENING_MARKS as _OPENERS
from .languages.en import OPENING_TIME as _OPENING_TIME
from .languages.en import SENTENCE_END as _TERMINATOR
from .languages.en import SENTENCE_OPENERS as _SENTENCE_OPENERS
from .languages.en import SPEECH_TAG as _SPEECH_TAG
from .languages.en import TIME_ZONES as _TIME_ZONES
from .languages.en import TITLES_OPENING as _TITLES_OPENING

# The words and sentence-end marks are English (`languages/en.py`); the rules are here.
_NUMBER_AFTER = re.compile(r"\s*\(?\d")
# `1. The nature of the message` / `39. “The Figures …”`: an enumeration opening a paragraph.
_ENUMERATION = re.compile(r"\s*(?:[•◦▪‣*–-]\s*)?(?:\d{1,3}|[IVXLC]{1,5}|[A-Za-z])\.$")
_WORD_BEFORE = re.compile(r"(?<![\w.'’°º-])([\w.'’°º-]*)$")


def _ends_with_abbreviation(text: str, dot: int) -> str | None:
    """How the word ending at `text[dot] == '.'` abbreviates, if it does.

    Returns "title" (never final: `Gen.`, `Mr.`), "initial" (`A.` in `Mark A. Milley`),
    "dotted" (`U.S.`, `e.g.`, `a.m.`, `etc.`) or None for an ordinary word.
    """
    # A bounded window: searching back from the start of a long paragraph is quadratic.
    window = max(0, dot - 40)
    match = _WORD_BEFORE.search(text[window:dot])
    word = match.group(1) if match else ""
    bare = word.rstrip(".").lower().lstrip("(“\"'‘")
    if not bare:
        return None
    if bare in _NEVER_FINAL:
        return "title"
    if bare in _BEFORE_NUMBER and _NUMBER_AFTER.match(text, dot + 1, dot + 5):
        return "title"
    if len(bare) == 1 and bare.isalpha() or word.rstrip(".") in _NAME_INITIALS:
        return "initial"
    if bare in _DOTTED_WORDS:
        return "dotted"
    if "." in bare:
        word_start = window + (match.start(1) if match else 0)
        if not _web_or_number(word, text[word_start - 1] if word_start else ""):
            return "dotted"
    return None


def _web_or_number(word: str, before: str) -> bool:
    """Whether a dotted word ending at a full stop abbreviates nothing: the end of a web address
    or file name (`https://www.example.50.com/new-site/awesome_content.html. Please check it
    out.`, `Jane.Doe@example.com. I sent`; a piece longer than an abbreviation's), or a dotted
    number (`N°. 1026.253.553. That`)."""
    pieces = [p for p in word.strip(".").split(".") if p]
    return before in ("/", "@") or any(len(p) > 4 for p in pieces) or all(p.isdigit() for p in pieces)


def _starts_sentence(text: str, pos: int) -> bool:
    """Can a sentence start at `text[pos]`? A capital, a digit, or an opener before one.

    `“Why?” he asked` and `‘Huh?’ – used as` continue; so does `p.m. (but soon …)`. A lower-case
    word with a capital inside is a brand name (`eHow`, `iPhone`) and can start a sentence.
    """
    while pos < len(text) and text[pos] in _OPENERS:
        pos += 1
    if pos >= len(text):
        return False
    first = text[pos]
    if first.isupper() or first.isdigit():
        return True
    word = _next_word(text, pos)
    return first.islower() and any(c.isupper() for c in word[1:])


_NEXT_WORD = re.compile(r"[\W_]*([\w’'-]+)")


def _next_word(text: str, pos: int) -> str:
    match = _NEXT_WORD.match(text[pos : pos + 40])
    return match.group(1) if match else ""


def _is_boundary(text: str, term_start: int, term_end: int, next_pos: int, start: int = 0) -> bool:
    """Decide whether the terminator `text[term_start:term_end]` ends the sentence that began
    at `start`."""
    if next_pos >= len(text):
        return True
    if not _starts_sentence(text, next_pos):
        return False
    if _ENUMERATION.fullmatch(text, 0, term_start + 1):
        return False
    if _CITATION_AFTER.match(text, next_pos):
        return False  # `“… kept rising.” (Lee 12).`: the citation belongs to the quotation's sentence
    terminator = text[term_start:term_end]
    if terminator[-1] in _CLOSERS and terminator.rstrip(_CLOSERS)[-1:] in "!?" and (
        _SPEECH_TAG.match(text, next_pos)
    ):
        return False
    terminator = terminator.rstrip(_CLOSERS)
    if terminator != ".":
        return True
    abbreviation = _ends_with_abbreviation(text, term_start)
    if abbreviation is None:
        return True
    if abbreviation == "title":
        return False
    word = _next_word(text, next_pos)
    if abbreviation == "initial" and _pronoun_i(text, term_start, word):
        return True
    # `Gen. Mark A. Milley`: an initial followed by a capitalized name continues the sentence.
    # `the U.S. This same attitude`: a sentence opener after a dotted abbreviation ends it.
    if word.lower() in _SENTENCE_OPENERS:
        return True
    time = bool(_TIME_BEFORE.search(text, max(0, term_start - 12), term_start + 1))
    # `At 7 p.m. Dr. Lee left.`: a sentence cannot be only the time that opens it.
    if time and _OPENING_TIME.fullmatch(text, start, term_start + 1):
        return False
    # `at 6 P.M. Mr. Smith then left`: a time, then a capitalized word that is no time zone.
    if abbreviation == "dotted" and word.lower() in _TITLES_OPENING:
        return True
    return time and word not in _TIME_ZONES


def _pronoun_i(text: str, dot: int, next_word: str) -> bool:
    """`you and I. Did you see Albert I. Jones?`: `I` after a lower-case word is the pronoun
    ending a sentence, not an initial (an initial follows a given name: `Albert I. Jones`), unless
    more initials follow (`designed by I. M. Pei`)."""
    if text[dot - 1] != "I" or (len(next_word) == 1 and text[dot + 1 :].lstrip()[1:2] == "."):
        return False
    before = _WORD_BEFORE.search(text[max(0, dot - 41) : dot - 2])
    return bool(before and before.group(1)[:1].islower())


def split_sentences(text: str, markers: Sequence[Marker] = ()) -> list[Span]:
    """Sentence spans of one paragraph, trimmed of white space, trailing markers inside.

    `markers` are the citation markers found in `text` (`citations.find_markers`).
    """
    # A narrative citation (`… 2004). Smith and Jones (2001) showed`) opens the next sentence.
    marker_at = {m.start: m for m in markers if not is_narrative(m)}
    items = _enumeration_items(text) if _ITEM_HINT.search(text) else []
    item_dots = {i for start, end in items for i in range(start, end) if text[i] == "."}
    spans: list[Span] = []
    start = skip_space(text, 0)
    skip_to = 0
    for match in _TERMINATOR.finditer(text):
        term_start, end = match.span()
        if term_start < start or term_start < skip_to or term_start in item_dots:
            continue  # `2.)` in `1.) mix 2.) add`: an item's label
        run = _SPACED_DOTS.match(text, term_start) if text.startswith(" .", term_start + 1) else None
        if run is not None:
            skip_to = run.end()
            cut = _spaced_ellipsis(text, run, start)
            if cut is not None:
                spans.append(Span(start, cut[0]))
                start = cut[1]
            continue
        # Markers directly after the terminator, or after one space, stay with this sentence.
        pos = end
        while True:
            probe = skip_space(text, pos)
            marker = marker_at.get(probe)
            if marker is not None and probe - pos <= 1:
                end = pos = marker.end
                continue
            tag_end = editorial_tag_end(text, pos)
            if tag_end is None:
                break
            end = pos = tag_end
        next_pos = skip_space(text, end)
        if next_pos == end and next_pos < len(text):
            continue  # `3.5`, `U.S.-armed`, `Court.[1]Russian`: no space, no boundary
        if _is_boundary(text, term_start, match.end(), next_pos, start):
            spans.append(Span(start, end))
            start = next_pos
    tail_end = len(text.rstrip())
    if start < tail_end:
        spans.append(Span(start, tail_end))
    return _split_enumeration(text, spans, items) if items else spans


# A spaced ellipsis, with the closers after it: `. . .`, `. . . .”`.
_SPACED_DOTS = re.compile(r"\.(?: \.)+[\"'”’»)\]]*")


def _spaced_ellipsis(text: str, run: re.Match[str], start: int) -> tuple[int, int] | None:
    """Where a spaced ellipsis ends a sentence: (its end, the next sentence's start), or None.

    Three spaced dots leave out words inside a sentence (`the thing is . . . I didn’t mean it`).
    Four after a space are an ellipsis and a full stop (`with a period . . . . Next sentence.`).
    A full stop glued to a word and then three more dots ends the sentence there, and the
    ellipsis opens the next one (`self-interpreting compounds. . . . The practice was not
    abandoned. . . .`).
    """
    after = skip_space(text, run.end())
    dots = run.group().count(".")
    opens = after < len(text) and _starts_sentence(text, after)
    if dots < 4 or not opens and after < len(text):
        return None
    glued = run.start() > start and not text[run.start() - 1].isspace()
    if glued and opens:
        return run.start() + 1, skip_space(text, run.start() + 1)
    return run.end(), after


# Items of an inline enumeration: `1.) mix 2.) add`, `1) mix 2) add`, `1. Mix 2. Add`,
# `a. red b. blue`, `• 9. one • 10. two`, `⁃9. one ⁃10. two`.
_ITEM = re.compile(
    r"(?<!\S)(?P<bullet>[•◦▪‣⁃]\s*)?(?:(?P<n>\d{1,3})(?P<form>\.\)|\)|\.)|(?P<a>[a-z])[.)])(?=\s+\S)"
)
# What every label after the first has around it (a space or a bullet before, a space after),
# written to start with one character set so that the engine skips to the next `.` or `)`:
# tells fast that a paragraph has no enumeration.
_ITEM_HINT = re.compile(
    r"[.)](?:(?<=[\s•◦▪‣⁃][a-z\d].)|(?<=[\s•◦▪‣⁃]\d\d.)|(?<=[\s•◦▪‣⁃]\d\d\d.)|(?<=\d\.\)))\s"
)


def _enumeration_items(text: str) -> list[tuple[int, int]]:
    """The labels of an inline enumeration of two or more items, counted on from 1 (or `a`, or
    any number after a bullet): `(start, end)` of each label; [] when there is none."""
    numbered: list[tuple[int, int]] = []
    lettered: list[tuple[int, int]] = []
    expected_n: int | None = None
    expected_a = "a"
    for m in _ITEM.finditer(text):
        if m.group("n") is not None:
            n = int(m.group("n"))
            first = n == 1 or m.group("bullet") is not None
            if (n == expected_n if expected_n is not None else first) and (
                m.group("form") != "." or m.group("bullet") or _plain_item(text, m.start(), m.end(), expected_n is None)
            ):
                numbered.append(m.span())
                expected_n = n + 1
        elif m.group("a") == expected_a:
            lettered.append(m.span())
            expected_a = chr(ord(expected_a) + 1)
    if numbered and lettered:
        return []  # `1) a. … b. …` nests; which one splits is anyone's guess
    items = numbered or lettered
    return items if len(items) >= 2 else []


def _plain_item(text: str, label_start: int, label_end: int, first: bool) -> bool:
    """A bare `2.` is an item's label only before a capital; the first (`1.`) only at the start
    of the text, after a colon or after a sentence's end, later ones after a lower-case word too
    (`1. The first item 2. The second item`). `Fig. 2. The data` and `in chapter 1. The` do not
    open items."""
    after = skip_space(text, label_end)
    if after >= len(text) or not text[after].isupper():
        return False
    before = _space_before(text, label_start)
    if before == 0:
        return True
    last = text[before - 1]
    if last == ".":
        return _ends_with_abbreviation(text, before - 1) is None
    return last in "!?:" or not first and last.islower()


def _space_before(text: str, pos: int) -> int:
    """The end of the text before `pos` without its trailing white space (no copy of the prefix)."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def _split_enumeration(text: str, spans: list[Span], items: Sequence[tuple[int, int]]) -> list[Span]:
    """The sentences split before each item label inside them, as the Golden Rules of sentence
    segmentation expect. One sweep over both sorted lists: 10,000 items must not mean 10,000
    scans."""
    out = []
    i = 0
    for span in spans:
        start = span.start
        while i < len(items) and items[i][0] < span.end:
            item = items[i][0]
            i += 1
            end = _space_before(text, item)
            if item > span.start and end > start:
                out.append(Span(start, end))
                start = item
        out.append(Span(start, span.end))
    return out


def assign_markers(
    spans: Sequence[Span], markers: Sequence[Marker]
) -> list[list[Marker]]:
    """The markers that start inside each sentence, in one sweep over both sorted lists.

    Linear, not sentences × markers: a 2.5-million-character one-line paragraph with 60,000
    markers must not take minutes.
    """
    out: list[list[Marker]] = [[] for _ in spans]
    i = 0
    for marker in sorted(markers, key=lambda m: m.start):
        while i < len(spans) and spans[i].end <= marker.start:
            i += 1
        if i == len(spans):
            break
        if spans[i].start <= marker.start:
            out[i].append(marker)
    return out
