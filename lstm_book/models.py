"""Builders for each chapter's architecture. Each returns a compiled Keras 3 model.

Sizes are arguments whose defaults are the book's values, so ``models.vanilla_lstm()`` is the
chapter's model and ``models.vanilla_lstm(units=50)`` an experiment with it.
"""


# --- chapters 6-8 ---------------------------------------------------------------------------------


# --- chapters 9-11 --------------------------------------------------------------------------------
