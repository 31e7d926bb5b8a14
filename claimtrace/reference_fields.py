"""The fields of one reference-list entry: authors, title, container, volume, issue, pages,
year, DOI, URLs and the date a web source was accessed.

Pure text in, fields out. The common numbered-list styles are read by where their parts sit:
- PLOS / author-year: `Prescott DM (1994) The DNA of ciliated protozoa. Microbiol Rev 58: 233–267.`
- Vancouver: `Smith J, Doe A. Title. Nature. 2011;278(1719):2054–60. doi:10.1000/x`
- IEEE: `A. Smith and B. Doe, "Title," IEEE Trans. X, vol. 5, no. 2, pp. 2054–2060, 2007.`
- APA: `Smith, J., & Doe, A. (2019). Title. Journal, 5(2), 10–20. https://doi.org/…`
- Wikipedia's cite templates: `Smith, John (3 March 2015). "Title". Site. Retrieved 12 May 2018.`
- eLife / APA variants: `Kauffman SA. 1969. Title. J Theor Biol 22:437–467.` (the year stands alone)
- unpunctuated exports: `KauffmanSA 1969 Title. J Theor Biol 22 437 467` (`BurksC, TomlinsonLJ`: two authors)
A year is a year from 1800 to next year; anything else is a page, a volume or a typo.
Every field is optional: a part that cannot be told apart is left empty rather than guessed.
`benchmarks/eval_references.py` measures each field against publisher-tagged gold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .citations import entry_opener
from .languages.en import (
    ACCESSED_LABEL, ARCHIVED_LABEL, EDITOR_LABEL, IN_BOOK, ISSUE_LABEL, MONTH_PATTERN, MORE_AUTHORS, NAME_WORDS,
    PAGES_LABEL, PUBLISHER_TAIL, VOLUME_LABEL,
)
from .text import YEAR_PATTERN

__all__ = ["DOI_RE", "URL_RE", "ReferenceFields", "reference_fields"]

# Parentheses are allowed inside (DOIs such as `10.1016/S0140-6736(21)00001-1`); an unbalanced
# closing one at the end is trimmed by `_url`.
# A scheme-less `//host/…` only where no other scheme precedes it: `file:///etc/shadow` is not a
# web address, and must not become `https:///etc/shadow`.
URL_RE = re.compile(r"https?://[^\s<>\"\]\[]+|(?<![\w.+-]:)(?<!/)//[^\s<>\"\]\[/][^\s<>\"\]\[]*|www\.[^\s<>\"\]\[]+", re.IGNORECASE)
# No left word boundary: some lists glue the DOI to the pages ("17918510.1099/...").
DOI_RE = re.compile(r"(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_DOI_LABEL = re.compile(r"\s*(?:doi|DOI)\s*:?\s*$")
_MONTHS = MONTH_PATTERN
_DATE = rf"(?:\d{{1,2}}\s+{_MONTHS},?\s+{YEAR_PATTERN}|{_MONTHS}\s+\d{{1,2}},?\s+{YEAR_PATTERN}|{YEAR_PATTERN}-\d\d-\d\d|{_MONTHS}\s+{YEAR_PATTERN}|{YEAR_PATTERN})"
# "Retrieved 12 May 2018", "Accessed 2018-05-12", "[cited 2020 Jan 3]", "Archived from the
# original on …": dates of access or archiving, never the publication year.
_ACCESSED = re.compile(
    rf"{ACCESSED_LABEL}\s*(?:on\s+)?:?\s*(?P<date>{_DATE}(?:\s+{_MONTHS}\s+\d{{1,2}})?)\]?\.?",
    re.IGNORECASE,
)
_ARCHIVED = re.compile(rf"{ARCHIVED_LABEL}\s+{_DATE}\.?", re.IGNORECASE)
# "(2012)", "(2012a)", "(3 March 2015)", "(March 3, 2015)", "(2012, June)" — not "278(1719)".
_PAREN_YEAR = re.compile(rf"(?<![\w)])\((?:[^()]*?\b)?(?P<year>{YEAR_PATTERN})[a-z]?\b[^()]*\)")
# Vancouver: ". 2011;278(1719):2054–60", ". 2011 Mar 3;5:e1".
_VANCOUVER = re.compile(
    rf"(?P<year>{YEAR_PATTERN})(?:\s+{_MONTHS}(?:\s+\d{{1,2}})?)?\s*;\s*(?P<volume>[\w.-]+)?"
    r"\s*(?:\((?P<issue>[^()]+)\))?\s*(?::\s*(?P<pages>[eE]?[\w.]+(?:\s*[-–—]\s*[eE]?[\w.]+)?))?"
)
# IEEE and others: "vol. 5, no. 2, pp. 2054–2060".
_VOL = re.compile(rf"\b{VOLUME_LABEL}\s*(?P<v>\d[\w.-]*)", re.IGNORECASE)
_NO = re.compile(rf"\b{ISSUE_LABEL}\s*(?P<v>\d[\w./-]*)", re.IGNORECASE)
_PP = re.compile(rf"\b{PAGES_LABEL}\s*(?P<v>[eE]?\d+(?:\s*[-–—]\s*[eE]?\d+)?)", re.IGNORECASE)
# "58: 233–267", "163 (4) 643–657", "8: e1002984", "5(2), 10–20", "109: : 53–81".
_VOLUME_PAGES = re.compile(
    r"(?<![\w.])(?P<volume>\d{1,5})(?:\s*\((?P<issue>[^()]{1,15})\)|\s+(?P<supplement>Suppl\.?(?:\s*\d+)?))?\s*(?:[:,]\s*)+"
    r"(?P<pages>[A-Za-z]{0,2}\d+(?:\s*[-–—]\s*[A-Za-z]{0,2}\d+)?)(?!\d)"
)
_VOLUME_ISSUE_PAGES_SPACED = re.compile(
    r"(?<![\w.])(?P<volume>\d{1,5})\s*\((?P<issue>[^()]{1,15})\)\s+(?P<pages>[A-Za-z]{0,2}\d+(?:\s*[-–—]\s*[A-Za-z]{0,2}\d+)?)(?!\d)"
)
# Where a Vancouver author list ends: initials or "et al." and a full stop (`Williams LD. Cations`).
_VANCOUVER_AUTHORS_END = re.compile(r"((?:(?:^|\s)[A-Z]{1,5}(?:-[A-Z]{1,2})?|et al|\s[A-Z]\.(?:\s?[A-Z]\.)*))\.\s+(?=[\w“\"‘'(])")
_QUOTED = (re.compile(r"“(?P<t>[^”]{3,})”"), re.compile(r'"(?P<t>[^"]{3,})"'), re.compile(r"‘(?P<t>[^’]{3,})’"))
_TRAILING = " .,;:'\"”’"
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\bal)(?<!\bvs)\.\s+|\?\s+|!\s+")
_ET_AL = re.compile(rf",?\s*{MORE_AUTHORS}\s*$", re.IGNORECASE)
# eLife, APA variants: `Kauffman SA. 1969. Title.`: the year stands alone after the authors.
_YEAR_FIRST = re.compile(rf"^\(?(?P<year>{YEAR_PATTERN})[a-z]?\)?[.,:]?\s+")
# Strings flattened without punctuation (some PDF and XML exports):
# `KauffmanSA 1969 Title. J Theor Biol 22 437 467`, `BurksC, TomlinsonLJ 1989 …`.
_GLUED_AUTHOR = r"[A-Z][\w'’-]*[a-z'’][A-Z]{1,3}"
_UNPUNCTUATED = re.compile(
    rf"^(?P<authors>{_GLUED_AUTHOR}(?:,?\s+{_GLUED_AUTHOR})*(?:,?\s+et al)?)\s+(?P<year>{YEAR_PATTERN})[a-z]?\s+(?P<rest>\S.*)$"
)
_GLUED_INITIALS = re.compile(r"^([A-Z][\w'’-]*[a-z'’])([A-Z]{1,3})$")
# `J Theor Biol 22 437 467`, `Nature 402 C47 C52`, `Cell 5 (2) 10 20`: volume, issue, first and last page.
_SPACED_NUMBERS = re.compile(
    r"\s(?P<volume>\d{1,5})(?:\s*\((?P<issue>[^()]{1,15})\))?\s+(?P<first>[A-Za-z]?\d+)(?:\s+(?P<last>[A-Za-z]?\d+))?\.?$"
)
# An entry's PubMed ID printed after it (`Journal of Neurophysiology 28. 14283062`, `PubMed: 15952369.`).
_TRAILING_PMID = re.compile(r"(?:\s*(?:PubMed|PMID):?\s*\d{6,9}\.?|\s+\d{7,9}\.?)\s*$", re.IGNORECASE)
# A chapter's book: `In: Gazzaniga M, editor, The Cognitive Neurosciences, III, Cambridge, MA: MIT Press`.
_EDITORS = re.compile(rf"^(?:[^,.:;]{{1,60}}?,\s*)*?[^,.:;]{{1,60}}?,?\s+{EDITOR_LABEL}\s*[,.:]\s*", re.IGNORECASE)
_PUBLISHER_TAIL = PUBLISHER_TAIL
# Pages printed after a container with no volume: `Journal of the Royal Statistical Society: 39–82`.
_PAGES_TAIL = re.compile(r"\s*:\s*[A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d*)?$")


def _plausible_year(year: int | None) -> int | None:
    """A year of publication from 1800 to next year; anything else (a page, a volume, a typo) is none."""
    return year if year is not None and 1800 <= year <= date.today().year + 1 else None


@dataclass(frozen=True)
class ReferenceFields:
    """What an entry says about the work it names; None where the entry does not say it."""

    authors: tuple[str, ...] = ()  # as written, first author first
    title: str | None = None
    container: str | None = None  # journal, book, site
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    year: int | None = None  # the year of publication, never the access date
    doi: str | None = None
    urls: tuple[str, ...] = ()
    accessed: str | None = None  # "12 May 2018", as written


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = re.sub(r"\s+", " ", value).strip(_TRAILING).strip()
    if value.startswith("{") and value.endswith("}"):  # BibTeX's protected title
        value = value[1:-1].strip()
    return value or None


def _url(value: str) -> str:
    value = value.rstrip(".,;:")
    while value.endswith(")") and value.count(")") > value.count("("):  # "(see https://x.org/a)"
        value = value[:-1].rstrip(".,;:")
    return f"https:{value}" if value.startswith("//") else value


def _authors(segment: str) -> tuple[str, ...]:
    """`Zoller SD, Hammersmith RL, et al.`, `Smith, J., & Doe, A.`, `A. Smith, B. Doe and C. Roe`."""
    segment = _ET_AL.sub("", segment.strip().rstrip(",;: ")).strip()
    if segment.endswith(".") and not re.search(r"\b[A-Z]\.$", segment):  # keep an initial's dot
        segment = segment[:-1]
    if not segment or len(segment) > 400:
        return ()
    if ";" in segment:  # Wikipedia and many styles: "Smith, John; Doe, Jane"
        named = tuple(a.strip() for a in re.split(r"\s*;\s*|\s+(?:&|and)\s+", segment) if any(c.isalpha() for c in a))
        return _names(named)
    segment = re.sub(r"\s*(?:,\s*)?(?:&|\band\b)\s*", ", ", segment)
    parts = [p.strip() for p in segment.split(",") if p.strip()]
    # APA and Wikipedia write "Surname, Given": pair them when the list alternates that way.
    surnames, given = parts[0::2], parts[1::2]
    if len(parts) % 2 == 0 and all(map(_is_surname, surnames)) and all(map(_is_given, given)):
        parts = [f"{a}, {b}" for a, b in zip(surnames, given)]
    named = tuple(a for a in parts if any(c.isalpha() for c in a))
    return _names(named)


# Lower-case words a name may hold: particles and an organisation's small words (English).
_PARTICLES = NAME_WORDS


def _names(authors: tuple[str, ...]) -> tuple[str, ...]:
    """The leading authors that read as names (every word capitalised, an initial or a name
    particle); a title or a note that ran into the author list ends it."""
    out = []
    for author in authors:
        words = author.replace(",", " ").split()
        if not words or len(words) > 6 or any(
            w[:1].islower() and w.lower() not in _PARTICLES and not w.startswith(("d’", "d'", "l’", "l'"))
            for w in words
        ):
            break
        out.append(author)
    return tuple(out)


def _is_surname(part: str) -> bool:
    """`Smith`, `de Chastellier`, `van der Berg`: one name, after any lower-case particles."""
    words = part.split()
    return bool(words) and all(w[:1].islower() and w in _PARTICLES for w in words[:-1])


def _is_given(part: str) -> bool:
    """`J.`, `J. R.`, `John`, `John R.`: given names or initials after a surname."""
    words = part.split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() for w in words)


def _first_sentence(text: str) -> tuple[str, str]:
    """`text` split after its first sentence: (the sentence, the rest)."""
    m = _SENTENCE_END.search(text)
    if not m:
        return text, ""
    return text[: m.start() + 1], text[m.end():]


def reference_fields(raw: str) -> ReferenceFields:
    """The fields of one entry's text (its number or opener already removed)."""
    caret = entry_opener(raw, forms="caret")  # "1. ^ a b Jones, Mary (2005)…": Wikipedia's back-links
    if caret:
        raw = raw[caret[1]:]
    opener = entry_opener(raw, forms="bracket")  # "[1] Federal Reserve…": a list numbered twice
    if opener:
        raw = raw[opener[1]:]
    urls = tuple(dict.fromkeys(_url(u) for u in URL_RE.findall(raw)))
    doi_match = DOI_RE.search(raw)
    doi = doi_match.group(1).rstrip(".,;:") if doi_match else None
    work = raw
    for u in URL_RE.findall(raw):
        work = work.replace(u, " ")
    if doi_match:
        work = work.replace(doi_match.group(1), " ")
    work = re.sub(r"\b(?:doi|DOI)\s*:?\s*(?=\s|$)", " ", work)
    accessed = None
    m = _ACCESSED.search(work)
    if m:
        accessed = _clean(m.group("date"))
        work = work[: m.start()] + " " + work[m.end():]
    work = _ARCHIVED.sub(" ", work)
    work = re.sub(r"\s+", " ", work).strip()

    authors: tuple[str, ...] = ()
    title = container = volume = issue = pages = None
    year: int | None = None

    work = _TRAILING_PMID.sub("", work)
    paren = _PAREN_YEAR.search(work)
    quoted = next((m for m in (q.search(work) for q in _QUOTED) if m and _opens_part(work, m.start())), None)
    flat = None if paren or quoted else _UNPUNCTUATED.match(work)
    if flat:
        # `KauffmanSA 1969 Title. J Theor Biol 22 437 467`: no punctuation to read parts by.
        year = int(flat.group("year"))
        authors = tuple(_GLUED_INITIALS.sub(r"\1 \2", a.strip()) for a in re.split(r",\s*|\s+(?=[A-Z])", flat.group("authors")) if a.strip() and a.strip() != "et al")
        title, container, volume, issue, pages = _unpunctuated(flat.group("rest"))
    elif paren and (not quoted or paren.start() < quoted.start()):
        # Author-year: PLOS, APA, Wikipedia's "Surname, Given (date)".
        year = int(paren.group("year"))
        authors = _authors(work[: paren.start()])
        title, container, volume, issue, pages = _after_authors(work[paren.end():].lstrip(" .,:"))
    elif quoted:
        # IEEE and Wikipedia without a date up front: authors, "Title," Container, numbers, year.
        authors = _authors(work[: quoted.start()])
        title, container, volume, issue, pages = _after_authors(work[quoted.start():])
        year = _last_year(work[quoted.end():])
    else:
        # Vancouver: Authors. Title. Container. 2011;278(1719):2054–60.
        end = _VANCOUVER_AUTHORS_END.search(work)
        head, rest = (work[: end.start() + len(end.group(1))], work[end.end():]) if end else _first_sentence(work)
        authors = _authors(head)
        stated = _YEAR_FIRST.match(rest)
        vancouver = None if stated else _VANCOUVER.search(rest)
        if stated:
            # eLife and APA variants: `Authors. 2006. Title. Journal 7:85–97.` The year is no part of the title.
            year = int(stated.group("year"))
            title, container, volume, issue, pages = _after_authors(rest[stated.end():])
        elif vancouver:
            year = int(vancouver.group("year"))
            title, container = _title_and_container(rest[: vancouver.start()])
            volume, issue, pages = vancouver.group("volume"), vancouver.group("issue"), vancouver.group("pages")
        else:
            title, container, volume, issue, pages = _after_authors(rest)
            year = _last_year(rest)
    year = _plausible_year(year)
    if year is None:
        year = _last_year(work)
    return ReferenceFields(
        authors=authors, title=_clean(title), container=_clean(container), volume=_clean(volume),
        issue=_clean(issue), pages=_clean(pages), year=year, doi=doi, urls=urls, accessed=accessed,
    )


def _opens_part(text: str, pos: int) -> bool:
    """A quotation that opens a part of the entry (a title), not one inside a title."""
    before = text[:pos].rstrip()
    return not before or before[-1] in ".,:;)"


def _after_authors(after: str) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """Title, container, volume, issue and pages from what follows the authors (and year)."""
    quoted = next((m for m in (q.search(after) for q in _QUOTED) if m and m.start() <= 1), None)
    # `"Title," Journal` and `"Title". Site.` are whole titles; `‘After the stroke’: …` opens one.
    if quoted and not re.match(r"\s*(?::|[a-z])", after[quoted.end():]):
        rest = after[quoted.end():].lstrip(" .,:")
        container, volume, issue, pages = _container_and_numbers(rest)
        return quoted.group("t"), container, volume, issue, pages
    numbers = _numbers(after)
    if numbers is None:
        # A book or a web page: title, then publisher or site; or a journal with only its
        # volume (`Title. Frontiers in neural circuits 7.`).
        title, rest = _first_sentence(after)
        container, _ = _first_sentence(rest)
        container = re.sub(rf"[.,]?\s*{YEAR_PATTERN}[a-z]?\.?$", "", container.strip())
        container, volume, pages = _volume_after(container)
        return title, (container if len(container) <= 200 else None), volume, None, pages
    start, volume, issue, pages = numbers
    title_part, container_part = _title_and_container(after[:start])
    return title_part, container_part, volume, issue, pages


def _numbers(after: str) -> tuple[int, str | None, str | None, str | None] | None:
    """Where the volume/issue/pages part starts, and its values."""
    vol, no, pp = _VOL.search(after), _NO.search(after), _PP.search(after)
    if vol or pp:
        first = min(m.start() for m in (vol, no, pp) if m)
        return first, vol.group("v") if vol else None, no.group("v") if no else None, pp.group("v") if pp else None
    # The last match: numbers inside a title ("alpha 1,3-galactosyltransferase") come before.
    m = _last(_VOLUME_PAGES, after) or _last(_VOLUME_ISSUE_PAGES_SPACED, after)
    if m:
        return m.start(), m.group("volume"), m.group("issue") or m.groupdict().get("supplement"), m.group("pages")
    return None


def _volume_after(container: str) -> tuple[str, str | None, str | None]:
    """A container with its volume or pages printed after it and nothing else, split:
    `Frontiers in neural circuits 7` → (`Frontiers in neural circuits`, `7`, None),
    `J R Stat Soc: 39–82` → (`J R Stat Soc`, None, `39–82`),
    `J Stat Mech P01019` → (`J Stat Mech`, None, `P01019`)."""
    container = container.strip().rstrip(".")
    pages = _PAGES_TAIL.search(container)
    page_text = None
    if pages:
        page_text = pages.group().lstrip(" :")
        container = container[: pages.start()]
    tail = re.search(r"\s+(?P<v>\d{1,6}|[A-Z]\d{4,})$", container)
    if tail is None or not re.search(r"[A-Za-z]", container[: tail.start()]):
        return container, None, page_text
    value = tail.group("v")
    if value[0].isalpha():  # `P01019`: an article number
        return (container[: tail.start()], None, value) if page_text is None else (container, None, page_text)
    return container[: tail.start()], value, page_text


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):
        pass
    return found


def _container_and_numbers(rest: str) -> tuple[str | None, str | None, str | None, str | None]:
    """What follows a title: `Microbiol Rev 58: 233–267.`, `IEEE Trans. X, vol. 5, pp. 1–9, 2007.`"""
    numbers = _numbers(rest)
    if numbers is None:
        container, _ = _first_sentence(rest)
        container = re.sub(rf"[.,]?\s*{YEAR_PATTERN}[a-z]?\.?$", "", container.strip())
        container, volume, pages = _volume_after(container)
        return (container if len(container) <= 200 else None), volume, None, pages
    start, volume, issue, pages = numbers
    return rest[:start], volume, issue, pages


_SPLIT = re.compile(r"[.?!]\s+")


def _abbreviated(word: str) -> bool:
    """`J`, `Biol`, `Chem`, `Natl`: a word a journal name abbreviates with a dot."""
    return len(word) == 1 and word.isalpha() or (len(word) <= 6 and word[:1].isupper() and word[1:].islower())


def _title_and_container(segment: str) -> tuple[str | None, str | None]:
    """`Title. Container` split where the container starts: after the title's last sentence end,
    keeping a dotted journal name whole (`Title. J. Biol. Chem.`)."""
    segment = re.sub(rf"[.,;]?\s*(?:\(?{YEAR_PATTERN}[a-z]?\)?[.;,]?\s*)?$", "", segment.strip())
    chapter = IN_BOOK.search(segment)  # `Title. In: Book, editors`
    if chapter:
        return segment[: chapter.start() + 1], _book(segment[chapter.end():])
    splits = [m for m in _SPLIT.finditer(segment)]
    if not splits:
        return segment, None
    i = len(splits) - 1
    dotted = segment.rstrip().endswith(".") or "." in segment[splits[i].end():]
    # `Raninae). J. Morphol`: a lone capital before the last split starts the journal's name.
    if i > 0 and re.search(r"(?<![\w.])[A-Z]$", segment[: splits[i].start()]):
        dotted = True
    while dotted and i > 0:
        word = re.findall(r"[\w]+$", segment[: splits[i].start()])
        if not (word and _abbreviated(word[0])):
            break
        i -= 1
    cut = splits[i]
    return segment[: cut.start() + 1], segment[cut.end():]


def _book(segment: str) -> str:
    """The book a chapter is in, without its editors and publisher:
    `Gazzaniga M, editor, The Cognitive Neurosciences, III, Cambridge, MA: MIT Press, chapter 23`
    → `The Cognitive Neurosciences, III`. `Springer. pp. 1–9`-style segments stay as they are."""
    editors = _EDITORS.match(segment)
    if editors is None:
        return segment
    book = segment[editors.end():]
    tail = _PUBLISHER_TAIL.search(book)
    return book[: tail.start()] if tail else book


def _last_year(text: str) -> int | None:
    """The last year-like number that is no page, volume or issue (`pp. 2054–2060, 2007` → 2007)."""
    years = [
        int(m.group(1)) for m in re.finditer(rf"(?<![\d\w–—-])(?<![\w\d]\()({YEAR_PATTERN})(?![\d–—-]|\s*[-–—]\s*\d)", text)
        if _plausible_year(int(m.group(1)))
    ]
    return years[-1] if years else None


def _unpunctuated(rest: str) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """Title, container, volume, issue and pages of `Title. J Theor Biol 22 437 467`."""
    title, after = _first_sentence(rest)
    numbers = _SPACED_NUMBERS.search(after)
    if not numbers:
        return title, after or None, None, None, None
    first, last = numbers.group("first"), numbers.group("last")
    pages = f"{first}–{last}" if last else first
    return title, after[: numbers.start()], numbers.group("volume"), numbers.group("issue"), pages
