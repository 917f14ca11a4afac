"""Desk preferences: what this computer remembers between starts, declared once (name, type, default).

The office's own settings (deadlines, masking, the idle lock) live in the database and are changed
by administrators; these are the small things of one desk and its users, kept in QSettings: window
layout, the last queue and log-in, dialog sizes, the screen language. Every key the screens use is
declared here, so one module lists all that the desk writes, and each value is read back with its
type (an INI file gives back text).

    LAST_LOGIN.read()                     -> str
    USER_LANGUAGE.write("ja", login="sato")
    DIALOG_GEOMETRY.read(name="assign")   -> QByteArray | None
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Preference(Generic[T]):
    """One QSettings key; `{placeholders}` in the key are filled by read/write keywords."""

    key: str
    type: type
    default: T
    about: str  # for people reading the code; never shown

    def path(self, **parts: str) -> str:
        return self.key.format(**parts) if parts else self.key

    def read(self, **parts: str) -> T:
        value = QSettings().value(self.path(**parts))
        if value is None:
            return self.default
        return _as(self.type, value, self.default)

    def write(self, value: T, **parts: str) -> None:
        settings = QSettings()
        if value is None:
            settings.remove(self.path(**parts))
        else:
            settings.setValue(self.path(**parts), value)

    def clear(self, **parts: str) -> None:
        QSettings().remove(self.path(**parts))


def _as(kind: type, value: Any, default: Any) -> Any:
    """A stored value as the declared type; a value that can not be read gives the default."""
    try:
        if kind is bool:
            if isinstance(value, str):
                return value.strip().lower() in ("true", "1", "yes")
            return bool(value)
        if kind is int:
            return int(value)
        if kind is str:
            return str(value)
        if kind is QByteArray:
            return value if isinstance(value, QByteArray) else QByteArray(value)
    except (TypeError, ValueError):
        return default
    return value


# ---- the main window (ui/main/window.py)
WINDOW_GEOMETRY = Preference[QByteArray | None](
    "main_window/geometry", QByteArray, None, "the main window's size and place"
)
WINDOW_STATE = Preference[QByteArray | None](
    "main_window/state", QByteArray, None, "the main window's toolbars and docks"
)
SPLITTER_STATE = Preference[QByteArray | None](
    "main_window/splitter", QByteArray, None, "the width of the queue list beside the cases"
)
HEADER_STATE = Preference[QByteArray | None](
    "main_window/header", QByteArray, None, "the case table's column widths, order and sort"
)
LAST_QUEUE = Preference[str](
    "main_window/queue", str, "all_open", "the queue shown last (a Queue value)"
)

# ---- getting in (ui/login.py, app.py)
LAST_LOGIN = Preference[str]("login/last", str, "", "the login typed last on this desk")
LANGUAGE = Preference[str](
    "ui/language", str, "", "the screen language chosen last on this desk; empty: the system's"
)
USER_LANGUAGE = Preference[str](
    "users/{login}/language", str, "", "a user's screen language, applied after their log-in"
)

# ---- every dialog built on ui/dialogs.BaseDialog
DIALOG_GEOMETRY = Preference[QByteArray | None](
    "dialogs/{name}/geometry", QByteArray, None, "a dialog's size and place, by its object name"
)

PREFERENCES: tuple[Preference[Any], ...] = (
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    SPLITTER_STATE,
    HEADER_STATE,
    LAST_QUEUE,
    LAST_LOGIN,
    LANGUAGE,
    USER_LANGUAGE,
    DIALOG_GEOMETRY,
)
