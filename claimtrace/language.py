"""Which language a paragraph is written in: the claim model and the kind rules read English.

Most text claimtrace meets is English, so a cheap test comes first: the share of running words
that are common English function words (about 0.4 in English prose, under 0.1 in French, German
or Spanish). Only text that fails it is given to py3langid (Lui & Baldwin's langid.py, BSD; its
model ships in the wheel and loads in about half a second, once per process, only when needed).
"""

from __future__ import annotations

import functools
import re
from typing import Any

ENGLISH = "en"
# Fewer words than this say too little: the paragraph takes the document's language.
MIN_WORDS = 8
_SAMPLE = 1000  # characters looked at; a paragraph's language shows in its first lines
_ENGLISH_SHARE = 0.2
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_FUNCTION_WORDS = frozenset(
    "the of and to a in is that for it as was with be by on not he i this are or his from at "
    "which but have an they you were her she there been one all we their has would when if so "
    "no what can more out up about into them some could him than then its only other new also "
    "these two may any my now such like our over me even most after should where how do does "
    "did because who will just those very your had being said each many much while both between "
    "through during before under since without again same own off here why against it's isn't "
    "don't I'm".lower().split()
)


# py3langid must be this sure before a paragraph is called non-English: keyword lists and title
# lines fail the function-word test and get low, scattered guesses ("st" at 0.04).
_CONFIDENCE = 0.9


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid import langid  # noqa: PLC0415 - half a second to load; English never needs it

    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def language_of(text: str) -> str | None:
    """The ISO 639-1 code of `text`'s language, or None when it is too short or unclear to tell."""
    sample = text[:_SAMPLE]
    words = _WORD.findall(sample.lower())
    if sum(len(w) > 1 for w in words) < MIN_WORDS:  # "a B B B B" is no text to tell by
        return None
    if sum(map(_FUNCTION_WORDS.__contains__, words)) >= _ENGLISH_SHARE * len(words):
        return ENGLISH
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= _CONFIDENCE else None


def paragraph_languages(paragraphs: list[str]) -> tuple[str, list[str]]:
    """The document's language (that of most of its text; English when nothing tells) and each
    paragraph's: its own when it tells, else the document's."""
    own = [language_of(p) for p in paragraphs]
    chars: dict[str, int] = {}
    for text, lang in zip(paragraphs, own):
        if lang is not None:
            chars[lang] = chars.get(lang, 0) + len(text)
    document = max(chars, key=lambda k: (chars[k], k == ENGLISH)) if chars else ENGLISH
    return document, [lang or document for lang in own]
