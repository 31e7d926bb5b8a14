"""The spaCy components work in a user's own pipeline and survive save/load."""

import spacy

import claimtrace.components  # noqa: F401  (registers the factories)
from claimtrace import build_pipeline

TEXT = "Prices rose 5% in 2020.[1] The U.S. President spoke. “Why?” he asked. [i.e., them] No."


def _user_pipeline():
    nlp = spacy.blank("en")
    for name in ("claimtrace_citations", "claimtrace_sentences", "claimtrace_claims"):
        nlp.add_pipe(name)
    return nlp


def test_components_in_a_blank_pipeline():
    doc = _user_pipeline()(TEXT)
    assert [s.text for s in doc.sents] == [
        "Prices rose 5% in 2020.[1]", "The U.S. President spoke.", "“Why?” he asked. [i.e., them]", "No.",
    ]
    spans = doc.spans["citations"]
    assert [(s.text, s._.numbers, s._.recognizer) for s in spans] == [("[1]", (1,), "single")]
    first = next(iter(doc.sents))
    assert first._.claim_kind == "statistic" and first._.is_claim is True
    assert 0.0 <= first._.claim_score <= 1.0


def test_sentence_starts_are_real_spacy_annotations():
    doc = build_pipeline()(TEXT)
    assert doc.has_annotation("SENT_START")
    assert [s.text for s in doc.sents] == [s.text for s in doc.spans["sentences"]]


def test_save_and_load_round_trip(tmp_path):
    nlp = build_pipeline()
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    a, b = nlp(TEXT), loaded(TEXT)
    assert [s.text for s in a.sents] == [s.text for s in b.sents]
    assert [s._.claim_score for s in a.sents] == [s._.claim_score for s in b.sents]
    # The bracket-splitting tokenizer is saved with the pipeline.
    assert [t.text for t in loaded("Court.[1] Next")][1:4] == ["[", "1", "]"]
