"""The report's charts, drawn with QtCharts: notices by business days taken, requests by kind,
on-time rate per kind, and the fiscal year's on-time rate month by month.

Every bar and point carries its number as text, every chart has an axis title and a caption in
words beside it, and each chart has one series, so colour is never the only way to read it. The
texts are in the report's language (`lang`), like the tables beside them.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy

from privacy_desk.domain.vocabulary import RequestKind
from privacy_desk.i18n import N_, translation
from privacy_desk.services.reports import OnTime, Period

BAR_COLOUR = QColor("#4a6fa5")
LINE_COLOUR = QColor("#2f6b3a")

DURATIONS_TITLE = N_("Notices by business days taken")
KINDS_TITLE = N_("Requests by kind")
ON_TIME_TITLE = N_("On time against the target, per kind")
TREND_TITLE = N_("On time against the target, month by month (fiscal year {year})")


def buckets(durations: tuple[int, ...]) -> list[tuple[str, int]]:
    """Business days to notice as (label, notices): one day a bar, or wider bars past 30 days."""
    if not durations:
        return []
    most = max(durations)
    width = 1 if most <= 30 else (most + 29) // 30
    counts = [0] * (most // width + 1)
    for days in durations:
        counts[days // width] += 1
    return [
        (str(i * width) if width == 1 else f"{i * width}–{i * width + width - 1}", n)
        for i, n in enumerate(counts)
    ]


def percent(on_time: OnTime) -> str:
    return "—" if on_time.rate is None else f"{on_time.rate:.0%}"


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setVisible(False)  # one series: the title and axes say what it is
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


def _bars(
    title: str,
    label: str,
    items: list[tuple[str, float]],
    value_title: str,
    percent: bool = False,
    horizontal: bool = False,
) -> QChart:
    """One bar set with each bar's value written beside it; horizontal bars for long names
    (listed top to bottom in the order given)."""
    chart = _chart(title)
    if horizontal:
        items = items[::-1]  # a horizontal category axis starts at the bottom
    bar_set = QBarSet(label)
    bar_set.setColor(BAR_COLOUR)
    bar_set.setLabelColor(QColor("black"))
    for _name, value in items:
        bar_set.append(value)
    series: QAbstractBarSeries = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value%" if percent else "@value")
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([name for name, _value in items] or ["—"])
    values = QValueAxis()
    values.setLabelFormat("%d")
    values.setTitleText(value_title)
    highest = max((value for _name, value in items), default=0)
    if percent:  # room for the 100% labels; ticks every 20%
        values.setRange(0, 118)
        values.setTickType(QValueAxis.TickType.TicksDynamic)
        values.setTickAnchor(0)
        values.setTickInterval(20)
    else:
        values.setRange(0, max(4, highest * 1.15))
        values.applyNiceNumbers()
    chart.addAxis(
        categories, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
    )
    chart.addAxis(
        values, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
    )
    series.attachAxis(categories)
    series.attachAxis(values)
    return chart


def durations_chart(durations: tuple[int, ...], lang: str) -> QChart:
    words = translation(lang)
    chart = _bars(
        words.gettext(DURATIONS_TITLE),
        words.gettext("Notices"),
        [(name, float(n)) for name, n in buckets(durations)],
        words.gettext("Notices"),
    )
    chart.axes(Qt.Orientation.Horizontal)[0].setTitleText(words.gettext("Business days"))
    return chart


def kinds_chart(by_kind: Mapping[RequestKind, int], lang: str) -> QChart:
    words = translation(lang)
    return _bars(
        words.gettext(KINDS_TITLE),
        words.gettext("Requests"),
        [(kind.label(lang), float(n)) for kind, n in by_kind.items()],
        words.gettext("Requests"),
        horizontal=True,
    )


def on_time_chart(on_time: Mapping[RequestKind, OnTime], lang: str) -> QChart:
    words = translation(lang)
    return _bars(
        words.gettext(ON_TIME_TITLE),
        words.gettext("On time (%)"),
        [(kind.label(lang), round(100 * (t.rate or 0))) for kind, t in on_time.items()],
        words.gettext("On time (%)"),
        percent=True,
        horizontal=True,
    )


def trend_chart(trend: list[tuple[Period, OnTime]], year: int, lang: str) -> QChart:
    """The on-time rate of each month with notices, as a line with its points labelled."""
    words = translation(lang)
    chart = _chart(words.gettext(TREND_TITLE).format(year=year))
    series = QLineSeries()
    series.setName(words.gettext("On time (%)"))
    series.setPen(QPen(LINE_COLOUR, 2))
    series.setPointsVisible(True)
    series.setPointLabelsVisible(True)
    series.setPointLabelsFormat("@yPoint%")
    series.setPointLabelsClipping(False)
    for index, (_month, on_time) in enumerate(trend):
        if on_time.rate is not None:
            series.append(QPointF(index, round(100 * on_time.rate)))
    chart.addSeries(series)
    x_axis = QBarCategoryAxis()
    x_axis.append([f"{month.start.month}" for month, _on_time in trend] or ["—"])
    x_axis.setTitleText(words.gettext("Month"))
    y_axis = QValueAxis()
    y_axis.setRange(0, 118)
    y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
    y_axis.setTickAnchor(0)
    y_axis.setTickInterval(20)
    y_axis.setLabelFormat("%d")
    y_axis.setTitleText(words.gettext("On time (%)"))
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)
    return chart


def chart_view(name: str) -> QChartView:
    view = QChartView()
    view.setObjectName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    view.setMinimumHeight(view.fontMetrics().height() * 10)
    view.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable by Tab, read by its description
    return view
