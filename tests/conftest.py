"""Shared fixtures. Each area's fixtures sit in its own section."""

from __future__ import annotations

from pathlib import Path

import pytest

from pandawatch.store.articles import index_new_articles

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"  # ../shared: ONTOLOGY.md, seeds/, dev/ (third-party text: read, never copied)
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def store(tmp_path):
    """A real, empty, migrated SQLite knowledge base file."""
    from pandawatch.store import open_store

    with open_store(tmp_path / "kb.sqlite") as opened:
        yield opened


# ---- knowledge base ---------------------------------------------------------------------------------
KB_REGISTRY = TEST_DATA / "kb_registry"  # a small registry we wrote for the knowledge-base tests


def add_article(store, article_id: str, published: str, outlet: str = "Test Wire", text: str = "") -> None:
    """An articles row as ingestion would store it (the fields the knowledge base reads)."""
    store.conn.execute("INSERT OR IGNORE INTO ingest_runs (id, started, status) VALUES (1, '2026-01-01', 'done')")
    row = {"id": article_id, "url": f"https://example.org/{article_id}", "outlet": outlet, "title": article_id,
           "published": published, "text": text, "canonical_id": article_id, "raw_digest": article_id,
           "text_digest": article_id, "run_id": 1, "ingested_at": "2026-01-01T00:00:00Z"}  # fmt: skip
    store.db["articles"].insert(row, pk="id", replace=True)
    with store.transaction() as conn:  # as ingestion does at the end of each batch
        index_new_articles(conn)


@pytest.fixture
def kb_registry(tmp_path):
    """A writable copy of the knowledge-base test registry, loaded."""
    import shutil

    from pandawatch.registry.load import load_registry

    root = tmp_path / "registry"
    shutil.copytree(KB_REGISTRY, root)
    return load_registry(root)


# ---- web --------------------------------------------------------------------------------------------
WEB_REGISTRY = TEST_DATA / "web_registry"  # a small registry we wrote for the web tests (JPN, USA, HKG)
HOSTILE_TEXT = (  # article text that tries to inject markup: it must come out escaped everywhere
    'Officials met in Tokyo on Monday. <script>window.__pwned = 1</script> The talks were cordial. '
    'Japan asked China for two new pandas <img src=x onerror="window.__pwned = 2"> for North Zoo. '
    'A spokesman said "panda" diplomacy would go on.'
)
WEB_EVENTS = [  # (article, published, events as ONTOLOGY records); panda and diplomatic events, dated and not
    ("web/hostile.txt", "2025-05-12", [
        {"type": "CONSULT", "status": "occurred", "date": "2025-05-12", "source": "JPN", "target": "CHN",
         "evidence": "Officials met in Tokyo on Monday."},
        {"type": "LOAN_REQUEST", "status": "occurred", "date": "2025-05", "source": "JPN", "target": "CHN",
         "pandas": [], "institution": "North Zoo",
         "evidence": 'Japan asked China for two new pandas <img src=x onerror="window.__pwned = 2"> for North Zoo.'},
    ]),
    ("web/return.txt", "2020-07-02", [
        {"type": "PANDA_DEPARTURE", "status": "occurred", "date": "2020-06-30", "source": "CHN", "target": "JPN",
         "pandas": ["Mu Mu"], "institution": "North Zoo", "evidence": "Mu Mu left North Zoo for China on Tuesday."},
        {"type": "ACCUSE", "status": "occurred", "date": "2020", "source": "CHN", "target": "USA",
         "evidence": "Beijing criticised Washington."},
    ]),
]  # fmt: skip


def _web_registry_copy(root: Path) -> Path:
    """The web registry plus one loan ending 60 days from today, so that the alerts have something to show."""
    import datetime as dt
    import shutil

    shutil.copytree(WEB_REGISTRY, root)
    end = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    (root / "loans" / "north-zoo-2024.yaml").write_text(
        "id: north-zoo-2024\nkind: loan\nhost_country: JPN\ninstitutions: [north-zoo]\npandas: [da-da-1999]\n"
        "start: {date: 2024-01-01, source: t}\nterm_years: 3\n"
        f"planned_end: {{date: {end}, status: planned, source: t}}\noutcome: active\n"
        "sources:\n  t: {url: https://example.org/web-test, publisher: Test notes}\n",
        encoding="utf-8",
    )
    return root


def build_web_kb(path: Path, registry_root: Path) -> Path:
    """A real knowledge-base file: the web registry built in, two articles and their events stored."""
    from pandawatch.model import Event
    from pandawatch.registry import load_registry
    from pandawatch.registry.build import build
    from pandawatch.store import open_store
    from pandawatch.store.events import save_events

    with open_store(path) as kb:
        build(kb, load_registry(_web_registry_copy(registry_root)))
        for article_id, published, records in WEB_EVENTS:
            text = HOSTILE_TEXT if "hostile" in article_id else "Mu Mu left North Zoo for China on Tuesday. " \
                "Beijing criticised Washington."
            add_article(kb, article_id, published, text=text)
            events = [Event.from_json({"article": article_id, "confidence": 0.9, **record}) for record in records]
            assert not save_events(kb, article_id, events).skipped
    return path


@pytest.fixture(scope="session")
def web_kb(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("web")
    return build_web_kb(base / "kb.sqlite", base / "registry")


def serve_web(kb: Path, registry_dir: Path):
    """The real app on a real uvicorn server at 127.0.0.1 on a free port; yields its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    from pandawatch.settings import load_settings
    from pandawatch.web.app import create_app

    settings = load_settings(environ={}, db=str(kb), registry_dir=str(registry_dir), review_token="test-token")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(kb, settings), host="127.0.0.1", port=port,
                                           log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the web server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def web_server(web_kb):
    yield from serve_web(web_kb, web_kb.parent / "registry")


REVIEW_EVENT = {"type": "PANDA_DEPARTURE", "status": "occurred", "source": "CHN", "target": "JPN",
                "pandas": ["Da Da"], "institution": "North Zoo", "evidence": "Da Da left North Zoo for China."}  # fmt: skip


@pytest.fixture(scope="module")
def review_server(tmp_path_factory):
    """A server over its own knowledge base (review actions write its registry files): the web one plus a
    news report of a departure the registry does not have, so that there is a real proposal to decide."""
    import datetime as dt

    from pandawatch.model import Event
    from pandawatch.store import open_store
    from pandawatch.store.events import save_events

    base = tmp_path_factory.mktemp("web-review")
    kb = build_web_kb(base / "kb.sqlite", base / "registry")
    day = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    with open_store(kb) as store:
        add_article(store, "web/left.txt", day, text="Da Da left North Zoo for China.")
        event = Event.from_json({"article": "web/left.txt", "confidence": 0.9, "date": day, **REVIEW_EVENT})
        assert not save_events(store, "web/left.txt", [event]).skipped
    yield from serve_web(kb, base / "registry")
