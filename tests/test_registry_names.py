"""Name normalisation and the alias index: several pandas share names."""

from __future__ import annotations

import pytest
from registry_fixtures import registry_copy

from pandawatch.registry import load_registry
from pandawatch.resolve.names import NameIndex, normalise


@pytest.mark.parametrize("spelling", ["Xiao Xiao", "Xiaoxiao", "xiao-xiao", "XIAO XIAO", "Xiao  Xiao", "Xiāo Xiāo"])
def test_spellings_of_one_name_share_a_key(spelling):
    assert normalise(spelling) == "xiaoxiao"


def test_characters_are_kept_and_full_width_folded():
    assert normalise("暁暁") == "暁暁"
    assert normalise("ＬＥＩ ＬＥＩ") == "leilei"
    assert normalise("Ri Ri") != normalise("Li Li")


@pytest.fixture
def index(tmp_path):
    return NameIndex.from_registry(load_registry(registry_copy(tmp_path)))


def test_any_alias_finds_the_panda(index):
    for name in ("Mei An", "Meian", "美安", "pearl", "mei-an-2010"):
        assert [panda.id for panda in index.pandas(name)] == ["mei-an-2010"], name


def test_a_shared_name_returns_every_candidate(tmp_path):
    root = registry_copy(tmp_path)
    path = root / "pandas" / "bo-bo-2009.yaml"
    path.write_text(path.read_text().replace("name: Bo Bo", "name: Mei An"))
    found = NameIndex.from_registry(load_registry(root)).pandas("Mei An")
    assert [panda.id for panda in found] == ["bo-bo-2009", "mei-an-2010"]  # by birth year


def test_institutions_by_any_name(index):
    assert index.institution("Havendierentuin").id == "harbour-zoo"
    assert index.institution("harbour zoo").id == "harbour-zoo"
    assert index.institution("Nowhere Zoo") is None
