"""The arrows point one way: ui → services → domain, storage, letters; storage → domain; letters → domain."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "privacy_desk"
FORBIDDEN = {
    "domain": ("privacy_desk.", "PySide6", "sqlalchemy", "reportlab", "alembic"),
    "storage": ("privacy_desk.services", "privacy_desk.ui", "privacy_desk.letters", "PySide6"),
    "letters": (
        "privacy_desk.services",
        "privacy_desk.ui",
        "privacy_desk.storage",
        "PySide6",
        "sqlalchemy",
    ),
    "services": ("privacy_desk.ui", "PySide6"),
    # Screens call services; they never open a session or touch the ORM themselves.
    "ui": ("sqlalchemy", "privacy_desk.storage.models", "privacy_desk.storage.audit"),
}
# i18n is below every layer: gettext for strings for people, no Qt, nothing else of ours.
ALLOWED = {"domain": ("privacy_desk.domain", "privacy_desk.i18n")}


def imports_of(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer: str) -> None:
    offending = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in imports_of(path):
            allowed = any(name.startswith(a) for a in ALLOWED.get(layer, ()))
            if not allowed and any(name.startswith(f) for f in FORBIDDEN[layer]):
                offending.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offending == []
