"""Tables. SQLAlchemy Core keeps the SQL portable: SQLite for a laptop, PostgreSQL for a server."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = 5
metadata = MetaData()

meta = Table("meta", metadata, Column("key", String(64), primary_key=True), Column("value", Text))

runs = Table(
    "runs",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("command", Text),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16)),  # running | finished | interrupted | abandoned
    Column("stats", JSON),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("origin", Text, nullable=False),
    Column("locator", Text, nullable=False, default=""),
    Column("format", String(16), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("size", Integer, nullable=False),
    Column("title", Text),
    Column("published", String(32)),
    Column("url", Text),
    Column("author", Text),
    Column("crawled", String(40)),
    Column("language", String(8)),
    Column("extractor", String(16)),
    Column("text", Text, nullable=False),
    Column("dropped", JSON),
    Column("run_id", String(40)),
    Column("ingested_at", DateTime(timezone=True)),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("body_start", Integer, nullable=False),
    Column("body_end", Integer, nullable=False),
    Column("headline", Text),
    Column("summary", JSON),
    Column("dateline", Text),
    Column("byline", Text),
    Column("published", String(10), index=True),
    Column("published_source", String(16)),
    Column("updated", String(10)),
    Column("words", Integer),
    Column("body_hash", String(64), index=True),
    Column("signature", LargeBinary),
    Column("duplicate_of", String(32), index=True),
    Column("similarity", Float),
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("band", String(24), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("origin", Text, nullable=False),
    Column("locator", Text, nullable=False, default=""),
    Column("reason", String(24), nullable=False, index=True),
    Column("detail", Text),
    Column("sha256", String(64)),
    Column("run_id", String(40)),
    Column("created_at", DateTime(timezone=True)),
)

incident_reports = Table(
    "incident_reports",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("type", String(24), nullable=False, index=True),
    Column("summary", Text),
    Column("date_start", String(10), index=True),
    Column("date_end", String(10)),
    Column("date_precision", String(10)),
    Column("date_basis", String(12)),
    Column("place", JSON),
    Column("place_key", Text, index=True),  # lower-cased "name | admin2 | admin1 | country" for filtering
    Column("lat", Float),
    Column("lon", Float),
    Column("killed", JSON),
    Column("injured", JSON),
    Column("perpetrators_killed", JSON),
    Column("perpetrators", JSON),
    Column("victims", JSON),
    Column("targets", JSON),
    Column("weapons", JSON),
    Column("background", Boolean, nullable=False, default=False),
    Column("extractor", String(32)),
    # where the summary sentence sits in the document text (the contract's source quote and offsets)
    Column("summary_start", Integer),
    Column("summary_end", Integer),
    # the facts the report was read from: [{"field", "value", "status", "attributed_by", "start",
    # "end", "quote"}], offsets into the document text. The report's fields above are what they add
    # up to; this is their evidence, kept once, with the report.
    Column("evidence", JSON),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(80), primary_key=True),  # act_<table id> or act_<name key slug>
    Column("kind", String(20), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("key", Text, nullable=False, index=True),  # reference.names.key: equal keys are one name
    Column("block", Text, nullable=False, index=True),  # reference.names.block: variant candidates
    Column("table_id", String(64)),
    Column("seen_at", DateTime(timezone=True)),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("key", Text, nullable=False, index=True),  # the alias's name key
    Column("family", String(8), nullable=False),  # person | group (every other kind)
    Column("actor_id", String(80), nullable=False),
    Column("entity_id", String(32), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False, index=True),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("actor_id", String(80), nullable=False, index=True),  # before merge decisions: see resolve.actor_merge
    Column("kind", String(20), nullable=False),
    Column("name", Text, nullable=False),
    Column("description", Text),
    Column("aliases", JSON),  # [{"name", "start", "end", "quote"}]
    Column("mentions", JSON),  # [[start, end], ...] into the document text
)

relations = Table(
    "relations",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("subject", String(32), nullable=False, index=True),  # entity ids
    Column("predicate", String(32), nullable=False, index=True),
    Column("object", String(32), index=True),
    Column("place", Text),
    Column("status", String(12)),
    Column("attributed_by", Text),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("date_precision", String(10)),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("quote", Text),
    Column("extractor", String(32)),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(12), nullable=False),  # incident | actor
    Column("a", String(32), nullable=False, index=True),
    Column("b", String(32), nullable=False, index=True),
    Column("action", String(12), nullable=False),  # merge | separate
    Column("score", Float),
    Column("by", String(32), nullable=False),  # auto | user:NAME
    Column("reason", Text),
    Column("created_at", DateTime(timezone=True)),
    Column("active", Boolean, nullable=False, default=True),
)


# -- the read model: incidents as users see them, rebuilt from the tables above by store.readmodel --
incident_index = Table(
    "incident_index",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("type", String(24), nullable=False, index=True),
    Column("date_start", String(10), index=True),
    Column("date_end", String(10)),
    Column("background", Boolean, nullable=False),
    Column("place_text", Text),  # lower-cased place name, city, district, province, country
    Column("admin1", Text, index=True),
    Column("country", String(8)),
    Column("lat", Float, index=True),
    Column("lon", Float),
    Column("killed", Integer),
    Column("injured", Integer),
    Column("names", Text),  # lower-cased perpetrator names and actor ids, for the actor filter
    Column("search", Text),  # lower-cased words of summary, headlines, place and parties, for q
    Column("record", JSON, nullable=False),  # the contract record, actor ids as stored
)

incident_members = Table(
    "incident_members",
    metadata,
    Column("report_id", String(32), primary_key=True),
    Column("incident_id", String(40), nullable=False, index=True),
)

view_changes = Table(  # reports whose incident the read model must assemble again (db.changes.mark)
    "view_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", String(32), nullable=False),
)

incident_actors = Table(
    "incident_actors",
    metadata,
    Column("incident_id", String(40), primary_key=True),
    Column("actor_id", String(80), primary_key=True, index=True),  # as stored; canonical when read
    Column("role", String(12), primary_key=True),  # perpetrator | victim
)
