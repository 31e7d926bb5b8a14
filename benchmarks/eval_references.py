"""Per-field accuracy of structured reference parsing against publisher-tagged gold.

    python benchmarks/eval_references.py [../shared/datasets/references-dev] [--json] [--show FIELD]

Each `NAME.txt` is read as a document (`claimtrace.extract_source`, so the reference list is found
and parsed exactly as `claimtrace references` does it); each entry is compared with the fields the
publisher tagged in `NAME.refs.json` (first author's `surname`, `year`, `title`, `source` →
`container`, `volume`, `doi`). A field counts where the gold has it: accuracy = exact matches
(case, white space and trailing punctuation ignored) / gold entries with that field. Entries the
publisher did not tag at all are left out. references-dev is the set the rules were written
against (a dev set): these numbers are not a test.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace.pipeline import extract_source  # noqa: E402
from claimtrace.readers import read_path  # noqa: E402

FIELDS = ("surname", "year", "title", "container", "volume", "doi")


def _norm(value) -> str:
    text = re.sub(r"\s+", " ", str(value or "")).strip(" .,;:'\"”’").lower()
    return text.replace("–", "-")


def predicted(ref) -> dict:
    return {
        "surname": ref.surname,
        "year": ref.year, "title": ref.title, "container": ref.container,
        "volume": ref.volume, "doi": ref.doi,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared/datasets/references-dev"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", help="print the misses of one field")
    args = parser.parse_args()
    right = dict.fromkeys(FIELDS, 0)
    total = dict.fromkeys(FIELDS, 0)
    entries = 0
    for path in sorted(Path(args.corpus).glob("*.txt")):
        gold = json.loads(path.with_name(path.stem + ".refs.json").read_text("utf-8"))
        refs = {ref.number: ref for ref in extract_source(read_path(path)).references}
        for number, fields in gold.items():
            fields = {("container" if k == "source" else k): v for k, v in fields.items()}
            if not any(fields.values()):
                continue
            entries += 1
            got = predicted(refs[int(number)]) if int(number) in refs else dict.fromkeys(FIELDS)
            for field in FIELDS:
                if fields.get(field) is None:
                    continue
                total[field] += 1
                ok = _norm(got[field]) == _norm(fields[field])
                right[field] += ok
                if not ok and args.show == field:
                    print(f"{path.stem}[{number}] gold={fields[field]!r} got={got[field]!r}", file=sys.stderr)
    result = {f: {"right": right[f], "total": total[f], "accuracy": right[f] / total[f] if total[f] else None}
              for f in FIELDS}
    if args.json:
        print(json.dumps({"entries": entries, "fields": result}, indent=2))
        return
    print(f"{entries} tagged entries in {args.corpus}")
    print(f"{'field':<10} {'right':>6} {'gold':>6} {'accuracy':>9}")
    for f in FIELDS:
        r = result[f]
        accuracy = "-" if r["accuracy"] is None else f"{r['accuracy']:.3f}"
        print(f"{f:<10} {r['right']:>6} {r['total']:>6} {accuracy:>9}")


if __name__ == "__main__":
    main()
