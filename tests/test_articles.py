"""Web articles are read whole (issue 20): the sentences trafilatura finds in a page's article
come back as sentences, whatever labels, pull quotes, bylines and credits sit between them.

The pages in tests/fixtures/articles imitate nine layouts that lost their body on real pages
(tests/fixtures/articles/README.md).
"""

import re
from pathlib import Path

import pytest

from claimtrace.pipeline import ExtractOptions, extract_path
from claimtrace.sentences import split_sentences

ARTICLES = sorted((Path(__file__).parent / "fixtures" / "articles").glob("*.html"))
_END = re.compile(r"[.!?…][\"'”’»)]*$")


def _fingerprint(text: str) -> str:
    return re.sub(r"[\W\d_]+", "", text).lower()


def article_sentences(html: str) -> list[str]:
    """The sentences of the page's article as trafilatura extracts it: sentences that end in
    terminal punctuation and have at least four words (a heading, a dateline or a credit is not
    one)."""
    trafilatura = pytest.importorskip("trafilatura")
    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    out = []
    for line in text.splitlines():
        for span in split_sentences(line):
            sentence = line[span.start:span.end]
            if _END.search(sentence) and len(sentence.split()) >= 4:
                out.append(sentence)
    return out


def kept_as_sentences(page: Path) -> tuple[list[str], list[str]]:
    """(article sentences, those that come back inside a sentence row of the ledger)."""
    sentences = article_sentences(page.read_text("utf-8"))
    ledger = extract_path(page, ExtractOptions())
    body = "|".join(_fingerprint(r.text) for r in ledger.records if r.kind.value != "heading")
    return sentences, [s for s in sentences if _fingerprint(s) in body]


@pytest.mark.parametrize("page", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_article_sentences_come_back_as_sentences(page):
    sentences, kept = kept_as_sentences(page)
    assert len(sentences) >= 5  # the fixture has an article worth the name
    assert len(kept) >= 0.95 * len(sentences), [s for s in sentences if s not in kept]


def test_german_press_release_is_german():
    ledger = extract_path(next(p for p in ARTICLES if p.stem == "de_pressemitteilung"), ExtractOptions())
    sentences = [r for r in ledger.records if r.kind.value != "heading"]
    assert len(sentences) >= 10
    assert {r.lang for r in sentences} == {"de"}
    assert ledger.language == "de"


def test_a_bold_label_is_a_heading_for_its_own_line_only():
    from claimtrace.readers.html import read_html

    prose = " ".join(["The council approved the new budget after a long debate about schools."] * 4)
    page = (f"<html><body><article><p>{prose}</p><p><strong>Right-wing resistance</strong></p>"
            "<p>Two members voted against every item. They called the plan a waste of money.</p>"
            f"<p>{prose}</p></article></body></html>")
    st = read_html("page.html", page)
    assert "Right-wing resistance" in [st.text[h.start:h.end] for h in st.headings]
    headings = {st.text[h.start:h.end] for h in st.headings}
    assert "Two members voted against every item. They called the plan a waste of money." not in headings


# --- which links are sources ------------------------------------------------------------------
PHYS = "https://phys.org/news/2024-03-birch-trees-north-arctic-summers.html"


@pytest.mark.parametrize("url,site,navigation", [
    ("https://phys.org/tags/birch/", PHYS, True),  # phys.org's in-text keyword links
    ("https://phys.org/", PHYS, True),  # the site's front page
    ("https://phys.org/news/2023-11-arctic-shrubs.html#comments", PHYS, True),
    ("https://www.gruene-linke-niederrhein.example/category/pressemitteilungen/",
     "https://gruene-linke-niederrhein.example/presse/", True),  # www. or not: one site
    ("https://www.reuters.com/authors/elena-marsh/", "https://www.reuters.com/markets/x/", True),
    ("https://stackoverflow.com/users/1777001/kira-l", "https://stackoverflow.com/questions/7", True),
    ("https://stackoverflow.com/questions/tagged/python", "https://stackoverflow.com/questions/7", True),
    ("https://idp.nature.com/search?q=x", "https://www.nature.com/articles/d1", True),  # a subdomain
    ("https://www.facebook.com/sharer/sharer.php?u=x", None, True),  # share bars, on any host
    ("https://twitter.com/intent/tweet?url=x", None, True),
    ("https://auth.voxmedia.com/login?return_to=x", None, True),  # sign-in, on any host
    ("https://www.reuters.com/account/register/sign-up/", None, True),
    ("https://www.blogger.com/comment.g?blogID=1", None, True),
    ("https://dx.doi.org/10.1073/pnas.2315640121", PHYS, False),  # identifiers: always sources
    ("https://doi.org/10.1038/s41586-024-07999-1", "https://www.nature.com/articles/d1", False),
    ("https://pubmed.ncbi.nlm.nih.gov/12345678/", PHYS, False),
    ("https://arxiv.org/abs/2401.00001", PHYS, False),
    ("https://journal.example.org/tags/x", PHYS, False),  # another site's page: a document
    ("https://stackoverflow.com/questions/180986/what-is-the-difference", "https://stackoverflow.com/q/7", False),
    ("https://docs.python.org/3/library/re.html#search-vs-match", "https://stackoverflow.com/q/7", False),
    ("https://phys.org/news/2023-11-arctic-shrubs.html", PHYS, False),  # the site's own story
    ("https://example.org/tags/x", None, False),  # no site known (Word, Markdown): the author's link
    ("https://www.bbc.co.uk/news/topics/c1", "https://www.theguardian.co.uk/a", False),  # co.uk: two sites
])
def test_navigation_links_are_not_sources(url, site, navigation):
    from claimtrace.citations import is_navigation, source_url

    assert is_navigation(url, site) is navigation
    assert (source_url(url, site) is None) is navigation


_FURNITURE = re.compile(r"/(?:tags?|tagged|category|authors?|users?|writer|topic|search)/|sharer|intent/|login|sign-?in|#comments")


@pytest.mark.parametrize("page", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_no_sentence_cites_a_navigation_link(page):
    ledger = extract_path(page, ExtractOptions())
    urls = [link.url for r in ledger.records for link in r.links]
    assert [u for u in urls if _FURNITURE.search(u)] == []


def test_a_more_information_block_reaches_the_links():
    """phys.org: the keyword links to `/tags/` are not sources; the "More information … DOI"
    block trafilatura drops is kept, and its DOI link is a sentence's link."""
    ledger = extract_path(next(p for p in ARTICLES if p.stem == "physorg_birch"), ExtractOptions())
    cited = {link.url for r in ledger.records for link in r.links}
    assert "https://dx.doi.org/10.1073/pnas.2315640121" in cited
    assert not any("/tags/" in url for url in cited)
    text = " ".join(r.text for r in ledger.records)
    assert "More information: Sigrid Lunde et al" in text
    assert "Citation: Birch trees move north" in text


@pytest.mark.parametrize("line,source", [
    ("More information: Sigrid Lunde et al, Title, PNAS (2024). DOI: 10.1073/pnas.1", True),
    ("Source: Office for National Statistics", True),
    ("Journal reference: Lee et al., Nature 628, 355 (2024)", True),
    ("Citation: Birch trees move north (2024, March 5) retrieved 6 March 2024", True),
    ("Sources: Reuters, AP", True),
    ("The source of the river is in the hills.", False),
    ("More information about the festival is on its website.", False),
])
def test_source_blocks_are_recognized(line, source):
    from claimtrace.citations import is_source_block

    assert is_source_block(line) is source
