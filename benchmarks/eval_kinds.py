"""Precision of each claim kind against the hand labels of `data/kinds/`.

    python benchmarks/eval_kinds.py [--split test|dev] [--json] [--errors]

The labels (`docs/kinds.md`'s guide, one annotator, blind to claimtrace) list every kind that
applies to a sentence; the ledger shows one. A shown kind is right when the labels hold it, so
the precision of kind K is: of the sentences shown as K, the share labelled K. Recall is given
too, for the shown kind and for the cue (K fired at all, even if an earlier kind was shown).
`dev` (150 sentences) is what the rules were adjusted on; `test` (360) is the reported figure.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace.kinds import ORDER, Kind, classify_kind  # noqa: E402

KINDS = [k.value for k in ORDER if k is not Kind.FURNITURE] + ["statement"]


def evaluate(rows: list[dict]) -> dict:
    shown: Counter = Counter()
    right: Counter = Counter()
    gold: Counter = Counter()
    shown_hits: Counter = Counter()
    cue_hits: Counter = Counter()
    by_domain: dict[str, Counter] = {}
    errors = []
    for row in rows:
        match = classify_kind(row["text"])
        kind = match.kind.value
        labels = set(row["kinds"])
        shown[kind] += 1
        ok = kind in labels
        right[kind] += ok
        d = by_domain.setdefault(row["domain"], Counter())
        d["n"] += 1
        d["right"] += ok
        for k in labels:
            gold[k] += 1
            shown_hits[k] += k == kind
            cue_hits[k] += k in match.cues or k == kind
        if not ok:
            errors.append({"id": row["id"], "shown": match.describe(), "labels": sorted(labels), "text": row["text"]})
    per_kind = {}
    for k in KINDS + ["furniture"]:
        if not shown[k] and not gold[k]:
            continue
        per_kind[k] = {
            "shown": shown[k],
            "precision": round(right[k] / shown[k], 3) if shown[k] else None,
            "labelled": gold[k],
            "recall_shown": round(shown_hits[k] / gold[k], 3) if gold[k] else None,
            "recall_cue": round(cue_hits[k] / gold[k], 3) if gold[k] else None,
        }
    return {
        "n": len(rows),
        "shown_kind_right": round(sum(right.values()) / len(rows), 3),
        "kinds": per_kind,
        "domains": {k: round(v["right"] / v["n"], 3) for k, v in sorted(by_domain.items())},
        "errors": errors,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=["test", "dev"])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true", help="list the sentences whose shown kind is not labelled")
    args = ap.parse_args()
    path = ROOT / "data" / "kinds" / f"{args.split}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = evaluate(rows)
    if not args.errors:
        result.pop("errors")
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return
    print(f"{args.split}: {result['n']} sentences; shown kind among the labels: {result['shown_kind_right']:.3f}")
    print(f"{'kind':<12}{'shown':>7}{'precision':>11}{'labelled':>10}{'recall':>8}{'cue recall':>12}")
    for k, v in result["kinds"].items():
        p = "-" if v["precision"] is None else f"{v['precision']:.3f}"
        r = "-" if v["recall_shown"] is None else f"{v['recall_shown']:.3f}"
        c = "-" if v["recall_cue"] is None else f"{v['recall_cue']:.3f}"
        print(f"{k:<12}{v['shown']:>7}{p:>11}{v['labelled']:>10}{r:>8}{c:>12}")
    print("by domain: " + ", ".join(f"{k} {v:.3f}" for k, v in result["domains"].items()))
    for e in result.get("errors", []):
        print(f"  {e['id']}: shown {e['shown']!r}, labelled {e['labels']}: {e['text'][:150]}")


if __name__ == "__main__":
    main()
