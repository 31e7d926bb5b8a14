import pytest

from claimtrace.blocks import looks_like_heading, split_blocks
from claimtrace.text import Span


@pytest.mark.parametrize(
    "line,expected",
    [
        ("The Taliban Are Added To The List Of Russia’s Notorious Allies", True),
        ("Conclusion", True),
        ("For The Kremlin, The Major Threat For The Region Comes From The United States Not The Taliban", True),
        ("2.1 Data collection and cleaning", True),
        ("Russia has more than one reason to warm up to the Taliban.", False),
        ("the lower-case start of a line", False),
        ("A sentence-case line that goes on and on about things without stopping", False),
        ("Cited Heading [1]", False),
        ("What Is Going On?", False),
    ],
)
def test_heading_heuristic(line, expected):
    assert looks_like_heading(line) is expected


def test_one_paragraph_a_line():
    text = "Title Here\nFirst paragraph. Two sentences.\nSecond paragraph."
    blocks = split_blocks(text)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Title Here"),
        ("paragraph", "First paragraph. Two sentences."),
        ("paragraph", "Second paragraph."),
    ]
    assert all(text[b.start : b.end] == b.text for b in blocks)


def test_hard_wrapped_paragraphs_join():
    text = "Introduction\n\nThis paragraph is wrapped\nover two lines.\n\nAnother one\nhere.\n"
    blocks = split_blocks(text)
    assert [b.kind for b in blocks] == ["heading", "paragraph", "paragraph"]
    assert blocks[1].text == "This paragraph is wrapped\nover two lines."


def test_reader_headings_and_skips_win():
    text = "not a title case line\nBody text here.\ncode()"
    blocks = split_blocks(text, headings=[Span(0, 21)], skip=[Span(38, 44)])
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "not a title case line"),
        ("paragraph", "Body text here."),
    ]


PROSE = "Marbles was born and raised in Rochester, New York, where she graduated in 2004. [6]"


def test_sentence_case_section_title_before_prose():
    text = f"Jenna Marbles\nShe is a vlogger with many, many followers on her channel, as of 2019.\nEarly life\n{PROSE}"
    kinds = [(b.kind, b.text) for b in split_blocks(text)]
    assert ("heading", "Early life") in kinds
    assert kinds[0] == ("heading", "Jenna Marbles")  # the document's first line is its title


def test_infobox_lines_are_not_headings():
    text = f"Intro line that is long enough to be prose, really quite long indeed here.\nBrock Holt\nBats: Left\nThrows: Right\n{PROSE}"
    kinds = {b.text: b.kind for b in split_blocks(text)}
    assert kinds["Brock Holt"] == "paragraph" and kinds["Bats: Left"] == "paragraph"


def test_heading_chain_and_numbered_titles():
    text = f"Some Title\nPart One\n4. Discussion.\n{PROSE}"
    assert [b.kind for b in split_blocks(text)] == ["heading", "heading", "heading", "paragraph"]


def test_headings_over_one_line_sections():
    text = "Introduction\nSea rose 20 cm.[1]\nMethods\nWe measured gauges.[2]\n2.1 Data Sources\nIt rose.[3]\nMETHODS AND DATA\nWe did it."
    headings = [b.text for b in split_blocks(text) if b.kind == "heading"]
    assert headings == ["Introduction", "Methods", "2.1 Data Sources", "METHODS AND DATA"]


def test_cut_off_speech_is_not_a_heading():
    text = "Intro line that is long enough to be prose, really quite long indeed here.\nWell –\nYeah, I think so."
    assert [b.kind for b in split_blocks(text)] == ["paragraph", "paragraph", "paragraph"]


def test_a_wikipedia_title_pasted_with_its_edit_link_is_a_heading():
    """Text copied from a Wikipedia page keeps each section's `[edit]` link: the title was read
    as a sentence ("History[edit]", a statement) and the section before it ran on."""
    import claimtrace

    prose = "Netscape made two announcements that week, and the source code of its browser was released to all.[1]"
    text = (f"Mozilla\n\nMozilla is a free-software community created by members of Netscape.[1]\n\n"
            f"History[edit]\n\n{prose}\n\nEarly years [ edit ]\n\n{prose}\n\nReception[Edit source]\n\n{prose}\n\n"
            f"Results [1]\n\n{prose}\n")
    kinds = [(b.kind, b.text) for b in split_blocks(text)]
    assert ("heading", "History[edit]") in kinds and ("heading", "Early years [ edit ]") in kinds
    assert ("heading", "Reception[Edit source]") in kinds and ("paragraph", "Results [1]") in kinds
    records = claimtrace.extract(text).records
    sections = {r.text: r.section for r in records}
    assert sections["History[edit]"] == "History" and sections["Early years [ edit ]"] == "Early years"
    assert [r.section for r in records if r.text == prose] == ["History", "Early years", "Reception", "Reception"]
