"""The wheel carries everything the program reads at run time, and works installed.

One wheel is built from a copy of the checkout (so the checkout gets no build/ or egg-info) with
the test environment's own setuptools, then installed without dependencies into a fresh virtual
environment that sees the test environment's packages: nothing is downloaded. Programs then run
from a directory outside the checkout, so only the installed package can answer: a Japanese letter
rendered from the shipped templates with the shipped fonts, the Japanese catalogue, the migrations.
"""

from __future__ import annotations

import io
import os
import shutil
import site
import subprocess
import sys
import textwrap
import venv
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
# One wheel for the module: with pytest-xdist (-n 2 --dist loadgroup) its tests share a worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]

LETTER_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import privacy_desk
    from privacy_desk.letters import Letterhead, render_letter, sample_context

    # The proof that the checkout is not on the path: the package comes from site-packages.
    print(privacy_desk.__file__)
    pdf = render_letter(sample_context("decision", "ja"), Letterhead.jacces_default())
    Path(sys.argv[1]).write_bytes(pdf)
    """
)

CATALOGUE_SCRIPT = textwrap.dedent(
    """
    from privacy_desk.domain.vocabulary import RequestKind

    # Every kind of request has a Japanese label in the shipped catalogue.
    print(" ".join(kind.label("ja") for kind in RequestKind))
    print(" ".join(kind.label("en") for kind in RequestKind))
    """
)


def _copy_source(target: Path) -> Path:
    """The files a wheel is built from, without caches, virtual environments or build output."""
    source = target / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "privacy_desk",
        source / "privacy_desk",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    return source


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = _copy_source(work)
    out = work / "dist"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--disable-pip-version-check",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--wheel-dir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = out.glob("privacy_desk-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a fresh environment holding the wheel (dependencies: the test env's)."""
    env_dir = tmp_path_factory.mktemp("installed") / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # --system-site-packages reaches the base interpreter's packages, not a virtual environment
    # that runs these tests: a path file adds the test environment's directories after the new
    # environment's own. Plain lines in a .pth run no other .pth there (an editable install of
    # the checkout stays invisible).
    purelib = _purelib(python)
    paths = [p for p in site.getsitepackages() if Path(p).resolve() != Path(purelib).resolve()]
    (Path(purelib) / "test_environment.pth").write_text("\n".join(paths) + "\n", "utf-8")
    # The test environment's pip installs into the new environment (no pip bootstrapped there).
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--disable-pip-version-check",
            "--python",
            str(python),
            "install",
            "--no-compile",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return python


def _purelib(python: Path) -> str:
    return subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _outside_env(cwd: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PRIVACY_DESK_DATA_DIR"] = str(cwd / "data")
    return env


def _run_outside(python: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), *args],
        cwd=cwd,
        env=_outside_env(cwd),
        capture_output=True,
        text=True,
        check=False,
    )


def test_wheel_holds_resources_catalogue_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "privacy_desk/resources/fonts/ipaexg.ttf",
        "privacy_desk/resources/fonts/ipaexm.ttf",
        "privacy_desk/resources/fonts/IPA_Font_License_Agreement_v1.0.txt",
        "privacy_desk/locale/ja/LC_MESSAGES/privacy_desk.mo",
        "privacy_desk/locale/ja/LC_MESSAGES/privacy_desk.po",
        "privacy_desk/storage/migrations/env.py",
        "privacy_desk/storage/migrations/script.py.mako",
    }
    assert expected <= names
    for lang in ("ja", "en"):
        for kind in ("acknowledgement", "decision", "extension", "identity_request"):
            assert f"privacy_desk/resources/letters/{lang}/{kind}.j2" in names
    assert any(n.startswith("privacy_desk/storage/migrations/versions/0001") for n in names)
    # Nothing of the checkout around the package: tests, benchmarks, docs stay out.
    assert not any(n.startswith(("tests/", "benchmarks/", "resources/")) for n in names)


def test_installed_package_renders_a_japanese_letter(installed: Path, tmp_path: Path) -> None:
    pdf_path = tmp_path / "decision-ja.pdf"
    script = tmp_path / "render.py"
    script.write_text(LETTER_SCRIPT, encoding="utf-8")
    done = _run_outside(installed, tmp_path, str(script), str(pdf_path))
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(_purelib(installed)), done.stdout

    reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "開示" in text and "様" in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for part in descendants:
                descriptor = part.get_object().get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    fonts.add(str(font["/BaseFont"]))
    assert any("IPAexMincho" in name for name in fonts), fonts


def test_installed_package_speaks_japanese_and_migrates(installed: Path, tmp_path: Path) -> None:
    done = _run_outside(installed, tmp_path, "-c", CATALOGUE_SCRIPT)
    assert done.returncode == 0, done.stderr
    japanese, english = done.stdout.splitlines()
    assert japanese != english and "開示" in japanese

    # The privacy-desk command the wheel installed, with the migrations it carries.
    command = installed.parent / ("privacy-desk.exe" if os.name == "nt" else "privacy-desk")
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    done = subprocess.run(
        [str(command), "--database-url", url, "db", "upgrade"],
        cwd=tmp_path,
        env=_outside_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "desk.sqlite3").stat().st_size > 0
