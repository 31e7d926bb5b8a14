"""Table-driven tests: one row per citation form and per non-form."""

import pytest

from claimtrace.citations import editorial_flags, explain, find_markers

CITATIONS = [
    ("Court.[1] Russian", [("[1]", (1,))], "single"),
    ("a [1, 2] b", [("[1, 2]", (1, 2))], "list"),
    ("a [1,2] b", [("[1,2]", (1, 2))], "list"),
    ("a [1; 2] b", [("[1; 2]", (1, 2))], "list"),
    ("a [1-3] b", [("[1-3]", (1, 2, 3))], "range"),
    ("a [1–3] b", [("[1–3]", (1, 2, 3))], "range"),
    ("a [1 - 3] b", [("[1 - 3]", (1, 2, 3))], "range"),
    ("a [1, 3-5, 9] b", [("[1, 3-5, 9]", (1, 3, 4, 5, 9))], "list"),
    ("a [1][2] b", [("[1]", (1,)), ("[2]", (2,))], "single"),
    ("a [1],[2] b", [("[1]", (1,)), ("[2]", (2,))], "single"),
    ("a [ 4 ] b", [("[ 4 ]", (4,))], "single"),
    ("Federation.”[2]", [("[2]", (2,))], "single"),
    ("“sane,”[8] “reliable,”[9]", [("[8]", (8,)), ("[9]", (9,))], "single"),
    ("shown [1, p. 23] here", [("[1, p. 23]", (1,))], "locator"),
    ("shown [2, pp. 4–5] here", [("[2, pp. 4–5]", (2,))], "locator"),
    ("shown [3, Fig. 2] here", [("[3, Fig. 2]", (3,))], "locator"),
    ("shown [16: 70–71] here", [("[16: 70–71]", (16,))], "locator"),
    ("shown [1, p. 3; 4, ch. 2] here", [("[1, p. 3; 4, ch. 2]", (1, 4))], "locator"),
    ("shown [1, 2, p. 5] here", [("[1, 2, p. 5]", (1, 2))], "locator"),
    ("shown [1-3, p. 5] here", [("[1-3, p. 5]", (1, 2, 3))], "locator"),
    ("in the range.[3] Next", [("[3]", (3,))], "single"),  # a sentence ends between them
]

NOT_CITATIONS = [
    "forces [i.e., the U.S.-armed forces] without",
    "it was [sic] wrong",
    "and then […] later",
    "this [emphasis added] matters",
    "the [ed.] note",
    "in [2019] we",
    "a [4-2] reversed range",
    "a [3-3] degenerate range",
    "a [1-500] absurd range",
    "the interval [0, 1]",
    "the vector [1, 1]",
    "a [word] in brackets",
    "a [1.5, 2] decimal",
    "a [0] zero",
    "superscript [²] digit",
    "arabic-indic [١] digit",
    "war [1939-1945] years",
    "in [2019, 2020] years",
    "an [e.g., example]",
    "on the intervals [10, 20] mm",
    "for x ∈ [5, 80] only",
    "values in the range [1, 4] only",
    "widths [10, 20] mm and",
    "heated to [30–40] °C",
    "the page [2019, p. 4] year",
    "between [10, 20] and [30, 40] here",
    "rates of [2, 5] percent here",
    "sampled from [2, 9] here",
    "uniform on [1, 7] here",
    "for k in [2, 8] here",
    "nested [[1]",  # the inner [1] is a citation, the outer bracket is not
]

LOCATORS = [
    ("[1, p. 23]", "p. 23"), ("[2, pp. 4–5]", "pp. 4–5"), ("[3, Fig. 2]", "Fig. 2"),
    ("[16: 70–71]", "70–71"), ("[12, Table 1]", "Table 1"), ("[1, p. 3; 4, ch. 2]", "p. 3; ch. 2"),
    ("[7]", ""),
]


@pytest.mark.parametrize("bracket,locator", LOCATORS)
def test_locators_are_kept(bracket, locator):
    (hit,) = find_markers(f"As shown {bracket}.")
    assert hit.locator == locator and hit.to_dict()["locator"] == locator


FLAGS = [
    ("It grew.[citation needed]", ("citation needed",)),
    ("It is [dubious – discuss] and [who?].", ("dubious", "who?")),
    ("A [Clarification needed] b [better source needed]", ("clarification needed", "better source needed")),
    ("A [1] b [sic] c [i.e., the army]", ()),
]


@pytest.mark.parametrize("text,flags", FLAGS)
def test_editorial_flags(text, flags):
    assert editorial_flags(text) == flags


def test_flagged_sentences_are_always_in_the_ledger():
    from claimtrace import extract

    ledger = extract("Hello there.[citation needed] Thanks a lot.\n")
    (row,) = ledger.rows()
    assert row.flags == ("citation needed",) and row.text.startswith("Hello")
    assert ledger.summary.flagged == 1


@pytest.mark.parametrize("text,expected,recognizer", CITATIONS)
def test_citation_forms(text, expected, recognizer):
    hits = find_markers(text)
    assert [(h.raw, h.numbers) for h in hits] == expected
    assert hits[0].recognizer == recognizer
    for hit in hits:
        assert text[hit.start : hit.end] == hit.raw


@pytest.mark.parametrize("text", NOT_CITATIONS[:-1])
def test_not_citations(text):
    assert find_markers(text) == []


def test_nested_bracket_keeps_inner_citation():
    assert [h.raw for h in find_markers("nested [[1]")] == ["[1]"]


@pytest.mark.parametrize(
    "bracket,name",
    [("[i.e., the U.S.-armed forces]", "editorial"), ("[sic]", "editorial"),
     ("[2-4]", "range"), ("[7]", "single"), ("[2019]", None), ("[word]", None)],
)
def test_explain_names_the_recognizer(bracket, name):
    assert explain(bracket) == name


@pytest.mark.parametrize(
    "text,expected",
    [
        ("animals [26]–[29]. Apart", [("[26]–[29]", (26, 27, 28, 29))]),
        ("evolution [24]-[27], even", [("[24]-[27]", (24, 25, 26, 27))]),
        ("reversed [9]–[3] pair", [("[9]", (9,)), ("[3]", (3,))]),
    ],
)
def test_bracket_ranges_join(text, expected):
    assert [(h.raw, h.numbers) for h in find_markers(text)] == expected


@pytest.mark.parametrize("text", ["(F[1,12] = 8.42, p", "x[2] = 0", "F[2,4] ≥ 3"])
def test_indices_before_comparisons_are_not_citations(text):
    assert find_markers(text) == []


def test_flags_do_not_change_the_claim_judgement():
    """`[citation needed]` and `[who?]` are remarks on the sentence: kind and score are judged
    without them (a `?` flag must not make a question)."""
    from claimtrace import extract

    for flag in ("[citation needed]", "[who?]", "[dubious – discuss]"):
        bare = extract("It is the largest town in the county, with 40,000 people.").records[0]
        flagged = extract(f"It is the largest town in the county, with 40,000 people.{flag}").records[0]
        assert (flagged.kind, flagged.score, flagged.is_claim) == (bare.kind, bare.score, bare.is_claim)
        assert flagged.flags
