"""A demo database: marked as one, the only place demo data and demo accounts go, and every page
of its letters printed 見本 / SPECIMEN (read back from the PDF, page by page)."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa

from privacy_desk.domain.errors import RuleViolation
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.demo import (
    DEMO_ADMIN,
    DEMO_USERS,
    DemoService,
    is_demo,
    set_up_demo_database,
)
from privacy_desk.services.letters import LetterOptions, LetterService
from privacy_desk.services.users import create_first_admin, desk_start, has_users
from privacy_desk.storage.db import Database
from privacy_desk.storage.models import AuditEntry, Case, User
from tests.conftest import PASSWORD, Clock, first_admin, mark_demo_database
from tests.letters.reading import pdf_pages
from tests.services.factories import approve_story_1_disclosure, disclosure_by_parent

WORDS = ("見本", "SPECIMEN")


def _logins(context: Context) -> set[str]:
    with context.db.session() as session:
        return set(session.scalars(sa.select(User.login)))


def _decision_letters(context: Context, users: dict, clock: Clock) -> dict[str, list[str]]:
    """The story-1 decision issued in Japanese, previewed in English: each one's pages."""
    # Large print, so that the letters run to more than one page.
    form = dataclasses.replace(disclosure_by_parent(), large_print=True)
    case = CaseService(context, users["staff"]).intake(form)
    case = approve_story_1_disclosure(context, users, clock, case)
    letters = LetterService(context, users["staff"])
    issued = letters.issue(case.id, case.version, LetterKind.DECISION)
    english = letters.preview(case.id, LetterKind.DECISION, LetterOptions(language="en"))
    return {"ja": pdf_pages(letters.pdf(issued.id)), "en": pdf_pages(english)}


def test_every_page_of_a_demo_database_letter_says_specimen(
    context: Context, users: dict, clock: Clock
) -> None:
    mark_demo_database(context)
    pages = _decision_letters(context, users, clock)
    assert len(pages["ja"]) >= 2 and len(pages["en"]) >= 2  # every page, not just the first
    assert all("見本" in page for page in pages["ja"])
    assert all("SPECIMEN" in page for page in pages["en"])


def test_a_real_database_letter_has_no_specimen_mark(
    context: Context, users: dict, clock: Clock
) -> None:
    pages = _decision_letters(context, users, clock)
    assert len(pages["ja"]) >= 2 and len(pages["en"]) >= 2
    for page in pages["ja"] + pages["en"]:
        assert not any(word in page for word in WORDS)


def test_demo_data_marks_a_fresh_database_and_says_so_to_the_window(context: Context) -> None:
    admin = first_admin(context)
    assert not is_demo(context) and not desk_start(context, admin).demo
    DemoService(context, admin).generate(3)
    assert is_demo(context) and desk_start(context, admin).demo
    assert _logins(context) == {"kanri", *(login for login, _n, _r in DEMO_USERS)}
    with context.db.session() as session:
        details = list(
            session.scalars(sa.select(AuditEntry.detail).where(AuditEntry.action == "demo_data"))
        )
    assert sum("marked_demo" in d for d in details) == 1


def test_demo_data_refuses_the_office_database_and_leaves_it_as_it_was(
    context: Context, users: dict
) -> None:
    """Real users besides the first administrator: refused before anything is written."""
    before = _logins(context)
    with pytest.raises(RuleViolation, match="holds the office's own cases or users"):
        DemoService(context, users["admin"]).generate(5)
    assert not is_demo(context)
    assert _logins(context) == before
    with context.db.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Case)) == 0


def test_a_demo_database_is_set_up_only_on_an_empty_one(context: Context) -> None:
    actor = set_up_demo_database(context)
    assert actor.login == DEMO_ADMIN[0] and actor.role is UserRole.ADMIN
    assert is_demo(context) and _logins(context) == {DEMO_ADMIN[0]}
    with pytest.raises(RuleViolation, match="already has users or cases"):
        set_up_demo_database(context)


def test_an_office_database_does_not_become_a_demo_one(context: Context) -> None:
    create_first_admin(context, "kanri", "管理 次郎", PASSWORD)
    with pytest.raises(RuleViolation, match="already has users or cases"):
        set_up_demo_database(context)
    assert not is_demo(context) and _logins(context) == {"kanri"}


def test_the_mark_is_kept_on_both_databases(any_db: Database) -> None:
    context = Context(any_db)
    assert not is_demo(context) and not has_users(context)
    actor = set_up_demo_database(context)
    assert is_demo(context)
    assert DemoService(context, actor).generate(2) == 2
    assert is_demo(context)


def test_a_restored_backup_of_a_demo_database_is_still_one(context: Context, tmp_path) -> None:
    from privacy_desk.services import backup as backups
    from privacy_desk.services.backup import BackupService
    from privacy_desk.storage.db import connect

    actor = set_up_demo_database(context)
    DemoService(context, actor).generate(2)
    passphrase = "見本の控え correct horse"
    report = BackupService(context, actor).create(tmp_path / "demo.pdbackup", passphrase)
    target = tmp_path / "restored.sqlite3"
    backups.restore_backup(report.file, passphrase, f"sqlite:///{target}")
    restored = connect(f"sqlite:///{target}", create=False)
    try:
        assert is_demo(Context(restored))
    finally:
        restored.dispose()
