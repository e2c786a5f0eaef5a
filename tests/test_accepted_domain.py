"""Whatever `validate` accepts, every other command computes: a property over the whole accepted domain.

Data folders are drawn from everything the file formats allow (amounts up to the limit either way, years from
1900 to 2200, negative full-time positions, rates from -50 % to 100 % with four decimals, corrections in any price
level, financing of every kind) and written as files. Where `validate` says exit 0, summary, list, show and
check-targets in every format must finish with their own exit codes (0, or 1 for a target not met): never an
internal error, never a second opinion that the input is invalid.

    BUDGETKORR_PROPERTY_EXAMPLES=2000 .venv/bin/pytest tests/test_accepted_domain.py
"""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from budgetkorr.models.values import MAX_AMOUNT, MAX_POSITIONS, MAX_YEAR, MIN_YEAR
from tests.conftest import SHIPPED_DATA, run

EXAMPLES = int(os.environ.get("BUDGETKORR_PROPERTY_EXAMPLES", "10"))

amounts = st.decimals(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT, places=3)
small = st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=3)
money = st.one_of(amounts, small)  # the limits, and the figures a budget has
positions = st.decimals(min_value=-MAX_POSITIONS, max_value=MAX_POSITIONS, places=2)
rates = st.decimals(min_value=Decimal("-49.9999"), max_value=Decimal("99.9999"), places=4)
ROWS = (
    "indtægter",
    "driftsudgifter",
    "renter",
    "anlæg",
    "låneoptagelse",
    "afdrag_ordinære_lån",
    "afdrag_ældreboliglån",
    "øvrige_finansforskydninger",
    "kassebeholdning_gennemsnit",
)


def _row(values: dict[int, Decimal]) -> str:
    return "{" + ", ".join(f"{year}: {value}" for year, value in values.items()) + "}"


@st.composite
def data_folders(draw: st.DrawFn) -> dict[str, str]:
    first = draw(st.integers(MIN_YEAR, MAX_YEAR - 5))
    years = list(range(first, first + draw(st.integers(1, 5))))
    levels = st.integers(MIN_YEAR, MAX_YEAR)
    files: dict[str, str] = {}
    for index in range(draw(st.integers(1, 4))):
        expenditure = {year: draw(money) for year in years}
        income = {year: draw(money) for year in years}
        lines = [
            f"nr: T1{index:02d}",
            "titel: Korrektion",
            "udvalg: ØK",
            f"status: {draw(st.sampled_from(['forslag', 'godkendt', 'afvist']))}",
            f"foreløbig: {draw(st.sampled_from(['true', 'false']))}",
            f"prisniveau: {draw(levels)}",
            "iværksættelse: 2026-01-01",
            f"indenfor_servicerammen: {draw(st.sampled_from(['ja', 'nej', 'delvist']))}",
            f"udgifter: {_row(expenditure)}",
            f"indtægter: {_row(income)}",
            f"fuldtidsstillinger: {_row({year: draw(positions) for year in years})}",
            "baggrund: x",
            "økonomiske_konsekvenser: x",
        ]
        if all(abs(expenditure[y] + income[y]) <= MAX_AMOUNT for y in years):
            lines.append(f"netto: {_row({y: expenditure[y] + income[y] for y in years})}")
        kind = draw(st.sampled_from(["none", "kassen", "anlæg", "drift", "indtægter"]))
        if kind == "kassen":
            lines += ["finansiering:", "  - kilde: kassen"]
        elif kind != "none":
            lines += ["finansiering:", f"  - kilde: {kind}", f"    beløb: {_row({y: draw(money) for y in years})}"]
        files[f"corrections/T1{index:02d}-a.yaml"] = "\n".join(lines) + "\n"
    budget_level = draw(levels)
    budget = [f"kilde: Test\nprisniveau: {budget_level}"]
    budget += [f"{name}: {_row({year: draw(money) for year in years})}" for name in ROWS]
    files["budget.yaml"] = "\n".join(budget) + "\n"
    thresholds = [draw(small) for _ in range(4)]
    files["targets.yaml"] = "mål:\n" + "".join(
        f"  - id: {target}\n    navn: {target}\n    tærskel: {threshold}\n"
        for target, threshold in zip(
            ("strukturel_balance", "anlæg", "kassebeholdning", "afdrag"), thresholds, strict=True
        )
    )
    low = draw(st.integers(MIN_YEAR, MAX_YEAR - 1))
    span = range(low, min(MAX_YEAR, low + draw(st.integers(0, 30))))
    files["prisniveau.yaml"] = "kilde: Test\nsatser:\n" + "".join(f"  {year}: {draw(rates)}\n" for year in span)
    return files


COMMANDS = [
    ["summary"],
    ["summary", "--by", "korrektion", "--format", "csv", "--csv-dialect", "excel-da"],
    ["summary", "--format", "json"],
    ["summary", "--format", "markdown", "--status", "forslag,godkendt,afvist"],
    ["list", "--format", "csv"],
    ["show", "T100"],
    ["check-targets"],
    ["check-targets", "--format", "github", "--strict"],
    ["check-targets", "--format", "json"],
    ["check-targets", "--format", "csv"],
]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=data_folders())
def test_whatever_validates_every_command_computes(
    files: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.rmtree(data, ignore_errors=True)  # the folder of the previous example
    (data / "corrections").mkdir(parents=True)
    shutil.copy(SHIPPED_DATA / "udvalg.yaml", data / "udvalg.yaml")
    for name, text in files.items():
        (data / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETKORR_DATA", raising=False)
    checked = run("validate")
    event("valid" if checked.exit_code == 0 else "invalid")  # pytest --hypothesis-show-statistics shows the share
    if checked.exit_code != 0:
        assert checked.exit_code == 2, checked.stderr
        return
    for command in COMMANDS:
        result = run(*command)  # an exception here would be exit 3 for a user
        allowed = {0, 1} if command[0] == "check-targets" else {0}
        empty = "ingen korrektioner" in result.stderr.lower()  # every correction afvist: summary says so, exit 2
        assert result.exit_code in allowed or (empty and result.exit_code == 2), (command, result.stderr)
