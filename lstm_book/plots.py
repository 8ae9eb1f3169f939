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
