"""Citation-aware sentence boundaries within one paragraph, as character offsets.

Rules, each named by the case that motivated it:
- a citation marker belongs to the sentence it follows, whether it comes right after the full
  stop (`Court.[1] Russian`), after a closing quote (`Federation.”[2]`) or after a space
  (`recognized). [18] Russia`);
- abbreviations and initials do not end sentences (`U.S. President`, `Gen. Mark A. Milley`),
  but a dotted abbreviation followed by a word that typically opens a sentence does
  (`… came from the U.S. This same attitude …`);
- a terminator followed by a lower-case word is not a boundary (`“Why?” he asked`, `e.g. the`).

Colons and semicolons never end a sentence here (GUM splits some; that is a corpus convention).
"""

from __future__ import annotations

import re
from typing import Sequence

from .citations import Marker, editorial_tag_end, is_narrative
from .text import Span, skip_space

# Terminal punctuation, then closing quotes/brackets, e.g. `.”`, `?)`, `...`, `!’”`.
# A run of terminators ("...", "…", "?!"), then closing quotes and brackets. One character set
# first, so that the engine can skip to the next terminator.
_TERMINATOR = re.compile(r"[.!?…]+[\"'”’»)\]]*")
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
# Titles and other abbreviations that are (almost) never the last word of a sentence.
_NEVER_FINAL = frozenset(
    """mr mrs ms dr prof gen sen rep gov lt col capt cmdr adm sgt maj cpl pvt fr rev hon pres
    st mt ft cf vs v e.g i.e approx ca dept univ assn bros messrs mme mlle esq ed eds trans al
    div""".split()
)
# Abbreviations only before a number: `No. 5`, `Fig. 3`, `pp. 12-14`, `Eq. (1)`, `Feb. 9`,
# `pl. 27` (a plate); "No." alone is a reply, "in Jan. The" ends a sentence.
_BEFORE_NUMBER = frozenset(
    """no nos vol vols fig figs eq eqs ch chap sec sect pp p op art pl pls tab tabs ref refs para
    paras suppl nr jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
_NUMBER_AFTER = re.compile(r"\s*\(?\d")
# Abbreviations that end a sentence only before a sentence opener: `Bacillus spp. were`,
# `(pers. comm.) and`, `var. alba`.
_DOTTED_WORDS = frozenset("inc ltd co corp jr sr spp sp subsp var cv comm".split())
# Two-letter initials of a given name: `Marcel J. L. Th. Niekus`, `Wm. Smith`.
_NAME_INITIALS = frozenset("Th Ch Ph Wm Jas Chas Geo Jos Thos Ed Fr".split())
# `“Why?” he asked` is caught by the lower-case rule; `“Sorry!” I say.` and `“Snap!” Pete
# said.` need this one: a quoted exclamation or question followed by its speech tag.
_SPEECH_TAG = re.compile(
    r"(?:[A-Z][\w’'-]*\s+){1,3}(?:say|says|said|(?:ask|repl|shout|whisper|cr|call|add|answer|"
    r"continu|exclaim|mutter|yell|start|howl|laugh|sigh)(?:s|es|ies|ed|ied|d)?|told|tells?)\b"
)
# `1. The nature of the message` / `39. “The Figures …”`: an enumeration opening a paragraph.
_ENUMERATION = re.compile(r"\s*(?:[•◦▪‣*–-]\s*)?(?:\d{1,3}|[IVXLC]{1,5}|[A-Za-z])\.$")
# Words that, capitalized after an abbreviation, start a new sentence: `the U.S. This …`.
_SENTENCE_OPENERS = frozenset(
    """the this that these those it its he she they we i you there here in on at as but and or
    so yet if when while after before since because although though however moreover
    furthermore meanwhile thus hence therefore nevertheless still also then now today
    a an his her their our my your what why how who where which many most some several
    for to with by from one two three during despite according""".split()
)
_WORD_BEFORE = re.compile(r"(?<![\w.'’-])([\w.'’-]*)$")
# A clock time ending in `a.m.`/`p.m.` (any case) just before a full stop.
_TIME_BEFORE = re.compile(r"\d\s?[aApP]\.\s?[mM]\.$")
_TIME_ZONES = frozenset("ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT UTC BST CET CEST Eastern Central Pacific Mountain local".split())
# Titles open a name, and a name after a dotted abbreviation opens a sentence (`… the U.S. Mr. Li`).
_TITLES_OPENING = frozenset("mr mrs ms dr prof".split())


def _ends_with_abbreviation(text: str, dot: int) -> str | None:
    """How the word ending at `text[dot] == '.'` abbreviates, if it does.

    Returns "title" (never final: `Gen.`, `Mr.`), "initial" (`A.` in `Mark A. Milley`),
    "dotted" (`U.S.`, `e.g.`, `a.m.`, `etc.`) or None for an ordinary word.
    """
    # A bounded window: searching back from the start of a long paragraph is quadratic.
    match = _WORD_BEFORE.search(text[max(0, dot - 40) : dot])
    word = match.group(1) if match else ""
    bare = word.rstrip(".").lower().lstrip("(“\"'‘")
    if not bare:
        return None
    if bare in _NEVER_FINAL or bare == "pers":
        return "title"
    if bare in _BEFORE_NUMBER and _NUMBER_AFTER.match(text, dot + 1, dot + 5):
        return "title"
    if len(bare) == 1 and bare.isalpha() or word.rstrip(".") in _NAME_INITIALS:
        return "initial"
    if "." in bare or bare in _DOTTED_WORDS:
        return "dotted"
    return None


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


def _is_boundary(text: str, term_start: int, term_end: int, next_pos: int) -> bool:
    """Decide whether the terminator `text[term_start:term_end]` ends a sentence."""
    if next_pos >= len(text):
        return True
    if not _starts_sentence(text, next_pos):
        return False
    if _ENUMERATION.fullmatch(text, 0, term_start + 1):
        return False
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
    # `Gen. Mark A. Milley`: an initial followed by a capitalized name continues the sentence.
    # `the U.S. This same attitude`: a sentence opener after a dotted abbreviation ends it.
    if word.lower() in _SENTENCE_OPENERS:
        return True
    # `at 6 P.M. Mr. Smith then left`: a time, then a capitalized word that is no time zone.
    if abbreviation == "dotted" and word.lower() in _TITLES_OPENING:
        return True
    return bool(_TIME_BEFORE.search(text, max(0, term_start - 12), term_start + 1)) and word not in _TIME_ZONES


def split_sentences(text: str, markers: Sequence[Marker] = ()) -> list[Span]:
    """Sentence spans of one paragraph, trimmed of white space, trailing markers inside.

    `markers` are the citation markers found in `text` (`citations.find_markers`).
    """
    # A narrative citation (`… 2004). Smith and Jones (2001) showed`) opens the next sentence.
    marker_at = {m.start: m for m in markers if not is_narrative(m)}
    spans: list[Span] = []
    start = skip_space(text, 0)
    for match in _TERMINATOR.finditer(text):
        term_start, end = match.span()
        if term_start < start:
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
        if _is_boundary(text, term_start, match.end(), next_pos):
            spans.append(Span(start, end))
            start = next_pos
    tail_end = len(text.rstrip())
    if start < tail_end:
        spans.append(Span(start, tail_end))
    if (")" in text or ". " in text) and (_ITEM_AFTER_SPACE.search(text) or _ITEM.match(text)):
        spans = [piece for span in spans for piece in _split_enumeration(text, span)]
    return spans


# Items of an inline enumeration: `1.) mix 2.) add`, `1) mix 2) add`, `a. red b. blue`.
_ITEM = re.compile(r"(?<!\S)(?:(?P<n>\d{1,2})\.?\)|(?P<a>[a-z])[.)])\s+(?=\S)")
# What every item not at the start of a text has around it: tells fast that a paragraph has none.
_ITEM_AFTER_SPACE = re.compile(r"\s(?:\d{1,2}\.?\)|[a-z][.)])\s")


def _split_enumeration(text: str, span: Span) -> list[Span]:
    """A sentence holding an inline enumeration of two or more items counted from 1 (or `a`),
    split before each item, as the Golden Rules of sentence segmentation expect."""
    items = []
    expected_n, expected_a = 1, "a"
    for m in _ITEM.finditer(text, span.start, span.end):
        if m.group("n") is not None and int(m.group("n")) == expected_n:
            items.append(m.start())
            expected_n += 1
        elif m.group("a") is not None and m.group("a") == expected_a:
            items.append(m.start())
            expected_a = chr(ord(expected_a) + 1)
    if len(items) < 2 or (expected_n > 1 and expected_a > "a"):
        return [span]
    out = []
    start = span.start
    for item in items:
        end = len(text[:item].rstrip())
        if end > start:
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
