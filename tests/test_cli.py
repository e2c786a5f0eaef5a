"""The commands as a user runs them: exit code, stdout and stderr asserted separately."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from budgetkorr import cli
from tests.conftest import VALID, Budget, run, with_lines


def _valid(nr: str = "T101", **lines: str) -> str:
    """VALID with its number and any whole lines replaced (key → new line)."""
    return with_lines(VALID.replace("nr: T101", f"nr: {nr}"), **lines)


def test_summary_of_a_year_sums_the_corrections_per_committee(budget: Budget) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    budget.write(
        "T102-b.yaml",
        _valid(
            "T102",
            udgifter="udgifter: {2026: 0.1, 2027: 0.1, 2028: 0.1, 2029: 0.1}",
            netto="netto: {2026: 0.1, 2027: 0.1, 2028: 0.1, 2029: 0.1}",
        ),
    )
    budget.write("T301-c.yaml", _valid("T301", udvalg="udvalg: BUU"))
    result = run("summary", "2026", "--format", "csv")
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("udvalg,forkortelse,år,antal,udgifter,indtægter,netto,")
    assert lines[1].startswith("Økonomiudvalget,ØK,2026,2,2.100,0.000,2.100,")
    assert lines[2].startswith("Børne- og ungdomsudvalget,BUU,2026,1,2.000,0.000,2.000,")
    assert len(lines) == 3


def test_summary_table_has_a_total_row_and_is_plain_text_when_piped(budget: Budget) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    budget.write("T301-c.yaml", _valid("T301", udvalg="udvalg: BUU"))
    result = run("summary", "2026")
    assert result.exit_code == 0
    assert "┃" not in result.stdout
    total = next(line for line in result.stdout.splitlines() if line.startswith("I alt"))
    assert total.split()[2:5] == ["2", "4,000", "0,000"]


def test_summary_table_is_a_rich_table_on_a_terminal(budget: Budget, monkeypatch: pytest.MonkeyPatch) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    monkeypatch.setattr("budgetkorr.cli.output.is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "160")
    result = run("summary", "2026")
    assert result.exit_code == 0
    assert "┃ Udvalg" in result.stdout
    assert "│ I alt" in result.stdout


def test_a_table_too_wide_for_the_terminal_is_laid_out_in_parts_never_cut(
    budget: Budget, monkeypatch: pytest.MonkeyPatch
) -> None:
    budget.write("T301-c.yaml", _valid("T301", udvalg="udvalg: BUU"))
    monkeypatch.setattr("budgetkorr.cli.output.is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    narrow = run("summary", "2026").stdout.split("Finansiering og nettoeffekt")[0]  # the wide table
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert narrow.count("│ Børne- og ungdomsudvalget │") == 2  # the figures in two parts, each with its rows
    assert "┃ Udgifter ┃" in narrow
    assert "Fuldtids-" in narrow
    assert all("…" not in line for line in narrow.splitlines())
    monkeypatch.setenv("COLUMNS", "160")
    assert run("summary", "2026").stdout.count("│ Børne- og ungdomsudvalget │") == 1


def test_a_terminal_too_narrow_for_even_one_figure_gets_plain_text_never_cut(
    budget: Budget, monkeypatch: pytest.MonkeyPatch
) -> None:
    budget.write("T301-c.yaml", _valid("T301", udvalg="udvalg: BUU"))
    monkeypatch.setattr("budgetkorr.cli.output.is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "20")
    narrow = run("summary", "2026").stdout
    assert "┃" not in narrow
    assert "Børne- og ungdomsudvalget        1       2,000" in narrow


@pytest.mark.parametrize(
    "command", [("summary", "2026"), ("check-targets",), ("summary",), ("summary", "--by", "korrektion")]
)
def test_the_shipped_tables_fit_an_80_column_terminal(
    shipped: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.setattr("budgetkorr.cli.output.is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    result = run(*command)
    assert result.exit_code in (0, 1)
    assert [line for line in result.stdout.splitlines() if len(line) > 80] == []
    assert "┃" in result.stdout


def test_a_long_title_wraps_at_the_terminal_not_at_the_table(shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("budgetkorr.cli.output.is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    output = run("summary", "2026").stdout
    assert "Finansiering og nettoeffekt 2026 (mio. kr., blandede prisniveauer)\n" in output


def test_summary_without_year_shows_every_year(budget: Budget) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    result = run("summary", "--format", "csv")
    assert [line.split(",")[2] for line in result.stdout.splitlines()[1:]] == ["2026", "2027", "2028", "2029"]
    table = run("summary").stdout
    assert table.splitlines()[0] == "Tekniske korrektioner 2026–2029 pr. udvalg (mio. kr., 2026-priser)"


def test_summary_by_correction_lists_each_correction(budget: Budget) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    budget.write("T102-b.yaml", _valid("T102"))
    result = run("summary", "2026", "--by", "korrektion", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert [row["nr"] for row in document["rækker"]] == ["T101", "T102"]
    assert document["i_alt"][0]["netto"] == 4.0


def test_summary_excludes_rejected_corrections_unless_asked(budget: Budget) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    budget.write("T102-b.yaml", _valid("T102", status="status: afvist"))
    default = run("summary", "2026", "--format", "csv").stdout.splitlines()
    assert default[1].split(",")[3:5] == ["1", "2.000"]
    rejected = run("summary", "2026", "--format", "csv", "--status", "afvist").stdout.splitlines()
    assert rejected[1].split(",")[3:5] == ["1", "2.000"]
    both = run("summary", "2026", "--format", "csv", "--status", "forslag,afvist").stdout.splitlines()
    assert both[1].split(",")[3:5] == ["2", "4.000"]


def test_summary_filters_by_committee_name_or_abbreviation(budget: Budget) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    budget.write("T301-c.yaml", _valid("T301", udvalg="udvalg: Børne- og ungdomsudvalget"))
    for name in ("BUU", "buu", "Børne- og ungdomsudvalget"):
        lines = run("summary", "2026", "--udvalg", name, "--format", "csv").stdout.splitlines()
        assert [line.split(",")[1] for line in lines[1:]] == ["BUU"], name


def test_summary_with_nothing_selected_is_an_error_unless_the_baseline_is_asked_for(budget: Budget) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    result = run("summary", "2026", "--status", "godkendt", "--format", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--status godkendt efterlader ingen korrektioner" in result.stderr
    baseline = run("summary", "2026", "--ingen-korrektioner", "--format", "csv")
    assert baseline.exit_code == 0
    assert baseline.stdout.splitlines() == [
        "udvalg,forkortelse,år,antal,udgifter,indtægter,netto,netto_indenfor,netto_udenfor,netto_delvist,"
        "fuldtidsstillinger,engangsudgifter,prisniveau,foreløbig,budgetår,udvalgt"
    ]


def test_invalid_input_prints_no_totals_and_exits_2(budget: Budget) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    budget.write("T102-b.yaml", _valid("T102", udgifter='udgifter: {2026: "0,880", 2027: 2, 2028: 2, 2029: 2}'))
    for fmt in ("table", "csv", "json", "markdown"):
        result = run("summary", "2026", "--format", fmt)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            "data/corrections/T102-b.yaml:8: udgifter.2026: "
            "0,880 er tekst; skriv tallet med decimalpunktum: 0.880\n"
            "1 fejl, 0 advarsler i 2 filer\n"
        )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("summary", "2031"), "budgetkorr: ingen korrektion dækker 2031; korrektionerne dækker 2026–2029\n"),
        (("summary", "--udvalg", "XYZ"), "budgetkorr: --udvalg 'XYZ' er ikke et udvalg i udvalg.yaml;"),
        (
            ("summary", "--status", "vedtaget"),
            "budgetkorr: --status 'vedtaget' er ikke en af: forslag, godkendt, afvist\n",
        ),
        (("show", "T999"), "budgetkorr: ingen korrektion har nr T999; numrene er: T101\n"),
    ],
)
def test_wrong_arguments_exit_2_with_a_message(budget: Budget, args: tuple[str, ...], message: str) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)


@pytest.mark.parametrize("args", [("summary", "abc"), ("summary", "--format", "xml"), ("nosuchcommand",)])
def test_usage_errors_exit_2(budget: Budget, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_no_data_folder_says_how_to_point_at_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    result = run("summary", "2026")
    assert result.exit_code == 2
    assert result.stderr.startswith("budgetkorr: ingen datamappe fundet: ledte efter data/corrections/ i ")
    assert "--data MAPPE" in result.stderr


def test_data_folder_is_found_from_a_subfolder_and_can_be_given(
    budget: Budget, monkeypatch: pytest.MonkeyPatch
) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    sub = budget.root / "notes" / "2026"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert run("summary", "2026", "--format", "csv").exit_code == 0
    monkeypatch.chdir(budget.root.parent)
    assert run("summary", "2026", "--format", "csv", "--data", str(budget.data)).exit_code == 0
    monkeypatch.setenv("BUDGETKORR_DATA", str(budget.data))
    assert run("summary", "2026", "--format", "csv").exit_code == 0
    wrong = run("summary", "--data", str(budget.root))
    assert wrong.exit_code == 2
    assert "har ingen corrections/-mappe" in wrong.stderr


def test_validate_exits_0_with_warnings_and_2_with_errors(budget: Budget) -> None:
    budget.write("T101-a.yaml", _valid("T101").replace("status: forslag", "status: forslag\nforeløbig: true"))
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (
        "data/corrections/T101-a.yaml:5: foreløbig: advarsel: tallene er foreløbige, ikke endelige\n"
        "0 fejl, 1 advarsel i 1 fil\n"
    )
    budget.write("T102-b.yaml", _valid("T102", status="status: vedtaget"))
    result = run("validate")
    assert result.exit_code == 2
    assert (
        "data/corrections/T102-b.yaml:4: status: 'vedtaget' er ikke en af: forslag, godkendt eller afvist\n"
        in result.stderr
    )


def test_validate_a_single_file_and_a_clean_run(budget: Budget) -> None:
    path = budget.write("T101-a.yaml", _valid("T101"))
    result = run("validate", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "1 fil er gyldig, ingen advarsler\n")


def test_list_shows_every_correction_with_its_file(budget: Budget) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    budget.write("T102-b.yaml", _valid("T102", status="status: afvist"))
    result = run("list", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:5] == ["nr", "titel", "udvalg", "forkortelse", "status"]
    assert [(r["nr"], r["status"], r["fil"], r["udvalgt"]) for r in rows] == [
        ("T101", "forslag", "corrections/T101-a.yaml", "status forslag, godkendt, afvist"),
        ("T102", "afvist", "corrections/T102-b.yaml", "status forslag, godkendt, afvist"),
    ]
    only = run("list", "--status", "afvist", "--format", "json")
    assert [c["nr"] for c in json.loads(only.stdout)["korrektioner"]] == ["T102"]


def test_show_lays_the_correction_out_like_the_form(budget: Budget) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    result = run("show", "t101")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["Digital", "udvikling", "KOMBIT", "projekter", "T101"]
    assert "Udgifter                       2,000     2,000     2,000     2,000   1. januar 2026" in lines
    assert "Baggrund for og beskrivelse af den tekniske korrektion" in lines


def test_schema_is_json_schema_with_the_danish_keys(budget: Budget) -> None:
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert {"nr", "udgifter", "indtægter", "netto", "finansiering"} <= set(schema["properties"])
    properties = schema["properties"]

    def amounts(key: str) -> list[object]:  # what a year's amount may be in a row (an optional row: its object)
        row = next(choice for choice in properties[key].get("anyOf", [properties[key]]) if choice["type"] == "object")
        amount = row["additionalProperties"]
        return [choice.get("const", choice.get("type")) for choice in amount.get("anyOf", [amount])]

    for key in ("udgifter", "indtægter", "netto", "engangsudgifter"):  # `ukendt` in a foreløbig correction
        assert amounts(key) == ["number", "ukendt"], key
    assert amounts("fuldtidsstillinger") == ["number"]  # a count of positions is known


def test_output_is_byte_identical_between_runs(budget: Budget) -> None:
    for number in ("T105", "T101", "T103"):
        budget.write(f"{number}-x.yaml", _valid(number))
    for fmt in ("table", "csv", "json", "markdown"):
        assert run("summary", "--format", fmt).stdout_bytes == run("summary", "--format", fmt).stdout_bytes


def test_an_internal_error_exits_3_with_a_short_message(
    budget: Budget, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    budget.write("T101-a.yaml", _valid("T101"))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("budgetkorr.compute.summarize", broken)
    monkeypatch.setattr(sys, "argv", ["budgetkorr", "summary", "2026"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 3
    captured = capsys.readouterr()
    assert captured.err.startswith("budgetkorr: intern fejl (RuntimeError: boom); det er en fejl i budgetkorr")
    assert len(captured.err.splitlines()) == 1
    assert "Traceback" not in captured.err
    monkeypatch.setattr(sys, "argv", ["budgetkorr", "--debug", "summary", "2026"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 3
    assert "Traceback" in capsys.readouterr().err


def test_csv_columns_are_the_records_keys_and_stay_when_nothing_is_selected(budget: Budget) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    for args in (("summary", "2026"), ("summary", "2026", "--by", "korrektion"), ("list",)):
        full = run(*args, "--format", "csv").stdout.splitlines()
        records = json.loads(run(*args, "--format", "json").stdout)
        first = (records.get("rækker") or records.get("korrektioner"))[0]
        # CSV rows also say what they are made from (budgetår, udvalgt); JSON says it once, in metadata
        assert full[0].split(",") == [*first, "budgetår", "udvalgt"], args
        (row,) = csv.DictReader(io.StringIO("\n".join(full)))
        assert records["metadata"]["udvalgt"]["tekst"] == row["udvalgt"], args
        empty = run(*args, "--format", "csv", "--ingen-korrektioner").stdout.splitlines()
        assert empty == full[:1], args


def test_a_csv_dialect_alone_means_csv(budget: Budget) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    result = run("summary", "2026", "--csv-dialect", "excel-da")
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeffudvalg;forkortelse;år;")
    assert result.stdout == run("summary", "2026", "--format", "csv", "--csv-dialect", "excel-da").stdout


@pytest.mark.parametrize(
    "args",
    [
        ("summary", "2026", "--format", "json", "--csv-dialect", "excel-da"),
        ("summary", "2026", "--csv-dialect", "excel-da", "--format", "markdown"),
        ("summary", "2026", "--format", "table", "--csv-dialect", "standard"),
        ("check-targets", "--format", "github", "--csv-dialect", "excel-da"),
    ],
)
def test_a_csv_dialect_beside_another_format_is_a_usage_error(budget: Budget, args: tuple[str, ...]) -> None:
    budget.write("T101-a.yaml", _valid("T101"))
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--csv-dialect gælder kun CSV; brug --format csv, eller udelad --format " in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
@pytest.mark.parametrize("command", [("summary", "2026"), ("check-targets",)])
def test_on_a_real_80_column_terminal_no_line_is_longer_than_80(command: tuple[str, ...]) -> None:
    """As a person at a terminal runs it: stdout a pseudo-terminal 80 columns wide (COLUMNS=80 as a shell sets it)."""
    import fcntl
    import os
    import pty
    import re
    import struct
    import subprocess
    import termios

    from tests.conftest import REPO

    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 80, 0, 0))
    env = {**os.environ, "COLUMNS": "80", "TERM": "xterm", "NO_COLOR": "1"}
    env.pop("BUDGETKORR_DATA", None)
    code = "import sys; sys.argv = ['budgetkorr', *sys.argv[1:]]; from budgetkorr.cli import main; main()"
    process = subprocess.Popen([sys.executable, "-c", code, *command], cwd=REPO, env=env, stdout=secondary)
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal is closed once the process has ended
            break
        if not chunk:
            break
        output += chunk
    os.close(primary)
    assert process.wait() in (0, 1)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output.decode("utf-8")).replace("\r\n", "\n")
    assert "┃" in text  # drawn for a terminal, not the plain text of a pipe
    assert [line for line in text.splitlines() if len(line) > 80] == []
