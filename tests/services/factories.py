"""Invented people and intake forms for service tests (no real person's data)."""

from __future__ import annotations

from datetime import date, datetime

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.vocabulary import (
    Channel,
    DisclosureMethod,
    RequesterRole,
    RequestKind,
    SuspensionGround,
)
from privacy_desk.services.dto import IntakeForm, MeasureForm, PersonForm

KEIKO = PersonForm(
    "鈴木 恵子",
    "スズキ ケイコ",
    date(1985, 4, 12),
    "150-0002",
    "東京都渋谷区渋谷2-1-1",
    "090-1111-2222",
)
SHO = PersonForm("鈴木 翔", "スズキ ショウ", date(2011, 6, 3), "150-0002", "東京都渋谷区渋谷2-1-1")
ICHIRO = PersonForm(
    "田中 一郎",
    "タナカ イチロウ",
    date(1970, 1, 30),
    "160-0022",
    "東京都新宿区新宿3-5-8",
    "03-3333-4444",
    email="ichiro.tanaka@example.jp",
)
MISAKI = PersonForm(
    "高橋 美咲", "タカハシ ミサキ", date(1992, 9, 9), "900-0015", "沖縄県那覇市久茂地1-2-3"
)


def moment(*args: int) -> datetime:
    return datetime(*args, tzinfo=JST)


def disclosure_by_parent(received: datetime | None = None) -> IntakeForm:
    """Story 1: a mother phones for her 15-year-old son's data."""
    return IntakeForm(
        channel=Channel.PHONE,
        received_at=received or moment(2026, 11, 24, 10, 5),
        requester=KEIKO,
        requester_role=RequesterRole.PARENT,
        subject=SHO,
        measures=(
            MeasureForm(
                RequestKind.DISCLOSURE, "息子の保有個人データすべて", DisclosureMethod.PAPER
            ),
        ),
        summary="母親から息子の個人データ開示請求",
        contact_note="電話受付。書面での開示を希望。",
    )


def correction_by_email(received: datetime | None = None) -> IntakeForm:
    return IntakeForm(
        channel=Channel.EMAIL,
        received_at=received or moment(2026, 11, 24, 11, 0),
        requester=ICHIRO,
        measures=(MeasureForm(RequestKind.CORRECTION, "登録住所が誤っている"),),
        summary="住所の訂正請求",
    )


def suspension_by_fax() -> IntakeForm:
    """Story 3: a fax on the Friday night before Silver Week, two measures."""
    return IntakeForm(
        channel=Channel.FAX,
        received_at=moment(2026, 9, 18, 18, 30),
        requester=MISAKI,
        measures=(
            MeasureForm(
                RequestKind.SUSPENSION,
                "ニュースレターへの利用停止",
                suspension_grounds=(SuspensionGround.BEYOND_PURPOSE,),
            ),
            MeasureForm(
                RequestKind.THIRD_PARTY_STOP,
                "提携団体への提供停止",
                third_party_recipient="提携団体",
            ),
        ),
    )


def complaint_by_phone(received: datetime | None = None) -> IntakeForm:
    return IntakeForm(
        channel=Channel.PHONE,
        received_at=received or moment(2026, 11, 24, 14, 0),
        requester=PersonForm(
            "井上 優子",
            "イノウエ ユウコ",
            postal_code="330-0063",
            address="埼玉県さいたま市浦和区高砂3-4-5",
            phone="080-5555-6666",
        ),
        measures=(MeasureForm(RequestKind.COMPLAINT, "セミナー案内が何度も届く"),),
        letter_language="en",
    )


def approve_story_1_disclosure(context, users, clock, case):
    """Story 1 from a received case to a supervisor's approval of a partial disclosure."""
    from privacy_desk.services.cases import CaseService

    case = propose_story_1_disclosure(context, users, clock, case)
    return CaseService(context, users["supervisor"]).approve(case.id, case.version)


def propose_story_1_disclosure(context, users, clock, case):
    """Story 1 from a received case to the staff member's proposal of a partial disclosure."""
    from privacy_desk.domain.vocabulary import (
        AuthorityDocument,
        DisclosureRefusalGround,
        IdentityDocument,
        IdentityMethod,
        Outcome,
    )
    from privacy_desk.services.cases import CaseService
    from privacy_desk.services.dto import DecisionForm, IdentityForm

    staff = CaseService(context, users["staff"])
    clock.set(2026, 11, 30, 10, 0)
    case = staff.confirm_identity(
        case.id,
        case.version,
        IdentityForm(
            IdentityMethod.DOCUMENTS,
            (IdentityDocument.DRIVERS_LICENCE,),
            ((AuthorityDocument.FAMILY_REGISTER, date(2026, 10, 1)),),
        ),
    )
    case = staff.start_investigation(case.id, case.version)
    case = staff.record_decision(
        case.id,
        case.version,
        case.measures[0].id,
        DecisionForm(
            Outcome.DISCLOSED_PART,
            "相談員の面談メモは第三者の権利利益を害するおそれがあるため",
            (DisclosureRefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY,),
            withheld_parts="面談記録のうち相談員メモ1件",
            method=DisclosureMethod.PAPER,
            enclosures="保有個人データの写し 一式",
        ),
    )
    return staff.propose(case.id, case.version)
