"""Issue 10: the intake form offers the grounds for stopping provision to third parties."""

from __future__ import annotations

from privacy_desk.domain.vocabulary import RequestKind, ThirdPartyStopGround
from privacy_desk.ui.intake.measures import MeasureFields

CLAIMED = (ThirdPartyStopGround.BREACH_OF_ART_27, ThirdPartyStopGround.LEAK)


def test_stop_provision_fields_carry_the_grounds_claimed(qtbot) -> None:
    fields = MeasureFields(RequestKind.THIRD_PARTY_STOP)
    qtbot.addWidget(fields)
    assert fields.stop_grounds is not None
    fields.stop_grounds.set_values(CLAIMED)
    assert fields.measure_form().third_party_grounds == CLAIMED
    again = MeasureFields(RequestKind.THIRD_PARTY_STOP)
    qtbot.addWidget(again)
    again.restore(fields.state())  # a saved draft keeps them
    assert again.measure_form().third_party_grounds == CLAIMED


def test_other_kinds_have_no_stop_grounds(qtbot) -> None:
    fields = MeasureFields(RequestKind.SUSPENSION)
    qtbot.addWidget(fields)
    assert fields.stop_grounds is None and fields.measure_form().third_party_grounds == ()
