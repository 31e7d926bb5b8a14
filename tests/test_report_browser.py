"""`claimtrace report` in a real headless browser (Debian's chromium, driven by Playwright).

The page loads with no console errors, its counts equal the ledger's, clicking a marker scrolls
to its reference entry, `n` steps to an uncited claim, and a screenshot is kept as a test
artefact (`tests/artifacts/report.png`). Skipped where chromium or Playwright is missing,
except in CI (.ci/run installs both), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.pipeline import extract_path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None
MISSING = CHROMIUM is None or sync_playwright is None
if MISSING and os.environ.get("CI") == "true":
    pytest.fail("chromium or playwright is missing: .ci/run installs chromium, the test extra playwright", pytrace=False)
pytestmark = pytest.mark.skipif(MISSING, reason="chromium or playwright is not installed")

HERE = Path(__file__).parent
INPUTS = [HERE / "fixtures" / "web" / "science_lake_ice.html", HERE.parent / "seeds" / "000_c6909b873426236a.txt"]
ARTIFACTS = HERE / "artifacts"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(app, ["report", *map(str, INPUTS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        view = browser.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        view.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        view.on("pageerror", lambda e: errors.append(str(e)))
        view.on("request", lambda r: errors.append(f"network request: {r.url}") if not r.url.startswith("file:") else None)
        view.goto(out.as_uri())
        view.wait_for_load_state("load")
        yield view, errors
        browser.close()


def test_page_loads_without_errors_or_network(page):
    view, errors = page
    assert view.title() == "claimtrace report"
    assert errors == []


def test_counts_on_the_page_equal_the_ledger(page):
    view, _ = page
    for i, path in enumerate(INPUTS):
        summary = extract_path(path).summary
        shown = {name: int(view.inner_text(f"#doc{i} dd[data-count={name}]"))
                 for name in ("sentences", "claims", "cited_claims", "uncited_claims", "markers", "links", "flagged")}
        assert shown == {"sentences": summary.sentences, "claims": summary.claims,
                         "cited_claims": summary.cited_claims, "uncited_claims": summary.uncited_claims,
                         "markers": summary.markers, "links": summary.links, "flagged": summary.flagged}
        assert view.locator(f"#doc{i} .s.claim").count() == summary.claims


def test_clicking_a_marker_scrolls_to_its_entry(page):
    view, _ = page
    marker = view.locator("#doc0 a.m").first
    target = marker.get_attribute("href")
    marker.click()
    assert view.evaluate("location.hash") == target
    top = view.evaluate(f"document.getElementById({target[1:]!r}).getBoundingClientRect().top")
    assert 0 <= top < 900  # the entry is on screen
    back = view.locator(f"{target} a.back")
    back.click()
    assert view.evaluate("location.hash").startswith("#d0-m")


def test_keyboard_steps_through_uncited_claims_and_a_screenshot_is_kept(page):
    view, _ = page
    view.keyboard.press("n")
    assert view.locator(".s.current").count() == 1
    assert "uncited" in view.locator(".s.current").get_attribute("class")
    view.hover("#doc0 .s.claim >> nth=0")
    assert view.is_visible("#card")
    ARTIFACTS.mkdir(exist_ok=True)
    view.screenshot(path=str(ARTIFACTS / "report.png"))
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000


LINKED = """# Sea level

Sea level rose 20 cm since 1901, [the agency said](https://noaa.example/rise?a=1&b=2).[1] Rates tripled since 1970, [a blog claims](javascript:alert(1)).[2]

## References

1. Church JA, White NJ (2011) Sea-level rise from the late 19th to the early 21st century. Surv Geophys 32: 585–602. doi:10.1007/s10712-011-9119-1
2. NOAA (2022) Rise. Available: https://noaa.example/report.pdf. Accessed 2022.
"""


def test_reference_urls_dois_and_cited_links_are_links(page, tmp_path):
    source, out = tmp_path / "linked.md", tmp_path / "linked.html"
    source.write_text(LINKED, encoding="utf-8")
    assert CliRunner().invoke(app, ["report", str(source), "-o", str(out), "-q"]).exit_code == 0
    view = page[0].context.browser.new_page(viewport={"width": 1000, "height": 700})
    try:
        requests: list[str] = []
        view.on("request", lambda r: requests.append(r.url))
        view.goto(out.as_uri())
        view.wait_for_load_state("load")
        links = view.eval_on_selector_all("a.out", "as => as.map(a => [a.href, a.rel, a.target, a.textContent])")
        assert links == [
            ["https://noaa.example/rise?a=1&b=2", "noopener noreferrer", "_blank", "the agency said"],
            ["https://doi.org/10.1007/s10712-011-9119-1", "noopener noreferrer", "_blank", "10.1007/s10712-011-9119-1"],
            ["https://noaa.example/report.pdf", "noopener noreferrer", "_blank", "https://noaa.example/report.pdf"],
        ]
        # Only http(s) anywhere on the page; nothing fetched but the page itself (self-contained).
        hrefs = view.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
        assert all(h.startswith(("https://", "http://", "#")) for h in hrefs), hrefs
        assert 'href="javascript' not in out.read_text(encoding="utf-8")
        assert requests == [out.as_uri()]
        ARTIFACTS.mkdir(exist_ok=True)
        view.screenshot(path=str(ARTIFACTS / "report-links.png"))
    finally:
        view.close()


@pytest.mark.parametrize("url, href", [
    ("https://a.example/x", "https://a.example/x"), ("HTTP://A.example", "HTTP://A.example"),
    ("//a.example/x", None), ("doi:10.1000/182", "https://doi.org/10.1000/182"), ("http://a b.example", None),
    ("10.1000/182", "https://doi.org/10.1000/182"), ("javascript:alert(1)", None),
    ("data:text/html,<b>x</b>", None), ("file:///etc/passwd", None), ("mailto:a@b.example", None),
])
def test_only_http_https_and_doi_become_links(url, href):
    """One policy for the report and the workbook (`writers.link_target`); addresses as the
    readers wrote them (a reader already makes `//host/…` https)."""
    from claimtrace.writers import link_target

    assert link_target(url) == href
