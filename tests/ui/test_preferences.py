"""Desk preferences: one declaration per QSettings key, read back with its type."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

import privacy_desk
from privacy_desk.ui import preferences
from privacy_desk.ui.preferences import PREFERENCES, Preference


def test_every_preference_gives_its_default_until_written() -> None:
    for preference in PREFERENCES:
        parts = {name: "x" for name in re.findall(r"{(\w+)}", preference.key)}
        assert preference.read(**parts) == preference.default, preference.key


def test_values_come_back_with_their_declared_type() -> None:
    preferences.LAST_LOGIN.write("sato")
    preferences.DIALOG_GEOMETRY.write(QByteArray(b"\x01\x02"), name="assign")
    preferences.USER_LANGUAGE.write("ja", login="sato")
    QSettings().sync()
    assert preferences.LAST_LOGIN.read() == "sato"
    assert preferences.DIALOG_GEOMETRY.read(name="assign") == QByteArray(b"\x01\x02")
    assert preferences.DIALOG_GEOMETRY.read(name="shortcuts") is None
    assert preferences.USER_LANGUAGE.read(login="sato") == "ja"
    assert preferences.USER_LANGUAGE.read(login="kimura") == ""
    # An INI file gives text back: a flag and a number are still a flag and a number.
    flag = Preference[bool]("test/flag", bool, False, "a test flag")
    number = Preference[int]("test/number", int, 3, "a test number")
    QSettings().setValue("test/flag", "true")
    QSettings().setValue("test/number", "not a number")
    assert flag.read() is True
    assert number.read() == 3


def test_keys_are_declared_once_and_only_preferences_opens_qsettings() -> None:
    keys = [preference.key for preference in PREFERENCES]
    assert len(keys) == len(set(keys))
    package = Path(privacy_desk.__file__).parent
    users = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "QSettings()" in path.read_text(encoding="utf-8")
    ]
    assert users == ["ui/preferences.py"]
