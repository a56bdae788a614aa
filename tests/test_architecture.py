"""The house rules, checked on the source rather than remembered by reviewers (issue 15): layers
import only downwards, `report/` writes no file, and no two modules import each other."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "okrtui"


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(path: Path) -> set[str]:
    """Every okrtui module a file imports, at the top or inside a function (both count)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    known = modules()
    return {name for name in names if name in known}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


ALLOWED = {
    "core": {"core"},
    "store": {"core", "store", "paths"},
    "report": {"core", "store", "report", "paths"},
    "themes": {"core", "themes", "config", "paths"},
    "services": {"core", "store", "report", "services", "paths", "config"},
}
"""What each layer may import (cli/ and tui/ sit on top and may import the layers below)."""


def test_each_layer_imports_only_the_layers_below_it() -> None:
    wrong = []
    for module, path in modules().items():
        allowed = ALLOWED.get(layer(module))
        if allowed is None:
            continue
        for target in imports_of(path):
            if layer(target) not in allowed:
                wrong.append(f"{module} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_nothing_below_the_tui_imports_textual() -> None:
    for module, path in modules().items():
        if layer(module) in ALLOWED:
            text = path.read_text()
            assert "import textual" not in text and "from textual" not in text, module


def test_report_modules_render_and_never_write() -> None:
    for module, path in modules().items():
        if layer(module) != "report":
            continue
        text = path.read_text()
        for writer in ("atomic_write", "write_text(", "write_bytes(", 'open("w', "open('w"):
            assert writer not in text, f"{module} writes ({writer})"


def test_no_two_modules_import_each_other() -> None:
    graph = {module: imports_of(path) for module, path in modules().items()}
    pairs = sorted(
        f"{a} <-> {b}"
        for a, targets in graph.items()
        for b in targets
        if b != a and a in graph.get(b, set()) and a < b
    )
    assert not pairs, "\n".join(pairs)
