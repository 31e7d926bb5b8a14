"""Property tests: invariants that hold for any text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrace import extract

PIECES = st.sampled_from([
    "The U.S. said so.", "Gen. Mark A. Milley met him.", "[1]", "[2, 3]", "[4–6]", " ", "\n",
    "\n\n", "“Quoted.”", "[i.e., them]", "Why?", "Prices rose 5%.", "e.g. this", "Title Case Line",
    "…", ".", "[", "]", "\ufeff", "\t", "word",
])
TEXTS = st.one_of(st.lists(PIECES, max_size=30).map("".join), st.text(max_size=300))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_offsets_point_into_the_text(text):
    ledger = extract(text)
    previous_end = 0
    for record in ledger.records:
        assert text[record.start : record.end] == record.text
        assert record.text.strip() == record.text and record.text
        assert record.start >= previous_end  # records are ordered and do not overlap
        previous_end = record.end
        assert (record.score is None) == (record.lang != "en")  # only English is judged
        assert record.score is None or 0.0 <= record.score <= 1.0
        for marker in record.markers:
            assert text[marker.start : marker.end] == marker.raw
            if marker.scope == "sentence":
                assert record.start <= marker.start and marker.end <= record.end


@settings(max_examples=50, deadline=None)
@given(TEXTS)
def test_extract_is_deterministic(text):
    assert extract(text) == extract(text)


def test_paragraph_longer_than_spacy_default_limit():
    # spaCy refuses texts over 1,000,000 characters by default; one-line PDF text layers and
    # minified exports are that long, and the tokenizer-only pipeline handles them.
    text = "word " * 220_000 + "ends here.[1]"
    ledger = extract(text)
    assert len(text) > 1_000_000
    assert ledger.records[-1].citations == (1,)
    assert text[ledger.records[0].start : ledger.records[-1].end].endswith("[1]")
