"""Checks for chapter 6's exercises (the Vanilla LSTM on echo sequences).

None of them depends on how well a model trained: they check a model's configuration, a
function's output on data generated here, or a count.
"""

import math

import numpy as np

from lstm_book import problems
from lstm_book.book.exercises import Exercise, quiz


def _is_echo_model(model, timesteps=25, n_features=100, units=25):
    import keras

    lstms = [layer for layer in model.layers if isinstance(layer, keras.layers.LSTM)]
    return (model.input_shape == (None, timesteps, n_features)
            and model.output_shape == (None, n_features)
            and len(lstms) == 1 and lstms[0].units == units
            and model.layers[-1].activation.__name__ == "softmax"
            and model.optimizer is not None)


def _finds_out_index(function):
    rng = np.random.default_rng(6)
    for out_index in (0, 3, 6):
        X, y = problems.echo(200, timesteps=7, n_features=10, out_index=out_index, rng=rng)
        if int(function(X, y)) != out_index:
            return False
    return True


def _counts_updates(function):
    cases = ((10_000, 32, 3), (10_000, 1, 1), (100, 30, 2), (5, 8, 4), (1_000, 1_000, 7))
    return all(int(function(n, batch, epochs)) == math.ceil(n / batch) * epochs
               for n, batch, epochs in cases)


def _is_position_verdict(answer):
    # The conclusion must be the right one and agree with the student's own two scores: echoing
    # the last step needs no memory, echoing the first must carry it over 19 more steps.
    first, last = float(answer["first"]), float(answer["last"])
    return (set(answer) == {"first", "last", "harder"} and answer["harder"] == "first"
            and 0.0 <= first <= 1.0 and 0.0 <= last <= 1.0 and first <= last)


CHECKS = {
    "06.1": Exercise(
        question="answer is a compiled Vanilla LSTM (25 memory cells) for echo sequences of 25 time "
                 "steps and 100 features, as in the book's demo.",
        is_correct=_is_echo_model,
        hint="models.vanilla_lstm takes timesteps and n_features as arguments; then compile it.",
        wrong_answers=(None, "model"),
    ),
    "06.2": Exercise(
        question="answer is a function find_out_index(X, y) that returns the time step that y echoes.",
        is_correct=_finds_out_index,
        hint="compare y with every time step of X at once (broadcast y[:, None, :]) and keep the "
             "step where every sequence matches.",
        wrong_answers=(lambda X, y: 0, lambda X, y: X.shape[1] - 1, lambda X, y: 2),
    ),
    "06.3": Exercise(
        question="answer is your prediction: how many more weights the Vanilla LSTM has for "
                 "sequences of 50 time steps than for the book's 5.",
        is_correct=lambda answer: not isinstance(answer, bool | str) and float(answer) == 0,
        hint="an LSTM applies the same weights at every time step; which of its weight matrices "
             "has a size that depends on the number of steps?",
        wrong_answers=(4 * 25 * 45 * 10, 36_000, 34_740, "0"),
    ),
    "06.4": Exercise(
        question="answer is a function updates(n_samples, batch_size, epochs) giving the number of "
                 "gradient updates one fit() call makes.",
        is_correct=_counts_updates,
        hint="one update per batch; the last batch of an epoch may be smaller than batch_size.",
        wrong_answers=(lambda n, b, e: n * e // b, lambda n, b, e: n * e, lambda n, b, e: n // b),
    ),
    "06.5": Exercise(
        question="answer is a dict {'first': accuracy, 'last': accuracy, 'harder': 'first' or "
                 "'last'}: the test accuracies of models trained to echo the first and the last of "
                 "20 time steps, and which is harder, as the scores show.",
        is_correct=_is_position_verdict,
        hint="train one model per out_index with the same recipe, then score each on fresh data "
             "generated with its own out_index. Which target must the LSTM carry over the most "
             "time steps?",
        wrong_answers=({0: 0.1, 19: 1.0}, {"first": 0.1, "last": 1.0, "harder": "last"},
                       {"first": 1.0, "last": 0.1, "harder": "first"},
                       {"first": 0.1, "last": 1.5, "harder": "first"},
                       {"first": 0.1, "last": 1.0, "harder": "first", "extra": 0}),
    ),
}

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "06.q1": quiz.choice(
        question="Why the MLP baseline echoes as well as the LSTM. A letter.",
        right="c", hint="Does the MLP need to remember anything, when it sees all 5 steps at once?"),
    "06.q2": quiz.number(
        question="The average accuracy of random guessing on echo with 10 features.",
        right=0.1, tolerance=1e-6, hint="Each guess is right with the probability of one class "
                                        "among equally likely ones.",
        wrong=(0.5, 0.2, 0.01, 1.0)),
    "06.q3": quiz.name(
        question="The Keras loss for a softmax over classes with one-hot targets.",
        accepted=("categorical_crossentropy", "keras.losses.categorical_crossentropy",
                  "CategoricalCrossentropy"),
        hint="The sparse variant takes integer labels; the binary one takes one probability.",
        wrong=("sparse_categorical_crossentropy", "binary_crossentropy", "mse", "mae")),
    "06.q4": quiz.choice(
        question="What model.predict returns for a batch of echo sequences. A letter.",
        right="a", hint="Look at the output layer: Dense(10, activation='softmax')."),
    "06.q5": quiz.choice(
        question="When XLA (jit_compile=True) pays off. A letter.",
        right="d", hint="The chapter measured two costs: the first fit(), and each later epoch."),
})
