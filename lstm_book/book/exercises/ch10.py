"""Checks for chapter 10's exercises: running-sum labels, merge modes, a stacked bidirectional LSTM."""

import numpy as np

from lstm_book import problems
from lstm_book.book.exercises import Exercise, quiz


def _labels_are_right(running_sum_labels):
    for timesteps, limit, seed in ((10, None, 3), (20, 3.0, 4)):
        X, y = problems.cumulative_sum(50, timesteps, rng=seed, limit=limit)
        limit = timesteps / 4 if limit is None else limit
        for values, labels in zip(X[..., 0], y[..., 0], strict=True):
            if not np.array_equal(np.asarray(running_sum_labels(values, limit)).astype(int),
                                  labels.astype(int)):
                return False
    return True


def _stacked_model_is_right(model):
    import keras

    bidirectional = [layer for layer in model.layers if isinstance(layer, keras.layers.Bidirectional)]
    return (len(bidirectional) == 2 and tuple(model.compute_output_shape((1, 10, 1))) == (1, 10, 1)
            and model.count_params() == 81_301 and bool(getattr(model, "compiled", False)))


def _book_model():
    from lstm_book import models

    return models.bidirectional_lstm()


class _LazyModel:
    """A wrong answer (the book's one-layer model) built only when a check looks at it."""

    def __getattr__(self, name):
        return getattr(_book_model(), name)


CHECKS = {
    "10.1": Exercise(
        question="A function running_sum_labels(values, limit) -> 0/1 label per step.",
        is_correct=_labels_are_right,
        hint="np.cumsum gives the running sum; compare it with the limit (strictly above).",
        wrong_answers=(lambda values, limit: (np.asarray(values) > limit).astype(int),
                       lambda values, limit: (np.cumsum(values) > limit / 2).astype(int)),
    ),
    "10.2": Exercise(
        question="A dict {merge_mode: number of parameters} for concat, sum, mul and ave.",
        is_correct=lambda answer: {k: int(v) for k, v in dict(answer).items()}
        == {"concat": 20_901, "sum": 20_851, "mul": 20_851, "ave": 20_851},
        hint="Build models.bidirectional_lstm(merge_mode=...) for each mode and count_params().",
        wrong_answers=({"concat": 20_901, "sum": 20_901, "mul": 20_901, "ave": 20_901},
                       {"concat": 20_901, "sum": 10_451, "mul": 10_451, "ave": 10_451}),
    ),
    "10.3": Exercise(
        question="A dict {'concat': shape, 'sum': shape} of the Bidirectional layer's output shapes.",
        is_correct=lambda answer: {k: tuple(v) for k, v in dict(answer).items()}
        == {"concat": (1, 10, 100), "sum": (1, 10, 50)},
        hint="Call each layer on np.zeros((1, 10, 1), dtype='float32') and read .shape.",
        wrong_answers=({"concat": (1, 10, 50), "sum": (1, 10, 50)},
                       {"concat": (1, 100), "sum": (1, 50)}),
    ),
    "10.4": Exercise(
        question="A compiled model: two Bidirectional(LSTM(50, return_sequences=True)) layers, then "
                 "TimeDistributed(Dense(1, sigmoid)), for (10, 1) inputs.",
        is_correct=_stacked_model_is_right,
        hint="keras.Sequential([keras.Input(shape=(10, 1)), two Bidirectional layers, the "
             "TimeDistributed output]), then compile it. The second LSTM reads 100 features.",
        wrong_answers=(_LazyModel(), None),
    ),
}

CHECKS["10.5"] = Exercise(
    question="answer is your prediction of the output shape of Bidirectional(LSTM(50, "
             "return_sequences=True), merge_mode='ave') on a batch of shape (4, 10, 1).",
    is_correct=lambda answer: tuple(int(size) for size in answer) == (4, 10, 50),
    hint="return_sequences keeps the time axis; only one merge mode puts the two directions side "
         "by side.",
    wrong_answers=((4, 10, 100), (4, 50), (4, 100), (4, 10, 1)),
)

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "10.q1": quiz.choice(
        question="The task a bidirectional LSTM cannot do as it is. A letter.",
        right="d", hint="What must be available before the backward LSTM can start reading?"),
    "10.q2": quiz.number(
        question="Values per step out of Bidirectional(LSTM(50, return_sequences=True)), default merge.",
        right=100, hint="The default merge mode is 'concat'.",
        wrong=(50, 25, 200)),
    "10.q3": quiz.choice(
        question="The order of a go_backwards LSTM's outputs. A letter.",
        right="b", hint="The chapter's backward model has to put them back with ReverseTime."),
    "10.q4": quiz.number(
        question="The per-step accuracy of 0,0,1,1,1,1,1,1,1,1 against 0,0,0,1,1,1,1,1,1,1.",
        right=0.9, tolerance=1e-6, hint="Count the steps where the two agree.",
        wrong=(0.0, 1.0, 0.1, 0.7)),
    "10.q5": quiz.choice(
        question="Why a forward-only LSTM does well on the cumulative sum problem. A letter.",
        right="a", hint="Which values decide the label at step t?"),
})
