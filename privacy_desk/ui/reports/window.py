"""View › Reports…: a month's or a fiscal year's figures on screen, with charts, saved as CSV or PDF.

The supervisor chooses monthly (a month) or fiscal year (a year), the office (every office or
one) and the report's language; the window shows the figures as tables grouped by section (the
same rows the CSV and PDF hold, services/reports/export.rows) and, beside them, charts
(ui/reports/charts.py) each with its figures in words. The fiscal year's on-time rate month by
month comes from ReportService.monthly_on_time. Every service call and every file written goes
through ui/ops.ServiceOp; supervisors and administrators only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.calendar import FIRST_YEAR, LAST_YEAR
from privacy_desk.domain.errors import ValidationError
from privacy_desk.i18n import N_, _, language, translation
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.offices import OfficeData, list_offices
from privacy_desk.services.reports import EXPORTS, OnTime, Period, Report, ReportService
from privacy_desk.services.reports.export import rows
from privacy_desk.services.reports.figures import FIRST_MONTH_OF_FISCAL_YEAR
from privacy_desk.ui.dialogs import BaseDialog, fit_to_screen
from privacy_desk.ui.login import LANGUAGE_NAMES
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.reports import charts

MONTHLY, FISCAL_YEAR = "month", "fiscal_year"
FILE_TYPES = {"csv": N_("CSV files (*.csv)"), "pdf": N_("PDF documents (*.pdf)")}


@dataclass(frozen=True)
class Shown:
    """What the window shows: the report and its fiscal year month by month, in `lang`."""

    report: Report
    trend: list[tuple[Period, OnTime]]
    fiscal_year: int
    lang: str


def fiscal_year_of(day: date) -> int:
    return day.year if day.month >= FIRST_MONTH_OF_FISCAL_YEAR else day.year - 1


def write_export(report: Report, kind: str, lang: str, path: Path) -> Path:
    """The report written as `kind` at `path` (run in the background); a refusal if it can't be."""
    data = EXPORTS[kind](report, lang)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ValidationError(
            _("The file could not be written ({reason}). Choose another folder.").format(
                reason=exc.strerror or type(exc).__name__
            )
        ) from None
    return path


class ReportsWindow(BaseDialog):
    """The board's figures for a period and an office, as tables and charts (supervisors)."""

    def __init__(self, context: Context, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, "reports_window")
        self.context = context
        self.actor = actor
        self.service = ReportService(context, actor)
        self.shown: Shown | None = None
        self.saved_path: Path | None = None
        self.setWindowFlag(Qt.WindowType.Window)  # its own window, with maximise
        self.setWindowTitle(_("Reports"))
        self._build()
        self._connect()
        if self.width() < 900:  # no geometry remembered yet: a size that fits 1366x768
            fit_to_screen(self, 1280, 690)
        self._load_offices()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        today = self.context.today()
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("report_kind")
        self.kind_box.addItem(_("Monthly"), MONTHLY)
        self.kind_box.addItem(_("Fiscal year (April to March)"), FISCAL_YEAR)
        self.month_edit = QDateEdit(QDate(today.year, today.month, 1))
        self.month_edit.setObjectName("report_month")
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.month_edit.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR, 12, 31))
        self.year_box = QSpinBox()
        self.year_box.setObjectName("report_year")
        self.year_box.setRange(FIRST_YEAR, LAST_YEAR - 1)
        self.year_box.setValue(fiscal_year_of(today))
        self.year_box.setVisible(False)
        self.office_box = QComboBox()
        self.office_box.setObjectName("report_office")
        self.office_box.addItem(_("Every office"), None)
        self.language_box = QComboBox()
        self.language_box.setObjectName("report_language")
        for code, name in LANGUAGE_NAMES:
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(language())))
        self.period_label = QLabel(_("&Month:"))
        self.period_label.setBuddy(self.month_edit)
        top = QHBoxLayout()
        for text, field, name in (
            (_("&Report:"), self.kind_box, _("Report")),
            (None, self.month_edit, _("Month")),
            (None, self.year_box, _("Fiscal year")),
            (_("O&ffice:"), self.office_box, _("Office")),
            (_("&Language of the report:"), self.language_box, _("Language of the report")),
        ):
            field.setAccessibleName(name)
            if text is None:
                if field is self.month_edit:
                    top.addWidget(self.period_label)
            else:
                caption = QLabel(text)
                caption.setBuddy(field)
                top.addWidget(caption)
            top.addWidget(field)
            top.addSpacing(12)
        top.addStretch(1)

        self.heading = QLabel()
        self.heading.setObjectName("report_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.figures = QTreeWidget()
        self.figures.setObjectName("report_figures")
        self.figures.setAccessibleName(_("Figures by section"))
        self.figures.setColumnCount(2)
        self.figures.setHeaderLabels([_("Item"), _("Value")])
        self.figures.setRootIsDecorated(True)
        self.figures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figures.setAlternatingRowColors(True)
        header = self.figures.header()
        header.setStretchLastSection(False)
        # Each figure next to its words, not a screen's width away; rows with room to read.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.figures.setStyleSheet("QTreeView::item { padding: 2px 12px 2px 0; }")

        self.chart_views = {
            name: charts.chart_view(f"chart_{name}")
            for name in ("durations", "kinds", "on_time", "trend")
        }
        self.captions = {name: QLabel() for name in self.chart_views}
        # Two charts side by side on each page, so that twelve kinds' names fit at 1366x768.
        self.tabs = QTabWidget()
        self.tabs.setObjectName("report_tabs")
        self.tabs.addTab(self.figures, _("&Figures"))
        for pair, title in (
            (("kinds", "on_time"), _("Charts by &kind")),
            (("durations", "trend"), _("Charts of &time")),
        ):
            row = QHBoxLayout()
            for name in pair:
                caption = self.captions[name]
                caption.setObjectName(f"caption_{name}")
                caption.setWordWrap(True)
                caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                box = QVBoxLayout()
                box.addWidget(self.chart_views[name], 1)
                box.addWidget(caption)
                row.addLayout(box, 1)
            page = QWidget()
            page.setLayout(row)
            self.tabs.addTab(page, title)

        self.csv_button = QPushButton(_("Save as &CSV…"))
        self.csv_button.setObjectName("save_csv")
        self.pdf_button = QPushButton(_("Save as &PDF…"))
        self.pdf_button.setObjectName("save_pdf")
        for button in (self.csv_button, self.pdf_button):
            button.setEnabled(False)
        self.status = QLabel()
        self.status.setObjectName("report_status")
        self.status.setWordWrap(True)
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.csv_button)
        bottom.addWidget(self.pdf_button)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.close_buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        self.kind_box.currentIndexChanged.connect(self._on_kind_changed)
        self.month_edit.dateChanged.connect(self.reload)
        self.year_box.valueChanged.connect(self.reload)
        self.office_box.currentIndexChanged.connect(self.reload)
        self.language_box.currentIndexChanged.connect(self.reload)
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.close_buttons.rejected.connect(self.reject)

    def _load_offices(self) -> None:
        context, actor = self.context, self.actor
        ServiceOp(self, lambda: list_offices(context, actor)).success(self._show_offices).run()

    def _show_offices(self, offices: list[OfficeData]) -> None:
        self.office_box.blockSignals(True)
        for office in offices:
            self.office_box.addItem(
                office.name_ja if language() == "ja" else office.name_en, office.code
            )
        self.office_box.blockSignals(False)
        self.reload()

    # ------------------------------------------------------------------ choosing

    def period(self) -> Period:
        if self.kind_box.currentData() == MONTHLY:
            chosen = self.month_edit.date()
            return Period.month(chosen.year(), chosen.month())
        return Period.fiscal_year(self.year_box.value())

    def _on_kind_changed(self) -> None:
        monthly = self.kind_box.currentData() == MONTHLY
        self.month_edit.setVisible(monthly)
        self.year_box.setVisible(not monthly)
        self.period_label.setText(_("&Month:") if monthly else _("&Year:"))
        self.period_label.setBuddy(self.month_edit if monthly else self.year_box)
        self.reload()

    def reload(self) -> None:
        """Read the chosen report and its fiscal year's months again, in the background."""
        period = self.period()
        office = self.office_box.currentData()
        lang = self.language_box.currentData()
        year = period.start.year if period.kind == FISCAL_YEAR else fiscal_year_of(period.start)
        service = self.service

        def read() -> Shown:
            report = service.report(period, office, lang)
            return Shown(report, service.monthly_on_time(year, office), year, lang)

        self.status.setText(_("Reading the figures…"))
        ServiceOp(self, read).success(self._show).settled(self._on_settled).key("report").run()

    def _on_settled(self, ok: bool) -> None:
        if not ok:
            self.status.setText(_("The figures could not be read."))

    # ------------------------------------------------------------------ showing

    def _show(self, shown: Shown) -> None:
        self.shown = shown
        report, lang = shown.report, shown.lang
        words = translation(lang)
        figures = report.figures
        self.heading.setText(
            " · ".join(
                [
                    # The printed report's own title (services/reports/export.py marks it).
                    words.gettext("Monthly report {period}").format(period=figures.period.name)
                    if figures.period.kind == MONTHLY
                    else words.gettext(
                        "Fiscal-year report {year} (April {year} to March {next})"
                    ).format(year=figures.period.start.year, next=figures.period.start.year + 1),
                    words.gettext("Office: {office}").format(office=report.office_name),
                ]
            )
        )
        self.figures.clear()
        sections: dict[str, QTreeWidgetItem] = {}
        for section, item, value in rows(figures, lang):
            parent = sections.get(section)
            if parent is None:
                parent = sections[section] = QTreeWidgetItem(self.figures, [section, ""])
                parent.setFirstColumnSpanned(True)
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
            child = QTreeWidgetItem(parent, [item, value])
            child.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.figures.expandAll()
        self._show_charts(shown)
        for button in (self.csv_button, self.pdf_button):
            button.setEnabled(True)
        self.status.setText("")

    def _show_charts(self, shown: Shown) -> None:
        figures, lang = shown.report.figures, shown.lang
        words = translation(lang)
        views = self.chart_views
        for name, chart in (
            ("durations", charts.durations_chart(figures.durations, lang)),
            ("kinds", charts.kinds_chart(figures.by_kind, lang)),
            ("on_time", charts.on_time_chart(figures.on_time, lang)),
            ("trend", charts.trend_chart(shown.trend, shown.fiscal_year, lang)),
        ):
            old = views[name].chart()
            views[name].setChart(chart)
            old.deleteLater()  # a chart view keeps the chart it gives up
        median, p90 = figures.median_days, figures.p90_days
        nothing = words.gettext("None in this period.")
        captions = {
            "durations": nothing
            if median is None
            else words.gettext(
                "{n} notices: median {median} business days, 90th percentile {p90}."
            ).format(n=len(figures.durations), median=f"{median:g}", p90=p90),
            "kinds": ", ".join(f"{k.label(lang)} {n}" for k, n in figures.by_kind.items())
            or nothing,
            "on_time": ", ".join(
                f"{k.label(lang)} {t.on_time}/{t.total} ({charts.percent(t)})"
                for k, t in figures.on_time.items()
            )
            or nothing,
            "trend": ", ".join(
                words.gettext("{month}: {rate}").format(month=month.name, rate=charts.percent(t))
                for month, t in shown.trend
            ),
        }
        for name, text in captions.items():
            self.captions[name].setText(text)
            chart = views[name].chart()
            views[name].setAccessibleName(chart.title())
            views[name].setAccessibleDescription(text)

    # ------------------------------------------------------------------ saving

    def ask_path(self, kind: str, suggested: str) -> Path | None:
        """The system's save dialog, in the documents folder; None when cancelled."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = str(Path(folder) / suggested) if folder else suggested
        title = _("Save as CSV") if kind == "csv" else _("Save as PDF")
        chosen, _filter = QFileDialog.getSaveFileName(self, title, start, _(FILE_TYPES[kind]))
        return Path(chosen) if chosen else None

    def save(self, kind: str) -> None:
        """Ask where, then write the report shown as `kind` in the background."""
        shown = self.shown
        if shown is None:
            return
        figures = shown.report.figures
        office = figures.office or "all"
        path = self.ask_path(kind, f"report-{figures.period.name}-{office}.{kind}")
        if path is None:
            return
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        self.status.setText(_("Saving…"))
        ServiceOp(self, lambda: write_export(shown.report, kind, shown.lang, path)).success(
            self._on_saved
        ).settled(self._on_save_settled).block().run()

    def _on_saved(self, path: Path) -> None:
        self.saved_path = path
        self.status.setText(_("Saved as {name}.").format(name=path.name))

    def _on_save_settled(self, ok: bool) -> None:
        if not ok:  # the refusal was shown in its own dialog
            self.status.setText("")
