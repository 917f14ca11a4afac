"""Generated .eml files for the email import tests: invented Japanese senders, many charsets.

Every message is built here with the standard library (EmailMessage), so the tests hold no
binary fixtures and each test says what its file is.
"""

from __future__ import annotations

import base64
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from privacy_desk.domain.calendar import JST

SENT = datetime(2026, 11, 24, 9, 30, tzinfo=JST)
SENDER = "佐々木 花子"
ADDRESS = "hanako.sasaki@example.jp"
SUBJECT = "個人情報の開示請求について"
BODY = "お世話になっております。\n私の個人情報の開示をお願いします。\n佐々木"
# A valid Individual Number (check digit right), invented.
MY_NUMBER = "1234 5678 9018"


def message(
    *,
    subject: str = SUBJECT,
    body: str = BODY,
    charset: str = "utf-8",
    sender: str | None = f"{SENDER} <{ADDRESS}>",
    date: datetime | None = SENT,
) -> EmailMessage:
    mail = EmailMessage()
    if sender is not None:
        mail["From"] = sender
    mail["To"] = "privacy@jacces.example.jp"
    mail["Subject"] = subject
    if date is not None:
        mail["Date"] = format_datetime(date)
    cte = "7bit" if charset.lower() == "iso-2022-jp" else "base64"
    mail.set_content(body, charset=charset, cte=cte)
    return mail


def plain(**kw: object) -> bytes:
    return message(**kw).as_bytes()  # type: ignore[arg-type]


def html_only() -> bytes:
    mail = message()
    mail.set_content(
        "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
        "<p>お世話になっております。</p><p>開示を<b>お願い</b>します。</p></body></html>",
        subtype="html",
        charset="utf-8",
    )
    return mail.as_bytes()


def legacy(charset: str, codec: str, body: str = BODY, subject: str = SUBJECT) -> bytes:
    """A message written by an old Japanese mailer: headers as encoded words, body in `codec`."""
    words = base64.b64encode(subject.encode(codec)).decode()
    name = base64.b64encode(SENDER.encode(codec)).decode()
    head = (
        f"From: =?{charset}?B?{name}?= <{ADDRESS}>\r\n"
        f"To: privacy@jacces.example.jp\r\n"
        f"Subject: =?{charset}?B?{words}?=\r\n"
        f"Date: {format_datetime(SENT)}\r\n"
        f"MIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset={charset}\r\n"
        f"Content-Transfer-Encoding: {'7bit' if 'iso' in charset.lower() else '8bit'}\r\n\r\n"
    )
    return head.encode("ascii") + body.replace("\n", "\r\n").encode(codec)


def with_attachments(*files: tuple[str, str, bytes], **kw: object) -> bytes:
    mail = message(**kw)  # type: ignore[arg-type]
    for name, media_type, content in files:
        main, sub = media_type.split("/")
        mail.add_attachment(content, maintype=main, subtype=sub, filename=name)
    return mail.as_bytes()


def nested(depth: int) -> bytes:
    """A message forwarding a message forwarding … `depth` times."""
    inner = message(subject="転送元")
    for level in range(depth):
        outer = message(subject=f"転送 {level}")
        outer.add_attachment(inner)
        inner = outer
    return inner.as_bytes()
