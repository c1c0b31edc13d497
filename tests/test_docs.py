"""The reference pages match the code: no command or setting ships undocumented, and the README's
commands exist."""

from __future__ import annotations

import re

import pytest

from pandawatch.cli.reference import DOCS, PAGES
from pandawatch.settings import REPO_DIR


@pytest.mark.parametrize("page", sorted(PAGES))
def test_reference_page_is_up_to_date(page):
    written = (DOCS / page).read_text(encoding="utf-8")
    assert written == PAGES[page](), f"docs/{page} is out of date: run `python -m pandawatch.cli.reference`"


def test_every_command_the_readme_shows_exists():
    commands = set(re.findall(r"^## `pandawatch ([a-z-]+)", (DOCS / "cli.md").read_text(), re.M))
    code = "\n".join(re.findall(r"```\w*\n(.*?)```", (REPO_DIR / "README.md").read_text(), re.S))
    shown = re.findall(r"^pandawatch(?: --[a-z-]+ \S+)* ([a-z-]+)", code, re.M)
    assert shown, "the README shows no pandawatch command"
    assert set(shown) <= commands
