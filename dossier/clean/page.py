"""Assemble the cleaned document text from the stories of a page, keeping every article's offsets."""

from __future__ import annotations

from dossier.clean.dateline import parse_dateline
from dossier.clean.dates import iso_or_none, parse_date
from dossier.clean.split import Split, Story
from dossier.model import Article


def assemble(split: Split, meta_title: str | None, meta_published: str | None) -> tuple[str, list[Article]]:
    """Join the kept lines of each story (original order) into one text; stories are separated by a
    blank line. The first story inherits the page's own title and date when it has none."""
    parts: list[str] = []
    articles: list[Article] = []
    offset = 0
    year = (meta_published or "")[:4]
    ref_year = int(year) if year.isascii() and year.isdigit() else None  # not "²²²²": isdigit, yet no int
    for seq, story in enumerate(split.stories):
        if parts:
            parts.append("\n\n")
            offset += 2
        start = offset
        positions: dict[int, int] = {}
        summary = dict(zip(story.header[1:], story.summary, strict=False)) if story.headline else {}
        chunk: list[str] = []
        for i in sorted(set(story.header) | set(story.body)):
            line = summary.get(i, split.lines[i].text)
            positions[i] = offset
            chunk.append(line)
            offset += len(line) + 1
        offset -= 1
        parts.append("\n".join(chunk))
        first, last = story.body[0], story.body[-1]
        dateline = parse_dateline(split.lines[first].text)
        body_start = positions[first] + (dateline.length if dateline else 0)
        body_end = positions[last] + len(split.lines[last].text)
        article = Article(
            seq=seq,
            start=start,
            end=offset,
            body_start=body_start,
            body_end=body_end,
            headline=story.headline or (meta_title if seq == 0 else None),
            summary=list(story.summary),
            byline=story.byline,
            dateline=dateline.place if dateline else story.place,
            updated=parse_date(story.updated) if story.updated else None,
        )
        _date_article(article, story, dateline.date if dateline else None, meta_published, ref_year)
        articles.append(article)
    return "".join(parts), articles


def _date_article(
    article: Article, story: Story, dateline_date: str | None, meta_published: str | None, ref_year: int | None
) -> None:
    """Publication date by the most direct evidence: the story's own stamp or date line, the page's
    metadata (first story only), its 'Updated' stamp, its dateline date (year from the page)."""
    candidates = [
        (parse_date(story.published) if story.published else None, story.published_rule or "stamp"),
        (iso_or_none(meta_published) if article.seq == 0 else None, "document"),
        (article.updated, "updated_stamp"),
        (parse_date(dateline_date, ref_year) if dateline_date else None, "dateline"),
    ]
    for value, source in candidates:
        if value:
            article.published, article.published_source = value, source
            return
