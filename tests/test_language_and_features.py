"""Language of paragraphs, the claim model's new feature blocks, and the cross-domain threshold."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

from claimtrace import extract
from claimtrace.errors import InputError
from claimtrace.kinds import CUES_VERSION, classify_kind
from claimtrace.language import ENGLISH, language_of, paragraph_languages
from claimtrace.scoring import features
from claimtrace.scoring.features import _shape, hashed_ngrams, linear_scores, weighted_blocks
from claimtrace.scoring.model import ClaimModel, shipped_model
from claimtrace.scoring.vectors import shipped_vectors
from claimtrace.training.metrics import best_threshold, best_threshold_across

FRENCH = "Le gouvernement a annoncé hier une hausse des impôts de cinq pour cent pour les ménages les plus riches."
GERMAN = "Die Regierung hat gestern eine Steuererhöhung von fünf Prozent für die reichsten Haushalte angekündigt."
ENGLISH_TEXT = "The government announced a five percent tax rise for the richest households yesterday."


@pytest.mark.parametrize("text,lang", [
    (ENGLISH_TEXT, "en"), (FRENCH, "fr"), (GERMAN, "de"),
    ("Too short to tell.", None),           # under eight words
    ("a0B0B0B0B0B0¹0¹ B B B B B B", None),  # no words to tell by
    ("Nature Climate Change Sea Level Rise Coastal Flooding Adaptation Policy Review", None),  # unsure
    ("中国政府昨天宣布了一项新的经济刺激计划，总额达到五千亿元人民币。", "zh"),  # no spaces
])
def test_language_of(text, lang):
    assert language_of(text) == lang


def test_short_paragraphs_take_the_documents_language():
    document, each = paragraph_languages([FRENCH, "Merci.", FRENCH])
    assert document == "fr" and each == ["fr", "fr", "fr"]
    assert paragraph_languages(["Hi."]) == (ENGLISH, [ENGLISH])


def test_non_english_paragraphs_are_not_judged():
    ledger = extract(f"{FRENCH}\n\n{ENGLISH_TEXT}")
    french, english = ledger.records
    assert (french.lang, french.score, french.is_claim) == ("fr", None, False)
    assert "not judged" in french.why
    assert english.lang == "en" and english.score is not None
    assert ledger.summary.not_english == 1 and ledger.language in ("en", "fr")
    assert ledger.to_dict(include_all=True)["records"][0]["score"] is None


# ------------------------------------------------------------------ features
def test_shapes_keep_function_words_and_hide_topics():
    assert [_shape(w) for w in ["the", "vaccines", "caused", "autism", "2019", "running", ","]] == \
        ["the", "_s", "_ed", "_", "0", "_ing", ","]


def test_cues_given_or_computed_give_the_same_features():
    texts = ["Vaccines cause autism.", "Thank you all."]
    cfg = {"bits": 18, "word_ngrams": (1, 2), "char_ngrams": (2, 3), "shape_ngrams": (1, 2), "cues": CUES_VERSION}
    given = hashed_ngrams(texts, cfg, [classify_kind(t).cues for t in texts])
    computed = hashed_ngrams(texts, cfg)
    assert len(given) == 4  # words, characters, shapes, cues
    assert all(np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]) for a, b in zip(given, computed))


def test_ngram_hashes_follow_their_definition():
    """Each n-gram's hash chains its members (h = h * prime + unit), salted and mixed, within a
    text; row i of the table holds the n-grams starting at unit i, the sink where none fits."""
    units = np.array([3, 1, 4, 1, 5, 9, 2], dtype=np.uint64)
    lens = np.array([4, 3])
    table = features._ngram_table(units, lens, (2, 3), 7, 16)
    want = np.full((7, 2), features.sink(16))
    text_end = [4, 4, 4, 4, 7, 7, 7]
    for i in range(7):
        for col, n in enumerate((2, 3)):
            if i + n > text_end[i]:
                continue
            h = 0
            for u in units[i : i + n]:
                h = (h * 0x100000001B3 + int(u)) & (2**64 - 1)
            h ^= ((7 + n) * features._GOLD) & (2**64 - 1)
            want[i, col] = int(features._mix(np.array([h], dtype=np.uint64))[0] >> np.uint64(48))
    assert table.tolist() == want.tolist()


@pytest.mark.parametrize("batch", [
    ["Vaccines  cause\tautism.", "", "ﬁne Zürich’s 東京 café!?", "ΑΣ Σ", "İstanbul\u00a0K", " \u2028 a "],
    ["one text only"],
    ["a\x00b holds the separator", "so the texts are read one by one"],
])
def test_batch_tokens_equal_each_text_tokenised_alone(batch):
    """The batch is normalised and tokenised joined; the same as each text on its own."""
    tokens = features._tokens(batch)
    alone = [features._TOKEN_RE.findall(features.normalize(t)) for t in batch]
    assert tokens.norm == [features.normalize(t) for t in batch]
    assert tokens.lens.tolist() == [len(t) for t in alone]
    hashes = [features._token_hash(t) for toks in alone for t in toks]
    assert tokens.hashes[tokens.ids].tolist() == hashes


def _dense_weights(model):
    """The model's (2**bits, 1 + k) table of idf and coefficients, by bucket."""
    dense = np.zeros((1 << int(model.config["bits"]), 1 + model.n_outputs), dtype=np.float32)
    dense[model.buckets, 0] = model.idf_values
    dense[model.buckets, 1:] = model.coef_values
    return dense


def test_the_weight_table_gives_back_its_rows_exactly():
    model = shipped_model()
    buckets = np.array([0, 5, model.buckets[0], model.buckets[-1], features.sink(int(model.config["bits"]))])
    rows = model._table.take(buckets)
    assert rows.dtype == np.float16  # packed: every weight of a model read from its file is float16
    np.testing.assert_array_equal(rows.astype(np.float32)[:-1], _dense_weights(model)[buckets[:-1]])
    assert not rows[-1].any()  # the sink adds nothing
    assert model._table.take(np.zeros(0, dtype=np.intp)).shape == (0, 1 + model.n_outputs)
    weights = np.array([[0.1, 0.2, 0.3]], dtype=np.float32)  # not float16: kept as float32
    exact = features.WeightTable(4, np.array([2]), list(weights.T)).take(np.array([2, 0, 4]))
    assert exact.dtype == np.float32
    np.testing.assert_array_equal(exact, np.vstack([weights, np.zeros((2, 3), np.float32)]))


def _scores_block_by_block(model, texts):
    """The model's linear scores by their definition: each TF-IDF block times the coefficients."""
    dense = _dense_weights(model)
    idf, coef = dense[:, 0], dense[:, 1:]
    z = np.zeros((len(texts), coef.shape[1]))
    for b, d, v in weighted_blocks(texts, model.config, idf):
        for j in range(coef.shape[1]):
            z[:, j] += np.bincount(d, weights=v * coef[b, j], minlength=len(texts))
    return z


@pytest.mark.parametrize("copies", [1, 600])  # 600 x 4 texts: past the 32-bit key limit
def test_fast_scores_equal_the_block_by_block_sum(copies):
    model = shipped_model()
    texts = ["Vaccines cause autism.", "", "Prices rose 40% in 2020, the the the the.", "Zürich’s 東京 café!?"]
    texts = texts * copies
    fast = linear_scores(texts, model.config, model._table, [classify_kind(t).cues for t in texts])
    assert fast.shape == (len(texts), 3)
    np.testing.assert_allclose(fast, _scores_block_by_block(model, texts), rtol=1e-9, atol=1e-12)


def test_word_vectors_are_read_only_and_known():
    vectors = shipped_vectors()
    assert vectors.dim == 50 and len(vectors.index) == 50_000
    assert not vectors.table.flags.writeable
    king, queen, banana = (vectors.table[vectors.index[w]] for w in ("king", "queen", "banana"))
    cos = lambda a, b: float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))  # noqa: E731
    assert cos(king, queen) > cos(king, banana)


def _rewrite_header(path, change):
    """The shipped model file with its JSON header changed by `change`."""
    data = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            raw = zin.read(item.filename)
            if item.filename == "header.npy":
                arr = np.load(io.BytesIO(raw))
                header = json.loads(bytes(arr).decode("utf-8"))
                change(header)
                buf = io.BytesIO()
                np.save(buf, np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8))
                raw = buf.getvalue()
            zout.writestr(item, raw)
    path.write_bytes(out.getvalue())


@pytest.mark.parametrize("change,message", [
    (lambda h: h["config"].__setitem__("cues", CUES_VERSION + 1), "damaged claim model"),
    (lambda h: h["config"]["vectors"].__setitem__("sha256", "0" * 64), "damaged claim model"),
    (lambda h: h["config"]["vectors"].__setitem__("scale", -1), "damaged claim model"),
])
def test_a_model_trained_on_other_cues_or_vectors_is_refused(tmp_path, change, message):
    path = tmp_path / "m.npz"
    shipped_model().save(path)
    _rewrite_header(path, change)
    with pytest.raises(InputError, match=message):
        ClaimModel.load(path)


def test_the_shipped_model_uses_every_block():
    config = shipped_model().config
    assert config["cues"] == CUES_VERSION and config["shape_ngrams"] and config["vectors"]["name"] == "glove-6b-50d"


# ------------------------------------------------------------------ threshold
def test_threshold_across_groups_without_bootstrap_is_exact():
    s = np.array([0.1, 0.4, 0.6, 0.9] * 10)
    y = np.array([0, 0, 1, 1] * 10)
    assert 0.4 < best_threshold_across(s, y, ["a"] * 20 + ["b"] * 20, n_boot=0) <= 0.6


def test_threshold_across_groups_weighs_each_kind_of_text_alike():
    # Group "big" (many rows) wants 0.5, group "small" wants 0.2; pooled F1 would follow "big".
    rng = np.random.default_rng(0)
    big_y = rng.random(2000) < 0.3
    big_s = np.where(big_y, rng.uniform(0.5, 1, 2000), rng.uniform(0, 0.5, 2000))
    small_y = rng.random(100) < 0.6
    small_s = np.where(small_y, rng.uniform(0.2, 0.5, 100), rng.uniform(0, 0.2, 100))
    s = np.concatenate([big_s, small_s])
    y = np.concatenate([big_y, small_y])
    groups = ["big"] * 2000 + ["small"] * 100
    assert best_threshold(s, y, n_boot=20, seed=1) == 0.5  # pooled: the big group decides
    assert 0.2 <= best_threshold_across(s, y, groups, n_boot=20, seed=1) < 0.3
