"""Evaluate: scoring the extractor against public benchmarks (MUC-4 role-filler extraction)."""
