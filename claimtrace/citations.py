"""The citation grammar: every bracket claimtrace reads as a citation, or knowingly refuses.

This is the only module that knows what a citation looks like. Everyone else asks it:
- in-text markers: `find_markers` (recognize and expand), `explain` (which recognizer decided),
  `strip_markers` (the text without the markers that were found), `marker_label` (the visible
  text of an HTML/Word note reference), `editorial_tag_end` and `without_trailing_brackets`
  (brackets trailing a sentence or a line), `editorial_flags` (an editor's `[citation needed]`);
- reference lists: `is_reference_heading` ("References", "Notes"…) and `entry_opener` (the
  `[12] `, `12. `, `12) ` or Wikipedia `^ a b ` that opens an entry).

A bracket candidate (`[...]` on one line) is offered to every recognizer in `RECOGNIZERS`; the
first that parses it decides. Citation recognizers return the expanded reference numbers;
`Editorial` claims the brackets that are known *not* to be citations (`[i.e., …]`, `[sic]`), so
they are never mistaken for one and the decision is visible in `explain()`. Add a citation form
by adding a recognizer class to `RECOGNIZERS`, not by editing a shared pattern.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cached_property
from operator import attrgetter
from typing import Any, Iterator, Sequence

from .fields import ARROW, INT64, JSON, TEXT, Field, Items, List, Schema
from .languages.en import (
    AND_PATTERN, BACKLINK_LABEL, CITING_LEAD, EDITORIAL_BRACKET, FLAG_SUFFIXES, FLAG_WORDS,
    INTERVAL_BEFORE, LOCATOR_LABEL, NAME_LINK_WORDS, NAME_PARTICLES, NAME_SPLIT, NAVIGATION_PATH, NOT_AUTHORS,
    ORG_SMALL_WORDS, PARTICLE_PATTERN, REFERENCE_HEADING, SEVERAL_NAMES, SHARE_OR_SIGN_IN, SOURCE_BLOCK,
    UNDATED_ENTRY, UNDATED_HINT, UNDATED_YEAR, UNIT_AFTER,
)
from .text import SUPERSCRIPT_DIGITS, YEAR_PATTERN, from_superscript, is_year

# One bracket pair on one line, nothing nested. 60 characters is far longer than any citation
# list we have seen (`[1, 3, 5, 7-9, 12]`) and short enough to skip bracketed prose quickly.
_CANDIDATE = re.compile(r"\[([^\[\]\n]{1,60})\]")
_DASHES = "-‐‑‒–—"
_DASH_SPLIT = re.compile(f"\\s*[{_DASHES}]\\s*")
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")
_MAX_NUMBER = 9999
# A note reference a reader placed (an HTML or Word note link, a Markdown `[^x]`) is a marker
# by the reader's word, whatever its number (`find_markers(..., placed=...)`): this is its
# recognizer's name where the grammar does not read it itself (`[1999]` reads as a year).
PLACED = "note"

# A range wider than this is more likely an interval or a page span than a run of citations.
_MAX_RANGE = 100


@dataclass(frozen=True, slots=True)
class Marker:
    """A citation marker: offsets into the text it was found in, raw text, expanded numbers.

    `scope` says why the marker is attached to a sentence: `sentence` when it stands in or right
    after it, `quotation` when it closes a multi-sentence quotation and the sentence is an
    earlier one of that quotation (the marker's offsets then lie after the sentence's end).
    """

    start: int
    end: int
    raw: str
    numbers: tuple[int, ...]
    recognizer: str
    scope: str = "sentence"
    locator: str = ""  # the pinpoint inside the cited work: `p. 23`, `Fig. 2`, `70–71`
    style: str = "bracket"  # how the document prints it: `bracket` (`[3]`), `superscript` (`³`), `author_year`
    # Author-year markers only: each work the marker names, with the entries its key resolves to.
    works: tuple["CitedWork", ...] = ()

    def shifted(self, offset: int) -> "Marker":
        return replace(self, start=self.start + offset, end=self.end + offset)

    def to_dict(self) -> dict[str, Any]:
        return MARKER_FIELDS.as_dict(self)


def placed_marker(start: int, end: int, raw: str, numbers: Sequence[int]) -> Marker:
    """The marker of a note reference a reader wrote as `raw` at `start:end` and knows cites
    `numbers`: printed in brackets (`[1999]`) or raised (`¹⁹⁹⁹`)."""
    style = "bracket" if raw.startswith("[") else "superscript"
    return Marker(start, end, raw, tuple(numbers), PLACED, style=style)


@dataclass(frozen=True, slots=True)
class CitedWork:
    """One work an author-year marker names (`Smith et al., 2001a`) and the entries it resolves to.

    `key` is the work as printed, tidied (`Smith et al., 2001a`); `surname` the first author's
    normalised surname (`smith`), `authors` how many names the citation implies (1, 2, or 3 for
    three or more / et al.), `second` the second name's normalised surname when two are printed,
    `year` the year or `in press`/`n.d.`, `suffix` the letter after the year. `entries` are the
    list positions the key resolves to: one when it is linked, none when the list has no such
    work (or there is no list), several when the key is ambiguous (then none of them is cited).
    """

    key: str
    surname: str
    authors: int
    year: str
    suffix: str = ""
    second: str = ""
    entries: tuple[int, ...] = ()
    head: str = ""  # the `name_key` of the whole author part, for works only the list can name

    @property
    def status(self) -> str:
        """`linked` (one entry), `missing` (none) or `ambiguous` (several)."""
        return ("missing", "linked")[len(self.entries)] if len(self.entries) < 2 else "ambiguous"

    def to_dict(self) -> dict[str, Any]:
        return WORK_FIELDS.as_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CitedWork":
        """The work a `to_dict()` describes, as far as it says (key and entries)."""
        return cls(data["key"], "", 0, "", entries=tuple(data.get("entries", ())))


# A marker's fields as every format shows them (`fields.py`): in JSON a dict in this order, in
# Parquet a struct; in CSV the fields that name a `column` are `;`-joined columns of the record.
MARKER_FIELDS = Schema((
    Field("raw", TEXT, "the marker as written: `[2-4]`", column="markers", cell=attrgetter("raw")),
    Field("numbers", List("int"), "the reference numbers it cites, expanded: 2, 3, 4"),
    Field("start", INT64, "offset of the marker in the document text",
          column="marker_offsets", cell=lambda m: f"{m.start}-{m.end}"),
    Field("end", INT64, "offset just past the marker"),
    Field("recognizer", TEXT, "which recognizer of `citations.RECOGNIZERS` read it; `note`: a note reference "
          "its reader placed that the grammar does not read (`[1999]`)"),
    Field("scope", TEXT, "`sentence`, or `quotation` when it closes a quotation the sentence is in",
          column="marker_scopes", cell=attrgetter("scope")),
    Field("locator", TEXT, "the pinpoint inside the cited work: `p. 23`",
          column="marker_locators", cell=attrgetter("locator"), sparse=True),
    Field("style", TEXT, "how the document prints it: `bracket`, `superscript`, `author_year`",
          column="marker_styles", cell=attrgetter("style")),
    Field("works", Items(lambda: WORK_FIELDS), "author-year markers: each work cited, its entries and status",
          views=frozenset({JSON, ARROW}), omit_empty=True),
))
# One work an author-year marker cites (`CitedWork`), as JSON and Parquet show it.
WORK_FIELDS: Schema = Schema((
    Field("key", TEXT, "the work as printed, tidied: `Smith et al., 2001a`"),
    Field("entries", List("int"), "the list entries the key resolves to"),
    Field("status", TEXT, "`linked` (one entry), `missing` (none) or `ambiguous` (several)"),
))


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink in the text: a source given as a link rather than a `[n]` marker.

    `start`/`end` are the offsets of the anchor text (`text`) in the text it was found in.
    """

    start: int
    end: int
    url: str
    text: str

    def shifted(self, offset: int) -> "Link":
        # Not `dataclasses.replace`, which costs ten times more: a page of 100,000 links shifts each.
        return Link(self.start + offset, self.end + offset, self.url, self.text)

    def to_dict(self) -> dict[str, Any]:
        return LINK_FIELDS.as_dict(self)


LINK_FIELDS = Schema((
    Field("url", TEXT, "where the link points", column="links", cell=attrgetter("url")),
    Field("text", TEXT, "the anchor text"),
    Field("start", INT64, "offset of the anchor text in the document text"),
    Field("end", INT64, "offset just past the anchor text"),
))


def source_url(href: str, site: str | None = None) -> str | None:
    """The URL of a link that can name a source: absolute web links (`https://…`, `//host/…`,
    `www.…`); None for in-page anchors (`#cite_note-3`), site-relative paths, `mailto:`, and
    navigation (`is_navigation`; `site` is the address of the page the link is on, if known)."""
    href = href.strip()
    if href.startswith("//"):
        url = "https:" + href
    elif href.lower().startswith(("http://", "https://")):
        url = href
    elif href.lower().startswith("www."):
        url = "https://" + href
    else:
        return None
    return None if is_navigation(url, site) else url


# A link to a work by its identifier is a source whatever its path looks like: a DOI, a PubMed
# or PMC record, an arXiv or bioRxiv paper, a handle.
_SCHOLARLY_HOST = re.compile(
    r"(?:^|\.)(?:doi\.org|arxiv\.org|ncbi\.nlm\.nih\.gov|europepmc\.org|biorxiv\.org|medrxiv\.org|"
    r"hdl\.handle\.net|ssrn\.com|zenodo\.org|jstor\.org)$"
)
# Share, sign-in and comment endpoints on any host (`languages/en.py`).
_SHARE_OR_SIGN_IN = SHARE_OR_SIGN_IN
# A site's own furniture: tag, category, author, search and comment pages (`languages/en.py`).
_FURNITURE_PATH = NAVIGATION_PATH
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)


def is_navigation(url: str, site: str | None = None) -> bool:
    """Whether an absolute link is page furniture rather than a source.

    Share, sign-in and comment endpoints are navigation on any host. Tag, category, author,
    user, search and comment pages, and the front page, are navigation on the page's own site
    (`site`, the page's canonical address; unknown for a Word or Markdown document, whose
    author wrote each link on purpose). DOI, PubMed, arXiv and other identifier links never are.
    """
    rest = _SCHEME.sub("", url)
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].lower()
    if _SCHOLARLY_HOST.search(host):
        return False
    if _SHARE_OR_SIGN_IN.match(rest):
        return True
    if site is None or not _same_site(host, _SCHEME.sub("", site).split("/", 1)[0].lower()):
        return False
    path = rest[len(host):]
    return bool(_FURNITURE_PATH.search(path)) or path.strip("/") == ""


def _same_site(host: str, other: str) -> bool:
    """`www.dw.com` and `dw.com`, `idp.nature.com` and `www.nature.com`: one site."""
    return _registered(host) == _registered(other)


def _registered(host: str) -> str:
    """The registered part of a host name: `www.bbc.co.uk` → `bbc.co.uk`, `phys.org` → `phys.org`."""
    labels = host.split(":", 1)[0].split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


_SECOND_LEVEL = frozenset("co com ac gov org net edu gob go ne or".split())


def _number(token: str) -> int | None:
    token = token.strip()
    # ASCII digits only: `str.isdigit` also accepts `²` and `١`, which are not note numbers.
    if not (token.isascii() and token.isdigit()) or len(token) > 4:
        return None
    value = int(token)
    return value if 1 <= value <= _MAX_NUMBER else None


def _range(token: str) -> tuple[int, ...] | None:
    """`3-7`, `3–7`, `3 - 7` → (3, 4, 5, 6, 7); reversed, degenerate or absurd ranges → None."""
    parts = _DASH_SPLIT.split(token.strip())
    if len(parts) != 2:
        return None
    lo, hi = _number(parts[0]), _number(parts[1])
    # `[4-2]` is not a range and `[1-500]` is an interval, not 500 citations.
    if lo is None or hi is None or hi <= lo or hi - lo > _MAX_RANGE:
        return None
    # `[1939-1945]`: a span of years, not notes 1939 to 1945.
    if is_year(lo, parts[0]) and is_year(hi, parts[1]):
        return None
    return tuple(range(lo, hi + 1))


class Recognizer:
    """One bracket form. `parse` returns the expanded numbers, or None when it does not apply."""

    name = "recognizer"
    is_citation = True

    def parse(self, inner: str) -> tuple[int, ...] | None:  # pragma: no cover - interface
        raise NotImplementedError

    def locator(self, inner: str) -> str:
        """The pinpoint the bracket gives inside the cited work (only `Locator` has one)."""
        return ""


class SingleNumber(Recognizer):
    """`[1]`, `[ 4 ]`; refuses years such as `[2019]`."""

    name = "single"

    def parse(self, inner: str) -> tuple[int, ...] | None:
        value = _number(inner)
        if value is None or is_year(value, inner):
            return None
        return (value,)


class NumberRange(Recognizer):
    """`[1-3]`, `[1–3]` (en dash), `[1 - 3]`; refuses reversed and absurd ranges."""

    name = "range"

    def parse(self, inner: str) -> tuple[int, ...] | None:
        return _range(inner)


class NumberList(Recognizer):
    """`[1, 2]`, `[1,2]`, `[1; 2]`, and lists with ranges in them: `[1, 3-5, 9]`.

    Refuses lists with a repeated number or a zero: `[0, 1]` and `[1, 1]` are intervals and
    vectors in scientific text, not citations (seen in the citations-dev articles).
    """

    name = "list"

    def parse(self, inner: str) -> tuple[int, ...] | None:
        items = _LIST_SPLIT.split(inner.strip())
        if len(items) < 2:
            return None
        numbers: list[int] = []
        for item in items:
            expanded = _range(item) if any(d in item for d in _DASHES) else None
            if expanded is None:
                value = _number(item)
                if value is None:
                    return None
                expanded = (value,)
            numbers.extend(expanded)
        if len(set(numbers)) != len(numbers):
            return None
        # `[2019, 2020]`: years, not notes.
        if len(numbers) == len(items) and all(is_year(n, item) for n, item in zip(numbers, items)):
            return None
        return tuple(numbers)


# `p. 23`, `pp. 4–5`, `Fig. 2`, `Table 1`, `ch. 3`, `§ 4`, `eq. 7`: a pinpoint after a note number.
_LOCATOR_LABEL = LOCATOR_LABEL  # `p. 23`, `Fig. 2`: English labels (`languages/en.py`)
_LOCATOR_PART = re.compile(
    rf"^\s*(?P<number>\d{{1,4}}(?:\s*[{_DASHES}]\s*\d{{1,4}})?(?:\s*,\s*\d{{1,4}}(?:\s*[{_DASHES}]\s*\d{{1,4}})?)*)\s*(?:,\s*(?P<labelled>{_LOCATOR_LABEL}\.?\s*[\dA-Za-z][^\[\];]*?)"
    rf"|:\s*(?P<pages>\d+(?:\s*[{_DASHES},]\s*\d+)*))\s*$",
    re.IGNORECASE,
)


class Locator(Recognizer):
    """Note numbers with a pinpoint: `[1, p. 23]`, `[2, pp. 4–5]`, `[3, Fig. 2]`, `[16: 70–71]`,
    `[1, 2, p. 5]`, `[1-3, p. 5]`.

    Several are joined by `;` (`[1, p. 3; 4, ch. 2]`); the numbers are cited, the pinpoints are
    kept as the marker's `locator`. A year before the pinpoint (`[2019, p. 4]`) is refused.
    """

    name = "locator"

    @staticmethod
    def _parts(inner: str) -> list[re.Match[str]] | None:
        parts = [_LOCATOR_PART.match(part) for part in inner.split(";")]
        if not all(parts):
            return None
        return parts  # type: ignore[return-value]

    def parse(self, inner: str) -> tuple[int, ...] | None:
        parts = self._parts(inner)
        if parts is None:
            return None
        numbers: list[int] = []
        for part in parts:
            for item in _LIST_SPLIT.split(part.group("number").strip()):
                expanded = _range(item) if any(d in item for d in _DASHES) else None
                if expanded is None:
                    value = _number(item)
                    if value is None or is_year(value, item):
                        return None
                    expanded = (value,)
                numbers.extend(expanded)
        return tuple(numbers) if len(set(numbers)) == len(numbers) else None

    def locator(self, inner: str) -> str:
        parts = self._parts(inner) or []
        return "; ".join((part.group("labelled") or part.group("pages")).strip() for part in parts)


class Editorial(Recognizer):
    """Brackets that are known not to be citations: `[i.e., …]`, `[sic]`, `[…]`, `[ed.]`…"""

    name = "editorial"
    is_citation = False
    _PATTERN = EDITORIAL_BRACKET

    def parse(self, inner: str) -> tuple[int, ...] | None:
        return () if self._PATTERN.match(inner) else None


# The registry: the first recognizer that parses a bracket decides. Editorial comes first so
# that a known non-citation is never read as one.
RECOGNIZERS: tuple[Recognizer, ...] = (Editorial(), SingleNumber(), NumberRange(), NumberList(), Locator())

# `F[1,12] = 8.42`, `x[2] = 0`: a bracket followed by a comparison is an index, not a citation
# (seen in the citations-dev statistics).
_FOLLOWED_BY_COMPARISON = re.compile(r"\s*[=<>≤≥≈]")
# `∈ [5, 80]`, `the intervals [10, 20]`, `in the range [1, 4]`: an interval, not a citation.
_INTERVAL_BEFORE = INTERVAL_BEFORE
# `[10, 20] mm`, `[5–80] °C`: numbers with a unit after them measure something.
_UNIT_AFTER = UNIT_AFTER


# `between [10, 20] and [30, 40]`: two intervals (a pair of numbers each), not four citations.
_BETWEEN = re.compile(r"\bbetween\s*$|\bbetween\s+\[[^\[\]\n]{1,30}\]\s+and\s*$", re.IGNORECASE)


def _is_interval(text: str, start: int, end: int, numbers: tuple[int, ...], recognizer: str) -> bool:
    """A bracket that reads as a numeric interval by its neighbours, not as a citation."""
    if _INTERVAL_BEFORE.search(text, max(0, start - 30), start):
        return True
    pair = recognizer in ("list", "range") and len(numbers) >= 2
    return pair and bool(_UNIT_AFTER.match(text, end) or _BETWEEN.search(text, max(0, start - 60), start))


# `[4]–[7]`: two brackets joined by a dash are one range marker.
_RANGE_GAP = re.compile(f"\\s?[{_DASHES}]\\s?")


def _recognize(inner: str) -> Recognizer | None:
    for recognizer in RECOGNIZERS:
        if recognizer.parse(inner) is not None:
            return recognizer
    return None


def _bracket_hits(text: str) -> list[Marker]:
    """Each bracket pair that one of the citation recognizers accepts."""
    hits: list[Marker] = []
    for match in _CANDIDATE.finditer(text):
        inner = match.group(1)
        # Cheap pre-filter: citations start with a digit or a space before one.
        first = inner.lstrip()[:1]
        if not (first.isascii() and first.isdigit()):
            continue
        if _FOLLOWED_BY_COMPARISON.match(text, match.end()):
            continue
        for recognizer in RECOGNIZERS:
            numbers = recognizer.parse(inner)
            if numbers is None:
                continue
            if recognizer.is_citation and not _is_interval(text, match.start(), match.end(), numbers, recognizer.name):
                hits.append(Marker(match.start(), match.end(), match.group(0), numbers, recognizer.name,
                                   locator=recognizer.locator(inner)))
            break
    return hits


def _join_range(text: str, first: Marker, second: Marker) -> Marker | None:
    """`[26]–[29]` is one marker citing 26 to 29 (read separately it would drop 27 and 28)."""
    if not _RANGE_GAP.fullmatch(text, first.end, second.start):
        return None
    if len(first.numbers) != 1 or len(second.numbers) != 1:
        return None
    numbers = _range(f"{first.numbers[0]}-{second.numbers[0]}")
    if numbers is None:
        return None
    return Marker(first.start, second.end, text[first.start : second.end], numbers, "bracket-range")


# ---------------------------------------------------------------------------------------------
# author-year citations
#
# `(Smith, 2001)`, `(Smith et al., 2001; Jones & Lee, 2003)`, `[Smith et al., 2001]` (in a
# parenthesis or a bracket: `AuthorYearParenthetical`) and `Smith et al. (2001) showed`,
# `as Smith (2001, p. 4) notes` (`AuthorYearNarrative`). A capitalised word followed by a year
# is not enough on its own (`the Civil Rights Act (1964)`, `Windows (2010)`): a citation whose
# only evidence is its shape is accepted when the document's reference list has an entry by
# that first author (`AuthorYearIndex`), or when the form itself is strong: `et al.`, two or
# more names, several works, a pinpoint (`p. 4`), a year suffix (`2001a`), `in press`, or a
# lead-in such as `e.g.`/`see`. Which of the two decided is the recognizer's name: `author_year`
# / `author_year_narrative` (the list vouches for the author), `…_unlisted` (the form alone).

# Upper-case letters of the Latin, Greek and Cyrillic scripts: what a name starts with.
_UPPER = "".join(re.escape(c) for c in map(chr, range(0x41, 0x530)) if c.isupper())
_LETTER = r"[^\W\d_]"
# Name particles, written before the surname (`van der Berg`, `de la Cruz`, `De Boer`): part of
# the printed name, dropped from the key it is looked up by (`name_key`).
_PARTICLES = NAME_PARTICLES
_PARTICLE = PARTICLE_PATTERN
# `Smith`, `Müller`, `O'Neil`, `McKnight`, `Durand-Dubief`, `el-Belbessy`, `vanEngelsdorp`,
# `Chang-zheng`.
_CORE = rf"(?:[a-z]{{1,3}}-|van|von|de|d['’])?[{_UPPER}](?:['’][{_UPPER}])?{_LETTER}*(?:[-‐]{_LETTER}+)*"
_SURNAME = rf"(?:{_PARTICLE}\s+){{0,3}}{_CORE}"
# Inside a parenthesis a surname may have several words (`Davey Smith`, `Curotto de Lafaille`,
# `Cansino Alcaide`, `Sørensen TIA`); running text keeps to one, or `As Smith (2001)` would be
# read as the name `As Smith`.
_LONG_SURNAME = rf"{_SURNAME}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_CORE}){{0,3}}"
# The second of two names may be an organisation (`Riddle and National Center for Biotechnology
# Information`).
_SECOND = rf"{_LONG_SURNAME}(?:\s+{NAME_LINK_WORDS}\s+{_LONG_SURNAME}){{0,3}}"
_ET_AL = r"\s+et\.?\s*al(?:\.|ii|ia)?"
_AND = AND_PATTERN
# A person's names: et al., three or more, two, one. Named groups say which.


def _persons(name: str, second: str) -> str:
    return (
        rf"(?P<etal>{name}){_ET_AL}"
        rf"|(?P<many>{name})(?:,\s+{name}){{1,5}}{_AND}{second}"
        rf"|(?P<two>{name}){_AND}(?P<second>{second})"
        rf"|(?P<one>{name})"
    )


# An organisation as author: capitalised words with function words between them
# (`World Health Organization`, `President's Council on Bioethics`, `WHO`).
_ORG_WORD = rf"[{_UPPER}][\w’'.-]*"
_ORG = rf"(?P<org>{_ORG_WORD}(?:\s+(?:{ORG_SMALL_WORDS}\s+){{0,2}}{_ORG_WORD}){{1,8}})"
_YEAR_ITEM = rf"(?:{YEAR_PATTERN}[a-z]?(?![\w])|{UNDATED_YEAR})"
_YEARS = rf"(?P<years>{_YEAR_ITEM}(?:\s*,\s*(?:{_YEAR_ITEM}|[a-z](?![\w.])))*)"
_AY_LOCATOR = (
    rf"(?:\s*,\s*(?P<loc>{_LOCATOR_LABEL}\.?\s*[\dA-Za-z][^;()\[\]]{{0,40}}?)"
    rf"|\s*:\s*(?P<pages>\d{{1,5}}(?:\s*[{_DASHES}]\s*\d{{1,5}})?))?"
)
# Lower-case words that lead into a work inside a parenthesis: `e.g.,`, `see also`, `reviewed in`.
_LEAD_IN = r"(?P<lead>(?:[a-z][\w.’']*[,:]?\s+){0,6}?)"
_WORK = re.compile(rf"\s*{_LEAD_IN}(?:{_persons(_LONG_SURNAME, _SECOND)}|{_ORG})(?:\s*,\s*|\s+){_YEARS}{_AY_LOCATOR}\s*[.,]?\s*")
# A parenthesis or a bracket on one line, nothing nested; the shortest holds `(Li 2001)`, the
# longest seen cites 118 works (4,000 characters). Each is searched for on its own: a bracket
# can hold a parenthesis (`[… see Audoly et al. (Audoly et al., 1998) …]`). A scan from an
# opening mark stops at the next mark or line end, so the search stays linear in the text.
_AY_CANDIDATES = (re.compile(r"\(([^()\n]{6,8000})\)"), re.compile(r"\[([^\[\]\n]{6,8000})\]"))
_CAPITAL = re.compile(f"[{_UPPER}]")
_HAS_YEAR = re.compile(rf"(?<!\d){YEAR_PATTERN}|{UNDATED_HINT}", re.IGNORECASE)
# Narrative: names in the sentence, the year in parentheses after them (possessive allowed):
# `Smith et al. (2001)`, `Smith and Jones's (2001)`, `Smith, Jones, and Lee (2001, p. 4)`.
# Found from its parenthesis (`_NARRATIVE_YEAR`, a literal `(` the engine skips to), then the
# names are matched in the 160 characters before it, ending there. The pattern starts with an
# upper-case letter (the engine skips to the next one) and matches each name atomically
# (`_atomic`), so a failed match never re-reads a name letter by letter. Particles before the
# first name (`van der Berg`) are taken from the text before the match.
_atomic_names = (f"_a{n}" for n in range(1_000_000))


def _atomic(pattern: str) -> str:
    """`pattern` matched once, without backtracking into it: `(?>…)` for Python 3.10."""
    name = next(_atomic_names)
    return rf"(?=(?P<{name}>{pattern}))(?P={name})"


_NAME_REST = rf"(?:['’][{_UPPER}])?{_LETTER}*(?:[-‐]{_LETTER}+)*"


def _narrative_name() -> str:
    return rf"(?:{_PARTICLE}\s+){{0,3}}{_atomic(rf'[{_UPPER}]{_NAME_REST}')}"


_NARRATIVE = re.compile(
    rf"[{_UPPER}](?<![\w’'.-].)(?P<first>){_atomic(_NAME_REST)}"
    rf"(?:(?P<etal>){_ET_AL}|(?P<many>)(?:,\s+{_narrative_name()}){{1,5}}{_AND}{_narrative_name()}"
    rf"|{_AND}(?P<second>{_narrative_name()})|)"
    rf"(?P<possessive>['’]s?)?\s*\({_YEARS}{_AY_LOCATOR}\s*\)\Z"
)
_NARRATIVE_YEAR = re.compile(rf"\(\s*{_YEAR_ITEM}[^()\n]{{0,80}}\)")
_NARRATIVE_REACH = 160
_PLAIN_YEAR = re.compile(r"\d{4}(?:\s*,\s*\d{4})*")
_PLAIN_YEAR_PARENTHESIS = re.compile(r"\(\s*\d{4}(?:\s*,\s*\d{4})*\s*\)")
_SEVERAL_NAMES = SEVERAL_NAMES
_NAME_END = re.compile(r"[\w'’-]+")
_PARTICLES_BEFORE = re.compile(rf"(?:(?<![\w’'.-]){_PARTICLE}\s+){{1,3}}\Z")
_YEAR_PARTS = re.compile(rf"({YEAR_PATTERN})([a-z]?)(?![\w])|({UNDATED_YEAR})|(?<![\w])([a-z])(?![\w.])")
# Lead-ins that say a citation follows (`e.g., Smith, 2001`): evidence on their own.
_CITING_LEAD = CITING_LEAD
# Capitalised words that are never a citation's first author, whatever follows them:
# `(March 2010)`, `(Spring and Summer 2010)`, `(Table 1, 2001)`, `Since (2001)`.
_NOT_AUTHORS = NOT_AUTHORS


_NOT_KEY = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    """The key a name is looked up by: case, diacritics, particles and punctuation dropped.

    `van der Berg` → `berg`, `Müller` → `muller`, `O'Neil` → `oneil`, `De Boer` → `boer`,
    `President's Council on Bioethics` → `presidentscouncilonbioethics`.
    """
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = name.lower().split()
    while len(words) > 1 and words[0] in _PARTICLES:
        words = words[1:]
    return _NOT_KEY.sub("", "".join(words))


@dataclass(frozen=True)
class ListedWork:
    """What the reference list says of one entry for author-year look-up (`AuthorYearIndex`)."""

    number: int
    surname: str  # the first author's `name_key`
    authors: int  # 1, 2, or 3 for three or more
    year: str  # `2001`, `in press`, `n.d.`
    suffix: str = ""  # a letter printed after the year in the entry (`2001a`)
    second: str = ""  # the second author's `name_key` when there are exactly two
    head: str = ""  # the `name_key` of all the entry prints before its year (`US ex rel. Liter v. Pfizer, Inc`)


@dataclass(frozen=True)
class AuthorYearIndex:
    """A reference list as author-year keys: decides weak citations and resolves every one.

    Built from a document's parsed list (`reference_list.author_year_index`) and handed to
    `find_markers`, so that finding markers stays a function of the text and this index.
    """

    works: tuple[ListedWork, ...]

    def to_data(self) -> list[list[Any]]:
        """Plain lists, for a spaCy `Doc` extension that must serialize (`from_data` reads them)."""
        return [[w.number, w.surname, w.authors, w.year, w.suffix, w.second, w.head] for w in self.works]

    @classmethod
    def from_data(cls, data: Sequence[Sequence[Any]]) -> "AuthorYearIndex":
        return cls(tuple(ListedWork(*row) for row in data))

    # Derived once per index (a document's list), read for every paragraph.
    @cached_property
    def surnames(self) -> frozenset[str]:
        return frozenset(w.surname for w in self.works)

    @cached_property
    def heads(self) -> frozenset[str]:
        return frozenset(w.head for w in self.works if w.head)

    @cached_property
    def names(self) -> frozenset[str]:
        """`surnames | heads`: made once, not for each paragraph (a list of 8,000 notes made it
        8,000 times, 13 of a Word document's 22 seconds)."""
        return self.surnames | self.heads

    @cached_property
    def _by_year(self) -> dict[str, tuple[ListedWork, ...]]:
        by_year: dict[str, list[ListedWork]] = {}
        for work in self.works:
            by_year.setdefault(work.year, []).append(work)
        return {year: tuple(works) for year, works in by_year.items()}

    def resolve(self, work: "CitedWork") -> tuple[int, ...]:
        """The entries `work` names: one, none (no such entry), or several (ambiguous).

        First author's surname and year must agree; then the number of authors (one, two
        with the same second name, three or more for et al.) narrows them when it can; a
        suffix picks the entry that prints it, or else the n-th of that author's entries of
        that year in list order (`2001b` = the second).
        """
        of_year = self._by_year.get(work.year, ())
        if work.head:
            return tuple(w.number for w in of_year if w.head == work.head)
        same = [w for w in of_year if w.surname == work.surname]
        if not same:  # an organisation the list's author parser read otherwise: its whole name
            same = [w for w in of_year if w.head == work.surname]
        fitting = [w for w in same if _same_authors(w, work)] or same
        if work.suffix:
            lettered = [w for w in same if w.suffix]
            if lettered:
                return tuple(w.number for w in lettered if w.suffix == work.suffix)
            index = ord(work.suffix) - ord("a")
            return (fitting[index].number,) if index < len(fitting) else ()
        if len(fitting) > 1 and not any(w.suffix for w in fitting):
            # Entries by the same names and year without suffixes: the citation cannot say which.
            return tuple(w.number for w in fitting)
        return tuple(w.number for w in fitting)


def _same_authors(listed: ListedWork, work: "CitedWork") -> bool:
    if work.authors >= 3:
        return listed.authors >= 3
    if work.authors == 2:
        return listed.authors == 2 and (not listed.second or not work.second or listed.second == work.second)
    return listed.authors == 1


@dataclass(frozen=True)
class _AuthorYearHit:
    start: int
    end: int
    works: tuple[CitedWork, ...]
    strong: bool  # the form alone is evidence enough
    narrative: bool
    locator: str = ""

    @property
    def unlikely(self) -> bool:
        """A work whose author is a word that names no one (`(Spring and Summer, 2010)`)."""
        return any(_unlikely_author(w.key) for w in self.works)


_ET_AL_TAIL = re.compile(r"\s+et\.?\s*al.*$")
_NAME_SPLIT = NAME_SPLIT
_WORDS = re.compile(r"[^\W\d_]+")


def _unlikely_author(key: str) -> bool:
    """Whether a name of `key` (`Spring and Summer, 2010`) starts or ends with a word of
    `_NOT_AUTHORS`."""
    names = _ET_AL_TAIL.sub("", key.rsplit(",", 1)[0].lower())
    for name in _NAME_SPLIT.split(names):
        words = _WORDS.findall(name)
        if words and (words[0] in _NOT_AUTHORS or words[-1] in _NOT_AUTHORS):
            return True
    return False


def _names(match: re.Match[str]) -> tuple[str, str, int, str] | None:
    """(printed names, first author's key, how many authors, second author's key) of a work
    in a parenthesis (`_WORK`)."""
    groups = match.groupdict()
    for group, count in (("etal", 3), ("many", 3), ("two", 2), ("one", 1), ("org", 1)):
        first = groups.get(group)
        if first is None:
            continue
        printed = " ".join(match.string[match.start(group) : match.start("years")].split()).rstrip(" ,(")
        second = name_key(_without_initials(groups["second"])) if groups.get("second") else ""
        return printed, name_key(_without_initials(first)), count, second
    return None


def _without_initials(name: str) -> str:
    """`Sørensen TIA` -> `Sørensen`: the initials a Vancouver-style name prints after it."""
    words = name.split()
    while len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 3 and words[-1].isalpha():
        words.pop()
    return " ".join(words)


def _works(match: re.Match[str], names: tuple[str, str, int, str] | None = None) -> tuple[CitedWork, ...] | None:
    """The works a match names, one a year (`Smith, 2001a, 2001b` names two)."""
    names = names or _names(match)
    if names is None:
        return None
    printed, surname, count, second = names
    printed = printed[:-2] if printed.endswith(("'s", "’s")) else printed.rstrip("'’")
    works: list[CitedWork] = []
    for part in _YEAR_PARTS.finditer(match.group("years")):
        year, suffix, word, letter = part.groups()
        if letter is not None:  # `2001a,b`: a suffix for the year before
            if not works or not works[-1].suffix:
                return None
            year, suffix = works[-1].year, letter
        elif word is not None:
            year, suffix = " ".join(word.lower().split()), ""
        works.append(CitedWork(f"{printed}, {year}{suffix}", surname, count, year, suffix or "", second))
    return tuple(works)


def _strong(match: re.Match[str], works: Sequence[CitedWork], pieces: int = 1) -> bool:
    groups = match.groupdict()
    return bool(
        any(groups.get(name) is not None for name in ("etal", "many", "two", "second", "loc", "pages"))
        or pieces > 1 or any(w.suffix or not w.year[:1].isdigit() for w in works)
        or (groups.get("lead") and _CITING_LEAD.match(groups["lead"]))
    )


def _locator(match: re.Match[str]) -> str:
    return (match.group("loc") or match.group("pages") or "").strip()


# Whatever a list entry prints before its year, cited with that year: `(US ex rel. Liter v.
# Pfizer, Inc, 2007)`, `(The Joanna Briggs Institute, 2008)`. Only the list can vouch for these.
_LISTED_PIECE = re.compile(
    rf"\s*(?P<head>[^;]{{2,300}}?),?\s+(?:(?P<year>{YEAR_PATTERN})(?P<suffix>[a-z]?)|(?P<word>n\.\s?d\.|in\s+press))\s*"
)


def _listed_works(piece: str, heads: frozenset[str]) -> tuple[CitedWork, ...] | None:
    match = _LISTED_PIECE.fullmatch(piece) if heads else None
    if match is None:
        return None
    head = name_key(match.group("head"))
    if head not in heads:
        return None
    printed = " ".join(match.group("head").split())
    year, suffix = match.group("year") or " ".join(match.group("word").lower().split()), match.group("suffix") or ""
    return (CitedWork(f"{printed}, {year}{suffix}", head, 1, year, suffix, head=head),)


def _parenthetical_hits(text: str, heads: frozenset[str] = frozenset()) -> list[_AuthorYearHit]:
    """`(Smith, 2001; Jones & Lee, 2003)`, `[Smith et al., 2001]`: every piece between `;` must
    be a work (with an optional lead-in and pinpoint), or the parenthesis is not a citation.
    `heads`: what the list's entries print before their year (a work only the list can name)."""
    hits = []
    candidates = (c for pattern in _AY_CANDIDATES for c in pattern.finditer(text))
    for candidate in candidates:
        inner = candidate.group(1)
        if not _CAPITAL.search(inner) or not _HAS_YEAR.search(inner):
            continue
        works: list[CitedWork] = []
        strong, locators = False, []
        pieces = inner.split(";")
        for piece in pieces:
            match = _WORK.fullmatch(piece)
            found = (_works(match) if match else None) or _listed_works(piece, heads)
            if not found:
                break
            works.extend(found)
            strong = strong or (match is not None and _strong(match, found, len(pieces)))
            locators.append(_locator(match) if match else "")
        else:
            hits.append(_AuthorYearHit(candidate.start(), candidate.end(), tuple(works), strong, False,
                                       "; ".join(loc for loc in locators if loc)))
    return hits


def _narrative_matches(text: str, known: frozenset[str]) -> Iterator[re.Match[str]]:
    """Each narrative citation, found from its year in parentheses; the names are looked for
    after the previous such parenthesis only (`Smith (2001) Jones (2002)`: one name each), so
    each stretch of text is read once. One word and a plain year (`Windows (2010)`) is passed
    over at once unless the list knows the word: most `Name (year)` in prose are no citation."""
    previous = 0
    for anchor in _NARRATIVE_YEAR.finditer(text):
        low = max(previous, anchor.start() - _NARRATIVE_REACH)
        previous = anchor.end()
        if _PLAIN_YEAR_PARENTHESIS.fullmatch(anchor.group()) and not _SEVERAL_NAMES.search(text, low, anchor.start()):
            words = text[low : anchor.start()].split()
            last = words[-1] if words else ""
            if not known or name_key(last[:-2] if last.endswith(("'s", "’s")) else last) not in known:
                continue
        match = _NARRATIVE.search(text, low, anchor.end())
        if match is not None:
            yield match


def _narrative_hits(text: str, known: frozenset[str] = frozenset()) -> list[_AuthorYearHit]:
    """`Smith et al. (2001)`, `Smith and Jones's (2001)`, `Smith (2001, p. 4)`; a form that is
    not evidence enough is kept only when its first author is `known` (in the list)."""
    hits = []
    for match in _narrative_matches(text, known):
        count = 3 if match.group("etal") is not None or match.group("many") is not None else 2 if match.group("second") is not None else 1
        weak = count == 1 and match.group("loc") is None and match.group("pages") is None and _PLAIN_YEAR.fullmatch(match.group("years"))
        if weak and not known:
            continue  # `Windows (2010)`: one name and a year, and no list to vouch for it
        # The key drops particles, so the first name's own word is the key (`van der Berg` → `berg`).
        surname = name_key(text[match.start() : _NAME_END.match(text, match.start()).end()])  # type: ignore[union-attr]
        if weak and surname not in known:
            continue
        start = match.start()
        particles = _PARTICLES_BEFORE.search(text, max(0, start - 24), start)
        if particles:
            start = particles.start()
        names = text[start : match.start("years")].rstrip(" (")
        if match.group("possessive"):
            names = names[: -len(match.group("possessive"))]
        names = " ".join(names.split())
        second = name_key(match.group("second")) if match.group("second") else ""
        works = _works(match, (names, surname, count, second))
        if works:
            hits.append(_AuthorYearHit(start, match.end(), works, _strong(match, works), True, _locator(match)))
    return hits


def _author_year_markers(text: str, index: AuthorYearIndex | None) -> list[Marker]:
    """The author-year markers of `text`, decided and resolved with `index` (None: no list)."""
    if "(" not in text and "[" not in text:
        return []
    surnames = index.surnames if index is not None else frozenset()
    heads = index.heads if index is not None else frozenset()
    markers: list[Marker] = []
    names = index.names if index is not None else frozenset()
    for hit in sorted(_parenthetical_hits(text, heads) + _narrative_hits(text, names), key=lambda h: h.start):
        if markers and hit.start < markers[-1].end:
            continue
        listed = any(w.surname in surnames or w.surname in heads or w.head for w in hit.works)
        # The list vouches for `Winter et al.`; the form alone does not for `(Winter and Spring, 2010)`.
        if not (listed or (hit.strong and not hit.unlikely)):
            continue
        works = tuple(replace(w, entries=index.resolve(w)) if index is not None else w for w in hit.works)
        numbers = tuple(dict.fromkeys(w.entries[0] for w in works if len(w.entries) == 1))
        name = "author_year_narrative" if hit.narrative else "author_year"
        markers.append(Marker(hit.start, hit.end, text[hit.start : hit.end], numbers,
                              name if listed else f"{name}_unlisted", locator=hit.locator,
                              style="author_year", works=works))
    return markers



def _bracket_markers(text: str) -> list[Marker]:
    """The bracketed numeric markers: `[1][2]` and `[1],[2]` give one marker per bracket;
    `[4]–[7]` is one range marker."""
    hits: list[Marker] = []
    if "[" in text:
        for hit in _bracket_hits(text):
            joined = _join_range(text, hits[-1], hit) if hits else None
            if joined is None:
                hits.append(hit)
            else:
                hits[-1] = joined
    return hits


def find_markers(
    text: str, last_entry: int | None = None, index: AuthorYearIndex | None = None, placed: Sequence[Marker] = (),
) -> list[Marker]:
    """Every citation marker in `text`, in order.

    `[1][2]` and `[1],[2]` give one marker per bracket; `[4]–[7]` is one range marker;
    superscript numerals (`it³`, `¹˒²`, `³⁻⁵`) are markers unless `SUPERSCRIPT` vetoes them;
    author-year citations (`(Smith et al., 2001)`, `Smith (2001)`) are markers too.
    `last_entry` is the number of the document's last reference entry, when it has a list: a
    raised number past it is no note (`beyond_list`). Brackets past it stay markers, reported
    by the integrity check as `beyond_list`. `index` is the document's reference list as
    author-year keys (None: no list): it decides the citations whose form alone is not enough
    (`Smith (2001)`) and resolves each cited work to its entries.

    `placed` are the note references a reader placed in `text` (`placed_marker`, sorted by
    offset): each is a marker whatever its number. Where the grammar reads the same text
    itself (`[12]`, `¹²`), its reading stands (recognizer, locator); the others (`[1999]`,
    which reads as a year, `[12000]`, past any number a bracket reads, a linked `cm²`) are taken
    as the reader placed them.
    """
    hits = _bracket_markers(text)
    # `isascii` reads a flag of the string: most paragraphs skip the scan for raised digits.
    if not text.isascii() and _ANY_SUPERSCRIPT.search(text) is not None:
        raised = [m for m in SUPERSCRIPT.hits(text, last_entry) if isinstance(m, Marker)]
        hits = sorted(hits + raised, key=lambda m: m.start) if hits and raised else hits or raised
    if placed:
        hits = _with_placed(hits, placed)
    author_year = _author_year_markers(text, index)
    if not author_year:
        return hits
    taken = [(m.start, m.end) for m in hits]
    kept = [m for m in author_year if not any(s < m.end and m.start < e for s, e in taken)]
    return sorted([*hits, *kept], key=lambda m: m.start)


def _with_placed(hits: list[Marker], placed: Sequence[Marker]) -> list[Marker]:
    """`hits` (sorted) and the `placed` markers (sorted) that overlap none of them, in order:
    one pass over both, so a paragraph of 10,000 notes stays linear."""
    out: list[Marker] = []
    i = 0
    for marker in placed:
        while i < len(hits) and hits[i].end <= marker.start:
            out.append(hits[i])
            i += 1
        # hits[i] is the first that ends after the placed marker starts: it overlaps when it starts before its end
        if (i < len(hits) and hits[i].start < marker.end) or (out and out[-1].end > marker.start):
            continue
        out.append(marker)
    out.extend(hits[i:])
    return out


# ---------------------------------------------------------------------------------------------
# superscript numerals

_SUP = f"[{SUPERSCRIPT_DIGITS}]"
_ANY_SUPERSCRIPT = re.compile(_SUP)
# Between two numbers of one superscript marker: a comma (`¹,²`, `¹, ²`, `¹˒²`), a dash (`³⁻⁵`,
# `³–⁵`), or the bracket remains of `[1]–[2]` printed raised (`¹]–[²`, `¹⁴],[¹⁵`: PLOS's own
# citations re-set as superscripts, 39 of the 87 dev articles).
_SUP_DASHES = re.escape(_DASHES) + "⁻"
_SUP_SEPARATOR = f"(?:\\s?[,;˒]\\s?|\\s?[{_SUP_DASHES}]\\s?|\\]\\s?,?\\s?[{_SUP_DASHES}]?\\s?\\[)"
# A run of raised numbers, then an optional raised pinpoint after a colon (`⁵⁰:³⁸³`, `¹:fig.⁴`).
# Possessive quantifiers: every character has one role, so the scan stays linear.
_SUP_RUN = re.compile(
    f"{_SUP}++(?:{_SUP_SEPARATOR}{_SUP}++)*+(?P<locator>:[A-Za-z.,;:{_SUP_DASHES}{SUPERSCRIPT_DIGITS}]*+)?"
)
# Longer than any list of raised citations (the dev set's longest, 115 numbers as `³¹⁶],[³⁴⁰],[…`,
# is about 800 characters): a run past this is a pattern or garbage, not one marker, and is not
# parsed (each run is parsed once, so the work stays linear in the text).
_MAX_RUN = 4000
_SUP_NORMAL = re.compile(f"\\]\\s?,?\\s?([{_SUP_DASHES}]?)\\s?\\[|[˒]|⁻")
_SUP_LOCATOR_END = re.compile(f"{_SUP}[^{SUPERSCRIPT_DIGITS}]*$")
# What may stand right before a raised citation: a word, a number, closing punctuation, or an
# opening parenthesis (`(²⁵: fig. 1L)`, a raised note with a pinpoint in parentheses). Another
# opener (`[²]`, `“³`) or the start of the text leaves it detached: a stray glyph, not a note.
_OPENERS_BEFORE = "[{<“‘\"'"
# What may stand before a unit or a variable that takes a power: `5 cm²`, `10cm²`, `kg/m²`,
# `(x²`, `2x²`. A letter or an apostrophe means a longer word (`Merton’s³`, `studies²`).
_TERM_BEFORE = " \u00a0(/·×*=+−-"
# Raised characters that make an exponent or a charge of the number next to them.
_SIGNS = "⁺⁻⁼⁽⁾"
# `cm²`, `268,021 km²`, `per m³`, `m/s²`: units that take a power, standing alone before it.
_POWER_UNITS = frozenset("m cm mm µm μm nm km dm pm Å ft in yd mi".split())
_PER_UNITS = frozenset("s sec h min".split())  # only after `/` or `·`: `m/s²`
_WORD_BEFORE_RUN = re.compile(r"([^\W\d_]{1,3})$")
# `10⁶`, `×10⁻³`, `1.5 x 10⁹`: ten to a power (`IL-10¹⁴` and `pLG10²⁰` are names before a note).
_TEN_BEFORE = re.compile(r"(?:^|[\s(×x·*⋅])10$")
# `x² + y²`, `R² = 0.91`, `2³ = 8`: an operator after the number makes it a power.
_OPERATOR_AFTER = re.compile(r"\s?[=<>≤≥≈×÷+−±]")


class Superscript(Recognizer):
    """Raised numerals as citation markers: `it³`, `it.³`, `¹,²`, `¹˒²`, `³⁻⁵`, `³–⁵`, `¹,⁴⁻⁶`,
    PLOS's `¹]–[²`, with a pinpoint `⁵⁰:³⁸³`. Readers write what they find raised (HTML `<sup>`,
    Word's superscript runs, a PDF's small raised digits) as these characters.

    A run of raised digits is read with the bracket grammar (`_number`, `_range`) and then
    vetoed when its neighbours say it is not a note (`veto` names why; `explain` reports it):
    `exponent` (`10⁶`, `10⁻⁶`, `s⁻¹`, `R² = 0.9`), `unit` (`cm²`, `m³`), `variable` (`x²`,
    `σ²`, `R²`), `charge` (`Ca²⁺`, `SO₄²⁻`), `isotope` (`¹⁴C`, `[³H]`) and `detached` (`[²]`,
    a glyph with nothing before it). Only a single number can be a power; a list or range (`²,³`, `²⁻⁴`) is always a note.
    Ordinals (`1st`) and footnote symbols (`*`, `†`) are not digits and never reach this.
    """

    name = "superscript"

    @staticmethod
    def _plain(run: str) -> str:
        """The run as a bracket's inside: `¹]–[³` → `1-3`, `¹˒²` → `1,2`, `³⁻⁵` → `3-5`."""
        return _SUP_NORMAL.sub(lambda m: "-" if m.group(0) == "⁻" or m.group(1) else ",", from_superscript(run))

    def parse(self, inner: str) -> tuple[int, ...] | None:
        """The numbers of one raised run (without its pinpoint), or None."""
        plain = self._plain(inner)
        for recognizer in (_SINGLE, _RANGE, _LIST):
            numbers = recognizer.parse(plain)
            if numbers is not None:
                return numbers
        return None

    def kind(self, run: str) -> str:
        """The recognizer name a marker records: `superscript`, `superscript_range`, `superscript_list`."""
        plain = self._plain(run)
        if "," in plain or ";" in plain:
            return f"{self.name}_list"
        return f"{self.name}_range" if any(d in plain for d in _DASHES) else self.name

    def veto(self, text: str, start: int, end: int, numbers: tuple[int, ...]) -> str | None:
        """Why the raised run `text[start:end]` is not a citation, or None when it is one."""
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if (before and before in _SIGNS) or (after and after in _SIGNS):
            return "charge" if after and after in "⁺⁻" and before not in _SIGNS else "exponent"
        # `¹⁴C`, `[³H]thymidine`, `³²P`, `labelled with ¹²⁵I`: a mass number before an element.
        if after.isupper() and not before.isalpha():
            return "isotope"
        gap = 1 if before in (" ", "\u00a0") else 0
        attached = text[start - 1 - gap] if start - gap else ""
        if not attached or attached in _OPENERS_BEFORE or attached.isspace():
            return "detached"
        if len(numbers) != 1:
            return None
        window = text[max(0, start - gap - 12) : start - gap]
        if _OPERATOR_AFTER.match(text, end) or _TEN_BEFORE.search(window):
            return "exponent"
        word = _WORD_BEFORE_RUN.search(window)
        if word is None or numbers[0] not in (2, 3):
            return None
        token = word.group(1)
        ahead = window[: word.start()][-1:]
        if ahead and not ahead.isdigit() and ahead not in _TERM_BEFORE:
            return None  # part of a longer word or name: `Merton’s³`
        if token in _POWER_UNITS or (token in _PER_UNITS and ahead in "/·"):
            return "unit"
        if len(token) == 1 and (token.islower() or token == "R" or not token.isascii()):
            return "variable"
        return None

    def hits(self, text: str, last_entry: int | None = None) -> list["Marker | tuple[int, int, str]"]:
        """Each raised run of `text`: a `Marker`, or `(start, end, why)` for a vetoed one.

        With `last_entry` (the document's reference list ends there), a run citing a number
        past it is vetoed `beyond_list`: `a total of 2⁶⁴` beside a 40-entry list is a power.
        """
        out: list[Marker | tuple[int, int, str]] = []
        for match in _SUP_RUN.finditer(text):
            start, end = match.start(), match.end()
            locator = ""
            if match.group("locator"):
                tail = _SUP_LOCATOR_END.search(match.group("locator"))
                if tail is not None:
                    end = match.start("locator") + tail.start() + 1
                    locator = from_superscript(text[match.start("locator") + 1 : end])
                else:
                    end = match.start("locator")
            run = text[start : match.start("locator") if match.group("locator") else end]
            if len(run) > _MAX_RUN:
                continue
            numbers = self.parse(run)
            if numbers is None:
                continue
            why = self.veto(text, start, end, numbers)
            if why is None and last_entry is not None and max(numbers) > last_entry:
                why = "beyond_list"
            if why is not None:
                out.append((start, end, why))
                continue
            name = self.kind(run) if not locator else f"{self.name}_locator"
            out.append(Marker(start, end, text[start:end], numbers, name, locator=locator, style="superscript"))
        return out


_SINGLE, _RANGE, _LIST = SingleNumber(), NumberRange(), NumberList()
SUPERSCRIPT = Superscript()


def explain(bracket: str) -> str | None:
    """The name of the recognizer that claims `bracket` (e.g. `"[2-4]"` → `"range"`), or None.

    For auditing: `explain("[i.e., the U.S.-armed forces]")` is `"editorial"`, a bracket that
    was seen and deliberately not read as a citation.
    """
    match = _CANDIDATE.fullmatch(bracket)
    if not match:
        hits = find_markers(bracket)
        if len(hits) == 1 and hits[0].raw == bracket:
            return hits[0].recognizer
        # A raised number, said in context: `explain("cm²")` is `"unit"`, `explain("it³")`
        # `"superscript"`.
        raised = SUPERSCRIPT.hits(bracket)
        if len(raised) == 1:
            found = raised[0]
            return found.recognizer if isinstance(found, Marker) else found[2]
        return None
    recognizer = _recognize(match.group(1))
    if recognizer is None:  # `[Smith et al., 2001]`: an author-year citation in a bracket
        cited = _author_year_markers(bracket, None)
        return cited[0].recognizer if len(cited) == 1 and cited[0].raw == bracket else None
    return recognizer.name


def strip_markers(text: str, markers: Sequence[Marker] | None = None) -> str:
    """`text` as the claim judgement reads it: without its citation markers and editors' flags
    (`[citation needed]`, `[who?]`: a remark about the sentence, not part of it), and without
    the white space before each.

    `markers` are the markers already found in `text` (offsets into it); when None they are
    found here. Only what `find_markers` accepts is removed: `[2019]` and `[0, 1]` stay.
    """
    if markers is None:
        markers = find_markers(text)
    if "[" in text:
        flags = [Marker(m.start(), m.end(), m.group(0), (), "flag") for m in _FLAG.finditer(text)
                 if editorial_flag(m.group(1))]
        markers = [*markers, *flags]  # ordered by the loop below
    if not markers:
        return text
    pieces: list[str] = []
    pos = 0
    for marker in sorted(markers, key=lambda m: m.start):
        if marker.start < pos or marker.end > len(text):
            continue
        pieces.append(text[pos : _stripped_start(marker)].rstrip())
        pos = marker.end
    pieces.append(text[pos:])
    return "".join(pieces)


def is_narrative(marker: Marker) -> bool:
    """A citation whose names are part of the sentence (`Smith et al. (2001) showed`): it never
    closes the sentence before it, and stripping it leaves the names."""
    return marker.recognizer.startswith("author_year_narrative")


def _stripped_start(marker: Marker) -> int:
    """Where the part of a marker that is not prose begins: a narrative citation's names are
    part of the sentence (`Smith et al. (2001) showed` reads `Smith et al. showed`)."""
    if is_narrative(marker):
        return marker.start + marker.raw.rindex("(")
    return marker.start


def marker_label(raw: str) -> str | None:
    """The canonical numbers of a note reference's visible text, or None if it is no citation.

    An HTML `<sup>` or Word note link shows `12`, `[12]`, `1, 2` or `3–7`; this returns `"12"`,
    `"1, 2"` or `"3-7"`, the text the reader then writes as the marker `[…]`. A year (`2019`)
    or an index (`0, 1`) is refused by the same recognizers as in running text.
    """
    reading = marker_reading(raw)
    return reading[0] if reading else None


def marker_reading(raw: str) -> tuple[str, tuple[int, ...]] | None:
    """`marker_label` and the numbers the label cites: `"[3–5]"` → `("3-5", (3, 4, 5))`."""
    inner = raw.strip()
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1]
    inner = _LIST_SPLIT.sub(", ", _DASH_SPLIT.sub("-", inner.strip()))
    hits = _bracket_markers(f"[{inner}]")
    return (inner, hits[0].numbers) if len(hits) == 1 and hits[0].raw == f"[{inner}]" else None


# Editors' inline flags (Wikipedia's cleanup tags, also copied into other text): a doubt about the
# sentence they follow. `[citation needed]`, `[dubious – discuss]`, `[who?]`, `[failed verification]`.
_FLAG_WORDS = FLAG_WORDS
_FLAG = re.compile(r"\[([A-Za-z][^\[\]\n]{0,45})\]")
_FLAG_SPACE = re.compile(r"\s+")


def editorial_flag(inner: str) -> str | None:
    """The normalised flag a bracket's inner text raises (`"citation needed"`), or None."""
    flag = _FLAG_SPACE.sub(" ", inner.strip().lower())
    flag = re.split(r"\s+[–—-]\s+|;", flag)[0].strip()  # "dubious – discuss", "citation needed; see talk"
    if flag in _FLAG_WORDS or flag.endswith(FLAG_SUFFIXES):
        return flag
    return None


def editorial_flags(text: str) -> tuple[str, ...]:
    """Every editorial flag in `text`, in order (`("citation needed",)`)."""
    if "[" not in text:
        return ()
    found = (editorial_flag(m.group(1)) for m in _FLAG.finditer(text))
    return tuple(flag for flag in found if flag)


# Non-citation brackets that trail a sentence: Wikipedia's `[citation needed]`, an omission
# `[...]`. They stay with the sentence before them, like a citation marker.
_EDITORIAL_TAG = re.compile(r"\s?\[(?:[a-z][^\[\]\n]{0,40}|\.\.\.|…)\]")


def editorial_tag_end(text: str, pos: int) -> int | None:
    """End of a lower-case bracket tag (`[citation needed]`, `[...]`) starting at `pos`."""
    match = _EDITORIAL_TAG.match(text, pos)
    return match.end() if match else None


_MAX_TRAILING_INNER = 40


def without_trailing_brackets(line: str) -> str:
    """`line` without the bracket groups and raised numerals that end it: "…of history.[14]"
    and "…of history.¹⁴" → "…of history.".

    Any bracket of up to 40 characters counts (markers, `[citation needed]`), so that what a
    line ends with *before* its citations can be judged. One backward scan: linear in the line.
    """
    end = _before_space(line, len(line))
    while end:
        if line[end - 1] in SUPERSCRIPT_DIGITS:
            while end and line[end - 1] in _RAISED_TAIL:
                end -= 1
            continue
        if line[end - 1] != "]":
            break
        start = line.rfind("[", max(0, end - _MAX_TRAILING_INNER - 2), end - 1)
        inner = line[start + 1 : end - 1] if start >= 0 else ""
        if not inner or "]" in inner or "\n" in inner:
            break
        end = _before_space(line, start)
    return line[:end]


def _before_space(line: str, end: int) -> int:
    """Where `line[:end].rstrip()` ends, found without copying `line[:end]` (a copy a step made
    a line of 300,000 `[1] ` quadratic: 40 s)."""
    while end and line[end - 1].isspace():
        end -= 1
    return end


_RAISED_TAIL = SUPERSCRIPT_DIGITS + "⁻˒,;–- "


# ---------------------------------------------------------------------------------------------
# reference lists

# Section titles that introduce a notes / reference list, alone on their line, optionally
# numbered ("7. References") and with a trailing colon ("Notes:"). Matched as whole lines so
# that a body line like "Sources say the deal is off." never counts.
_REFERENCE_HEADING = REFERENCE_HEADING
# `[12] Smith J ...` (citations-dev, Wikipedia exports), up to four digits.
_ENTRY_BRACKET = re.compile(r"^[ \t]*\[(\d{1,4})\][ \t]*")
# `12. Smith J ...` and `12) Smith J ...`; three digits at most so that a line starting with a
# year ("2003. The court ruled...") is not read as entry 2003.
_ENTRY_NUMBER = re.compile(r"^[ \t]*(\d{1,3})[.)][ \t]+")
# Wikipedia's copied reference list: `^ "Title". Site.` or, for a note cited several times,
# `^ a b c "Title"...` (the letters are back-links), sometimes `^ Jump up to: a b`.
_ENTRY_CARET = re.compile(
    rf"^[ \t]*[\^↑][ \t]*(?:{BACKLINK_LABEL}:?[ \t]*)?(?:[a-z]{{1,2}}(?:[ \t]+[a-z]{{1,2}}\b)+[ \t]+)?"
)


# A block that names the article's sources, as science news sites print it under the story:
# "More information: Lunde et al, Title, PNAS (2024). DOI: 10.1073/…" (phys.org), "Source:",
# "Journal reference:", "Citation:", "Original study:". Boilerplate removers often drop it.
_SOURCE_BLOCK = SOURCE_BLOCK


def is_source_block(line: str) -> bool:
    """Whether a line is a block naming the sources of what precedes it ("More information: …")."""
    return bool(_SOURCE_BLOCK.match(line))


def is_reference_heading(line: str) -> bool:
    """Whether a line is a notes / references section title ("References", "7. Notes:")."""
    return bool(_REFERENCE_HEADING.match(line))


def entry_opener(line: str, forms: str = "bracket number caret") -> tuple[int | None, int] | None:
    """`(number, length)` when `line` opens a reference-list entry with text after the opener.

    `forms` limits the openers tried: `bracket` (`[12] `), `number` (`12. `, `12) `) and `caret`
    (Wikipedia's `^ a b `, which carries no number: `(None, length)`).
    """
    content_end = len(line.rstrip())
    for form, regex in (("bracket", _ENTRY_BRACKET), ("number", _ENTRY_NUMBER)):
        if form in forms:
            m = regex.match(line)
            if m and m.end() < content_end:
                return int(m.group(1)), m.end()
    if "caret" in forms:
        m = _ENTRY_CARET.match(line)
        if m and m.end() < content_end:
            return None, m.end()
    return None


# An unnumbered author-year entry opens with its first author and initials (`Smith, J. A.,`,
# `van der Berg, P.`) or with its authors and the year in parentheses (`World Health
# Organization (2020).`, `Sørensen TIA (2003).`). A wrapped line's tail does neither.
_AUTHOR_YEAR_ENTRY = re.compile(
    rf"[ \t]*(?:{_SURNAME}(?:\s+{_CORE}){{0,2}},\s+[{_UPPER}]\.|[^()\n]{{1,150}}?\(\s*(?:{YEAR_PATTERN}[a-z]?|{UNDATED_ENTRY})\s*\))"
)


def opens_author_year_entry(line: str) -> bool:
    """Whether `line` starts an unnumbered author-year reference entry (see `_AUTHOR_YEAR_ENTRY`):
    how a list typed one entry a line, with wrapped lines between, is split into entries."""
    return bool(_AUTHOR_YEAR_ENTRY.match(line))
