"""Table-driven tests: one row per citation form and per non-form."""

import pytest

from claimtrace.citations import explain, find_markers

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
    "nested [[1]",  # the inner [1] is a citation, the outer bracket is not
]


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
