"""Dependencies point one way (docs/design.md, "Layers"): read from the source, every import of
every module (those inside functions too) must reach only its own package or a lower layer, and no
module may import one that imports it back, directly or through others. No model is loaded."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dossier"

LAYERS = [  # lowest first; a package may import its own layer's or any lower layer's packages
    {"model", "records", "vocab", "ids", "errors", "settings", "tsv"},
    {"ingest", "clean", "reference", "nlp", "db"},
    {"extract", "resolve"},
    {"pipeline", "store"},
    {"runner", "validate"},
    {"export", "graph", "evaluate"},
    {"api"},
    {"cli"},
    {"__main__"},
]
RANK = {name: n for n, layer in enumerate(LAYERS) for name in layer}


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def imports() -> dict[str, set[str]]:
    """Module -> the dossier modules it imports. `from pkg import sub` reaches the submodule."""
    mods = modules()
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in mods.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = here.split(".")[: len(here.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in mods]
                targets = subs + ([base] if len(subs) < len(node.names) else [])
            else:
                continue
            edges[name] |= {t for t in targets if t in mods and t != name}
    return edges


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "dossier"


def test_every_import_points_down() -> None:
    wrong = []
    for source, targets in imports().items():
        for target in targets:
            a, b = layer_of(source), layer_of(target)
            if "dossier" in (a, b) or a == b:
                continue  # the package root only re-exports; a package may import itself
            if RANK[b] > RANK[a]:
                wrong.append(f"{source} -> {target}")
    assert wrong == []


def test_no_import_cycles() -> None:
    edges = imports()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(modules()):
        if module not in index:
            visit(module)
    assert cycles == []


def test_every_package_has_a_layer() -> None:
    packages = {layer_of(m) for m in modules()} - {"dossier", "web"}
    assert packages - set(RANK) == set()
