"""The benchmark of whole budgetkorr processes and its synthetic data folders."""
