"""Every kind of tampering with the audit trail, and with the rows around the application, is
caught by `audit verify` and named: the first entry altered, removed, inserted, cut or damaged,
every case and user changed outside the application. On a real SQLite file and on the
PostgreSQL server (as its owner, who can drop the guards)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import text

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.vocabulary import IdentityMethod
from privacy_desk.letters import LetterKind
from privacy_desk.services import audit_trail
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.demo import DemoService
from privacy_desk.services.dto import IdentityForm
from privacy_desk.services.letters import LetterService
from privacy_desk.services.users import AdminService, LoginFailed, authenticate
from privacy_desk.storage import anchors, audit
from privacy_desk.storage.audit_state import STATE_ACTION, mark_changed
from privacy_desk.storage.db import Database
from tests.conftest import PASSWORD, first_admin, make_users
from tests.services.factories import complaint_by_phone, suspension_by_fax
from tests.storage import tampering


@pytest.fixture
def office(any_db: Database, clock) -> tuple[Context, list[int]]:
    """Five users, three cases worked on, and the trail anchored (SQLite and PostgreSQL)."""
    context = Context(any_db, clock=clock)
    users = make_users(context)
    staff = CaseService(context, users["staff"])
    cases = [staff.intake(complaint_by_phone()), staff.intake(suspension_by_fax())]
    staff.confirm_identity(cases[1].id, None, IdentityForm(IdentityMethod.IN_PERSON))
    cases.append(staff.intake(complaint_by_phone()))
    staff.get(cases[0].id)
    written = audit_trail.write_anchor(context)
    assert written.refused is None and written.lines == written.number > 10
    return context, [case.id for case in cases]


def _verdict(context: Context) -> audit_trail.AuditReport:
    report = audit_trail.verify(context)
    assert not report.intact
    return report


def test_an_untouched_trail_is_intact_and_anchored(office) -> None:
    context, _cases = office
    report = audit_trail.verify(context)
    assert report.intact, report
    assert report.anchor is not None and report.anchor.latest is not None
    assert report.anchor.latest.number == report.chain.last_number == report.chain.entries
    assert report.unsealed == 0
    # Numbered 1, 2, 3… in the order written; the head is the newest.
    with context.db.session() as session:
        assert audit.head(session)[0] == report.chain.entries
    assert tampering.numbers(context.db) == list(range(1, report.chain.entries + 1))


CHAIN_TAMPERING = [
    tampering.edit_entry,
    tampering.edit_entry_and_rechain,
    tampering.remove_entry,
    tampering.cut_tail,
    tampering.append_forged,
    tampering.insert_duplicate,
    tampering.delete_everything,
    tampering.damage_entry,
]


@pytest.mark.parametrize("tamper", CHAIN_TAMPERING, ids=lambda f: f.__name__)
def test_chain_tampering_is_caught_and_named(office, tamper) -> None:
    context, _cases = office
    kind, number = tamper(context.db)
    chain = _verdict(context).chain
    assert chain.problem is not None
    assert (chain.problem.value, chain.number) == (kind, number)


def test_a_gap_after_the_last_anchor_is_named_by_the_numbers_alone(office) -> None:
    context, cases = office
    staff = CaseService(context, authenticate(context, "sato", PASSWORD))
    staff.get(cases[1])
    staff.get(cases[2])  # two entries no anchor has seen yet; the first of them goes
    last = tampering.numbers(context.db)[-1]
    kind, number = tampering.remove_entry(context.db, last - 1)
    chain = _verdict(context).chain
    assert chain.problem is not None
    assert (chain.problem.value, chain.number) == (kind, number) == ("removed", last - 1)


def test_erasing_one_cases_history_is_caught_and_named(office) -> None:
    context, cases = office
    kind, number = tampering.erase_case_history(context.db, cases[1])
    report = _verdict(context)
    assert report.chain.problem is not None
    assert (report.chain.problem.value, report.chain.number) == (kind, number)
    assert [(d.id, d.reason) for d in report.cases] == [(cases[1], "no history")]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("detail", "{not json"),
        ("detail", "[1, 2]"),
        ("at", "yesterday"),
        ("at", b"\x01"),
        ("number", None),
        ("number", "eight"),
        ("actor", b"\xff"),
        ("hash", b"\x02"),
        ("case_id", "eins"),
        ("state", b"\x03"),
    ],
)
def test_a_damaged_entry_is_named_never_a_traceback(office, column, value) -> None:
    context, _cases = office
    if not context.db.is_sqlite and (column not in ("detail", "number") or value == "eight"):
        pytest.skip("PostgreSQL's column types refuse such a value")
    kind, number = tampering.damage_entry(context.db, column, value)
    chain = _verdict(context).chain
    assert chain.problem is not None and chain.problem.value == kind
    assert chain.number == (None if column == "number" else number)
    assert chain.broken_at is not None


@pytest.mark.parametrize(
    "tamper",
    [tampering.edit_case, tampering.edit_person, tampering.edit_decision],
    ids=lambda f: f.__name__,
)
def test_a_case_edited_outside_the_application_is_named(office, tamper) -> None:
    context, cases = office
    tamper(context.db, cases[1])
    report = _verdict(context)
    assert report.chain.intact
    assert [(d.id, d.reason) for d in report.cases] == [(cases[1], "changed")]
    assert report.cases[0].label.startswith("PD-")


def test_a_letter_swapped_behind_its_hash_is_named(office) -> None:
    """The state covers a letter's recorded SHA-256; verify reads the bytes against it too."""
    context, cases = office
    staff = CaseService(context, authenticate(context, "sato", PASSWORD))
    LetterService(context, staff.actor).issue_batch([cases[1]], LetterKind.ACKNOWLEDGEMENT)
    assert audit_trail.verify(context).intact
    with context.db.engine.begin() as connection:
        connection.execute(
            text("UPDATE letters SET pdf = :b WHERE case_id = :c"),
            {"b": b"%PDF-1.4 another letter", "c": cases[1]},
        )
    report = _verdict(context)
    assert [(d.id, d.reason) for d in report.cases] == [(cases[1], "changed")]


def test_a_person_shared_by_two_cases_names_both(office) -> None:
    context, cases = office
    with context.db.engine.begin() as connection:
        requester = connection.execute(
            text("SELECT requester_id FROM cases WHERE id = :c"), {"c": cases[0]}
        ).scalar()
        connection.execute(
            text("UPDATE cases SET requester_id = :p WHERE id = :c"),
            {"p": requester, "c": cases[2]},
        )
    # Now joined on purpose, through the application, so both states are audited…
    with context.db.session() as session:
        mark_changed(session, cases=[cases[2]])
    assert audit_trail.verify(context).intact
    tampering.edit_person(context.db, cases[0])  # …then the shared person is edited behind it.
    report = _verdict(context)
    assert sorted(d.id for d in report.cases) == sorted([cases[0], cases[2]])


def test_a_shared_person_edited_in_the_application_keeps_both_cases_audited(office) -> None:
    """The edit is recorded on one case; the other case that names the person gets an entry
    with its new state before the commit, so neither is taken for an edit behind its back."""
    context, cases = office
    staff = CaseService(context, authenticate(context, "sato", PASSWORD))
    first = staff.get(cases[0])
    second = staff.intake(
        dataclasses.replace(complaint_by_phone(), requester_person_id=first.requester.id)
    )
    form = dataclasses.replace(complaint_by_phone().requester, address="沖縄県名護市港1-1-1")
    staff.update_person(first.id, first.version, first.requester.id, form)
    assert audit_trail.verify(context).intact
    with context.db.engine.connect() as connection:
        sealed = connection.execute(
            text("SELECT case_id FROM audit WHERE action = :a"), {"a": STATE_ACTION}
        ).scalars()
        assert list(sealed) == [second.id]
    # The other case's history says so in words.
    assert staff.get(second.id).history[-1].what == "Changed along with another action"


def test_entries_about_a_change_carry_the_state_and_reads_do_not(office) -> None:
    context, _cases = office
    with context.db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT action, state FROM audit WHERE case_id IS NOT NULL ORDER BY id")
        ).all()
    assert {action for action, state in rows if state is None} == {"read_case"}
    assert {"intake", "confirm_identity"} <= {action for action, state in rows if state}


def test_demo_cases_are_audited_with_their_state(any_db: Database, clock) -> None:
    context = Context(any_db, clock=clock)
    DemoService(context, first_admin(context)).generate(5)
    report = audit_trail.verify(context)
    assert report.intact and report.unsealed == 0
    with any_db.engine.connect() as connection:
        case_id = connection.execute(text("SELECT min(id) FROM cases")).scalar()
    tampering.edit_case(any_db, case_id)
    assert [d.id for d in audit_trail.verify(context).cases] == [case_id]


def test_a_user_edited_or_slipped_in_outside_the_application_is_named(office) -> None:
    context, _cases = office
    with context.db.engine.connect() as connection:
        staff_id = connection.execute(text("SELECT id FROM users WHERE login = 'sato'")).scalar()
        password = connection.execute(
            text("SELECT password_hash FROM users WHERE login = 'kanri'")
        ).scalar()
    tampering.edit_user(context.db, staff_id)
    with context.db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (login, name, role, password_hash, active, failed_logins, "
                "office_id, created_at, version) "
                "VALUES ('ghost', '幽霊', 'admin', :p, TRUE, 0, 1, :t, 1)"
            ),
            {"p": password, "t": "2026-11-30 00:00:00.000000"},
        )
    report = _verdict(context)
    assert [(d.label, d.reason) for d in report.users] == [
        ("sato", "changed"),
        ("ghost", "no history"),
    ]


def test_changes_through_the_application_keep_every_state_audited(office) -> None:
    """Locking a user out and clearing a queue flag are not edits; a bulk change the session does
    not see is sealed when named with mark_changed."""
    context, _cases = office
    for _ in range(6):
        with pytest.raises(LoginFailed):
            authenticate(context, "sato", "wrong password!")
    assert audit_trail.verify(context).intact


def test_the_anchor_refuses_to_bless_a_rewritten_chain(office) -> None:
    context, _cases = office
    tampering.edit_entry_and_rechain(context.db)
    written = audit_trail.write_anchor(context)
    assert written.refused is audit.Problem.REWRITTEN and written.lines == 0
    tampering.cut_tail(context.db, 10)
    assert audit_trail.write_anchor(context).refused is not None


def test_the_anchor_file_is_append_only_lines_of_numbers_and_hashes(office, tmp_path: Path) -> None:
    context, cases = office
    first = audit_trail.write_anchor(context)
    assert first.lines == 0  # nothing new since the fixture's anchor
    CaseService(context, authenticate(context, "sato", PASSWORD)).get(cases[0])
    second = audit_trail.write_anchor(context)
    assert second.lines == second.number - first.number == 2  # the log-in and the read
    lines = second.path.read_text().splitlines()
    assert len(lines) == second.number
    _at, number, digest = lines[-1].split("\t")
    assert (int(number), digest) == (second.number, second.hash)
    assert oct(second.path.stat().st_mode & 0o777) == "0o600"
    # An administrator's folder is used once set (an absolute path only).
    admin = AdminService(context, first_admin(context))
    with pytest.raises(ValidationError):
        admin.set_setting("audit_anchor_folder", "relative/folder")
    admin.set_setting("audit_anchor_folder", str(tmp_path / "elsewhere"))
    third = audit_trail.write_anchor(context)
    assert third.path.parent == tmp_path / "elsewhere" and third.lines == third.number


def test_a_damaged_anchor_line_is_named(office) -> None:
    context, _cases = office
    written = audit_trail.write_anchor(context)
    with written.path.open("a") as handle:
        handle.write("garbage\n")
        handle.write(f"2026-11-30T00:00:00+00:00\t1\t{'a' * 64}\n")  # contradicts line 1
    anchored = anchors.read(written.path)
    assert anchored.damaged_lines == (written.number + 1, written.number + 2)
    assert not audit_trail.verify(context).intact
