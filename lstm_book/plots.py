"""Plots shared by several chapters. Each returns the matplotlib Axes (or Figure) it drew on."""

import matplotlib.pyplot as plt

# --- series and forecasts (chapters 3, 7, 13, 14) -------------------------------------------------


# --- frames and shapes (chapters 8, 11) -----------------------------------------------------------


# --- learning curves and box plots (chapters 10, 12, 14) ------------------------------------------


def learning_curves(histories, metric="loss", ax=None, title=None):
    """Plot one metric per epoch for several training runs on one set of axes.

    Parameters
    ----------
    histories : dict
        Label -> a ``keras.callbacks.History`` or its ``.history`` dict (metric name -> list of
        per-epoch values). A ``val_<metric>`` entry, when present, is drawn dashed in the same colour.
    metric : str
        The metric to draw, e.g. ``"loss"`` or ``"accuracy"``.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes
    """
    ax = ax or plt.subplots(figsize=(7, 4))[1]
    for label, history in histories.items():
        values = getattr(history, "history", history)
        if metric not in values:
            raise ValueError(f"history {label!r} has no {metric!r}; it has {', '.join(values)}")
        line, = ax.plot(range(1, len(values[metric]) + 1), values[metric], label=label)
        if f"val_{metric}" in values:
            ax.plot(range(1, len(values[f"val_{metric}"]) + 1), values[f"val_{metric}"],
                    linestyle="--", color=line.get_color(), label=f"{label} (validation)")
    ax.set(xlabel="epoch", ylabel=metric, title=title or f"{metric} per epoch")
    ax.legend(fontsize="small")
    return ax


# --- inside the cell (chapters 1, 2, 15) ----------------------------------------------------------
