"""The dashboard page of the main window (View › Dashboard, Ctrl+9): the supervisor's start page.

The figures of one office or both (services/dashboard.py), each a button that opens exactly its
cases in the queue (figure_requested), and three charts. Figures are focusable and open with
Enter as well as Space or a click. DrillBar is the "Filter: … (N) — Clear" line the queue shows
while a figure's cases are open.
"""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QStackedBarSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.vocabulary import CaseStatus, Queue, RequestKind
from privacy_desk.i18n import _, label, language, ngettext
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.dashboard import DashboardFigures, DashboardService, Figure
from privacy_desk.services.offices import OfficeView
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.reports import charts

# One colour a kind (twelve kinds), told apart by the legend's names as well.
KIND_COLOURS = (
    "#4a6fa5",
    "#c07a2c",
    "#2f6b3a",
    "#8a1c24",
    "#6f4a9a",
    "#3f8f8f",
    "#7a7a7a",
    "#b5a03a",
    "#d46a9f",
    "#1f3d66",
    "#8fbf6a",
    "#5c3b1e",
)


def figure_title(figure: Figure, figures: DashboardFigures | None = None) -> str:
    """What a figure counts, in words (the button's text and the queue's filter line)."""
    key, subject = figure.key, figure.subject
    names = {load.user_id: load.name for load in figures.staff} if figures else {}
    if key == "state":
        return label(CaseStatus(str(subject)))
    if key == "kind":
        return label(RequestKind(str(subject)))
    if key == "due_soon":
        days = figures.due_soon_days if figures else 2
        return ngettext("Due within {n} business day", "Due within {n} business days", days).format(
            n=days
        )
    if key == "legal_near":
        days = figures.legal_warning_days if figures else 3
        return ngettext("Legal line within {n} day", "Legal line within {n} days", days).format(
            n=days
        )
    if key.startswith("staff_"):
        name = names.get(int(subject or 0), "")
        words = {
            "staff_open": _("{name}: open"),
            "staff_overdue": _("{name}: overdue"),
            "staff_due_this_week": _("{name}: due this week"),
        }
        return words[key].format(name=name)
    words = {
        "due_today": _("Due today"),
        "overdue": _("Overdue"),
        "legal_passed": _("Legal line passed"),
        "awaiting_approval": label(Queue.AWAITING_APPROVAL),
        "awaiting_requester": label(Queue.AWAITING_REQUESTER),
        "taken_this_week": _("Taken from someone else this week"),
    }
    return words[key]


class FigureButton(QPushButton):
    """A figure: its words and its number; Enter opens it, like Space and a click."""

    def __init__(self, figure: Figure, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.figure = figure
        subject = "" if figure.subject is None else f"_{figure.subject}"
        self.setObjectName(f"figure_{figure.key}{subject}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(text)
        self.setToolTip(_("Open these cases in the queue"))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)


class DrillBar(QFrame):
    """ "Filter: Overdue (3) — Clear" above the case table while a figure's cases are shown."""

    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drill_bar")
        self.setStyleSheet(
            "#drill_bar { background: #fff4ce; border: 1px solid #d9c27a; border-radius: 3px; }"
        )
        self.text_label = QLabel()
        self.text_label.setObjectName("drill_text")
        self.clear_button = QPushButton(_("Clear"))
        self.clear_button.setObjectName("drill_clear")
        self.clear_button.setAccessibleName(_("Clear the dashboard filter"))
        self.clear_button.clicked.connect(self.cleared.emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.clear_button)
        self.hide()

    def show_filter(self, title: str, count: int) -> None:
        self.text_label.setText(_("Filter: {figure} ({n})").format(figure=title, n=count))
        self.show()


def open_per_week_chart(figures: DashboardFigures) -> QChart:
    """Open cases at each week's end, one stacked bar a week, one colour and legend entry a kind."""
    chart = QChart()
    chart.setTitle(_("Open cases per week, by kind"))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    series = QStackedBarSeries()
    for index, (kind, counts) in enumerate(figures.open_per_week.items()):
        bar_set = QBarSet(label(kind))
        bar_set.setColor(KIND_COLOURS[index % len(KIND_COLOURS)])
        for n in counts:
            bar_set.append(n)
        series.append(bar_set)
    chart.addSeries(series)
    weeks = QBarCategoryAxis()
    weeks.append([f"{m.month}/{m.day}" for m in figures.weeks] or ["—"])
    weeks.setTitleText(_("Week from"))
    values = QValueAxis()
    values.setLabelFormat("%d")
    totals = [sum(c[i] for c in figures.open_per_week.values()) for i in range(len(figures.weeks))]
    values.setRange(0, max(4, max(totals, default=0) * 1.1))
    values.applyNiceNumbers()
    values.setTitleText(_("Open cases"))
    chart.addAxis(weeks, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(weeks)
    series.attachAxis(values)
    return chart


class DashboardPage(QWidget):
    """The figures and charts of one office or both; figure_requested(figure, title)."""

    figure_requested = Signal(object, str)
    loaded = Signal()

    def __init__(
        self, context: Context, actor: Actor, offices: OfficeView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard_page")
        self.context, self.actor = context, actor
        self.figures: DashboardFigures | None = None
        # Cases changed on this desk since the figures were read: read again when shown.
        self.stale = False
        self.buttons: dict[str, FigureButton] = {}
        self.office_combo = QComboBox()
        self.office_combo.setObjectName("dashboard_office")
        self.office_combo.setAccessibleName(_("Office"))
        if offices.may_choose:
            self.office_combo.addItem(_("All offices"), None)
        for office in offices.offices:
            if offices.may_choose or office.code == offices.default:
                self.office_combo.addItem(office.name(language()), office.code)
        self.office_combo.setCurrentIndex(max(0, self.office_combo.findData(offices.default)))
        self.office_combo.currentIndexChanged.connect(self.reload)
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.setObjectName("dashboard_refresh")
        self.refresh_button.clicked.connect(self.reload)
        self.status_label = QLabel()
        self.status_label.setObjectName("dashboard_status")
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Office")))
        top.addWidget(self.office_combo)
        top.addWidget(self.refresh_button)
        top.addWidget(self.status_label, 1)

        self.attention_box = QGroupBox(_("Needs attention"))
        self.attention_grid = QGridLayout(self.attention_box)
        self.state_box = QGroupBox(_("Open cases by status"))
        self.state_grid = QGridLayout(self.state_box)
        self.kind_box = QGroupBox(_("Open cases by kind"))
        self.kind_grid = QGridLayout(self.kind_box)
        self.staff_box = QGroupBox(_("Load per staff member"))
        self.staff_grid = QGridLayout(self.staff_box)
        self.chart_views = {
            name: charts.chart_view(f"dashboard_chart_{name}")
            for name in ("per_week", "on_time", "durations")
        }
        figures_row = QHBoxLayout()
        figures_row.addWidget(self.attention_box, 3)
        figures_row.addWidget(self.staff_box, 3)
        counts_row = QHBoxLayout()
        counts_row.addWidget(self.state_box, 1)
        counts_row.addWidget(self.kind_box, 1)
        for grid in (self.attention_grid, self.state_grid, self.kind_grid, self.staff_grid):
            grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        # The weeks' chart the whole width (twelve weeks and a legend of kinds), the others
        # side by side under it; the page scrolls down to them.
        charts_row = QHBoxLayout()
        for name, view in self.chart_views.items():
            view.setMinimumHeight(view.fontMetrics().height() * 18)
            if name == "per_week":  # room for the legend's twelve kinds
                view.setMinimumHeight(view.fontMetrics().height() * 26)
            else:
                charts_row.addWidget(view, 1)
        inner = QWidget()
        body = QVBoxLayout(inner)
        body.addLayout(figures_row)
        body.addLayout(counts_row)
        body.addWidget(self.chart_views["per_week"])
        body.addLayout(charts_row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

    def office(self) -> str | None:
        code = self.office_combo.currentData()
        return str(code) if code else None

    def mark_stale(self) -> None:
        """Cases changed (F5, a save, an assignment): read now if in view, else when shown."""
        if self.isVisible():
            self.reload()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.reload()

    def reload(self) -> None:
        self.stale = False
        context, actor, office = self.context, self.actor, self.office()
        self.status_label.setText(_("Loading…"))
        ServiceOp(self, lambda: DashboardService(context, actor).figures(office)).key(
            "dashboard"
        ).success(self._show).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        self.status_label.setText(getattr(exc, "message", type(exc).__name__))

    def _show(self, figures: DashboardFigures) -> None:
        self.figures = figures
        # How old the figures are: they are read again on F5, Refresh, or a change on this desk.
        read_at = self.context.now().astimezone(JST).strftime("%H:%M")
        self.status_label.setText(_("Figures as of {time}").format(time=read_at))
        window_focus = self.window().focusWidget()
        focused = next((n for n, b in self.buttons.items() if b is window_focus), None)
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons = {}
        for grid in (self.attention_grid, self.state_grid, self.kind_grid, self.staff_grid):
            while grid.count():
                item = grid.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.deleteLater()
        attention = [
            figures.overdue,
            figures.due_today,
            figures.due_soon,
            figures.legal_passed,
            figures.legal_near,
            figures.awaiting_requester,
            figures.taken_this_week,
        ]
        if figures.awaiting_approval is not None:
            attention.insert(5, figures.awaiting_approval)
        for index, figure in enumerate(attention):
            text = self._text(figure)
            if figure is figures.awaiting_requester and figures.longest_wait_days is not None:
                text += "  " + ngettext(
                    "(longest {n} business day)",
                    "(longest {n} business days)",
                    figures.longest_wait_days,
                ).format(n=figures.longest_wait_days)
            self.attention_grid.addWidget(self._button(figure, text), index // 2, index % 2)
        for grid, items in ((self.state_grid, figures.by_state), (self.kind_grid, figures.by_kind)):
            for index, figure in enumerate(items):
                grid.addWidget(self._button(figure, self._text(figure)), index // 2, index % 2)
        for column, heading in enumerate(
            (_("Staff member"), _("Open"), _("Overdue"), _("Due this week"))
        ):
            header = QLabel(f"<b>{heading}</b>")
            self.staff_grid.addWidget(header, 0, column)
        for row, load in enumerate(figures.staff, start=1):
            self.staff_grid.addWidget(QLabel(load.name), row, 0)
            for column, figure in enumerate((load.open, load.overdue, load.due_this_week), 1):
                button = self._button(figure, f"{figure.count:,}")
                button.setAccessibleName(f"{figure_title(figure, figures)}: {figure.count}")
                self.staff_grid.addWidget(button, row, column)
        self._charts(figures)
        if focused in self.buttons:  # a refresh keeps the keyboard where it was
            self.buttons[focused].show()  # a layout shows new widgets only later
            self.buttons[focused].setFocus()
        self.loaded.emit()

    def _text(self, figure: Figure) -> str:
        return _("{figure}: {n}").format(figure=figure_title(figure, self.figures), n=figure.count)

    def _button(self, figure: Figure, text: str) -> FigureButton:
        button = FigureButton(figure, text)
        if figure.key in ("overdue", "legal_passed") and figure.count:
            button.setStyleSheet("QPushButton { color: #8a1c24; font-weight: bold; }")
        title = figure_title(figure, self.figures)
        button.clicked.connect(lambda _c=False, f=figure, t=title: self.figure_requested.emit(f, t))
        self.buttons[button.objectName()] = button
        return button

    def _charts(self, figures: DashboardFigures) -> None:
        lang = language()
        for name, chart in (
            ("per_week", open_per_week_chart(figures)),
            (
                "on_time",
                charts.trend_chart(list(figures.on_time_per_month), figures.fiscal_year, lang),
            ),
            ("durations", charts.durations_chart(figures.durations, lang)),
        ):
            view = self.chart_views[name]
            old = view.chart()
            view.setChart(chart)
            view.setAccessibleName(chart.title())
            old.deleteLater()
