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
    spans = doc.spans["ct_citations"]
    assert [(s.text, s._.ct_numbers, s._.ct_recognizer) for s in spans] == [("[1]", (1,), "single")]
    first = next(iter(doc.sents))
    assert first._.ct_kind == "statistic" and first._.ct_is_claim is True
    assert 0.0 <= first._.ct_score <= 1.0


def test_sentence_starts_are_real_spacy_annotations():
    doc = build_pipeline()(TEXT)
    assert doc.has_annotation("SENT_START")
    assert [s.text for s in doc.sents] == [s.text for s in doc.spans["ct_sentences"]]


def test_save_and_load_round_trip(tmp_path):
    nlp = build_pipeline()
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    a, b = nlp(TEXT), loaded(TEXT)
    assert [s.text for s in a.sents] == [s.text for s in b.sents]
    assert [s._.ct_score for s in a.sents] == [s._.ct_score for s in b.sents]
    # The bracket-splitting tokenizer is saved with the pipeline.
    assert [t.text for t in loaded("Court.[1] Next")][1:4] == ["[", "1", "]"]


def test_factories_leave_the_host_tokenizer_alone():
    nlp = spacy.blank("en")
    before = nlp.tokenizer.infix_finditer
    _user_pipeline_on(nlp)
    assert nlp.tokenizer.infix_finditer is before
    # ...and the marker span is still exactly the marker: the component splits `Court.[1`.
    doc = nlp("Russia’s Supreme Court.[1] Next.")
    assert [s.text for s in doc.spans["ct_citations"]] == ["[1]"]


def _user_pipeline_on(nlp):
    for name in ("claimtrace_citations", "claimtrace_sentences", "claimtrace_claims"):
        nlp.add_pipe(name)
    return nlp


def test_build_pipeline_returns_a_new_pipeline_each_time():
    a, b = build_pipeline(), build_pipeline()
    assert a is not b
    a.add_pipe("sentencizer", first=True)
    assert "sentencizer" not in b.pipe_names
    # extract() uses no pipeline a caller can reach: its answer does not change either.
    from claimtrace import extract

    assert extract(TEXT).records[0].text == "Prices rose 5% in 2020.[1]"


def test_extensions_are_namespaced():
    from spacy.tokens import Doc, Span

    for name in ("numbers", "recognizer", "claim_score", "claim_kind", "claim_why", "is_claim", "markers"):
        assert not Span.has_extension(name) and not Doc.has_extension(name)
    assert Span.has_extension("ct_score") and Doc.has_extension("ct_markers")


def test_the_shared_model_cannot_be_changed():
    import numpy as np
    import pytest

    from claimtrace.scoring.model import shipped_model

    model = shipped_model()
    with pytest.raises(ValueError):
        model.buckets[0] = 1
    with pytest.raises(ValueError):
        np.copyto(model.coef_values, 0.0)
    with pytest.raises(ValueError):
        np.copyto(model._table._rows, 0)


def test_importing_claimtrace_does_not_load_spacy():
    import subprocess
    import sys

    code = "import sys, claimtrace; claimtrace.extract('A.[1]'); print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_claims_without_sentence_boundaries_says_what_to_add():
    import pytest

    nlp = spacy.blank("en")
    nlp.add_pipe("claimtrace_claims")
    with pytest.raises(ValueError, match="claimtrace_sentences"):
        nlp("One. Two.")


def test_docs_still_serialize():
    from spacy.tokens import DocBin

    doc = _user_pipeline()(TEXT)
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    again = list(DocBin().from_bytes(data).get_docs(spacy.blank("en").vocab))[0]
    # msgpack gives lists back as tuples; the content is the same.
    assert [{**m, "numbers": list(m["numbers"])} for m in again._.ct_markers] == doc._.ct_markers


def test_annotated_docs_are_not_retokenized():
    """After a span group or entities exist, tokens are left as they are (their annotations
    would point astray); the marker span then covers the whole token."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler")
    ruler.add_patterns([{"label": "X", "pattern": "Russian"}])
    _user_pipeline_on(nlp)
    doc = nlp("Court.[1] Russian law.")
    assert [t.text for t in doc][:2] == ["Court.[1", "]"]
    assert [s.text for s in doc.spans["ruler"]] == ["Russian"]
    assert doc._.ct_markers[0]["raw"] == "[1]"


def test_split_brackets_callback_keeps_custom_infixes():
    from claimtrace.components import make_split_brackets

    nlp = spacy.blank("en")
    nlp.tokenizer.infix_finditer = __import__("re").compile(r"@").finditer
    make_split_brackets()(nlp)
    assert [t.text for t in nlp("a@b.[1]")] == ["a", "@", "b.", "[", "1", "]"]
