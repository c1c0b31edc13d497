"""The pages a reader follows the news with: running loans, alerts, and the Atom feed (parsed by feedparser,
as a feed reader would), against the real server."""

from __future__ import annotations

import datetime as dt

import feedparser
import httpx
import pytest
from lxml import html

from pandawatch.web.catalogue import loan_end_and_basis, months_between


@pytest.fixture(scope="module")
def client(web_server):
    with httpx.Client(base_url=web_server, timeout=10) as session:
        yield session


def test_an_end_is_reported_or_derived_from_the_term():
    assert loan_end_and_basis({"start": "2016-03-03", "term_years": 10, "current_end": "2031-03"}) == ("2031-03", "reported")
    assert loan_end_and_basis({"start": "2016-03-03", "term_years": 10}) == ("2026-03-03", "derived")
    assert loan_end_and_basis({"start": "2016-03", "term_years": 15}) == ("2031-03", "derived")
    assert loan_end_and_basis({"start": "2016-03-03"}) == (None, "unknown")
    assert months_between(dt.date(2026, 1, 15), "2026-03") == 2
    assert months_between(dt.date(2026, 1, 15), "2025-12-31") == -1


def test_loans_page_lists_running_loans_soonest_end_first_and_filters_by_months(client):
    page = html.fromstring(client.get("/loans").text)
    rows = page.xpath("//table[@id='running-loans']/tbody/tr")
    assert [row.get("data-loan") for row in rows] == ["north-zoo-2005", "north-zoo-2024"]  # river-park ended
    assert "overdue" in rows[0].text_content()  # planned to end in 2015, no end recorded
    assert "Da Da" in rows[1].text_content() and "North Zoo" in rows[1].text_content()
    assert "reported" in rows[1].text_content()
    for months, expected in ((0, ["north-zoo-2005"]), (3, ["north-zoo-2005", "north-zoo-2024"])):  # overdue counts
        within = html.fromstring(client.get(f"/loans?within={months}").text)
        assert [row.get("data-loan") for row in within.xpath("//table[@id='running-loans']/tbody/tr")] == expected
    assert "Japan asked China for pandas for North Zoo" in page.text_content()  # requests from the news
    bad = client.get("/loans?within=-4")
    assert bad.status_code == 422 and "within must be 0 to 600 months" in bad.text


def test_alerts_page_shows_the_same_alerts_as_the_api(client):
    alerts = client.get("/api/alerts").json()
    assert alerts  # the test registry has a loan ending in 60 days
    page = html.fromstring(client.get("/alerts").text)
    shown = [" ".join(row.xpath("td[2]")[0].text_content().split()) for row in page.xpath("//table[@id='alerts']/tbody/tr")]
    assert [text.startswith(alert["message"]) for text, alert in zip(shown, alerts)] == [True] * len(alerts)
    assert len(shown) == len(alerts)


def test_the_atom_feed_parses_cleanly_with_events_and_alerts_and_per_country(client):
    response = client.get("/feed.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    titles = [entry.title for entry in parsed.entries]
    assert "Mu Mu left North Zoo for China" in titles
    assert any(entry.id.startswith("urn:pandawatch:alert:") for entry in parsed.entries)
    assert all(entry.link.startswith(str(client.base_url)) for entry in parsed.entries)
    stamps = [entry.updated for entry in parsed.entries]
    assert stamps == sorted(stamps, reverse=True)  # newest first
    usa = feedparser.parse(client.get("/feed.atom?country=USA").content)
    assert usa.bozo == 0 and [entry.title for entry in usa.entries] == ["China criticised the United States"]
    assert client.get("/feed.atom?country=XXX").status_code == 404


@pytest.mark.parametrize("path", ["/", "/loans", "/alerts", "/about", "/events", "/country/JPN", "/panda/mu-mu-2000"])
def test_every_page_footer_says_the_registry_version_and_the_last_update(client, path):
    footer = html.fromstring(client.get(path).text).get_element_by_id("provenance").text_content()
    assert "Registry version" in footer and "not built" not in footer
    assert "2 articles up to 2025-05-12" in " ".join(footer.split())


def test_about_page_gives_coverage_and_how_accuracy_is_measured(client):
    page = " ".join(html.fromstring(client.get("/about").text).text_content().split())
    assert "The registry lists 7 giant pandas" in page
    assert "pandawatch evaluate --gold" in page
    assert "Panda events F1" in page


def test_sample_briefs_are_marked_and_real_news_is_not():
    from pandawatch.web.data import is_sample

    assert is_sample({"url": "https://example.org/wire/2024/08/hong-kong-twins"})
    assert is_sample({"id": "sample-news/2024-04-03-fu-bao-leaves-korea.txt"})  # as `pandawatch demo` names it
    assert not is_sample({"id": "news/2024-04-03-fu-bao-leaves-korea.txt"})
    assert not is_sample({"url": "https://www.bbc.co.uk/news/articles/panda"})
    assert not is_sample({"url": "https://notexample.org/x"})


def test_an_event_page_says_what_happened_in_words_and_marks_a_sample(client):
    event_id = client.get("/api/events?type=PANDA_DEPARTURE").json()["items"][0]["id"]
    page = html.fromstring(client.get(f"/event/{event_id}").text)
    assert page.get_element_by_id("event-sentence").text_content() == "Mu Mu left North Zoo for China"
    assert page.get_element_by_id("sample-note") is not None  # the test articles live at example.org
