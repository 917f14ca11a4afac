"""The supervisor's dashboard strip above the case table: late cases, approvals, workload."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from privacy_desk.domain.vocabulary import Queue
from privacy_desk.i18n import _


class Dashboard(QFrame):
    """The supervisor's strip: what is late, what waits for them, who is overloaded."""

    queue_requested = Signal(object)  # a Queue
    legal_line_requested = Signal()
    owner_requested = Signal(int)  # a user id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#dashboard { background: #f6f7f9; }"
            "#dashboard QPushButton { padding: 4px 10px; text-align: left; }"
        )
        self.overdue_button = self._button("overdue_button", "#8a1c24")
        self.legal_button = self._button("legal_button", "#8a1c24")
        self.approval_button = self._button("approval_button", "#2f3f52")
        self.overdue_button.clicked.connect(lambda: self.queue_requested.emit(Queue.OVERDUE))
        self.approval_button.clicked.connect(
            lambda: self.queue_requested.emit(Queue.AWAITING_APPROVAL)
        )
        self.legal_button.clicked.connect(self.legal_line_requested.emit)
        self.overdue_button.setToolTip(_("Open the overdue queue"))
        self.legal_button.setToolTip(
            _("Rights requests whose requester may soon go to court (APPI Art. 39)")
        )
        self.approval_button.setToolTip(_("Open the decisions that wait for your approval"))
        self._staff_layout = QHBoxLayout()
        self._staff_layout.setSpacing(4)
        self.staff_buttons: dict[int, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.overdue_button)
        layout.addWidget(self.legal_button)
        layout.addWidget(self.approval_button)
        layout.addSpacing(12)
        self.staff_caption = QLabel(_("Open cases per person:"))
        layout.addWidget(self.staff_caption)
        layout.addLayout(self._staff_layout)
        layout.addStretch(1)
        self.show_figures({}, (0, 0), {}, {})

    def _button(self, name: str, colour: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setStyleSheet(f"QPushButton#{name} {{ border-left: 4px solid {colour}; }}")
        return button

    def show_figures(
        self,
        counts: dict[Queue, int],
        legal: tuple[int, int],
        workload: dict[str, int],
        user_ids: dict[str, int],
    ) -> None:
        overdue = counts.get(Queue.OVERDUE, 0)
        self.overdue_button.setText(_("Overdue: {n}").format(n=overdue))
        past, near = legal
        self.legal_button.setText(
            _("Legal line passed: {past} · near: {near}").format(past=past, near=near)
        )
        self.approval_button.setText(
            _("Awaiting my approval: {n}").format(n=counts.get(Queue.AWAITING_APPROVAL, 0))
        )
        for button in self.staff_buttons.values():
            self._staff_layout.removeWidget(button)
            button.deleteLater()
        self.staff_buttons.clear()
        busiest = max(workload.values(), default=0)
        for name, count in sorted(workload.items(), key=lambda item: (-item[1], item[0])):
            user_id = user_ids.get(name)
            if user_id is None:
                continue
            button = QPushButton(f"{name}: {count}")
            button.setObjectName(f"staff_button_{user_id}")
            button.setToolTip(_("Open cases owned by {name}").format(name=name))
            if count == busiest and count > 0:
                font = button.font()
                font.setBold(True)
                button.setFont(font)
            button.clicked.connect(
                lambda _checked=False, uid=user_id: self.owner_requested.emit(uid)
            )
            self._staff_layout.addWidget(button)
            self.staff_buttons[user_id] = button
        self.staff_caption.setVisible(bool(self.staff_buttons))
