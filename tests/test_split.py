"""Page splitting and boilerplate removal on small hand-made pages."""

from dossier.clean.dateline import parse_dateline
from dossier.clean.dates import is_date_line, parse_date
from dossier.clean.normalize import normalize
from dossier.clean.page import assemble
from dossier.clean.split import split_page

BODY = (
    "Police said gunmen on motorcycles opened fire on a van near the market, killing two people and injuring "
    "three others before fleeing the scene."
)


def stories(text: str, **kw: bool) -> list[dict[str, object]]:
    split = split_page(normalize(text), **kw)
    doc, arts = assemble(split, None, None)
    return [
        {
            "headline": a.headline,
            "summary": a.summary,
            "dateline": a.dateline,
            "published": a.published,
            "source": a.published_source,
            "body": doc[a.body_start : a.body_end],
            "byline": a.byline,
        }
        for a in arts
    ]


def test_two_stories_with_stamps_bullets_and_repeated_headlines() -> None:
    page = "\n".join(
        [
            "Gunmen kill two in Quetta market attack",
            "",
            "A man walks past the market in Quetta on Monday. (AFP/File)",
            "Short Url",
            "Updated 07 July 2024",
            "Follow",
            "",
            "Gunmen kill two in Quetta market attack",
            "",
            "  • Attackers on motorcycles fled the scene",
            "",
            f"QUETTA: {BODY}",
            "No group has claimed responsibility for the attack so far, officials said.",
            "",
            "",
            "Flood waters recede across southern Sindh districts",
            "",
            "Updated 9 July 2024",
            "Follow",
            "",
            "Flood waters recede across southern Sindh districts",
            "",
            f"HYDERABAD, Jul 8 (APP): {BODY}",
        ]
    )
    got = stories(page)
    assert [s["headline"] for s in got] == [
        "Gunmen kill two in Quetta market attack",
        "Flood waters recede across southern Sindh districts",
    ]
    assert got[0]["summary"] == ["Attackers on motorcycles fled the scene"]
    assert got[0]["dateline"] == "QUETTA"
    assert (got[0]["published"], got[0]["source"]) == ("2024-07-07", "updated_stamp")
    assert got[0]["body"] == BODY + "\nNo group has claimed responsibility for the attack so far, officials said."
    assert (got[1]["dateline"], got[1]["published"]) == ("HYDERABAD", "2024-07-09")
    assert got[1]["body"] == BODY


def test_headline_printed_after_the_body_is_attached_to_it() -> None:
    page = "\n".join(
        [
            f"KARACHI: {BODY}",
            "Officials said the investigation into the market attack was continuing on Monday.",
            "Gunmen kill two people in Karachi market attack",
            "https://example.com/x1",
            "Gunmen kill two people in Karachi market attack",
            "- Attackers on motorcycles fled the market",
        ]
    )
    got = stories(page)
    assert len(got) == 1
    assert got[0]["headline"] == "Gunmen kill two people in Karachi market attack"
    assert got[0]["summary"] == ["Attackers on motorcycles fled the market"]
    assert got[0]["body"].startswith("Police said gunmen")


def test_teasers_and_footer_are_not_glued_to_the_story() -> None:
    page = "\n".join(
        [
            f"PESHAWAR: {BODY}",
            "The injured were taken to Lady Reading Hospital, a rescue official said.",
            "Minister urges citizens to pay taxes and act as guardians against evasion",
            "Tourists described the valley as a place of peace and serenity",
            "Federal minister visits flood-hit areas in Swat...",
            "Copyright © 2025. The News International, All Rights Reserved |Contact Us|Authors",
        ]
    )
    got = stories(page)
    assert got[0]["body"] == BODY + "\nThe injured were taken to Lady Reading Hospital, a rescue official said."


def test_blog_page_posts_split_on_gaps_byline_and_date_line() -> None:
    post = "Security forces said the operation in the district had ended after two days of clashes with militants."
    page = "\n".join(
        [
            "Home Blog Page 5",
            "",
            "How militias grew in the province",
            "",
            "",
            "",
            "By Staff Writer AND Another Writer",
            "",
            post,
            "",
            post,
            "",
            "xxx THE END xxx",
            "",
            "Has the spy agency infiltrated the militant group?",
            "",
            "Fri 25 Dec, 2020",
            "",
            "PARIS, France",
            "",
            post,
            "",
            "Leave a Reply",
            "",
            "Your email address will not be published.",
        ]
    )
    got = stories(page)
    assert [(s["headline"], s["byline"], s["published"], s["dateline"]) for s in got] == [
        ("How militias grew in the province", "Staff Writer AND Another Writer", None, None),
        ("Has the spy agency infiltrated the militant group?", None, "2020-12-25", "PARIS, France"),
    ]
    assert got[1]["body"] == post


def test_stray_section_label_and_ad_script_are_removed() -> None:
    page = "US\n.\n" + BODY + "\nMore details are awaited.(adsbygoogle=window.adsbygoogle||[]).push({});\nCOMMENTS"
    got = stories(page)
    assert got[0]["body"] == BODY + "\nMore details are awaited."


def test_single_story_mode_keeps_subheadings_in_the_body() -> None:
    page = "\n".join([BODY, "", "What the Police Said About the Attack", "", "", BODY, "Officials said more."])
    got = stories(page, single_story=True)
    assert len(got) == 1 and "What the Police Said About the Attack" in str(got[0]["body"])


def test_datelines() -> None:
    cases = {
        "KARACHI: A senior official": ("KARACHI", None, None),
        "DUBAI/ISLAMABAD: An Iranian strike": ("DUBAI/ISLAMABAD", None, None),
        "PESHAWAR, Jan 3 (APP): Abdul Kabir": ("PESHAWAR", "Jan 3", "APP"),
        "LAHORE:Punjab police said": ("LAHORE", None, None),
        "DERA ISMAIL KHAN: Two soldiers": ("DERA ISMAIL KHAN", None, None),
    }
    for line, expected in cases.items():
        d = parse_dateline(line)
        assert d is not None and (d.place, d.date, d.agency) == expected, line
    assert parse_dateline("EXCLUSIVE: How the army runs militias") is None
    assert parse_dateline("DISSIDENTS FROM PASHTUN REGION: As representative") is None


def test_dates() -> None:
    assert parse_date("07 July 2024") == "2024-07-07"
    assert parse_date("Jan 3", 2025) == "2025-01-03"
    assert parse_date("Jan 3") is None  # no year anywhere: nothing is guessed
    assert parse_date("8th June 2021") == "2021-06-08"
    assert is_date_line("Fri 25 Dec, 2020") and is_date_line("January 18, 2024")
    assert not is_date_line("Protest held on January 18, 2024 in Quetta")


def test_normalize_repairs_mojibake_soft_hyphens_and_spaces() -> None:
    assert normalize("Pakistanâ€™s\u00a0army\u00adchief  said\r\n") == "Pakistan’s armychief said\n"
