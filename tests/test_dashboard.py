"""The dashboard in a real headless Chromium (Debian's), driven by Playwright, against the real server."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
SCREENSHOTS = None  # set PANDAWATCH_SCREENSHOTS=dir to keep PNGs of each page for a person to look at

pytestmark = pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def page(web_server, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=ARGS, headless=True, viewport={"width": 1280, "height": 900}
        )
        tab = browser.new_page()
        tab.set_default_timeout(10_000)
        tab.base = web_server  # type: ignore[attr-defined]
        yield tab
        browser.close()


def _snap(page, name: str) -> None:
    import os

    folder = os.environ.get("PANDAWATCH_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _set_slider(page, day: str) -> None:
    """Move the date slider to ``day`` as a person dragging it would (an input event)."""
    first = dt.date.fromisoformat(page.get_attribute("#date-slider", "data-first"))
    offset = (dt.date.fromisoformat(day) - first).days
    page.eval_on_selector("#date-slider", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }",
                          str(offset))  # fmt: skip
    page.wait_for_function("d => document.getElementById('world-map').dataset.date === d", arg=day)


FIND_INSIDE = """el => {
  const box = el.getBBox(), ctm = el.getScreenCTM();
  for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
    const p = new DOMPoint(box.x + box.width * i / 40, box.y + box.height * j / 40);
    if (el.isPointInFill(p)) { const s = p.matrixTransform(ctm); return [s.x, s.y]; }
  }
  return null;
}"""


def _click_shape(page, selector: str) -> None:
    """Click inside a country's shape like a person would (an archipelago's box centre may be sea)."""
    x, y = page.eval_on_selector(selector, FIND_INSIDE)
    page.mouse.click(x, y)


def test_overview_map_shows_counts_and_the_slider_changes_them(page):
    page.goto(page.base + "/")
    page.wait_for_selector("#world-map[data-ready=true]")
    assert page.locator("#world-map path.country").count() > 150  # the world-atlas shapes were drawn
    _set_slider(page, "2011-01-01")
    assert page.get_attribute("#world-map [data-code=JPN]", "data-count") == "3"
    assert page.get_attribute("#world-map [data-code=USA]", "data-count") == "2"
    assert page.locator("#world-map circle.marker[data-code=HKG]").count() == 1  # too small to draw: a marker
    assert page.text_content("#total-count") == "6"
    _snap(page, "overview-2011")
    _set_slider(page, "1980-06-01")
    assert page.text_content("#total-count") == "1"
    assert page.locator("#world-map [data-code]").count() == 1
    assert page.locator("#country-counts li").all_text_contents() == ["United States 1"]
    assert page.evaluate("window.__pwned") is None


def test_a_shared_date_address_restores_the_map_and_the_controls_write_it(page):
    page.goto(page.base + "/?date=2011-01-01")
    page.wait_for_selector("#world-map[data-ready=true]")
    assert page.get_attribute("#world-map", "data-date") == "2011-01-01"
    assert page.get_attribute("#world-map [data-code=JPN]", "data-count") == "3"
    assert page.input_value("#date-input") == "2011-01-01"
    assert page.get_attribute("#date-slider", "data-first") == "1974-04-16"  # the registry's first stay abroad
    # the events listed are those up to the chosen day: none before the 2020 departure
    assert page.locator("#latest-events li").count() == 0
    _set_slider(page, "2020-07-15")
    assert page.url.endswith("/?date=2020-07-15")
    page.wait_for_function("() => document.querySelectorAll('#latest-events li').length === 2")
    assert page.locator("#latest-events a").first.text_content() == "Mu Mu left North Zoo for China"
    page.focus("#date-slider")
    page.keyboard.press("ArrowRight")  # a month
    page.wait_for_function("d => document.getElementById('world-map').dataset.date === d", arg="2020-08-15")
    page.keyboard.press("PageUp")  # a year
    page.wait_for_function("d => document.getElementById('world-map').dataset.date === d", arg="2021-08-15")
    assert page.url.endswith("?date=2021-08-15")
    page.fill("#date-input", "1980-06-01")
    page.dispatch_event("#date-input", "change")
    page.wait_for_function("() => document.getElementById('world-map').dataset.date === '1980-06-01'")
    assert page.text_content("#total-count") == "1"
    page.reload()  # the address alone brings the same view back
    page.wait_for_selector("#world-map[data-ready=true]")
    assert page.get_attribute("#world-map", "data-date") == "1980-06-01"
    assert page.locator("#year-ticks span").all_text_contents()[:2] == ["1980", "1990"]


def test_play_runs_through_the_years_to_today(page):
    page.goto(page.base + "/?date=2023-03-01")
    page.wait_for_selector("#world-map[data-ready=true]")
    page.click("#play")
    today = dt.date.today().isoformat()
    page.wait_for_function("d => document.getElementById('world-map').dataset.date === d", arg=today, timeout=20_000)
    page.wait_for_function("() => document.getElementById('play').getAttribute('aria-pressed') === 'false'")


def test_clicking_a_country_then_a_panda_reaches_their_pages(page):
    page.goto(page.base + "/")
    page.wait_for_selector("#world-map[data-ready=true]")
    _set_slider(page, "2008-01-01")
    _click_shape(page, "#world-map path[data-code=JPN]")
    page.wait_for_url("**/country/JPN")
    assert page.text_content("#country-name").startswith("Japan")
    assert page.locator("#holdings-chart rect").count() > 40
    _snap(page, "country-jpn")
    page.click("#stays a:has-text('Da Da'), .lead a:has-text('Da Da')")
    page.wait_for_url("**/panda/da-da-1999")
    assert page.text_content("#panda-name") == "Da Da"
    page.click(".family-tree a:has-text('Xiao Mu')")
    page.wait_for_url("**/panda/xiao-mu-2010")
    assert page.locator(".family-tree .parents a").all_text_contents() == ["Mu Mu", "Da Da"]
    _snap(page, "panda-xiao-mu")


def test_an_event_shows_its_evidence_highlighted_and_escaped(page):
    page.goto(page.base + "/events?type=LOAN_REQUEST")
    page.click("a.evidence-link")
    page.wait_for_selector("mark#evidence")
    assert 'onerror="window.__pwned = 2"' in page.text_content("mark#evidence")  # shown as text, not markup
    assert page.locator("#article-text img, #article-text script").count() == 0
    assert page.evaluate("window.__pwned") is None
    _snap(page, "event-evidence")


def test_country_page_shows_the_merged_timeline_and_the_monthly_relations(page):
    page.goto(page.base + "/country/JPN")
    rows = page.locator("table.timeline tr.entry")
    assert rows.count() >= 5
    assert page.locator("table.timeline tr.origin-registry-news").count() == 1  # registry fact told by the news
    assert page.locator("#relations-chart rect").count() > 12  # one bar a month
    assert page.locator("#relations-chart path.mark").count() >= 2  # months with events marked
    _snap(page, "country-jpn-timeline")


def test_review_buttons_decide_with_the_operators_token(page, review_server):
    tab = page.context.new_page()  # the same headless Chromium, on the review server's own knowledge base
    tab.set_default_timeout(10_000)
    tab.goto(review_server + "/review")
    row = tab.locator("#proposals tr[data-proposal]").filter(has_text="Da Da")
    row.locator("button[data-decision=accept]").click()  # no token typed yet
    # (predicates as functions: a bare expression is eval'd, which the page's Content-Security-Policy forbids)
    tab.wait_for_function("() => document.getElementById('review-status').textContent.startsWith('error')")
    tab.fill("#review-token", "test-token")
    row.locator("button[data-decision=accept]").click()
    tab.wait_for_function("() => document.querySelector('#proposals tr[data-decided]') !== null")
    assert row.get_attribute("data-decided") == "accepted"
    assert "da-da-1999.yaml" in tab.text_content("#review-status")
    _snap(tab, "review-accepted")
    tab.reload()
    assert tab.locator("#proposals tr[data-proposal]").filter(has_text="Da Da").count() == 0
    tab.close()


FONTS_SETTLED = """async () => {
  await document.fonts.ready;
  await Promise.all([...document.fonts].filter((f) => f.status === "loading").map((f) => f.loaded));
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return [...document.fonts].filter((f) => f.family.replace(/"/g, "") === "Noto Sans SC" && f.status === "loaded").length;
}"""


def _drawn_and_boxes(page, selector: str) -> tuple[bytes, bytes]:
    """A picture of ``selector`` as the page drew it, untouched, and then with each of its characters replaced
    by one no font has (U+10FFFD, private use): the box the browser draws for a character it has no font for,
    from the same fallback. Equal pictures mean the page shows boxes."""
    drawn = page.locator(selector).screenshot()
    page.eval_on_selector(selector, "el => { el.textContent = '\\u{10FFFD}'.repeat([...el.textContent].length); }")
    page.evaluate(FONTS_SETTLED)
    return drawn, page.locator(selector).screenshot()


def test_chinese_and_japanese_names_render_with_the_served_font(page):
    page.goto(page.base + "/panda/mu-mu-2000")
    assert page.evaluate(FONTS_SETTLED) >= 2  # the app's Noto Sans SC chunks for 木 and ム were fetched
    _snap(page, "panda-mu-mu")
    for lang in ("zh", "ja"):  # 木木 and ムームー, tagged with their language
        drawn, boxes = _drawn_and_boxes(page, f"table.names td[lang={lang}]")
        assert drawn != boxes, f"the {lang} name is drawn as boxes"
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")  # the chunks arrive after the first layout
    page.goto(page.base + "/search?q=" + "ムー木")  # untagged text: the served font as a fallback
    page.evaluate(FONTS_SETTLED)
    drawn, boxes = _drawn_and_boxes(page, "h1 .query")
    assert drawn != boxes, "untagged Chinese or Japanese is drawn as boxes"


def test_the_api_docs_work_with_the_network_off(page):
    tab = page.context.new_page()
    tab.set_default_timeout(10_000)
    outside = []
    tab.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
              if not route.request.url.startswith(page.base) else route.continue_())  # fmt: skip
    tab.goto(page.base + "/docs")
    tab.wait_for_selector(".swagger-ui .opblock-summary-path")  # Swagger UI drew the operations
    assert tab.locator(".swagger-ui .opblock").count() > 5
    assert outside == []  # nothing was asked of any other host
    _snap(tab, "docs")
    tab.close()


@pytest.mark.parametrize("path", ["/?date=2011-01-01", "/panda/mu-mu-2000", "/country/JPN", "/events", "/loans",
                                  "/alerts", "/about", "/event/2"])  # fmt: skip
def test_a_phone_sees_every_page_without_scrolling_sideways(page, path):
    tab = page.context.new_page()
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(page.base + path)
    if path.startswith("/?"):
        tab.wait_for_selector("#world-map[data-ready=true]")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    # the header's links all fit on screen, and text is no smaller than 11px
    right_edges = tab.eval_on_selector_all("header.top a", "els => els.map((el) => el.getBoundingClientRect().right)")
    assert max(right_edges) <= 390
    smallest = tab.evaluate("""() => Math.min(...[...document.querySelectorAll('main *')]
        .filter((el) => el.childNodes.length && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
        .filter((el) => !el.closest('svg'))
        .map((el) => parseFloat(getComputedStyle(el).fontSize)))""")
    assert smallest >= 11
    _snap(tab, "phone-" + (path.strip("/").replace("/", "-").replace("?", "") or "overview"))
    tab.close()
