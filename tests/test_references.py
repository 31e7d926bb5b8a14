"""Reference-list finding and parsing: every numbered form, wrapped lines, broken lists, and the
body-with-a-numbered-list case that must not be mistaken for a bibliography."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimtrace.ledger import Reference
from claimtrace.text import Span
from claimtrace.kinds import Kind
from claimtrace.ledger import Marker, Record
from claimtrace.linking import integrity
from claimtrace.reference_fields import reference_fields
from claimtrace.reference_list import find_reference_section, parse_references

ROOT = Path(__file__).parents[1]
SEED = ROOT / "seeds" / "000_c6909b873426236a.txt"
SHARED = ROOT.parent / "shared" / "datasets"
CITATIONS_DEV = sorted((SHARED / "citations-dev").glob("*.txt"))

BODY = (
    "Sea level rose 20 cm between 1901 and 2018.[1] The rate has tripled since 1970.[2]\n"
    "Harbour engineers plan for another metre by 2100.[3]"
)


def parse(text: str) -> list[Reference]:
    section = find_reference_section(text)
    assert section is not None, "no section found"
    return parse_references(text, section)


def numbers(refs: list[Reference]) -> list[int]:
    return [r.number for r in refs]


# (name, appended list, expected numbers, expected first-entry text)
FORMS = [
    ("brackets", "[1] Church 2011.\n[2] NOAA 2022.\n[3] Interview, 2021.", [1, 2, 3], "Church 2011."),
    ("dots", "1. Church 2011.\n2. NOAA 2022.\n3. Interview, 2021.", [1, 2, 3], "Church 2011."),
    ("parens", "1) Church 2011.\n2) NOAA 2022.\n3) Interview, 2021.", [1, 2, 3], "Church 2011."),
    ("brackets-tight", "[1]Church 2011.\n[2]NOAA 2022.", [1, 2], "Church 2011."),
    ("indented", "  [1] Church 2011.\n  [2] NOAA 2022.", [1, 2], "Church 2011."),
]


@pytest.mark.parametrize("heading", ["References", "REFERENCES:", "Notes", "Endnotes", "Sources",
                                     "Bibliography", "Works Cited", "7. References", ""])
@pytest.mark.parametrize("name,entries,expected,first", FORMS, ids=[f[0] for f in FORMS])
def test_numbered_forms_with_and_without_heading(heading, name, entries, expected, first):
    tail = f"{heading}\n{entries}" if heading else entries
    text = f"{BODY}\n{tail}"
    section = find_reference_section(text)
    assert section == Span(len(BODY) + 1, len(text))
    refs = parse_references(text, section)
    assert numbers(refs) == expected
    assert refs[0].text == first
    for ref in refs:
        assert text[ref.start : ref.end] == ref.text


@pytest.mark.parametrize(
    "entries,expected_texts",
    [
        # Wikipedia copy-paste, one back-link and several.
        ('^ "Mozilla Foundation Reorganization". Mozilla. 2003.\n^ a b c Eich, Brendan (2004).',
         ['"Mozilla Foundation Reorganization". Mozilla. 2003.', "Eich, Brendan (2004)."]),
        ("^ Jump up to: a b Smith (2010). A book.\n^ Jones (2011).", ["Smith (2010). A book.", "Jones (2011)."]),
        # "^ a book" is text, not back-links: only a run of one-letter links is stripped.
        ("^ a book about reefs, 1999.", ["a book about reefs, 1999."]),
    ],
)
def test_caret_entries_numbered_by_order(entries, expected_texts):
    refs = parse(f"{BODY}\nNotes\n{entries}")
    assert [r.text for r in refs] == expected_texts
    assert numbers(refs) == list(range(1, len(expected_texts) + 1))


def test_wrapped_entries_join_their_continuation_lines():
    text = (
        f"{BODY}\nReferences\n"
        "[1] Church, J. A. and White, N. J. (2011). Sea-level rise from the late 19th to the\n"
        "    early 21st century. Surveys in Geophysics 32: 585-602.\n"
        "[2] NOAA (2022). Global and Regional Sea Level Rise Scenarios.\n"
        "https://example.org/noaa\n"
        "[3] Wang (2019)."
    )
    refs = parse(text)
    assert numbers(refs) == [1, 2, 3]
    assert refs[0].text.endswith("to the early 21st century. Surveys in Geophysics 32: 585-602.")
    assert refs[1].urls == ("https://example.org/noaa",)
    assert text[refs[0].start : refs[0].end].startswith("Church")
    assert text[refs[1].end - 4 : refs[1].end] == "noaa"


def test_wrapped_entries_without_heading():
    text = (
        f"{BODY}\n"
        "1. Church, J. A. (2011). Sea-level rise from the late 19th to the early 21st\n"
        "century. Surveys in Geophysics.\n"
        "2. NOAA (2022). Scenarios."
    )
    refs = parse(text)
    assert numbers(refs) == [1, 2]
    assert refs[0].text.endswith("21st century. Surveys in Geophysics.")


@pytest.mark.parametrize(
    "entries,expected",
    [
        ("[1] A 2001.\n[2] B 2002.\n[4] D 2004.", [1, 2, 4]),  # gap
        ("[1] A 2001.\n[2] B 2002.\n[2] B again 2002.\n[3] C 2003.", [1, 2, 2, 3]),  # duplicate
        ("[1] A 2001.\nunnumbered tail line\n[2] B 2002.", [1, 2]),  # unnumbered line continues
        ("[3] C 2003.\n[4] D 2004.\n[5] E 2005.", [3, 4, 5]),  # list starting at a low number
    ],
    ids=["gap", "duplicate", "unnumbered-line", "starts-at-3"],
)
def test_broken_lists(entries, expected):
    refs = parse(f"{BODY}\nReferences\n{entries}")
    assert numbers(refs) == expected


def test_unnumbered_line_attaches_to_previous_entry():
    refs = parse(f"{BODY}\nReferences\n[1] A 2001.\nunnumbered tail line\n[2] B 2002.")
    assert refs[0].text == "A 2001. unnumbered tail line"


def test_fully_unnumbered_list_is_numbered_by_order():
    refs = parse(f"{BODY}\nBibliography\nSmith, A. (2001). One.\nJones, B. (2002). Two.\n")
    assert numbers(refs) == [1, 2]
    assert refs[1].text == "Jones, B. (2002). Two."


def test_unnumbered_blocks_separated_by_blank_lines():
    refs = parse(f"{BODY}\nSources\nSmith, A. (2001).\nA wrapped title.\n\nJones, B. (2002). Two.")
    assert [r.text for r in refs] == ["Smith, A. (2001). A wrapped title.", "Jones, B. (2002). Two."]


def test_intro_line_before_first_entry_is_dropped():
    refs = parse(f"{BODY}\nNotes\nThe following sources were used:\n[1] A 2001.\n[2] B 2002.")
    assert [r.text for r in refs] == ["A 2001.", "B 2002."]


# --- must not fire ----------------------------------------------------------------------------


def test_numbered_list_in_the_middle_is_not_a_reference_list():
    text = (
        "How to report a claim. There are three steps to follow.\n"
        "1. Find the source, published in 2019.\n"
        "2. Read it in full, see https://example.org.\n"
        "3. Quote it exactly (2020).\n"
        "After these steps the claim can be checked by anyone who reads the article carefully."
    )
    assert find_reference_section(text) is None


def test_trailing_how_to_list_is_not_a_bibliography():
    text = f"{BODY}\nTo check a claim:\n1. Find the source.\n2. Read it.\n3. Quote it."
    assert find_reference_section(text) is None


def test_list_that_starts_high_is_not_a_bibliography():
    assert find_reference_section(f"{BODY}\n17. Smith 2001.\n18. Jones 2002.") is None


def test_notes_heading_over_long_prose_is_a_section_not_a_list():
    prose = " ".join(["This paragraph is ordinary prose about the method, written in 2020."] * 12)
    assert find_reference_section(f"{BODY}\nNotes\n{prose}\n{prose}") is None


def test_text_without_list():
    assert find_reference_section(BODY) is None
    assert find_reference_section("") is None


def test_hint_wins():
    hint = Span(3, 9)
    assert find_reference_section(f"{BODY}\nReferences\n[1] A 2001.", hint) is hint


def test_heading_widens_to_earlier_reference_headings():
    # New Zealand: "Citations" holds the numbered notes, "References" the bibliography after it.
    text = f"{BODY}\nCitations\n[1] A 2001.\n[2] B 2002.\nReferences\nKing, M. (2003). A History."
    section = find_reference_section(text)
    assert text[section.start :].startswith("Citations")
    assert numbers(parse_references(text, section))[:2] == [1, 2]


# --- metadata ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry,field,value",
    [
        ("Church (2011). Sea level. doi:10.1007/s10712-011-9119-1.", "doi", "10.1007/s10712-011-9119-1"),
        ("See https://doi.org/10.1038/nature21707.", "doi", "10.1038/nature21707"),
        ("Page at https://example.org/a/2016/b, accessed 2019.", "urls", ("https://example.org/a/2016/b",)),
        ("Smith, J. (March 3, 2015). Title. https://example.org/2016/04/x", "year", 2015),
        ("Jones 1987, reprinted.", "year", 1987),
        ("Catalogue no. 12345, page 3001.", "year", None),
        ('Smith. "Mozilla Foundation Reorganization". Mozilla.', "title", "Mozilla Foundation Reorganization"),
        ("Benchmark, “Lithium price index,” 2022.", "title", "Lithium price index"),
        ("No quotes here, 2022.", "title", None),
    ],
)
def test_metadata(entry, field, value):
    (ref,) = parse(f"{BODY}\nReferences\n[1] {entry}")
    assert getattr(ref, field) == value


# --- the seed article with an appended list ---------------------------------------------------


def _seed_entries(style: str) -> list[str]:
    lines = []
    for n in range(1, 26):
        entry = f"Author {n}, “Source title number {n},” Publisher, {1990 + n}, https://example.org/{n}."
        marker = {"brackets": f"[{n}] ", "dots": f"{n}. ", "parens": f"{n}) ", "caret": "^ "}[style]
        lines.append(marker + entry)
    return lines


@pytest.mark.parametrize(
    "style,heading",
    [("brackets", None), ("dots", None), ("parens", None), ("brackets", "References"),
     ("dots", "Notes"), ("parens", "Endnotes"), ("caret", "Notes")],
)
def test_seed_with_appended_list(style, heading):
    body = SEED.read_text(encoding="utf-8")
    assert find_reference_section(body) is None
    cited = sorted({int(n) for n in re.findall(r"\[(\d+)\]", body)})
    assert cited == list(range(1, 26))
    tail = "\n".join(([heading] if heading else []) + _seed_entries(style))
    text = f"{body}\n{tail}"
    section = find_reference_section(text)
    assert section is not None and section.start == len(body) + 1  # the body ends where the list begins
    refs = parse_references(text, section)
    assert numbers(refs) == list(range(1, 26))
    assert all(r.year == 1990 + r.number for r in refs)
    assert refs[4].title == "Source title number 5"
    assert refs[4].urls == ("https://example.org/5",)
    report = integrity([_record(cited)], refs, has_list=True)
    assert report.missing_entries == () and report.uncited_entries == ()


# --- citations-dev: real numbered lists --------------------------------------------------------


@pytest.mark.skipif(not CITATIONS_DEV, reason="../shared/datasets/citations-dev not present")
@pytest.mark.parametrize("path", CITATIONS_DEV, ids=[p.stem for p in CITATIONS_DEV])
def test_citations_dev_reference_counts(path):
    text = path.read_text(encoding="utf-8")
    gold = json.loads((path.parent / f"{path.stem}.gold.json").read_text(encoding="utf-8"))
    section = find_reference_section(text)
    assert section is not None and text[section.start :].startswith("References")
    refs = parse_references(text, section)
    assert len(refs) == gold["references"]
    assert numbers(refs) == list(range(1, gold["references"] + 1))
    # every gold marker points at an existing entry
    cited = {n for m in gold["markers"] for n in m["numbers"]}
    assert integrity([_record(cited)], refs, has_list=True).missing_entries == ()


# --- integrity --------------------------------------------------------------------------------


def _ref(n: int) -> Reference:
    return Reference(number=n, text=f"entry {n}", start=0, end=0)


def _record(numbers, is_claim: bool = True) -> Record:
    markers = tuple(Marker(0, 1, "[x]", (n,), "single") for n in numbers)
    return Record(
        doc="d", id="d#1", section=None, paragraph=1, sentence=1, start=0, end=1, text="x",
        is_claim=is_claim, score=1.0, kind=Kind.STATEMENT, citations=tuple(sorted(set(numbers))),
        markers=markers,
    )


def test_integrity_counts():
    records = [_record([1]), _record([2]), _record([2, 5])] + [_record([5])] * 3 + [_record([])] * 2
    report = integrity(records, [_ref(1), _ref(2), _ref(3), _ref(3)], has_list=True)
    assert report.missing_entries == (5,)
    assert report.uncited_entries == (3,)
    assert report.duplicate_entries == (3,)
    assert report.uncited_claim_share == 0.25


def test_integrity_without_list_or_claims():
    report = integrity([_record([2], is_claim=False), _record([1], is_claim=False)], [], has_list=False)
    assert report.missing_entries == (1, 2)
    assert report.uncited_claim_share == 0.0


# --- structured fields, one row per citation style -------------------------------------------

STYLES = [
    ("plos", "Prescott DM (1994) The DNA of ciliated protozoa. Microbiol Rev 58: 233–267.",
     dict(authors=("Prescott DM",), title="The DNA of ciliated protozoa", container="Microbiol Rev",
          volume="58", pages="233–267", year=1994)),
    ("vancouver, year before volume", "Smith J, Doe A. Bird song in cities. Proc Biol Sci. 2011;278(1719):2054–60. doi:10.1098/rspb.2010.2001",
     dict(authors=("Smith J", "Doe A"), title="Bird song in cities", container="Proc Biol Sci", volume="278",
          issue="1719", pages="2054–60", year=2011, doi="10.1098/rspb.2010.2001")),
    ("ieee, year after pages", 'A. Smith and B. Doe, "Fast parsing of references," IEEE Trans. Pattern Anal., vol. 29, no. 11, pp. 2054–2060, 2007.',
     dict(authors=("A. Smith", "B. Doe"), title="Fast parsing of references", container="IEEE Trans. Pattern Anal",
          volume="29", issue="11", pages="2054–2060", year=2007)),
    ("apa", "Smith, J., & Doe, A. (2019). Checking claims at scale. Journal of Fact Checking, 5(2), 10–20. https://doi.org/10.1000/xyz123",
     dict(authors=("Smith, J.", "Doe, A."), title="Checking claims at scale", container="Journal of Fact Checking",
          volume="5", issue="2", pages="10–20", year=2019, doi="10.1000/xyz123", urls=("https://doi.org/10.1000/xyz123",))),
    ("apa surnames with particles", "de Chastellier, C., & van der Berg, J. (2003). Tail risk. Journal of Finance, 58(2), 1–20.",
     dict(authors=("de Chastellier, C.", "van der Berg, J."), title="Tail risk", container="Journal of Finance", year=2003)),
    ("vancouver names are not paired", "Smith J, de la Cruz M (2001) Bird song. Nature 400: 12–15.",
     dict(authors=("Smith J", "de la Cruz M"), title="Bird song", container="Nature")),
    ("wikipedia cite news", 'Kim, Jane (3 March 2015). "Why the deal collapsed". The Daily Planet. Retrieved 12 May 2018.',
     dict(authors=("Kim, Jane",), title="Why the deal collapsed", container="The Daily Planet", year=2015,
          accessed="12 May 2018")),
    ("access date is not the year", '"Mozilla Foundation annual report". Mozilla. Retrieved 2018.',
     dict(title="Mozilla Foundation annual report", container="Mozilla", year=None, accessed="2018")),
    ("protocol-relative link", '"Title here". //doi.org/10.1000/abc.',
     dict(title="Title here", doi="10.1000/abc", urls=("https://doi.org/10.1000/abc",))),
    ("numbers inside a title", "Sucher R, et al. (2009) Indoleamine 2,3-dioxygenase (IDO) and T cells. J Am Coll Surg 209: S56–S56.",
     dict(title="Indoleamine 2,3-dioxygenase (IDO) and T cells", container="J Am Coll Surg", volume="209", pages="S56–S56")),
    ("wikipedia authors with semicolons", '^ a b Smith, John; Doe, Jane (2010). "Trade". Economy. 5 (2): 1–9.',
     dict(authors=("Smith, John", "Doe, Jane"), title="Trade", year=2010)),
    ("quoted words open a title", "Smith A (2010) ‘After the stroke’: experiences of care. Stroke 4: 1–9.",
     dict(title="‘After the stroke’: experiences of care", container="Stroke")),
    # `Author. Year. Title.` (eLife, APA variants): the year is no part of the title (issue 20).
    ("elife", "Kauffman SA. 1969. Metabolic stability and epigenesis in randomly constructed genetic nets. J Theor Biol 22:437–467.",
     dict(authors=("Kauffman SA",), year=1969, title="Metabolic stability and epigenesis in randomly constructed genetic nets",
          container="J Theor Biol", volume="22", pages="437–467")),
    ("elife, two authors and a colon in the title", "Smith J, Doe A. 2006. Review: the state of the art. Nat Rev Genet 7:85–97. doi: 10.1038/nrg1767",
     dict(authors=("Smith J", "Doe A"), year=2006, title="Review: the state of the art", container="Nat Rev Genet",
          volume="7", pages="85–97", doi="10.1038/nrg1767")),
    ("apa without parentheses", "Smith, J., & Doe, A. 2006. Review: the state of the art. Nature Reviews Genetics, 7, 85–97.",
     dict(year=2006, title="Review: the state of the art", container="Nature Reviews Genetics", volume="7")),
    ("year with a letter", "Smith J. 2006a. A model of the cell cycle. Cell 124:1–10.",
     dict(authors=("Smith J",), year=2006, title="A model of the cell cycle", container="Cell")),
    # Unpunctuated strings, as some PDF and XML exports flatten them.
    ("unpunctuated", "KauffmanSA 1969 Metabolic stability and epigenesis in randomly constructed genetic nets. J Theor Biol 22 437 467",
     dict(authors=("Kauffman SA",), year=1969, title="Metabolic stability and epigenesis in randomly constructed genetic nets",
          container="J Theor Biol", volume="22", pages="437–467")),
    ("unpunctuated, two authors", "BurksC, TomlinsonLJ 1989 Sequence analysis of nucleic acids. Nucleic Acids Res 17 1251 1260",
     dict(authors=("Burks C", "Tomlinson LJ"), year=1989, title="Sequence analysis of nucleic acids",
          container="Nucleic Acids Res", volume="17", pages="1251–1260")),
    ("unpunctuated, issue and et al", "McDonaldJH, KreitmanM, et al 1991 Adaptive protein evolution. Nature 351 (6328) 652 654",
     dict(authors=("McDonald JH", "Kreitman M"), year=1991, container="Nature", volume="351", issue="6328", pages="652–654")),
    ("a page number is no year", "KauffmanSA 1969 Title of the paper. J Theor Biol 22 1437 1467",
     dict(year=1969, pages="1437–1467")),
    # Years run from 1800 to next year: anything else is a page, a volume or a typo.
    ("year after next is none", "Doe J (2099) A title. Journal 1: 1–2.", dict(year=None)),
    ("year before 1800 is none", "Roe A. 1650. Old book. London: Printer.", dict(year=None)),
    ("page before 1800 is no year", "Doe J. A title. Journal 12: 1750.", dict(year=None)),
    # A journal printed with only its volume, pages after a colon, a supplement, an article number.
    ("volume after the journal", "Werner G (1965) Neural activity in afferents. Journal of Neurophysiology 28. 14283062",
     dict(container="Journal of Neurophysiology", volume="28", year=1965)),
    ("pages without a volume", "Fisher RA (1935) The logic of inductive inference. Journal of the Royal Statistical Society: 39–82.",
     dict(container="Journal of the Royal Statistical Society", pages="39–82")),
    ("supplement", "Stanke M (2003) Gene prediction. Bioinformatics 19 Suppl 2: ii215–ii225.",
     dict(container="Bioinformatics", volume="19", issue="Suppl 2", pages="ii215–ii225")),
    ("a lone initial opens the journal", "Sheil CA (1999) Osteology of Pyxicephalus (Anura: Ranidae). J. Morphol 240: 49–75.",
     dict(title="Osteology of Pyxicephalus (Anura: Ranidae)", container="J. Morphol")),
    ("chapter in an edited book", "Simoncelli EP (2004) Characterization of neural responses. In: Gazzaniga M, editor, "
     "The Cognitive Neurosciences, III, Cambridge, MA: MIT Press, chapter 23 pp. 327–338.",
     dict(title="Characterization of neural responses", container="The Cognitive Neurosciences, III", pages="327–338")),
]


@pytest.mark.parametrize("raw,expected", [s[1:] for s in STYLES], ids=[s[0] for s in STYLES])
def test_reference_fields_by_style(raw, expected):
    fields = reference_fields(raw)
    assert {k: getattr(fields, k) for k in expected} == expected


def test_glued_initials_give_the_surname():
    """`KauffmanSA` reads as `Kauffman SA`, so `Reference.surname` (what author-year citations
    are linked by) is `Kauffman`."""
    from claimtrace.ledger import Reference

    fields = reference_fields("BurksC, TomlinsonLJ 1989 Sequence analysis. Nucleic Acids Res 17 1251 1260")
    reference = Reference(number=1, text="", start=0, end=0, authors=fields.authors, year=fields.year)
    assert (reference.surname, reference.year) == ("Burks", 1989)


def test_references_carry_their_fields_in_every_format():
    from claimtrace import extract

    ledger = extract("A claim.[1]\n\nReferences\n[1] Prescott DM (1994) The DNA of ciliated protozoa. Microbiol Rev 58: 233–267.\n")
    (ref,) = ledger.references
    assert ref.to_dict()["authors"] == ["Prescott DM"] and ref.to_dict()["container"] == "Microbiol Rev"
    assert (ref.volume, ref.pages, ref.year) == ("58", "233–267", 1994)
