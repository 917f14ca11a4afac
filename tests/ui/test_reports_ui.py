"""View › Reports… driven as a supervisor would, on a generated database: the figures on screen are
the report's (ReportService read here, directly), per office and for every office, month and fiscal
year; the charts' words say the same; CSV and PDF saved and read back; closed to staff."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QTreeWidget
from sqlalchemy import select, update

from privacy_desk.services.reports import Period, ReportService
from privacy_desk.services.reports.export import rows
from privacy_desk.services.users import desk_start
from privacy_desk.storage.models import Case, Office
from privacy_desk.ui.main import MainWindow
from privacy_desk.ui.reports import ReportsWindow
from tests.letters.reading import pdf_text, squash
from tests.ui.conftest import Desk, click, wait_ops

CASES = 120


def open_window(qtbot, desk: Desk, who: str) -> MainWindow:
    window = MainWindow(desk.context, desk.users[who], desk_start(desk.context, desk.users[who]))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.has_loaded, timeout=10_000)
    wait_ops(qtbot)
    return window


def with_naha(desk: Desk) -> Desk:
    """Every third generated case moved to the Naha office."""
    with desk.context.db.session() as session:
        naha = session.scalar(select(Office.id).where(Office.code == "naha"))
        session.execute(update(Case).where(Case.id % 3 == 0).values(office_id=naha))
        session.commit()
    return desk


def open_reports(qtbot, desk: Desk, who: str = "supervisor") -> ReportsWindow:
    window = open_window(qtbot, desk, who)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    action = window.actions_by_name["reports"]
    assert action in view_menu.actions() and action.isEnabled()
    action.trigger()
    reports = window.findChild(ReportsWindow)
    assert reports is not None and reports.isVisible()
    wait_ops(qtbot)
    assert reports.shown is not None
    return reports


def on_screen(tree: QTreeWidget) -> list[tuple[str, str, str]]:
    """The figures table as (section, item, value) rows, read from the widget."""
    out = []
    for i in range(tree.topLevelItemCount()):
        section = tree.topLevelItem(i)
        for j in range(section.childCount()):
            child = section.child(j)
            out.append((section.text(0), child.text(0), child.text(1)))
    return out


def expected(desk: Desk, period: Period, office: str | None, lang: str = "en"):
    report = ReportService(desk.context, desk.users["supervisor"]).report(period, office, lang)
    return report.figures, rows(report.figures, lang)


def choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


@pytest.fixture
def desk(make_desk: Callable[..., Desk]) -> Desk:
    return with_naha(make_desk(demo_cases=CASES))


def test_the_window_shows_the_months_figures_as_the_report_counts_them(qtbot, desk: Desk) -> None:
    reports = open_reports(qtbot, desk)
    figures, table = expected(desk, Period.month(2026, 11), None)
    assert figures.received > 0 and figures.notices > 0
    assert on_screen(reports.figures) == table
    assert reports.shown is not None and reports.shown.report.figures == figures
    # The charts' words say the same figures.
    caption = reports.captions["durations"].text()
    assert f"{len(figures.durations)} notices" in caption
    assert f"median {figures.median_days:g}" in caption
    kinds = reports.captions["kinds"].text()
    for kind, n in figures.by_kind.items():
        assert f"{kind.label('en')} {n}" in kinds
    bars = reports.chart_views["kinds"].chart().series()[0].barSets()[0]
    # Listed top to bottom as in the table: a horizontal axis counts from the bottom.
    assert [bars.at(i) for i in range(bars.count())][::-1] == list(figures.by_kind.values())
    for kind, t in figures.on_time.items():
        assert f"{kind.label('en')} {t.on_time}/{t.total}" in reports.captions["on_time"].text()
    # Every chart is named and described in words for a screen reader.
    for name, view in reports.chart_views.items():
        assert view.accessibleName() == view.chart().title() != ""
        assert view.accessibleDescription() == reports.captions[name].text() != ""


def test_switching_office_and_period_changes_the_figures(qtbot, desk: Desk) -> None:
    reports = open_reports(qtbot, desk)
    every = on_screen(reports.figures)
    choose(reports.office_box, "naha")
    wait_ops(qtbot)
    naha_figures, naha_table = expected(desk, Period.month(2026, 11), "naha")
    assert on_screen(reports.figures) == naha_table != every
    assert "Naha" in reports.heading.text() or "那覇" in reports.heading.text()
    choose(reports.kind_box, "fiscal_year")
    wait_ops(qtbot)
    assert reports.year_box.isVisible() and not reports.month_edit.isVisible()
    fy_figures, fy_table = expected(desk, Period.fiscal_year(2026), "naha")
    assert on_screen(reports.figures) == fy_table
    assert fy_figures.received > naha_figures.received
    choose(reports.office_box, "tokyo")
    wait_ops(qtbot)
    tokyo_figures, _table = expected(desk, Period.fiscal_year(2026), "tokyo")
    assert (
        tokyo_figures.received + fy_figures.received
        == expected(desk, Period.fiscal_year(2026), None)[0].received
    )
    assert reports.shown is not None and reports.shown.report.figures == tokyo_figures


def test_the_trend_shows_each_month_of_the_fiscal_year(qtbot, desk: Desk) -> None:
    reports = open_reports(qtbot, desk)
    reports.month_edit.setDate(QDate(2026, 10, 1))
    wait_ops(qtbot)
    trend = ReportService(desk.context, desk.users["supervisor"]).monthly_on_time(2026, None)
    caption = reports.captions["trend"].text()
    series = reports.chart_views["trend"].chart().series()[0]
    points = [series.at(i) for i in range(series.count())]
    with_notices = [(m, t) for m, t in trend if t.rate is not None]
    assert len(points) == len(with_notices) > 0
    for point, (month, on_time) in zip(points, with_notices, strict=True):
        assert point.y() == round(100 * on_time.rate)
        assert f"{month.name}: {on_time.rate:.0%}" in caption


def test_japanese_report_language_labels_the_figures_in_japanese(qtbot, desk: Desk) -> None:
    reports = open_reports(qtbot, desk)
    choose(reports.language_box, "ja")
    wait_ops(qtbot)
    assert on_screen(reports.figures) == expected(desk, Period.month(2026, 11), None, "ja")[1]
    assert "受付" in reports.figures.topLevelItem(0).text(0) or any(
        "\u3040" <= ch <= "\u30ff" for ch in reports.figures.topLevelItem(0).text(0)
    )


def test_csv_and_pdf_are_saved_and_read_back(qtbot, desk: Desk, tmp_path: Path) -> None:
    reports = open_reports(qtbot, desk)
    choose(reports.office_box, "naha")
    wait_ops(qtbot)
    figures, table = expected(desk, Period.month(2026, 11), "naha")
    asked: list[str] = []

    def ask(kind: str, suggested: str) -> Path:
        asked.append(suggested)
        return tmp_path / f"board-{kind}"  # no suffix: the window adds it

    reports.ask_path = ask  # type: ignore[method-assign]
    click(qtbot, reports.csv_button)
    wait_ops(qtbot)
    csv_path = tmp_path / "board-csv.csv"
    assert reports.saved_path == csv_path and csv_path.name in reports.status.text()
    data = csv_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [tuple(line) for line in lines if len(line) == 3][1:] == table

    click(qtbot, reports.pdf_button)
    wait_ops(qtbot)
    pdf_path = tmp_path / "board-pdf.pdf"
    assert reports.saved_path == pdf_path
    text = pdf_text(pdf_path.read_bytes())
    assert squash("Monthly report 2026-11") in text
    for _section, item, value in table:
        assert squash(item) in text and squash(value) in text
    assert asked == ["report-2026-11-naha.csv", "report-2026-11-naha.pdf"]
    assert figures.received > 0


def test_an_unwritable_place_is_refused_calmly(qtbot, desk: Desk, tmp_path: Path, monkeypatch):
    reports = open_reports(qtbot, desk)
    shown: list[str] = []
    monkeypatch.setattr(
        "privacy_desk.ui.errors.show_error", lambda parent, exc, title=None: shown.append(str(exc))
    )
    reports.ask_path = lambda kind, suggested: tmp_path / "missing" / "x.csv"  # type: ignore[method-assign]
    click(qtbot, reports.csv_button)
    wait_ops(qtbot)
    assert shown and "could not be written" in shown[0]
    assert reports.saved_path is None and not (tmp_path / "missing").exists()


def test_staff_may_not_open_reports(qtbot, desk: Desk) -> None:
    window = open_window(qtbot, desk, "staff")
    action = window.actions_by_name["reports"]
    assert not action.isEnabled()
    window.open_reports()
    assert window.findChild(ReportsWindow) is None


def test_administrators_may_open_reports(qtbot, desk: Desk) -> None:
    reports = open_reports(qtbot, desk, "admin")
    assert on_screen(reports.figures) == expected(desk, Period.month(2026, 11), None)[1]


def test_each_figure_stands_next_to_its_words_with_room_between_rows(qtbot, desk: Desk) -> None:
    """At 1366x768 the values sat a screen's width from their words, rows touching each other."""
    reports = open_reports(qtbot, desk)
    tree = reports.figures
    metrics = tree.fontMetrics()
    section = tree.topLevelItem(0)
    child = section.child(0)
    words = max(
        metrics.horizontalAdvance(tree.topLevelItem(i).child(j).text(0))
        for i in range(tree.topLevelItemCount())
        for j in range(tree.topLevelItem(i).childCount())
    )
    # The words' column is as wide as its longest words (and the indentation), no wider.
    assert tree.header().sectionSize(0) <= words + tree.indentation() + 80
    assert tree.visualItemRect(child).height() >= metrics.height() + 4
