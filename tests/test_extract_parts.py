"""Numbers, casualty counts and dates on hand-made sentences."""

from __future__ import annotations

from datetime import date

from dossier.extract.casualties import from_text, total
from dossier.extract.numbers import Count, parse_count
from dossier.extract.when import Anchor, document_anchor, find_dates


def test_counts() -> None:
    assert parse_count("at least 17") == Count(17, 17, None)
    assert parse_count("nearly 100") == Count(None, 100, 100)
    assert parse_count("more than 35") == Count(36, 36, None)
    assert parse_count("twenty-one") == Count(21, 21, 21)
    assert parse_count("dozens of") == Count(24, 24, None)
    assert parse_count("1,200") == Count(1200, 1200, 1200)


def casualties(text: str) -> list[tuple[str, str, int | None, bool]]:
    return [(c.kind, c.who, c.count.best, c.additive) for c in from_text(text)]


def test_casualty_phrases() -> None:
    assert casualties("Gunmen stormed a bus, killing 45 members of the Ismaili community.") == [
        ("killed", "victims", 45, False)
    ]
    assert casualties("At least 17 people were killed and 30 others injured.") == [
        ("killed", "victims", 17, False),
        ("injured", "victims", 30, True),
    ]
    assert casualties("An army major and three militants were killed in a gunfight.") == [
        ("killed", "perpetrators", 3, False)
    ]
    assert casualties("Security forces killed nine India-backed terrorists in three operations.") == [
        ("killed", "perpetrators", 9, False)
    ]
    assert casualties("He confirmed that no one was injured in the blast.") == [("injured", "victims", 0, False)]
    assert casualties("a bombing on Jan. 3 that killed nearly 100 people") == [("killed", "victims", 100, False)]
    assert casualties("The 38-year-old guard and his 12 colleagues were safe.") == []


def test_totals_add_only_what_is_additional() -> None:
    mentions = from_text("Four khwarij were sent to hell.") + from_text("Two more khwarij were sent to hell.")
    mentions += from_text("Three more khwarij were killed.")
    assert total(mentions, "killed", "perpetrators") == Count(9, 9, 9)
    assert total(
        from_text("Nine khwarij were killed.") + from_text("Four khwarij were killed."), "killed", "perpetrators"
    ) == Count(9, 9, 9)


def dates(text: str, anchor: Anchor) -> list[tuple[str, str | None, str | None, str, bool]]:
    return [(e.text, e.value.start, e.value.end, e.value.precision, e.reporting) for e in find_dates(text, anchor)]


def test_dates_resolve_against_the_publication_date() -> None:
    a = Anchor(date(2024, 7, 7), "day")  # a Sunday
    assert dates("police officials said on Sunday", a) == [("Sunday", "2024-07-07", "2024-07-07", "day", True)]
    assert dates("Iran struck on Tuesday", a) == [("Tuesday", "2024-07-02", "2024-07-02", "day", False)]
    assert dates("Gunmen stormed a bus last month", a) == [("last month", "2024-06-01", "2024-06-30", "month", False)]
    assert dates("two huge bombings in Quetta in 2013", a) == [("in 2013", "2013-01-01", "2013-12-31", "year", False)]
    assert dates("On May 20, the minister", a) == [("May 20", "2024-05-20", "2024-05-20", "day", False)]
    assert dates("On January 25th, 2014, a shepherd", a) == [
        ("January 25th, 2014", "2014-01-25", "2014-01-25", "day", False)
    ]
    assert dates("killings between last September to February this year", a) == [
        ("between last September to February this year", "2023-09-01", "2024-02-29", "range", False)
    ]
    assert dates("During the summer of 2020 in Pakistan", a) == [
        ("summer of 2020", "2020-06-01", "2020-08-31", "season", False)
    ]


def test_without_a_publication_date_the_latest_document_date_anchors() -> None:
    text = "The Treasury acted in January 2019. From September 2023 to February 2024, killings rose."
    anchor = document_anchor(None, text)
    assert anchor == Anchor(date(2024, 2, 29), "month", "document")
    assert dates("Islamabad banned the group last month", anchor) == [
        ("last month", "2024-01-01", "2024-01-31", "month", False)
    ]
    assert dates("on Thursday", anchor) == []  # a weekday needs a day-precise anchor: nothing is guessed


def test_military_idioms_and_named_dead() -> None:
    assert casualties("carrying out an operation against the terrorists and sending 11 of them to hell.") == [
        ("killed", "perpetrators", 11, False)
    ]
    assert casualties(
        "tribute to Shaheed Major Syed Moiz Abbas Shah and Shaheed Lance Naik Jibranullah, who embraced "
        "martyrdom while defending the homeland."
    ) == [("killed", "victims", 2, False)]
    assert casualties(
        "reverence for Lieutenant Colonel Junaid, Major Tayyab, and nine soldiers who embraced "
        "martyrdom during the operation."
    ) == [("killed", "victims", 11, False)]
