"""A report's figures as rows (section, item, value), as CSV for spreadsheets and as a printable PDF.

The CSV is UTF-8 with a byte-order mark, which spreadsheet programs in Japan need to read it as
UTF-8. The PDF is drawn by reportlab with the IPAex fonts the letters embed, and closes with the
audit trail's head, so that a printed report anchors the trail. Both hold counts and durations only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from privacy_desk.domain.calendar import JST
from privacy_desk.i18n import N_, translation
from privacy_desk.letters.layout import register_fonts
from privacy_desk.letters.styles import GOTHIC, MINCHO
from privacy_desk.services.reports.figures import Figures, OnTime

Row = tuple[str, str, str]  # section, item, value


@dataclass(frozen=True)
class Report:
    """Figures with what a printed report says about itself."""

    figures: Figures
    office_name: str  # the office's name in the report's language, or "every office"
    made_at: datetime
    audit_head: tuple[int, str]  # the audit trail's newest entry: number and hash


SECTIONS = {
    "requests": N_("Requests received"),
    "kind": N_("Requests by kind"),
    "channel": N_("Requests by channel"),
    "role": N_("Requests by requester"),
    "notices": N_("Notices sent"),
    "outcome": N_("Outcomes"),
    "closed": N_("Closed without a decision"),
    "days": N_("Business days from effective receipt to notice (paused days excluded)"),
    "on_time": N_("On time against the target"),
    "extensions": N_("Extensions and pauses"),
    "refusals": N_("Refusals and grounds"),
    "fees": N_("Fees"),
    "legal_line": N_("Legal lines passed"),
}


def rows(figures: Figures, lang: str) -> list[Row]:
    """Every figure as a row, labelled in `lang`; zero counts of a list are left out."""
    words = translation(lang)

    def section(key: str) -> str:
        return words.gettext(SECTIONS[key])

    def counts(key: str, items: Mapping[Any, int]) -> list[Row]:
        return [(section(key), member.label(lang), str(n)) for member, n in items.items()]

    def rate(on_time: OnTime) -> str:
        if on_time.rate is None:
            return "—"
        return f"{on_time.on_time}/{on_time.total} ({on_time.rate:.0%})"

    median, p90 = figures.median_days, figures.p90_days
    out: list[Row] = [(section("requests"), words.gettext("Total"), str(figures.received))]
    out += counts("kind", figures.by_kind)
    out += counts("channel", figures.by_channel)
    out += counts("role", figures.by_role)
    out.append((section("notices"), words.gettext("Total"), str(figures.notices)))
    out += counts("outcome", figures.by_outcome)
    out += counts("closed", figures.closed_without_decision)
    out += [
        (section("days"), words.gettext("Notices counted"), str(len(figures.durations))),
        (section("days"), words.gettext("Median"), "—" if median is None else f"{median:g}"),
        (section("days"), words.gettext("90th percentile"), "—" if p90 is None else str(p90)),
    ]
    out.append((section("on_time"), words.gettext("All kinds"), rate(figures.on_time_total)))
    out += [(section("on_time"), kind.label(lang), rate(t)) for kind, t in figures.on_time.items()]
    out.append((section("extensions"), words.gettext("Extensions"), str(figures.extensions)))
    out += [
        (
            section("extensions"),
            words.gettext("Pause: {reason}").format(reason=reason.label(lang)),
            str(n),
        )
        for reason, n in figures.pauses.items()
    ]
    out += counts("refusals", figures.disclosure_refusals)
    out += counts("refusals", figures.suspension_grounds)
    out += counts("refusals", figures.third_party_grounds)
    out += [
        (
            section("fees"),
            words.pgettext("report: fees", "Charged"),
            f"{figures.fees_charged} (¥{figures.fees_charged_yen:,})",
        ),
        (
            section("fees"),
            words.pgettext("report: fees", "Received"),
            f"{figures.fees_received} (¥{figures.fees_received_yen:,})",
        ),
    ]
    out.append((section("legal_line"), words.gettext("Total"), str(figures.legal_lines_passed)))
    return out


def _heading(report: Report, lang: str) -> list[str]:
    words = translation(lang)
    figures = report.figures
    period = figures.period
    if period.kind == "month":
        title = words.gettext("Monthly report {period}").format(period=period.name)
    else:
        title = words.gettext("Fiscal-year report {year} (April {year} to March {next})").format(
            year=period.start.year, next=period.start.year + 1
        )
    return [
        title,
        words.gettext("Office: {office}").format(office=report.office_name),
        words.gettext("Made {moment}").format(
            moment=report.made_at.astimezone(JST).strftime("%Y-%m-%d %H:%M")
        ),
    ]


def _anchor_line(report: Report, lang: str) -> str:
    number, digest = report.audit_head
    return (
        translation(lang)
        .gettext("Audit trail head when made: entry {number}, SHA-256 {digest}")
        .format(number=number, digest=digest)
    )


def to_csv(report: Report, lang: str) -> bytes:
    """The report as CSV, UTF-8 with a byte-order mark: heading lines, then section/item/value."""
    words = translation(lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in _heading(report, lang):
        writer.writerow([line])
    writer.writerow([words.gettext("Section"), words.gettext("Item"), words.gettext("Value")])
    writer.writerows(rows(report.figures, lang))
    writer.writerow([_anchor_line(report, lang)])
    return buffer.getvalue().encode("utf-8-sig")


def _histogram(durations: tuple[int, ...], lang: str) -> Drawing | None:
    """Business days to notice as a distribution: how many notices took each number of days."""
    if not durations:
        return None
    most = max(durations)
    width = 1 if most <= 30 else (most + 29) // 30
    buckets = [0] * (most // width + 1)
    for days in durations:
        buckets[days // width] += 1
    drawing = Drawing(160 * mm, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = int(12 * mm), int(10 * mm)
    chart.width, chart.height = int(140 * mm), int(45 * mm)
    chart.data = [buckets]
    chart.bars[0].fillColor = colors.HexColor("#4a6fa5")
    chart.categoryAxis.categoryNames = [
        str(i * width) if width == 1 else f"{i * width}–{i * width + width - 1}"
        for i in range(len(buckets))
    ]
    chart.categoryAxis.labels.fontName = MINCHO
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.labels.fontName = MINCHO
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = max(1, (max(buckets) + 4) // 5)
    drawing.add(chart)
    caption = translation(lang).gettext("Notices by business days taken")
    drawing.add(String(12 * mm, 58 * mm, caption, fontName=GOTHIC, fontSize=9))
    return drawing


def to_pdf(report: Report, lang: str) -> bytes:
    """The report as a printable A4 PDF: heading, the figures by section, the distribution of
    durations as a chart, and the audit trail's head."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_heading(report, lang)[0],
    )
    title = ParagraphStyle("title", fontName=GOTHIC, fontSize=15, leading=20)
    plain = ParagraphStyle("plain", fontName=MINCHO, fontSize=9.5, leading=13)
    small = ParagraphStyle("small", fontName=MINCHO, fontSize=7.5, leading=10, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=MINCHO, fontSize=9, leading=11.5, wordWrap="CJK")
    heading = _heading(report, lang)
    story: list = [Paragraph(heading[0], title), Spacer(0, 2 * mm)]
    story += [Paragraph(line, plain) for line in heading[1:]]
    story.append(Spacer(0, 5 * mm))
    grouped: dict[str, list[Row]] = {}
    for row in rows(report.figures, lang):
        grouped.setdefault(row[0], []).append(row)
    section_style = ParagraphStyle("section", fontName=GOTHIC, fontSize=10.5, leading=14)
    for name, items in grouped.items():
        table = Table(
            [[Paragraph(item, cell), Paragraph(value, cell)] for _s, item, value in items],
            colWidths=[120 * mm, 50 * mm],
        )
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ]
            )
        )
        story.append(KeepTogether([Paragraph(name, section_style), table, Spacer(0, 4 * mm)]))
    chart = _histogram(report.figures.durations, lang)
    if chart is not None:
        story.append(KeepTogether([chart]))
    story += [Spacer(0, 6 * mm), Paragraph(_anchor_line(report, lang), small)]
    document.build(story)
    return buffer.getvalue()


EXPORTS: dict[str, Callable[[Report, str], bytes]] = {"csv": to_csv, "pdf": to_pdf}
