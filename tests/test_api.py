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


def test_relations_sum_the_ontology_weights(client):
    usa = client.get("/api/relations?country=USA").json()
    assert usa == [{"year": 2020, "score": -2.0, "events": 1}]  # one ACCUSE (weight -2 in data/ontology.yaml)


def test_alerts_list_loans_ending_soon(client):
    alerts = client.get("/api/alerts").json()
    assert [a["loan"] for a in alerts] == ["north-zoo-2024"]
    assert 0 <= alerts[0]["days_left"] <= 60


def test_lists_and_search(client):
    assert {p["id"] for p in client.get("/api/pandas?country=USA").json()} == {"bao-bao-2001", "le-le-2002", "old-one-1970"}
    assert [i["id"] for i in client.get("/api/institutions?country=HKG").json()] == ["harbour-park"]
    assert [loan["id"] for loan in client.get("/api/loans?state=ended").json()] == ["river-park-2003"]
    hits = client.get("/api/search", params={"q": "ムームー"}).json()
    assert hits == [{"kind": "panda", "id": "mu-mu-2000", "label": "Mu Mu"}]
    assert client.get("/api/pandas?format=csv").text.splitlines()[0].startswith("id,name,sex")


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
