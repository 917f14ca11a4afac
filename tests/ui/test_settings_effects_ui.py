"""Office settings whose effect is seen on the screens (listed in EFFECT_TESTS of
tests/services/test_settings_effects.py)."""

from __future__ import annotations

from privacy_desk.services import settings as settings_store
from privacy_desk.services.users import AdminService
from tests.ui.conftest import Desk
from tests.ui.test_main_window import open_window


def test_idle_lock_minutes_set_the_lock(qtbot, make_desk) -> None:
    desk: Desk = make_desk()
    # The test desks switch the lock off (their clocks jump by days): set it to the default.
    assert settings_store.DEFAULTS.idle_lock_minutes == 10
    AdminService(desk.context, desk.users["admin"]).set_setting("idle_lock_minutes", 10)
    window = open_window(qtbot, desk, "staff")
    assert window.idle_lock.interval_ms == 10 * 60_000
    window.close()
    AdminService(desk.context, desk.users["admin"]).set_setting("idle_lock_minutes", 7)
    window = open_window(qtbot, desk, "staff")
    assert window.idle_lock.interval_ms == 7 * 60_000
    assert window.idle_lock._timer.isActive()
    window.close()
    AdminService(desk.context, desk.users["admin"]).set_setting("idle_lock_minutes", 0)
    window = open_window(qtbot, desk, "staff")
    assert window.idle_lock.interval_ms == 0 and not window.idle_lock._timer.isActive()
    window.close()
