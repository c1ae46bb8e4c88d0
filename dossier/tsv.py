"""Packaged TSV tables (heuristics kept as data): one reader, so every table skips comments and
fails loudly, naming the line, on a malformed row."""

from __future__ import annotations

from importlib import resources


def read_rows(package: str, name: str, optional_last: bool = False) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row of `package/name`. Blank lines and lines starting with
    '#' are skipped; the first remaining line is the header. With `optional_last`, a row may leave
    out the last column (a free-text example or source)."""
    text = resources.files(package).joinpath(name).read_text("utf-8")
    lines = [(n, ln) for n, ln in enumerate(text.splitlines(), start=1) if ln.strip() and not ln.startswith("#")]
    header = lines[0][1].split("\t")
    least = len(header) - 1 if optional_last else len(header)
    rows = []
    for n, line in lines[1:]:
        cells = line.split("\t")
        if not least <= len(cells) <= len(header):
            raise ValueError(f"{name} line {n}: {len(cells)} cells, expected {len(header)}")
        rows.append((n, dict(zip(header, cells, strict=False))))
    return rows
