"""Two versions of a document compared sentence by sentence: "did this edit drop a source?"

Sentences are matched by their text, not their position: the key is the sentence without its
markers and flags, in lower case with white space squashed, so moving a paragraph changes
nothing and re-numbering `[3]` to `[4]` is a citation change, not a new sentence. Sentences left
over on both sides are paired when their texts are alike (difflib ratio ≥ 0.6, in document
order): an edited sentence is *changed*, not removed and added.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .citations import strip_markers
from .ledger import DocumentLedger, Kind, Record

__all__ = ["Change", "LedgerDiff", "diff_ledgers", "text_id", "word_changes"]

_SPACE = re.compile(r"\s+")
_ALIKE = 0.6
# Words, runs of white space and single punctuation marks: "35" → "53" is one token changed,
# and `[3]` → `[4]` changes the number only.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def word_changes(old: str, new: str) -> tuple[tuple[str, str, str], ...]:
    """`old` → `new` as runs of tokens (difflib on words, spaces and punctuation): each run
    `(op, old_text, new_text)` with `op` one of `equal`, `replace`, `delete` or `insert`.
    The old runs join to `old` and the new runs to `new`."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    runs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        runs.append((op, "".join(a[i1:i2]), "".join(b[j1:j2])))
    return tuple(runs)


def _key(record: Record) -> str:
    return _SPACE.sub(" ", strip_markers(record.text, [m.shifted(-record.start) for m in record.markers])).strip().lower()


def text_id(record: Record) -> str:
    """An id from the sentence's text (markers and flags aside): the same in both versions."""
    return _id_of(_key(record))


def _id_of(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _sources(record: Record | None, entries: dict[int, str] | None = None) -> set[str]:
    """A record's sources, by what they are: each cited entry's short form (so renumbering the
    list changes nothing, and replacing an entry's text is a change), `[n]` for a number with
    no entry, and each link's URL."""
    if record is None:
        return set()
    entries = entries or {}
    return {entries.get(n, f"[{n}]") for n in record.citations} | {link.url for link in record.links}


@dataclass(frozen=True)
class Change:
    """One sentence's fate: `added`, `removed`, `changed` (text edited) or `unchanged` text
    whose claim status or sources moved; `dropped`/`added_sources` list what it lost or gained."""

    change: str
    text_id: str
    old: Record | None
    new: Record | None
    old_entries: dict[int, str] | None = None  # cited number -> the entry's short form, per side
    new_entries: dict[int, str] | None = None

    @property
    def dropped_sources(self) -> tuple[str, ...]:
        return tuple(sorted(_sources(self.old, self.old_entries) - _sources(self.new, self.new_entries)))

    @property
    def added_sources(self) -> tuple[str, ...]:
        return tuple(sorted(_sources(self.new, self.new_entries) - _sources(self.old, self.old_entries)))

    @property
    def drops_a_source(self) -> bool:
        return bool(self.dropped_sources)

    @cached_property  # read by every format's cell, field and marks: difflib runs once
    def words(self) -> tuple[tuple[str, str, str], ...]:
        """The sentence's text, old against new, in runs (`word_changes`); empty unless both
        sides are there."""
        if self.old is None or self.new is None:
            return ()
        return word_changes(self.old.text, self.new.text)

    @property
    def changes(self) -> tuple[dict[str, str], ...]:
        """What changed inside the sentence: `{"op": "replace", "old": "35", "new": "53"}`, one
        a run of changed words (`insert` has no old words, `delete` no new ones)."""
        return tuple({"op": op, "old": o, "new": n} for op, o, n in self.words if op != "equal")

    def to_dict(self) -> dict[str, Any]:
        def side(r: Record | None) -> dict[str, Any] | None:
            if r is None:
                return None
            return {"id": r.id, "text": r.text, "is_claim": r.is_claim, "score": r.score, "kind": r.kind.value,
                    "citations": list(r.citations), "links": [link.url for link in r.links]}

        return {"change": self.change, "text_id": self.text_id, "old": side(self.old), "new": side(self.new),
                "dropped_sources": list(self.dropped_sources), "added_sources": list(self.added_sources),
                "changes": list(self.changes)}


@dataclass(frozen=True)
class LedgerDiff:
    """Every sentence that differs between two ledgers, in the new document's order."""

    old_doc: str
    new_doc: str
    changes: tuple[Change, ...]

    @property
    def dropped_sources(self) -> int:
        return sum(1 for c in self.changes if c.drops_a_source)

    def counts(self) -> dict[str, int]:
        out = {name: 0 for name in ("added", "removed", "changed", "unchanged")}
        for c in self.changes:
            out[c.change] += 1
        out["claims_added"] = sum(1 for c in self.changes if c.new is not None and c.new.is_claim and not (c.old and c.old.is_claim))
        out["claims_removed"] = sum(1 for c in self.changes if c.old is not None and c.old.is_claim and not (c.new and c.new.is_claim))
        out["sentences_that_lost_a_source"] = self.dropped_sources
        return out


def _entries(ledger: DocumentLedger) -> dict[int, str]:
    short: dict[int, str] = {}
    for ref in ledger.references:
        short.setdefault(ref.number, ref.short_form)
    return short


def diff_ledgers(old: DocumentLedger, new: DocumentLedger) -> LedgerDiff:
    """The sentences added, removed or changed from `old` to `new`, and the sources each lost or gained."""
    old_entries, new_entries = _entries(old), _entries(new)

    olds = [r for r in old.records if r.kind is not Kind.HEADING]
    news = [r for r in new.records if r.kind is not Kind.HEADING]
    keys = {id(r): _key(r) for r in (*olds, *news)}  # each sentence's key, computed once

    def change(kind: str, o: Record | None, n: Record | None) -> Change:
        return Change(kind, _id_of(keys[id(n or o)]), o, n, old_entries, new_entries)

    by_key: dict[str, list[Record]] = {}
    for r in olds:
        by_key.setdefault(keys[id(r)], []).append(r)
    matched: dict[int, Record] = {}  # index in news -> its old record
    for i, r in enumerate(news):
        same = by_key.get(keys[id(r)])
        if same:
            matched[i] = same.pop(0)
    left_old = [r for rs in by_key.values() for r in rs]
    left_old.sort(key=lambda r: r.start)
    paired: dict[int, Record] = {}
    for i, r in enumerate(news):
        if i in matched or not left_old:
            continue
        key = keys[id(r)]
        likeness, best = max(((difflib.SequenceMatcher(None, keys[id(o)], key).ratio(), j) for j, o in enumerate(left_old)),
                             key=lambda pair: pair[0])
        if likeness >= _ALIKE:
            paired[i] = left_old.pop(best)
    changes: list[Change] = []
    for i, r in enumerate(news):
        if i in matched:
            kept = change("unchanged", matched[i], r)
            if matched[i].is_claim != r.is_claim or kept.dropped_sources or kept.added_sources:
                changes.append(kept)
        elif i in paired:
            changes.append(change("changed", paired[i], r))
        else:
            changes.append(change("added", None, r))
    changes.extend(change("removed", r, None) for r in left_old)
    return LedgerDiff(old.doc, new.doc, tuple(changes))
