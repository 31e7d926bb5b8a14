"""Table-driven tests of the kind rules and the rule scorer."""

import pytest

from claimtrace.citations import strip_markers
from claimtrace.kinds import Kind, classify_kind
from claimtrace.scoring.rules import rule_score

KINDS = [
    ("Is this true?[3]", "question"),
    ("Unemployment fell to 4.1 percent in 2019.", "statistic"),
    ("Spending reached $3 billion.", "statistic"),
    ("He said: “We have ended the conflict in that country.”", "quote"),
    ("According to the media, the talks went on.", "attribution"),
    ("The economy will recover next year.", "prediction"),
    ("I think this is a mistake.", "opinion"),
    ("On September 14, the leaders met at the Kremlin.", "event"),
    ("Russia has more than one reason to warm up to them.", "comparison"),
    ("The Earth is flat.", "statement"),
    # issue 9's cases: counts and units are statistics; "-ed" alone is no event
    ("It is used in 40 countries.", "statistic"),
    ("Throughput reaches 2 GB/s.", "statistic"),
    ("Three people were killed.", "statistic"),
    ("The results were well-suited to the speed of the test.", "statement"),
    ("Vaccines cause autism.", "causal"),
    ("He was born in 1950.", "event"),
    ("A prion is a type of misfolded protein.", "definition"),
    ("Wash your hands.", "opinion"),
    ("COVID-19 cases are rising.", "statement"),
    ("Figure 2 shows the results.", "statement"),
    ("Filed under: Politics", "furniture"),
    ("By John Smith", "furniture"),
    ("By number of units, LEGO is the world's biggest tyre maker.", "comparison"),
    ("doi: 10.1038/d41586-019-02944-3", "furniture"),
    ("Nature 574, 16-17 (2019)", "furniture"),
    # a quoted question inside a sentence is not the sentence's own
    ("The roughly 97% of respondents may wonder, “What's the deal with Rust?”", "statistic"),
    ("She asked, “Why did you go there?”", "quote"),
    ("“Is it safe?”", "question"),
    ("How about “Kung Flu”? https://t.co/x", "question"),
]


@pytest.mark.parametrize("text,trigger", [
    ("It is used in 40 countries.", "statistic: '40 countries'"),
    ("Spending reached $3 billion.", "statistic: '$3 billion'"),
    ("Smoking causes lung cancer.", "causal: 'causes'"),
    ("According to the WHO, cases fell.", "attribution: 'according to'"),
])
def test_why_names_the_trigger(text, trigger):
    assert classify_kind(text).describe() == trigger


@pytest.mark.parametrize("text,kind", KINDS)
def test_kind_rules(text, kind):
    assert classify_kind(strip_markers(text)).kind.value == kind


def test_only_headings_furniture_and_questions_can_never_be_claims():
    assert {k for k in Kind if not k.can_be_claim} == {Kind.HEADING, Kind.FURNITURE, Kind.QUESTION}


@pytest.mark.parametrize("text,expected", [
    ("Court.[1]", "Court."), ("a [2, 3] b", "a b"), ("x [4–6].", "x."), ("no markers", "no markers"),
    # Only what the grammar accepts as a marker is removed: a year and an interval stay.
    ("in [2019] it", "in [2019] it"), ("on [0, 1].", "on [0, 1]."), ("a[1][2] b", "a b"),
])
def test_strip_markers(text, expected):
    assert strip_markers(text) == expected


def test_rule_score_reasons_and_bounds():
    kind = classify_kind("Unemployment fell to 4.1 percent in 2019 in Ohio and Texas.")
    score, why = rule_score("Unemployment fell to 4.1 percent in 2019 in Ohio and Texas.", kind, cited=True)
    assert score == 1.0 and "cites a source" in why and "names specific entities" in why
    question = classify_kind("Why?")
    assert rule_score("Why?", question, cited=True)[0] == 0.0  # never a claim, whatever it cites


@pytest.mark.parametrize("text", ["Why?!", "Wait—what?!”", "Really‽"])
def test_interrobang_questions(text):
    assert classify_kind(text).kind is Kind.QUESTION


@pytest.mark.parametrize("text,kind", [
    # a word that opens page furniture does not make a sentence furniture
    ("Share prices fell 40% on Monday after the bank collapsed.", "statistic"),
    ("Source code for the model is available on GitHub.", "statement"),
    ("Source: Reuters", "furniture"),
    ("Share", "furniture"),
    # a capitalised word inside a name is no cue
    ("Will Smith starred in the film.", "statement"),
    ("She plays the piano in the Great Hall.", "statement"),
    ("The Higher Education Act was passed by Congress.", "statement"),
    ("Yesterday I said we should go.", "attribution"),
])
def test_kind_rules_do_not_misfire(text, kind):
    assert classify_kind(text).kind.value == kind
