"""Author-year citations: recognition (with and without a reference list), resolution to
entries, unnumbered lists, the ledger and integrity, and linear time on hostile text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from claimtrace import extract, extract_path
from claimtrace.citations import (
    AuthorYearIndex, ListedWork, explain, find_markers, name_key, opens_author_year_entry, strip_markers,
)
from claimtrace.reference_list import author_year_index, find_reference_section, parse_references

FIXTURES = Path(__file__).parent / "fixtures"


def _found(text: str, index: AuthorYearIndex | None = None) -> list[tuple[str, str, list[str]]]:
    return [(m.raw, m.recognizer, [w.key for w in m.works]) for m in find_markers(text, index=index) if m.style == "author_year"]


# Forms recognised on their own, with no reference list: the form is evidence enough.
STRONG = [
    ("It rose (Smith et al., 2001; Jones & Lee, 2003).",
     [("(Smith et al., 2001; Jones & Lee, 2003)", "author_year_unlisted", ["Smith et al., 2001", "Jones & Lee, 2003"])]),
    ("(Smith 2001, p. 4)", [("(Smith 2001, p. 4)", "author_year_unlisted", ["Smith, 2001"])]),
    ("(e.g., Smith, 2001)", [("(e.g., Smith, 2001)", "author_year_unlisted", ["Smith, 2001"])]),
    ("(Smith, 2001a, 2001b)", [("(Smith, 2001a, 2001b)", "author_year_unlisted", ["Smith, 2001a", "Smith, 2001b"])]),
    ("(Smith, 2001a,b)", [("(Smith, 2001a,b)", "author_year_unlisted", ["Smith, 2001a", "Smith, 2001b"])]),
    ("(Smith and Jones, in press)", [("(Smith and Jones, in press)", "author_year_unlisted", ["Smith and Jones, in press"])]),
    ("[Smith et al., 2001]", [("[Smith et al., 2001]", "author_year_unlisted", ["Smith et al., 2001"])]),
    ("(Li, Polat, Scalzo, & Bavelier, 2010)",
     [("(Li, Polat, Scalzo, & Bavelier, 2010)", "author_year_unlisted", ["Li, Polat, Scalzo, & Bavelier, 2010"])]),
    ("Smith et al. (2001) showed it.", [("Smith et al. (2001)", "author_year_narrative_unlisted", ["Smith et al., 2001"])]),
    ("Smith and Jones's (2001) model", [("Smith and Jones's (2001)", "author_year_narrative_unlisted", ["Smith and Jones, 2001"])]),
    ("as Smith (2001, p. 4) notes", [("Smith (2001, p. 4)", "author_year_narrative_unlisted", ["Smith, 2001"])]),
    ("van der Berg et al. (2001) said", [("van der Berg et al. (2001)", "author_year_narrative_unlisted", ["van der Berg et al., 2001"])]),
    ("(de la Cruz & Müller, 2003)", [("(de la Cruz & Müller, 2003)", "author_year_unlisted", ["de la Cruz & Müller, 2003"])]),
    ("O'Neil and Durand-Dubief (2004) found", [("O'Neil and Durand-Dubief (2004)", "author_year_narrative_unlisted", ["O'Neil and Durand-Dubief, 2004"])]),
    ("(Hussein and el-Belbessy, 1998)", [("(Hussein and el-Belbessy, 1998)", "author_year_unlisted", ["Hussein and el-Belbessy, 1998"])]),
    ("(vanEngelsdorp et al., 2009)", [("(vanEngelsdorp et al., 2009)", "author_year_unlisted", ["vanEngelsdorp et al., 2009"])]),
    ("(Sterne and Davey Smith, 2001)", [("(Sterne and Davey Smith, 2001)", "author_year_unlisted", ["Sterne and Davey Smith, 2001"])]),
    ("(Domínguez Caparrós, 2000: 103)", [("(Domínguez Caparrós, 2000: 103)", "author_year_unlisted", ["Domínguez Caparrós, 2000"])]),
    # A bracket can hold a parenthesis: the citation inside is still found.
    ("[As shown by Audoly et al. (Audoly et al., 1998), and others]",
     [("Audoly et al. (Audoly et al., 1998)"[14:], "author_year_unlisted", ["Audoly et al., 1998"])]),
]


@pytest.mark.parametrize("text,expected", STRONG, ids=[t for t, _ in STRONG])
def test_strong_forms_need_no_list(text, expected):
    assert _found(text) == expected


# Refused without a list: a capitalised word and a year are not enough, and words that name no
# one are never authors on form alone.
WEAK_OR_NOT = [
    "It rose (Smith, 2001).",  # one name and a year: needs the list
    "(Smith 2001)",
    "the Civil Rights Act (1964)",
    "Windows (2010) shipped.",
    "(World Health Organization, 2020)",
    "(March 2010)",
    "(Spring and Summer, 2010)",
    "(Winter et al., 2009)",
    "Me and You (2006) is a film.",
    "(n = 45, 2001)",
    "(Table 1, 2001)",
    "(see Fig. 2)",
    "(2001)",
    "in 2001 (Smith)",
    "(smith et al., 2001)",
    "[2019]",
]


@pytest.mark.parametrize("text", WEAK_OR_NOT)
def test_refused_without_a_list(text):
    assert _found(text) == []


INDEX = AuthorYearIndex((
    ListedWork(1, "smith", 1, "2001"),
    ListedWork(2, "windows", 1, "2010"),
    ListedWork(3, "worldhealthorganization", 1, "2020", head="worldhealthorganization"),
    ListedWork(4, "winter", 3, "2009"),
    ListedWork(5, "usexrellitervpfizerinc", 1, "2007", head="usexrellitervpfizerinc"),
))

LISTED = [
    ("It rose (Smith, 2001).", [("(Smith, 2001)", "author_year", ["Smith, 2001"])]),
    ("Windows (2010) shipped.", [("Windows (2010)", "author_year_narrative", ["Windows, 2010"])]),
    ("(World Health Organization, 2020)", [("(World Health Organization, 2020)", "author_year", ["World Health Organization, 2020"])]),
    ("(Winter et al., 2009)", [("(Winter et al., 2009)", "author_year", ["Winter et al., 2009"])]),
    ("(US ex rel. Liter v. Pfizer, Inc, 2007)", [("(US ex rel. Liter v. Pfizer, Inc, 2007)", "author_year", ["US ex rel. Liter v. Pfizer, Inc, 2007"])]),
    # Strong forms stay citations when the list lacks them (integrity reports the key).
    ("(Jones et al., 2003)", [("(Jones et al., 2003)", "author_year_unlisted", ["Jones et al., 2003"])]),
    # The list vouches for no one here.
    ("the Civil Rights Act (1964)", []),
    ("(Paris, 1998)", []),
]


@pytest.mark.parametrize("text,expected", LISTED, ids=[t for t, _ in LISTED])
def test_the_list_decides_weak_forms(text, expected):
    assert _found(text, INDEX) == expected


def _resolve(citation: str, works: list[ListedWork]) -> list[tuple[int, ...]]:
    index = AuthorYearIndex(tuple(works))
    return [w.entries for m in find_markers(citation, index=index) for w in m.works]


def test_suffix_picks_the_nth_entry_of_that_author_and_year_in_list_order():
    works = [ListedWork(3, "smith", 1, "2001"), ListedWork(4, "smith", 1, "2001"), ListedWork(5, "smith", 2, "2001")]
    assert _resolve("(Smith, 2001a; Smith, 2001b; Smith, 2001c)", works) == [(3,), (4,), ()]


def test_suffix_printed_in_the_entry_wins():
    works = [ListedWork(3, "smith", 1, "2001", "b"), ListedWork(4, "smith", 1, "2001", "a")]
    assert _resolve("(Smith, 2001a)", works) == [(4,)]


def test_number_of_authors_tells_works_apart():
    works = [ListedWork(1, "smith", 1, "2001"), ListedWork(2, "smith", 2, "2001", second="jones"),
             ListedWork(3, "smith", 3, "2001"), ListedWork(4, "smith", 2, "2001", second="lee")]
    assert _resolve("(Smith, 2001; Smith & Lee, 2001; Smith et al., 2001)", works) == [(1,), (4,), (3,)]


def test_ambiguity_is_reported_not_guessed():
    works = [ListedWork(1, "smith", 1, "2001"), ListedWork(2, "smith", 1, "2001")]
    (marker,) = find_markers("(Smith et al., 2001; Smith, 2001)", index=AuthorYearIndex(tuple(works)))
    assert [w.status for w in marker.works] == ["ambiguous", "ambiguous"]
    assert marker.numbers == ()


@pytest.mark.parametrize("name,key", [
    ("van der Berg", "berg"), ("Van der Berg", "berg"), ("de la Cruz", "cruz"), ("Müller", "muller"),
    ("O'Neil", "oneil"), ("O’Neil", "oneil"), ("Durand-Dubief", "duranddubief"), ("De Boer", "boer"),
    ("President's Council on Bioethics", "presidentscouncilonbioethics"),
])
def test_name_keys(name, key):
    assert name_key(name) == key


def test_narrative_citation_opens_its_sentence_and_keeps_its_names_when_stripped():
    text = "Naps help (Lee et al., 2003; Kim & Park, 2004). Smith and Jones's (2001) model failed."
    ledger = extract(text)
    assert [r.text for r in ledger.records] == [
        "Naps help (Lee et al., 2003; Kim & Park, 2004).", "Smith and Jones's (2001) model failed."]
    second = text[text.index("Smith"):]
    assert strip_markers(second, find_markers(second)) == "Smith and Jones's model failed."


def test_explain_names_the_author_year_recognizer():
    assert explain("[Smith et al., 2001]") == "author_year_unlisted"
    assert explain("[2-4]") == "range"


FIXTURE_CITES = {
    "Sleep consolidates memory in adults (Smith et al., 2019; Jones & Lee, 2020).": (5, 2),
    "Lee (2018) showed that short naps restore attention.": (3,),
    "Older adults sleep less (Garcia, 2015; Brown, 2021).": (1,),
    "The World Health Organization recommends seven hours (World Health Organization, 2020).": (8,),
}


def test_fixture_ledger_links_and_integrity():
    ledger = extract_path(FIXTURES / "author_year.txt")
    assert len(ledger.references) == 9  # one entry wraps onto a second line
    assert ledger.references[3].text.startswith("Müller, P., & O'Neil, R. (2016). A model of sleep pressure.")
    by_text = {r.text: r for r in ledger.records}
    for text, entries in FIXTURE_CITES.items():
        assert by_text[text].linked_references == tuple(sorted(entries))
        assert [n for m in by_text[text].markers for n in m.numbers] == list(entries)
    windows = next(r for r in ledger.records if r.text.startswith("Windows (2010)"))
    assert windows.markers == ()  # no Windows in the list, and a capitalised word is not enough
    assert ledger.integrity.missing_keys == ("Garcia, 2015",)
    assert ledger.integrity.ambiguous_keys == ()
    assert ledger.integrity.uncited_entries == (9,)
    garcia = by_text["Older adults sleep less (Garcia, 2015; Brown, 2021)."]
    assert garcia.markers[0].to_dict()["works"] == [
        {"key": "Garcia, 2015", "entries": [], "status": "missing"},
        {"key": "Brown, 2021", "entries": [1], "status": "linked"},
    ]
    assert garcia.markers[0].style == "author_year"


def test_unlisted_citation_still_makes_a_claim_cited():
    ledger = extract("Sleep loss raises the risk of diabetes by 30% (Smith et al., 2001).")
    (record,) = ledger.records
    assert record.citations == () and record.is_cited
    assert ledger.integrity.missing_keys == ("Smith et al., 2001",)


def test_markdown_list_one_entry_a_line_is_split(tmp_path):
    path = tmp_path / "paper.md"
    path.write_text(
        "# Sleep\n\nSleep consolidates memory (Smith et al., 2019; Jones & Lee, 2020).\n"
        "Lee (2018) showed that short naps restore attention.\n\n## References\n\n"
        "Jones, K., & Lee, M. (2020). Memory and sleep. Nature, 4, 5-6.\n"
        "Lee, M. (2018). Naps restore attention. Science, 1, 2-3.\n"
        "Smith, J., Park, S., & Kim, H. (2019). Sleep and memory. Cell, 2, 3-4.\n"
        "van der Berg, P. (2017). Children sleep. J Sleep, 1, 1-9.\n",
        encoding="utf-8",
    )
    ledger = extract_path(path)
    assert [r.text[:8] for r in ledger.references] == ["Jones, K", "Lee, M. ", "Smith, J", "van der "]
    assert [r.linked_references for r in ledger.records if r.kind.value != "heading"] == [(1, 3), (2,)]
    assert ledger.integrity.uncited_entries == (4,)


@pytest.mark.parametrize("line,opens", [
    ("Smith, J. A., & Lee, K. (2001). Title.", True), ("van der Berg, P. (2017a). Title.", True),
    ("World Health Organization (2020). Guidelines.", True), ("Sørensen TIA (2003). Weight loss.", True),
    ("  sleep pressure. J Sleep Res, 2, 10-20.", False), ("Press, Oxford.", False),
])
def test_author_year_entry_openers(line, opens):
    assert opens_author_year_entry(line) is opens


def test_unnumbered_list_one_a_line_with_wrapped_tails():
    text = ("Body text.\n\nReferences\n"
            "Adams, B. (1999). A title that\n  wraps. Nature, 1, 2.\nBrown, C. (2000). Short. Cell, 3, 4.\n")
    entries = parse_references(text, find_reference_section(text))
    assert [e.text for e in entries] == ["Adams, B. (1999). A title that wraps. Nature, 1, 2.", "Brown, C. (2000). Short. Cell, 3, 4."]
    index = author_year_index(entries)
    assert index is not None and [(w.number, w.surname, w.year) for w in index.works] == [(1, "adams", "1999"), (2, "brown", "2000")]


# Capitalised words followed by years, in every arrangement the recognizers look at; the list
# knows none of these names (a list that knows them makes each a real citation: see below).
HOSTILE_UNITS = [
    "Smith (2001) ", "Smith 2001 (Smith 2001 [Smith 2001 ", "(Smith, 2001; ", "Van Der Berg De La (2001) ",
    "Aa, Bb, Cc, Dd, Ee, Ff, Gg (2001) ", "(A B C D E F G H I J 2001 ", "Aa Bb (2001) (2002, 2003) ",
]


# The requirement is well under a second per megabyte on a quiet machine (measured: see the
# closing note of issue 19). The suite runs on a shared machine (load 5-10 on 2 cores while this
# was written), so what is asserted is the shape: four times the text takes about four times
# the time (a quadratic pattern: sixteen; ten is allowed for a machine whose load changes between
# runs), and never minutes.
SECONDS_PER_MB = 10.0


def _seconds(text: str, index: AuthorYearIndex | None, runs: int = 1) -> float:
    """The best CPU time of `runs` runs: CPU, not wall, time, so other work on a busy machine
    (a parallel test run, a benchmark) does not stretch one side of a ratio."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        find_markers(text, index=index)
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
def test_linear_time_on_capitalised_words_and_years(unit):
    """100,000 capitalised words followed by years, with no list and with one that knows none
    of the names: time in proportion to the text."""
    text = unit * 100_000
    index = AuthorYearIndex((ListedWork(1, "jones", 1, "2001"),))
    for given in (None, index):
        small = _seconds(unit * 25_000, given, runs=3)
        large = _seconds(text, given, runs=2)
        assert large < 10 * small + 0.1, (unit, small, large)
        assert large < SECONDS_PER_MB * len(text) / 1_000_000, (unit, large, len(text))


def test_many_real_citations_take_time_in_proportion():
    """Every unit a citation the list vouches for: four times the text, about four times the time."""
    index = AuthorYearIndex((ListedWork(1, "smith", 3, "2001"),))

    def timed(count: int) -> float:
        started = time.process_time()
        assert len(find_markers("Smith et al. (2001) " * count, index=index)) == count
        return time.process_time() - started

    small, large = min(timed(5_000) for _ in range(3)), min(timed(20_000) for _ in range(2))
    assert large < 8 * small + 0.05, (small, large)


def test_every_format_says_which_style_a_marker_is():
    """CSV/TSV have `marker_styles` (one per marker, in marker order), JSON each marker's `style`,
    the report each marker's `data-style` and a tooltip naming it."""
    import csv
    import io
    import json

    from claimtrace.defaults import Format
    from claimtrace.writers import LEDGER, WriteOptions, make_writer

    ledger = extract("Sleep is restored by naps (Smith et al., 2001) and by tea.³ It works [2].\n\n"
                     "References\n\n1. Jones A. Tea. J Tea 1999;1:1.\n2. Lee B. Naps. J Sleep 2000;2:2.\n"
                     "3. Wu C. Tea again. J Tea 2002;3:3.\n\n"
                     "Smith, A., Lee, B., & Wu, C. (2001). Naps. Sleep, 1, 1-2.\n")

    def written(fmt: Format) -> str:
        stream = io.StringIO()
        writer = make_writer(fmt, stream, LEDGER, WriteOptions())
        writer.begin()
        writer.document(ledger)
        writer.end(ledger.summary)
        return stream.getvalue()

    styles = [m.style for r in ledger.records for m in r.markers]
    rows = list(csv.DictReader(io.StringIO(written(Format.csv))))
    assert [s for row in rows for s in row["marker_styles"].split(";") if s] == styles
    assert styles == ["author_year", "superscript", "bracket"]
    records = json.loads(written(Format.json))["documents"][0]["records"]
    assert [m["style"] for r in records for m in r["markers"]] == styles
    page = written(Format.html)
    for style in set(styles):
        assert f'data-style="{style}"' in page


def test_the_workbook_shows_each_marker_and_its_style():
    import io

    import openpyxl

    from claimtrace.defaults import Format
    from claimtrace.writers import LEDGER, WriteOptions, make_writer

    ledger = extract("Naps help (Smith et al., 2001).³ Tea helps [2].")
    stream = io.BytesIO()
    writer = make_writer(Format.xlsx, stream, LEDGER, WriteOptions(include_all=True))
    writer.begin()
    writer.document(ledger)
    writer.end(ledger.summary)
    sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))["Claims"]
    header = [c.value for c in sheet[1]]
    cells = [row[header.index("markers")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells == ["(Smith et al., 2001) author_year\n³ superscript", "[2] bracket"]
