"""The command line's own words in the user's language: --help pages and usage errors.

typer and the click beneath it draw --help and report a wrong command line in English, and their sentences change
between releases. Here both are drawn from what we declared (each parameter's names, help text, `metavar`,
default, environment variable; `values` gives every parameter a Danish name for its kind of value), through
click's public extension points (`format_usage`, `format_help_text`, `format_options`, `parse_args` and the
formatter's `write_*`). Usage errors are told from the exception's kind and its public attributes
(`option_name`, `param`, `possibilities`), never from its English message: a kind we do not know is still a Danish
sentence, which at most quotes the library's words. Danish by default, English with BUDGETKORR_LANG=en,
LANGUAGE=en or `--sprog en`; help texts are translated when --help is drawn, so `--sprog` counts for them.
"""

from __future__ import annotations

import inspect
from typing import Any

from typer.core import TyperCommand

from budgetkorr.cli.values import ARGUMENT_NAMES, Refused
from budgetkorr.i18n import N_, _

HELP_TEXT = N_("Vis denne hjælp og afslut.")
OPTIONS_PIECE = N_("[TILVALG]")
COMMAND_PIECE = N_("KOMMANDO [ARGUMENTER]...")


def help_text(text: str | None) -> str:
    """A command's or option's help in the user's language (the texts are the Danish message ids)."""
    return _(inspect.cleandoc(text)) if text else ""


def argument_name(param: Any) -> str:
    """An argument as the user reads it: `ÅR`, `FIL...`."""
    name = _(param.metavar or ARGUMENT_NAMES.get(param.name, str(param.name).upper()))
    return name + "..." if param.nargs == -1 else name


def is_argument(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


def usage_pieces(command: Any, ctx: Any) -> str:
    """`[TILVALG] [ÅR]`: the options, then each argument, optional ones in brackets."""
    pieces = [_(OPTIONS_PIECE)]
    for param in command.get_params(ctx):
        if is_argument(param):
            name = argument_name(param)
            pieces.append(name if param.required else f"[{name}]")
    return " ".join(pieces)


def _default(param: Any) -> str | None:
    """The default as --help shows it, where typer is asked to show one and there is one worth showing."""
    shown = getattr(param, "show_default", None)
    if isinstance(shown, str):
        return shown
    default = param.default
    if not shown or getattr(param, "is_flag", False) or default is None or default == () or default == []:
        return None
    return str(getattr(default, "value", default))


def _extras(param: Any) -> str:
    """`[standard: table; påkrævet; miljøvariabel: BUDGETKORR_DATA]`, from the parameter's own settings."""
    extras = []
    default = _default(param)
    if default is not None:
        extras.append(_("standard") + ": " + default)
    if param.required:
        extras.append(_("påkrævet"))
    if param.envvar and getattr(param, "show_envvar", True):
        extras.append(_environment(param))
    return "  [" + "; ".join(extras) + "]" if extras else ""


def _environment(param: Any) -> str:
    """`miljøvariabel: BUDGETKORR_DATA`: the environment variables a parameter is read from."""
    names = [param.envvar] if isinstance(param.envvar, str) else list(param.envvar)
    return _("miljøvariabel") + ": " + ", ".join(names)


def _option_names(param: Any) -> str:
    names = ", ".join(sorted(param.opts, key=lambda name: name.startswith("--")))  # -f, --format
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    if not getattr(param, "is_flag", False) and param.metavar:
        names += " " + _(param.metavar)
    return names


def help_rows(command: Any, ctx: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The rows of the Argumenter and Tilvalg sections: a name and its help, in the order declared."""
    help_option = command.get_help_option(ctx)
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if param is help_option:
            options.append((_option_names(param), _(HELP_TEXT)))
        elif is_argument(param):
            arguments.append((argument_name(param), (help_text(getattr(param, "help", None)) + _extras(param)).strip()))
        else:
            options.append((_option_names(param), (help_text(param.help) + _extras(param)).strip()))
    return arguments, options


def draw_usage(ctx: Any, formatter: Any, usage: str) -> None:
    """The usage line, as click lays it out: `Brug: budgetkorr summary [TILVALG] [ÅR]`."""
    formatter.write_usage(ctx.command_path, usage, _("Brug: "))


def draw_text(command: Any, formatter: Any) -> None:
    """The command's help, a paragraph indented under the usage line."""
    text = help_text(command.help)
    if text:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)


def draw_options(command: Any, ctx: Any, formatter: Any) -> None:
    """The Argumenter and Tilvalg sections."""
    arguments, options = help_rows(command, ctx)
    if arguments:
        with formatter.section(_("Argumenter")):
            formatter.write_dl(arguments)
    if options:
        with formatter.section(_("Tilvalg")):
            formatter.write_dl(options)


class Command(TyperCommand):
    """A command whose --help and usage errors are in the user's language."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:  # Any: the click classes are typer's to choose
        draw_usage(ctx, formatter, usage_pieces(self, ctx))

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        draw_text(self, formatter)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        draw_options(self, ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True  # click's sentence for extra arguments is its own: say it here
        try:
            rest = super().parse_args(ctx, args)
        except Exception as exc:
            if getattr(exc, "ctx", False) is None:
                exc.ctx = ctx  # type: ignore[attr-defined]  # so that the error shows this command's usage line
            raise
        finally:
            ctx.allow_extra_args = allowed
        if ctx.args and not allowed and not ctx.resilient_parsing:
            raise Refused(_("uventede argumenter: {arguments}").format(arguments=" ".join(ctx.args)), ctx=ctx)
        return rest


# --- usage errors ---------------------------------------------------------------------------------------------


def kinds(exc: BaseException) -> set[str]:
    """The names of the exception's classes: click's kinds of error are known by their documented names
    (`NoSuchOption`, `UsageError`, …), whichever package the classes are bundled in."""
    return {kind.__name__ for kind in type(exc).__mro__}


def _hint(param: Any) -> str:
    """The option or argument as an error names it: `'--data' (miljøvariabel: BUDGETKORR_DATA)`."""
    if param is None:
        return ""
    if is_argument(param):
        return repr(argument_name(param).removesuffix("..."))
    hint = " / ".join(repr(name) for name in param.opts)
    if param.envvar:
        hint += f" ({_environment(param)})"
    return hint


def _option(ctx: Any, name: str | None) -> Any:
    if ctx is None or name is None:
        return None
    return next((param for param in ctx.command.get_params(ctx) if name in (*param.opts, *param.secondary_opts)), None)


def usage_message(exc: Exception) -> str:
    """What was wrong on the command line, in the user's language."""
    found = kinds(exc)
    ctx = getattr(exc, "ctx", None)
    param = getattr(exc, "param", None)
    if isinstance(exc, Refused):
        if param is None:
            return str(exc.message)
        return _("ugyldig værdi for {name}: {reason}").format(name=_hint(param), reason=exc.message)
    if "NoSuchOption" in found:
        message = _("ukendt tilvalg: {option}").format(option=exc.option_name)  # type: ignore[attr-defined]
        possibilities = sorted(getattr(exc, "possibilities", None) or ())
        if possibilities:
            return message + " " + _("(mulige: {options})").format(options=", ".join(possibilities))
        return message
    if "MissingParameter" in found:
        kind = getattr(exc, "param_type", None) or getattr(param, "param_type_name", "")
        if kind == "argument":
            return _("argumentet {name} mangler").format(name=_hint(param))
        return _("tilvalget {name} mangler").format(name=_hint(param))
    if "BadOptionUsage" in found:
        name = getattr(exc, "option_name", None)
        option = _option(ctx, name)
        if option is not None and getattr(option, "is_flag", False):
            return _("tilvalget {option} tager ingen værdi").format(option=name)
        return _("tilvalget {option} skal have en værdi").format(option=name)
    if "BadParameter" in found and param is not None:
        return _("ugyldig værdi for {name} (biblioteket siger: {words!r})").format(
            name=_hint(param), words=getattr(exc, "message", str(exc))
        )
    return _("kommandolinjen kan ikke bruges (biblioteket siger: {words!r})").format(
        words=getattr(exc, "message", str(exc))
    )


def usage_error(exc: Exception) -> str:
    """The usage line, where to find help, and the message: what is written on stderr for a usage error."""
    ctx = getattr(exc, "ctx", None)
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"{ctx.command_path} {ctx.help_option_names[0]}"
            lines.append(_("Se '{command}' for hjælp.").format(command=hint))
        lines.append("")
    lines.append(_("Fejl: {message}").format(message=usage_message(exc)))
    return "\n".join(lines) + "\n"
