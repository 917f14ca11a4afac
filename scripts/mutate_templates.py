#!/usr/bin/env python3
"""Mutation testing of the shipped letter templates (privacy_desk/resources/letters/*/*.j2).

mutmut mutates Python only; the letters' words and choices live in Jinja templates. This makes
three kinds of mutant of each template, runs the letter tests against each, and counts the
mutants the tests kill (a test fails, or the template no longer compiles):

    line     an output line deleted (a title, an item, a sentence; never a control line)
    if       a `{% if X %}` / `{% elif X %}` made `not (X)`
    inline   an inline choice `A if X else B` made `A if not (X) else B`

Usage (from the repository, after `pip install -e '.[dev]'`):

    scripts/mutate_templates.py list [GLOB]           the mutants, one per line
    scripts/mutate_templates.py run [--step N] [--jobs J] [GLOB] > results.tsv
                                                      every N-th mutant; a line per mutant:
                                                      id, verdict (killed/survived), seconds

The templates are mutated in a scratch copy of the package (a temporary folder put first on
sys.path), never in the working tree. Each mutant runs in a process forked from one that has
already imported pytest, reportlab and the package, with `-x`, so a killed mutant stops at its
first failing test.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path("privacy_desk/resources/letters")
TESTS = [
    "tests/letters",
    "tests/services/test_letters_from_cases.py",
]
PYTEST_ARGS = [
    "-x",
    "-q",
    "-p",
    "no:cacheprovider",
    "-p",
    "no:pytest-qt",
    "-p",
    "no:xdist",
    "-m",
    "not postgres",
]
_CONDITION = re.compile(r"\{%(-?)\s*(el)?if\s+(.+?)\s*(-?)%\}")
_INLINE = re.compile(r"(\{\{[^}]*?\s)if\s+(.+?)\s+else\s")


@dataclass(frozen=True)
class Mutant:
    path: Path  # relative to the repository
    line: int  # 1-based
    kind: str
    occurrence: int
    new_line: str | None  # None: the line deleted

    @property
    def ident(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}:{self.line}:{self.kind}:{self.occurrence}"


def _comment_lines(lines: list[str]) -> set[int]:
    inside, out = False, set()
    for number, line in enumerate(lines):
        starts = "{#" in line
        if inside or starts:
            out.add(number)
        if starts and "#}" not in line.split("{#", 1)[1]:
            inside = True
        elif inside and "#}" in line:
            inside = False
    return out


def mutants(pattern: str = "*") -> list[Mutant]:
    found = []
    for path in sorted((ROOT / TEMPLATES).glob("*/*.j2")):
        relative = path.relative_to(ROOT)
        if not fnmatch.fnmatch(f"{path.parent.name}/{path.name}", pattern):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        comments = _comment_lines(lines)
        for index, line in enumerate(lines):
            if index in comments or not line.strip():
                continue
            if not line.lstrip().startswith("{%"):
                found.append(Mutant(relative, index + 1, "line", 0, None))
            for n, match in enumerate(_CONDITION.finditer(line)):
                negated = (
                    "{%" + match[1] + " " + ("el" if match[2] else "") + f"if not ({match[3]}) "
                    f"{match[4]}%}}"
                )
                new = line[: match.start()] + negated + line[match.end() :]
                found.append(Mutant(relative, index + 1, "if", n, new))
            for n, match in enumerate(_INLINE.finditer(line)):
                new = (
                    line[: match.start()] + f"{match[1]}if not ({match[2]}) else "
                    f"{line[match.end() :]}"
                )
                found.append(Mutant(relative, index + 1, "inline", n, new))
    return found


def _apply(mutant: Mutant, scratch: Path) -> None:
    original = (ROOT / mutant.path).read_text(encoding="utf-8").splitlines(keepends=True)
    lines = list(original)
    if mutant.new_line is None:
        del lines[mutant.line - 1]
    else:
        ending = "\n" if lines[mutant.line - 1].endswith("\n") else ""
        lines[mutant.line - 1] = mutant.new_line + ending
    (scratch / mutant.path).write_text("".join(lines), encoding="utf-8")


def _restore(mutant: Mutant, scratch: Path) -> None:
    shutil.copyfile(ROOT / mutant.path, scratch / mutant.path)


def _child(tests: list[str]) -> None:
    import pytest

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    code = pytest.main([*tests, *PYTEST_ARGS])
    os._exit(int(code))


def run(selected: list[Mutant], jobs: int, timeout: float) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="template-mutants-"))
    shutil.copytree(ROOT / "privacy_desk", scratch / "privacy_desk")
    shutil.copytree(ROOT / "tests", scratch / "tests")
    shutil.copy(ROOT / "pyproject.toml", scratch / "pyproject.toml")
    os.chdir(scratch)
    sys.path.insert(0, str(scratch))
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Warm the parent: every child starts with these imported.
    import pytest  # noqa: F401
    import reportlab.pdfgen.canvas  # noqa: F401

    import privacy_desk.letters

    assert Path(privacy_desk.letters.__file__).is_relative_to(scratch)
    # One mutant per template file at a time; mutants of different files run side by side.
    pending = list(selected)
    running: dict[int, tuple[Mutant, float]] = {}
    busy_files: set[Path] = set()
    killed = survived = 0
    while pending or running:
        while len(running) < jobs:
            choice = next((m for m in pending if m.path not in busy_files), None)
            if choice is None:
                break
            pending.remove(choice)
            _apply(choice, scratch)
            busy_files.add(choice.path)
            pid = os.fork()
            if pid == 0:
                _child(TESTS)
            running[pid] = (choice, time.monotonic())
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            for other, (_mutant, started) in list(running.items()):
                if time.monotonic() - started > timeout:
                    os.kill(other, 9)
            time.sleep(0.05)
            continue
        mutant, started = running.pop(pid)
        _restore(mutant, scratch)
        busy_files.discard(mutant.path)
        code = os.waitstatus_to_exitcode(status)
        verdict = "survived" if code == 0 else "killed"
        killed += verdict == "killed"
        survived += verdict == "survived"
        print(f"{mutant.ident}\t{verdict}\t{time.monotonic() - started:.1f}", flush=True)
    total = killed + survived
    print(
        f"# {total} mutants: {killed} killed, {survived} survived, "
        f"{100 * killed / total if total else 0:.0f}% killed",
        flush=True,
    )
    shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list")
    listing.add_argument("glob", nargs="?", default="*")
    running = sub.add_parser("run")
    running.add_argument("glob", nargs="?", default="*")
    running.add_argument("--step", type=int, default=1)
    running.add_argument("--jobs", type=int, default=2)
    running.add_argument("--timeout", type=float, default=600)
    running.add_argument("--only", help="a file of mutant ids to run (one per line)")
    args = parser.parse_args()
    found = mutants(args.glob)
    if args.command == "list":
        for mutant in found:
            print(mutant.ident, "" if mutant.new_line is None else mutant.new_line.strip())
        return
    selected = found[:: args.step]
    if args.only:
        wanted = set(Path(args.only).read_text().split())
        selected = [m for m in found if m.ident in wanted]
    run(selected, args.jobs, args.timeout)


if __name__ == "__main__":
    main()
