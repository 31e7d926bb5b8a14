"""Citation-marker detection against publisher-tagged gold (citations-dev) and GUM.

    python benchmarks/eval_markers.py [DATASET_DIR ...]

Datasets differ on grouping: citations-dev tags `[22], [24]` as one marker, GUM as two. So the
comparison ignores grouping: a found marker is correct when it lies inside a gold marker; a gold
marker is recalled when the found markers inside it start and end where it does and cite the same
numbers. The reference list at the end of a document is not body text and is left out. Gold comes
from each `NAME.gold.json` beside `NAME.txt`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace.citations import find_markers  # noqa: E402

DEFAULTS = [ROOT.parent / "shared/datasets/citations-dev", ROOT.parent / "shared/datasets/gum-train"]


def _body_end(text: str) -> int:
    """Where the reference list starts (claimtrace's own detector), or the end of the text."""
    try:
        from claimtrace.reference_list import find_reference_section
    except ImportError:
        return len(text)
    section = find_reference_section(text)
    return section.start if section else len(text)


def evaluate(directory: Path, show: int = 0) -> dict:
    tp = tp_found = fp = fn = numbers_ok = 0
    misses, extras = [], []
    for path in sorted(directory.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        gold = json.loads((path.parent / f"{path.stem}.gold.json").read_text())["markers"]
        body_end = _body_end(text)
        # Both gold sets tag bracketed numbers; other styles are measured elsewhere
        # (`eval_author_year.py`: GUM's academic texts also cite by author and year).
        found = [h for h in find_markers(text) if h.start < body_end and h.style == "bracket"]
        for hit in found:
            if any(g["start"] <= hit.start and hit.end <= g["end"] for g in gold):
                tp_found += 1
            else:
                fp += 1
                extras.append((path.stem, text[hit.start - 30 : hit.end + 10]))
        for g in gold:
            inside = [h for h in found if g["start"] <= h.start and h.end <= g["end"]]
            if inside and inside[0].start == g["start"] and inside[-1].end == g["end"]:
                tp += 1
                numbers_ok += sorted(n for h in inside for n in h.numbers) == sorted(g["numbers"])
            else:
                fn += 1
                misses.append((path.stem, text[g["start"] - 30 : g["end"] + 10]))
    p = tp_found / (tp_found + fp) if tp_found + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    for label, items in (("missed", misses), ("extra", extras)):
        for doc, context in items[:show]:
            print(f"  {label}: {doc}: {context!r}")
    return {"gold": tp + fn, "found": tp_found + fp, "precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0, "numbers_exact": numbers_ok / tp if tp else 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="*", type=Path, default=DEFAULTS)
    parser.add_argument("--show", type=int, default=0, help="print this many misses and extras")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    if args.json:
        print(json.dumps({d.name: evaluate(d) for d in args.datasets}, indent=2))
        return
    print(f"{'dataset':18} {'gold':>5} {'found':>5} {'P':>7} {'R':>7} {'F1':>7} {'numbers':>8}")
    for directory in args.datasets:
        r = evaluate(directory, args.show)
        print(f"{directory.name:18} {r['gold']:5} {r['found']:5} {r['precision']:7.4f} "
              f"{r['recall']:7.4f} {r['f1']:7.4f} {r['numbers_exact']:8.4f}")


if __name__ == "__main__":
    main()
