"""The JSON API against a real uvicorn server over a real SQLite knowledge base (tests/conftest.py web section)."""

from __future__ import annotations

import csv
import io

import httpx
import pytest


@pytest.fixture(scope="module")
def client(web_server):
    with httpx.Client(base_url=web_server, timeout=10) as session:
        yield session


@pytest.mark.parametrize(
    ("date", "expected"),
    [("1980-06-01", {"USA": 1}), ("2008-01-01", {"JPN": 2, "USA": 2, "HKG": 1}),
     ("2011", {"JPN": 3, "USA": 2, "HKG": 1}), ("2018-01-01", {"JPN": 2})],
)  # fmt: skip
def test_where_counts_pandas_by_country_on_a_date(client, date, expected):
    body = client.get("/api/where", params={"date": date}).json()
    assert {c["code"]: c["count"] for c in body["countries"]} == expected
    assert body["total"] == sum(expected.values())


def test_where_gives_map_ids_and_marker_positions(client):
    countries = {c["code"]: c for c in client.get("/api/where?date=2008-01-01").json()["countries"]}
    assert countries["JPN"]["numeric"] == "392"
    assert countries["HKG"]["lat"] == pytest.approx(22.25)  # too small for the map shapes: drawn as a marker


def test_bad_date_is_one_clear_json_error(client):
    response = client.get("/api/where?date=2020-13-45")
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidInput" and "2020-13-45" in response.json()["message"]


def test_panda_detail_has_names_family_stays_and_events(client):
    mu = client.get("/api/pandas/mu-mu-2000").json()
    assert {"木木", "ムームー"} <= {n["name"] for n in mu["names"]}
    assert [c["id"] for c in mu["family"]["offspring"]] == ["xiao-mu-2010"]
    assert [s["institution"] for s in mu["stays"]] == ["north-zoo", "south-base"]
    assert [e["type"] for e in mu["events"]] == ["PANDA_DEPARTURE"]
    cub = client.get("/api/pandas/xiao-mu-2010").json()
    assert cub["family"]["mother"]["id"] == "mu-mu-2000" and cub["family"]["father"]["id"] == "da-da-1999"


def test_unknown_records_are_404_with_the_error_shape(client):
    for path in ("/api/pandas/nobody-1900", "/api/institutions/nowhere", "/api/events/999999", "/api/countries/XXX"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert set(response.json()) == {"error", "message", "source", "hint", "status"}


def test_events_filter_and_paginate(client):
    japan = client.get("/api/events", params={"country": "JPN"}).json()["items"]
    assert {e["type"] for e in japan} == {"CONSULT", "LOAN_REQUEST", "PANDA_DEPARTURE"}
    assert [e["type"] for e in client.get("/api/events?panda=Mu Mu").json()["items"]] == ["PANDA_DEPARTURE"]
    assert len(client.get("/api/events?date_from=2025").json()["items"]) == 2
    assert len(client.get("/api/events?date_to=2020-06").json()["items"]) == 2  # 2020 overlaps, 2020-06-30 is in
    first = client.get("/api/events?limit=3").json()
    assert first["has_more"] and len(first["items"]) == 3
    rest = client.get(first["next"]).json()
    assert not rest["has_more"] and len(rest["items"]) == 1
    assert {e["id"] for e in first["items"]}.isdisjoint(e["id"] for e in rest["items"])


def test_events_csv_download(client):
    response = client.get("/api/events?format=csv&country=USA")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["type"] for row in rows] == ["ACCUSE"] and rows[0]["source"] == "CHN"


def test_event_evidence_is_located_in_its_article(client):
    request = next(e for e in client.get("/api/events?type=LOAN_REQUEST").json()["items"])
    view = client.get(f"/api/events/{request['id']}").json()
    assert view["found"] and view["evidence"] == request["evidence"]
    assert view["before"].endswith("cordial. ")


def test_country_detail(client):
    japan = client.get("/api/countries/jpn").json()
    holdings = {row["year"]: row["pandas"] for row in japan["holdings"]}
    assert holdings[2004] == 0 and holdings[2005] == 2 and holdings[2010] == 3 and holdings[2020] == 1
    assert [e["type"] for e in japan["loans"]["requested"]] == ["LOAN_REQUEST"]
    assert {loan["id"] for loan in japan["loans"]["active"]} >= {"north-zoo-2024"}


def test_relations_are_the_monthly_index_with_the_hosts_pandas(client):
    usa = client.get("/api/relations?country=USA").json()
    # one ACCUSE (weight -2 in data/ontology.yaml) dated "2020", counted in its article's month (July 2020)
    assert [(m["month"], m["score"], m["types"]) for m in usa if m["events"]] == [("2020-07", -2.0, {"ACCUSE": 1})]
    japan = {m["month"]: m for m in client.get("/api/relations?country=JPN").json()}
    assert japan["2025-05"]["events"] == 2 and japan["2025-05"]["held"] == 1
    known_then = client.get("/api/relations?country=JPN&as_of=2024-12-31").json()
    assert known_then[-1]["month"] == "2024-12" and not any(m["events"] for m in known_then if m["month"] > "2020-07")


def test_timeline_merges_registry_facts_and_news_with_sources_and_held_counts(client):
    entries = client.get("/api/timeline", params={"country": "JPN"}).json()["items"]
    departure = next(e for e in entries if e["type"] == "PANDA_DEPARTURE" and e["pandas"] == ["Mu Mu"])
    assert departure["origin"] == "registry+news" and departure["held"] == 1
    news = next(s for s in departure["sources"] if s.get("event"))
    assert news["url"] and news["evidence"].startswith("Mu Mu left")
    assert [e["held"] for e in entries if e["origin"] == "registry"][-3:] == [3, 2, 2]  # newest first: the oldest last
    known_then = client.get("/api/timeline", params={"country": "JPN", "as_of": "2020-12-31"}).json()["items"]
    assert "news" not in {e["origin"] for e in known_then}
    assert client.get("/api/timeline?country=JPN&format=csv").text.startswith("date,reported,status,type")


def test_timeline_pages_follow_next_newest_first_to_the_end(client):
    every = list(csv.DictReader(io.StringIO(client.get("/api/timeline?country=JPN&format=csv").text)))  # oldest first
    seen, url, pages = [], "/api/timeline?country=JPN&limit=2", 0
    while url:
        page = client.get(url).json()
        assert len(page["items"]) <= 2 and page["has_more"] == (page["next"] is not None)
        seen, url, pages = seen + page["items"], page["next"], pages + 1
    assert pages > 2 and [(e["date"] or "", e["type"], e["origin"]) for e in seen] == \
        [(row["date"], row["type"], row["origin"]) for row in reversed(every)]  # fmt: skip
    japan = client.get("/api/countries/JPN").json()  # a few entries: the country's first page holds them all
    assert japan["timeline"] == client.get("/api/timeline?country=JPN").json()["items"]
    assert not japan["timeline_more"] and japan["timeline_next"] is None
    assert client.get(japan["relations"]).json() == client.get("/api/relations?country=JPN").json()  # linked
    bad = client.get("/api/timeline?country=JPN&before=2025;DROP")
    assert bad.status_code == 422 and "cursor" in bad.json()["message"]


def test_as_of_keeps_what_was_published_by_then(client):
    assert {e["article"] for e in client.get("/api/events?as_of=2021-01-01").json()["items"]} == {"web/return.txt"}
    assert client.get("/api/events?as_of=2021-99-01").status_code == 422


def test_alerts_are_the_knowledge_bases(client):
    alerts = client.get("/api/alerts").json()
    ending = next(a for a in alerts if a["kind"] == "loan-ending")
    assert "north-zoo-2024" in ending["key"] and ending["countries"] == ["JPN"]
    assert client.get("/api/alerts?as_of=2020-01-01").json() == []  # the loan ran years past then


def test_review_accepts_a_real_proposal_with_the_token(review_server):
    from pathlib import Path

    with httpx.Client(base_url=review_server, timeout=30) as session:
        proposal = next(p for p in session.get("/api/review").json() if p["pandas"] == ["Da Da"])
        url = f"/api/review/{proposal['id']}/accept"
        assert session.post(url, headers={"X-Review-Token": "wrong"}).status_code == 403
        done = session.post(url, headers={"X-Review-Token": "test-token"})
        assert done.status_code == 200, done.text
        written = Path(done.json()["result"]["file"])
        assert written.name == "da-da-1999.yaml" and proposal["sources"][0]["url"] in written.read_text()
        assert proposal["id"] not in {p["id"] for p in session.get("/api/review").json()}
        # the registry tables were rebuilt from the file: Da Da has left Japan
        assert "da-da-1999" not in {w["panda"] for w in session.get("/api/where?country=JPN").json()["pandas"]}


def test_lists_and_search(client):
    assert {p["id"] for p in client.get("/api/pandas?country=USA").json()} == {"bao-bao-2001", "le-le-2002", "old-one-1970"}
    assert [i["id"] for i in client.get("/api/institutions?country=HKG").json()] == ["harbour-park"]
    assert [loan["id"] for loan in client.get("/api/loans?state=ended").json()] == ["river-park-2003"]
    hits = client.get("/api/search", params={"q": "ムームー"}).json()
    assert hits == [{"kind": "panda", "id": "mu-mu-2000", "label": "Mu Mu"}]
    assert client.get("/api/pandas?format=csv").text.splitlines()[0].startswith("id,name,sex")
    assert [p["id"] for p in client.get("/api/pandas?q=xiao").json()] == ["xiao-mu-2010"]
    articles = [h["id"] for h in client.get("/api/search", params={"q": "criticised wash"}).json() if h["kind"] == "article"]
    assert articles == ["web/return.txt"]  # full text, word prefixes


def test_review_actions_need_the_token(client):
    assert client.post("/api/review/p1/accept").status_code == 403
    assert client.post("/api/review/p1/accept", headers={"X-Review-Token": "wrong"}).status_code == 403


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/where", "/api/events", "/api/pandas/{panda_id}", "/api/alerts"} <= set(paths)


def test_assets_are_an_allow_list(client):
    assert client.get("/assets/countries-110m.json").json()["type"] == "Topology"
    for name in ("../pyproject.toml", "..%2F..%2Fpyproject.toml", "%2Fetc%2Fpasswd", "app.py"):
        assert client.get(f"/assets/{name}").status_code == 404, name


def test_pages_escape_article_text(client):
    request = next(e for e in client.get("/api/events?type=LOAN_REQUEST").json()["items"])
    for path in (f"/event/{request['id']}", "/events", "/country/JPN", "/"):
        html = client.get(path).text
        assert "<script>window.__pwned" not in html and "<img src=x" not in html, path
    assert "&lt;img src=x onerror=" in client.get(f"/event/{request['id']}").text


def test_get_command_runs_one_request_in_process(web_kb, tmp_path):
    import json
    import shutil
    import subprocess
    import sys

    db = tmp_path / "copy.sqlite"
    shutil.copy(web_kb, db)
    command = [sys.executable, "-m", "pandawatch", "--db", str(db), "--registry-dir", str(web_kb.parent / "registry"),
               "get", "/api/where?date=2011"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 6
    missing = subprocess.run([*command[:-1], "/api/pandas/nobody"], capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1 and json.loads(missing.stdout)["error"] == "NotFound"


def test_a_bad_timeline_date_is_a_clear_client_error(client):
    for params in ({"country": "JPN", "since": "garbage"}, {"country": "JPN", "until": "2025-13"}):
        response = client.get("/api/timeline", params=params)
        assert response.status_code == 422 and "YYYY" in response.text, (params, response.text)


def test_registry_coverage_as_json_and_as_a_page(client):
    """The coverage statement of the registry the server was started with, in the API and in the dashboard."""
    body = client.get("/api/registry/coverage").json()
    assert body["totals"]["pandas"] > 0 and body["by_country_decade"]
    assert set(body["sources"]["by_group"]) >= {"birth", "stay"}
    page = client.get("/coverage")
    assert page.status_code == 200 and "What the registry holds" in page.text
    assert f"{body['totals']['pandas']} pandas" in page.text
