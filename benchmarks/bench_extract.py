"""Throughput of `claimtrace.extract` beside spaCy's sentencizer pipeline, on the same texts.

    python benchmarks/bench_extract.py [CORPUS_DIR] [--repeat 3] [--model rules] [--with-plos]

Prints characters per second (best of --repeat runs, one process, one core) for:
- baseline: `spacy.blank("en")` + `sentencizer` over each document's paragraphs;
- spaCy's blank tokenizer alone over the same paragraphs;
- claimtrace with each claim model asked for (`--model rules --model default`);
- claimtrace's spaCy components (`claimtrace.build_pipeline()`) over the same paragraphs,
and each one's ratio to the baseline. Pipelines are built before timing starts.

`--with-plos` adds 91 research articles rebuilt from the PLOS cite-worthiness sentences
(../shared/datasets/claims-domains/plos_citeworthiness, train and dev, grouped by article, six
sentences a paragraph): GUM + PLOS, 3.0 M characters, the mix issue 12 measured on.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrace import ExtractOptions, build_pipeline, extract  # noqa: E402


def _best(fn, texts, repeat):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - start)
    return best


def plos_articles(datasets: Path) -> list[str]:
    """The PLOS cite-worthiness sentences put back together, one text an article."""
    articles: dict[str, list[str]] = {}
    for split in ("train", "dev"):
        with (datasets / "claims-domains/plos_citeworthiness" / f"{split}.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                articles.setdefault(row["id"].rsplit(":", 1)[0], []).append(row["text"])
    return ["\n".join(" ".join(s[i : i + 6]) for i in range(0, len(s), 6)) for s in articles.values()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared/datasets/gum-train"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", action="append", help="claim model(s) to time (default: rules and default)")
    parser.add_argument("--with-plos", action="store_true", help="add the PLOS articles (GUM + PLOS)")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(args.corpus).glob("*.txt"))]
    if args.with_plos:
        texts += plos_articles(Path(args.corpus).parent)
    if not texts:
        sys.exit(f"no .txt files in {args.corpus}")
    chars = sum(map(len, texts))

    import spacy

    baseline_nlp = spacy.blank("en")
    baseline_nlp.add_pipe("sentencizer")

    tokenizer = spacy.blank("en")

    def paragraphs(text):
        return (line for line in re.split(r"\n+", text) if line.strip())

    def baseline(text):
        for _ in baseline_nlp.pipe(paragraphs(text)):
            pass

    def tokenize(text):
        for _ in tokenizer.pipe(paragraphs(text)):
            pass

    rows = [("spacy blank + sentencizer", _best(baseline, texts, args.repeat)),
            ("spacy blank tokenizer only", _best(tokenize, texts, args.repeat))]
    for model in args.model or ["rules", "default"]:
        options = ExtractOptions(model=model)
        extract(texts[0], options=options)  # loads the scorer outside the timing
        rows.append((f"claimtrace extract ({model})", _best(lambda t: extract(t, options=options), texts, args.repeat)))
    # The same facts through the spaCy components (what a user's own pipeline runs).
    nlp = build_pipeline()

    def components(text):
        for _ in nlp.pipe(paragraphs(text)):
            pass

    rows.append(("spaCy components (default)", _best(components, texts, args.repeat)))
    base = rows[0][1]
    print(f"{len(texts)} documents, {chars:,} characters, best of {args.repeat}")
    for name, seconds in rows:
        print(f"{name:34} {chars / seconds:12,.0f} chars/s  {len(texts) / seconds:7,.0f} docs/s  "
              f"{seconds:7.3f} s   x{base / seconds:.2f} of baseline speed")
    # Peak resident memory of this process (all pipelines loaded), for the memory budget.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of the process): {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
