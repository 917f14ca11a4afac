"""Search through an index (issue 11): SQLite's FTS5 trigram tables and PostgreSQL's pg_trgm
indexes of revision 0015 find Japanese substrings in summaries, notes and contacts, are kept in
step with every edit and delete (the retention purge included), and two-character words are still
found (a LIKE over the rows). The exact reference comes first, then exact names; no typed text,
however hostile to FTS5 or LIKE, makes search fail."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select, text

from privacy_desk.domain.vocabulary import ContactDirection, ContactKind, Queue
from privacy_desk.services import backup as backups
from privacy_desk.services.backup import BackupService
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import PersonForm, QueueFilter
from privacy_desk.services.queues import QueueService
from privacy_desk.services.retention import RetentionService
from privacy_desk.storage.db import connect
from privacy_desk.storage.models import Note
from tests.conftest import Clock
from tests.services.factories import complaint_by_phone, correction_by_email, moment


def found(context: Context, users: dict, typed: str, queue: Queue = Queue.ALL_OPEN) -> list[str]:
    """The references found, in the order the queue shows them (by due date, else as ranked)."""
    page = QueueService(context, users["staff"]).list(queue, QueueFilter(search=typed))
    return [row.reference for row in page.rows]


@pytest.fixture
def cases(context: Context, users: dict) -> dict[str, str]:
    staff = CaseService(context, users["staff"])
    leak = staff.intake(
        replace(
            complaint_by_phone(),
            requester=PersonForm("森川 千代", "モリカワ チヨ"),
            summary="会員情報の漏えいについての苦情。再発防止策の説明を求める",
        )
    )
    staff.add_note(leak.id, None, "折り返しは平日の午後三時以降を希望")
    correction = staff.intake(
        replace(
            correction_by_email(),
            requester=PersonForm("川口 陽菜", "カワグチ ヒナ"),
            summary="登録住所の訂正",
        )
    )
    staff.add_contact(
        correction.id,
        None,
        ContactKind.EMAIL,
        ContactDirection.IN,
        "転居届の写しを添付して再送します",
    )
    return {"leak": leak.reference, "correction": correction.reference}


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("漏えい", "leak"),  # in a summary
        ("再発防止", "leak"),
        ("午後三時", "leak"),  # in a note
        ("平日の午後", "leak"),
        ("住所の訂正", "correction"),
        ("転居届", "correction"),  # in a contact's summary
        ("モリカワ", "leak"),  # a reading, folded
        ("もりかわちよ", "leak"),
        ("森川 千代", "leak"),  # a name with its space
    ],
)
def test_japanese_substrings_are_found(
    context: Context, users: dict, cases: dict[str, str], typed: str, who: str
) -> None:
    assert found(context, users, typed) == [cases[who]]


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("苦情", "leak"),  # two characters of a summary
        ("午後", "leak"),  # of a note
        ("転居", "correction"),  # of a contact
        ("森川", "leak"),  # a family name in kanji
        ("川口", "correction"),
        ("ヒナ", "correction"),  # a reading's two kana
        ("情", "leak"),  # one character
    ],
)
def test_two_character_words_are_found(
    context: Context, users: dict, cases: dict[str, str], typed: str, who: str
) -> None:
    assert found(context, users, typed) == [cases[who]]


def test_a_word_in_both_finds_both(context: Context, users: dict, cases: dict[str, str]) -> None:
    assert set(found(context, users, "川")) == {cases["leak"], cases["correction"]}
    assert found(context, users, "存在しない語句") == []


def test_an_edited_summary_is_found_by_its_new_text_only(
    context: Context, users: dict, cases: dict[str, str]
) -> None:
    staff = CaseService(context, users["staff"])
    [row] = QueueService(context, users["staff"]).list(filters=QueueFilter(search="漏えい")).rows
    staff.update_case(row.id, None, summary="ダイレクトメール停止の依頼")
    assert found(context, users, "ダイレクトメール") == [cases["leak"]]
    assert found(context, users, "停止の依頼") == [cases["leak"]]
    assert found(context, users, "漏えい") == []
    assert found(context, users, "再発防止") == []


def test_an_edited_note_is_found_by_its_new_text_only(
    context: Context, users: dict, cases: dict[str, str]
) -> None:
    # No screen edits a note yet: the index follows any writer of the rows, here the ORM.
    with context.db.session() as session:
        note = session.scalars(select(Note).where(Note.text.like("%午後三時%"))).one()
        note.text = "折り返しは月曜の朝一番に"
        session.commit()
    assert found(context, users, "月曜の朝") == [cases["leak"]]
    assert found(context, users, "午後三時") == []
    assert found(context, users, "午後") == []


def test_exact_reference_then_exact_name_then_the_rest(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    # Received first, so due first: by due date alone these would come first.
    mentions = staff.intake(
        replace(complaint_by_phone(moment(2026, 11, 20, 9, 0)), summary="山田 花子さんの件の続き")
    )
    longer = staff.intake(
        replace(
            complaint_by_phone(moment(2026, 11, 20, 10, 0)),
            requester=PersonForm("山田 花子子", "ヤマダ ハナココ"),
        )
    )
    exact = staff.intake(
        replace(
            complaint_by_phone(moment(2026, 11, 24, 10, 0)),
            requester=PersonForm("山田 花子", "ヤマダ ハナコ"),
        )
    )
    assert found(context, users, "山田 花子") == [
        exact.reference,
        mentions.reference,
        longer.reference,
    ]
    assert found(context, users, "やまだ　はなこ") == [exact.reference, longer.reference]
    quoted = staff.add_note(mentions.id, None, f"{exact.reference} と同じ請求者")
    assert found(context, users, exact.reference.lower()) == [exact.reference, quoted.reference]


HOSTILE = [
    '"',
    '""',
    '"漏えい',
    "AND",
    "OR OR",
    "NOT 漏えい",
    "漏えい*",
    "*",
    "^漏えい",
    "summary:漏えい",
    "{summary text}: 漏えい",
    "NEAR(漏えい 苦情)",
    "(漏えい",
    "-漏えい",
    "+",
    "%",
    "_",
    "%漏_い%",
    "\\",
    "'; DROP TABLE cases; --",
    "漏えい' OR '1'='1",
]


@pytest.mark.parametrize("typed", HOSTILE, ids=[f"hostile{n}" for n in range(len(HOSTILE))])
def test_hostile_input_never_errors_and_finds_only_itself(
    context: Context, users: dict, cases: dict[str, str], typed: str
) -> None:
    assert found(context, users, typed) == []  # none of these texts is in any case
    staff = CaseService(context, users["staff"])
    holder = staff.intake(replace(complaint_by_phone(), summary=f"記録: {typed} ここまで"))
    assert holder.reference in found(context, users, typed)
    assert cases["leak"] not in found(context, users, typed)


def test_a_purged_case_leaves_nothing_in_the_index(
    context: Context, users: dict, clock: Clock
) -> None:
    clock.set(2023, 11, 20, 10, 0)
    service = CaseService(context, users["staff"])
    gone = service.intake(
        replace(
            complaint_by_phone(clock()),
            requester=PersonForm("浜辺 澄香", "ハマベ スミカ"),
            summary="消去予定の苦情の要旨",
        )
    )
    service.add_note(gone.id, None, "保存期間経過後に消える覚え書き")
    clock.set(2023, 11, 20, 16, 0)
    service.withdraw(gone.id, None, "取り下げの電話あり")
    clock.set(2026, 11, 24, 15, 0)
    assert found(context, users, "消える覚え書き", Queue.CLOSED) == [gone.reference]
    result = RetentionService(context, users["admin"]).apply()
    assert result.references == (gone.reference,)
    for typed in ("消える覚え書き", "消去予定", "はまべすみか", "浜辺"):
        assert found(context, users, typed, Queue.CLOSED) == [], typed
    if context.db.is_sqlite:
        with context.db.engine.connect() as connection:
            for index, phrase in (
                ("search_cases", "消去予定"),
                ("search_notes", "消える覚え書き"),
                ("search_persons", "はまべすみか"),
            ):
                hits = connection.execute(
                    text(f"SELECT count(*) FROM {index} WHERE {index} MATCH :p"),
                    {"p": f'"{phrase}"'},
                ).scalar()
                assert hits == 0, index


def test_the_index_exists_and_search_uses_it(context: Context) -> None:
    with context.db.engine.connect() as connection:
        if context.db.is_sqlite:
            tables = set(
                connection.scalars(
                    text("SELECT name FROM sqlite_master WHERE name LIKE 'search_%'")
                ).all()
            )
            assert {"search_cases", "search_notes", "search_contacts", "search_persons"} <= tables
            plan = " ".join(
                str(row[-1])
                for row in connection.execute(
                    text(
                        "EXPLAIN QUERY PLAN SELECT rowid FROM search_notes "
                        "WHERE search_notes MATCH '\"午後三時\"'"
                    )
                )
            )
            assert "VIRTUAL TABLE INDEX" in plan
        else:
            indexes = set(
                connection.scalars(
                    text("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%_trgm'")
                ).all()
            )
            assert indexes == {
                "ix_cases_summary_trgm",
                "ix_notes_text_trgm",
                "ix_contacts_summary_trgm",
                "ix_persons_name_folded_trgm",
                "ix_persons_kana_folded_trgm",
            }
            connection.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(
                connection.scalars(
                    text("EXPLAIN SELECT case_id FROM notes WHERE text ILIKE '%午後三時%'")
                ).all()
            )
            assert "ix_notes_text_trgm" in plan


def test_a_restored_backup_is_searched_through_its_index(
    context: Context, users: dict, cases: dict[str, str], tmp_path: Path
) -> None:
    """The index tables are not in a backup: the restore's triggers fill them from the rows."""
    report = BackupService(context, users["admin"]).create(
        tmp_path / "o.pdbackup", "桜の下で correct horse"
    )
    target = tmp_path / "restored.sqlite3"
    backups.restore_backup(report.file, "桜の下で correct horse", f"sqlite:///{target}")
    restored = connect(f"sqlite:///{target}")
    try:
        again = Context(restored, clock=context.clock)
        assert found(again, users, "午後三時") == [cases["leak"]]
        assert found(again, users, "転居届") == [cases["correction"]]
        assert found(again, users, "もりかわ") == [cases["leak"]]
        with restored.engine.begin() as connection:
            for index in ("search_cases", "search_notes", "search_contacts", "search_persons"):
                # FTS5's own check that the index holds exactly the rows' texts
                connection.execute(text(f"INSERT INTO {index}({index}) VALUES ('integrity-check')"))
    finally:
        restored.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("ctype", ["C", "C.UTF-8"])
def test_a_database_whose_character_type_hides_japanese_from_pg_trgm_is_named(
    postgres_url: str, capsys: pytest.CaptureFixture[str], ctype: str
) -> None:
    """In a database created with LC_CTYPE 'C' pg_trgm takes no trigrams from Japanese text:
    the migration says so (and what to do) instead of leaving search silently unindexed."""
    import sqlalchemy as sa

    from tests.conftest import POSTGRES_ADMIN_URL

    name = f"{postgres_url.rsplit('/', 1)[1]}_ctype"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(
            text(
                f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_CTYPE '{ctype}' "
                f"LC_COLLATE '{ctype}' TEMPLATE template0"
            )
        )
    try:
        capsys.readouterr()
        connect(POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}").dispose()
        printed = capsys.readouterr().out
        assert ("pg_trgm takes no trigrams from Japanese text" in printed) is (ctype == "C")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
