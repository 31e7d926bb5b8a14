"""`claimtrace train` / `claimtrace evaluate`, and the trained model inside the ledger."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from claimtrace import ExtractOptions, extract
from claimtrace.cli import app
from claimtrace.training.metrics import evaluate_scorer
from claimtrace.scoring import ModelScorer
from claimtrace.scoring.rules import RuleScorer


class FixedModel:
    """A stand-in model with known scores, so the expected metrics can be computed by hand."""

    threshold = 0.5

    def __init__(self, scores):
        self.scores = scores

    def predict_proba(self, texts, cues=None):
        return np.array([self.scores[t] for t in texts])


def test_evaluate_scorer_exact_numbers():
    rows = [("a one.", 1), ("b two.", 1), ("c three.", 0), ("d four.", 0), ("e five?", 1)]
    scores = {"a one.": 0.9, "b two.": 0.4, "c three.": 0.7, "d four.": 0.1, "e five?": 0.99}
    result = evaluate_scorer(ModelScorer(FixedModel(scores)), rows)
    # Predicted claims: a, c (e is a question: never a claim). TP=1 (a), FP=1 (c), FN=2 (b, e).
    assert result["precision"] == pytest.approx(0.5)
    assert result["recall"] == pytest.approx(1 / 3)
    assert result["f1"] == pytest.approx(0.4)
    # Negative class: predicted b, d, e; true c, d. TP=1 (d), FP=2, FN=1 → F1 = 0.4.
    assert result["macro_f1"] == pytest.approx(0.4)
    lower = evaluate_scorer(ModelScorer(FixedModel(scores)), rows, threshold=0.3)
    assert lower["recall"] == pytest.approx(2 / 3)


def test_evaluate_command(tmp_path):
    data = tmp_path / "labelled.jsonl"
    data.write_text(
        "\n".join(json.dumps(r) for r in [
            {"text": "Unemployment fell to 4.1 percent in 2019.", "label": 1},
            {"text": "Thank you very much.", "label": 0},
            {"text": "Why are we here?", "label": 0},
        ]) + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["evaluate", str(data), "--model", "rules"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert (metrics["n"], metrics["positives"]) == (3, 1)
    assert metrics["recall"] == 1.0 and metrics["threshold"] == 0.5
    assert "macro F1" in result.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    broken = CliRunner().invoke(app, ["evaluate", str(bad)])
    assert broken.exit_code == 1 and "Traceback" not in broken.output


def test_train_command_end_to_end(tmp_path):
    rows = []
    for i in range(60):
        rows.append({"text": f"Spending rose by {i + 2} percent in {1990 + i % 20}.", "label": 1, "verdict": 1})
        rows.append({"text": f"I think you are great, number {i}.", "label": 0, "verdict": -1})
        rows.append({"text": f"I went home on day {i}.", "label": 0, "verdict": 0})
    (tmp_path / "train.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "model.npz"
    result = CliRunner().invoke(app, ["train", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["n_train"] + metrics["n_dev"] == len(rows)
    assert out.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    ledger = extract("Taxes rose by 12 percent in 2004. I think you are great.", options=ExtractOptions(model=str(out)))
    scores = [r.score for r in ledger.records]
    assert scores[0] > scores[1]


def test_train_command_missing_data(tmp_path):
    result = CliRunner().invoke(app, ["train", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "nor train.jsonl in this folder" in result.stderr


def test_default_ledger_uses_the_trained_model(seed_text):
    ledger = extract(seed_text)
    scores = [r.score for r in ledger.records if r.kind != "heading"]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert "model p=" in ledger.records[1].why
    assert extract(seed_text) == ledger  # deterministic
    # Every cited sentence stays in the default ledger, whatever its score.
    rows = ledger.rows()
    assert {n for r in rows for n in r.citations} == set(range(1, 26))


def test_threshold_changes_the_model_ledger(seed_text):
    low = extract(seed_text, options=ExtractOptions(threshold=0.05)).summary.claims
    high = extract(seed_text, options=ExtractOptions(threshold=0.9)).summary.claims
    assert low > high


def test_questions_and_headings_are_never_claims():
    ledger = extract("Did unemployment fall to 4 percent in 2019?\nA Title Line\nIt fell to 4 percent in 2019 across every one of the fifty states of the union.",
                     options=ExtractOptions(threshold=0.0))
    kinds = {r.kind: r.is_claim for r in ledger.records}
    assert kinds["question"] is False and kinds["heading"] is False
    assert kinds["statistic"] is True


def test_rule_scorer_still_available():
    assert isinstance(RuleScorer().threshold, float)
    ledger = extract("Prices rose 5% in 2020.[1]", options=ExtractOptions(model="rules"))
    assert ledger.records[0].score == 0.75  # statistic 0.8 + cited 0.2 - very short 0.25


def test_train_refuses_too_little_data_without_traceback(tmp_path):
    (tmp_path / "train.jsonl").write_text('{"text": "a b c", "label": 1}\n{"text": "d e f", "label": 0}\n')
    result = CliRunner().invoke(app, ["train", str(tmp_path), "-o", str(tmp_path / "m.npz")])
    assert result.exit_code == 1
    assert "too few labelled rows" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "m.npz").exists()


def test_evaluate_reports_each_domain(tmp_path):
    rows = [
        {"text": "Unemployment fell to 4.1 percent in 2019.", "label": 1, "domain": "debates"},
        {"text": "Thank you very much.", "label": 0, "domain": "debates"},
        {"text": "Vaccines reduced hospital admissions by 40% in 2021.", "label": 1, "domain": "tweets"},
        {"text": "Good morning everyone!", "label": 0, "domain": "tweets"},
        {"text": "No domain here, rose 5% in 2020.", "label": 1},
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = CliRunner().invoke(app, ["evaluate", str(path), "--model", "rules"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["n"] == 5 and set(report["domains"]) == {"debates", "tweets"}
    assert report["domains"]["tweets"]["n"] == 2 and report["domains"]["tweets"]["positives"] == 1


def test_train_extra_sets_need_the_datasets_folder(tmp_path):
    (tmp_path / "train.jsonl").write_text('{"text": "a b c", "label": 1}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["train", str(tmp_path), str(tmp_path), "-o", str(tmp_path / "m.npz")])
    assert result.exit_code == 2 and "extra training sets need the datasets folder" in result.stderr
    assert not (tmp_path / "m.npz").exists()
