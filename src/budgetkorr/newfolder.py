"""`init`'s data folder: a new budget year's files, fresh or rolled over from last year's folder.

A fresh folder has budget.yaml with the period ÅR…ÅR+3 and every row of the overview `ukendt` (the adopted
budget's hovedoversigt is typed in by hand), udvalg.yaml with the one committee every municipality has and the
format explained, targets.yaml with the four rules and their thresholds `ukendt`, prisniveau.yaml without rates
(a rate is never guessed) and an empty corrections/. A folder rolled over (`--fra`) keeps last year's committees,
targets and rates as they were written (comments and all) and the municipality's name; the overview starts again
`ukendt`, and no correction is carried over: last year's approved corrections are in the new base budget.

The files are Danish whatever the language of the messages, as the shipped data and the forms are. Every file
is validated as `validate` reads it before anything is written, and written by `files.write_atomic`: a
new file never replaces another, and with `force` a replaced file is kept as NAME.bak.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from budgetkorr.core.diagnostics import Diagnostic, display_path, has_errors
from budgetkorr.core.folder import BUDGET_FILE, COMMITTEES_FILE, CORRECTIONS_DIR, PRICES_FILE, TARGETS_FILE
from budgetkorr.files import WriteRefused, write_atomic
from budgetkorr.i18n import N_, _
from budgetkorr.loader import OTHER_FILES, load_file
from budgetkorr.loader.validate import validate_file
from budgetkorr.models import TARGET_IDS, BudgetOverview, CommitteeList
from budgetkorr.models.values import UNKNOWN
from budgetkorr.yamlread import parse_yaml, read_limited
from budgetkorr.yamlwrite import scalar

COMMITTEES_WHAT = N_("udvalgene med navn, forkortelse og nummer")
YEARS = 4  # the budget year and three overslagsår
FILES = (BUDGET_FILE, COMMITTEES_FILE, TARGETS_FILE, PRICES_FILE)  # in the order they are written and named


@dataclass(frozen=True)
class NewFolder:
    """The files of a new data folder (name → text), validated, for budget year `year`."""

    year: int
    files: dict[str, str]

    def write(self, data_dir: Path, *, force: bool) -> list[Path]:
        """Write the files and make corrections/; return the .bak files kept. A folder with anything in it is
        refused without `force`; with it, only the files above are replaced (each kept as .bak) and nothing else
        in the folder is touched."""
        if not force and data_dir.exists() and (not data_dir.is_dir() or any(data_dir.iterdir())):
            message = _(
                "{path} findes allerede; brug --force for at skrive det nye budgetårs filer i den (de gamle "
                "gemmes som .bak)"
            )
            raise WriteRefused(message.format(path=display_path(data_dir)))
        data_dir.mkdir(parents=True, exist_ok=True)
        backups = [write_atomic(data_dir / name, self.files[name].encode("utf-8"), force=force) for name in FILES]
        (data_dir / CORRECTIONS_DIR).mkdir(exist_ok=True)
        return [backup for backup in backups if backup is not None]


def fresh(year: int, municipality: str | None) -> NewFolder:
    """A new data folder for budget year `year`, with nothing known yet but the municipality's name."""
    files = {
        BUDGET_FILE: budget_text(year, municipality),
        COMMITTEES_FILE: COMMITTEES,
        TARGETS_FILE: targets_text(municipality),
        PRICES_FILE: prices_text(year),
    }
    return _checked(year, files)


def rolled_over(year: int, old: Path, municipality: str | None) -> NewFolder | list[Diagnostic]:
    """Budget year `year`'s folder from last year's folder `old`: its committees, targets and rates as written,
    and its municipality unless `municipality` names one. The old files must be valid (else their problems)."""
    problems: list[Diagnostic] = []
    carried: dict[str, str] = {}
    for name in (COMMITTEES_FILE, TARGETS_FILE, PRICES_FILE):
        path = old / name
        if name != COMMITTEES_FILE and not path.exists():
            continue  # made fresh below, as init makes it
        model, what = (CommitteeList, COMMITTEES_WHAT) if name == COMMITTEES_FILE else OTHER_FILES[name]
        record, _source, found = load_file(path, model, what)
        if record is not None and not has_errors(found):
            raw, unread = read_limited(path)  # as written, comments and all
            found += [unread] if unread is not None else []
            if raw is not None:
                carried[name] = raw.decode("utf-8", "replace")  # valid UTF-8: the loader has just read it
        problems += found
    if (old / BUDGET_FILE).exists():
        budget, _source, found = load_file(old / BUDGET_FILE, BudgetOverview, OTHER_FILES[BUDGET_FILE][1])
        problems += found
        if isinstance(budget, BudgetOverview) and municipality is None:
            municipality = budget.municipality
    if has_errors(problems):
        return [problem for problem in problems if problem.is_error]
    files = {
        BUDGET_FILE: budget_text(year, municipality),
        COMMITTEES_FILE: carried[COMMITTEES_FILE],
        TARGETS_FILE: carried.get(TARGETS_FILE) or targets_text(municipality),
        PRICES_FILE: carried.get(PRICES_FILE) or prices_text(year),
    }
    return _checked(year, files)


def _checked(year: int, files: dict[str, str]) -> NewFolder:
    """The folder, once every file is valid as `validate` reads it (a problem here is a bug: AssertionError)."""
    for name, text in files.items():
        model, what = (CommitteeList, COMMITTEES_WHAT) if name == COMMITTEES_FILE else OTHER_FILES[name]
        source, problems = parse_yaml(Path(name), text)
        if source is not None:
            problems += validate_file(source, model, what)[1]
        if has_errors(problems):
            raise AssertionError("\n".join(problem.format() for problem in problems))
    return NewFolder(year, files)


def budget_text(year: int, municipality: str | None) -> str:
    """budget.yaml for the period year…year+3: every row of the overview `ukendt`, the source to be written."""
    years = range(year, year + YEARS)
    span = f"{years[0]}-{years[-1]}"
    rows = [field.alias for field in BudgetOverview.model_fields.values() if field.alias and _is_row(field.alias)]
    width = max(len(row) for row in rows) + 1
    amounts = ", ".join(f"{y}: {UNKNOWN}" for y in years)
    who = f"{municipality}: budgettets" if municipality else "Budgettets"
    header = (
        f"# {who} hovedoversigt før korrektionerne, pr. år, i mio. kr. i {year}-priser, med udgifter\n"
        "# positive: indtægter og låneoptagelse er negative. check-targets lægger korrektionerne til den.\n"
        "#\n"
        f"# Tallene kommer fra det vedtagne budget {span}'s hovedoversigt (budgetåret og overslagsårene).\n"
        f"# Erstat hvert `{UNKNOWN}` med tallet derfra, skrevet med punktum før decimalerne (-3180.5, ikke\n"
        "# -3.180,5), og skriv i `kilde`, hvor tallene kommer fra. Indtil da er mappen gyldig, men check-targets\n"
        "# tjekker ikke målene.\n"
    )
    lines = [header.rstrip("\n")]
    if municipality:
        lines.append(f"kommune: {scalar(municipality)}")
    else:
        lines.append("# kommune: skriv kommunens navn her")
    source = f"skriv her, hvor tallene kommer fra (fx Vedtaget budget {span}, hovedoversigten)"
    lines += [f"kilde: {scalar(source)}", f"prisniveau: {year}"]
    lines += [f"{(row + ':').ljust(width)} {{{amounts}}}" for row in rows]
    return "\n".join(lines) + "\n"


def _is_row(alias: str) -> bool:
    return alias not in ("kilde", "prisniveau", "kommune")


COMMITTEES = (
    "# Kommunens stående udvalg. Skriv jeres egne udvalg her, med navnet præcis som det står på udvalgets\n"
    "# korrektionsskemaer: så kender import og new dem. Navnene skifter mellem valgperioderne: hold listen ajour.\n"
    "#\n"
    "# Hvert udvalg står på to eller tre linjer, som her (fjern # foran linjerne):\n"
    "#   - navn: Teknik- og Miljøudvalget\n"
    "#     forkortelse: TMU\n"
    "#     nummer: 5\n"
    "# `forkortelse` kan en korrektions `udvalg:` bruge i stedet for navnet. `nummer` er udvalgets ciffer i\n"
    "# korrektionsnumrene (T501: udvalg 5); udelad linjen, hvis jeres numre ikke følger udvalgene.\n"
    "#\n"
    "# Økonomiudvalget har alle kommuner (kommunestyrelsesloven § 17); skriv de andre udvalg under det.\n"
    "udvalg:\n"
    "  - navn: Økonomiudvalget\n"
    "    forkortelse: ØK\n"
)

# The four built-in rules, each with its name and what it says: the threshold is the municipality's own.
_RULES = {
    "strukturel_balance": (
        "Strukturel balance",
        "indtægterne dækker driften, renterne, anlæg og afdrag (tærskel 0: balance)",
    ),
    "anlæg": ("Anlæg", "anlægsudgifterne skal i gennemsnit over budgetperioden udgøre mindst tærsklen"),
    "kassebeholdning": (
        "Gennemsnitlig kassebeholdning",
        "den gennemsnitlige kassebeholdning skal være mindst tærsklen",
    ),
    "afdrag": ("Afdrag på ordinære lån", "der skal hvert år afdrages mindst tærsklen på de ordinære lån"),
}


def targets_text(municipality: str | None) -> str:
    """targets.yaml with the four rules, each threshold `ukendt` until the municipality's own is written."""
    assert tuple(_RULES) == TARGET_IDS
    whose = f"{municipality}s" if municipality else "Kommunens"
    lines = [
        (
            f"# {whose} økonomiske målsætninger. De fire regler er indbygget (id'erne nedenfor); tærsklerne er\n"
            f"# kommunens egne. Erstat hvert `tærskel: {UNKNOWN}` med tærsklen i mio. kr. (en værdi lig med tærsklen\n"
            "# opfylder målet), og skriv i `kilde`, hvor målene er besluttet. Et mål, kommunen ikke har, slås fra\n"
            "# med `aktiv: false`. check-targets tjekker ikke målene, så længe et aktivt mål har en ukendt tærskel."
        ),
        "kilde: " + scalar("skriv her, hvor målene er besluttet (fx kommunens økonomiske politik)"),
        "mål:",
    ]
    for rule, (name, description) in _RULES.items():
        lines += [
            f"  - id: {rule}",
            f"    navn: {scalar(name)}",
            f"    tærskel: {UNKNOWN}",
            f"    beskrivelse: {scalar(description)}",
        ]
    return "\n".join(lines) + "\n"


def prices_text(year: int) -> str:
    """prisniveau.yaml without rates: budgetkorr never guesses one."""
    before = year - 1
    return (
        "# Pris- og lønudvikling for serviceudgifter (KL's pris- og lønskøn) fra hvert år til det næste, i procent.\n"
        f"# `{before}: 2.9` ville betyde: et beløb i {before}-priser gange 1,029 er i {year}-priser. Flere år\n"
        "# kædes sammen.\n"
        "#\n"
        "# Der er ingen satser endnu, og budgetkorr gætter aldrig en sats: indtil satsen står her, summeres en\n"
        f"# korrektion i et andet prisniveau end {year} uomregnet, og summary og check-targets siger det. Skriv\n"
        "# satserne fra KL's seneste pris- og lønskøn ind under `satser:` (fjern {}), og angiv udgaven i `kilde`.\n"
        "kilde: KL's pris- og lønskøn for serviceudgifter (ingen satser indtastet endnu)\n"
        "satser: {}\n"
    )
