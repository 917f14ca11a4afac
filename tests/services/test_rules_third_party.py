"""Issue 10: a request to stop provision to third parties records the ground claimed
(APPI Art. 35(3): provided in breach of Art. 27(1) or 28; Art. 35(5))."""

from __future__ import annotations

from dataclasses import replace

import pytest

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.vocabulary import RequestKind, ThirdPartyStopGround
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import MeasureForm
from tests.services.factories import correction_by_email, suspension_by_fax

CLAIMED = (ThirdPartyStopGround.BREACH_OF_ART_27, ThirdPartyStopGround.BREACH_OF_ART_28)


def test_the_grounds_claimed_for_stopping_provision_are_kept(
    context: Context, users: dict[str, Actor]
) -> None:
    form = suspension_by_fax()
    stop = replace(form.measures[1], third_party_grounds=CLAIMED)
    staff = CaseService(context, users["staff"])
    case = staff.intake(replace(form, measures=(form.measures[0], stop)))
    measures = {m.kind: m for m in staff.get(case.id).measures}
    assert measures[RequestKind.THIRD_PARTY_STOP].third_party_grounds == CLAIMED
    assert measures[RequestKind.SUSPENSION].third_party_grounds == ()


def test_the_grounds_belong_to_a_request_to_stop_provision_only(
    context: Context, users: dict[str, Actor]
) -> None:
    wrong = MeasureForm(RequestKind.CORRECTION, third_party_grounds=(ThirdPartyStopGround.LEAK,))
    with pytest.raises(ValidationError, match="stop provision"):
        CaseService(context, users["staff"]).intake(
            replace(correction_by_email(), measures=(wrong,))
        )


def test_every_ground_names_its_article() -> None:
    for ground in ThirdPartyStopGround:
        assert "Art. 2" in ground.en or "Art. 35(5)" in ground.en
        assert "第" in ground.label("ja")
