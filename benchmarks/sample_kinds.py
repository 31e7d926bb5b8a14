"""Sample unlabelled sentences for the claim-kind evaluation set (data/kinds/).

Deterministic (fixed seed), standard library only. Run from the repository root:

    python benchmarks/sample_kinds.py

Reads the shared datasets in ../shared/datasets/ and writes
data/kinds/dev.unlabelled.jsonl (150 sentences) and data/kinds/test.unlabelled.jsonl
(360 sentences), disjoint, spread equally over six domains. Labels are added by hand
(see docs/kinds.md and data/kinds/README.md).
"""

import glob
import json
import os
import random
import re
from html.parser import HTMLParser

SEED = 20240611
N_DEV = 150
N_TEST = 360
DOMAINS = ["debates", "tweets", "papers", "news", "web/encyclopedia", "wikipedia"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "datasets")
OUT = os.path.join(ROOT, "data", "kinds")

CITE = re.compile(r"\s*\[\d+(?:\s*[,\u2013\u2014-]\s*\d+)*\]")
WIKI_NOTE = re.compile(r"\[[^\[\]]{1,30}\]")
WIKI_SPLIT = re.compile(r"(?<=[.!?])[\"\u201d']?\s+(?=[A-Z\"\u201c])")
MIN_LEN = 20


def clean(text):
    text = CITE.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def debates():
    for row in read_jsonl(os.path.join(DATA, "claimbuster", "train.jsonl")):
        yield row["text"], "claimbuster/train.jsonl#%s" % row["id"]


def tweets():
    for name in ("checkthat2020_en_tweets", "checkthat2022_1b_en_tweets", "scitweets"):
        for row in read_jsonl(os.path.join(DATA, "claims-domains", name, "train.jsonl")):
            if len(row["text"]) > 400:
                continue
            yield row["text"], "claims-domains/%s#%s" % (name, row["id"])


def papers():
    path = os.path.join(DATA, "claims-domains", "plos_citeworthiness", "train.jsonl")
    for row in read_jsonl(path):
        yield row["text"], "claims-domains/plos_citeworthiness#%s" % row["id"]


def gum(genres):
    for genre in genres:
        for txt in sorted(glob.glob(os.path.join(DATA, "gum-train", "GUM_%s_*.txt" % genre))):
            with open(txt, encoding="utf-8") as f:
                text = f.read()
            with open(txt[: -len(".txt")] + ".gold.json", encoding="utf-8") as f:
                gold = json.load(f)
            heads = {(h["start"], h["end"]) for h in gold.get("headings", [])}
            name = os.path.basename(txt)[: -len(".txt")]
            for i, s in enumerate(gold["sentences"]):
                if (s["start"], s["end"]) in heads:
                    continue
                yield text[s["start"]:s["end"]], "gum-train/%s#s%d" % (name, i)


class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.buf = []
        self.paras = []

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.depth += 1
            self.buf = [] if self.depth == 1 else self.buf
        elif self.depth and tag in ("style", "script", "math"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1
            if not self.depth:
                self.paras.append("".join(self.buf))
        elif self.depth and self.skip and tag in ("style", "script", "math"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.buf.append(data)


def wikipedia():
    for path in sorted(glob.glob(os.path.join(DATA, "wikipedia-html", "*.html"))):
        parser = _Paragraphs()
        with open(path, encoding="utf-8") as f:
            parser.feed(f.read())
        name = os.path.basename(path)
        for p, para in enumerate(parser.paras):
            para = WIKI_NOTE.sub("", re.sub(r"\s+", " ", para)).strip()
            for k, sent in enumerate(WIKI_SPLIT.split(para)):
                if 30 <= len(sent.strip()) <= 400:
                    yield sent, "wikipedia-html/%s#p%d.s%d" % (name, p, k)


SOURCES = {
    "debates": debates,
    "tweets": tweets,
    "papers": papers,
    "news": lambda: gum(["news"]),
    "web/encyclopedia": lambda: gum(["bio", "voyage", "whow", "textbook", "academic"]),
    "wikipedia": wikipedia,
}


def shares(total):
    base, extra = divmod(total, len(DOMAINS))
    return {d: base + (1 if i < extra else 0) for i, d in enumerate(DOMAINS)}


def main():
    rng = random.Random(SEED)
    dev_n, test_n = shares(N_DEV), shares(N_TEST)
    dev, test = [], []
    seen = set()
    for domain in DOMAINS:
        pool = []
        for text, source in SOURCES[domain]():
            text = clean(text)
            if len(text) < MIN_LEN or text.lower() in seen:
                continue
            seen.add(text.lower())
            pool.append((text, source))
        rng.shuffle(pool)
        need = dev_n[domain] + test_n[domain]
        if len(pool) < need:
            raise SystemExit("not enough sentences for %s: %d < %d" % (domain, len(pool), need))
        for text, source in pool[: dev_n[domain]]:
            dev.append({"text": text, "domain": domain, "source": source})
        for text, source in pool[dev_n[domain]:need]:
            test.append({"text": text, "domain": domain, "source": source})
    os.makedirs(OUT, exist_ok=True)
    for split, rows in (("dev", dev), ("test", test)):
        rng.shuffle(rows)
        path = os.path.join(OUT, "%s.unlabelled.jsonl" % split)
        with open(path, "w", encoding="utf-8") as f:
            for i, row in enumerate(rows, 1):
                row = {"id": "%s-%03d" % (split, i), **row}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print("wrote %d sentences to %s" % (len(rows), os.path.relpath(path, ROOT)))


if __name__ == "__main__":
    main()
