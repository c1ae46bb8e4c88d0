"""The actor table (dossier/data/actors.tsv) and the mention matcher, on small hand-written sentences."""

from __future__ import annotations

import re

import pytest

from dossier.reference.actor_matcher import ActorMatcher, ActorMention, default_matcher
from dossier.reference.actor_table import KINDS, LISTS, ActorEntry, load_actor_table, parse_actor_table

HEADER = "id\tname\tkind\taliases\tparent\tcountry\tdesignations\tsource\n"


def found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.actor_id) for m in default_matcher().find(text)]


# --- the matcher on the cases the incident extractor depends on


def test_rename_and_acronym_resolve_to_one_actor() -> None:
    text = "The TTP, now called Fitna al-Khawarij by the state"
    assert default_matcher().find(text) == [
        ActorMention(4, 7, "TTP", "ttp", "armed_group"),
        ActorMention(20, 37, "Fitna al-Khawarij", "ttp", "armed_group"),
    ]


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("Lashkar-e-Taiba", "let"),
        ("Lashkar e Taiba", "let"),
        ("Lashkar-e-Tayyiba", "let"),
        ("Lashkar-i-Taiba", "let"),
        ("LashkareToiba", "let"),
        ("Jaish e Muhammmad", "jem"),
        ("Jaish-e-Mohammed", "jem"),
        ("Zainebiyoun Brigade", "zainabiyoun"),
        ("Zaynabiyoun Brigade", "zainabiyoun"),
        ("Fitnaul Khwarij", "ttp"),
        ("Tehreek Taliban Pakistan", "ttp"),
        ("Fitna-e-Hindustan", "fitna_al_hindustan"),
        ("Fitnatul-Hindustan", "fitna_al_hindustan"),
        ("Ahl e Sunnat Wal Jammat", "aswj"),
        ("Sipah e Sahaba", "aswj"),
        ("Jamat ud Dawa", "jud"),
        ("Falah e Insaniyat Foundation", "fif"),
        ("Jeysh al-Adl", "jaish_al_adl"),
        ("Islamic State Khorasan Province", "iskp"),
        ("IS-K", "iskp"),
        ("Hizbul Mujahideen", "hizbul_mujahideen"),
        ("Counterterrorism Department", "ctd"),
        ("Pakistan Peoples Party", "ppp"),
        ("Pakistan People’s Party", "ppp"),
    ],
)
def test_spelling_variants_match_whole(text: str, actor_id: str) -> None:
    assert found(f"Officials blamed {text} on Friday.") == [(text, actor_id)]


def test_is_the_group_but_not_the_verb() -> None:
    assert found("IS claimed the attack") == [("IS", "islamic_state")]
    assert found("This is it") == []
    assert found("Is it true?") == []
    assert found("It got access to IS’s rich funding.") == [("IS", "islamic_state")]


def test_ordinary_words_in_all_caps_text_or_alone_on_a_line_are_not_actors() -> None:
    assert found("THE WRITER IS A POLITICAL ECONOMIST") == []
    assert found("US\nA Pakistani mother and her children died") == []
    assert found("new levies on fuel") == []
    assert found("Levies personnel reached the spot") == [("Levies personnel", "levies")]
    assert found("an Islamic state of Pakistan") == [("Pakistan", "pakistan")]


def test_iskp_is_a_branch_of_islamic_state() -> None:
    assert found("ISKP") == [("ISKP", "iskp")]
    assert found("Islamic State Khorasan Province") == [("Islamic State Khorasan Province", "iskp")]
    table = load_actor_table()
    assert table["iskp"].parent == "islamic_state"
    assert table["iskp"].kind == "armed_group"


def test_a_leading_the_is_optional_and_not_part_of_the_span() -> None:
    assert found("The Resistance Front (TRF) claimed it") == [("Resistance Front", "trf"), ("TRF", "trf")]
    assert found("gains on the resistance front were slow") == []


def test_translation_in_brackets_is_a_second_mention() -> None:
    assert found("Jaish Al-Adl (or the Army of Justice)") == [
        ("Jaish Al-Adl", "jaish_al_adl"),
        ("Army of Justice", "jaish_al_adl"),
    ]


def test_ctd_is_a_state_agency() -> None:
    assert default_matcher().find("CTD") == [ActorMention(0, 3, "CTD", "ctd", "state_agency")]


def test_acronyms_match_case_sensitively_as_whole_words() -> None:
    assert found("LeJ and the ttp") == [("LeJ", "lej")]
    assert found("LEJ") == []
    assert found("BLAST at TTPs") == []
    assert found("Dr AQ Khan") == []
    assert found("SSP Operations visited") == []  # Senior Superintendent of Police, not Sipah-e-Sahaba


def test_longest_alias_wins_and_mentions_do_not_overlap() -> None:
    assert found("Tehreek-e-Taliban Pakistan (TTP)") == [("Tehreek-e-Taliban Pakistan", "ttp"), ("TTP", "ttp")]
    assert found("Punjab Police and the Pakistan Army") == [
        ("Punjab Police", "punjab_police"),
        ("Pakistan Army", "pakistan_army"),
    ]
    assert found("the BLA’s Majeed Brigade") == [("BLA", "bla"), ("Majeed Brigade", "majeed_brigade")]
    assert found("Pakistan’s armed forces") == [("Pakistan’s armed forces", "pakistan_armed_forces")]


def test_generic_words_match_in_any_case_as_whole_words() -> None:
    assert found("Police said two policemen were injured") == [("Police", "police"), ("policemen", "police")]
    assert found("policy and policing") == []


def test_acronym_inside_a_longer_alias_keeps_its_case() -> None:
    assert found("KP police") == [("KP police", "kp_police")]
    assert found("the group is Khorasan-based") == []
    assert found("Pakistan Muslim League in Punjab") == [("Pakistan", "pakistan")]
    assert found("PML(N) and JUI (F)") == [("PML(N)", "pmln"), ("JUI (F)", "jui_f")]


def test_offsets_are_into_the_original_text() -> None:
    text = "Lash\u00adkar-e-Taiba and Jama’at-ud-Dawa met"
    mentions = default_matcher().find(text)
    assert [(m.start, m.end, m.actor_id) for m in mentions] == [(0, 16, "let"), (21, 36, "jud")]
    assert [text[m.start : m.end] for m in mentions] == [m.text for m in mentions]
    assert mentions[1].text == "Jama’at-ud-Dawa"


def test_matcher_over_a_custom_table() -> None:
    table = parse_actor_table(HEADER + "acme\tAcme Brigade\tarmed_group\tACB|Acme-e-Brigade\t\t\t\tunit test\n")
    matcher = ActorMatcher(table)
    assert [(m.text, m.actor_id) for m in matcher.find("ACB, or the Acme Brigade, struck")] == [
        ("ACB", "acme"),
        ("Acme Brigade", "acme"),
    ]
    assert matcher.find("TTP") == []


# --- the table itself


def test_table_rows_are_valid() -> None:
    table = load_actor_table()
    assert len(table) >= 100
    for entry in table.values():
        assert isinstance(entry, ActorEntry)
        assert re.fullmatch(r"[a-z][a-z0-9_]*", entry.id), entry.id
        assert entry.kind in KINDS - {"person"}, entry.id
        assert entry.parent is None or entry.parent in table, entry.id
        assert entry.parent != entry.id
        assert entry.country is None or re.fullmatch(r"[A-Z]{2}", entry.country), entry.id
        assert entry.name and entry.source, entry.id
        assert len(set(entry.aliases)) == len(entry.aliases), entry.id
        for listed, date in entry.designations:
            assert listed in LISTS, entry.id
            assert date == "" or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", date), entry.id


def test_parents_form_no_cycle() -> None:
    table = load_actor_table()
    for entry in table.values():
        seen = {entry.id}
        parent = entry.parent
        while parent is not None:
            assert parent not in seen, f"cycle through {entry.id}"
            seen.add(parent)
            parent = table[parent].parent


def test_every_name_and_alias_finds_its_own_actor() -> None:
    """Catches aliases shared by two actors and aliases the pattern cannot match."""
    for entry in load_actor_table().values():
        for written in (entry.name, *entry.aliases):
            expected = written.removeprefix("The ")
            assert found(f"Officials said {written} was involved.") == [(expected, entry.id)], written


def test_fronts_and_wings_point_to_their_parent() -> None:
    table = load_actor_table()
    parents = {i: table[i].parent for i in ("jud", "fif", "mml", "trf", "majeed_brigade", "aqis", "jamaat_ul_ahrar")}
    assert parents == {
        "jud": "let",
        "fif": "let",
        "mml": "let",
        "trf": "let",
        "majeed_brigade": "bla",
        "aqis": "al_qaeda",
        "jamaat_ul_ahrar": "ttp",
    }


def test_designations_include_curated_ones_missing_from_the_lists() -> None:
    table = load_actor_table()
    assert ("US-FTO", "2025-08-11") in table["bla"].designations
    assert ("US-SDGT", "2019-07-02") in table["bla"].designations
    assert ("NACTA", "2006-04-07") in table["bla"].designations
    assert ("UN-1267", "2011-07-29") in table["ttp"].designations
    assert ("US-SDGT", "2019-01") in table["zainabiyoun"].designations


def test_loaders_are_cached() -> None:
    assert load_actor_table() is load_actor_table()
    assert default_matcher() is default_matcher()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x\tX\tgang\t\t\t\t\tsrc", "unknown kind"),
        ("x\tX\tarmed_group\t\tnobody\t\t\tsrc", "unknown parent"),
        ("x\tX\tarmed_group\t\t\tPAK\t\tsrc", "ISO 3166-1"),
        ("x\tX\tarmed_group\t\t\t\tEU:2020-01-01\tsrc", "unknown designation list"),
        ("x\tX\tarmed_group\t\t\t\tUS-FTO:2020\tsrc", "YYYY-MM-DD or YYYY-MM"),
        ("X Y\tX\tarmed_group\t\t\t\t\tsrc", "lower-case slug"),
        ("x\tX\tarmed_group\t\t\t\t\t", "source are required"),
        ("x\tX\tarmed_group", "fields, expected 8"),
    ],
)
def test_bad_rows_fail_loudly_with_their_line(row: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_actor_table(HEADER + row + "\n")
