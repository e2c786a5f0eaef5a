"""The data folder's names: the folder of corrections and the other files beside it, and the variable that
points at the folder. Names only; the loader reads them."""

CORRECTIONS_DIR = "corrections"
COMMITTEES_FILE = "udvalg.yaml"
BUDGET_FILE = "budget.yaml"
TARGETS_FILE = "targets.yaml"
PRICES_FILE = "prisniveau.yaml"
DATA_ENV = "BUDGETKORR_DATA"
