"""Plots shared by several chapters. Each returns the matplotlib Axes (or Figure) it drew on."""


# --- series and forecasts (chapters 3, 7, 13, 14) -------------------------------------------------


# --- frames and shapes (chapters 8, 11) -----------------------------------------------------------


# --- learning curves and box plots (chapters 10, 12, 14) ------------------------------------------


# --- inside the cell (chapters 1, 2, 15) ----------------------------------------------------------
