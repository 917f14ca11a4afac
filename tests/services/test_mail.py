"""Reading saved emails for intake: charsets, HTML, attachments, limits, masking, bad files."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy_desk.domain.individual_number import contains_individual_number
from privacy_desk.services.mail import MailLimits, MailRefused, parse_email
from tests.services import emails
from tests.services.emails import ADDRESS, BODY, SENDER, SENT, SUBJECT

LEGACY = [
    ("iso-2022-jp", "iso2022_jp"),
    ("Shift_JIS", "cp932"),
    ("EUC-JP", "euc_jp"),
    ("UTF-8", "utf-8"),
]


def test_a_plain_email_gives_sender_time_subject_and_text() -> None:
    mail = parse_email(emails.plain())
    assert (mail.sender_name, mail.sender_address) == (SENDER, ADDRESS)
    assert mail.received_at == SENT
    assert mail.received_at.tzinfo is not None
    assert mail.subject == SUBJECT
    assert mail.body == BODY
    assert mail.attachments == ()
    assert not mail.masked and mail.notices == ()
    assert mail.summary().startswith(SUBJECT + " — お世話になっております。")


@pytest.mark.parametrize(("charset", "codec"), LEGACY, ids=[c for c, _ in LEGACY])
def test_japanese_charsets_and_encoded_headers_are_read(charset: str, codec: str) -> None:
    mail = parse_email(emails.legacy(charset, codec))
    assert (mail.sender_name, mail.subject, mail.body) == (SENDER, SUBJECT, BODY)


@pytest.mark.parametrize("charset", ["iso-2022-jp", "shift_jis", "euc-jp"])
def test_mails_built_by_the_standard_library_in_each_charset(charset: str) -> None:
    mail = parse_email(emails.plain(charset=charset))
    assert (mail.subject, mail.body) == (SUBJECT, BODY)


def test_shift_jis_with_windows_characters_is_read_as_cp932() -> None:
    text = "①㈱髙橋の件 ～ 株式会社"
    mail = parse_email(emails.legacy("Shift_JIS", "cp932", body=text, subject=text))
    assert mail.subject == text
    assert mail.body == text


def test_raw_eight_bit_headers_are_decoded() -> None:
    raw = (
        f"From: {SENDER} <{ADDRESS}>\r\nSubject: {SUBJECT}\r\n"
        "Content-Type: text/plain; charset=shift_jis\r\n\r\n" + BODY
    ).encode("cp932")
    mail = parse_email(raw)
    assert (mail.sender_name, mail.subject, mail.body) == (SENDER, SUBJECT, BODY)
    assert mail.received_at is None


def test_an_unknown_charset_label_falls_back_to_guessing() -> None:
    raw = emails.legacy("x-unknown-charset", "utf-8")
    assert parse_email(raw).body == BODY


def test_html_only_becomes_text_without_markup_scripts_or_styles() -> None:
    mail = parse_email(emails.html_only())
    assert mail.html_only
    assert "お世話になっております。" in mail.body
    assert "お願い" in mail.body
    for markup in ("<p>", "<b>", "alert", "color:red"):
        assert markup not in mail.body
    assert any("HTML" in notice for notice in mail.notices)


def test_plain_text_is_preferred_to_html() -> None:
    message = emails.message()
    message.add_alternative("<p>HTMLの本文</p>", subtype="html")
    mail = parse_email(message.as_bytes())
    assert mail.body == BODY
    assert not mail.html_only


def test_attachments_are_listed_with_name_type_size_and_hash() -> None:
    pdf = b"%PDF-1.4 " + b"x" * 1000
    mail = parse_email(
        emails.with_attachments(
            ("本人確認書類.pdf", "application/pdf", pdf),
            ("a.zip", "application/zip", b"PK\x03\x04"),
        )
    )
    assert [(a.name, a.media_type, a.size) for a in mail.attachments] == [
        ("本人確認書類.pdf", "application/pdf", len(pdf)),
        ("a.zip", "application/zip", 4),
    ]
    import hashlib

    assert mail.attachments[0].sha256 == hashlib.sha256(pdf).hexdigest()


def test_a_forwarded_message_is_listed_and_deep_nesting_is_not_opened() -> None:
    mail = parse_email(emails.nested(1))
    assert [(a.name, a.media_type) for a in mail.attachments] == [("転送元.eml", "message/rfc822")]
    deep = parse_email(emails.nested(8), MailLimits(max_depth=2, max_attachments=50))
    # Opened two levels deep: the third forwarded message is listed, its insides are not.
    assert len(deep.attachments) == 3


def test_missing_headers_give_none_and_say_so() -> None:
    mail = parse_email(emails.plain(sender=None, date=None))
    assert mail.received_at is None
    assert (mail.sender_name, mail.sender_address) == ("", "")
    assert len(mail.notices) == 2
    bad_date = emails.plain().replace(b"Date: Tue, 24 Nov 2026", b"Date: the day before")
    assert parse_email(bad_date).received_at is None


def test_my_numbers_are_masked_in_subject_body_names_and_the_kept_copy() -> None:
    number = emails.MY_NUMBER
    raw = emails.with_attachments(
        (f"マイナンバー{number.replace(' ', '')}.png", "image/png", b"\x89PNG"),
        subject=f"番号 {number}",
        body=f"私の番号は{number}です。",
    )
    mail = parse_email(raw)
    assert mail.masked
    for text in (mail.subject, mail.body, mail.attachments[0].name):
        assert "＊" in text
        assert not contains_individual_number(text)
    assert any("My Number" in notice for notice in mail.notices)
    kept = BytesParser(policy=policy.default).parsebytes(mail.original)
    assert not contains_individual_number(str(kept["subject"]))
    body = kept.get_body(preferencelist=("plain",))
    assert body is not None and not contains_individual_number(body.get_content())
    names = [part.get_filename() or "" for part in kept.walk()]
    assert not any(contains_individual_number(name) for name in names)
    assert number.replace(" ", "").encode() not in mail.original
    # The picture itself is kept as it came.
    assert parse_email(mail.original).attachments[0].content == b"\x89PNG"


def test_an_email_without_numbers_is_kept_as_it_came() -> None:
    raw = emails.plain()
    assert (
        parse_email(raw).original == BytesParser(policy=policy.default).parsebytes(raw).as_bytes()
    )


BAD = {
    "empty": b"",
    "blank": b"\r\n\r\n",
    "binary": b"\x00\x01\x02PK\x03\x04" * 50,
    "not an email": "ただのメモです。\n開示請求\n".encode(),
    "truncated": emails.with_attachments(("a.pdf", "application/pdf", b"%PDF" * 500))[:-400],
    "no start boundary": (
        b"From: a@example.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=ZZ\r\n\r\nno parts here\r\n"
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_broken_files_are_refused_with_words(name: str) -> None:
    with pytest.raises(MailRefused) as refused:
        parse_email(BAD[name])
    assert refused.value.message
    assert "Traceback" not in refused.value.message


def test_limits_refuse_huge_attachments_too_many_and_too_many_parts() -> None:
    huge = emails.with_attachments(("big.bin", "application/octet-stream", b"\0" * 300_000))
    with pytest.raises(MailRefused, match="attachments are larger"):
        parse_email(huge, MailLimits(max_attachment_bytes=200_000))
    with pytest.raises(MailRefused, match="larger than"):
        parse_email(huge, MailLimits(max_message_bytes=100_000))
    many = emails.with_attachments(*[(f"{n}.txt", "text/plain", b"x") for n in range(5)])
    with pytest.raises(MailRefused, match="more than 3 attachments"):
        parse_email(many, MailLimits(max_attachments=3))
    with pytest.raises(MailRefused, match="more than 4 parts"):
        parse_email(many, MailLimits(max_parts=4))


def test_refusals_name_no_personal_data() -> None:
    raw = emails.with_attachments(
        ("佐々木の書類.pdf", "application/pdf", b"%PDF" * 500), subject="佐々木 花子"
    )[:-400]
    with pytest.raises(MailRefused) as refused:
        parse_email(raw)
    assert "佐々木" not in str(refused.value)


def test_a_zip_bomb_is_kept_as_it_came_never_unpacked() -> None:
    import io
    import zipfile

    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("zeros.bin", b"\0" * 20_000_000)
    content = packed.getvalue()
    assert len(content) < 100_000
    mail = parse_email(emails.with_attachments(("書類.zip", "application/zip", content)))
    assert [(a.size, a.content) for a in mail.attachments] == [(len(content), content)]


def test_deeply_nested_parts_are_refused_not_crashed() -> None:
    depth = 2000
    head = b"From: a@example.jp\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
    body = b""
    for level in range(depth):
        body += f"Content-Type: multipart/mixed; boundary=b{level}\r\n\r\n--b{level}\r\n".encode()
    body += b"Content-Type: text/plain\r\n\r\nhello\r\n"
    for level in reversed(range(depth)):
        body += f"--b{level}--\r\n".encode()
    with pytest.raises(MailRefused):
        parse_email(head + body)


SEEDS = [
    emails.plain(),
    emails.html_only(),
    emails.legacy("Shift_JIS", "cp932"),
    emails.legacy("iso-2022-jp", "iso2022_jp"),
    emails.with_attachments(("書類.pdf", "application/pdf", b"%PDF" * 50)),
    emails.nested(3),
]


@settings(max_examples=300, deadline=None, database=None)
@given(
    seed=st.sampled_from(range(len(SEEDS))),
    cut=st.integers(min_value=0, max_value=20_000),
    flips=st.lists(st.tuples(st.integers(0, 20_000), st.integers(0, 255)), max_size=8),
    junk=st.binary(max_size=64),
)
def test_damaged_emails_are_read_or_refused_never_crash(
    seed: int, cut: int, flips: list[tuple[int, int]], junk: bytes
) -> None:
    raw = bytearray(SEEDS[seed][: max(1, cut)])
    for at, value in flips:
        raw[at % len(raw)] = value
    try:
        mail = parse_email(bytes(raw) + junk)
    except MailRefused as refused:
        assert refused.message
    else:
        for text in (
            mail.sender_name,
            mail.subject,
            mail.body,
            *(a.name for a in mail.attachments),
        ):
            assert not contains_individual_number(text)


def test_numbers_in_a_forwarded_message_are_masked_in_the_kept_copy() -> None:
    digits = emails.MY_NUMBER.replace(" ", "")
    inner = emails.message(subject=f"番号 {digits}", body=f"番号は{digits}です。")
    outer = emails.message(subject="転送します", body="下記をご確認ください。")
    outer.add_attachment(inner)
    mail = parse_email(outer.as_bytes())
    assert mail.masked
    assert digits.encode() not in mail.original
    kept = BytesParser(policy=policy.default).parsebytes(mail.original)
    texts = [str(part.get("subject", "")) for part in kept.walk()]
    texts += [part.get_content() for part in kept.walk() if part.get_content_maintype() == "text"]
    assert not any(contains_individual_number(text) for text in texts)
    assert any("＊" in text for text in texts)


def test_a_received_header_full_of_numbers_is_not_taken_for_a_my_number() -> None:
    # 192.168.100.201 reads as twelve digits with a right check digit.
    header = "from mail (192.168.100.201) by mx (10.0.0.1)"
    assert contains_individual_number(header)
    raw = f"Received: {header}\r\n".encode() + emails.plain()
    mail = parse_email(raw)
    assert not mail.masked
    assert mail.original == raw
