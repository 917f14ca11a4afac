"""Saved emails dropped or chosen: which files they are, read off the GUI thread, refused by name.

The main window and the intake dialog both take .eml files dropped on them; the window's
File › Import email… chooses them. Each file is read and parsed on the thread pool
(:func:`read_email_file`) and opens its own pre-filled intake; a refused file says why, with its
name only (a folder may name a person), and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QWidget

from privacy_desk.i18n import _, ngettext
from privacy_desk.services.mail import LIMITS, MailAttachment, MailRefused, ParsedMail, parse_email
from privacy_desk.ui.drops import PathDrops
from privacy_desk.ui.errors import show_error

EMAIL_SUFFIX = ".eml"


def email_paths(mime: QMimeData) -> list[Path]:
    """The local .eml files a drag carries (other files and links are left out)."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() == EMAIL_SUFFIX]


def read_email_file(path: Path) -> ParsedMail:
    """Read and parse one saved email (on a worker); MailRefused says why it can not be taken."""
    try:
        if path.stat().st_size > LIMITS.max_message_bytes:
            raise MailRefused(
                _("The email is larger than {limit} MB: it was not imported.").format(
                    limit=LIMITS.max_message_bytes // (1024 * 1024)
                )
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MailRefused(_("There is no such file.")) from None
    except OSError:
        raise MailRefused(_("The file could not be read.")) from None
    return parse_email(raw)


def show_email_refused(parent: QWidget, path: Path, exc: BaseException) -> None:
    """One message for one refused file, named by the file's own name."""
    why = str(exc)
    show_error(
        parent,
        MailRefused(_("{file}: {why}").format(file=path.name, why=why)),
        _("Email not imported"),
    )


def size_text(size: int) -> str:
    if size < 1024:
        return ngettext("{n} byte", "{n} bytes", size).format(n=size)
    if size < 1024 * 1024:
        return _("{n} KB").format(n=round(size / 1024))
    return _("{n} MB").format(n=round(size / (1024 * 1024), 1))


def attachment_lines(attachments: tuple[MailAttachment, ...]) -> list[str]:
    return [
        _("{name} ({media_type}, {size})").format(
            name=a.name, media_type=a.media_type, size=size_text(a.size)
        )
        for a in attachments
    ]


class EmailDrops(PathDrops):
    """Takes .eml files dropped anywhere on a window, also over its fields and over widgets
    added later (a case tab); other drops go on as before. It goes with the window."""

    def __init__(self, window: QWidget, take: Callable[[list[Path]], None]) -> None:
        super().__init__(window, email_paths, take, whole_window=True)
