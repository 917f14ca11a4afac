"""The words of a case's history: what each audit entry says, in the language of the screen.

The audit trail stores codes and values (the action, statuses, field names, ids); this module
turns one entry into text for people when the service builds a case's detail or lists the
changes behind a conflict. It names fields and labels, never personal values.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    CaseStatus,
    Channel,
    ContactDirection,
    ContactKind,
    DispatchMethod,
    IdentityDocument,
    IdentityMethod,
    Labelled,
    Outcome,
    PauseReason,
    RequesterRole,
    RequestKind,
)
from privacy_desk.i18n import N_, _, label
from privacy_desk.services.dto import HistoryEntry
from privacy_desk.services.letter_words import kind_label, language_label

ACTION_LABELS: dict[str, str] = {
    "intake": N_("Case logged"),
    "add_contact": N_("Contact added"),
    "edit_case": N_("Case details edited"),
    "confirm_identity": N_("Identity check recorded"),
    "take": N_("Case taken"),
    "assign": N_("Case assigned"),
    "move_office": N_("Case moved to another office"),
    "add_note": N_("Note added"),
    "add_task": N_("Task added"),
    "complete_task": N_("Task ticked"),
    "start_investigation": N_("Investigation started"),
    "pause": N_("Clock paused"),
    "resume": N_("Clock resumed"),
    "extend": N_("Deadline extended"),
    "record_decision": N_("Decision recorded"),
    "record_fee": N_("Fee recorded"),
    "propose": N_("Decision proposed"),
    "approve": N_("Decision approved"),
    "send_back": N_("Decision sent back"),
    "issue_letter": N_("Letter issued"),
    "record_notice_sent": N_("Notice recorded as sent"),
    "close": N_("Case closed"),
    "withdraw": N_("Case withdrawn"),
    "close_unconfirmed": N_("Closed: identity not confirmed"),
    "reopen": N_("Case reopened"),
    "link_cases": N_("Cases linked"),
    "reveal_name": N_("Name revealed"),
    # services/identity_scans: the content of identity document scans deleted after the check.
    "identity_scans_deleted": N_("Scans of identity documents deleted"),
    # services/users.DUE_MOVED: a closure added or removed moved the case's due date.
    "due_moved": N_("Due date moved by an office closure"),
    # storage/audit_state.STATE_ACTION: the case changed through another action (a closure that
    # moved its due date, a person it shares with another case); the entry carries its state.
    "state": N_("Changed along with another action"),
}
FIELD_LABELS: dict[str, str] = {
    "summary": N_("summary"),
    "letter_language": N_("letter language"),
    "large_print": N_("large print"),
    "name": N_("name"),
    "kana": N_("kana"),
    "birth_date": N_("date of birth"),
    "postal_code": N_("postal code"),
    "address": N_("address"),
    "phone": N_("phone"),
    "fax": N_("fax"),
    "email": N_("email"),
    "organisation": N_("organisation"),
}


def action_label(action: str) -> str:
    """What was done, as a short phrase ("Case taken")."""
    return _(ACTION_LABELS[action]) if action in ACTION_LABELS else action.replace("_", " ")


def describe(
    action: str,
    detail: Mapping[str, Any],
    names: Mapping[int, str],
    requester_id: int | None = None,
    measures: Mapping[int, RequestKind] | None = None,
    notes: Mapping[int, str] | None = None,
) -> str:
    """A readable summary of an audit entry's detail: states, fields, labels; no personal text
    but a send-back's comment (a note of the case the entry names).

    names: user names by id (owners, tasks); requester_id tells the requester from the data
    subject; measures: the kind of each measure by id, for decisions; notes: note texts by id.
    """
    measures = measures or {}
    notes = notes or {}
    parts: list[str] = []
    if "status_from" in detail and "status_to" in detail:
        parts.append(
            f"{_enum_label(CaseStatus, detail['status_from'])} → "
            f"{_enum_label(CaseStatus, detail['status_to'])}"
        )
    elif "status" in detail:
        parts.append(_("status: {s}").format(s=_enum_label(CaseStatus, detail["status"])))
    if "channel" in detail:
        parts.append(_enum_label(Channel, detail["channel"]))
    if "kinds" in detail:
        kinds = detail["kinds"]
        kinds = kinds.split(",") if isinstance(kinds, str) else kinds
        parts.append(", ".join(_enum_label(RequestKind, k) for k in kinds))
    if "requester_role" in detail:
        parts.append(_enum_label(RequesterRole, detail["requester_role"]))
    if detail.get("linked"):
        parts.append(_("linked to {n} earlier cases").format(n=detail["linked"]))
    if "fields" in detail:
        person = ""
        if requester_id is not None and "person" in detail:
            person = (
                _("requester") if detail["person"] == requester_id else _("data subject")
            ) + ": "
        parts.append(
            person
            + _("changed {fields}").format(fields=", ".join(_field(f) for f in detail["fields"]))
        )
    if "method" in detail:
        enum = IdentityMethod if action == "confirm_identity" else DispatchMethod
        parts.append(_enum_label(enum, detail["method"]))
    if detail.get("documents"):
        parts.append(", ".join(_enum_label(IdentityDocument, d) for d in detail["documents"]))
    if detail.get("authority"):
        parts.append(", ".join(_enum_label(AuthorityDocument, d) for d in detail["authority"]))
    if "authority_confirmed" in detail and detail.get("authority"):
        parts.append(
            _("authority confirmed")
            if detail["authority_confirmed"]
            else _("authority NOT confirmed")
        )
    if "reason" in detail and action == "pause":
        parts.append(_enum_label(PauseReason, detail["reason"]))
    if "paused_business_days" in detail:
        parts.append(_("paused {n} business days").format(n=detail["paused_business_days"]))
    if "to_office" in detail:
        parts.append(
            _("office {before} → {after}").format(
                before=detail.get("from_office") or "?", after=detail["to_office"]
            )
        )
    if action == "due_moved" and "closure" in detail:
        parts.append(_("closure on {day}").format(day=detail["closure"]))
    if action == "due_moved" and isinstance(detail.get("due"), Mapping):
        with contextlib.suppress(KeyError, TypeError, ValueError):
            old, new = (datetime.fromisoformat(detail["due"][k]) for k in ("old", "new"))
            parts.append(_("due {old} → {new}").format(old=_moment(old), new=_moment(new)))
    if "current_due" in detail:
        with contextlib.suppress(TypeError, ValueError):
            parts.append(
                _("due {d}").format(d=_moment(datetime.fromisoformat(detail["current_due"])))
            )
    if "new_due" in detail:
        parts.append(_("new due date {d}").format(d=detail["new_due"]))
    if "outcome" in detail:
        kind = measures.get(detail.get("measure") or -1)
        measure = f"{label(kind)}: " if kind else ""
        parts.append(measure + _enum_label(Outcome, detail["outcome"]))
    if action == "add_contact":
        parts.append(
            f"{_enum_label(ContactDirection, detail.get('direction', ''))} "
            f"{_enum_label(ContactKind, detail.get('kind', ''))}"
        )
    if "amount_yen" in detail:
        parts.append(f"¥{detail['amount_yen']:,}")
    if "to_user" in detail:
        before = names.get(detail.get("from_user") or -1, _("nobody"))
        after = names.get(detail.get("to_user") or -1, _("nobody"))
        parts.append(f"{before} → {after}")
    if action == "add_task" and detail.get("owner"):
        parts.append(_("for {name}").format(name=names.get(detail["owner"], "?")))
    if "done" in detail:
        parts.append(_("done") if detail["done"] else _("not done"))
    if "linked_case_id" in detail:
        parts.append(_("linked another case"))
    if action == "issue_letter" and "letter" in detail:
        parts.append(letter_words(detail))
    if action == "send_back" and notes.get(detail.get("note") or -1):
        parts.append(_("comment: {text}").format(text=notes[detail["note"]]))
    return _("; ").join(p for p in parts if p.strip())


def letter_words(detail: Mapping[str, Any]) -> str:
    """Which letter: "No. 2: Acknowledgement of receipt (Japanese)"."""
    return _("No. {number}: {kind} ({language})").format(
        number=detail["letter"],
        kind=kind_label(str(detail.get("kind", ""))),
        language=language_label(str(detail.get("language", ""))),
    )


def with_words(
    entries: Iterable[HistoryEntry],
    names: Mapping[int, str],
    requester_id: int | None = None,
    measures: Mapping[int, RequestKind] | None = None,
    notes: Mapping[int, str] | None = None,
    send_back_comment: str = "",
) -> tuple[HistoryEntry, ...]:
    """The entries with their `what` and `text` filled in the current language.

    send_back_comment: the case's current one; a send-back recorded before its comment was kept
    as a note (an older database) shows it on the last send-back, if no proposal cleared it."""
    entries = list(entries)
    notes = dict(notes or {})
    if send_back_comment:
        older = [e for e in entries if e.action == "send_back" and "note" not in e.detail]
        if older and older[-1] is next(e for e in reversed(entries) if e.action == "send_back"):
            notes[-2] = send_back_comment
            entries = [
                replace(e, detail={**e.detail, "note": -2}) if e is older[-1] else e
                for e in entries
            ]
    return tuple(
        replace(
            entry,
            what=action_label(entry.action),
            text=describe(entry.action, entry.detail, names, requester_id, measures, notes),
        )
        for entry in entries
    )


def _field(name: str) -> str:
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


def _enum_label(enum: type[Labelled], value: object) -> str:
    try:
        return label(enum(str(value)))
    except ValueError:
        return str(value)


def _moment(moment: datetime) -> str:
    return moment.astimezone(JST).strftime("%Y-%m-%d %H:%M")
