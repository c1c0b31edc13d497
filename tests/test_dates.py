"""Relative dates resolved against the publication date, with the precision the text allows."""

from __future__ import annotations

import datetime as dt

import pytest

from pandawatch.resolve.dates import find_dates, resolve_text

PUBLISHED = dt.date(2025, 12, 15)  # a Monday


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("It happened last year.", False, "2024"),
        ("In September last year, they left.", False, "2024-09"),
        ("They come back next February.", True, "2026-02"),
        ("They must be returned by Feb. 20 next year.", True, "2026-02-20"),
        ("sent back about a month before their loan agreement expires in February", True, "2026-01"),
        ("The cubs were moved this week.", False, "2025-12"),
        ("The zoo announced it on Tuesday.", False, "2025-12-09"),
        ("Tensions rose in late 2025.", False, "2025"),
        ("They arrived on November 8, 2023.", False, "2023-11-08"),
        ("She was born on Aug 14 last year.", False, "2024-08-14"),
        ("He visited in May.", False, "2025-05"),
        ("They will arrive in March.", True, "2026-03"),
        ("It opened on Monday.", False, "2025-12-15"),
        ("Duties imposed in mid-2020 were lifted.", False, "2020"),
        ("They came in the summer of 2009.", False, "2009"),
        ("The first cub (b. 2005) thrives.", False, "2005"),
        ("The talks took place two weeks ago.", False, "2025-12"),
        ("Imports resumed earlier this year.", False, "2025"),
        ("The pandas will return to Sichuan by the end of June.", True, "2026-06"),
        ("They left at the end of March.", False, "2025-03"),
        ("The new pair is due to arrive before the end of the year.", True, "2025"),
        ("A decision is expected by the end of this month.", True, "2025-12"),
        ("Talks continue until the end of next year.", True, "2026"),
        ("The pair arrived last May.", False, "2025-05"),  # the latest May before publication
        ("The pair arrived last December.", False, "2024-12"),  # published in December: the one before
        ("They will be back next December.", True, "2026-12"),
        ("The cubs arrived at the airport last night.", False, "2025-12-14"),
    ],
)
def test_relative_and_absolute_dates(text: str, future: bool, expected: str) -> None:
    assert str(resolve_text(text, PUBLISHED, future)) == expected


def test_relative_dates_need_a_publication_date() -> None:
    assert resolve_text("They left last year.", None) is None
    assert str(resolve_text("They left in April 2024.", None)) == "2024-04"


def test_the_modal_may_is_not_a_month() -> None:
    assert find_dates("China may send another panda.") == []


def test_money_and_counts_are_not_years() -> None:
    assert find_dates("The exhibit cost $2020 and housed 2,000 visitors.") == []


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("Four years later, she gave birth.", "2003", "2007"),
        ("A year later the pair left.", "2011-02-21", "2012"),
        ("Two months later, they arrived.", "1972-02", "1972-04"),
        ("The next day the zoo reopened.", "2023-12-04", "2023-12-05"),
        ("The day before, the keepers said goodbye.", "2023-12-04", "2023-12-03"),
        ("The following year a cub was born.", "2016-08", "2017"),
        ("Three years earlier, the loan was agreed.", "2014", "2011"),
    ],
)
def test_dates_counted_from_the_last_date_told(text, anchor, expected) -> None:
    from pandawatch.model import PartialDate
    mention = find_dates(text)[0]
    assert mention.anchored
    assert str(mention.resolve(PUBLISHED, False, PartialDate(anchor))) == expected
    assert mention.resolve(PUBLISHED, False, None) is None  # nothing told before: no date rather than a guess


@pytest.mark.parametrize(
    ("text", "trigger", "dated"),
    [
        # the one date hangs from another clause, conjoined after the trigger's: not the trigger's date
        ("The two pandas came in aboard a cargo plane and will meet visitors next month.", "came", False),
        # from the clause above the trigger: its date
        ("In May, officials confirmed that the two pandas had come in aboard a cargo plane.", "come", True),
        # the day it was said is not the day an occurred happening came about; a plan it tells keeps it
        ("The zoo said on Monday that the pandas had come in aboard a cargo plane.", "come", False),
        ("The zoo said on Monday that the pandas will come in aboard a cargo plane.", "come", True),
    ],
)
def test_the_sentences_one_date_dates_a_trigger_only_from_above_it(text, trigger, dated) -> None:
    from pandawatch.extract.components.dates import may_date
    from pandawatch.extract.nlp import load_nlp

    sent = load_nlp()(text)[:]
    (mention,) = find_dates(text)
    token = next(token for token in sent if token.text == trigger)
    assert may_date(sent, mention, token) is dated
