"""Rules of the coding manual the extractor follows, each on a sentence in the style of the corpus's
train split: who claims, who acts, where exactly, what is a reaction and not another event."""

from __future__ import annotations

from tests.test_incidents import run


def test_a_group_that_claims_the_attack_is_its_perpetrator() -> None:
    (r,) = run(
        "At least five Hazaras were killed and seven others injured when unidentified militants opened fire on "
        "their car on Spiny Road in Quetta on Friday. Jundullah, the anti Shia outfit, claimed responsibility "
        "for the killing."
    )
    assert [(p["actor_id"], p["status"]) for p in r.perpetrators] == [("act_jundallah", "claimed")]
    assert (r.killed, r.injured) == ({"low": 5, "best": 5, "high": None}, {"low": 7, "best": 7, "high": 7})


def test_the_state_that_owns_the_drone_struck() -> None:
    (r,) = run(
        "At least 10 militants were killed as a US drone strike fired four missiles targeting a compound in the "
        "Gorwaik area of Datta Khel town in North Waziristan on Monday."
    )
    assert (r.type, [p["actor_id"] for p in r.perpetrators]) == ("strike", ["act_united_states"])
    assert r.perpetrators_killed == {"low": 10, "best": 10, "high": None}


def test_the_force_is_named_as_the_text_names_it() -> None:
    (r,) = run(
        "A joint team of Police and intelligence agencies on Sunday arrested five cadres of Hizb ut Tahrir "
        "during a raid on a banquet hall in Rawalpindi."
    )
    assert (r.type, [(p["actor_id"], p["name"]) for p in r.perpetrators]) == ("arrest", [("act_police", "Police")])
    (r,) = run(
        "The Special Police Unit arrested three members of a banned outfit near Firdous Chowk, Peshawar, on Monday."
    )
    assert [(p["actor_id"], p["name"], p["status"]) for p in r.perpetrators] == [
        ("act_police", "Special Police Unit", "confirmed")
    ]


def test_militants_backed_by_a_state_do_not_make_it_the_operating_force() -> None:
    (r,) = run(
        "Security forces killed five terrorists of Fitna al Hindustan backed by India in an intelligence-based "
        "operation in Loralai on Sunday."
    )
    assert (r.type, [p["actor_id"] for p in r.perpetrators]) == ("security_operation", ["act_security_forces"])
    assert (r.killed, r.perpetrators_killed) == (
        {"low": 0, "best": 0, "high": 0},
        {"low": 5, "best": 5, "high": 5},
    )


def test_a_province_named_with_a_possessive_is_not_a_locality() -> None:
    (r,) = run(
        "A drone attack in South Waziristan in Pakistan's Khyber Pakhtunkhwa province on Sunday killed at "
        "least four villagers."
    )
    assert r.place is not None and (r.place["name"], r.place["precision"]) == ("South Waziristan", "district")


def test_a_village_named_alone_is_kept_under_the_district() -> None:
    (r,) = run(
        "Militants hurled a hand grenade into a government school in Bajaur on Sunday night. The school in "
        "the Lashora village was partially damaged but no one was hurt."
    )
    assert r.place is not None
    assert (r.place["name"], r.place["admin2"], r.place["precision"], r.place["id"]) == (
        "Lashora",
        "Bajaur",
        "city",
        None,
    )


def test_a_locality_inside_a_town_is_finer_than_the_town() -> None:
    (r,) = run("Two dead bodies were recovered from Bihar Colony area of Lyari town in Karachi on Sunday.")
    assert r.place is not None and (r.place["name"], r.place["city"]) == ("Bihar Colony", "Karachi")


def test_a_condemnation_is_a_reaction_not_another_incident() -> None:
    reports = run(
        "Militants attacked a check post in Mir Ali, North Waziristan, on Sunday, killing two soldiers. "
        "Prime Minister Shehbaz Sharif in Islamabad strongly condemned the cowardly attack and prayed for "
        "the martyred soldiers."
    )
    assert [(r.type, r.place and r.place["name"]) for r in reports] == [("armed_assault", "Mir Ali")]


def test_a_description_then_a_name_is_one_person() -> None:
    (r,) = run(
        "An independent candidate of the 2013 elections from NA 198, Akhtar Abbasi was shot dead at Regent "
        "Colony in Sukkur on Sunday."
    )
    assert r.killed == {"low": 1, "best": 1, "high": 1}


def test_a_protest_is_held_by_the_party_that_organised_it() -> None:
    (r,) = run("The Jamaat-e-Islami on Sunday organised a protest demonstration outside the Hyderabad press club.")
    assert (r.type, [(p["actor_id"], p["status"]) for p in r.perpetrators]) == (
        "protest",
        [("act_jamaat_e_islami", "confirmed")],
    )
