"""Resolve: which reports are one incident, which mentions one actor. Decisions are recorded, never destructive."""
