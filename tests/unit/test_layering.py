"""Qt stays inside mutasi_desktop.ui; domain rules stay free of SQLAlchemy (also checked by lint-imports)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "mutasi_desktop"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(sub: str) -> list[Path]:
    return sorted((PACKAGE / sub).rglob("*.py")) if (PACKAGE / sub).exists() else []


@pytest.mark.parametrize("layer", ["domain", "db", "services", "documents", "cli"])
def test_no_qt_outside_ui(layer: str) -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in _modules(layer)
                 if any(n == "PySide6" or n.startswith("PySide6.") for n in _imports(p))]
    assert offenders == []


def test_domain_is_plain_python() -> None:
    forbidden = ("sqlalchemy", "mutasi_desktop.db", "mutasi_desktop.services", "PySide6")
    offenders = [str(p.relative_to(PACKAGE)) for p in _modules("domain")
                 if any(n == f or n.startswith(f + ".") for n in _imports(p) for f in forbidden)]
    assert offenders == []


def test_the_check_sees_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QObject\n")
    assert "PySide6.QtCore" in _imports(sample)
