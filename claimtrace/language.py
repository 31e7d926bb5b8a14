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

from .languages import ENGLISH as ENGLISH
from .languages.en import FUNCTION_WORDS as FUNCTION_WORDS

# Fewer words than this say too little: the paragraph takes the document's language.
MIN_WORDS = 8
_SAMPLE = 1000  # characters looked at; a paragraph's language shows in its first lines
_ENGLISH_SHARE = 0.2
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Scripts written without spaces between words: their letters, not their words, tell.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_MIN_UNSPACED = 10

# py3langid must be this sure before a paragraph is called non-English: keyword lists and title
# lines fail the function-word test and get low, scattered guesses ("st" at 0.04).
_CONFIDENCE = 0.9


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid import langid  # noqa: PLC0415 - half a second to load; English never needs it

    try:
        return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    except OSError:
        # py3langid unpacks its model (68 MB) through a file in TMPDIR: with that folder full or
        # not writable, every document that needed it failed as an "internal error".
        return _identifier_unpacked_in_memory(langid)


def _identifier_unpacked_in_memory(langid: Any) -> Any:
    """py3langid's identifier with its model unpacked in memory, as `modelio.load_model` unpacks
    it into a temporary file (the same arrays: the same answers, tested)."""
    import io
    import lzma
    from array import array

    import numpy as np

    def stdlib_array(values: Any) -> array:  # what py3langid's tokenizer indexes
        out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
        out.frombytes(np.ascontiguousarray(values).tobytes())
        return out

    with lzma.open(langid.MODEL_DIR / langid.MODEL_FILE) as packed:
        unpacked = io.BytesIO(packed.read())
    with np.load(unpacked, allow_pickle=False) as data:
        return langid.LanguageIdentifier(
            np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
            stdlib_array(data["nextmove"]), data["out_feat"].tolist(), norm_probs=True,
            tk_row=stdlib_array(data["nextmove_row"]))


def _has_words(words: list[str], count: int) -> bool:
    """Whether `count` of the words are longer than one letter (read only as far as needed)."""
    for word in words:
        if len(word) > 1:
            count -= 1
            if count == 0:
                return True
    return count <= 0


def language_of(text: str) -> str | None:
    """The ISO 639-1 code of `text`'s language, or None when it is too short or unclear to tell."""
    sample = text[:_SAMPLE]
    words = _WORD.findall(sample.lower())
    unspaced = False
    if not _has_words(words, MIN_WORDS):  # "a B B B B" is no text to tell by
        # Chinese, Japanese, Thai are written without spaces: their script already says "not
        # English", and py3langid only has to name the language.
        unspaced = len(_UNSPACED.findall(sample)) >= _MIN_UNSPACED
        if not unspaced:
            return None
    elif sum(map(FUNCTION_WORDS.__contains__, words)) >= _ENGLISH_SHARE * len(words):
        return ENGLISH
    code, probability = _identifier().classify(sample)
    return str(code) if unspaced or probability >= _CONFIDENCE else None


def paragraph_languages(paragraphs: list[str], document: str | None = None) -> tuple[str, list[str]]:
    """The document's language (that of most of its text; English when nothing tells) and each
    paragraph's: its own when it tells, else the document's.

    `document` is the document's language when it is already known (a document read a window at
    a time: `language_counts` over the whole text first).
    """
    own = [language_of(p) for p in paragraphs]
    if document is None:
        document = document_language(language_counts(paragraphs, own))
    return document, [lang or document for lang in own]


def language_counts(paragraphs: list[str], own: list[str | None], into: dict[str, int] | None = None) -> dict[str, int]:
    """Characters per language over the paragraphs that tell theirs (added to `into`)."""
    chars = {} if into is None else into
    for text, lang in zip(paragraphs, own):
        if lang is not None:
            chars[lang] = chars.get(lang, 0) + len(text)
    return chars


def document_language(chars: dict[str, int]) -> str:
    """The language of most of the text (English on a tie, and when nothing tells)."""
    return max(chars, key=lambda k: (chars[k], k == ENGLISH)) if chars else ENGLISH


# ---------------------------------------------------------------------------------------------
# English words

# The shipped word vectors' vocabulary (`scoring.vectors`): GloVe 6B's 50,000 most frequent
# lower-case words, most frequent first. One file, read here and by the vectors loader.
WORD_VECTORS_FILE = "word_vectors.npz"


def shipped_vectors_bytes() -> bytes:
    """The bytes of the shipped word-vector file (`claimtrace/models/word_vectors.npz`)."""
    from importlib import resources
    from pathlib import Path

    from .errors import InputError

    try:
        return resources.files("claimtrace").joinpath("models").joinpath(WORD_VECTORS_FILE).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        path = Path(__file__).resolve().parent / "models" / WORD_VECTORS_FILE
        try:
            return path.read_bytes()
        except OSError as exc:
            raise InputError(f"the shipped word vectors are missing: {path}") from exc


@functools.lru_cache(maxsize=1)
def english_words() -> dict[str, int]:
    """Lower-case English word -> its frequency rank (0 is the most frequent); read once."""
    import io

    import numpy as np

    with np.load(io.BytesIO(shipped_vectors_bytes()), allow_pickle=False) as z:
        words = bytes(z["words"]).decode("utf-8").split("\n")
    return {w: i for i, w in enumerate(words)}


def is_english_word(word: str) -> bool:
    """Whether `word` (any case) is one of the 50,000 most frequent English words."""
    return word.lower() in english_words()

