"""The report's charts: netto per committee and year, and each target's margin over the years.

A chart is laid out once as a list of plain shapes (rectangles, lines, labels) and drawn by two small backends: SVG
text for the HTML report (inline, so the file needs nothing from a network) and a PNG through Pillow for Word.
Own code rather than a charting library: two bar charts need about 200 lines, the SVG is byte-for-byte
deterministic (a golden file can hold it), every label from a file goes through `escape.xml`, and the Word chart
is the same drawing as the HTML one. Pixel positions are floats; the numbers printed on the chart are the exact
Decimals, formatted like the tables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from budgetkorr import escape
from budgetkorr.core import numbers
from budgetkorr.i18n import _
from budgetkorr.render.table import figure_cell
from budgetkorr.render.unknown import MARK
from budgetkorr.report import Report

PALETTE = ("#1f5f8b", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#6b6b6b", "#8c6d31")
MET, NOT_MET, UNDECIDED = "#2e7d32", "#c62828", "#8a8a8a"
INK, GRID, FONT = "#222222", "#d0d0d0", 12


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    tooltip: str = ""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = INK
    dashed: bool = False


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the baseline
    text: str
    size: float = FONT
    anchor: str = "start"  # start | middle | end
    bold: bool = False
    fill: str = INK


Shape = Rect | Line | Label


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    shapes: tuple[Shape, ...]


def _text_width(text: str, size: float) -> float:
    return len(text) * size * 0.56  # an average sans-serif letter; enough to place a legend


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high], zero included."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low < 1e-9:
        high = low + 1.0
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step + 1e-9) * step
    ticks = []
    value = start
    while value < high + step - 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _tick_text(value: float, step: float) -> str:
    """A tick value in Danish format with as many decimals as the step has: `1.000`, `2,5`."""
    exponent = Decimal(repr(step)).normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    text = f"{abs(value) if abs(value) < 1e-9 else value:,.{places}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


@dataclass(frozen=True)
class _Bar:
    group: int  # the x group (a year)
    series: int  # the bar within the group
    value: Decimal
    fill: str
    tooltip: str
    shown: str = ""  # the value as printed, where it is not the plain figure: `ukendt`, `11,303+?`


def _bar_panel(
    x: float,
    y: float,
    width: float,
    height: float,
    groups: Sequence[str],
    series: int,
    bars: Sequence[_Bar],
) -> list[Shape]:
    """Bars grouped along the x axis, a y axis with round ticks and a zero line; values printed on the bars."""
    shapes: list[Shape] = []
    values = [float(bar.value) for bar in bars] or [0.0]
    ticks = _ticks(min(values) * 1.12, max(values) * 1.12)  # room for the value printed beyond each bar
    low, high = ticks[0], ticks[-1]
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    left, bottom = x + 56, y + height - 22

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - y - 14)

    for tick in ticks:
        shapes.append(Line(left, y_of(tick), x + width, y_of(tick), GRID))
        shapes.append(Label(left - 6, y_of(tick) + 4, _tick_text(tick, step), FONT - 2, "end"))
    group_width = (x + width - left) / max(len(groups), 1)
    bar_width = min(48.0, group_width * 0.8 / max(series, 1))
    for index, name in enumerate(groups):
        shapes.append(Label(left + group_width * (index + 0.5), bottom + 16, name, FONT, "middle"))
    zero = y_of(0.0)
    for bar in bars:
        start = left + group_width * bar.group + (group_width - bar_width * series) / 2 + bar_width * bar.series
        top = y_of(float(bar.value))
        shapes.append(Rect(start, min(top, zero), bar_width - 2, abs(zero - top), bar.fill, bar.tooltip))
        if bar_width >= 30:
            above = bar.value >= 0
            shapes.append(
                Label(
                    start + (bar_width - 2) / 2,
                    top - 4 if above else top + 12,
                    bar.shown or numbers.danish_money(bar.value),
                    FONT - 3,
                    "middle",
                )
            )
    shapes.append(Line(left, zero, x + width, zero, INK))
    return shapes


def _legend(x: float, y: float, width: float, names: Sequence[str]) -> tuple[list[Shape], float]:
    """Swatches and names in rows that fit `width`; returns the shapes and the height used."""
    shapes: list[Shape] = []
    cursor, row = x, 0
    for index, name in enumerate(names):
        needed = 18 + _text_width(name, FONT) + 18
        if cursor + needed > x + width and cursor > x:
            cursor, row = x, row + 1
        top = y + row * 20
        shapes.append(Rect(cursor, top, 12, 12, PALETTE[index % len(PALETTE)]))
        shapes.append(Label(cursor + 18, top + 11, name, FONT))
        cursor += needed
    return shapes, (row + 1) * 20


def net_chart(report: Report, width: int = 720) -> Chart:
    """Netto per committee, grouped by year: what the corrections cost each committee."""
    title = _("Netto pr. udvalg og år ({unit})").format(unit=report.unit)
    groups = report.by_committee.groups()
    names = [committee.name for committee, _correction, _years in groups]
    years = report.years
    bars = [
        _Bar(
            years.index(year),
            series,
            figures.net,
            PALETTE[series % len(PALETTE)],
            f"{committee.name} {year}: {figure_cell(figures, 'net')}",
            figure_cell(figures, "net") if figures.missing("net") else "",
        )
        for series, (committee, _correction, by_year) in enumerate(groups)
        for year, figures in sorted(by_year.items())
    ]
    shapes: list[Shape] = [Label(0, 18, title, FONT + 2, bold=True)]
    shapes += _bar_panel(0, 28, width, 240, [str(year) for year in years], len(groups), bars)
    legend, used = _legend(56, 276, width - 56, names)
    shapes += legend
    return Chart(title, width, int(276 + used + 4), tuple(shapes))


def margin_chart(report: Report, width: int = 720) -> Chart | None:
    """Each target's margin per year (and over the period where the average decides): above the line is met."""
    if report.targets is None or not report.targets.results:
        return None
    title = _("Målenes margin pr. år (mio. kr., {level}-priser; over linjen er målet opfyldt)").format(
        level=report.targets.price_level
    )
    shapes: list[Shape] = [Label(0, 18, title, FONT + 2, bold=True)]
    columns = 2
    panel_width, panel_height = width / columns, 190.0
    for index, result in enumerate(report.targets.results):
        x = (index % columns) * panel_width
        y = 32 + (index // columns) * (panel_height + 10)
        checks = [*result.years, *([result.average] if result.average is not None else [])]
        labels = [str(check.year) if check.year is not None else _("gns.") for check in checks]
        bars = [
            _Bar(
                position,
                0,
                check.margin,
                UNDECIDED if moved else MET if check.met else NOT_MET,
                f"{result.setting.name} {label}: {numbers.danish_money(check.margin)}{MARK if moved else ''}",
                numbers.danish_money(check.margin) + MARK if moved else "",
            )
            for position, (check, label) in enumerate(zip(checks, labels, strict=True))
            for moved in (check.year in result.unknown_checks,)  # an unknown amount moves it: known part only
        ]
        verdict = _("kan ikke afgøres") if result.undecided else _("opfyldt") if result.met else _("IKKE opfyldt")
        limit = _("mindst {threshold}") if result.rule.at_least else _("højst {threshold}")
        threshold = limit.format(threshold=numbers.danish_money(result.setting.threshold))
        heading = f"{result.setting.name} ({threshold}): {verdict}"
        shapes.append(Label(x + 56, y + 12, heading, FONT, bold=True, fill=INK if result.met else NOT_MET))
        shapes += _bar_panel(x, y + 16, panel_width - 16, panel_height - 16, labels, 1, bars)
    rows = math.ceil(len(report.targets.results) / columns)
    return Chart(title, width, int(32 + rows * (panel_height + 10)), tuple(shapes))


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def render_svg(chart: Chart) -> str:
    """The chart as an SVG element for inline use in HTML; every label escaped."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {chart.width} {chart.height}" '
        f'width="{chart.width}" height="{chart.height}" role="img" aria-label="{escape.xml(chart.title)}" '
        'font-family="Arial, Helvetica, sans-serif">',
        f"<title>{escape.xml(chart.title)}</title>",
    ]
    for shape in chart.shapes:
        if isinstance(shape, Rect):
            tooltip = f"<title>{escape.xml(shape.tooltip)}</title>" if shape.tooltip else ""
            parts.append(
                f'<rect x="{_number(shape.x)}" y="{_number(shape.y)}" width="{_number(shape.width)}" '
                f'height="{_number(shape.height)}" fill="{shape.fill}">{tooltip}</rect>'
            )
        elif isinstance(shape, Line):
            dash = ' stroke-dasharray="4 3"' if shape.dashed else ""
            parts.append(
                f'<line x1="{_number(shape.x1)}" y1="{_number(shape.y1)}" x2="{_number(shape.x2)}" '
                f'y2="{_number(shape.y2)}" stroke="{shape.stroke}"{dash}/>'
            )
        else:
            weight = ' font-weight="bold"' if shape.bold else ""
            parts.append(
                f'<text x="{_number(shape.x)}" y="{_number(shape.y)}" font-size="{_number(shape.size)}" '
                f'text-anchor="{shape.anchor}" fill="{shape.fill}"{weight}>{escape.xml(shape.text)}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)


def render_png(chart: Chart, scale: int = 3) -> bytes:
    """The chart as PNG bytes (for Word), drawn with Pillow at `scale` times the SVG's size for print."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (chart.width * scale, chart.height * scale), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[float, ImageFont.FreeTypeFont | ImageFont.ImageFont] = {}
    anchors = {"start": "ls", "middle": "ms", "end": "rs"}
    for shape in chart.shapes:
        if isinstance(shape, Rect):
            if shape.height > 0 and shape.width > 0:
                box = [
                    shape.x * scale,
                    shape.y * scale,
                    (shape.x + shape.width) * scale,
                    (shape.y + shape.height) * scale,
                ]
                draw.rectangle(box, fill=shape.fill)
        elif isinstance(shape, Line):
            draw.line(
                [shape.x1 * scale, shape.y1 * scale, shape.x2 * scale, shape.y2 * scale],
                fill=shape.stroke,
                width=scale // 2 or 1,
            )
        else:
            font = fonts.get(shape.size)
            if font is None:
                font = fonts[shape.size] = ImageFont.load_default(size=shape.size * scale)
            draw.text(
                (shape.x * scale, shape.y * scale),
                escape.one_line(shape.text),
                fill=shape.fill,
                font=font,
                anchor=anchors[shape.anchor],
                stroke_width=1 if shape.bold else 0,
                stroke_fill=shape.fill,
            )
    buffer = io.BytesIO()
    # zlib's default level: the same pixels as `optimize=True` in a third of the time (0.2 s of the Word report's
    # fixed cost), for a file about 3 % larger
    image.save(buffer, format="PNG")
    return buffer.getvalue()
