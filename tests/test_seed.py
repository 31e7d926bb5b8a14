"""The seed article: every one of its 25 markers lands in the right sentence."""

import re

# Marker number -> the start of the sentence it belongs to (read off the article by hand).
EXPECTED = {
    1: "In 2003, Russia declared the Taliban",
    2: "Hence, since 2003, every time",
    3: "Additionally, according to recently approved legislation",
    4: "Nevertheless, for years, Russian officials",
    5: "Yet, neither Russian Foreign Minister",
    6: "For some time, Russia has supported",
    7: "This has been the major rationale",
    8: "Indeed, Russia has been depicting",
    9: "Indeed, Russia has been depicting",
    10: "Indeed, Russia has been depicting",
    11: "Indeed, Russia has been depicting",
    12: "In recent years, the Russian political elite",
    13: "In recent years, the Russian political elite",
    14: "In recent years, the Russian political elite",
    15: "In the book, D’Souza suggested",
    16: "Recently, Russia’s Special envoy",
    17: "However, though Russia formally agrees",
    18: "Russia is in fact one of the few countries",
    19: "Russia has even pushed the narrative",
    20: "What matters the most at the moment",
    21: "On September 14, 2021, President Putin",
    22: "Reports suggest that both countries",
    23: "Thus, Russia immediately took the role",
    24: "According to the media, during a meeting",
    25: "And as we close this period",
}
HEADINGS = [
    "The Taliban Are Added To The List Of Russia’s Notorious Allies",
    "Russia Applauded The Taliban’s Political Advances",
    "The Taliban’s Conservatives Stances Are Compatible With Russia’s",
    "For The Kremlin, The Major Threat For The Region Comes From The United States Not The Taliban",
    "Russia Tries To Benefit From The Afghan Situation",
    "Conclusion",
]


def _own_markers(ledger):
    return [(m, r) for r in ledger.records for m in r.markers if m.scope == "sentence"]


def test_all_25_markers_in_the_right_sentence(seed_text, seed_ledger):
    own = _own_markers(seed_ledger)
    assert sorted(n for m, _ in own for n in m.numbers) == list(range(1, 26))
    for marker, record in own:
        (number,) = marker.numbers
        assert record.text.startswith(EXPECTED[number]), (number, record.text[:60])
        assert record.start <= marker.start < marker.end <= record.end
        assert seed_text[marker.start : marker.end] == f"[{number}]"


def test_markers_end_their_sentence(seed_ledger):
    # A marker after the full stop or quote is the end of its sentence, not the next one's start.
    for marker, record in _own_markers(seed_ledger):
        if marker.numbers[0] in (6, 7, 8, 9, 10, 11, 12, 13):
            continue  # mid-sentence markers
        assert record.text.endswith(marker.raw), record.text[-40:]


def test_quotation_markers_cover_the_whole_quotation(seed_ledger):
    quoted = {
        n: [r.text[:30] for r in seed_ledger.records
            if any(m.scope == "quotation" and n in m.numbers for m in r.markers)]
        for n in (20, 25)
    }
    assert quoted[20] == ["Russian Foreign Minister Serge", "They committed themselves to r"]
    assert quoted[25] == ["As President Biden put it in h"]
    for record in seed_ledger.records:
        if record.text.startswith("They committed themselves"):
            assert record.citations == (20,)


def test_editorial_bracket_is_not_a_citation(seed_ledger):
    record = next(r for r in seed_ledger.records if "[i.e., the U.S.-armed forces]" in r.text)
    assert record.citations == (21,)
    assert all("i.e." not in m.raw for r in seed_ledger.records for m in r.markers)


def test_six_headings_and_sections(seed_ledger):
    headings = [r for r in seed_ledger.records if r.kind == "heading"]
    assert [h.text for h in headings] == HEADINGS
    assert all(not h.is_claim for h in headings)
    last = next(r for r in seed_ledger.records if r.text.startswith("But, for the time being"))
    assert last.section == "Conclusion"


def test_abbreviations_do_not_split(seed_ledger):
    texts = [r.text for r in seed_ledger.records]
    assert any("Gen. Mark A. Milley and Chief" in t for t in texts)
    assert any(t.endswith("came from the U.S.") for t in texts)
    assert any(t.startswith("This same attitude against the West") for t in texts)
    assert not any(re.match(r"(Milley|Mark|Valery|President)\b", t) for t in texts)


def test_offsets_and_ids(seed_text, seed_ledger):
    for record in seed_ledger.records:
        assert seed_text[record.start : record.end] == record.text
    ids = [r.id for r in seed_ledger.records]
    assert len(set(ids)) == len(ids)
    from claimtrace import extract

    assert [r.id for r in extract(seed_text, doc="seed").records] == ids


def test_every_marker_is_in_the_default_ledger(seed_ledger):
    rows = seed_ledger.rows()
    assert sorted({n for r in rows for m in r.markers for n in m.numbers}) == list(range(1, 26))
    assert all(r.kind != "heading" for r in rows)
    assert len(seed_ledger.rows(include_all=True)) == len(seed_ledger.records)
