"""The password policy: length, not the login, not a known-weak password; refusals never echo it."""

from __future__ import annotations

import pytest

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.passwords import check_password_policy, is_weak, weak_passwords

REFUSED = {
    "short": ("kurz", "sato", "at least 10"),
    "the-login": ("Sato.Hanako", "sato.hanako", "login"),
    "containing-the-login": ("my-SATO.HANAKO-pw", "sato.hanako", "login"),
    "short-login-as-password": ("ito2026!!!!", "ito", "login"),
    "leet-password": ("Passw0rd!!", "sato", "too easy"),
    "listed": ("Password1234", "sato", "too easy"),
    "keyboard-row": ("qwertyuiop", "sato", "too easy"),
    "jis-row": ("asdfghjkl;:", "sato", "too easy"),
    "digits-up": ("1234567890", "sato", "too easy"),
    "digits-down": ("9876543210", "sato", "too easy"),
    "digits-wrapping": ("7890123456", "sato", "too easy"),
    "digits-down-wrapping": ("3210987654", "sato", "too easy"),
    "iloveyou1": ("iloveyou12", "sato", "too easy"),
    "office-name": ("JACCES2026", "sato", "too easy"),
    "padded-word": ("!!password2026!!", "sato", "too easy"),
    "one-character": ("zzzzzzzzzzzz", "sato", "too easy"),
    "one-character-padded": ("aaaaaaaaaa!", "sato", "too easy"),
    "control-character": ("long enough\x00pw", "sato", "control"),
}


@pytest.mark.parametrize("key", sorted(REFUSED))
def test_refused_with_a_reason_and_without_the_password(key: str) -> None:
    password, login, reason = REFUSED[key]
    with pytest.raises(ValidationError, match=reason) as refused:
        check_password_policy(password, login)
    assert refused.value.field == "password"
    assert password not in refused.value.message
    assert password.casefold() not in refused.value.message.casefold()


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",
        "川の流れのように 2026",
        "it-is-sunny-today",
        "8472 9183 7765",
        "84729183776512",
    ],
)
def test_accepted(password: str) -> None:
    assert check_password_policy(password, "ito") == password
    assert not is_weak(password)


def test_the_list_is_kept_in_the_repository() -> None:
    weak = weak_passwords()
    assert len(weak) >= 300
    for favourite in ("password", "qwertyuiop", "1234567890", "iloveyou1", "jacces2026"):
        assert favourite in weak
    assert all(entry == entry.casefold() and entry.strip() == entry for entry in weak)


def test_each_refusal_word_for_word() -> None:
    refusals = {
        "long enough\x00pw": (
            "The password may have at most 1024 characters and no control characters or "
            "broken Unicode."
        ),
        "kurz": "The password must have at least 10 characters.",
        "my-sato.hanako-pw": "The password must not be the login nor contain it. Choose another one.",
        "Password1234": (
            "This password is too easy to guess (a common password, a keyboard or digit run, or "
            "one character repeated). Choose another one, for example a few unrelated words."
        ),
    }
    for password, message in refusals.items():
        with pytest.raises(ValidationError) as refused:
            check_password_policy(password, "sato.hanako")
        assert refused.value.message == message


def test_without_a_login_no_login_is_looked_for() -> None:
    assert check_password_policy("xxxx river morning tea") == "xxxx river morning tea"
