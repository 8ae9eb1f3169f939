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


def colored_characters(rows, values, labels=None, ax=None, cmap="RdBu_r", vmin=None, vmax=None,
                       title=None):
    """Draw rows of characters, each on a square coloured by one value (a unit's activation).

    Chapter 15 shows what a single LSTM unit does with it: one row per sequence, each character
    coloured by that unit's cell state (or gate) at that step.

    Parameters
    ----------
    rows : sequence of str
        The characters of each row; rows may differ in length.
    values : sequence of 1-D arrays, or a 2-D array (rows, steps)
        ``values[r][t]`` colours character ``t`` of row ``r``; values past the end of a row
        (padding) are ignored, but each row needs at least ``len(rows[r])`` of them.
    labels : sequence of str, optional
        A label for each row, drawn on the left.
    ax : matplotlib Axes, optional
    cmap : str
        A matplotlib colormap; the default is blue for negative and red for positive.
    vmin, vmax : float, optional
        The colour range; by default symmetric around 0 up to the largest absolute value.
    title : str, optional

    Returns
    -------
    matplotlib Axes
    """
    import numpy as np

    if isinstance(rows, str):
        raise ValueError("rows must be a sequence of strings, got one string; wrap it: [text]")
    if len(rows) == 0 or len(rows) != len(values):
        raise ValueError(f"rows and values must be non-empty and of equal length, got "
                         f"{len(rows)} rows and {len(values)} value rows")
    width = max(len(row) for row in rows)
    grid = np.full((len(rows), width), np.nan)
    for r, (row, value) in enumerate(zip(rows, values, strict=True)):
        value = np.asarray(value, dtype=float).ravel()
        if value.size < len(row):
            raise ValueError(f"values[{r}] has {value.size} values for a row of {len(row)} "
                             f"characters ({row!r}); give one value per character")
        grid[r, :len(row)] = value[:len(row)]
    if vmin is None or vmax is None:
        largest = float(np.nanmax(np.abs(grid))) or 1.0
        vmin, vmax = (-largest if vmin is None else vmin), (largest if vmax is None else vmax)
    ax = ax or plt.subplots(figsize=(0.32 * width + 1.5, 0.36 * len(rows) + 0.8))[1]
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    for r, row in enumerate(rows):
        for t, char in enumerate(row):
            ax.text(t, r, char, ha="center", va="center", fontsize=9, family="monospace")
    ax.set_xticks([])
    ax.set_yticks(range(len(rows)), labels if labels is not None else [""] * len(rows))
    ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.01)
    if title:
        ax.set_title(title, fontsize="medium")
    return ax


def gate_heatmaps(activations, sample=0, keys=("input_gate", "forget_gate", "output_gate",
                                               "cell_state"), step_labels=None):
    """Heatmaps of an LSTM's gates and states for one sequence: units down, time steps across.

    Chapters 1 and 15 use it on the dict that ``cell.gate_activations(layer, X)`` returns.

    Parameters
    ----------
    activations : dict of str to array, each (samples, timesteps, units)
    sample : int
        Which sequence to draw.
    keys : sequence of str
        Which arrays to draw, one panel each. Gates use the range [0, 1]; other arrays a range
        symmetric around 0.
    step_labels : sequence of str, optional
        A label for each time step (e.g. the input characters).

    Returns
    -------
    matplotlib Figure
    """
    import numpy as np

    missing = [key for key in keys if key not in activations]
    if missing:
        raise ValueError(f"activations has no {missing}; it has {', '.join(activations)}")
    samples = np.asarray(activations[keys[0]]).shape[0]
    if not 0 <= sample < samples:
        raise ValueError(f"sample must be in [0, {samples}), got {sample!r}")
    figure, axes = plt.subplots(1, len(keys), figsize=(3.2 * len(keys), 2.8), squeeze=False)
    for ax, key in zip(axes[0], keys, strict=True):
        values = np.asarray(activations[key])[sample].T  # (units, timesteps)
        is_gate = key.endswith("_gate")
        largest = float(np.abs(values).max()) or 1.0
        image = ax.imshow(values, aspect="auto", cmap="viridis" if is_gate else "RdBu_r",
                          vmin=0 if is_gate else -largest, vmax=1 if is_gate else largest)
        ax.set(title=key.replace("_", " "), xlabel="time step", ylabel="unit")
        if step_labels is not None:
            ax.set_xticks(range(len(step_labels)), list(step_labels))
        figure.colorbar(image, ax=ax, fraction=0.05)
    figure.tight_layout()
    return figure
