"""The font the charts and the PDF are drawn with: DejaVu Sans, regular and bold, in render/fonts/ (cut to the
characters a Danish report needs by tools/subset_font.py; its licence is LICENSE beside it). The one module of
`render` that reads a file: the package's own font, never input.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu Sans"


@contextmanager
def font_file(bold: bool = False) -> Iterator[Path]:
    """The font's file as a path, for Pillow (a temporary copy where the package is zipped)."""
    with resources.as_file(resources.files("budgetkorr.render") / "fonts" / FILES[bold]) as path:
        yield path


def font_face_css() -> str:
    """`@font-face` rules that carry both fonts inside the stylesheet as `data:` URLs: a PDF drawn with them looks
    the same on every machine, whatever fonts it has, and nothing is fetched from a file or the network."""
    rules = []
    for bold, name in FILES.items():
        data = base64.b64encode((resources.files("budgetkorr.render") / "fonts" / name).read_bytes()).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {"bold" if bold else "normal"}; '
            f'src: url("data:font/ttf;base64,{data}") format("truetype"); }}'
        )
    return "\n".join(rules) + "\n"
