"""Language resources live in one place: `claimtrace/languages/` (one module per language).

Every registered language defines the names the stages read (`languages.REQUIRED`), and no
module outside the package holds a word list or a pattern built of a run of words: a stage
imports them (docs/architecture.md, "Where a new language goes").
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from claimtrace import languages
from claimtrace.languages import en

PACKAGE = Path(__file__).resolve().parents[1] / "claimtrace"
OUTSIDE = sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] != "languages")


@pytest.mark.parametrize("code", sorted(languages.REGISTRY))
def test_every_language_defines_every_resource(code):
    module = languages.resources(code)
    assert module.CODE == code
    missing = [name for name in languages.REQUIRED if not hasattr(module, name)]
    assert not missing, f"{code} lacks {missing}"
    for name in languages.REQUIRED:
        value = getattr(module, name)
        assert isinstance(value, (str, frozenset, tuple, re.Pattern)), (code, name)
        if isinstance(value, frozenset):
            assert value and all(isinstance(w, str) and w for w in value), (code, name)


def test_the_contract_is_what_english_defines():
    """`REQUIRED` lists every public name of the reference language, and nothing else."""
    public = {name for name in vars(en) if name.isupper() and not name.startswith("_")}
    assert public - {"CODE"} == set(languages.REQUIRED)
    assert len(set(languages.REQUIRED)) == len(languages.REQUIRED)


def test_an_unknown_language_has_no_resources():
    with pytest.raises(KeyError):
        languages.resources("xx")


def test_the_stages_read_the_language_module():
    """The lists the stages use are the language module's objects, not copies."""
    from claimtrace import blocks, citations, kinds, language, reference_fields, sentences
    from claimtrace.readers import pdf

    assert sentences._NEVER_FINAL is en.NEVER_FINAL
    assert sentences._TERMINATOR is en.SENTENCE_END
    assert blocks._TERMINAL is en.LINE_ENDS_PROSE and blocks._SMALL_WORDS is en.HEADING_SMALL_WORDS
    assert kinds._UNITS is en.UNITS and kinds._FURNITURE is en.FURNITURE
    assert citations._REFERENCE_HEADING is en.REFERENCE_HEADING and citations._NOT_AUTHORS is en.NOT_AUTHORS
    assert reference_fields._PARTICLES is en.NAME_WORDS
    assert language.FUNCTION_WORDS is en.FUNCTION_WORDS
    assert pdf._SENTENCE_END is en.LINE_ENDS_SENTENCE and pdf._PAGE_NUMBER is en.PAGE_NUMBER


def test_one_section_number_rule():
    """Body text and the PDF reader read a numbered section title by one rule (`text.py`)."""
    from claimtrace import blocks, text
    from claimtrace.readers import pdf

    assert blocks._SECTION_NUMBER is text.SECTION_NUMBER is pdf._SECTION_NUMBER


@pytest.mark.parametrize(("line", "numbered"), [
    ("2.1 Data collection", True), ("IV. DISCUSSION", True), ("12 Results", True), ("4.1. LIMITATIONS", True),
    ("Results", False), ("2.1", False), ("v2 release", False), ("iv. lower case", False),
])
def test_section_number(line, numbered):
    from claimtrace.text import SECTION_NUMBER

    assert bool(SECTION_NUMBER.match(line)) is numbered


# ---------------------------------------------------------------------------------------------
# No word lists outside the language package

# A collection of this many words or more is a word list (the smallest moved list has 5).
_MIN_WORDS = 5
_WORD = re.compile(r"[A-Za-z][a-z.'’-]*")  # a word, not an identifier (`ct_markers`, `DEFAULT_X`)
# Collections of words that belong to no language: markup and machine vocabularies.
_NOT_LANGUAGE = {
    ("citations.py", "_SECOND_LEVEL"),  # second-level domain labels (`co.uk`, `gov.au`)
    ("citations.py", "_POWER_UNITS"),  # SI and imperial unit symbols before a raised number (`cm²`)
    ("readers/html.py", "_BLOCKS"),  # HTML element names
    ("readers/html.py", "_FLAT"),
    ("readers/html.py", "_HTML_CONTAINERS"),
}


def _string_items(node: ast.AST) -> list[str] | None:
    """The strings a literal collection holds: `frozenset(("a", "b"))`, `{"a", "b"}`,
    `("a", "b")`, `"a b c".split()`; None for anything else."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "split" and isinstance(func.value, ast.Constant) \
                and isinstance(func.value.value, str) and not node.args:
            return func.value.value.split()
        if isinstance(func, ast.Name) and func.id in ("frozenset", "set", "tuple") and len(node.args) == 1:
            return _string_items(node.args[0])
        return None
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return items if len(items) == len(node.elts) else None
    return None


def _word_lists(path: Path) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
            continue
        if node.targets[0].id == "__all__":
            continue
        items = _string_items(node.value)
        words = [w for w in items or () if _WORD.fullmatch(w)]
        if len(words) >= _MIN_WORDS:
            found.append((node.targets[0].id, len(words)))
    return found


def test_no_word_lists_outside_the_language_package():
    where = {str(p.relative_to(PACKAGE)): _word_lists(p) for p in OUTSIDE}
    lists = [f"{module}:{name} ({n} words)" for module, found in where.items() for name, n in found
             if (module, name) not in _NOT_LANGUAGE]
    assert not lists, "word lists belong in claimtrace/languages/: " + ", ".join(lists)
    # Every exception still exists: a stale one would hide the next list of that name.
    assert {(m, name) for m, found in where.items() for name, _ in found} >= _NOT_LANGUAGE


# A regex literal with a run of alternatives that are words (`(?:references?|notes|sources|…)`).
_WORD_ALTERNATION = re.compile(r"(?:[A-Za-z][a-z]{2,}(?:\s[a-z]+)?\??\|){5,}")


def _pattern_literals(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "compile" and node.args:
            source = ast.unparse(node.args[0])
            if _WORD_ALTERNATION.search(source.replace("(?:", "").replace(")", "|")):
                out.append((node.lineno, source[:60]))
    return out


def test_no_worded_patterns_outside_the_language_package():
    found = [f"{p.relative_to(PACKAGE)}:{line} {source}" for p in OUTSIDE for line, source in _pattern_literals(p)]
    assert not found, "patterns built of words belong in claimtrace/languages/: " + "; ".join(found)


# ---------------------------------------------------------------------------------------------
# One caret-entry rule: the reference list and the field parser read Wikipedia's back-links alike

_ENTRIES = [
    "van Brakel, W. H., & Anderson, A. M. (2001). Leprosy care. Lepr Rev, 72, 5–6.",
    'Smith, John; Doe, Jane (2010). "Trade". Economy. 5 (2): 1–9.',
]


@pytest.mark.parametrize(("backlinks", "entry"), [
    *((b, e) for b in ("^ ", "^ a b ", "^ Jump up to: a b c ", "↑ a b ") for e in _ENTRIES),
    # A name particle after a bare caret is no back-link (the old field parser's own pattern
    # dropped it). After `^ a b` it still is read as one: `^ a b de Groot` (not fixed).
    ("^ ", "de Groot, B. L., Frigato, T., & Helms, V. (2003). The role of water. Nature, 5, 1–9."),
])
def test_back_links_leave_an_entry_as_it_is(backlinks, entry):
    """The field parser strips Wikipedia's back-links (`^ a b`) with `citations.entry_opener`,
    as the list reader does."""
    from claimtrace.reference_fields import reference_fields

    assert reference_fields(backlinks + entry) == reference_fields(entry)
