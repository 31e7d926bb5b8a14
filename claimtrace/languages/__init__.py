"""Language resources: one module per language, holding its word lists and word-bound rules.

`en.py` holds every English word list and every pattern built of English words that the stages
read text with: sentence ends and abbreviations (`sentences`, `blocks`, the PDF reader), heading
and section-title words (`blocks`, `citations`), kind and claim cue words (`kinds`), function words
(`language`, `scoring.features`), month names, name particles and reference-list labels
(`citations`, `reference_fields`), navigation and label words (the readers). Nothing else in the
package holds such a list (`tests/test_languages.py`); a stage imports the names it reads.

Which language is used: today every stage reads with English resources, whatever the text's
language. `language.language_of` tells each paragraph's language, and a paragraph that is not
English is not judged (no score, no `is_claim`: `pipeline`), but it is still split and its
markers found with the English rules. A language is registered below by its ISO 639-1 code;
`resources(code)` gives its module, and every registered module defines every name in
`REQUIRED` (checked by the tests), so a stage that is given a language can ask for it by name.
"""

from __future__ import annotations

import importlib
from types import ModuleType

ENGLISH = "en"

# ISO 639-1 code -> the module of `claimtrace.languages` that holds the language's resources.
REGISTRY: dict[str, str] = {ENGLISH: "en"}

# The names every language module defines: what the stages read. A new language defines them
# all (an empty list where the language has none), so nothing falls back to English unseen.
REQUIRED = (
    # sentence ends, abbreviations, headings (`sentences`, `blocks`, `readers/pdf.py`)
    "SENTENCE_END_MARKS", "CLOSING_MARKS", "OPENING_MARKS", "SENTENCE_END", "LINE_ENDS_SENTENCE",
    "LINE_ENDS_PROSE", "NEVER_FINAL", "BEFORE_NUMBER", "DOTTED_WORDS", "NAME_INITIALS", "SENTENCE_OPENERS",
    "TITLES_OPENING", "TIME_ZONES", "SPEECH_TAG", "CLOCK_TIME_END", "OPENING_TIME", "CITATION_AFTER",
    "HEADING_SMALL_WORDS", "HEADING_EDIT_LINK",
    # which language a text is in; the claim model's shape block (`language`, `scoring.features`)
    "FUNCTION_WORDS",
    # kinds and form cues (`kinds`)
    "CUE_WORDS", "CUE_PAIRS", "CATEGORY_NOUNS", "IMPERATIVES", "PAST_FORMS", "NOT_PAST", "PRONOUN_I",
    "WORD_AS_WRITTEN", "NUMBER_WORDS", "UNITS", "SCALE_WORDS", "LOCATOR_WORDS", "PLURAL_NOUNS", "NOT_PLURAL",
    "CHANGE_BEFORE", "QUANTITY_OPENERS", "TITLE_CUES", "NAMED_TIME", "NAMED_TIME_INITIALS", "TIME_AGO",
    "NOT_DATING", "DEFINING", "FURNITURE", "ALL_RIGHTS", "BYLINE", "DATE_LABEL", "CUE_EXCEPTIONS", "COPULAS",
    "INDEFINITE_ARTICLES", "UNITS_AFTER_YEAR", "SHAPE_SUFFIXES",
    # citations and reference lists (`citations`, `reference_fields`, the readers)
    "NAME_PARTICLES", "PARTICLE_PATTERN", "NAME_WORDS", "NOT_AUTHORS", "CITING_LEAD", "FLAG_WORDS",
    "AND_PATTERN", "NAME_LINK_WORDS", "ORG_SMALL_WORDS", "SEVERAL_NAMES", "NAME_SPLIT", "INITIALS_END",
    "UNDATED_YEAR", "UNDATED_HINT", "UNDATED_ENTRY", "UNDATED_LISTED", "FLAG_SUFFIXES",
    "EDITORIAL_BRACKET", "LOCATOR_LABEL", "INTERVAL_BEFORE", "UNIT_AFTER", "REFERENCE_HEADING",
    "NOTES_HEADING", "SOURCE_BLOCK", "BACKLINK_LABEL", "MONTH_PATTERN", "ACCESSED_LABEL", "ARCHIVED_LABEL",
    "CITATION_WORDS",
    "PUBLISHER_TAIL", "NAVIGATION_PATH", "SHARE_OR_SIGN_IN", "VOLUME_LABEL", "ISSUE_LABEL", "PAGES_LABEL",
    "MORE_AUTHORS", "EDITOR_LABEL", "IN_BOOK",
    # a document's text layer (`readers/pdf.py`)
    "PAGE_NUMBER",
)


def resources(code: str) -> ModuleType:
    """The module holding the resources of the language `code` ("en").

    Raises `KeyError` for a language with no resources (see `REGISTRY`).
    """
    return importlib.import_module(f"{__name__}.{REGISTRY[code]}")
