"""Reading a saved email (.eml) for intake: sender, received time, subject, text, attachments.

Pure work on bytes, no database: the standard library's parser with the modern policy reads the
message; headers and texts are decoded in whatever charset they came (ISO-2022-JP, Shift_JIS and
its CP932 extensions, EUC-JP, UTF-8, MIME encoded words), an HTML-only message becomes text
through BeautifulSoup, never regular expressions. Every text that reaches a case has its
Individual Numbers masked here, and the stored copy of the message is rebuilt with them masked.

A file that is not a message, is truncated, or passes the limits (size, parts, attachments,
nesting) is refused whole with a MailRefused whose words name no personal data; nothing of it is
kept. Attachments are listed and kept as they came: never unpacked (a zip bomb stays a small zip).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import errors as mail_errors
from email import policy
from email.header import decode_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr

from bs4 import BeautifulSoup

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.individual_number import (
    contains_individual_number,
    mask_individual_numbers,
)
from privacy_desk.i18n import _


class MailRefused(DomainError):
    """An email file that can not be taken in (not a message, truncated, too large, hostile)."""


@dataclass(frozen=True)
class MailLimits:
    """What one email may hold; a message past any of these is refused whole."""

    max_message_bytes: int = 30 * 1024 * 1024
    max_attachments: int = 20
    max_attachment_bytes: int = 20 * 1024 * 1024  # all attachments together, decoded
    max_parts: int = 200
    max_depth: int = 3  # messages forwarded inside messages


LIMITS = MailLimits()
# The headers of which a message has at least one; a file with none of them is no message.
_MESSAGE_HEADERS = ("from", "to", "subject", "date", "message-id", "mime-version")
# Defects that mean the file was cut short or its structure is broken beyond reading.
_BROKEN = (
    mail_errors.CloseBoundaryNotFoundDefect,
    mail_errors.StartBoundaryNotFoundDefect,
    mail_errors.MultipartInvariantViolationDefect,
)
# A declared charset -> the codecs to try, in order: the first that reads every byte wins.
# Shift_JIS mail is nearly always CP932 (Windows) with its extra characters (①, ㈱, NEC rows).
_CHARSET_TRIES = {
    "shift_jis": ("cp932", "shift_jis"),
    "shift-jis": ("cp932", "shift_jis"),
    "sjis": ("cp932",),
    "x-sjis": ("cp932",),
    "ms_kanji": ("cp932",),
    "windows-31j": ("cp932",),
    "cp932": ("cp932",),
    "iso-2022-jp": ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_3"),
    "euc-jp": ("euc_jp", "euc_jis_2004"),
    "x-euc-jp": ("euc_jp", "euc_jis_2004"),
}
# What undeclared or mislabelled text is tried as, in order.
_GUESSES = ("utf-8", "iso2022_jp", "cp932", "euc_jp")
# The headers people write in: an Individual Number there is masked in the kept copy.
_PEOPLE_HEADERS = frozenset(
    ("subject", "from", "to", "cc", "reply-to", "sender", "comments", "keywords")
)
SUMMARY_LENGTH = 200
BODY_LENGTH = 20000


@dataclass(frozen=True)
class MailAttachment:
    """One attached file as listed to staff: its name (numbers masked), type and size."""

    name: str
    media_type: str
    size: int
    content: bytes = field(repr=False, default=b"")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class ParsedMail:
    """What an email says, ready for an intake; every text with its Individual Numbers masked."""

    sender_name: str
    sender_address: str
    received_at: datetime | None  # None: no Date header, or one that could not be read
    subject: str
    body: str
    attachments: tuple[MailAttachment, ...]
    masked: bool  # an Individual Number was found and masked
    html_only: bool
    original: bytes = field(repr=False, default=b"")  # the message to keep (numbers masked)

    @property
    def notices(self) -> tuple[str, ...]:
        """What staff should know about this message, in the current language."""
        said = []
        if self.masked:
            said.append(
                _(
                    "An Individual Number (My Number) in this email was masked: the office "
                    "does not keep it."
                )
            )
        if self.received_at is None:
            said.append(
                _("The email has no readable date: enter the time it was received yourself.")
            )
        if not self.sender_address:
            said.append(_("The email names no sender address."))
        if self.html_only:
            said.append(_("The email was written in HTML only: its text was taken from it."))
        return tuple(said)

    def summary(self) -> str:
        """A case summary: the subject, then the beginning of the text, on one line."""
        start = " ".join(self.body.split())
        text = f"{self.subject} — {start}" if self.subject and start else self.subject or start
        if len(text) > SUMMARY_LENGTH:
            text = text[: SUMMARY_LENGTH - 1] + "…"
        return text


def parse_email(raw: bytes, limits: MailLimits = LIMITS) -> ParsedMail:
    """Read a saved email; MailRefused (words without personal data) when it can not be taken."""
    if not isinstance(raw, bytes) or not raw.strip():
        raise MailRefused(_("The file is empty: it holds no email."))
    if len(raw) > limits.max_message_bytes:
        raise MailRefused(
            _("The email is larger than {limit} MB: it was not imported.").format(
                limit=limits.max_message_bytes // (1024 * 1024)
            )
        )
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    if b"\x00" in head:
        raise MailRefused(_("The file is not an email (it holds binary data)."))
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        return _read(message, raw, limits)
    except MailRefused:
        raise
    except (
        mail_errors.MessageError,
        ValueError,
        LookupError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
    ):
        # The parser's own surprises on hostile input: the file is refused, never a traceback.
        raise MailRefused(_("The email could not be read: its structure is damaged.")) from None


def _read(message: EmailMessage, raw: bytes, limits: MailLimits) -> ParsedMail:
    present = {name.lower() for name, _value in message.raw_items()}
    if not present & set(_MESSAGE_HEADERS):
        raise MailRefused(_("The file is not an email: it has none of an email's headers."))
    parts = _walk(message, limits)
    raw_headers = {name.lower(): value for name, value in reversed(list(message.raw_items()))}
    sender_name, sender_address = parseaddr(_header_text(raw_headers.get("from", "")))
    if "@" not in sender_address or any(c.isspace() for c in sender_address):
        sender_address = ""
    subject = " ".join(_header_text(raw_headers.get("subject", "")).split())
    body, html_only = _body(message)
    attachments = _attachments(parts, limits)
    texts = [sender_name, subject, body, *(a.name for a in attachments)]
    masked = any(contains_individual_number(text) for text in texts) or _holds_number(parts)
    if masked:
        sender_name, subject, body = (
            mask_individual_numbers(t) for t in (sender_name, subject, body)
        )
        attachments = [
            MailAttachment(mask_individual_numbers(a.name), a.media_type, a.size, a.content)
            for a in attachments
        ]
    # The file as it came, byte for byte, unless a number had to be masked in it.
    original = _masked_copy(message, parts) if masked else raw
    return ParsedMail(
        sender_name=sender_name.strip(),
        sender_address=sender_address.strip().lower(),
        received_at=_date(message),
        subject=subject,
        body=body[:BODY_LENGTH],
        attachments=tuple(attachments),
        masked=masked,
        html_only=html_only,
        original=original,
    )


def _walk(message: Message, limits: MailLimits) -> list[Message]:
    """Every part of the message, refusing a broken one or one past the limits."""
    found: list[Message] = []

    def visit(part: Message, depth: int) -> None:
        if any(isinstance(defect, _BROKEN) for defect in part.defects):
            raise MailRefused(_("The email is incomplete or damaged (a part is cut short)."))
        found.append(part)
        if len(found) > limits.max_parts:
            raise MailRefused(
                _("The email has more than {limit} parts: it was not imported.").format(
                    limit=limits.max_parts
                )
            )
        if part.get_content_type() == "message/rfc822":
            if depth >= limits.max_depth:
                return  # listed as an attachment, not opened
            depth += 1
        if part.is_multipart():
            payload = part.get_payload()
            for child in payload if isinstance(payload, list) else [payload]:
                if isinstance(child, Message):
                    visit(child, depth)

    visit(message, 0)
    return found


def _attachments(parts: list[Message], limits: MailLimits) -> list[MailAttachment]:
    listed: list[MailAttachment] = []
    total = 0
    for part in parts:
        if not _is_attachment(part):
            continue
        content = _attachment_bytes(part)
        total += len(content)
        if len(listed) + 1 > limits.max_attachments:
            raise MailRefused(
                _("The email has more than {limit} attachments: it was not imported.").format(
                    limit=limits.max_attachments
                )
            )
        if total > limits.max_attachment_bytes:
            raise MailRefused(
                _(
                    "The email's attachments are larger than {limit} MB: it was not imported."
                ).format(limit=limits.max_attachment_bytes // (1024 * 1024))
            )
        name = _filename(part) or _forwarded_name(part)
        name = name or _("attachment {number}").format(number=len(listed) + 1)
        listed.append(MailAttachment(name, part.get_content_type(), len(content), content))
    return listed


def _forwarded_name(part: Message) -> str:
    """A forwarded message without a file name is named by its subject."""
    if part.get_content_type() != "message/rfc822":
        return ""
    inner = part.get_payload()
    message = inner[0] if isinstance(inner, list) and inner else inner
    if not isinstance(message, Message):
        return ""
    raw = {n.lower(): v for n, v in message.raw_items()}.get("subject", "")
    subject = " ".join(_header_text(raw).split())[:120]
    return f"{subject}.eml" if subject else ""


def _is_attachment(part: Message) -> bool:
    if part.is_multipart() and part.get_content_type() != "message/rfc822":
        return False
    if part.get_content_type() == "message/rfc822":
        return True
    disposition = (part.get_content_disposition() or "").lower()
    if disposition == "attachment" or part.get_filename():
        return True
    return part.get_content_maintype() not in ("text", "multipart") and disposition != "inline"


def _attachment_bytes(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        message = inner[0] if isinstance(inner, list) and inner else inner
        if isinstance(message, Message):
            return message.as_bytes(policy=policy.default)
        return b""
    content = part.get_payload(decode=True)
    return content if isinstance(content, bytes) else b""


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except (ValueError, LookupError, TypeError):
        return ""
    if "=?" in name or _has_raw_bytes(name):  # encoded words or raw bytes, as mailers send them
        name = _header_text(name)
    # Only the last part of a path, and nothing that could not be shown.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in name if c.isprintable()).strip()[:200]


# ---------------------------------------------------------------- texts


def _decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes as text: the declared charset (with its usual aliases) first, then guesses; at
    worst the declared one with unreadable bytes replaced."""
    declared = (charset or "").strip().lower()
    tries = _CHARSET_TRIES.get(declared, (declared,) if declared else ())
    for codec in (*tries, *_GUESSES):
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def _has_raw_bytes(text: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in text)


def _header_text(raw: str) -> str:
    """A header's text as it reads: raw 8-bit bytes and MIME encoded words decoded."""
    if not raw:
        return ""
    if _has_raw_bytes(raw):
        return _decode_bytes(raw.encode("ascii", "surrogateescape"), None)
    try:
        parts = decode_header(raw)
    except (mail_errors.HeaderParseError, ValueError, LookupError):
        # A damaged encoded word: its text stays as written rather than the file being refused.
        parts = [(raw, None)]
    out = []
    for chunk, charset in parts:
        out.append(chunk if isinstance(chunk, str) else _decode_bytes(chunk, charset))
    return "".join(out).replace("\r", "").replace("\n", " ")


def _date(message: EmailMessage) -> datetime | None:
    try:
        header = message["date"]
        moment = getattr(header, "datetime", None)
    except (ValueError, TypeError, IndexError, AttributeError):
        return None
    if not isinstance(moment, datetime):
        return None
    # "-0000": the sender's zone is unknown; the moment is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _part_text(part: Message) -> str:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    return _decode_bytes(data, part.get_content_charset())


def _body(message: EmailMessage) -> tuple[str, bool]:
    """The message's text (text/plain preferred) and whether it came from HTML only."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", False
    text = _part_text(part)
    if part.get_content_subtype() == "html":
        return html_to_text(text), True
    return text.replace("\r\n", "\n").strip(), False


def html_to_text(html: str) -> str:
    """The text a person reads in an HTML message: no markup, scripts nor styles."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "head", "title"]):
        hidden.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    text, blank = [], False
    for line in lines:
        if line:
            text.append(line)
            blank = False
        elif not blank and text:
            text.append("")
            blank = True
    return "\n".join(text).strip()


# ---------------------------------------------------------------- the stored copy


def _people_headers(part: Message) -> list[tuple[str, str]]:
    """The headers people write in (subject, names), as (name, text), of one part."""
    return [
        (name, _header_text(raw))
        for name, raw in part.raw_items()
        if name.lower() in _PEOPLE_HEADERS
    ]


def _body_text(part: Message) -> str | None:
    """A text part's text when it is the message's text (not an attached file), else None."""
    if part.get_content_maintype() != "text" or _is_attachment(part):
        return None
    return _part_text(part)


def _holds_number(parts: list[Message]) -> bool:
    """Whether an Individual Number is written anywhere people write in these parts: the
    headers of any message (forwarded ones too), their texts, the attachment names."""
    for part in parts:
        texts = [text for _name, text in _people_headers(part)]
        texts += [_filename(part), _body_text(part) or ""]
        if any(contains_individual_number(text) for text in texts):
            return True
    return False


def _masked_copy(message: EmailMessage, parts: list[Message]) -> bytes:
    """The message as it is kept: its Individual Numbers masked wherever people write (headers
    of names and subjects, texts, attachment names, in forwarded messages too); attachments'
    contents stay as they came."""
    for part in parts:
        for name, text in _people_headers(part):
            if contains_individual_number(text):
                part.replace_header(name, mask_individual_numbers(text))
        filename = _filename(part)
        if filename and contains_individual_number(filename):
            masked_name = mask_individual_numbers(filename)
            if part.get("content-disposition"):
                part.set_param("filename", masked_name, header="content-disposition")
            if part.get_param("name", header="content-type"):
                part.set_param("name", masked_name, header="content-type")
        body = _body_text(part)
        if isinstance(part, EmailMessage) and body and contains_individual_number(body):
            masked = mask_individual_numbers(body)
            part.set_content(masked, subtype=part.get_content_subtype(), charset="utf-8")
    return message.as_bytes(policy=policy.default)
