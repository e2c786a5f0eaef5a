"""click's own words in the user's language: the usage line, the headings of --help, and usage errors.

typer draws --help and reports a wrong option with the click it bundles, in English ("Usage:", "Error: No such
option"). The app's group and its commands are of the classes here, which write the same things through the
catalog: Danish by default, English with BUDGETKORR_LANG=en, LANGUAGE=en or `--sprog en`. Help texts are translated
when --help is drawn, not when the command modules are imported, so `--sprog` on the command line counts for them.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from budgetkorr import i18n
from budgetkorr.cli.coercion import defer_coercion
from budgetkorr.cli.front import first_sentence
from budgetkorr.i18n import N_, _

try:  # typer 0.22 and later bundle their own click
    from typer._click import exceptions as click_errors
    from typer._click.core import Context
    from typer._click.formatting import HelpFormatter
except ImportError:  # pragma: no cover - an older typer on the click package
    from click import exceptions as click_errors  # type: ignore[no-redef, import-not-found, unused-ignore]
    from click.core import Context  # type: ignore[no-redef, import-not-found, unused-ignore]
    from click.formatting import HelpFormatter  # type: ignore[no-redef, import-not-found, unused-ignore]

HELP_OPTION_TEXT = "Show this message and exit."  # click's, replaced by ours

# What click and typer write around the help texts, in the user's language.
_USAGE_PIECES = {
    "[OPTIONS]": N_("[TILVALG]"),
    "COMMAND [ARGS]...": N_("KOMMANDO [ARGUMENTER]..."),
}
_TYPES = {
    "int range": N_("tal"),
    "int": N_("tal"),
    "float": N_("tal"),
    "str": N_("tekst"),
    "list[str]": N_("tekst"),
    "dir": N_("mappe"),
    "file": N_("fil"),
    "path": N_("sti"),
    "list[path]": N_("sti"),
    "date": N_("dato"),
}
# The commands' arguments by their names in the code, as the user reads them in the usage line and errors.
_ARGUMENTS = {
    "year": N_("ÅR"),
    "nr": N_("NR"),
    "number": N_("NR"),
    "files": N_("FIL"),
    "paths": N_("STI"),
    "base": N_("FRA"),
    "head": N_("TIL"),
}
_EXTRAS = {"default": N_("standard"), "required": N_("påkrævet"), "env var": N_("miljøvariabel")}
_TYPE = re.compile(r"<([^<>|]+)>")
_EXTRA = re.compile(r"\[([^\[\]]*)\]$")


def _help_text(text: str | None) -> str:
    """A command's or option's help in the user's language (the texts are the Danish message ids)."""
    if not text:
        return ""
    if text == HELP_OPTION_TEXT:
        return _("Vis denne hjælp og afslut.")
    return _(inspect.cleandoc(text))


def _metavar(name: str) -> str:
    """`--udvalg <str>` → `--udvalg <tekst>`: typer's names of the value types, in words."""
    return _TYPE.sub(lambda m: f"<{_(_TYPES[m[1]])}>" if m[1] in _TYPES else m[0], name)


def _argument(name: str) -> str:
    known = _ARGUMENTS.get(name)
    return _(known) if known is not None else name.upper()


def _arguments(text: str) -> str:
    """`[year]` and `{files}...` in a usage line → `[ÅR]`, `{FIL}...`."""
    return re.sub(r"(?<=[\[{])(\w+)(?=[\]}])", lambda m: _argument(m[1]), text)


def _extras(text: str) -> str:
    """`[default: table; required]` → `[standard: table; påkrævet]`."""

    def word(part: str) -> str:
        key, colon, value = part.partition(":")
        known = _EXTRAS.get(key.strip())
        return part if known is None else _(known) + colon + value

    match = _EXTRA.search(text)
    if match is None:
        return text
    return text[: match.start()] + "[" + "; ".join(word(part) for part in match[1].split("; ")) + "]"


def _usage(command: Any, ctx: Context, formatter: HelpFormatter) -> None:
    pieces = [
        _(_USAGE_PIECES[piece]) if piece in _USAGE_PIECES else piece for piece in command.collect_usage_pieces(ctx)
    ]
    formatter.write_usage(ctx.command_path, _arguments(_metavar(" ".join(pieces))), _("Brug: "))


def _help(command: Any, formatter: HelpFormatter) -> None:
    text = _help_text(command.help)
    if text:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)


def _options(command: Any, ctx: Context, formatter: HelpFormatter) -> None:
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        name, text = record
        own = param.help or ""
        rest = text[len(own) :] if own and text.startswith(own) else ("" if own else text)
        if param.param_type_name == "argument":
            name = re.sub(r"^\w+", lambda m: _argument(m[0]), name)
        row = (_metavar(name), (_help_text(own) + _extras(rest)).strip())
        (arguments if param.param_type_name == "argument" else options).append(row)
    if arguments:
        with formatter.section(_("Argumenter")):
            formatter.write_dl(arguments)
    if options:
        with formatter.section(_("Tilvalg")):
            formatter.write_dl(options)


class Command(TyperCommand):
    """A command whose --help is in the user's language."""

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        _usage(self, ctx, formatter)

    def format_help_text(self, ctx: Context, formatter: HelpFormatter) -> None:
        _help(self, formatter)

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        _options(self, ctx, formatter)

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        defer_coercion(self.get_params(ctx))
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True  # click's message is English: say it here
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if ctx.args and not allowed and not ctx.resilient_parsing:
            ctx.fail(_("uventede argumenter: {arguments}").format(arguments=" ".join(ctx.args)))
        return rest


class Group(TyperGroup):
    """The app: its --help, its commands' --help and every usage error in the user's language."""

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if type(command) is TyperCommand:
            command.__class__ = Command  # the same command, drawn by the methods above
        return command

    def listed_help(self, ctx: Context) -> list[tuple[str, str]]:
        """Each command --help lists, with its help text."""
        helps = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                helps.append((name, command.help or ""))
        return helps

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        defer_coercion(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        _usage(self, ctx, formatter)

    def format_help_text(self, ctx: Context, formatter: HelpFormatter) -> None:
        _help(self, formatter)

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        _options(self, ctx, formatter)
        rows = [(name, first_sentence(_help_text(text))) for name, text in self.listed_help(ctx)]
        if rows:
            with formatter.section(_("Kommandoer")):
                formatter.write_dl(rows)

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and self.get_command(ctx, name) is None and not name.startswith("-"):
            from difflib import get_close_matches

            close = get_close_matches(name, self.list_commands(ctx), n=1)
            message = (
                _("ukendt kommando {name!r}; mente du {close}?").format(name=name, close=close[0])
                if close
                else _("ukendt kommando {name!r}; kommandoerne er: {known}").format(
                    name=name, known=", ".join(self.list_commands(ctx))
                )
            )
            ctx.fail(message)
        return super().resolve_command(ctx, args)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run; a usage error is written here, in the user's language, instead of by click."""
        i18n.choose(None)  # a --sprog of an earlier run in the same process does not carry over
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.UsageError as exc:
            _usage_error(exc)
        except click_errors.ClickException as exc:
            sys.stderr.write(_("Fejl: {message}").format(message=exc.format_message()) + "\n")
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.stderr.write(_("Afbrudt.") + "\n")
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _usage_error(exc: click_errors.UsageError) -> NoReturn:
    ctx = exc.ctx
    if isinstance(exc, click_errors.NoArgsIsHelpError) and ctx is not None:
        sys.stderr.write(ctx.get_help() + "\n")
        sys.exit(exc.exit_code)
    if ctx is not None:
        sys.stderr.write(ctx.get_usage() + "\n")
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"{ctx.command_path} {ctx.help_option_names[0]}"
            sys.stderr.write(_("Se '{command}' for hjælp.").format(command=hint) + "\n")
        sys.stderr.write("\n")
    sys.stderr.write(_("Fejl: {message}").format(message=usage_message(exc)) + "\n")
    sys.exit(exc.exit_code)


def _hint(exc: click_errors.BadParameter) -> str:
    """The option or argument as the error names it: `'--data' (miljøvariabel: 'BUDGETKORR_DATA')`."""
    return _ENV_HINT.sub(lambda m: "(" + _("miljøvariabel") + ":", _plain_hint(exc))


_ENV_HINT = re.compile(r"\(env var:")


def _plain_hint(exc: click_errors.BadParameter) -> str:
    if exc.param_hint is not None:
        hints = [exc.param_hint] if isinstance(exc.param_hint, str) else list(exc.param_hint)
        return " / ".join(hints if isinstance(exc.param_hint, str) else (repr(h) for h in hints))
    if exc.param is not None and exc.param.param_type_name == "argument" and exc.param.name:
        return repr(_argument(exc.param.name))
    if exc.param is not None:
        hint: Any = exc.param.get_error_hint  # typer's takes no context, click's takes one
        return str(hint() if not inspect.signature(hint).parameters else hint(exc.ctx))
    return ""


def usage_message(exc: click_errors.UsageError) -> str:
    """What was wrong on the command line, in the user's language (click's own English where it is unknown)."""
    if isinstance(exc, click_errors.NoSuchOption):
        message = _("ukendt tilvalg: {option}").format(option=exc.option_name)
        if exc.possibilities:
            return message + " " + _("(mulige: {options})").format(options=", ".join(sorted(exc.possibilities)))
        return message
    if isinstance(exc, click_errors.MissingParameter):
        hint = _hint(exc)
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        if kind == "argument":
            return _("argumentet {name} mangler").format(name=hint)
        if kind == "option":
            return _("tilvalget {name} mangler").format(name=hint)
        return _("{name} mangler").format(name=hint)
    if isinstance(exc, click_errors.BadParameter):
        return _("ugyldig værdi for {name}: {reason}").format(name=_hint(exc), reason=_reason(exc))
    if isinstance(exc, click_errors.BadOptionUsage):
        if "requires" in exc.message:
            return _("tilvalget {option} skal have en værdi").format(option=exc.option_name)
        if "does not take a value" in exc.message:
            return _("tilvalget {option} tager ingen værdi").format(option=exc.option_name)
    return exc.format_message()


def _reason(exc: click_errors.BadParameter) -> str:
    """Why a value was refused: from the validation error behind it, where there is one."""
    errors = getattr(exc.__cause__, "errors", None)
    if callable(errors):
        found = errors()
        if found:
            from budgetkorr.diagnostics import whole_number_problem

            error = found[0]
            given = error.get("input")
            problem = whole_number_problem(str(error.get("type")), given, error.get("ctx"))
            if problem is not None:
                return problem
            choices = re.search(r"is not one of (.*)\.$", str(error.get("msg", "")))
            if choices:
                return _("{value!r} er ikke en af: {allowed}").format(value=given, allowed=choices[1])
    path = _PATH_PROBLEM.match(exc.message)
    if path is not None:
        template = _PATH_PROBLEMS[path.group("problem")]
        return _(template).format(path=path.group("path"))
    return exc.message


# typer's words for a path that is not what the option takes
_PATH_PROBLEM = re.compile(
    r"^\w+ (?P<path>'.*') (?P<problem>is a file|is a directory|does not exist|is not readable)\.$"
)
_PATH_PROBLEMS = {
    "is a file": N_("{path} er en fil; angiv en mappe"),
    "is a directory": N_("{path} er en mappe; angiv en fil"),
    "does not exist": N_("{path} findes ikke"),
    "is not readable": N_("{path} kan ikke læses"),
}
