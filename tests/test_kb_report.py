"""Country briefs: the situation, the chart beside the file, the timeline and the sources, in md and html."""

import pytest
from conftest import add_article

from pandawatch.export.report import write_report
from pandawatch.errors import InvalidInput
from pandawatch.model import Event
from pandawatch.store.events import save_events


@pytest.fixture
def news(store):
    add_article(store, "jan", "2026-01-28", "Daily <C>")
    save_events(store, "jan", [
        Event("jan", "PANDA_DEPARTURE", "occurred", "2026-01-27", "CHN", "JPN", ("Lei Lei", "Xiao Xiao"), "Ueno Zoo",
              "The twins left for Chengdu & Ya'an <today>.", 0.9),
        Event("jan", "SANCTION", "occurred", "2025-11", "CHN", "JPN", evidence="Beijing banned seafood imports."),
    ])
    return store


def test_html_brief_escapes_the_text_and_links_the_chart_and_sources(news, kb_registry, tmp_path):
    out = write_report(news, kb_registry, "JPN", "html", tmp_path / "brief.html", as_of="2026-02-01")
    html = out.read_text(encoding="utf-8")
    assert (tmp_path / "brief.png").read_bytes().startswith(b"\x89PNG")
    assert 'src="brief.png"' in html
    assert "&lt;today&gt;" in html and "<today>" not in html
    assert "https://example.org/jan" in html and "https://example.org/kb-test/ueno-loan" in html
    # the test registry has the parents' return but not yet the twins'
    assert "Pandas in JPN (registry): <strong>2</strong> — Lei Lei, Xiao Xiao" in html


def test_markdown_brief_and_unknown_format(news, kb_registry, tmp_path):
    brief = write_report(news, kb_registry, "JPN", "md", tmp_path / "brief.md", as_of="2026-02-01").read_text()
    assert brief.startswith("# JPN and China") and "PANDA_DEPARTURE" in brief and "SANCTION" in brief
    with pytest.raises(InvalidInput, match="pdf"):
        write_report(news, kb_registry, "JPN", "pdf", tmp_path / "brief.pdf")
