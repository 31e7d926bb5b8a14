"""Table-driven tests of the kind rules and the rule scorer."""

import pytest

from claimtrace.claims import classify_kind, rule_score, strip_markers

KINDS = [
    ("Is this true?[3]", "question"),
    ("Unemployment fell to 4.1 percent in 2019.", "statistic"),
    ("Spending reached $3 billion.", "statistic"),
    ("He said: “We have ended twenty years of conflict in that country.”", "quote"),
    ("According to the media, the talks went on.", "attribution"),
    ("The economy will recover next year.", "prediction"),
    ("I think this is a mistake.", "opinion"),
    ("On September 14, the leaders met at the Kremlin.", "event"),
    ("Russia has more than one reason to warm up to them.", "statement"),
]


@pytest.mark.parametrize("text,kind", KINDS)
def test_kind_rules(text, kind):
    assert classify_kind(text).name == kind


def test_headings_are_headings_whatever_they_say():
    assert classify_kind("Unemployment Fell 4 Percent", is_heading=True).name == "heading"


@pytest.mark.parametrize("text,expected", [
    ("Court.[1]", "Court."), ("a [2, 3] b", "a b"), ("x [4–6].", "x."), ("no markers", "no markers"),
])
def test_strip_markers(text, expected):
    assert strip_markers(text) == expected


def test_rule_score_reasons_and_bounds():
    kind = classify_kind("Unemployment fell to 4.1 percent in 2019 in Ohio and Texas.")
    score, why = rule_score("Unemployment fell to 4.1 percent in 2019 in Ohio and Texas.", kind, cited=True)
    assert score == 1.0 and "cites a source" in why and "names specific entities" in why
    question = classify_kind("Why?")
    assert rule_score("Why?", question, cited=True)[0] == 0.05


@pytest.mark.parametrize("text", ["Why?!", "Wait—what?!”", "Really‽"])
def test_interrobang_questions(text):
    assert classify_kind(text).name == "question"
