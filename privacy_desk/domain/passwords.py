"""The password policy, in one place: length, not the login, not a known-weak password.

Every password a person chooses (the first administrator, a user added, a reset, a change of
one's own) passes :func:`check_password_policy`. Its refusals say what is wrong and never repeat
the password. The known-weak passwords are a list kept in the repository
(privacy_desk/resources/weak_passwords.txt), read once.
"""

from __future__ import annotations

import re
import string
from functools import cache
from importlib import resources
from itertools import pairwise

from privacy_desk.domain.errors import ValidationError
from privacy_desk.i18n import _

MIN_PASSWORD = 10
MAX_PASSWORD = 1024
# Printable text only: no control character, no lone surrogate (Argon2 hashes UTF-8 bytes).
PASSWORD_TEXT = re.compile(f"[^\\x00-\\x1f\\x7f\\ud800-\\udfff]{{0,{MAX_PASSWORD}}}")
# What people put before or after a weak word to pass a length rule ("password2026!").
_PADDING = string.digits + string.punctuation + " "
_DIGITS = "0123456789"


@cache
def weak_passwords() -> frozenset[str]:
    """The known-weak passwords, case-folded."""
    text = (
        resources.files("privacy_desk")
        .joinpath("resources/weak_passwords.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(
        line.strip().casefold()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def _digit_run(text: str) -> bool:
    """Digits counting up or down by one (wrapping 9 -> 0): 1234567890, 0987654321."""
    if not text.isascii() or not text.isdigit():
        return False
    steps = {(int(b) - int(a)) % 10 for a, b in pairwise(text)}
    return steps == {1} or steps == {9}


def is_weak(password: str) -> bool:
    """Whether the password is known-weak: on the list (alone, or padded with digits and signs),
    one character repeated, or a run of digits."""
    folded = password.casefold()
    bare = folded.strip(string.punctuation + " ")
    if len(set(bare)) <= 1 or _digit_run(bare):
        return True
    core = folded.strip(_PADDING)
    return folded in weak_passwords() or core in weak_passwords()


def check_password_policy(password: object, login: str = "") -> str:
    """The password, if the policy accepts it; otherwise a ValidationError (field "password")
    saying what is wrong, without the password in it."""
    if not isinstance(password, str) or not PASSWORD_TEXT.fullmatch(password):
        raise ValidationError(
            _(
                "The password may have at most {n} characters and no control characters or "
                "broken Unicode."
            ).format(n=MAX_PASSWORD),
            field="password",
        )
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            _("The password must have at least {n} characters.").format(n=MIN_PASSWORD),
            field="password",
        )
    name = login.strip().casefold()
    folded = password.casefold()
    # A short login (two or three letters) is refused as the password, not inside every word.
    if name and (name in folded if len(name) >= 4 else name == folded.strip(_PADDING)):
        raise ValidationError(
            _("The password must not be the login nor contain it. Choose another one."),
            field="password",
        )
    if is_weak(password):
        raise ValidationError(
            _(
                "This password is too easy to guess (a common password, a keyboard or digit "
                "run, or one character repeated). Choose another one, for example a few "
                "unrelated words."
            ),
            field="password",
        )
    return password
