"""The reliability run: figures anyone can reproduce, written into docs/reliability.md.

Not part of the test suite (it takes minutes and prints figures). Run it from the checkout:

    .venv/bin/python scripts/reliability                 # every section
    .venv/bin/python scripts/reliability --only crash    # one section (see --help)

How to add a section (bad inputs, audit tampering, …): write a module in this package with one
function decorated by `@section("name", "what it proves")`, taking a `Run` and returning a
`Figures` (or a list of them, one per database); add the module's name to `MODULES` in `__main__.py`. Put every invented person's data
that the section types into `run.invented(...)`, so the closing privacy scan looks for it in the
log file and in everything printed. Sections run in the order of MODULES; the privacy scan last.
"""

from __future__ import annotations

import os
import platform
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

POSTGRES_ADMIN_URL = os.environ.get(
    "PRIVACY_DESK_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@dataclass
class Figures:
    """What a section measured: lines of (label, value) and whether its promise held."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    ok: bool = True

    def add(self, label: str, value: object) -> None:
        self.rows.append((label, f"{value:,}" if isinstance(value, int) else str(value)))

    def require(self, label: str, value: int, expected: int = 0) -> None:
        """A figure that must be `expected` (0 lost updates, 0 unexpected errors…)."""
        self.add(label, value)
        if value != expected:
            self.ok = False

    def text(self) -> str:
        width = max((len(label) for label, _ in self.rows), default=0)
        lines = [f"## {self.title}: {'OK' if self.ok else 'FAILED'}"]
        lines += [f"  {label:<{width}}  {value}" for label, value in self.rows]
        return "\n".join(lines)


@dataclass
class Run:
    """What every section shares: a work folder, options, and the invented data to look for."""

    folder: Path
    options: dict[str, object]
    printed: list[str] = field(default_factory=list)
    _invented: set[str] = field(default_factory=set)

    def invented(self, *values: object) -> None:
        """Personal data (invented) that went into the application: never to be seen in a log."""
        self._invented.update(str(v) for v in values if v and len(str(v)) >= 4)

    @property
    def invented_values(self) -> frozenset[str]:
        return frozenset(self._invented)

    def sqlite_url(self, name: str) -> str:
        return f"sqlite:///{self.folder / f'{name}.sqlite3'}"

    def say(self, line: str) -> None:
        self.printed.append(line)
        print(line, flush=True)

    @contextmanager
    def postgres_url(self) -> Iterator[str | None]:
        """A fresh database on the PostgreSQL server, dropped afterwards (None: unreachable)."""
        import sqlalchemy as sa

        try:
            admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(sa.text("select 1"))
        except Exception:  # unreachable: the section says so and skips
            yield None
            return
        name = f"privacy_desk_reliability_{uuid.uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        finally:
            with admin.connect() as connection:
                connection.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"
                    ),
                    {"n": name},
                )
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            admin.dispose()


@dataclass(frozen=True)
class Section:
    name: str
    proves: str
    function: SectionFunction


SectionFunction = Callable[[Run], "Figures | list[Figures]"]
SECTIONS: list[Section] = []


def section(name: str, proves: str) -> Callable[[SectionFunction], SectionFunction]:
    """Register a section of the run (see the module's docstring)."""

    def register(function: SectionFunction) -> SectionFunction:
        SECTIONS.append(Section(name, proves, function))
        return function

    return register


def machine() -> str:
    cores = os.cpu_count()
    memory = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            kib = int(info.readline().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.system()} {platform.machine()}, {cores} cores{memory}, Python {platform.python_version()}"
