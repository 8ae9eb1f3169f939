"""Generated bad input for prepare, problems, models and runtime (issue 11): every public function,
every argument, every applicable kind of bad value must give a clear error (see bad_input.py).

The table below lists, per function, one valid call and the bad values of each argument; the
cases are generated from it. Validation rejects before any model is built or array allocated, so
the whole table runs in seconds. conftest prints the totals (calls, clear errors) at the end.
"""

import math

import numpy as np
import pytest
from bad_input import (
    BAD_ARRAYS,
    BAD_BOOLS,
    BAD_COUNTS,
    BAD_FLOATS,
    BAD_NAMES,
    BAD_NON_NEGATIVE_COUNTS,
    BAD_POSITIVE_FLOATS,
    BAD_RNGS,
    BAD_SEEDS,
    assert_clear_error,
    bad_arrays,
    bad_cases,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.preprocessing import MinMaxScaler

from lstm_book import models, prepare, problems, runtime

OPTIONAL_COUNTS = [bad for bad in BAD_COUNTS if bad is not None]  # None means "the default"
SERIES = np.arange(10.0)
ONE_HOT = np.eye(3)[[0, 1, 2, 1]]
ADDITION_Y = problems.encode_addition("1+2+3")
ROWS, RIGHT = problems.moving_line_paths(2, 5, rng=0)


def arrays(good, *, drop=(), extra=None):
    """BAD_ARRAYS and the bad arrays derived from ``good``, without the kinds in ``drop``."""
    cases = {**BAD_ARRAYS, **bad_arrays(good), **(extra or {})}
    return {kind: value for kind, value in cases.items() if kind not in drop}


_, FITTED = prepare.scale(SERIES)
NOT_ONE_HOT = {"negative": np.array([[2.0, -1.0]]), "not_summing_to_one": np.array([[0.2, 0.2]]),
               "nan_row": np.array([[np.nan, np.nan], [1.0, 0.0]])}

# function -> (valid keyword arguments, {argument: bad values})
TABLE = {
    # --- prepare ----------------------------------------------------------------------------------
    prepare.as_series: ({"data": SERIES, "name": "data"},
                        {"data": arrays(SERIES), "name": [None, 3]}),
    prepare.scale: ({"data": SERIES, "scaler": "minmax", "feature_range": (0, 1)},
                    {"data": arrays(SERIES), "scaler": BAD_NAMES,
                     "feature_range": [(0, math.nan), (0, math.inf), (1, 0), (0,), "01", None,
                                       (0, 1j), (True, 2)]}),
    prepare.inverse_scale: ({"scaled": SERIES, "scaler": FITTED},
                            {"scaled": arrays(SERIES), "scaler": [None, "minmax", MinMaxScaler(), 3]}),
    prepare.one_hot: ({"labels": [0, 1, 2], "n_classes": 3},
                      {"labels": arrays(np.array([0, 1, 2]), drop=("more_dims",), extra={
                          "floats": [0.0, 1.0], "negative": [-1, 0], "out_of_range": [0, 3],
                          "huge_label": [0, 10**7], "bools": [True, False]}),
                       "n_classes": OPTIONAL_COUNTS}),
    prepare.one_hot_decode: ({"encoded": ONE_HOT},
                             {"encoded": arrays(ONE_HOT, drop=("fewer_dims",), extra=NOT_ONE_HOT)}),
    prepare.pad: ({"sequences": [[1, 2], [3]], "maxlen": None, "padding": "pre",
                   "truncating": "pre", "value": 0, "dtype": None},
                  {"sequences": {"none": None, "string": "abc", "empty": [], "nan": [[1.0, math.nan]],
                                 "inf": [[1.0, math.inf]], "complex": [[1 + 1j, 2]],
                                 "strings": [["a", "b"]], "nested": [[[1], [2]]], "objects": [[object()]]},
                   "maxlen": OPTIONAL_COUNTS, "padding": BAD_NAMES, "truncating": BAD_NAMES,
                   "value": [*BAD_FLOATS, 2**40],
                   "dtype": ["no-such-type", object, "U3", "complex64", 3]}),
    prepare.series_to_supervised: ({"data": SERIES, "timesteps": 2, "horizon": 1, "dropnan": True},
                                   {"data": arrays(SERIES, extra={"too_short": SERIES[:2]}),
                                    "timesteps": BAD_COUNTS, "horizon": BAD_COUNTS,
                                    "dropnan": BAD_BOOLS}),
    prepare.sliding_windows: ({"data": SERIES, "timesteps": 2, "horizon": 1, "squeeze": True},
                              {"data": arrays(SERIES, extra={"too_short": SERIES[:2]}),
                               "timesteps": BAD_COUNTS, "horizon": BAD_COUNTS,
                               "squeeze": BAD_BOOLS}),
    prepare.to_3d: ({"X": SERIES.reshape(2, 5), "timesteps": 5, "n_features": 1},
                    {"X": arrays(SERIES.reshape(2, 5), extra={"wrong_size": np.zeros((2, 7))}),
                     "timesteps": BAD_COUNTS, "n_features": BAD_COUNTS}),
    prepare.split_long_sequence: ({"seq": SERIES, "timesteps": 3, "step": None},
                                  {"seq": arrays(SERIES, drop=("more_dims",),
                                                 extra={"too_short": SERIES[:2]}),
                                   "timesteps": BAD_COUNTS, "step": OPTIONAL_COUNTS}),
    # --- problems ---------------------------------------------------------------------------------
    problems.echo: ({"n": 2, "timesteps": 5, "n_features": 10, "out_index": 2, "rng": 0},
                    {"n": BAD_COUNTS, "timesteps": BAD_COUNTS, "n_features": BAD_COUNTS,
                     "out_index": [*BAD_NON_NEGATIVE_COUNTS, 5], "rng": BAD_RNGS}),
    problems.damped_sine_wave: ({"timesteps": 5, "period": 10, "decay": 0.1},
                                {"timesteps": BAD_COUNTS,
                                 "period": [*BAD_POSITIVE_FLOATS, [10, math.nan], [[10]], []],
                                 "decay": [*BAD_FLOATS, -0.1, [0.1, math.inf], [[0.1]], []]}),
    problems.damped_sine: ({"n": 2, "timesteps": 5, "horizon": 2, "rng": 0},
                           {"n": BAD_COUNTS, "timesteps": BAD_COUNTS, "horizon": BAD_COUNTS,
                            "rng": BAD_RNGS}),
    problems.moving_line_paths: ({"n": 2, "timesteps": 5, "rng": 0},
                                 {"n": BAD_COUNTS, "timesteps": [*BAD_COUNTS, 1], "rng": BAD_RNGS}),
    problems.render_moving_line: ({"rows": ROWS, "right": RIGHT, "dtype": np.uint8},
                                  {"rows": arrays(ROWS, extra={"floats": ROWS.astype(float),
                                                               "out_of_frame": ROWS + 5}),
                                   "right": [2, [2, 0], [0.5, 1.0], None, "ab", [0], [0, 1, 1]],
                                   "dtype": ["no-such-type", object, "U3", 3]}),
    problems.moving_line: ({"n": 2, "timesteps": 5, "rng": 0, "dtype": np.uint8},
                           {"n": BAD_COUNTS, "timesteps": [*BAD_COUNTS, 1], "rng": BAD_RNGS,
                            "dtype": ["no-such-type", object, "U3", 3]}),
    problems.moving_dot: ({"n": 2, "timesteps": 5, "rng": 0, "dtype": np.uint8},
                          {"n": BAD_COUNTS, "timesteps": [*BAD_COUNTS, 1], "rng": BAD_RNGS,
                           "dtype": ["no-such-type", object, "U3", 3]}),
    problems.addition_lengths: ({"n_terms": 3, "largest": 10},
                                {"n_terms": BAD_COUNTS, "largest": [*BAD_COUNTS, 10**13]}),
    problems.addition: ({"n": 2, "n_terms": 3, "largest": 10, "rng": 0},
                        {"n": BAD_COUNTS, "n_terms": BAD_COUNTS, "largest": BAD_COUNTS,
                         "rng": BAD_RNGS}),
    problems.addition_table: ({"n_terms": 3, "largest": 10},
                              {"n_terms": [*BAD_COUNTS, 10**7], "largest": [*BAD_COUNTS, 10**8]}),
    problems.encode_addition: ({"questions": "1+2+3", "n_terms": 3, "largest": 10},
                               {"questions": [None, 5, [], ["1+2"], ["a+b+c"], [7], ["1+2+11"]],
                                "n_terms": BAD_COUNTS, "largest": BAD_COUNTS}),
    problems.decode_addition: ({"y_or_probs": ADDITION_Y},
                               {"y_or_probs": arrays(ADDITION_Y, drop=("fewer_dims",), extra={
                                   "wrong_width": np.zeros((1, 2, 11)),
                                   "not_probabilities": np.zeros((1, 2, 12))})}),
    problems.cumulative_sum: ({"n": 2, "timesteps": 5, "rng": 0, "limit": None},
                              {"n": BAD_COUNTS, "timesteps": BAD_COUNTS, "rng": BAD_RNGS,
                               "limit": [bad for bad in BAD_FLOATS if bad is not None]}),
    problems.rectangle_corners: ({"n": 2, "rng": 0}, {"n": BAD_COUNTS, "rng": BAD_RNGS}),
    problems.rectangles: ({"n": 2, "rng": 0}, {"n": BAD_COUNTS, "rng": BAD_RNGS}),
    # --- models: every call must be refused before a layer is built ---------------------------------
    models.vanilla_lstm: ({"timesteps": 5, "n_features": 10, "units": 25},
                          {"timesteps": OPTIONAL_COUNTS, "n_features": BAD_COUNTS,
                           "units": [*BAD_COUNTS, 10**5]}),
    models.stacked_lstm: ({"timesteps": 50, "horizon": 5, "units": (20, 20)},
                          {"timesteps": OPTIONAL_COUNTS, "horizon": BAD_COUNTS,
                           "units": [(), 2.5, "20", None, (20, 0), (20, 2.5), (True,), [10**12],
                                     (10**5,)]}),
    models.cnn_lstm: ({"timesteps": 50, "filters": 2, "kernel_size": 2, "pool_size": 2, "units": 50},
                      {"timesteps": [*BAD_COUNTS, 10**4], "filters": BAD_COUNTS,
                       "kernel_size": [*BAD_COUNTS, 51], "pool_size": [*BAD_COUNTS, 50],
                       "units": BAD_COUNTS}),
    models.encoder_decoder: ({"timesteps": 8, "horizon": 2, "n_features": 12, "encoder_units": 75,
                              "decoder_units": 50, "go_backwards": False},
                             {"timesteps": BAD_COUNTS, "horizon": BAD_COUNTS,
                              "n_features": BAD_COUNTS, "encoder_units": [*BAD_COUNTS, 10**5],
                              "decoder_units": BAD_COUNTS, "go_backwards": BAD_BOOLS}),
    models.teacher_forcing_encoder_decoder: ({"timesteps": 8, "horizon": 2, "n_features": 12,
                                              "units": 16, "go_backwards": True},
                                             {"timesteps": BAD_COUNTS, "horizon": BAD_COUNTS,
                                              "n_features": BAD_COUNTS,
                                              "units": [*BAD_COUNTS, 10**5],
                                              "go_backwards": BAD_BOOLS}),
    models.bidirectional_lstm: ({"timesteps": 10, "units": 50, "merge_mode": "concat",
                                 "direction": "both"},
                                {"timesteps": OPTIONAL_COUNTS, "units": [*BAD_COUNTS, 10**5],
                                 "merge_mode": BAD_NAMES, "direction": BAD_NAMES}),
    models.generative_lstm: ({"units": 10}, {"units": [*BAD_COUNTS, 10**5]}),
    models.char_lstm: ({"n_symbols": 5, "units": 4, "embedding_dim": 3, "stateful": False},
                       {"n_symbols": BAD_COUNTS, "units": [*BAD_COUNTS, 10**5],
                        "embedding_dim": BAD_COUNTS, "stateful": BAD_BOOLS}),
    # --- runtime ----------------------------------------------------------------------------------
    runtime.set_seed: ({"seed": 1}, {"seed": [*BAD_SEEDS, None, np.float64(1.0)]}),
    runtime.steps_per_execution: ({"steps": 50}, {"steps": [*BAD_COUNTS, 10**6]}),
    runtime.skip_small_graph_rewrites: ({"min_nodes": 50}, {"min_nodes": [*BAD_COUNTS, 10**5]}),
}

CASES = [pytest.param(function, *param.values, id=f"{function.__name__}-{param.id}")
         for function, (valid, bad) in TABLE.items() for param in bad_cases(valid, bad)]


def test_the_table_covers_every_public_function_and_argument():
    import inspect

    for module in (prepare, problems, models, runtime):
        public = {name: value for name, value in vars(module).items() if inspect.isfunction(value)
                  and not name.startswith("_") and value.__module__ == module.__name__}
        for name, function in public.items():
            arguments = set(inspect.signature(function).parameters)
            if not arguments or function in (runtime.check_backend,):  # nothing to break
                continue
            assert function in TABLE, f"{module.__name__}.{name} has no bad-input cases"
            assert set(TABLE[function][1]) == arguments, f"{name}: arguments without cases"


def test_every_valid_call_in_the_table_succeeds():
    for function, (valid, _) in TABLE.items():
        # Valid models are built in test_models.py; the small-graph setting needs a TensorFlow that
        # has not started yet, a fresh process in test_runtime.py.
        if function.__module__ != models.__name__ and function is not runtime.skip_small_graph_rewrites:
            function(**valid)


@pytest.mark.parametrize(("function", "argument", "bad", "kwargs"), CASES)
def test_bad_input_gives_a_clear_error(function, argument, bad, kwargs):
    assert_clear_error(function, argument=argument, **kwargs)


# --- generated arrays: any non-finite value anywhere is refused, never passed on ---------------------


@st.composite
def arrays_with_a_non_finite_value(draw, min_dims=1, max_dims=2):
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=2, max_side=6))
    array = draw(hnp.arrays(np.float64, shape, elements=st.floats(0, 1)))
    array.flat[draw(st.integers(0, array.size - 1))] = draw(st.sampled_from([np.nan, np.inf, -np.inf]))
    return array


@settings(max_examples=40, deadline=None)
@given(arrays_with_a_non_finite_value())
def test_non_finite_values_are_refused_wherever_they_sit(array):
    assert_clear_error(prepare.as_series, array, argument="data")
    assert_clear_error(prepare.split_long_sequence, array, 2, argument="seq")
    assert_clear_error(prepare.to_3d, array.reshape(1, -1), array.size, 1, argument="X")
    assert_clear_error(prepare.one_hot_decode, array, argument="encoded")


# --- the examples, one by one ---------------------------------------------------------------


def test_one_hot_of_a_large_vocabulary_allocates_only_its_result():
    encoded = prepare.one_hot([0, 1], n_classes=50_000)
    assert encoded.shape == (2, 50_000) and encoded.sum() == 2 and encoded[1, 1] == 1
    message = assert_clear_error(prepare.one_hot, [0, 10**7], n_classes=10, argument="labels")
    assert "[0, 10)" in message


def test_pad_refuses_a_value_its_dtype_cannot_hold():
    assert_clear_error(prepare.pad, [[1, 2], [3]], value=math.nan, argument="value")
    message = assert_clear_error(prepare.pad, [[1, 2], [3]], value=-1.5, dtype="int32", argument="value")
    assert "dtype='float32'" in message
    assert prepare.pad([[1, 2], [3]], value=-1.5).tolist() == [[1, 2], [-1.5, 3]]  # float32 chosen


def test_one_hot_decode_refuses_a_nan_row_instead_of_calling_it_class_0():
    assert_clear_error(prepare.one_hot_decode, [[np.nan, np.nan, np.nan]], argument="encoded")
    assert prepare.one_hot_decode([[0.1, 0.7, 0.2]]).tolist() == [1]


def test_render_moving_line_refuses_a_direction_of_2():
    assert_clear_error(problems.render_moving_line, ROWS, [2, 1], argument="right")


def test_builders_refuse_fractional_units_and_zero_lengths():
    assert_clear_error(models.vanilla_lstm, units=2.5, argument="units")
    assert_clear_error(models.vanilla_lstm, timesteps=0, argument="timesteps")
    assert_clear_error(models.stacked_lstm, horizon=0, argument="horizon")


def test_numpy_integers_are_accepted_for_every_count():
    n, steps = np.int64(2), np.int32(5)
    assert problems.echo(n, steps, np.uint8(10), np.int16(2), rng=np.int64(0))[0].shape == (2, 5, 10)
    assert prepare.split_long_sequence(SERIES, steps, step=np.int64(5)).shape == (2, 5)
    assert prepare.one_hot([0, 1], n_classes=np.int64(3)).shape == (2, 3)
    assert models.vanilla_lstm(steps, np.int64(10), np.int64(25)).count_params() == 3_860


def test_scaler_range_with_nan_is_refused():
    assert_clear_error(prepare.scale, SERIES, feature_range=(0, math.nan), argument="feature_range")


def test_complex_series_are_refused():
    assert_clear_error(prepare.as_series, SERIES + 1j, argument="data")
