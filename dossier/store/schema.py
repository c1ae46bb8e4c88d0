"""Tables. SQLAlchemy Core keeps the SQL portable: SQLite for a laptop, PostgreSQL for a server."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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

SCHEMA_VERSION = 1
metadata = MetaData()

meta = Table("meta", metadata, Column("key", String(64), primary_key=True), Column("value", Text))

runs = Table(
    "runs",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("command", Text),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16)),  # running | finished | interrupted
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
