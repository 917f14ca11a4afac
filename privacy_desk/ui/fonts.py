"""Fonts shipped with the application, so Japanese renders on a machine without Japanese fonts."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

# Read as bytes through importlib.resources: the fonts travel inside the package (and a wheel).
FONTS = resources.files("privacy_desk") / "resources" / "fonts"
_loaded: list[str] = []


def install_fonts(app: QApplication, point_size: float | None = None) -> str:
    """Register IPAex Gothic and make it the application font, at the size the system gives
    text (point_size only to override it); return its family name."""
    if not _loaded:
        for file in ("ipaexg.ttf", "ipaexm.ttf"):
            font_id = QFontDatabase.addApplicationFontFromData(
                QByteArray((FONTS / file).read_bytes())
            )
            if font_id >= 0:
                _loaded.extend(QFontDatabase.applicationFontFamilies(font_id))
    family = next((f for f in _loaded if "Gothic" in f or "ゴシック" in f), None)
    if family:
        system = app.font().pointSizeF()
        font = QFont(family)
        font.setPointSizeF(point_size or (system if system > 0 else 10.0))
        app.setFont(font)
    return family or app.font().family()
