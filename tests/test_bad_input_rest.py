"""Generated bad-input tests (issue 11) for evaluate, cell, side_by_side, persist, plots, datasets, stateful
and the machinery's public helpers (report, chapters, exercises).

One table row per public function: a valid call and, for every argument, its bad values by kind
(from ``tests/bad_input.py``'s catalogue, or derived from the valid value with ``bad_arrays``).
Each case replaces one argument and must get a clear error (see ``assert_clear_error``); damaged
or missing files must get an error that names the file. Every check runs before any model is
built or any file written, so the whole table runs in seconds. A value left out of a catalogue is
a valid input there (e.g. ``None`` for an optional argument); the row says why.
"""

import math
import tempfile
import zipfile
from pathlib import Path

import keras
import numpy as np
import pandas as pd
import pytest
from bad_input import (
    BAD_ARRAYS,
    BAD_BOOLS,
    BAD_COUNTS,
    BAD_FLOATS,
    BAD_NAMES,
    BAD_NON_NEGATIVE_COUNTS,
    BAD_POSITIVE_FLOATS,
    assert_clear_error,
    assert_clear_file_error,
    bad_arrays,
)
from sklearn.preprocessing import MinMaxScaler

from lstm_book import cell, datasets, evaluate, persist, plots, side_by_side, stateful
from lstm_book.book import chapters, exercises, report

pytestmark = pytest.mark.usefixtures("close_figures")

# --- the few valid objects the calls need (tiny, built once) ----------------------------------------

RNG = np.random.default_rng(0)
SCRATCH = Path(tempfile.mkdtemp(prefix="rest-bad-input-"))  # persist writes must never land here


def tiny(units=2, timesteps=3, kind=keras.layers.LSTM):
    return keras.Sequential([keras.Input(shape=(timesteps, 1)), kind(units), keras.layers.Dense(1)])


MODEL = tiny()
OTHER_SHAPE = tiny(timesteps=4)
GRU_MODEL = tiny(kind=keras.layers.GRU)
STATEFUL = keras.Sequential([keras.Input(batch_shape=(2, 3, 1)), keras.layers.LSTM(2, stateful=True)])
WIDE = side_by_side.stack([MODEL, MODEL])
STATE = side_by_side.snapshot(WIDE)
LAYER = keras.layers.LSTM(3, return_sequences=True)
LAYER.build((None, 4, 2))
UNBUILT = keras.layers.LSTM(3)
SCALER = MinMaxScaler().fit(np.array([[1.0], [3.0]]))
SERIES = pd.Series(np.arange(24.0), index=pd.date_range("2000-01", periods=24, freq="MS"))
ONE_HOT = np.eye(3)[[[0, 1, 2], [2, 1, 0]]]                    # (2 samples, 3 steps, 3 classes)
ACTIVATIONS = cell.lstm_steps(RNG.normal(size=(2, 5, 2)), RNG.normal(size=(2, 12)),
                              RNG.normal(size=(3, 12)), RNG.normal(size=12))
TOWER = side_by_side.tower_weights(WIDE)


def without(catalogue, *kinds):
    """A catalogue less the kinds that are valid for this argument."""
    if isinstance(catalogue, dict):
        return {kind: value for kind, value in catalogue.items() if kind not in kinds}
    return [value for value in catalogue if not any(value is kind or (
        type(value) is type(kind) and value == kind) for kind in kinds)]


def arrays(good, *valid_kinds, **extra):
    """Bad arrays for an array argument: derived from ``good``, the generic ones, and ``extra``."""
    return without({**BAD_ARRAYS, **bad_arrays(good), **extra}, *valid_kinds)


def nan_weights(index, shape_index):
    weights = [[np.array(w, copy=True) for w in tower] for tower in TOWER]
    weights[index][shape_index].flat[0] = np.nan
    return weights


# --- the table: function, valid keyword arguments, bad values per argument ---------------------------

LABELS, PREDICTED = np.array([0, 1, 1]), np.array([0, 1, 0])
CORNERS = np.array([[[0, 0], [1, 0], [1, 1], [0, 1]]] * 2, dtype=float)
IDS = np.array([0, 2, 1, 1])  # symbol ids of a 4-character text over 3 symbols
X_SEQ = RNG.normal(size=(2, 4, 2))
LSTM_W = (RNG.normal(size=(2, 12)), RNG.normal(size=(3, 12)), RNG.normal(size=12))
GRU_W = (RNG.normal(size=(2, 9)), RNG.normal(size=(3, 9)), RNG.normal(size=(2, 9)))
BAD_LAYERS = [None, "lstm", keras.layers.Dense(2), UNBUILT]
# One LSTM step of one unit, consistent with the equations (plots.lstm_cell checks them).
CELL_STEP = {"x_t": 0.9, "h_prev": 0.05, "c_prev": 0.12, "i_t": 0.52, "f_t": 0.78, "g_t": 0.31,
             "o_t": 0.61, "c_t": 0.78 * 0.12 + 0.52 * 0.31}
CELL_STEP["h_t"] = 0.61 * math.tanh(CELL_STEP["c_t"])
BAD_TITLES = [3, ["a title"]]
BAD_AXES = ["ax", 3]
BAD_OPTIONAL_FLOATS = without(BAD_FLOATS, None)

TABLE = [
    # evaluate ------------------------------------------------------------------------------------
    (evaluate.seconds_per_call, {"function": lambda: None, "calls": 2, "warmup": 1},
     {"function": [None, 3, "f"], "calls": BAD_COUNTS, "warmup": BAD_NON_NEGATIVE_COUNTS}),
    (evaluate.accuracy, {"y_true": LABELS, "y_pred": PREDICTED},
     {"y_true": arrays(LABELS, one_hot=np.eye(3), short=LABELS[:2]),
      "y_pred": arrays(PREDICTED, probabilities=np.array([0.2, 0.7, 0.9]), one_hot=np.eye(3),
                       short=PREDICTED[:2])}),
    (evaluate.mean_absolute_error, {"y_true": np.ones((2, 3)), "y_pred": np.zeros((2, 3))},
     {"y_true": arrays(np.ones((2, 3))), "y_pred": arrays(np.zeros((2, 3)), other=np.zeros((2, 4)))}),
    (evaluate.per_step_accuracy, {"y_true": ONE_HOT, "y_pred": ONE_HOT * 0.8},
     {"y_true": arrays(ONE_HOT), "y_pred": arrays(ONE_HOT, four_classes=np.eye(4)[[[0, 1, 2]] * 2])}),
    (evaluate.exact_match_accuracy, {"y_true": ONE_HOT, "y_pred": ONE_HOT * 0.8},
     {"y_true": arrays(ONE_HOT), "y_pred": arrays(ONE_HOT, four_classes=np.eye(4)[[[0, 1, 2]] * 2])}),
    (evaluate.corner_angle_errors, {"corners": CORNERS},
     {"corners": arrays(CORNERS, three_corners=CORNERS[:, :3])}),
    (evaluate.closure_errors, {"corners": CORNERS},
     {"corners": arrays(CORNERS, three_corners=CORNERS[:, :3])}),
    (evaluate.repeat, {"build_and_fit": lambda seed: 1.0, "seeds": [1, 2], "name": "score"},
     {"build_and_fit": [None, 3], "name": ["", None, 3],
      "seeds": [None, 5, "12", [], [-1], [2**32], [1.5], [True], [1, 1], [1, "x"]]}),
    (evaluate.split_last, {"values": np.arange(10.0), "horizon": 3, "min_train": 2},
     {"values": arrays(np.arange(10.0)), "horizon": [*BAD_COUNTS, 9], "min_train": BAD_COUNTS}),
    (evaluate.persistence, {"values": np.arange(10.0), "horizon": 3},
     {"values": arrays(np.arange(10.0)), "horizon": [*BAD_COUNTS, 10]}),
    (evaluate.rmse, {"y_true": np.arange(3.0), "y_pred": np.ones((2, 3))},
     {"y_true": arrays(np.arange(3.0)), "y_pred": arrays(np.ones((2, 3)), short=np.ones(2))}),
    (evaluate.bits_per_character, {"y_true": IDS, "y_prob": np.full((4, 3), 1 / 3)},
     {"y_true": arrays(IDS, negative=-IDS - 1, fractions=IDS + 0.5, too_large=IDS + 3),
      "y_prob": arrays(np.full((4, 3), 1 / 3), logits=np.full((4, 3), 2.0),
                       negative=np.tile([1.5, -0.5, 0.0], (4, 1)), short=np.full((3, 3), 1 / 3))}),
    (evaluate.ngram_bits_per_character,
     {"train": np.tile(IDS, 5), "text": IDS, "n": 2, "k": 0.1, "n_symbols": 3},
     {"train": arrays(np.tile(IDS, 5), negative=-np.tile(IDS, 5), too_large=np.tile(IDS, 5) + 3,
                      two_d=np.tile(IDS, (5, 1)), shorter_than_n=IDS[:1]),
      "text": arrays(IDS, fractions=IDS + 0.5, too_large=IDS + 3),
      "n": [*BAD_COUNTS, 40], "n_symbols": [*BAD_COUNTS, 1],
      "k": [*BAD_POSITIVE_FLOATS, [], [0.1, -1.0], [[0.1]]]}),
    # cell: elementwise functions take any shape, scalars and empty arrays ------------------------
    (cell.sigmoid, {"x": np.zeros(3)}, {"x": arrays(np.zeros(3), "scalar", "empty", "more_dims")}),
    (cell.hard_sigmoid, {"x": np.zeros(3)},
     {"x": arrays(np.zeros(3), "scalar", "empty", "more_dims")}),
    (cell.activation, {"name": "tanh"}, {"name": BAD_NAMES}),
    (cell.layer_weights, {"layer": LAYER}, {"layer": BAD_LAYERS}),
    (cell.lstm_steps, {"X": X_SEQ, "kernel": LSTM_W[0], "recurrent_kernel": LSTM_W[1],
                       "bias": LSTM_W[2], "h0": np.zeros((2, 3)), "c0": np.zeros((2, 3)),
                       "activation_name": "tanh", "recurrent_activation_name": "sigmoid"},
     {"X": arrays(X_SEQ), "kernel": arrays(LSTM_W[0]), "recurrent_kernel": arrays(LSTM_W[1]),
      "bias": arrays(LSTM_W[2]), "h0": arrays(np.zeros((2, 3)), "none"),
      "c0": arrays(np.zeros((2, 3)), "none"), "activation_name": BAD_NAMES,
      "recurrent_activation_name": BAD_NAMES}),
    (cell.lstm_forward, {"X": X_SEQ, "kernel": LSTM_W[0], "recurrent_kernel": LSTM_W[1],
                         "bias": LSTM_W[2]},
     {"X": arrays(X_SEQ), "kernel": arrays(LSTM_W[0]), "recurrent_kernel": arrays(LSTM_W[1]),
      "bias": arrays(LSTM_W[2]), "h0": arrays(np.zeros((2, 3)), "none"),
      "c0": arrays(np.zeros((2, 3)), "none")}),
    (cell.gru_steps, {"X": X_SEQ, "kernel": GRU_W[0], "recurrent_kernel": GRU_W[1],
                      "bias": GRU_W[2], "reset_after": True},
     {"X": arrays(X_SEQ), "kernel": arrays(GRU_W[0]), "recurrent_kernel": arrays(GRU_W[1]),
      "bias": arrays(GRU_W[2], one_row=GRU_W[2][0]), "h0": arrays(np.zeros((2, 3)), "none"),
      "reset_after": BAD_BOOLS, "activation_name": BAD_NAMES,
      "recurrent_activation_name": BAD_NAMES}),
    (cell.gru_forward, {"X": X_SEQ, "kernel": GRU_W[0], "recurrent_kernel": GRU_W[1],
                        "bias": GRU_W[2]},
     {"X": arrays(X_SEQ), "kernel": arrays(GRU_W[0]), "recurrent_kernel": arrays(GRU_W[1]),
      "bias": arrays(GRU_W[2]), "h0": arrays(np.zeros((2, 3)), "none"), "reset_after": BAD_BOOLS}),
    (cell.gate_activations, {"layer": LAYER, "X": X_SEQ},
     {"layer": BAD_LAYERS, "X": arrays(X_SEQ, three_features=np.zeros((2, 4, 3)))}),
    (cell.unit_correlations, {"values": ACTIVATIONS["cell_state"],
                              "target": np.arange(10.0).reshape(2, 5)},
     {"values": arrays(ACTIVATIONS["cell_state"]),
      "target": arrays(np.arange(10.0).reshape(2, 5), constant=np.ones((2, 5))),
      "mask": ["abc", np.ones((2, 5)), np.ones((2, 4), bool), np.eye(2, 5, dtype=bool)[:1].repeat(2, 0)
               * np.array([[True], [False]])]}),
    # side_by_side ----------------------------------------------------------------------------------
    (side_by_side.TowerMask, {"units": [2, 3], "column_blocks": [2, 3], "repeats": 4},
     {"units": [None, "23", [], [0, 3], [2.5, 3], [True, 3], [10**12, 3]],
      "column_blocks": [None, [2], [0, 3], [2, "3"]], "repeats": BAD_COUNTS}),
    (side_by_side.TowerLoss, {"kind": "mse", "n_towers": 2, "outputs": 1},
     {"kind": BAD_NAMES, "n_towers": BAD_COUNTS, "outputs": BAD_COUNTS}),
    (side_by_side.stack, {"models": [MODEL, MODEL]},
     {"models": [None, [], MODEL, ["model"], [GRU_MODEL], [MODEL, OTHER_SHAPE], "models"],
      "fresh": BAD_BOOLS,
      "optimizer": [None, 3, *(keras.optimizers.Adam(learning_rate=rate)
                               for rate in (math.nan, math.inf, -0.1, 0.0)),
                    keras.optimizers.Adam(clipnorm=math.nan), keras.optimizers.SGD(clipnorm=-1.0)],
      "loss": BAD_NAMES, "metrics": ["accuracy", 3], "jit_compile": ["yes", None, 2],
      "steps_per_execution": BAD_COUNTS}),
    (side_by_side.n_towers, {"wide": WIDE}, {"wide": [None, "wide", MODEL]}),
    (side_by_side.tower_weights, {"wide": WIDE}, {"wide": [None, "wide", MODEL]}),
    (side_by_side.set_tower_weights, {"wide": WIDE, "weights": TOWER},
     {"wide": [None, "wide", MODEL],
      "weights": [None, [], "w", TOWER[:1], [TOWER[0], TOWER[0][:3]], nan_weights(1, 1),
                  [TOWER[0], [w[..., :1] for w in TOWER[1]]]]}),
    (side_by_side.targets, {"y": np.arange(5.0), "n_towers": 3},
     {"y": arrays(np.arange(5.0)), "n_towers": BAD_COUNTS}),
    (side_by_side.epochs_as_steps, {"X": np.zeros((5, 1, 1)), "y": np.zeros(5), "epochs": 2,
                                    "batch_size": 2, "sample_weight": np.ones(5)},
     {"X": arrays(np.zeros((5, 1, 1)), short=np.zeros((4, 1, 1))),
      "y": arrays(np.zeros(5), short=np.zeros(4)), "epochs": BAD_COUNTS,
      "batch_size": BAD_COUNTS,
      "sample_weight": arrays(np.ones(5), "none", negative=-np.ones(5), short=np.ones(4))}),
    (side_by_side.snapshot, {"model": WIDE}, {"model": [None, "model", tiny()]}),
    (side_by_side.restore, {"model": WIDE, "state": STATE},
     {"model": [None, "model", tiny()],
      "state": [None, "state", (1, 2), side_by_side.snapshot(side_by_side.stack([MODEL])),
                ([np.full_like(w, np.nan) for w in STATE[0]], STATE[1])]}),
    # persist (no bad call may write a file: see test_no_bad_call_wrote_a_file) -----------------------
    (persist.save, {"model": MODEL, "path": SCRATCH / "model.keras"},
     {"model": [None, "model", 3], "path": [None, 3, "", SCRATCH / "model.h5", SCRATCH],
      "scaler": [{"min": 0}, "scaler", MinMaxScaler(),
                 MinMaxScaler().fit(np.array([[np.nan], [np.nan]]))],
      "custom_objects": ["x", [1]]}),
    (persist.save_version, {"model": MODEL, "folder": SCRATCH / "versions", "name": "m"},
     {"model": [None, "model", 3], "folder": [None, 3, ""],
      "name": without(BAD_NAMES, "no-such-name"), "scaler": [{"min": 0}, MinMaxScaler()],
      "custom_objects": ["x"]}),
    (persist.load, {"path": SCRATCH / "none.keras"},
     {"path": [None, 3, ""], "compile": BAD_BOOLS, "custom_objects": ["x", [1]]}),
    (persist.load_scaler, {"path": SCRATCH / "none.keras"}, {"path": [None, 3, ""]}),
    (persist.versions, {"folder": SCRATCH, "name": "m"},
     {"folder": [None, 3, ""], "name": without(BAD_NAMES, "no-such-name")}),
    # plots -------------------------------------------------------------------------------------------
    (plots.forecasts_vs_truth, {"X": np.zeros((5, 30)), "y_true": np.zeros((5, 4)),
                                "y_pred": np.zeros((5, 4)), "n": 2, "history": 5},
     {"X": arrays(np.zeros((5, 30))), "y_true": arrays(np.zeros((5, 4))),
      "y_pred": arrays(np.zeros((5, 4)), other=np.zeros((5, 3))), "n": [*BAD_COUNTS, 6],
      "history": [*without(BAD_COUNTS, None), 31], "title": BAD_TITLES}),
    (plots.video_frames, {"video": np.zeros((10, 8, 8)), "frames": [0, 3]},
     {"video": arrays(np.zeros((10, 8, 8)), "fewer_dims"),
      "frames": ["0", 3, [0.5], [-1], [10], [True], []], "title": BAD_TITLES}),
    (plots.shape, {"corners": CORNERS[0]},
     {"corners": arrays(CORNERS[0], one=CORNERS[0][:1]), "ax": BAD_AXES, "title": BAD_TITLES,
      "color": ["not a colour", 3.5, True]}),
    (plots.shape_grid, {"shapes": CORNERS, "columns": 2},
     {"shapes": arrays(CORNERS, too_many=np.zeros((200, 4, 2))), "columns": BAD_COUNTS,
      "titles": ["ab", [1, 2], ["a"]], "title": BAD_TITLES}),
    (plots.learning_curves, {"histories": {"a": {"loss": [1.0, 0.5]}}},
     {"histories": [None, [], {}, "loss", {"a": [1, 2]}, {"a": {"loss": "abc"}},
                    {"a": {"loss": [1 + 1j]}}, {"a": {"loss": []}}],
      "metric": [None, 3, "accuracy"], "ax": BAD_AXES, "title": BAD_TITLES}),
    (plots.box_plot, {"scores": {"a": [0.1, 0.2]}},
     {"scores": [None, [0.1], {}, {"a": "abc"}, {"a": [np.nan]}, {"a": [1j]}, {"a": []}],
      "ax": BAD_AXES, "title": BAD_TITLES, "ylabel": [None, 3], "baseline": BAD_OPTIONAL_FLOATS,
      "baseline_label": [None, 3]}),
    (plots.forecast, {"series": SERIES, "forecasts": {"a": np.ones(3)}},
     {"series": [None, SERIES.to_numpy(), SERIES.where(SERIES > 3), SERIES.astype(str)],
      "forecasts": [None, [], "a", *({"a": bad} for bad in arrays(np.ones(3)).values()),
                    {"a": np.ones(24)}],
      "ax": BAD_AXES, "title": BAD_TITLES, "ylabel": BAD_TITLES}),
    (plots.colored_characters, {"rows": ["ab"], "values": [[0.0, 1.0]]},
     {"rows": ["abc", None, [1, 2], [], [""]],
      "values": [None, "ab", [[np.nan, 1.0]], [[1.0]], [[1j, 1.0]], [["a", "b"]]],
      "labels": ["ab", ["a", "b"]], "ax": BAD_AXES, "cmap": BAD_NAMES,
      "vmin": [*BAD_OPTIONAL_FLOATS, 5.0], "vmax": [*BAD_OPTIONAL_FLOATS, -5.0],
      "title": BAD_TITLES}),
    (plots.gate_heatmaps, {"activations": ACTIVATIONS},
     {"activations": [None, [], "acts", {"input_gate": np.full((1, 2, 3), np.nan)},
                      {**ACTIVATIONS, "forget_gate": np.zeros((1, 2, 3))}],
      "sample": [*BAD_NON_NEGATIVE_COUNTS, 2], "keys": ["input_gate", [], [3], ("candidatez",)],
      "step_labels": [3, "a" * 6]}),
    (plots.lstm_cell, {"values": CELL_STEP},
     {"values": [None, [], "values", [0.1] * 9, {**CELL_STEP, "f_t": 1.5},
                 {**CELL_STEP, "c_t": 9.0}, {**CELL_STEP, "x_t": np.nan}, {**CELL_STEP, "h_t": "0.1"},
                 {key: v for key, v in CELL_STEP.items() if key != "g_t"}],
      "ax": BAD_AXES, "title": BAD_TITLES}),
    (plots.sequence_kind, {"inputs": [0, 1, 2], "outputs": [3, 4]},
     {"inputs": [None, "012", 3, [], [0, 0], [-1], [0.5], [True], [40]],
      "outputs": [None, "3", [], [1, 1], [-2], [1.5], [False], [10**12]],
      "ax": BAD_AXES, "title": BAD_TITLES}),
    (plots.tbptt, {"timesteps": 12, "k1": 4, "k2": 4},
     {"timesteps": [*BAD_COUNTS, 41], "k1": [*BAD_COUNTS, 13], "k2": [*BAD_COUNTS, 13],
      "ax": BAD_AXES, "title": BAD_TITLES}),
    # stateful ----------------------------------------------------------------------------------------
    (stateful.carry_state, {"model": STATEFUL},
     {"model": [None, "model", 3, MODEL, keras.Sequential([keras.layers.LSTM(2, stateful=True)])]}),
    # datasets ----------------------------------------------------------------------------------------
    (datasets.load, {"name": "shampoo"}, {"name": BAD_NAMES, "data_dir": [None, 3, ""]}),
    (datasets.load_text, {"name": "pydoc-topics"},
     {"name": [*BAD_NAMES, "shampoo"], "data_dir": [None, 3, ""]}),
    # the machinery's public helpers ------------------------------------------------------------------
    (report.record, {"chapter": 6, "name": "accuracy", "value": 0.99},
     {"chapter": [*BAD_COUNTS, 99, "6", 6.0], "name": [None, 3, "acc", ""], "value": BAD_FLOATS}),
    (report.meets, {"value": 0.5, "target": ">= 0.1"},
     {"value": without(BAD_FLOATS, math.nan, math.inf, -math.inf),  # a predicate: NaN never meets
      "target": [">= abc", ">= nan", ">= inf", 5, "", "at least 1", ">=0.5", "=> 0.5"]}),
    (report.read, {"path": SCRATCH / "none.jsonl"}, {"path": [None, 3, True]}),
    (report.read_checked, {"path": SCRATCH / "none.jsonl"}, {"path": [None, 3, True]}),
    (chapters.get, {"number": 6}, {"number": [*BAD_COUNTS, 99, "6", 6.0, np.float64(6.0)]}),
    (exercises.get, {"exercise_id": "06.1"},
     {"exercise_id": [None, 6.1, 6, "6", "", "x.1", "99.1", "06.99", "1e3.1", ["06.1"]]}),
    (exercises.check, {"exercise_id": "06.1", "answer": 1},
     {"exercise_id": [None, 6.1, "x.1", "99.1", "06.99"]}),
]


def _cases():
    from bad_input import bad_cases

    params = []
    for func, valid, bad in TABLE:
        name = f"{func.__module__.rpartition('.')[2]}.{func.__qualname__}"
        for param in bad_cases(valid, bad):
            argument, value, kwargs = param.values
            params.append(pytest.param(func, argument, kwargs, id=f"{name}:{param.id}"))
    return params


CASES = _cases()


@pytest.mark.parametrize(("func", "argument", "kwargs"), CASES)
def test_every_bad_argument_gets_a_clear_error(func, argument, kwargs):
    assert_clear_error(func, argument=argument, **kwargs)


def test_the_table_covers_every_public_function_of_these_modules():
    import inspect

    covered = {func for func, _, _ in TABLE}
    for module in (evaluate, cell, side_by_side, persist, plots, datasets, stateful):
        public = {value for name, value in vars(module).items()
                  if not name.startswith("_") and (inspect.isfunction(value) or inspect.isclass(value))
                  and value.__module__ == module.__name__}
        assert public <= covered, f"{module.__name__}: no bad-input row for {public - covered}"
    untried_by_design = {"answer",  # exercises.check takes any answer: a wrong one fails the check
                         "kwargs"}  # TowerLoss passes Keras's own Loss options through
    for func, _, bad in TABLE:  # every argument of every function is tried
        parameters = set(inspect.signature(func).parameters) - untried_by_design
        if func is side_by_side.TowerLoss:
            parameters.discard("name")  # the loss's display name, any string Keras takes
        assert parameters <= set(bad), f"{func.__qualname__}: untried {parameters - set(bad)}"


def test_no_bad_call_wrote_a_file():
    assert not list(SCRATCH.iterdir())


# --- damaged and missing files: the error names the file ---------------------------------------------


def _damaged_model_files(folder):
    folder.mkdir(exist_ok=True)
    garbage = folder / "garbage.keras"
    garbage.write_bytes(b"this is not a model")
    good = persist.save(MODEL, folder / "good.keras", scaler=SCALER)
    truncated = folder / "truncated.keras"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    not_a_model = folder / "notes.keras"
    with zipfile.ZipFile(not_a_model, "w") as archive:
        archive.writestr("notes.txt", "hello")
    bad_scaler = folder / "bad_scaler.keras"
    bad_scaler.write_bytes(good.read_bytes())
    with zipfile.ZipFile(bad_scaler, "a") as archive:
        archive.writestr("lstm_book/scaler.json", "{not json")  # a second, damaged entry wins
    no_scaler = persist.save(MODEL, folder / "no_scaler.keras")
    return {"missing": folder / "missing.keras", "garbage": garbage, "truncated": truncated,
            "not_a_model": not_a_model, "bad_scaler": bad_scaler, "no_scaler": no_scaler}


@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    return _damaged_model_files(tmp_path_factory.mktemp("damaged"))


@pytest.mark.parametrize("kind", ["missing", "garbage", "truncated", "not_a_model"])
def test_load_names_a_missing_or_damaged_file(damaged, kind):
    assert_clear_file_error(persist.load, damaged[kind], path=damaged[kind])


@pytest.mark.parametrize("kind", ["missing", "garbage", "truncated", "bad_scaler", "no_scaler"])
def test_load_scaler_names_a_missing_or_damaged_file(damaged, kind):
    assert_clear_file_error(persist.load_scaler, damaged[kind], path=damaged[kind])


def test_versions_refuses_a_file_for_a_folder(damaged):
    assert_clear_error(persist.versions, damaged["garbage"], argument="folder")


@pytest.mark.parametrize("kind", ["missing", "altered"])
def test_datasets_names_a_missing_or_altered_file(tmp_path, kind):
    if kind == "altered":
        (tmp_path / "shampoo.csv").write_bytes((datasets.DATA_DIR / "shampoo.csv").read_bytes()
                                               + b"3-13,1.0\n")
    assert_clear_file_error(datasets.load, "shampoo", data_dir=tmp_path,
                            path=tmp_path / "shampoo.csv")


def test_report_read_names_the_damaged_line(tmp_path):
    path = tmp_path / "results.jsonl"
    path.write_text('{"kind": "exercise", "id": "06.1", "passed": true}\n{"kind": "met')
    message = assert_clear_file_error(report.read, path, path=path)
    assert "results file line 2 is damaged" in message
