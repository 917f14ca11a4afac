"""Every role × every public service method: allowed or refused in the service layer.

The methods are found by introspection (every public method of every Service subclass in
privacy_desk/services), so a new method without a row in tests/services/service_calls.py fails
`test_every_public_service_method_has_a_row`. Each row's roles must be let through (the call
succeeds) and every other role refused with PermissionDenied, writing nothing.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from sqlalchemy import func, select

import privacy_desk.services
from privacy_desk.domain.errors import PermissionDenied
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.services.base import Context, Service
from privacy_desk.storage.models import AuditEntry
from tests.services.service_calls import INSIDE_A_UNIT_OF_WORK, ROWS, World

ROLE_USER = {UserRole.STAFF: "staff", UserRole.SUPERVISOR: "supervisor", UserRole.ADMIN: "admin"}


def service_classes() -> set[type]:
    for module in pkgutil.iter_modules(privacy_desk.services.__path__):
        importlib.import_module(f"privacy_desk.services.{module.name}")
    found: set[type] = set()
    todo = [Service]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo.extend(cls.__subclasses__())
    return {cls for cls in found if cls.__module__.startswith("privacy_desk.services")}


def public_methods() -> set[str]:
    """ "Class.method" for each public method, named by the class that defines it."""
    names = set()
    for cls in service_classes():
        for name, value in vars(cls).items():
            if name.startswith("_") or "mutmut" in name:  # mutmut's copies under mutation
                continue
            if isinstance(value, staticmethod | classmethod):
                value = value.__func__
            if inspect.isfunction(value):
                names.add(f"{cls.__name__}.{name}")
    return names


def test_every_public_service_method_has_a_row() -> None:
    methods = public_methods()
    missing = methods - set(ROWS) - INSIDE_A_UNIT_OF_WORK
    assert not missing, f"add a row to tests/services/service_calls.py for: {sorted(missing)}"
    stale = (set(ROWS) | INSIDE_A_UNIT_OF_WORK) - methods
    assert not stale, f"rows for methods that no longer exist: {sorted(stale)}"


def test_the_steps_inside_a_unit_of_work_take_its_session() -> None:
    classes = {cls.__name__: cls for cls in service_classes()}
    for key in INSIDE_A_UNIT_OF_WORK:
        owner, name = key.split(".")
        parameters = inspect.signature(getattr(classes[owner], name)).parameters
        assert name in ("unit_of_work", "check") or "session" in parameters, key


def audit_count(context: Context) -> int:
    with context.db.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


@pytest.mark.parametrize("method", sorted(ROWS))
def test_roles_may_or_may_not(context: Context, users: dict, method: str) -> None:
    """One database per method; each role gets a fresh case prepared by the office's people."""
    row = ROWS[method]
    world = World(context, users)
    for role in UserRole:
        prepared = row.prepare(world)
        actor = users[ROLE_USER[role]]
        if role in row.roles:
            try:
                row.call(context, actor, prepared)
            except PermissionDenied as exc:  # pragma: no cover - the failure being tested
                pytest.fail(f"{role.value} was refused {method}: {exc}")
        else:
            before = audit_count(context)
            with pytest.raises(PermissionDenied):
                row.call(context, actor, prepared)
            assert audit_count(context) == before, f"{role.value} refused {method} wrote audit"
