"""Metrics, repeated evaluation and timing shared by several chapters."""


# --- metrics (chapters 6-11) ----------------------------------------------------------------------


# --- repeated evaluation (chapters 12-14) ---------------------------------------------------------
