"""Checks for chapter 1's exercises (weight counts, an LSTM step in PyTorch's layout, a coupled-gate
step) and its questionnaire."""

import numpy as np

from lstm_book import cell
from lstm_book.book.exercises import Exercise, quiz

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


def _torch_step_inputs(seed, samples=3, features=2, units=4):
    """x, h, c and PyTorch-layout weights: weight_ih (4u, f), weight_hh (4u, u), two biases."""
    x, h, c, kernel, recurrent, bias = _random_step_inputs(seed, samples, features, units)
    rng = np.random.default_rng(seed + 100)
    return x, h, c, kernel.T, recurrent.T, bias, rng.normal(size=4 * units)


def _torch_step_is_right(torch_step):
    for seed in (1, 2):
        x, h, c, weight_ih, weight_hh, bias_ih, bias_hh = _torch_step_inputs(seed)
        steps = cell.lstm_steps(x[:, np.newaxis], weight_ih.T, weight_hh.T, bias_ih + bias_hh,
                                h0=h, c0=c)
        new_h, new_c = torch_step(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh)
        if not (np.allclose(new_h, steps["hidden_state"][:, 0])
                and np.allclose(new_c, steps["cell_state"][:, 0])):
            return False
    return True


def _torch_step_one_bias(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):  # forgets bias_hh
    return _standard_step(x, h, c, weight_ih.T, weight_hh.T, bias_ih)  # a right Keras-layout step


def _torch_step_gates_swapped(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):  # reads f as i
    return _step_with_gate_order_f_i(x, h, c, weight_ih.T, weight_hh.T, bias_ih + bias_hh)


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
        question="A function torch_lstm_step(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh) -> (h, c) "
                 "for PyTorch's weight layout.",
        is_correct=_torch_step_is_right,
        hint="Compare the shapes: x is (samples, features) but weight_ih is (4 units, features). "
             "And a cell has one bias per gate, however many bias vectors a library stores.",
        wrong_answers=(_torch_step_one_bias, _torch_step_gates_swapped,
                       lambda x, h, c, weight_ih, weight_hh, bias_ih, bias_hh: (h, c)),
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

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "01.q1": quiz.choice(
        question="Which kind of sequence problem maps 20 notes to one label (the composer)? A letter.",
        right="b", hint="Count what comes out: one label for the whole sequence."),
    "01.q2": quiz.number(
        question="The lowest average test MSE an MLP on the last 5 values can reach on the memory "
                 "problem.",
        right=1 / 12, tolerance=0.002,
        hint="The first value is independent of everything the MLP sees, so the best it can do is "
             "one constant. Which constant minimizes the squared error, and what error remains? "
             "For a uniform distribution on [a, b] the variance is (b - a)**2 / 12.",
        wrong=(0.0, 0.5, 0.25, 12**-0.5)),
    "01.q3": quiz.choice(
        question="Which columns of Keras's LSTM kernel (features, 4n) hold the forget gate? A letter.",
        right="b", hint="Keras keeps the blocks side by side in the order i, f, c, o."),
    "01.q4": quiz.number(
        question="The value the cell state approaches when f = 0.75 and i*g = 0.5 at every step.",
        right=2.0, tolerance=0.01,
        hint="Look for the cell state that one more step c = f*c + i*g leaves unchanged.",
        wrong=(0.5, 1.0, 0.375, float("inf"))),
    "01.q5": quiz.choice(
        question="Why the coupled-gate cell's state stays within [-1, 1]. A letter.",
        right="d", hint="Write the coupled update with f = 1 - i and read it as a mixture of two values."),
    "01.q6": quiz.choice(
        question="Which quantity of an LSTM cell can be negative? A letter.",
        right="c", hint="Gates come out of a sigmoid; what does the candidate come out of?"),
})
