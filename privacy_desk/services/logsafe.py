"""The log file, and exceptions in it: their type and place, never their text.

An exception's text and arguments carry whatever the failing call was handed: a database error
holds the SQL parameters (a person's name, kana, address, phone, email), a decoding error the
bytes it could not read. So whatever writes an exception to the log writes `describe_exception`:
the exception's type and the file:line of its frames, for it and the exceptions it was raised
from, and nothing else. The log file's formatter does the same for a record that carries
`exc_info` anyway, so a `log.exception(...)` added later can not bring the text back.

This module sits in the services layer because everything that logs an exception stands above
it (the screens, the application start-up and the command line all import services), and the
log file lives in the data folder that storage owns. It imports nothing of Qt or SQLAlchemy.
"""

from __future__ import annotations

import logging
import re
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Any

from privacy_desk.storage.db import data_dir, make_private

LOG_NAME = "privacy-desk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
# Enough frames to find the place; a deep recursion would otherwise fill a line with repeats.
MAX_FRAMES = 16
MAX_CHAIN = 4
_ANCHORS = re.compile(r"(?:^|/)(privacy_desk|tests|site-packages|dist-packages)/")


def _short_path(filename: str) -> str:
    """The file relative to our package or the installed packages; elsewhere its name only.

    A full path names the user's home folder, which is their login, not a reader's business.
    """
    path = filename.replace("\\", "/")
    matches = list(_ANCHORS.finditer(path))
    if not matches:
        return path.rsplit("/", 1)[-1]
    last = matches[-1]
    if last.group(1) in ("site-packages", "dist-packages"):
        return path[last.end() :]
    return path[last.start(1) :]


def _kind(exc: BaseException) -> str:
    kind = type(exc)
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def _places(tb: TracebackType | None) -> str:
    frames = [
        f"{_short_path(frame.f_code.co_filename)}:{line} in {frame.f_code.co_name}"
        for frame, line in traceback.walk_tb(tb)
    ]
    if not frames:
        return ""
    if len(frames) > MAX_FRAMES:
        skipped = len(frames) - MAX_FRAMES
        frames = [*frames[:2], f"({skipped} frames)", *frames[-(MAX_FRAMES - 2) :]]
    return " at " + " > ".join(frames)


def describe_exception(exc: BaseException) -> str:
    """The exception's type and where it was raised (file:line of every frame), for the log.

    The exceptions it was raised from (`__cause__`, else `__context__`) follow the same way. The
    exception's text and arguments are never part of it: they may hold personal data.
    """
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(parts) < MAX_CHAIN:
        seen.add(id(current))
        parts.append(_kind(current) + _places(current.__traceback__))
        if current.__cause__ is not None:
            current = current.__cause__
        elif current.__suppress_context__:
            current = None
        else:
            current = current.__context__
    return " <- from ".join(parts)


class SafeFormatter(logging.Formatter):
    """A formatter that writes a record's exception as `describe_exception` does, and no stack."""

    def format(self, record: logging.LogRecord) -> str:
        # A handler that formatted the record before this one left its full traceback (with the
        # exception's text) in exc_text, which logging would reuse: ignore it, then put it back.
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: Any) -> str:
        exc = ei[1] if isinstance(ei, tuple) else None
        if not isinstance(exc, BaseException):
            return "(an exception)"
        return describe_exception(exc)

    def formatStack(self, stack_info: str) -> str:
        # A stack holds source lines only, but it is not needed: the place is in the message.
        return ""


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log file readable by its owner only (0600), the rotated files as well."""

    def _open(self) -> Any:
        stream = super()._open()
        make_private(Path(self.baseFilename))
        return stream

    def doRollover(self) -> None:
        super().doRollover()
        self.make_backups_private()

    def make_backups_private(self) -> None:
        for number in range(1, self.backupCount + 1):
            backup = Path(f"{self.baseFilename}.{number}")
            if backup.exists():
                make_private(backup)


def log_handler(folder: Path | None = None) -> PrivateRotatingFileHandler:
    """A handler writing the log file in folder (default: the data folder's `logs`).

    The folder is made private (0700), the file and its rotated copies 0600 whatever the umask,
    and its formatter writes exceptions as type and place only.
    """
    folder = folder or data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    make_private(folder, folder=True)
    handler = PrivateRotatingFileHandler(
        folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.make_backups_private()
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def set_up_log_file(folder: Path | None = None) -> Path:
    """The log file of the package's logger `privacy_desk` for this process (once); its path."""
    root = logging.getLogger("privacy_desk")
    existing = [h for h in root.handlers if isinstance(h, RotatingFileHandler)]
    if existing:
        return Path(existing[0].baseFilename)
    handler = log_handler(folder)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return Path(handler.baseFilename)


def log_unexpected(logger: logging.Logger, what: str, exc: BaseException) -> None:
    """Log an unexpected failure as `what: <type and place>`, never its text."""
    logger.error("%s: %s", what, describe_exception(exc))


__all__ = [
    "PrivateRotatingFileHandler",
    "SafeFormatter",
    "describe_exception",
    "log_handler",
    "log_unexpected",
    "set_up_log_file",
]


def log_unexpected_once(name: str, what: str, exc: BaseException) -> str | None:
    """Write one unexpected failure to the log file from a process that keeps no log open (the
    command line); the file's path, or None when the log file can not be opened."""
    package = logging.getLogger("privacy_desk")
    try:
        handler = log_handler()
    except OSError:
        return None
    package.addHandler(handler)
    try:
        log_unexpected(logging.getLogger(name), what, exc)
    finally:
        package.removeHandler(handler)
        handler.close()
    return handler.baseFilename
