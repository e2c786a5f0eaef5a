"""Make the charts' font: DejaVu Sans (regular and bold) cut down to the characters a Danish report needs, and the
table of their widths that lays out the charts without Pillow (the HTML report's SVG needs the same widths).

    python tools/subset_font.py [FOLDER]   # FOLDER holds DejaVuSans.ttf and DejaVuSans-Bold.ttf
                                           # (default: /usr/share/fonts/truetype/dejavu, Debian's fonts-dejavu-core)

Writes src/budgetkorr/render/fonts/DejaVuSans.ttf, DejaVuSans-Bold.ttf and src/budgetkorr/render/fontmetrics.py.
The Word report's charts are PNG pictures drawn by Pillow, whose built-in font has no æ, ø or å; the whole DejaVu
Sans is 760 kB a style, the cut one about 33 kB. Kept: Basic Latin, Latin-1, Latin Extended-A (names from every
European language), the dashes, quotes, bullet and ellipsis, the minus sign, arrows and a few signs, and U+FFFD, the
replacement character, which the charts draw for any character outside the font. Dropped: the hinting (the charts
are drawn at three times their size, where it is not needed) and the kerning and ligature tables, so that a text is
exactly as wide as its letters' advance widths, in Pillow with or without libraqm and in a browser alike.

fontTools (in the test extra: `pip install -e '.[test]'`) cuts the font; budgetkorr does not need it to run. The
font's licence is src/budgetkorr/render/fonts/LICENSE (the Bitstream Vera and Arev licences: a modified font must
not be named Bitstream, Vera or Arev, and DejaVu is none of them).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "src" / "budgetkorr" / "render" / "fonts"
METRICS = ROOT / "src" / "budgetkorr" / "render" / "fontmetrics.py"
SOURCE = Path("/usr/share/fonts/truetype/dejavu")
STYLES = {"REGULAR": "DejaVuSans.ttf", "BOLD": "DejaVuSans-Bold.ttf"}

# The characters kept: printable ASCII, Latin-1, Latin Extended-A, general punctuation (‐ – — ‘ ’ “ ” • … ‰ ‹ ›),
# the euro sign, ™, arrows, − ≈ ≠ ≤ ≥, and the replacement character.
RANGES = ((0x20, 0x7E), (0xA0, 0x17F), (0x2010, 0x2027), (0x2030, 0x203A), (0x2190, 0x2193))
SINGLE = (0x20AC, 0x2122, 0x2212, 0x2248, 0x2260, 0x2264, 0x2265, 0xFFFD)
CODEPOINTS = sorted({c for low, high in RANGES for c in range(low, high + 1)} | set(SINGLE))

HEADER = '''"""The advance widths of the charts' font (render/fonts/), so that a chart is laid out without opening it.

Written by tools/subset_font.py from the font it cut: do not edit. For each character the font has, its advance
width in font units (UNITS_PER_EM to the em); the font has no kerning, so a text is as wide as the sum.
"""

'''


def cut(source: Path, target: Path) -> TTFont:
    """The font at `source` cut to CODEPOINTS, saved at `target` (its timestamp kept: the same input, same bytes)."""
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GPOS", "GSUB", "GDEF", "kern", "MATH", "FFTM"]
    options.hinting = False
    options.name_IDs = ["*"]  # the copyright and licence notices stay in the font
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = TTFont(source, recalcTimestamp=False)
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=CODEPOINTS)
    cutter.subset(font)
    font.save(target)
    return TTFont(target)


def widths(font: TTFont) -> dict[int, int]:
    cmap = font.getBestCmap()
    metrics = font["hmtx"]
    return {codepoint: metrics[glyph][0] for codepoint, glyph in sorted(cmap.items())}


def table(name: str, advances: dict[int, int]) -> str:
    items = [f"{codepoint}: {width}," for codepoint, width in advances.items()]
    lines = [" ".join(items[i : i + 9]) for i in range(0, len(items), 9)]
    return f"{name}: dict[int, int] = {{\n" + "".join(f"    {line}\n" for line in lines) + "}\n"


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else SOURCE
    FONTS.mkdir(parents=True, exist_ok=True)
    tables, units = [], set()
    for name, file_name in STYLES.items():
        font = cut(source / file_name, FONTS / file_name)
        units.add(font["head"].unitsPerEm)
        advances = widths(font)
        missing = sorted(set(CODEPOINTS) - set(advances))
        if missing:
            print(f"{file_name}: no glyph for {', '.join(f'U+{c:04X}' for c in missing)}", file=sys.stderr)
            return 1
        tables.append(table(name, advances))
        print(f"{FONTS / file_name}: {len(advances)} characters, {(FONTS / file_name).stat().st_size} bytes")
    (unit,) = units
    text = f"{HEADER}UNITS_PER_EM = {unit}\n\n# fmt: off\n" + "\n".join(tables) + "# fmt: on\n"
    METRICS.write_text(text, encoding="utf-8")
    print(METRICS)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
