"""`budgetkorr --help` and `budgetkorr --version`, answered without loading typer.

Typer and the click it bundles are most of what these two cost, and neither needs an option's value or a file. The
words are the app's own: the root options' help texts below (which `shared` gives typer too) and the commands'
(`budgetkorr.cli.COMMANDS`), laid out as click lays out --help (a usage line, a paragraph, two-column lists,
wrapped to the terminal's width up to 80 columns). A test holds this page equal to the one typer draws, in both
languages and at several widths. Any other command line goes to typer.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from pathlib import Path

from budgetkorr.core.version import __version__
from budgetkorr.i18n import N_, _

APP_HELP = N_(
    "Tekniske budgetkorrektioner som data: kontrollér dem, summér dem pr. udvalg og år, og eksportér dem til "
    "regneark. Beløb i mio. kr.; + = merudgift/mindreindtægt, - = mindreudgift/merindtægt."
)
VERSION_HELP = N_("Vis versionen og afslut.")
DEBUG_HELP = N_("Vis tracebacken ved en intern fejl.")
LANGUAGE_HELP = N_("Sproget i alt, der skrives til en person: da (standard) eller en. Også BUDGETKORR_LANG=en.")
PROGRAM = "budgetkorr"


def answer(argv: list[str]) -> None:
    """Answer `budgetkorr --help`, `-h` or `--version` (exactly those) and exit; return on anything else."""
    if Path(argv[0]).name != PROGRAM or argv[1:] not in (["--help"], ["-h"], ["--version"]):
        return
    from budgetkorr.cli.output import run

    text = f"{PROGRAM} {__version__}\n" if argv[1:] == ["--version"] else root_help() + "\n"
    run(lambda: sys.stdout.write(text))


def first_sentence(text: str) -> str:
    """The first sentence of a help text, for the list of commands: `pr. udvalg` does not end it."""
    import re

    match = re.search(r"[.:](?=\s+[A-ZÆØÅ(])", text)
    return text[: match.start() + 1].rstrip(":.") + "." if match else text


def root_help() -> str:
    """The page `budgetkorr --help` shows, as click draws it for the app (without its last newline)."""
    from budgetkorr.cli.commands import COMMANDS

    width = max(min(shutil.get_terminal_size().columns, 80) - 2, 50)
    prefix = _("Brug: ") + PROGRAM + " "
    usage = " ".join((_("[TILVALG]"), _("KOMMANDO [ARGUMENTER]...")))
    options = [
        ("--version", _(VERSION_HELP)),
        ("--debug", _(DEBUG_HELP)),
        ("--sprog, --lang <da|en>", _(LANGUAGE_HELP)),
        ("-h, --help", _("Vis denne hjælp og afslut.")),
    ]
    commands = [(name, first_sentence(_(command.help))) for name, command in COMMANDS.items()]
    parts = [
        _wrap(usage, width, prefix, " " * len(prefix)),
        "",
        _wrap(_(APP_HELP), width, "  ", "  "),
        "",
        _("Tilvalg") + ":",
        *_list(options, width),
        "",
        _("Kommandoer") + ":",
        *_list(commands, width),
    ]
    return "\n".join(parts)


class _Wrapper(textwrap.TextWrapper):
    def _handle_long_word(self, reversed_chunks: list[str], cur_line: list[str], cur_len: int, width: int) -> None:
        # as click does: a word longer than the line is cut where the line ends
        space_left = max(width - cur_len, 1)
        cur_line.append(reversed_chunks[-1][:space_left])
        reversed_chunks[-1] = reversed_chunks[-1][space_left:]


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> str:
    wrapper = _Wrapper(width, initial_indent=first, subsequent_indent=rest, replace_whitespace=False)
    return wrapper.fill(text.expandtabs())


def _list(rows: list[tuple[str, str]], width: int) -> list[str]:
    """Two columns as click's `write_dl` writes them, indented by two."""
    first_column = min(max(len(name) for name, _text in rows), 30) + 2
    lines = []
    for name, text in rows:
        head = "  " + name
        if not text:
            lines.append(head)
            continue
        if len(name) <= first_column - 2:
            head += " " * (first_column - len(name))
        else:
            lines.append(head)
            head = " " * (first_column + 2)
        wrapped = _wrap(text, max(width - first_column - 2, 10)).splitlines() or [""]
        lines.append(head + wrapped[0])
        lines += [" " * (first_column + 2) + line for line in wrapped[1:]]
    return lines
