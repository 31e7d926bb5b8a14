"""The sentences a person reads on stderr: the summary line, a document's integrity report,
its languages, where its web sources are. Only the command line prints them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

from .language import ENGLISH

if TYPE_CHECKING:
    from .ledger import DocumentEnd, Summary


def counted(n: int, word: str, plural: str | None = None) -> str:
    """`1 claim`, `2 claims` (`plural` when it is not `word` + s)."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _verb(n: int, verb: str) -> str:
    """`1 marker cites`, `2 markers cite`."""
    return verb + "s" if n == 1 else verb


def summary_line(total: Summary) -> str:
    """`1 document, 59 sentences, 41 claims (20 cited, 21 uncited), 25 markers`."""
    line = (
        f"{counted(total.documents, 'document')}, {counted(total.sentences, 'sentence')}, "
        f"{counted(total.claims, 'claim')} ({total.cited_claims} cited, {total.uncited_claims} uncited), "
        f"{counted(total.markers, 'marker')}"
    )
    if total.links:
        line += (f", {counted(total.links, 'link')} (claims cited by a marker: {total.marker_cited_claims}, "
                 f"by a link: {total.link_cited_claims})")
    if total.not_english:
        n = total.not_english
        line += f"; {n} sentence{'s' if n != 1 else ''} not in English, not judged"
    return line


def language_line(doc: str, languages: Iterable[str], not_english: int) -> str | None:
    """A warning when part of a document is not English (its sentences are not judged):
    `languages` are its records' languages, `not_english` its `Summary.not_english`."""
    others = sorted(set(languages) - {ENGLISH})
    if not others:
        return None
    n = not_english
    return (f"{doc}: {n} sentence{'s' if n != 1 else ''} in {', '.join(others)}: not judged "
            "(the claim model reads English)")


def _numbers(values: Sequence[int] | Sequence[str], separator: str = ", ") -> str:
    shown = separator.join(map(str, values[:10]))
    return shown + (f" … (+{len(values) - 10})" if len(values) > 10 else "")


# The integrity report's lists in the line, in order: (field, label, separator). Works by
# author and year are separated by `; ` (their keys hold commas).
_INTEGRITY_LISTS = (
    ("missing_entries", "cited but missing", ", "),
    ("missing_keys", "cited works with no entry", "; "),
    ("ambiguous_keys", "ambiguous (several entries fit)", "; "),
    ("beyond_list", "beyond the list's last entry", ", "),
    ("uncited_entries", "never cited", ", "),
    ("duplicate_entries", "duplicate entries", ", "),
)


def integrity_line(doc: str, end: DocumentEnd) -> str | None:
    """One line on how the markers and reference list of document `doc` fit, if there is news
    (`end`: its `DocumentEnd`)."""
    report, references, summary = end.integrity, end.references, end.summary
    if report is None or (not references and not summary.markers):
        return None
    if not report.reference_list:
        works = f" and {counted(len(report.missing_keys), 'work')} by author and year" if report.missing_keys else ""
        return (f"{doc}: no reference list found; {counted(summary.markers, 'marker')} "
                f"{_verb(summary.markers, 'cite')} {counted(len(report.missing_entries), 'number')}{works}")
    parts = [counted(len(references), "reference entry", "reference entries")]
    parts += [f"{label}: {_numbers(getattr(report, field), separator)}"
              for field, label, separator in _INTEGRITY_LISTS if getattr(report, field)]
    if summary.claims:
        parts.append(f"{report.uncited_claim_share:.0%} of claims cite nothing")
    if report.link_cited_claims:
        parts.append(f"{counted(report.link_cited_claims, 'claim')} {_verb(report.link_cited_claims, 'cite')} by a link, "
                     f"{report.marker_cited_claims} by a marker")
    return f"{doc}: " + "; ".join(parts)


def links_line(doc: str, links: int) -> str:
    """For `claimtrace references` on a page that cites only by hyperlink (issue 22: a page with
    30 source links said `0 reference entries` and nothing more): where its sources are."""
    import shlex

    return (f"{doc}: no reference list; its sentences cite {counted(links, 'web link')} instead, "
            f"listed by: claimtrace extract {shlex.quote(doc)} -f jsonl | jq -r '.links[].url'")
