"""How the case workspace calls the services: through ServiceOp, with the version the user opened.

Every change is one call. Its answer arrives on the GUI thread: on success the case the
service answered with is shown (no second read; reloads are one "load" op, so a newer read
supersedes an older one) and `case_changed` is emitted; a
refusal goes to the form that asked (or the message bar); a conflict (someone else saved in
between) is explained in the message bar, the case is reloaded and the user's typing stays.

Whoever must know how a change went (saving everything with Ctrl+S, or the main window saving
before it closes a case) passes `then`: it hears the outcome once the answer arrived.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _
from privacy_desk.services.base import ConflictError, SessionRefused
from privacy_desk.services.dto import CaseDetail
from privacy_desk.services.offices import list_offices
from privacy_desk.services.users import list_task_owners, list_users
from privacy_desk.ui.case.parts import Outcome
from privacy_desk.ui.errors import show_error
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.widgets import format_moment, refusal_text

if TYPE_CHECKING:
    from privacy_desk.ui.case.workspace import CaseWorkspace

Refusal = Callable[[DomainError], None]
Done = Callable[[], None]


class CaseCalls:
    """The workspace's service calls, their answers, refusals and conflicts."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        self.ws = workspace

    # ---------------------------------------------------------------- reading

    def open(self) -> None:
        """The first read: the case, the users' names and who may own a task, held busy.

        A refusal (a vanished case, a role that may not read) is said in the message bar and
        leaves the workspace closed for input.
        """
        ws = self.ws
        service, context, actor, case_id = ws.service, ws.context, ws.actor, ws.case_id
        (
            ServiceOp(
                ws,
                lambda: (
                    service.get(case_id),
                    list_users(context, actor),
                    list_task_owners(context, actor),
                    list_offices(context, actor),
                ),
            )
            .success(lambda answer: ws._on_opened(*answer))
            .failure(self._on_open_failed)
            .key("open")
            .block()
            .run()
        )

    def _on_open_failed(self, exc: BaseException) -> None:
        self._on_load_failed(exc)
        ws = self.ws
        closed = (ws.tabs, ws.edit_requester_button, ws.edit_subject_button, ws.summary_edit)
        for child in (*closed, *ws.action_buttons.values()):
            child.setEnabled(False)

    def reload(self) -> None:
        """Read the case again; edits in progress stay as they are."""
        ws = self.ws
        case_id = ws.case_id
        service = ws.service
        (
            ServiceOp(ws, lambda: service.get(case_id))
            .success(self._on_loaded)
            .failure(self._on_load_failed)
            .key("load")
            .run()
        )

    def _on_loaded(self, detail: CaseDetail) -> None:
        ws = self.ws
        previous = ws.detail
        details_dirty = previous is not None and ws._details_dirty(previous)
        ws.detail = detail
        ws._show(detail, keep_details=details_dirty)

    def _on_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.ws.message_bar.show_message(refusal_text(exc))
        else:
            show_error(self.ws, exc)

    # ---------------------------------------------------------------- changing

    def perform(
        self,
        call: Callable[[int], object],
        refused: Refusal | None = None,
        done: Done | None = None,
        then: Outcome | None = None,
    ) -> bool:
        """Start one service call with the version the user opened.

        `done` runs after it succeeded (clear the form), `refused` shows a refusal beside the
        form. Returns whether the call was started; if it was, `then` hears once, after `done`
        or `refused`, whether it succeeded.
        """
        ws = self.ws
        if ws.detail is None:
            return False
        ws.message_bar.clear_message()
        version = ws.detail.version
        op = (
            ServiceOp(ws, lambda: call(version))
            .success(lambda result: self._on_done(result, done))
            .failure(lambda exc: self._on_refused(exc, refused))
            .block()
        )
        if then is not None:
            op.settled(then)
        op.run()
        return True

    def _on_done(self, result: object, done: Done | None) -> None:
        # A state-changing call answers with the whole case: show it, no second read.
        if isinstance(result, CaseDetail):
            self._on_loaded(result)
        else:
            self.reload()
        if done is not None:
            done()
        self.ws.case_changed.emit(self.ws.case_id)

    def _on_refused(self, exc: BaseException, refused: Refusal | None) -> None:
        ws = self.ws
        if not isinstance(exc, DomainError):
            show_error(ws, exc)
            return
        tell = refused or self._refused_in_bar
        if isinstance(exc, SessionRefused):
            # The log-in itself is refused (deactivated, locked, ended): it is not about one
            # form, so the whole window says it; the typing stays.
            self._refused_in_bar(exc)
        elif isinstance(exc, ConflictError):
            self._show_conflict(exc)
            if refused is not None:
                refused(
                    DomainError(
                        _(
                            "Not saved: someone else changed the case meanwhile (see above). "
                            "Your typing is kept: save again."
                        )
                    )
                )
            self.reload()
        else:
            tell(exc)

    def _refused_in_bar(self, exc: DomainError) -> None:
        self.ws.message_bar.show_message(refusal_text(exc))

    def _show_conflict(self, exc: ConflictError) -> None:
        ws = self.ws
        lines = [
            _("{when} — {who}: {what}").format(
                when=format_moment(change.at),
                who=ws.person_name(change.actor),
                what=change.what + (f" ({change.text})" if change.text else ""),
            )
            for change in exc.changes
        ]
        ws.message_bar.show_message(
            _(
                "This case was changed by someone else since you opened it. Nothing of yours was "
                "saved and your typing is kept. The case now shows their changes: look, then "
                "save again."
            ),
            lines,
            level="warning",
        )
