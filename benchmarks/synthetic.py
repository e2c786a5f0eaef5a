"""Synthetic, valid data folders of any size (up to 26,000 corrections), the same for the same seed.

Each correction looks like a real one: one of 8 committees, 4 budget years, about 1 KB of Danish text in
baggrund and økonomiske_konsekvenser, financing on some, a few in 2024- or 2025-priser (prisniveau.yaml has the
rates to convert them). The numbers run A000…Z999, the most the `nr` format allows. No correction gives a warning,
so what is measured is loading, summing and writing, not printing thousands of notes.
"""

from __future__ import annotations

import random
import shutil
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAX_CORRECTIONS = 26 * 1000
YEARS = (2026, 2027, 2028, 2029)

COMMITTEES = (
    ("Økonomiudvalget", "ØK"),
    ("Børne- og ungdomsudvalget", "BUU"),
    ("Kultur- og fritidsudvalget", "KFU"),
    ("Miljø- og teknikudvalget", "MTU"),
    ("Erhvervs- og arbejdsmarkedsudvalget", "EAU"),
    ("Voksen- og plejeudvalget", "VPU"),
    ("Social- og sundhedsudvalget", "SSU"),
    ("Beskæftigelsesudvalget", "BU"),
)

_VOCABULARY = (
    "kommunen udgifterne forventes stige overslagsårene borgerne området budgettet tilpasses lovgivningen "
    "medarbejdere årsværk licenser aftale leverandør anlæg drift finansieres kassen besparelse opgaven "
    "sagsbehandling ældreområdet daginstitutioner skolerne vedligeholdelse bygninger energi forbrug "
    "administrationen digitalisering sikkerhed borgerservice tilskud refusion staten bloktilskud udligning "
    "pris- og lønudvikling kontrakt udbud overgang implementering tidligere nuværende fremadrettet løbende "
    "engangsudgift korrektionen godkendelse udvalget byrådet konsekvenser økonomiske niveau mio. kr. årligt"
)
_WORDS = tuple(_VOCABULARY.split())

_PRICE_RATES = "kilde: KL's pris- og lønskøn (syntetiske satser til måling)\nsatser: {2024: 3.1, 2025: 2.9}\n"


def _text(rng: random.Random, size: int) -> str:
    """About `size` characters of Danish-looking sentences, wrapped as a block scalar's lines."""
    sentences: list[str] = []
    length = 0
    while length < size:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 18))]
        sentence = " ".join(words).capitalize() + "."
        sentences.append(sentence)
        length += len(sentence) + 1
    return "\n".join("  " + " ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def _amounts(values: list[Decimal]) -> str:
    return "{" + ", ".join(f"{year}: {value:.3f}" for year, value in zip(YEARS, values, strict=True)) + "}"


def correction_text(index: int, rng: random.Random) -> tuple[str, str]:
    """The file name and YAML text of correction number `index` (0 → A000)."""
    number = f"{chr(ord('A') + index // 1000)}{index % 1000:03d}"
    name, _ = COMMITTEES[index % len(COMMITTEES)]
    base = Decimal(rng.randint(-3000, 5000)) / 1000
    expenditure = [base + Decimal(rng.randint(0, 200)) / 1000 * i for i in range(len(YEARS))]
    income = [Decimal(-rng.randint(0, 300)) / 1000 if rng.random() < 0.3 else Decimal(0) for _ in YEARS]
    net = [e + i for e, i in zip(expenditure, income, strict=True)]
    positions = rng.choice(("0", "0.50", "1.00", "2.25"))
    level = 2024 if index % 97 == 0 else 2025 if index % 13 == 0 else 2026
    lines = [
        f"nr: {number}",
        f"titel: Syntetisk korrektion {number} om {rng.choice(_WORDS)} og {rng.choice(_WORDS)}",
        f"udvalg: {name}",
        f"status: {rng.choice(('forslag', 'forslag', 'godkendt', 'afvist'))}",
        "foreløbig: false",
        f"prisniveau: {level}",
        f"iværksættelse: 2026-0{rng.randint(1, 9)}-01",
        f"indenfor_servicerammen: {rng.choice(('ja', 'nej'))}",
        f"udgifter:           {_amounts(expenditure)}",
        f"indtægter:          {_amounts(income)}",
        f"netto:              {_amounts(net)}",
        "fuldtidsstillinger: {" + ", ".join(f"{year}: {positions}" for year in YEARS) + "}",
    ]
    if rng.random() < 0.25:
        source = rng.choice(("kassen", "anlæg", "drift"))
        lines += ["finansiering:", f"  - kilde: {source}"]
        if source != "kassen":
            lines.append(f"    beløb: {_amounts([-value for value in expenditure])}")
        lines.append(f"    tekst: Finansieres af {source} i hele perioden.")
    lines += ["baggrund: |", _text(rng, 600), "økonomiske_konsekvenser: |", _text(rng, 400)]
    return f"{number}-syntetisk.yaml", "\n".join(lines) + "\n"


def write_data_folder(root: Path, count: int, seed: int = 2026) -> Path:
    """A budget repository below `root` with `count` corrections; returns its data folder."""
    if not 0 < count <= MAX_CORRECTIONS:
        raise ValueError(f"count must be 1…{MAX_CORRECTIONS}")
    data = root / "data"
    corrections = data / "corrections"
    corrections.mkdir(parents=True)
    for name in ("budget.yaml", "targets.yaml"):
        shutil.copy(REPO / "data" / name, data / name)
    (data / "prisniveau.yaml").write_text(_PRICE_RATES, encoding="utf-8")
    committees = "".join(f"  - navn: {name}\n    forkortelse: {short}\n" for name, short in COMMITTEES)
    (data / "udvalg.yaml").write_text("udvalg:\n" + committees, encoding="utf-8")
    rng = random.Random(seed)
    for index in range(count):
        name, text = correction_text(index, rng)
        (corrections / name).write_text(text, encoding="utf-8")
    return data
