"""Split a page into stories, each with headline, summary, dateline, byline, dates and body.

A page scrape may hold several stories (a blog index, a main story followed by related ones) and
teasers of others. A headline-like line starts a story only when the page's structure backs it:
a repeat of itself, an 'Updated' stamp, bullets, a byline, a date line or a dateline paragraph right
after it, a wide gap, the top of the page. The weights are here; the phrases are in boilerplate.tsv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dossier.clean.dateline import parse_dateline
from dossier.clean.lines import Line, classify, ends_sentence, title_cased

START_THRESHOLD = 2
MIN_BODY_WORDS = 15  # a story of a page of several; shorter ones are teasers or fragments
MIN_BRIEF_WORDS = 8  # a page that holds one short story only: a wire brief or an incident summary
STRUCTURE = {"stamp", "bullet", "byline", "date", "place"}


@dataclass
class Story:
    headline: str | None = None
    header: list[int] = field(default_factory=list)  # kept header lines: headline, summary
    body: list[int] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    place: str | None = None
    byline: str | None = None
    published: str | None = None
    published_rule: str | None = None
    updated: str | None = None
    closed_by: str = "eof"  # start | end | eof


@dataclass
class Split:
    lines: list[Line]
    stories: list[Story]
    dropped: dict[str, int]


def split_page(text: str, single_story: bool = False) -> Split:
    counts: dict[str, int] = {}
    lines = [classify(i, raw, counts) for i, raw in enumerate(text.split("\n"))]
    starts = _story_starts(lines)
    if single_story:  # the extractor already isolated one story: only its top line may be a headline
        first = next((ln.index for ln in lines if ln.kind not in ("blank", "drop")), -1)
        starts &= {first}
    stories = _walk(lines, starts, counts)
    stories = _attach_trailing_headers(stories, lines, counts)
    for story in stories:
        _trim_teasers(story, lines, counts)
    kept = []
    least = MIN_BRIEF_WORDS if len(stories) == 1 and not single_story else MIN_BODY_WORDS
    for story in stories:
        if sum(lines[i].words for i in story.body) >= least:
            kept.append(story)
        elif story.body or story.headline:
            counts["fragment"] = counts.get("fragment", 0) + 1
    return Split(lines, kept, counts)


def _story_starts(lines: list[Line]) -> set[int]:
    content = [ln for ln in lines if ln.kind not in ("blank", "drop")]
    starts: set[int] = set()
    recent: list[str] = []  # headlines of starts just seen: their repeats are not new stories
    for pos, ln in enumerate(content):
        if ln.kind != "cand" or ln.text in recent[-1:]:
            continue
        if _start_score(lines, content, pos) >= START_THRESHOLD:
            starts.add(ln.index)
            recent.append(ln.text)
    return starts


def _start_score(lines: list[Line], content: list[Line], pos: int) -> int:
    ln = content[pos]
    score = 0
    if pos == 0:
        score += 2
    elif content[pos - 1].kind == "end":
        score += 1
    gap = 0
    j = ln.index + 1
    while j < len(lines) and lines[j].kind == "blank":
        gap, j = gap + 1, j + 1
    if gap >= 2:
        score += 1
    if gap >= 1 and ln.words <= 16 and (title_cased(ln.text) or ln.text.endswith("?")):
        score += 1
    decks = 0
    for nxt in content[pos + 1 : pos + 9]:
        if nxt.text == ln.text or nxt.kind in STRUCTURE:
            return score + 2
        if nxt.kind == "cand" and decks == 0:
            decks += 1
            continue
        if nxt.kind == "text" and parse_dateline(nxt.text):
            return score + 2
        break
    return score


def _walk(lines: list[Line], starts: set[int], counts: dict[str, int]) -> list[Story]:
    stories: list[Story] = []
    current: Story | None = None
    in_chrome = False
    for ln in lines:
        if ln.index in starts:
            if current is not None and current.closed_by == "eof":
                current.closed_by = "start"
            current = Story(headline=ln.text, header=[ln.index])
            stories.append(current)
            in_chrome = False
        elif ln.kind == "blank":
            continue
        elif ln.kind == "end":
            if current is not None:
                current.closed_by = "end"
            in_chrome = True
            _count(counts, ln.rule or "end")
        elif ln.kind == "drop":
            _count(counts, ln.rule or "drop")
        elif in_chrome:
            _count(counts, "after_page_end")
        else:
            if current is None:
                current = Story()
                stories.append(current)
            _take(current, ln, counts)
    return stories


def _take(story: Story, ln: Line, counts: dict[str, int]) -> None:
    if ln.kind == "stamp":
        if ln.rule == "updated":
            story.updated = story.updated or ln.value
        elif not story.published:
            story.published, story.published_rule = ln.value, "stamp"
        return
    if ln.kind == "byline":
        story.byline = story.byline or ln.value
        return
    if not story.body:
        if ln.kind == "date" and not story.published:
            story.published, story.published_rule = ln.value, "date_line"
            return
        if ln.kind == "place" and not story.place:
            story.place = ln.value
            return
        if story.headline and ln.text == story.headline:
            _count(counts, "headline_repeat")
            return
        if ln.kind == "bullet":
            story.summary.append(ln.value or ln.text)
            story.header.append(ln.index)
            return
        if ln.kind == "cand" and story.headline and len(story.header) == 1:
            story.summary.append(ln.text)  # a deck under the headline
            story.header.append(ln.index)
            return
        if ln.words <= 2:
            _count(counts, "section_label")
            return
    story.body.append(ln.index)


def _attach_trailing_headers(stories: list[Story], lines: list[Line], counts: dict[str, int]) -> list[Story]:
    """A header with no body right after a story without one is that story's headline (seed pages
    from some sites print the headline block after the text); any other bodiless header is a teaser."""
    out: list[Story] = []
    for story in stories:
        if story.body:
            out.append(story)
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.headline is None
            and story.headline
            and _overlap(story.headline, " ".join(lines[i].text for i in prev.body)) >= 0.5
        ):
            prev.headline, prev.summary = story.headline, story.summary
            prev.header = story.header
            prev.updated = prev.updated or story.updated
        elif story.headline:
            _count(counts, "teaser_header")
    return out


def _trim_teasers(story: Story, lines: list[Line], counts: dict[str, int]) -> None:
    """Drop teasers of other stories glued to the end of this one."""
    while len(story.body) > 1 and lines[story.body[-1]].text.endswith(("...", "…")):
        story.body.pop()
        _count(counts, "teaser")
    if story.closed_by == "start":
        return
    run = 0
    for i in reversed(story.body):
        if ends_sentence(lines[i].text):
            break
        run += 1
    if 2 <= run < len(story.body):
        del story.body[-run:]
        _count(counts, "teaser", run)


def _overlap(headline: str, body: str) -> float:
    words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", headline)}
    body_words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", body)}
    return len(words & body_words) / len(words) if words else 0.0


def _count(counts: dict[str, int], key: str, n: int = 1) -> None:
    counts[key] = counts.get(key, 0) + n
