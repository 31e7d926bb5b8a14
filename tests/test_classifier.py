"""The trained claim classifier: the shipped model, evaluation maths, training and data loading."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from claimtrace.citations import strip_markers
from claimtrace.errors import InputError, MissingExtraError
from claimtrace.scoring import ModelScorer
from claimtrace.scoring.features import normalize
from claimtrace.scoring.model import ClaimModel
from claimtrace.scoring.model import shipped_model
from claimtrace.training.data import load_labelled, split_rows
from claimtrace.training.fit import fit_platt, train
from claimtrace.training.metrics import best_threshold, evaluate_scorer, metrics_from_scores

ROOT = Path(__file__).resolve().parents[1]
CLAIMBUSTER = ROOT.parent / "shared" / "datasets" / "claimbuster" / "train.jsonl"

CLAIMS = [
    "Unemployment fell to 4.1 percent in 2019.",
    "We have cut taxes for 95 percent of working families.",
    "The deficit has tripled since 2001, to $1.2 trillion.",
]
NOT_CLAIMS = [
    "Thank you very much.",
    "Good evening, everyone.",
    "What would you do about it?",
]


# ------------------------------------------------------------------ shipped model
def test_shipped_model_loads_and_scores_in_unit_interval():
    model = ClaimModel.load()
    assert 0.0 < model.threshold < 1.0
    assert model.meta["dev"]["f1"] > 0.6
    scores = model.predict_proba(CLAIMS + NOT_CLAIMS + ["", "  ", "[12]", "Ünïcödé — ☃ 42%"])
    assert scores.dtype == np.float64
    assert scores.shape == (10,)
    assert np.all((scores >= 0.0) & (scores <= 1.0))
    assert model.predict_proba([]).shape == (0,)


def test_shipped_model_is_cached():
    assert shipped_model() is shipped_model()


def test_obvious_examples_go_the_right_way():
    model = shipped_model()
    claims = model.predict_proba(CLAIMS)
    others = model.predict_proba(NOT_CLAIMS)
    assert claims.min() > others.max()
    assert np.all(claims >= model.threshold)
    assert np.all(others < model.threshold)


def test_scores_are_deterministic_and_batch_independent():
    model = shipped_model()
    texts = CLAIMS + NOT_CLAIMS
    a = model.predict_proba(texts)
    b = model.predict_proba(list(reversed(texts)))[::-1]
    c = np.concatenate([model.predict_proba([t]) for t in texts])
    assert np.array_equal(a, model.predict_proba(texts))
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    np.testing.assert_allclose(a, c, rtol=0, atol=1e-12)


def test_scores_do_not_depend_on_the_process_hash_seed():
    code = (
        "import json; from claimtrace.scoring.model import shipped_model; "
        f"print(json.dumps(shipped_model().predict_proba({CLAIMS!r}).tolist()))"
    )
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        outs.add(res.stdout.strip())
    assert len(outs) == 1
    assert json.loads(outs.pop()) == shipped_model().predict_proba(CLAIMS).tolist()


def test_citation_markers_do_not_change_the_score():
    model = shipped_model()
    plain = "Crime rates doubled between 1990 and 2000."
    marked = ["Crime rates doubled between 1990 and 2000 [12].", "Crime rates [3-5] doubled between 1990 and 2000.",
              "Crime rates doubled between 1990 and 2000.[1, 4]", "Crime rates doubled between 1990 and 2000 [2–6; 9]."]
    bodies = [strip_markers(m) for m in marked]
    assert all(normalize(b) == normalize(plain) for b in bodies)
    np.testing.assert_allclose(model.predict_proba(bodies), model.predict_proba([plain] * len(marked)), atol=1e-12)


def test_predict_rejects_a_bare_string():
    with pytest.raises(TypeError):
        shipped_model().predict_proba("Unemployment fell.")


def test_save_and_load_round_trip(tmp_path):
    model = shipped_model()
    path = tmp_path / "m.npz"
    model.save(path)
    again = ClaimModel.load(path)
    assert again.threshold == model.threshold
    assert again.meta == model.meta
    assert np.array_equal(again.predict_proba(CLAIMS), model.predict_proba(CLAIMS))


def test_load_rejects_garbage(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError):
        ClaimModel.load(bad)
    with pytest.raises(InputError):
        ClaimModel.load(tmp_path / "missing.npz")


# ---------------------------------------------------------------------- evaluate
class _FixedScores:
    """A stand-in scorer whose scores are given per text."""

    name = "fixed"

    def __init__(self, scores: dict[str, float], threshold: float):
        self.scores = scores
        self.threshold = threshold

    def score(self, bodies, kinds, cited):
        return [(self.scores[t], "") for t in bodies]


ROWS = [("a", 1), ("b", 1), ("c", 1), ("d", 0), ("e", 0), ("f", 0)]
STUB = _FixedScores({"a": 0.9, "b": 0.8, "c": 0.4, "d": 0.3, "e": 0.6, "f": 0.1}, threshold=0.5)


def test_evaluate_at_the_model_threshold():
    # predicted positive: a, b, e -> tp 2, fp 1, fn 1; negatives: tp 2 (d, f), fp 1 (c), fn 1 (e)
    got = evaluate_scorer(STUB, ROWS)
    assert got == {
        "n": 6,
        "positives": 3,
        "precision": pytest.approx(2 / 3),
        "recall": pytest.approx(2 / 3),
        "f1": pytest.approx(2 / 3),
        "macro_f1": pytest.approx(2 / 3),
        "threshold": 0.5,
    }


def test_evaluate_at_an_explicit_threshold():
    # predicted positive: a, b, c, e -> P 3/4, R 1, F1 6/7; negatives d, f: P 1, R 2/3, F1 4/5
    got = evaluate_scorer(STUB, ROWS, threshold=0.35)
    assert got["precision"] == pytest.approx(0.75)
    assert got["recall"] == pytest.approx(1.0)
    assert got["f1"] == pytest.approx(6 / 7)
    assert got["macro_f1"] == pytest.approx((6 / 7 + 4 / 5) / 2)
    assert got["threshold"] == 0.35


def test_evaluate_with_no_predicted_positives_is_zero_not_an_error():
    got = evaluate_scorer(STUB, ROWS, threshold=0.95)
    assert (got["precision"], got["recall"], got["f1"]) == (0.0, 0.0, 0.0)
    assert got["macro_f1"] == pytest.approx((0 + 2 * 0.5 * 1 / 1.5) / 2)


def test_best_threshold_and_platt():
    scores = np.array([0.9, 0.8, 0.4, 0.3, 0.6, 0.1])
    labels = np.array([1, 1, 1, 0, 0, 0])
    t = best_threshold(scores, labels)
    assert metrics_from_scores(scores, labels, t)["f1"] == pytest.approx(6 / 7)
    rng = np.random.default_rng(0)
    x = rng.uniform(0.01, 0.99, 4000)
    y = rng.uniform(size=x.size) < x  # already calibrated: Platt should stay near identity
    a, b = fit_platt(x, y)
    assert a == pytest.approx(1.0, abs=0.15) and b == pytest.approx(0.0, abs=0.15)


# ---------------------------------------------------------------------- training
def _tiny_rows(n: int = 200) -> list[tuple]:
    if CLAIMBUSTER.exists():
        rows = []
        with CLAIMBUSTER.open(encoding="utf-8") as fh:
            for line in fh:
                o = json.loads(line)
                rows.append((o["text"], o["label"], o["verdict"]))
        rng = np.random.default_rng(0)
        return [rows[i] for i in sorted(rng.choice(len(rows), n, replace=False))]
    rng = np.random.default_rng(0)
    subjects = ["unemployment", "the deficit", "crime", "inflation", "the tax rate", "spending"]
    people = ["my friend", "the senator", "everyone here", "our children", "you", "the people"]
    rows = []
    for i in range(n):
        if i % 3 == 0:
            s = rng.choice(subjects)
            rows.append((f"{s.capitalize()} rose by {rng.integers(2, 60)} percent in {rng.integers(1990, 2020)}.", 1, 1))
        elif i % 3 == 1:
            rows.append((f"I think {rng.choice(people)} deserve better, don't you?", 0, -1))
        else:
            rows.append((f"I met {rng.choice(people)} yesterday.", 0, 0))
    return rows


def test_training_runs_end_to_end_and_is_deterministic(tmp_path):
    rows = _tiny_rows()
    m1 = train(rows, seed=3, bits=16, max_iter=300)
    m2 = train(rows, seed=3, bits=16, max_iter=300)
    assert 0.0 <= m1.threshold <= 1.0
    assert m1.meta["n_train"] + m1.meta["n_dev"] == len(rows)
    assert set(m1.meta["dev"]) == {"n", "positives", "precision", "recall", "f1", "macro_f1", "threshold"}
    texts = [r[0] for r in rows[:20]]
    assert np.array_equal(m1.predict_proba(texts), m2.predict_proba(texts))
    path = tmp_path / "tiny.npz"
    m1.save(path)
    assert np.array_equal(ClaimModel.load(path).predict_proba(texts), m1.predict_proba(texts))
    res = evaluate_scorer(ModelScorer(m1), [(r[0], r[1]) for r in rows])
    assert res["n"] == len(rows) and 0.0 <= res["f1"] <= 1.0


def test_training_binary_rows_with_explicit_dev():
    rows = [(r[0], r[1]) for r in _tiny_rows()]
    train_rows, dev_rows = split_rows(rows, 0.2, seed=1)
    assert not {r[0] for r in train_rows} & {r[0] for r in dev_rows}
    model = train(train_rows, dev_rows, bits=16, max_iter=300)
    assert model.n_outputs == 1
    assert model.meta["n_dev"] == len(dev_rows)
    p = model.predict_proba([r[0] for r in dev_rows])
    assert np.all((p >= 0) & (p <= 1))


def test_training_without_scikit_learn_says_which_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.linear_model", None)
    with pytest.raises(MissingExtraError, match=r"claimtrace\[train\]"):
        train([("a", 1), ("b", 0)])


# ------------------------------------------------------------------ load_labelled
def test_load_labelled_reads_rows_and_skips_blank_lines(tmp_path):
    p = tmp_path / "ok.jsonl"
    p.write_text('{"text": "A fact.", "label": 1, "id": 3}\n\n{"text": "Hello.", "label": 0}\n', encoding="utf-8")
    assert load_labelled(p) == [("A fact.", 1), ("Hello.", 0)]


@pytest.mark.parametrize(
    "bad, why",
    [
        ("{not json", "not valid JSON"),
        ('["text", 1]', "JSON object"),
        ('{"label": 1}', '"text"'),
        ('{"text": "x"}', '"label"'),
        ('{"text": "x", "label": 2}', '"label" must be 0 or 1'),
        ('{"text": 5, "label": 1}', '"text"'),
    ],
)
def test_load_labelled_rejects_malformed_lines_with_the_line_number(tmp_path, bad, why):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"text": "fine", "label": 0}\n\n' + bad + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:3: ") as exc:
        load_labelled(p)
    assert why in str(exc.value)


def test_load_labelled_missing_or_binary_file(tmp_path):
    with pytest.raises(InputError):
        load_labelled(tmp_path / "nope.jsonl")
    p = tmp_path / "bin.jsonl"
    p.write_bytes(b'{"text": "ok", "label": 0}\n\xff\xfe\x00\n')
    with pytest.raises(InputError, match="UTF-8"):
        load_labelled(p)
