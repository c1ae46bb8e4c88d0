"""The packaged gazetteer: lookups, normalisation and disambiguation, with exact expected places.

Reads only dossier/data/gazetteer.tsv.gz (never ../shared)."""

from __future__ import annotations

import dataclasses

import pytest

from dossier.reference.gazetteer import PRECISIONS, Gazetteer, Place, load_gazetteer, name_tokens


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def where(place: Place | None) -> tuple[str, str, str, str | None, str | None] | None:
    return None if place is None else (place.name, place.precision, place.country, place.admin1, place.admin2)


def test_karachi(gaz: Gazetteer) -> None:
    place = gaz.resolve("Karachi")
    assert where(place) == ("Karachi", "city", "PK", "Sindh", "Karachi")
    assert place is not None and place.lat is not None and place.lon is not None
    assert abs(place.lat - 24.9) < 0.2 and abs(place.lon - 67.0) < 0.2
    assert place.coordinate == "source" and place.id == "gn:1174872"


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        (["Sindh"], ("Hyderabad", "city", "PK", "Sindh", "Hyderabad")),
        (["Karachi"], ("Hyderabad", "city", "PK", "Sindh", "Hyderabad")),
        (["Telangana"], ("Hyderabad", "city", "IN", "Telangana", "Hyderabad")),
        (["India"], ("Hyderabad", "city", "IN", "Telangana", "Hyderabad")),
        ([], ("Hyderabad", "city", "PK", "Sindh", "Hyderabad")),  # prior: country preference PK first
    ],
)
def test_hyderabad_both_ways(gaz: Gazetteer, context: list[str], expected: tuple[str, ...]) -> None:
    assert where(gaz.resolve("Hyderabad", context)) == expected


def country(place: Place | None) -> str | None:
    return None if place is None else place.country


def test_country_preference_is_configurable(gaz: Gazetteer) -> None:
    assert country(gaz.with_preference(["IN", "PK"]).resolve("Hyderabad")) == "IN"
    assert country(gaz.resolve("Hyderabad")) == "PK"  # the shared view is unchanged


def test_karimabad_neighbourhood_needs_its_city(gaz: Gazetteer) -> None:
    place = gaz.resolve("Karimabad", ["Karachi"])
    assert place is not None
    assert (place.name, place.precision, place.country, place.admin1, place.city) == (
        "Karimabad",
        "neighbourhood",
        "PK",
        "Sindh",
        "Karachi",
    )
    assert place.coordinate == "parent_city"  # the source gives only the name and the city
    assert where(gaz.resolve("Karimabad")) == ("Karimabad", "city", "PK", "Gilgit-Baltistan", "Hunza")
    assert gaz.resolve("Gulistan-e-Johar") is None
    johar = gaz.resolve("Gulistan-e-Johar", ["Karachi", "Sindh"])
    assert johar is not None and johar.city == "Karachi" and johar.coordinate == "blocks_mean"


def test_unit_words(gaz: Gazetteer) -> None:
    assert where(gaz.resolve("Zhob district")) == ("Zhob", "district", "PK", "Balochistan", "Zhob")
    assert where(gaz.resolve("District Zhob")) == ("Zhob", "district", "PK", "Balochistan", "Zhob")
    assert where(gaz.resolve("Zhob")) == ("Zhob", "city", "PK", "Balochistan", "Zhob")
    assert where(gaz.resolve("Bannu city")) == ("Bannu", "city", "PK", "Khyber Pakhtunkhwa", "Bannu")
    assert where(gaz.resolve("Kurram Agency")) == ("Kurram", "district", "PK", "Khyber Pakhtunkhwa", "Kurram")
    assert where(gaz.resolve("Swat valley")) == ("Swat", "district", "PK", "Khyber Pakhtunkhwa", "Swat")
    assert where(gaz.resolve("Karachi district")) == ("Karachi", "city", "PK", "Sindh", "Karachi")  # no such unit


@pytest.mark.parametrize("name", ["KP", "KPK", "NWFP", "Khyber Pakhtunkhwa", "Khyber-Pakhtunkhwa", "the KP"])
def test_khyber_pakhtunkhwa(gaz: Gazetteer, name: str) -> None:
    assert where(gaz.resolve(name)) == ("Khyber Pakhtunkhwa", "province", "PK", "Khyber Pakhtunkhwa", None)


@pytest.mark.parametrize(
    ("name", "province"),
    [
        ("Balochistan", "Balochistan"),
        ("Baluchistan", "Balochistan"),
        ("Sindh", "Sindh"),
        ("Punjab", "Punjab"),
        ("Gilgit-Baltistan", "Gilgit-Baltistan"),
        ("GB", "Gilgit-Baltistan"),
        ("Azad Kashmir", "Azad Kashmir"),
        ("AJK", "Azad Kashmir"),
        ("Azad Jammu and Kashmir", "Azad Kashmir"),
        ("Islamabad Capital Territory", "Islamabad Capital Territory"),
        ("ICT", "Islamabad Capital Territory"),
    ],
)
def test_pakistani_provinces(gaz: Gazetteer, name: str, province: str) -> None:
    assert where(gaz.resolve(name)) == (province, "province", "PK", province, None)


@pytest.mark.parametrize("name", ["D.I. Khan", "DI Khan", "D. I. Khan", "Dera Ismail Khan", "dera ismail khan"])
def test_dera_ismail_khan(gaz: Gazetteer, name: str) -> None:
    assert where(gaz.resolve(name)) == (
        "Dera Ismail Khan",
        "city",
        "PK",
        "Khyber Pakhtunkhwa",
        "Dera Ismail Khan",
    )


def test_dera_ismail_khan_district(gaz: Gazetteer) -> None:
    place = gaz.resolve("Dera Ismail Khan district")
    assert where(place) == ("Dera Ismail Khan", "district", "PK", "Khyber Pakhtunkhwa", "Dera Ismail Khan")
    assert place is not None and place.coordinate == "seat_city"


def test_waziristan(gaz: Gazetteer) -> None:
    for name in ("North Waziristan", "South Waziristan", "Upper South Waziristan", "Lower South Waziristan"):
        assert where(gaz.resolve(name)) == (name, "district", "PK", "Khyber Pakhtunkhwa", name)
    # the census table files these under Mohmand and Shangla; the supplement moves them back
    assert where(gaz.resolve("Mir Ali")) == ("Mir Ali", "city", "PK", "Khyber Pakhtunkhwa", "North Waziristan")
    assert where(gaz.resolve("Miranshah")) == ("Miran Shah", "city", "PK", "Khyber Pakhtunkhwa", "North Waziristan")
    assert where(gaz.resolve("Wana")) == ("Wana", "city", "PK", "Khyber Pakhtunkhwa", "South Waziristan")
    assert where(gaz.resolve("Spinwam")) == ("Spinwam", "district", "PK", "Khyber Pakhtunkhwa", "North Waziristan")
    lower = gaz.resolve("Lower South Waziristan")
    assert lower is not None and (lower.lat, lower.lon) == (32.2989, 69.5725)  # at Wana, its seat


def test_balochistan_places(gaz: Gazetteer) -> None:
    quetta = gaz.resolve("Quetta")
    assert where(quetta) == ("Quetta", "city", "PK", "Balochistan", "Quetta")
    assert quetta is not None and quetta.lat is not None and abs(quetta.lat - 30.18) < 0.05
    assert where(gaz.resolve("Kech")) == ("Kech", "district", "PK", "Balochistan", "Kech")
    assert where(gaz.resolve("Turbat")) == ("Turbat", "city", "PK", "Balochistan", "Kech")
    kech = gaz.resolve("Kech")
    assert kech is not None and kech.coordinate == "seat_city" and (kech.lat, kech.lon) == (26.0012, 63.0485)
    assert where(gaz.resolve("Bolan")) == ("Kachhi", "district", "PK", "Balochistan", "Kachhi")


def test_bannu(gaz: Gazetteer) -> None:
    assert where(gaz.resolve("Bannu")) == ("Bannu", "city", "PK", "Khyber Pakhtunkhwa", "Bannu")
    assert {p.precision for p in gaz.candidates("Bannu")} == {"city", "district"}


def test_iran(gaz: Gazetteer) -> None:
    assert where(gaz.resolve("Kerman")) == ("Kerman", "city", "IR", "Kerman", "Kerman")
    for name in ("Sistan-Baluchestan", "Sistan and Baluchestan", "Sīstān va Balūchestān", "Iranian Balochistan"):
        assert where(gaz.resolve(name)) == ("Sistan and Baluchestan", "province", "IR", "Sistan and Baluchestan", None)
    assert where(gaz.resolve("Zahedan")) == ("Zahedan", "city", "IR", "Sistan and Baluchestan", "Zahedan")


def test_afghanistan(gaz: Gazetteer) -> None:
    assert where(gaz.resolve("Kabul")) == ("Kabul", "city", "AF", "Kabul", "Kabul")
    assert where(gaz.resolve("Nangarhar")) == ("Nangarhar", "province", "AF", "Nangarhar", None)
    assert where(gaz.resolve("Jalalabad")) == ("Jalalabad", "city", "AF", "Nangarhar", "Jalalabad")
    assert country(gaz.resolve("Jalalabad", ["Punjab", "India"])) == "IN"


@pytest.mark.parametrize(
    ("name", "iso2"),
    [("Pakistan", "PK"), ("US", "US"), ("U.S.", "US"), ("the United States", "US"), ("UK", "GB"), ("UAE", "AE")],
)
def test_countries(gaz: Gazetteer, name: str, iso2: str) -> None:
    place = gaz.resolve(name)
    assert place is not None and (place.precision, place.country, place.id) == ("country", iso2, f"iso:{iso2}")


def test_foreign_capitals_beat_small_homonyms(gaz: Gazetteer) -> None:
    assert where(gaz.resolve("Dhaka")) == ("Dhaka", "city", "BD", None, None)  # not the town in Bihar
    assert where(gaz.resolve("Doha")) == ("Doha", "city", "QA", None, None)


@pytest.mark.parametrize("text", ["Police", "Army", "May", "Along", "Ali", "us", "kp", "Site", ""])
def test_not_places(gaz: Gazetteer, text: str) -> None:
    assert gaz.resolve(text) is None
    assert not gaz.is_place(text)


def test_normalisation() -> None:
    assert name_tokens("D.I. Khan") == ["d", "i", "khan"]
    assert name_tokens("Karachi's") == ["karachi"]
    assert name_tokens("Sīstān va Balūchestān") == ["sistan", "va", "baluchestan"]
    assert name_tokens("‘Ezzatābād") == ["ezzatabad"]
    assert name_tokens("J&K") == ["j", "and", "k"]


def test_spellings_share_candidates(gaz: Gazetteer) -> None:
    ids = [p.id for p in gaz.candidates("Gulistan-e-Johar")]
    assert ids and [p.id for p in gaz.candidates("gulistan e johar")] == ids
    assert [p.id for p in gaz.candidates("KARACHI")] == [p.id for p in gaz.candidates("Karachi")]


def test_candidates_lists_every_reading(gaz: Gazetteer) -> None:
    countries = {(p.country, p.precision) for p in gaz.candidates("Hyderabad")}
    assert {("PK", "city"), ("PK", "district"), ("IN", "city")} <= countries


def test_surface_forms(gaz: Gazetteer) -> None:
    forms = list(gaz.surface_forms())
    assert len(forms) == len(set(forms))
    assert {"Karachi", "KP", "D.I. Khan", "Sistan-Baluchestan", "Khyber Pakhtunkhwa"} <= set(forms)
    assert "May" not in forms and "Police" not in forms


def test_packaged_file_is_consistent(gaz: Gazetteer) -> None:
    places = list(gaz)
    assert len(places) == len({p.id for p in places}) > 15000
    boxes = {"PK": (23.5, 37.2, 60.8, 77.9), "AF": (29.3, 38.5, 60.4, 75.0), "IR": (25.0, 39.8, 44.0, 63.4)}
    boxes["IN"] = (6.5, 35.8, 68.0, 97.5)
    for p in places:
        assert p.precision in PRECISIONS and p.lat is not None and p.lon is not None, p
        south, north, west, east = boxes.get(p.country, (-90, 90, -180, 180))
        assert south <= p.lat <= north and west <= p.lon <= east, p
        assert (p.city is not None) == (p.precision == "neighbourhood"), p
    assert gaz.get("gn:1174872") == gaz.resolve("Karachi")


def test_loaded_once_and_frozen(gaz: Gazetteer) -> None:
    assert load_gazetteer() is gaz
    place = gaz.resolve("Quetta")
    assert place is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        place.name = "Shal"  # type: ignore[misc]


def test_two_trailing_unit_words_do_not_hang_the_lookup() -> None:
    # 'Bodoland Territorial Area Districts' once looped for ever: the second unit word was never popped
    gaz = load_gazetteer()
    assert gaz.is_place("Bodoland Territorial Area Districts") is False
    assert [p.name for p in gaz.candidates("Khyber Agency District")] == ["Khyber"]
