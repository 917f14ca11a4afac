"""Letter templates: where they live, how they compile, what they may name, how they fill.

Defaults ship inside the package as privacy_desk/resources/letters/<lang>/<kind>.j2; an
administrator's edited copy (stored by the lead in the database) is passed in as text and
replaces the default for that kind and language. Templates run in Jinja's sandbox with StrictUndefined and fill to the markup of
`privacy_desk.letters.markup`.

A template sees these names:

    letter          LetterContext (letter.reference, letter.issue_date, …)
    letterhead      Letterhead
    recipient       letter.recipient            fee        letter.fee (or None)
    measures        letter.measures             kinds      the distinct measure kinds, in order
    lang, era       "ja"/"en"; whether era dates are on
    doc_number      the document number (prefix, then 2026-123号)
    organisation, organisation_short, office, office_hours, head_office_address, branch_office_address,
    person_responsible, sender_office           the letterhead's text in the letter's language
    return_address                              the case's office's address (documents go there)
    photo_documents, other_documents            identity documents with / without a photo

`{{ value }}` writes dates in the letter's style (令和8年11月25日 / 25 November 2026), enums by
their label in the letter's language, None as nothing. Filters: `date` (the same, explicitly),
`label` (an enum's label; a list of enums joined), `yen` (300円 / ¥300).

Field names are checked when a template compiles, in every branch: `letter.reciept_date` is
refused before any letter is printed, naming the field, the template and the line.
"""

from __future__ import annotations

import dataclasses
import re
import traceback
import typing
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from privacy_desk.domain.vocabulary import PHOTO_DOCUMENTS, IdentityDocument, Labelled
from privacy_desk.i18n import _
from privacy_desk.letters.context import (
    LANGUAGES,
    Fee,
    LetterContext,
    Letterhead,
    LetterKind,
    MeasureResult,
    Recipient,
)
from privacy_desk.letters.dates import GREGORIAN_ADOPTED, era_year, format_date
from privacy_desk.letters.errors import EDITED_SUFFIX, TemplateError
from privacy_desk.letters.markup import LetterBody, MarkupError, fence, parse

# Read through importlib.resources, so the templates and fonts travel inside a wheel.
RESOURCES = resources.files("privacy_desk") / "resources"
TEMPLATE_DIR = RESOURCES / "letters"

# Names whose attributes are checked at compile time, and what they hold.
_ROOT_TYPES: dict[str, Any] = {
    "letter": LetterContext,
    "letterhead": Letterhead,
    "recipient": Recipient,
    "fee": Fee,
    "measures": (tuple, MeasureResult),
}
_TEXT_NAMES = (
    "organisation",
    "organisation_short",
    "office",
    "office_hours",
    "head_office_address",
    "branch_office_address",
    "person_responsible",
    "sender_office",
    "return_address",
)


def document_number(reference: str, letterhead: Letterhead, lang: str) -> str:
    """The letter's number from the case reference: PD-2026-000123 → JACCES個第令和8-123号.

    The year and the serial (without leading zeros) of the case make the number, so every letter
    of a case carries the same number, as letters.md asks. The year is written as the letter's
    dates are: in the era (令和8) when era dates are on, else Western (2026); English letters
    always write it Western, with `document_number_prefix_en` and no 号. A reference in another
    form is used whole.
    """
    match = re.fullmatch(r"[A-Za-z]+-(\d{4})-(\d+)", reference.strip())
    serial = reference.strip()
    if match:
        year = int(match.group(1))
        year_text = str(year)
        if lang == "ja" and letterhead.era_dates and year >= GREGORIAN_ADOPTED.year:
            # The era in force at the end of the year (2019 is 令和元年).
            name, number = era_year(date(year, 12, 31))
            year_text = f"{name}{'元' if number == 1 else number}"
        serial = f"{year_text}-{int(match.group(2))}"
    if lang == "ja":
        return f"{letterhead.document_number_prefix}{serial}号"
    return f"{letterhead.document_number_prefix_en}{serial}"


def format_yen(amount: int, lang: str) -> str:
    return f"{amount:,}円" if lang == "ja" else f"¥{amount:,}"


def _display(value: Any, lang: str, era: bool) -> str:
    """How a value is written in a letter."""
    if value is None:
        return ""
    if isinstance(value, Labelled):
        return value.label(lang)
    if isinstance(value, date):
        return format_date(value, lang, era)
    if isinstance(value, list | tuple) and all(isinstance(v, Labelled) for v in value):
        return ("、" if lang == "ja" else "; ").join(v.label(lang) for v in value)
    return str(value)


@jinja2.pass_context
def _finalize(ctx: jinja2.runtime.Context, value: Any) -> str:
    return fence(_display(value, ctx.get("lang", "ja"), ctx.get("era", True)))


@jinja2.pass_context
def _date_filter(ctx: jinja2.runtime.Context, value: date | None) -> str:
    return _display(value, ctx.get("lang", "ja"), ctx.get("era", True))


@jinja2.pass_context
def _label_filter(ctx: jinja2.runtime.Context, value: Any) -> str:
    return _display(value, ctx.get("lang", "ja"), ctx.get("era", True))


@jinja2.pass_context
def _yen_filter(ctx: jinja2.runtime.Context, value: int) -> str:
    return format_yen(int(value), ctx.get("lang", "ja"))


def _make_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(date=_date_filter, label=_label_filter, yen=_yen_filter)
    return env


_ENV = _make_environment()
_GLOBAL_NAMES = frozenset(
    {
        *_ROOT_TYPES,
        *_TEXT_NAMES,
        "kinds",
        "lang",
        "era",
        "doc_number",
        "photo_documents",
        "other_documents",
    }
)


def template_name(kind: str, lang: str, edited: bool) -> str:
    return f"{lang}/{kind}" + (EDITED_SUFFIX if edited else ".j2")


@lru_cache(maxsize=16)
def default_template_text(kind: str, lang: str) -> str:
    """The shipped template for a kind of letter and a language."""
    kind = LetterKind(kind).value
    if lang not in LANGUAGES:
        raise ValueError(
            _("'{lang}' is not a letter language; choose one of: {choices}").format(
                lang=lang, choices=", ".join(LANGUAGES)
            )
        )
    return (TEMPLATE_DIR / lang / f"{kind}.j2").read_text(encoding="utf-8")


# -- compile-time checks ------------------------------------------------------------------


def _field_types(cls: type) -> dict[str, Any]:
    """Attribute name → what it holds (a dataclass, (tuple, dataclass), or None) for `cls`."""
    hints = typing.get_type_hints(cls)
    result: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        result[f.name] = _unwrap(hints[f.name])
    for name, member in vars(cls).items():
        if name.startswith("_") or name in result:
            continue
        if callable(member) or isinstance(member, property | classmethod | staticmethod):
            result[name] = None
    return result


def _unwrap(hint: Any) -> Any:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return hint
    if origin is tuple and args and dataclasses.is_dataclass(args[0]):
        return (tuple, args[0])
    if len(args) == 1 and dataclasses.is_dataclass(args[0]):
        return args[0]  # X | None
    return None


@lru_cache(maxsize=8)
def _fields_of(cls: type) -> dict[str, Any]:
    return _field_types(cls)


def _check_fields(
    ast: nodes.Template, name: str, used: set[tuple[type, str]] | None = None
) -> None:
    """Refuse unknown top-level names and unknown fields of the context's dataclasses.

    `used`, if given, collects every (dataclass, attribute) the template reads.
    """
    known = _GLOBAL_NAMES | set(_ENV.globals)
    undeclared = meta.find_undeclared_variables(ast) - known
    if undeclared:
        missing = sorted(undeclared)[0]
        line = next(
            (n.lineno for n in ast.find_all(nodes.Name) if n.name == missing and n.ctx == "load"),
            None,
        )
        raise TemplateError(
            _("unknown field '{field}'").format(field=missing),
            template=name,
            line=line,
            field=missing,
        )

    def type_of(node: nodes.Node, scope: Mapping[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            return scope.get(node.name)
        if isinstance(node, nodes.Getattr):
            owner = type_of(node.node, scope)
            if isinstance(owner, type) and dataclasses.is_dataclass(owner):
                fields = _fields_of(owner)
                if node.attr not in fields:
                    path = _dotted(node)
                    raise TemplateError(
                        _("unknown field '{field}' ({owner} has no '{attribute}')").format(
                            field=path, owner=owner.__name__, attribute=node.attr
                        ),
                        template=name,
                        line=node.lineno,
                        field=path,
                    )
                if used is not None:
                    used.add((owner, node.attr))
                return fields[node.attr]
        return None

    def visit(node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            visit(node.iter, scope)
            inner = dict(scope)
            held = type_of(node.iter, scope)
            for target in node.target.find_all(nodes.Name):
                inner[target.name] = None
            if isinstance(node.target, nodes.Name) and isinstance(held, tuple):
                inner[node.target.name] = held[1]
            for child in [*node.body, *node.else_]:
                visit(child, inner)
            if node.test is not None:
                visit(node.test, inner)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock) and isinstance(
            node.target, nodes.Name
        ):
            # A name set in the template shadows a root name: stop checking it.
            scope[node.target.name] = None
        if isinstance(node, nodes.Getattr):
            type_of(node, scope)
        for child in node.iter_child_nodes():
            visit(child, scope)

    visit(ast, dict(_ROOT_TYPES))


def root_names() -> tuple[str, ...]:
    """The names a template may use at its top level, in the order the field list shows them."""
    return (
        *_ROOT_TYPES,
        *sorted(_GLOBAL_NAMES - set(_ROOT_TYPES) - set(_TEXT_NAMES)),
        *_TEXT_NAMES,
    )


def root_type(name: str) -> Any:
    """What a top-level name holds: a dataclass, (tuple, dataclass), or None."""
    return _ROOT_TYPES.get(name)


def readable_attributes(cls: type) -> tuple[tuple[str, Any], ...]:
    """The attributes of a context dataclass a template may read, in declared order, with what
    each holds (as the compile-time check sees them): its fields and properties, not methods."""
    return tuple(
        (attribute, held)
        for attribute, held in _fields_of(cls).items()
        if not callable(getattr(cls, attribute, None))
    )


def names_used(text: str) -> tuple[frozenset[str], frozenset[tuple[type, str]]]:
    """The top-level names and the (dataclass, attribute) pairs a valid template reads."""
    ast = _ENV.parse(text)
    used: set[tuple[type, str]] = set()
    _check_fields(ast, "fields", used)
    return frozenset(meta.find_undeclared_variables(ast) & _GLOBAL_NAMES), frozenset(used)


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    return "…"


@lru_cache(maxsize=64)
def compile_template(name: str, text: str) -> jinja2.Template:
    """Compile and check a template; TemplateError with the line on a syntax error."""
    try:
        ast = _ENV.parse(text, name=name, filename=name)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            _("syntax error: {detail}").format(detail=exc.message),
            template=name,
            line=exc.lineno,
        ) from None
    _check_fields(ast, name)
    code = _ENV.compile(ast, name=name, filename=name)
    return _ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None), None)


# -- filling ------------------------------------------------------------------------------


def _distinct(values: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


def template_variables(context: LetterContext, letterhead: Letterhead) -> dict[str, Any]:
    lang = context.lang
    variables: dict[str, Any] = {
        "letter": context,
        "letterhead": letterhead,
        "recipient": context.recipient,
        "fee": context.fee,
        "measures": context.measures,
        "kinds": _distinct(m.kind for m in context.measures),
        "lang": lang,
        "era": letterhead.era_dates,
        "doc_number": document_number(context.reference, letterhead, lang),
        "photo_documents": tuple(d for d in IdentityDocument if d in PHOTO_DOCUMENTS),
        "other_documents": tuple(d for d in IdentityDocument if d not in PHOTO_DOCUMENTS),
    }
    for text_name in _TEXT_NAMES:
        variables[text_name] = letterhead.text(text_name, lang)
    variables["return_address"] = letterhead.return_address(lang)
    return variables


def _template_line(exc: BaseException, name: str) -> int | None:
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == name:
            line = frame.lineno
    return line


_UNDEFINED_PATTERNS = (
    re.compile(r"has no attribute '([^']+)'"),
    re.compile(r"'([^']+)' is undefined"),
)


def fill(
    context: LetterContext,
    letterhead: Letterhead,
    overrides: Mapping[tuple[str, str], str] | None = None,
) -> LetterBody:
    """Fill the letter's template (the edited copy if there is one) and parse its markup."""
    kind, lang = LetterKind(context.kind).value, context.lang
    edited = overrides.get((kind, lang)) if overrides else None
    name = template_name(kind, lang, edited is not None)
    text = edited if edited is not None else default_template_text(kind, lang)
    template = compile_template(name, text)
    try:
        filled = template.render(template_variables(context, letterhead))
    except jinja2.UndefinedError as exc:
        text = exc.message or ""
        field = next((m.group(1) for p in _UNDEFINED_PATTERNS if (m := p.search(text))), None)
        if field and text.startswith("'None'"):
            message = _(
                "'{field}' is read from a value this case leaves empty; guard it with {{% if %}}"
            ).format(field=field)
        elif field:
            message = _("unknown field '{field}'").format(field=field)
        else:
            message = text
        raise TemplateError(
            message, template=name, line=_template_line(exc, name), field=field
        ) from None
    except jinja2.TemplateError as exc:  # sandbox refusals and the like
        raise TemplateError(
            str(exc.message or exc), template=name, line=_template_line(exc, name)
        ) from None
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, ZeroDivisionError) as exc:
        raise TemplateError(
            f"{type(exc).__name__}: {exc}", template=name, line=_template_line(exc, name)
        ) from None
    try:
        return parse(filled)
    except MarkupError as exc:
        problem = str(exc)
        if exc.line:
            problem = _("{problem} (line {line} of the filled text)").format(
                problem=problem, line=exc.line
            )
        raise TemplateError(
            _("the filled text is not valid letter markup: {problem}").format(problem=problem),
            template=name,
        ) from None
