"""Entry point for `python -m budgetkorr`."""

from budgetkorr.cli import main

main()
