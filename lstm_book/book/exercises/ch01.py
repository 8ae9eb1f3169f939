"""Checks for chapter 1's exercises: weight counts, one LSTM step, one coupled-gate step."""

import numpy as np

from lstm_book import cell
from lstm_book.book.exercises import Exercise

_SIZES = ((1, 1), (1, 25), (10, 32), (7, 3))


def _lstm_params_are_right(lstm_params):
    return all(int(lstm_params(f, u)) == 4 * (u * (f + u) + u) for f, u in _SIZES)


def _gru_params_are_right(gru_params):
    return all(int(gru_params(f, u)) == 3 * (u * (f + u) + 2 * u) for f, u in _SIZES)


def _random_step_inputs(seed, samples=3, features=2, units=4):
    """x, h, c and Keras-layout weights, all random (biases too, so every term matters)."""
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(samples, features)), rng.normal(size=(samples, units)),
            rng.normal(size=(samples, units)), rng.normal(size=(features, 4 * units)),
            rng.normal(size=(units, 4 * units)), rng.normal(size=4 * units))


def _lstm_step_is_right(lstm_step):
    for seed in (1, 2):
        x, h, c, kernel, recurrent, bias = _random_step_inputs(seed)
        steps = cell.lstm_steps(x[:, np.newaxis], kernel, recurrent, bias, h0=h, c0=c)
        new_h, new_c = lstm_step(x, h, c, kernel, recurrent, bias)
        if not (np.allclose(new_h, steps["hidden_state"][:, 0])
                and np.allclose(new_c, steps["cell_state"][:, 0])):
            return False
    return True


def _coupled_reference(x, h, c, kernel, recurrent, bias):
    z = np.split(x @ kernel + h @ recurrent + bias, 4, axis=-1)
    i = cell.sigmoid(z[0])
    c = (1 - i) * c + i * np.tanh(z[2])
    return cell.sigmoid(z[3]) * np.tanh(c), c


def _coupled_step_is_right(coupled_step):
    for seed in (3, 4):
        inputs = _random_step_inputs(seed)
        new_h, new_c = coupled_step(*inputs)
        expected_h, expected_c = _coupled_reference(*inputs)
        if not (np.allclose(new_h, expected_h) and np.allclose(new_c, expected_c)):
            return False
    return True


def _step_with_gate_order_f_i(x, h, c, kernel, recurrent, bias):  # reads i and f swapped
    z = np.split(x @ kernel + h @ recurrent + bias, 4, axis=-1)
    c = cell.sigmoid(z[0]) * c + cell.sigmoid(z[1]) * np.tanh(z[2])
    return cell.sigmoid(z[3]) * np.tanh(c), c


def _standard_step(x, h, c, kernel, recurrent, bias):  # a standard LSTM step, not coupled
    z = np.split(x @ kernel + h @ recurrent + bias, 4, axis=-1)
    c = cell.sigmoid(z[1]) * c + cell.sigmoid(z[0]) * np.tanh(z[2])
    return cell.sigmoid(z[3]) * np.tanh(c), c


CHECKS = {
    "01.1": Exercise(
        question="A function lstm_params(features, units): the weights of a Keras LSTM layer.",
        is_correct=_lstm_params_are_right,
        hint="Four blocks, each with a kernel (features x units), a recurrent kernel (units x "
             "units) and a bias (units).",
        wrong_answers=(lambda features, units: 4 * units * (features + units),
                       lambda features, units: units * (features + units) + units),
    ),
    "01.2": Exercise(
        question="A function lstm_step(x, h, c, kernel, recurrent_kernel, bias) -> (h, c).",
        is_correct=_lstm_step_is_right,
        hint="Compute x @ kernel + h @ recurrent_kernel + bias, split it into 4 blocks in the "
             "order i, f, c, o, then apply the cell equations.",
        wrong_answers=(_step_with_gate_order_f_i, lambda x, h, c, kernel, recurrent, bias: (h, c)),
    ),
    "01.3": Exercise(
        question="A function gru_params(features, units) for a Keras GRU with reset_after=True.",
        is_correct=_gru_params_are_right,
        hint="Three blocks; with reset_after=True each block has two biases, an input one and a "
             "recurrent one.",
        wrong_answers=(lambda features, units: 3 * (units * (features + units) + units),
                       lambda features, units: 4 * (units * (features + units) + units)),
    ),
    "01.4": Exercise(
        question="A function coupled_step(x, h, c, kernel, recurrent_kernel, bias) -> (h, c) "
                 "with forget gate = 1 - input gate.",
        is_correct=_coupled_step_is_right,
        hint="Like one LSTM step, but skip the forget block (the second) and use 1 - i instead.",
        wrong_answers=(_standard_step,),
    ),
}
