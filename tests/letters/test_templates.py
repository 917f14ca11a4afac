"""Templates an administrator edits: the shipped ones pass, mistakes are named before printing."""

from __future__ import annotations

import pytest

from privacy_desk.domain.errors import DomainError
from privacy_desk.letters import (
    Letterhead,
    LetterKind,
    TemplateError,
    default_template_text,
    render_letter,
    validate_template,
)
from tests.letters.reading import assert_contains, pdf_text, sample

KINDS_LANGS = [(kind.value, lang) for kind in LetterKind for lang in ("ja", "en")]


@pytest.mark.parametrize(("kind", "lang"), KINDS_LANGS)
def test_every_shipped_template_validates(kind: str, lang: str) -> None:
    text = default_template_text(kind, lang)
    assert "title:" in text
    validate_template(kind, lang, text)


def test_unknown_kind_or_language_is_refused() -> None:
    with pytest.raises(ValueError):
        default_template_text("invoice", "ja")
    with pytest.raises(ValueError):
        default_template_text("decision", "fr")


def test_an_unknown_field_is_named_even_in_a_branch_no_sample_takes() -> None:
    text = default_template_text("decision", "ja").replace("m.withheld_parts", "m.witheld_parts")
    with pytest.raises(TemplateError) as caught:
        validate_template("decision", "ja", text)
    error = caught.value
    assert isinstance(error, DomainError)
    assert error.field == "m.witheld_parts"
    assert "ja/decision" in str(error) and "'m.witheld_parts'" in str(error)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "witheld_parts" in t)
    assert error.line == line and f"line {line}" in str(error)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("title: x\n{{ reciever }}\n", "reciever"),
        (
            "title: x\n{% if false %}{{ letter.recipient.nmae }}{% endif %}\n",
            "letter.recipient.nmae",
        ),
        ("title: x\n{% for m in measures %}{{ m.reason }}{% endfor %}\n", "m.reason"),
        ("title: x\n{{ fee.amount }}\n", "fee.amount"),
    ],
)
def test_unknown_fields_are_refused(text: str, field: str) -> None:
    with pytest.raises(TemplateError, match="unknown field") as caught:
        validate_template("answer", "en", text)
    assert caught.value.field == field
    assert caught.value.line == 2


def test_a_syntax_error_gives_its_line() -> None:
    text = "title: x\nopening: Dear {{ recipient.name }\n"
    with pytest.raises(TemplateError, match=r"en/answer \(edited\), line 2: syntax error"):
        validate_template("answer", "en", text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: x\n{{ ''.__class__.__mro__ }}\n", "unsafe"),
        ("opening: no title\n", "no 'title:'"),
        ("title: x\nsub: before an item\n", "before any 'item:'"),
        ("title: x\n{{ letter.fax_pages + 'x' }}\n", "TypeError"),
    ],
)
def test_other_template_mistakes_are_refused(text: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        validate_template("fax_cover", "ja", text)


def test_an_edited_template_replaces_the_default_for_its_kind_and_language(
    letterhead: Letterhead,
) -> None:
    edited = default_template_text("extension", "ja").replace(
        "ご迷惑をおかけいたしますことをお詫び申し上げますとともに",
        "大変恐縮ですが",
    )
    validate_template("extension", "ja", edited)
    overrides = {("extension", "ja"): edited}
    text = pdf_text(render_letter(sample("extension", "ja"), letterhead, overrides=overrides))
    assert_contains(text, "大変恐縮ですが、何卒ご理解を賜りますよう")
    english = pdf_text(render_letter(sample("extension", "en"), letterhead, overrides=overrides))
    assert_contains(english, "We apologise for the delay")


def test_a_broken_edited_template_produces_nothing(letterhead: Letterhead) -> None:
    overrides = {("answer", "ja"): "title: x\n{{ letter.nothing }}\n"}
    with pytest.raises(TemplateError, match=r"letter\.nothing"):
        render_letter(sample("answer", "ja"), letterhead, overrides=overrides)


def test_values_can_not_inject_markup(letterhead: Letterhead) -> None:
    summary = "item: 偽の項目 :: 偽\ntitle: 偽の件名\n<b>&</b>"
    context = sample("answer", "ja", summary=summary)
    text = pdf_text(render_letter(context, letterhead))
    assert_contains(text, "苦情のお申出への回答について（通知）", "item:偽の項目::偽", "<b>&</b>")


def test_reading_from_an_empty_value_says_to_guard_it(letterhead: Letterhead) -> None:
    overrides = {("answer", "ja"): "title: x\n{{ fee.amount_yen }}\n"}  # the answer has no fee
    with pytest.raises(TemplateError, match=r"line 2: 'amount_yen' .* guard it"):
        render_letter(sample("answer", "ja"), letterhead, overrides=overrides)
