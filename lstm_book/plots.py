"""Plots shared by several chapters. Each returns the matplotlib Axes (or Figure) it drew on.

Copy this file into your own project as it is: it needs only numpy, pandas and matplotlib,
nothing else from ``lstm_book``. Every helper checks its arguments before it draws anything.
"""

import numbers

import matplotlib.pyplot as plt
import numpy as np

_MAX_PANELS = 100  # more panels than this is never a readable figure

# --- checks (each module keeps its own few lines, so it can be copied alone) -----------------------


def _count(name, value, low=1, high=None):
    kind = "a positive integer" if low == 1 else "a non-negative integer"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {kind}, got {value!r}")
    if value < low or (high is not None and value > high):
        limit = f" of at most {high:,}" if high is not None else ""
        raise ValueError(f"{name} must be {kind}{limit}, got {value!r}")
    return int(value)


def _finite(name, value, shape, allow_nan=False):
    """``value`` as a non-empty float array of real numbers (finite unless allowed), or an error."""
    if value is None or isinstance(value, str | bytes | dict | set):
        raise TypeError(f"{name} must be an array of numbers of shape {shape}, got "
                        f"{type(value).__name__} {value!r:.60}")
    try:
        array = np.asarray(value)
        if array.dtype.kind == "O":
            if any(isinstance(item, str | bytes) for item in array.ravel()):
                raise TypeError  # strings that float() would take: refused below
            array = array.astype(float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a rectangular array of numbers of shape {shape}, got "
                        f"{value!r:.60}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, shape {shape}, got dtype {array.dtype}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty: expected shape {shape}, got {array.shape}")
    array = array.astype(float)
    if not allow_nan and not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers, got NaN or inf; drop or fill missing "
                         "values first")
    return array


def _number(name, value, optional=True):
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) \
            or not np.isfinite(float(value)):
        raise TypeError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _text(name, value, optional=True):
    if (value is None and optional) or isinstance(value, str):
        return value
    raise TypeError(f"{name} must be a string{' or None' if optional else ''}, got {value!r:.60}")


def _axes(ax):
    from matplotlib.axes import Axes

    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes (or None for a new figure), got {ax!r:.60}")
    return ax


def _mapping(name, value, example):
    if hasattr(value, "items") and callable(value.items):
        return dict(value.items())
    raise TypeError(f"{name} must be a dict (or DataFrame) of label -> values, e.g. {example}, "
                    f"got {type(value).__name__} {value!r:.60}")


# --- series and forecasts (chapters 3, 7, 13, 14) -------------------------------------------------

# Chapter 7: a few multi-step forecasts, each drawn after the input it was made from.


def forecasts_vs_truth(X, y_true, y_pred, n=4, history=None, title=None):
    """Small multiples of forecasts next to the truth, after the inputs they were made from.

    Used in chapter 7 (damped sine waves: 50 input steps, 5 forecast steps).

    Parameters
    ----------
    X : array, shape ``(samples, timesteps)`` or ``(samples, timesteps, 1)``
        The model's inputs.
    y_true, y_pred : arrays, shape ``(samples, horizon)``
        The true continuation and the forecast.
    n : int
        How many samples (the first ``n``) to draw, one panel each; at most ``samples``.
    history : int, optional
        How many of the last input steps to draw (all by default); fewer make the forecast larger.
    title : str, optional

    Returns
    -------
    matplotlib Figure
    """
    X = _finite("X", X, "(samples, timesteps[, 1])")
    actual = _finite("y_true", y_true, "(samples, horizon)")
    predicted = _finite("y_pred", y_pred, "(samples, horizon)")
    if X.ndim == 3 and X.shape[-1] == 1:
        X = X[..., 0]
    if X.ndim != 2 or actual.ndim != 2 or actual.shape != predicted.shape \
            or actual.shape[:1] != X.shape[:1]:
        raise ValueError(f"expected X (samples, timesteps[, 1]) and y_true, y_pred (samples, horizon) "
                         f"with the same samples, got {X.shape}, {actual.shape}, {predicted.shape}")
    n = _count("n", n, high=min(len(X), _MAX_PANELS))
    steps, horizon = X.shape[1], actual.shape[1]
    first = 0 if history is None else steps - _count("history", history, high=steps)
    title = _text("title", title)
    ahead = np.arange(steps, steps + horizon)
    figure, axes = plt.subplots(1, n, figsize=(3.2 * n, 2.8), sharey=True, squeeze=False)
    for index, ax in enumerate(axes[0]):
        ax.plot(np.arange(first, steps), X[index, first:], color="0.6", marker=".", label="input")
        ax.plot(ahead, actual[index], color="black", marker=".", label="truth")
        ax.plot(ahead, predicted[index], color="C1", marker="x", linestyle="--", label="forecast")
        ax.set(xlabel="time step", title=f"sample {index}")
    axes[0, 0].legend(fontsize="small")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure



# --- frames and shapes (chapters 8, 11) -----------------------------------------------------------

# Chapter 8: frames of one video side by side.


def video_frames(video, frames=None, title=None):
    """Draw chosen frames of one video side by side, each titled with its frame number.

    Used in chapter 8 (moving-line videos of 50 frames of 50x50 pixels).

    Parameters
    ----------
    video : array, shape ``(frames, rows, columns)`` or ``(frames, rows, columns, 1)``
    frames : sequence of int, optional
        Which frames to draw; by default eight spread evenly from the first to the last.
    title : str, optional

    Returns
    -------
    matplotlib Figure
    """
    video = _finite("video", video, "(frames, rows, columns[, 1])")
    if video.ndim == 4 and video.shape[-1] == 1:
        video = video[..., 0]
    if video.ndim != 3:
        raise ValueError(f"expected one video (frames, rows, columns[, 1]), got shape {video.shape}; "
                         "for the first video of a batch X pass X[0]")
    if frames is None:
        frames = np.unique(np.linspace(0, len(video) - 1, 8).round().astype(int))
    if isinstance(frames, str | bytes) or not hasattr(frames, "__iter__"):
        raise TypeError(f"frames must be a list of frame indices, got {frames!r:.60}")
    frames = [_count("frames", f, low=0) for f in frames]
    if not frames or max(frames) >= len(video) or len(frames) > _MAX_PANELS:
        raise ValueError(f"frames must be 1 to {_MAX_PANELS} indices in [0, {len(video)}), got "
                         f"{frames if len(frames) < 20 else len(frames)}")
    title = _text("title", title)
    figure, axes = plt.subplots(1, len(frames), figsize=(1.6 * len(frames), 1.9), squeeze=False)
    for ax, frame in zip(axes[0], frames, strict=True):
        ax.imshow(video[frame], cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
        ax.set(xticks=[], yticks=[], title=f"frame {frame}")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


# Chapter 11: shapes drawn corner by corner, one or a grid of them.


def shape(corners, ax=None, title=None, color="C0"):
    """Draw one closed shape through its corners, on the unit square with a margin (chapter 11).

    Parameters
    ----------
    corners : array, shape ``(corners, 2)``
        (x, y) points in drawing order; the path closes back to the first one.
    ax : matplotlib Axes, optional
    title : str, optional
    color : matplotlib colour

    Returns
    -------
    matplotlib Axes
    """
    from matplotlib.colors import is_color_like
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    corners = _finite("corners", corners, "(corners, 2)")
    if corners.ndim != 2 or corners.shape[1] != 2 or len(corners) < 2:
        raise ValueError(f"corners must have shape (corners, 2) with at least two (x, y) points, got "
                         f"{corners.shape}; for shape i of a batch pass corners[i]")
    title = _text("title", title)
    if not is_color_like(color) or isinstance(color, bool):
        raise ValueError(f"color must be a matplotlib colour such as 'C0' or 'black', got {color!r:.60}")
    ax = _axes(ax) or plt.subplots(figsize=(3, 3))[1]
    vertices = np.vstack([corners, corners[:1]])
    codes = [Path.MOVETO] + [Path.LINETO] * (len(corners) - 1) + [Path.CLOSEPOLY]
    ax.add_patch(PathPatch(Path(vertices, codes), facecolor="none", edgecolor=color, linewidth=2))
    ax.plot(corners[:, 0], corners[:, 1], "o", color=color, markersize=3)
    ax.set(xlim=(-0.1, 1.1), ylim=(-0.1, 1.1), aspect="equal", xticks=[], yticks=[], title=title)
    return ax


def shape_grid(shapes, columns=5, titles=None, title=None):
    """Draw several shapes in a grid of small panels (chapter 11).

    Parameters
    ----------
    shapes : array, shape ``(shapes, corners, 2)``
    columns : int
        Panels per row.
    titles : sequence of str, optional
        One per shape, e.g. its angle error.
    title : str, optional
        Over the whole grid.

    Returns
    -------
    matplotlib Figure
    """
    shapes = _finite("shapes", shapes, "(shapes, corners, 2)")
    if shapes.ndim != 3 or shapes.shape[-1] != 2:
        raise ValueError(f"shapes must have shape (shapes, corners, 2), got {shapes.shape}; for one "
                         "shape use plots.shape")
    if len(shapes) > _MAX_PANELS:
        raise ValueError(f"shapes must hold at most {_MAX_PANELS} shapes to draw, got "
                         f"{len(shapes)}; pass shapes[:20]")
    columns = _count("columns", columns, high=_MAX_PANELS)
    if titles is not None:
        if isinstance(titles, str) or not hasattr(titles, "__len__"):
            raise TypeError(f"titles must be a list of strings, one per shape, got {titles!r:.60}")
        if len(titles) != len(shapes):
            raise ValueError(f"titles must give one title per shape: {len(shapes)}, got {len(titles)}")
        for text in titles:
            _text("titles", text, optional=False)
    title = _text("title", title)
    rows = -(-len(shapes) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(1.8 * columns, 1.9 * rows), squeeze=False)
    for index, ax in enumerate(axes.flat):
        if index < len(shapes):
            shape(shapes[index], ax=ax, title=None if titles is None else titles[index])
        else:
            ax.axis("off")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


# --- learning curves and box plots (chapters 10, 12, 14) ------------------------------------------


def learning_curves(histories, metric="loss", ax=None, title=None):
    """Plot one metric per epoch for several training runs on one set of axes.

    Parameters
    ----------
    histories : dict
        Label -> a ``keras.callbacks.History`` or its ``.history`` dict (metric name -> list of
        per-epoch values). A ``val_<metric>`` entry, when present, is drawn dashed in the same colour.
    metric : str
        The metric to draw, e.g. ``"loss"`` or ``"accuracy"``. NaN and inf values (a diverged
        run) are drawn as gaps, not refused.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes
    """
    histories = _mapping("histories", histories, '{"LSTM": history}')
    if not histories:
        raise ValueError("histories must hold at least one run, e.g. {'LSTM': history}")
    metric, title = _text("metric", metric, optional=False), _text("title", title)
    for label, history in histories.items():
        values = getattr(history, "history", history)
        if not isinstance(values, dict):
            raise TypeError(f"histories[{label!r}] must be a keras History or its .history dict, "
                            f"got {type(history).__name__}")
        if metric not in values:
            raise ValueError(f"history {label!r} has no {metric!r}; it has "
                             f"{', '.join(map(str, values)) or 'nothing'} (metric must be one of "
                             "them)")
        for key in (metric, f"val_{metric}"):
            if key in values:  # NaN and inf stay: a diverged run shows as a broken line
                _finite(f"histories[{label!r}][{key!r}]", values[key], "(epochs,)", allow_nan=True)
    ax = _axes(ax) or plt.subplots(figsize=(7, 4))[1]
    for label, history in histories.items():
        values = getattr(history, "history", history)
        line, = ax.plot(range(1, len(values[metric]) + 1), values[metric], label=label)
        if f"val_{metric}" in values:
            ax.plot(range(1, len(values[f"val_{metric}"]) + 1), values[f"val_{metric}"],
                    linestyle="--", color=line.get_color(), label=f"{label} (validation)")
    ax.set(xlabel="epoch", ylabel=metric, title=title or f"{metric} per epoch")
    ax.legend(fontsize="small")
    return ax


def box_plot(scores, ax=None, title=None, ylabel="score", baseline=None, baseline_label="baseline"):
    """Box plots of repeated scores, one box per configuration, each repeat drawn as a dot.

    Used in chapter 12 (validation MSE per memory-cell count and batch size) and chapter 14 (RMSE
    per update strategy).

    Parameters
    ----------
    scores : pandas.DataFrame or dict
        One column (or key) per configuration, one row (or value) per repeat; NaNs are skipped.
    ax : matplotlib Axes, optional
    title : str, optional
    ylabel : str
    baseline : float, optional
        Drawn as a dashed horizontal line, e.g. the persistence forecast's RMSE.
    baseline_label : str

    Returns
    -------
    matplotlib Axes
    """
    scores = _mapping("scores", scores, '{"batch 1": [0.1, 0.2]}')
    columns = {str(name): _finite(f"scores[{name!r}]", values, "(repeats,)", allow_nan=True).ravel()
               for name, values in scores.items()}
    if not columns:
        raise ValueError("scores must hold at least one configuration (a column of scores)")
    title, ylabel = _text("title", title), _text("ylabel", ylabel, optional=False)
    baseline = _number("baseline", baseline)
    baseline_label = _text("baseline_label", baseline_label, optional=False)
    columns = {name: values[np.isfinite(values)] for name, values in columns.items()}
    empty = [name for name, values in columns.items() if values.size == 0]
    if empty:
        raise ValueError(f"scores has no finite values for {', '.join(empty)}; each configuration "
                         "must have at least one finite score")
    ax = _axes(ax) or plt.subplots(figsize=(max(5, 1.1 * len(columns)), 4))[1]
    ax.boxplot(list(columns.values()), showmeans=True, showfliers=False)  # the dots show every value
    ax.set_xticks(range(1, len(columns) + 1), list(columns), rotation=30 if len(columns) > 5 else 0,
                  ha="right" if len(columns) > 5 else "center")
    rng = np.random.default_rng(0)  # a fixed jitter, so the dots do not hide each other
    for position, values in enumerate(columns.values(), 1):
        ax.plot(position + rng.uniform(-0.12, 0.12, values.size), values, ".", color="0.4",
                alpha=0.6)
    if baseline is not None:
        ax.axhline(baseline, linestyle="--", color="C3", label=f"{baseline_label} {baseline:.4g}")
        ax.legend(fontsize="small")
    ax.set(ylabel=ylabel, title=title)
    return ax


def forecast(series, forecasts, ax=None, title=None, ylabel=None):
    """A series with forecasts of its last values: a line each, or a mean and a band for repeats.

    Used in chapter 13 (one LSTM forecast and the persistence forecast) and chapter 14 (several
    update strategies over repeats).

    Parameters
    ----------
    series : pandas.Series
        The observed series (dates as index), shape ``(time steps,)``.
    forecasts : dict
        Label -> forecast of the series' last ``horizon`` values: shape ``(horizon,)``, or
        ``(repeats, horizon)`` to draw the mean with a band from the lowest to the highest repeat.
    ax : matplotlib Axes, optional
    title, ylabel : str, optional

    Returns
    -------
    matplotlib Axes
    """
    import pandas as pd

    if not isinstance(series, pd.Series):
        raise TypeError(f"series must be a pandas Series (dates as index), got "
                        f"{type(series).__name__}; wrap an array: pd.Series(values)")
    _finite("series", series.to_numpy(), "(timesteps,)")
    forecasts = _mapping("forecasts", forecasts, '{"LSTM": forecast}')
    checked = {}
    for label, values in forecasts.items():
        values = _finite(f"forecasts[{label!r}]", values, "(horizon,) or (repeats, horizon)")
        shape = values.shape
        values = np.atleast_2d(values)
        if len(shape) not in (1, 2) or not 1 <= values.shape[-1] < len(series):
            raise ValueError(f"forecasts[{label!r}] must have shape (horizon,) or (repeats, horizon) "
                             f"with horizon < {len(series)} (the series' length), got {shape}")
        checked[label] = values
    title, ylabel = _text("title", title), _text("ylabel", ylabel)
    ax = _axes(ax) or plt.subplots(figsize=(9, 4))[1]
    ax.plot(series.index, series.to_numpy(), color="black", label="observed")
    for label, values in checked.items():
        horizon = values.shape[-1]
        dates = series.index[-horizon:]
        line, = ax.plot(dates, values.mean(axis=0), marker=".", label=label)
        if len(values) > 1:
            ax.fill_between(dates, values.min(axis=0), values.max(axis=0), alpha=0.2,
                            color=line.get_color())
    ax.set(title=title, ylabel=ylabel or series.name)
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
    grid = _character_grid(rows, values)
    rows = list(rows)
    if labels is not None and (isinstance(labels, str) or not hasattr(labels, "__len__")
                               or len(labels) != len(rows)):
        raise ValueError(f"labels must give one label per row ({len(rows)}), got {labels!r:.60}")
    _colormap(cmap)
    vmin, vmax, title = _number("vmin", vmin), _number("vmax", vmax), _text("title", title)
    if vmin is None or vmax is None:
        largest = float(np.nanmax(np.abs(grid))) or 1.0
        vmin, vmax = (-largest if vmin is None else vmin), (largest if vmax is None else vmax)
    if vmin >= vmax:
        raise ValueError(f"vmin must be below vmax, got vmin={vmin} and vmax={vmax}")
    width = grid.shape[1]
    ax = _axes(ax) or plt.subplots(figsize=(0.32 * width + 1.5, 0.36 * len(rows) + 0.8))[1]
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    for r, row in enumerate(rows):
        for t, char in enumerate(row):
            red, green, blue, _ = image.cmap(image.norm(grid[r, t]))
            dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5  # white text on dark squares
            ax.text(t, r, char, ha="center", va="center", fontsize=9, family="monospace",
                    color="white" if dark else "black")
    ax.set_xticks([])
    ax.set_yticks(range(len(rows)), labels if labels is not None else [""] * len(rows))
    ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.01)
    if title:
        ax.set_title(title, fontsize="medium")
    return ax


def _character_grid(rows, values):
    """The ``(rows, width)`` grid of values, NaN past the end of each row, after the checks."""
    if isinstance(rows, str):
        raise ValueError("rows must be a sequence of strings, got one string; wrap it: [text]")
    if isinstance(rows, np.ndarray):
        rows = rows.tolist()
    if not isinstance(rows, list | tuple) or not all(isinstance(row, str) for row in rows):
        raise TypeError(f"rows must be a list of strings, got {rows!r:.60}")
    if values is None or isinstance(values, str) or not hasattr(values, "__len__"):
        raise TypeError(f"values must be one array of values per row, got {values!r:.60}")
    if len(rows) == 0 or len(rows) != len(values) or len(rows) > 1000:
        raise ValueError(f"rows and values must be non-empty and of equal length (at most 1000), "
                         f"got {len(rows)} rows and {len(values)} value rows")
    width = max(len(row) for row in rows)
    if width == 0 or width > 1000:
        raise ValueError(f"rows must hold 1 to 1000 characters each, got a longest row of {width}")
    grid = np.full((len(rows), width), np.nan)
    for r, (row, value) in enumerate(zip(rows, values, strict=True)):
        value = _finite(f"values[{r}]", value, "(characters,)", allow_nan=True).ravel()
        if value.size < len(row):
            raise ValueError(f"values[{r}] has {value.size} values for a row of {len(row)} "
                             f"characters ({row!r}); it must give one value per character")
        if not np.isfinite(value[:len(row)]).all():
            raise ValueError(f"values[{r}] must hold finite numbers for the characters of row "
                             f"{r} (padding past its end may be anything), got NaN or inf")
        grid[r, :len(row)] = value[:len(row)]
    return grid


def _colormap(cmap):
    import matplotlib

    if not isinstance(cmap, str) or cmap not in matplotlib.colormaps:
        raise ValueError(f"cmap must be the name of a matplotlib colormap such as 'RdBu_r', got "
                         f"{cmap!r:.60}")


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
    from matplotlib.ticker import MaxNLocator

    arrays = _gate_arrays(activations, keys)
    samples, timesteps = next(iter(arrays.values())).shape[:2]
    sample = _count("sample", sample, low=0)
    if sample >= samples:
        raise ValueError(f"sample must be in [0, {samples}), got {sample!r}")
    if step_labels is not None and (not hasattr(step_labels, "__len__")
                                    or not 1 <= len(step_labels) <= timesteps):
        raise ValueError(f"step_labels must give one label per time step (at most {timesteps}), "
                         f"got {step_labels!r:.60}")
    figure, axes = plt.subplots(1, len(keys), figsize=(3.2 * len(keys), 2.8), squeeze=False)
    for ax, key in zip(axes[0], keys, strict=True):
        values = arrays[key][sample].T  # (units, timesteps)
        is_gate = key.endswith("_gate")
        largest = float(np.abs(values).max()) or 1.0
        image = ax.imshow(values, aspect="auto", cmap="viridis" if is_gate else "RdBu_r",
                          vmin=0 if is_gate else -largest, vmax=1 if is_gate else largest)
        ax.set(title=key.replace("_", " "), xlabel="time step", ylabel="unit")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # steps and units are whole
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if step_labels is not None:
            ax.set_xticks(range(len(step_labels)), list(step_labels))
        figure.colorbar(image, ax=ax, fraction=0.05)
    figure.tight_layout()
    return figure


def _gate_arrays(activations, keys):
    """The chosen ``(samples, timesteps, units)`` arrays, checked to be finite and of one shape."""
    activations = _mapping("activations", activations, "cell.gate_activations(layer, X)")
    if isinstance(keys, str) or not isinstance(keys, list | tuple) or not keys \
            or not all(isinstance(key, str) for key in keys):
        raise TypeError(f"keys must be a non-empty tuple of names such as ('input_gate',), got "
                        f"{keys!r:.60}")
    missing = [key for key in keys if key not in activations]
    if missing:
        raise ValueError(f"activations has no {missing}; it has "
                         f"{', '.join(map(str, activations))} (keys must name arrays it holds)")
    arrays = {key: _finite(f"activations[{key!r}]", activations[key],
                           "(samples, timesteps, units)") for key in keys}
    shapes = {array.shape for array in arrays.values()}
    first = next(iter(arrays.values()))
    if first.ndim != 3 or len(shapes) != 1:
        raise ValueError(f"activations must hold arrays of one shape (samples, timesteps, units), "
                         f"got {sorted(shapes)}")
    return arrays


# --- pictures of the LSTM itself (chapters 1, 2, 5) -----------------------------------------------

_CELL_KEYS = ("x_t", "h_prev", "c_prev", "i_t", "f_t", "g_t", "o_t", "c_t", "h_t")
_MAX_STEPS = 40  # more unrolled steps than this no longer fit a readable row of boxes


def lstm_cell(values, ax=None, title=None):
    """Draw one step of one LSTM unit, its gates and states annotated with their values.

    Chapter 1 draws the last step of its by-hand walk with it: the picture of the equations
    ``c_t = f_t * c_prev + i_t * g_t`` and ``h_t = o_t * tanh(c_t)``, with the numbers the
    notebook computed.

    Parameters
    ----------
    values : dict of str to float
        One unit at one step: the input ``x_t`` (one feature), the previous states ``h_prev`` and
        ``c_prev``, the gates ``i_t``, ``f_t``, ``o_t`` (each in [0, 1]), the candidate ``g_t`` (in
        [-1, 1]), and the new states ``c_t`` and ``h_t``. They must come from one step: ``c_t``
        and ``h_t`` are checked against the equations (to 1e-3, the precision drawn).
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes
    """
    v = _cell_values(values)
    title = _text("title", title)
    ax = _axes(ax) or plt.subplots(figsize=(8, 4.6))[1]
    _cell_frame(ax)
    top, bus, row = 4.5, 1.3, 2.5  # heights of the cell-state line, the input bus, the gate boxes
    _wire(ax, [(0.2, top), (2.65, top)])  # c_prev -> forget multiply
    _wire(ax, [(2.95, top), (4.85, top)])
    _wire(ax, [(5.15, top), (9.8, top)], arrow=True)  # -> c_t
    _wire(ax, [(0.2, bus), (7.2, bus)])  # [h_prev, x_t] feeds every gate
    _wire(ax, [(1.6, 0.1), (1.6, bus)])
    gates = {"f_t": (2.8, "σ", "C3", "forget"), "i_t": (4.3, "σ", "C2", "input"),
             "g_t": (5.7, "tanh", "C0", "candidate"), "o_t": (7.2, "σ", "C1", "output")}
    for key, (x, label, color, name) in gates.items():
        _wire(ax, [(x, bus), (x, row - 0.3)])
        _box(ax, x, row, label, color)
        ax.text(x + 0.05, row - 0.45, f"{name}\n{key[0]} = {v[key]:.3f}", fontsize=7.5,
                color=color, ha="center", va="top",
                bbox={"facecolor": "0.96", "edgecolor": "none", "pad": 0.5})
    _wire(ax, [(2.8, row + 0.3), (2.8, top - 0.15)], arrow=True)  # f -> forget multiply
    _wire(ax, [(4.3, row + 0.3), (4.3, 3.6), (4.85, 3.6)], arrow=True)  # i, g -> write multiply
    _wire(ax, [(5.7, row + 0.3), (5.7, 3.6), (5.15, 3.6)], arrow=True)
    _wire(ax, [(5.0, 3.75), (5.0, top - 0.15)], arrow=True)  # i * g -> add
    _wire(ax, [(8.4, top), (8.4, 3.85)], arrow=True)  # c_t -> tanh -> output multiply
    _wire(ax, [(8.4, 3.35), (8.4, row + 0.15)], arrow=True)
    _wire(ax, [(7.5, row), (8.25, row)], arrow=True)  # o -> output multiply
    _wire(ax, [(8.4, row - 0.15), (8.4, 0.7), (9.8, 0.7)], arrow=True)  # -> h_t
    for x, y, symbol in ((2.8, top, "×"), (5.0, top, "+"), (5.0, 3.6, "×"), (8.4, row, "×")):
        _node(ax, x, y, symbol)
    _box(ax, 8.4, 3.6, "tanh", "0.5", width=0.7, height=0.45)
    notes = [(0.2, top + 0.2, f"$c_{{t-1}}$ = {v['c_prev']:.3f}", "left"),
             (9.8, top + 0.2, f"$c_t$ = {v['c_t']:.3f}", "right"),
             (0.2, bus + 0.2, f"$h_{{t-1}}$ = {v['h_prev']:.3f}", "left"),
             (1.75, 0.2, f"$x_t$ = {v['x_t']:.3f}", "left"),
             (9.8, 0.85, f"$h_t$ = {v['h_t']:.3f}", "right"),
             (2.95, top - 0.45, f"f·c = {v['f_t'] * v['c_prev']:.3f}", "left"),
             (5.15, 3.9, f"i·g = {v['i_t'] * v['g_t']:.3f}", "left"),
             (8.55, 3.0, f"tanh(c) = {np.tanh(v['c_t']):.3f}", "left")]
    for x, y, text, align in notes:
        ax.text(x, y, text, fontsize=8, ha=align)
    ax.set(xlim=(0, 10), ylim=(0, 5.6), aspect="equal", title=title)
    ax.axis("off")
    return ax


def _cell_values(values):
    """The nine numbers of one LSTM step as floats, checked for range and for the equations."""
    values = _mapping("values", values, '{"x_t": 0.9, "h_prev": 0.1, "c_prev": 0.2, ...}')
    missing = [key for key in _CELL_KEYS if key not in values]
    if missing:
        raise ValueError(f"values has no {missing}; it needs {', '.join(_CELL_KEYS)} (one unit at "
                         "one step)")
    v = {}
    for key in _CELL_KEYS:
        number = values[key]
        if isinstance(number, np.ndarray) and number.size == 1:
            number = number.item()  # a one-element array from a (1, 1) slice is one number
        v[key] = _number(f"values[{key!r}]", number, optional=False)
    for key, low in (("i_t", 0.0), ("f_t", 0.0), ("o_t", 0.0), ("g_t", -1.0)):
        if not low <= v[key] <= 1:
            raise ValueError(f"values[{key!r}] must lie in [{low:g}, 1] (a gate or the candidate), "
                             f"got {v[key]}")
    expected = {"c_t": v["f_t"] * v["c_prev"] + v["i_t"] * v["g_t"],
                "h_t": v["o_t"] * np.tanh(v["c_t"])}
    for key, value in expected.items():
        if abs(v[key] - value) > 1e-3:
            raise ValueError(f"values[{key!r}] must follow from the gates: the equations give "
                             f"{value:.4f}, got {v[key]:.4f}; pass the values of one unit at one step")
    return v


def _cell_frame(ax):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((1.0, 0.45), 8.2, 4.65, boxstyle="round,pad=0.1",
                                facecolor="0.96", edgecolor="0.6"))


def _wire(ax, points, arrow=False):
    """A line through the points; with an arrow head at the last one."""
    xs, ys = zip(*points, strict=True)
    ax.plot(xs[:-1 if arrow else None], ys[:-1 if arrow else None], color="0.25", linewidth=1.2)
    if arrow:
        ax.annotate("", xy=points[-1], xytext=points[-2],
                    arrowprops={"arrowstyle": "-|>", "color": "0.25", "linewidth": 1.2})


def _box(ax, x, y, label, color, width=0.6, height=0.6):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                boxstyle="round,pad=0.03", facecolor=color, edgecolor="none",
                                alpha=0.85))
    ax.text(x, y, label, ha="center", va="center", fontsize=9, color="white")


def _node(ax, x, y, symbol):
    from matplotlib.patches import Circle

    ax.add_patch(Circle((x, y), 0.15, facecolor="white", edgecolor="0.25", zorder=3))
    ax.text(x, y, symbol, ha="center", va="center", fontsize=9, zorder=4)


def sequence_kind(inputs, outputs, ax=None, title=None):
    """Draw a recurrent network unrolled over time, with the steps that take an input or give one.

    Chapter 5 draws its kinds of sequence model with it (one-to-one, one-to-many, many-to-one,
    many-to-many, and the delayed many-to-many of an encoder-decoder). Time runs left to right:
    grey boxes are inputs, blue boxes the LSTM at each step (the arrows carry its state), green
    boxes outputs.

    Parameters
    ----------
    inputs, outputs : sequence of int
        The time steps (from 0) that receive an input and that emit an output; each non-empty,
        without repeats, the last step at most 39.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes
    """
    inputs, outputs = _steps("inputs", inputs), _steps("outputs", outputs)
    title = _text("title", title)
    steps = max(inputs + outputs) + 1
    ax = _axes(ax) or plt.subplots(figsize=(0.9 * steps + 1, 2.6))[1]
    _unrolled(ax, steps, inputs, outputs)
    ax.set(xlim=(-0.8, max(steps, 5) - 0.2), ylim=(-0.6, 2.6), title=title, aspect="equal")
    ax.axis("off")
    return ax


def tbptt(timesteps, k1, k2, ax=None, title=None):
    """Draw truncated backpropagation through time, TBPTT(k1, k2), on an unrolled network.

    Chapter 2 draws plain BPTT (``k1 = k2 = timesteps``), Keras's way (``k1 = k2`` = the length
    of the pieces the data is cut into) and the general case. The network runs forward over all
    ``timesteps``; every ``k1`` steps it makes an update, whose gradient flows back over the last
    ``k2`` steps (a red arrow, from the step of the update back to the first step it reaches).
    Steps that no update reaches back to are drawn pale.

    Parameters
    ----------
    timesteps : int
        Steps of the unrolled network, 1 to 40.
    k1 : int
        Steps run forward between updates, 1 to ``timesteps``.
    k2 : int
        Steps each update backpropagates over, 1 to ``timesteps``.
    ax : matplotlib Axes, optional
    title : str, optional
        By default ``"TBPTT(k1, k2)"``.

    Returns
    -------
    matplotlib Axes
    """
    timesteps = _count("timesteps", timesteps, high=_MAX_STEPS)
    k1, k2 = _count("k1", k1, high=timesteps), _count("k2", k2, high=timesteps)
    title = _text("title", title)
    windows = [(max(end - k2, 0), end - 1) for end in range(k1, timesteps + 1, k1)]
    reached = {t for first, last in windows for t in range(first, last + 1)}
    ax = _axes(ax) or plt.subplots(figsize=(0.55 * timesteps + 1.5, 1.6 + 0.35 * len(windows)))[1]
    _unrolled(ax, timesteps, list(range(timesteps)), [], pale=set(range(timesteps)) - reached)
    for number, (first, last) in enumerate(windows):
        y = 1.7 + 0.4 * number
        ax.annotate("", xy=(first - 0.3, y), xytext=(last + 0.3, y),
                    arrowprops={"arrowstyle": "-|>", "color": "C3", "linewidth": 1.5})
        ax.plot([last, last], [1.35, y], color="C3", linewidth=0.8, linestyle=":")
        ax.text(timesteps - 0.2, y, f"update {number + 1}: steps {first}-{last}", fontsize=7,
                va="center", color="C3")  # right of every arrow, so no label crosses one
    ax.set(xlim=(-0.8, timesteps + 3), ylim=(-0.6, 2.1 + 0.4 * len(windows)),
           title=title or f"TBPTT({k1}, {k2})", aspect="equal")
    ax.axis("off")
    return ax


def _steps(name, steps):
    if isinstance(steps, str) or not isinstance(steps, list | tuple | range | np.ndarray):
        raise TypeError(f"{name} must be a list of time steps such as [0, 1, 2], got {steps!r:.60}")
    steps = [_count(f"{name}[{k}]", step, low=0, high=_MAX_STEPS - 1)
             for k, step in enumerate(steps)]
    if not steps or len(set(steps)) != len(steps):
        raise ValueError(f"{name} must list at least one time step, each once, got {steps!r:.60}")
    return steps


def _unrolled(ax, steps, inputs, outputs, pale=()):
    """The LSTM box at each step with its state arrows, inputs below and outputs above."""
    from matplotlib.patches import FancyBboxPatch

    for t in range(steps):
        ax.add_patch(FancyBboxPatch((t - 0.3, 0.7), 0.6, 0.6, boxstyle="round,pad=0.05",
                                    color="C0", alpha=0.3 if t in pale else 1.0))
        if t + 1 < steps:
            ax.annotate("", (t + 0.7, 1.0), (t + 0.3, 1.0), arrowprops={"arrowstyle": "->"})
    for t in inputs:
        ax.add_patch(FancyBboxPatch((t - 0.25, -0.3), 0.5, 0.5, boxstyle="round,pad=0.05",
                                    color="0.6"))
        ax.annotate("", (t, 0.65), (t, 0.25), arrowprops={"arrowstyle": "->"})
    for t in outputs:
        ax.add_patch(FancyBboxPatch((t - 0.25, 1.8), 0.5, 0.5, boxstyle="round,pad=0.05",
                                    color="C2"))
        ax.annotate("", (t, 1.75), (t, 1.35), arrowprops={"arrowstyle": "->"})
