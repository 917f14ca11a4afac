"""The arrows point one way: the import-linter contracts of pyproject.toml hold, and they bite.

The contracts themselves (layers ui → services → storage | letters → domain → i18n, and the
forbidden imports of Qt, SQLAlchemy and the ORM) live in pyproject.toml under
[tool.importlinter]; `.ci/run` runs `lint-imports` too. Running it here makes a broken arrow fail
the suite where a developer sees it first.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Like the lint-imports script, without depending on where the environment put its scripts.
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"


def lint_imports(package_root: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports on the package under `package_root` (it puts its working directory first)."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            LINT_IMPORTS,
            "--config",
            str(ROOT / "pyproject.toml"),
            "--no-cache",
        ],
        cwd=package_root,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_import_contracts_are_kept() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("probe_path", "probe_import", "contract"),
    [
        # Indirect: the domain reaching the database through a service.
        ("domain/zz_probe.py", "from privacy_desk.services import base", "no Qt, no database"),
        ("storage/zz_probe.py", "from privacy_desk import letters", "storage | letters"),
        ("ui/zz_probe.py", "from privacy_desk.storage.models import Case", "never open a session"),
        ("ui/zz_probe.py", "import sqlalchemy", "never open a session"),
        ("services/zz_probe.py", "from privacy_desk.app import main", "storage | letters"),
    ],
)
def test_a_wrong_arrow_breaks_a_contract(
    tmp_path: Path, probe_path: str, probe_import: str, contract: str
) -> None:
    shutil.copytree(
        ROOT / "privacy_desk",
        tmp_path / "privacy_desk",
        ignore=shutil.ignore_patterns("__pycache__", "resources", "locale"),
    )
    (tmp_path / "privacy_desk" / probe_path).write_text(f"{probe_import}\n", encoding="utf-8")
    done = lint_imports(tmp_path)
    assert done.returncode != 0, done.stdout
    broken = done.stdout.split("Broken contracts")[1]
    assert contract in broken and "zz_probe" in broken
