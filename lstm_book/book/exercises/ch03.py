"""Checks for chapter 3's exercises (preparing data)."""

import numpy as np

from lstm_book.book.exercises import Exercise, quiz

_MIN_MAX_CASES = (np.arange(10.0, 101.0, 10.0), np.array([-3.0, 0.0, 5.0, 2.0]),
                  np.array([[0.5], [0.25], [1.5]]).ravel())
_DNA = np.eye(4)[[2, 0, 3, 3, 0, 1, 0]]  # G A T T A C A over the alphabet A C G T
_PADDED = np.array([[5, 1, -1], [7, -1, -1], [2, 9, 4]])


def _min_max_is_right(function):
    # Compare with the formula scikit-learn's MinMaxScaler uses, on fixed inputs.
    return all(np.allclose(function(case), (case - case.min()) / (case.max() - case.min()))
               for case in _MIN_MAX_CASES)


def _airline_windows_are_right(answer):
    from lstm_book import datasets

    X, y = answer
    passengers = datasets.load("airline-passengers")
    both = np.column_stack([passengers.to_numpy(), passengers.index.month])
    samples = len(both) - 12
    starts = np.arange(samples)[:, None] + np.arange(12)  # (samples, 12) row numbers
    X, y = np.asarray(X), np.asarray(y)
    return (X.shape == (samples, 12, 2) and y.shape == (samples,)
            and np.allclose(X, both[starts]) and np.allclose(y, both[12:, 0]))


_SENTENCES = ("the cat sat on the mat", "a dog", "the dog sat", "dogs and cats sat on a mat together")


def _encodes_for_an_embedding(function):
    # Properties, not one fixed numbering: any consistent ids from 1 up will do.
    for maxlen in (3, 5, 8):
        encoded = np.asarray(function(list(_SENTENCES), maxlen))
        if encoded.shape != (len(_SENTENCES), maxlen) or not np.issubdtype(encoded.dtype, np.integer):
            return False
        word_of = {}
        for sentence, row in zip(_SENTENCES, encoded, strict=True):
            words = sentence.split()[-maxlen:]
            pad = maxlen - len(words)
            if np.any(row[:pad] != 0) or np.any(row[pad:] == 0):
                return False
            for word, token in zip(words, row[pad:], strict=True):
                if word_of.setdefault(int(token), word) != word:  # one id, two words
                    return False
        if len(set(word_of.values())) != len(word_of):  # one word, two ids
            return False
    return True


def _ids(sentences, first=1):
    words = sorted({word for sentence in sentences for word in sentence.split()})
    ids = {word: k + first for k, word in enumerate(words)}
    return [[ids[word] for word in sentence.split()] for sentence in sentences]


def _pad(tokens, maxlen, padding="pre", dtype="int32"):
    # Keep each sequence's last maxlen ids; fill with 0 before ("pre") or after ("post") them.
    out = np.zeros((len(tokens), maxlen), dtype=dtype)
    for row, ids in zip(out, tokens, strict=True):
        ids = ids[-maxlen:]
        if padding == "pre":
            row[maxlen - len(ids):] = ids
        else:
            row[:len(ids)] = ids
    return out


def _encode_from_zero(sentences, maxlen):
    return _pad(_ids(sentences, first=0), maxlen)


def _encode_after(sentences, maxlen):
    return _pad(_ids(sentences), maxlen, padding="post")


def _encode_keeping_first_words(sentences, maxlen):
    return _pad([ids[:maxlen] for ids in _ids(sentences)], maxlen)


def _encode_as_floats(sentences, maxlen):
    return _pad(_ids(sentences), maxlen, dtype="float32")


CHECKS = {
    "03.1": Exercise(
        question="answer is a function min_max(values) that maps a 1-D array onto [0, 1].",
        is_correct=_min_max_is_right,
        hint="subtract the minimum, then divide by the range (maximum minus minimum).",
        wrong_answers=(lambda v: np.asarray(v) / np.max(v),
                       lambda v: (np.asarray(v) - np.mean(v)) / np.std(v)),
    ),
    "03.2": Exercise(
        question="answer is 'GATTACA' one-hot encoded over 'ACGT', shape (7, 4).",
        is_correct=lambda answer: np.shape(answer) == (7, 4) and np.array_equal(answer, _DNA),
        hint="map each letter to its index in 'ACGT' first, then one-hot encode the indices.",
        wrong_answers=(np.zeros((7, 4)), _DNA.T, np.eye(4)[[0, 1, 2, 2, 1, 3, 1]]),
    ),
    "03.3": Exercise(
        question="answer is (X, y): X (samples, 12, 2) of [passengers, month], y (samples,) "
                 "the next month's passengers.",
        is_correct=_airline_windows_are_right,
        hint="stack the two features as columns, frame them with prepare.sliding_windows, and "
             "keep only the passenger column of y.",
        wrong_answers=((np.zeros((133, 12, 2)), np.zeros(133)), (np.zeros((132, 12, 2)), np.zeros(132))),
    ),
    "03.4": Exercise(
        question="answer is [[5, 1], [7], [2, 9, 4]] padded after the data with -1, shape (3, 3).",
        is_correct=lambda answer: np.shape(answer) == (3, 3) and np.array_equal(answer, _PADDED),
        hint="prepare.pad takes padding= for where the filler goes and value= for the filler.",
        wrong_answers=(np.array([[-1, 5, 1], [-1, -1, 7], [2, 9, 4]]),
                       np.array([[5, 1, 0], [7, 0, 0], [2, 9, 4]])),
    ),
    "03.5": Exercise(
        question="answer is a function encode(sentences, maxlen) returning integer token ids of shape "
                 "(len(sentences), maxlen), padded with 0 before the words, one id >= 1 per word.",
        is_correct=_encodes_for_an_embedding,
        hint="number the words from 1 (0 is the padding id), then keras.utils.pad_sequences with its "
             "defaults pads and truncates at the start.",
        wrong_answers=(_encode_from_zero, _encode_after, _encode_keeping_first_words,
                       _encode_as_floats),
    ),
}

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "03.q1": quiz.number(
        question="What a MinMaxScaler fitted on 100..400 maps a test value of 460 to.",
        right=1.2, tolerance=1e-6,
        hint="The scaler subtracts the training minimum and divides by the training range; "
             "nothing clips the result to [0, 1].",
        wrong=(1.0, 460 / 500, 460 / 400, 0.2)),
    "03.q2": quiz.choice(
        question="Why the scaler is fitted on the training part only. A letter.",
        right="d", hint="Think of the day the model is used: which data exist then?"),
    "03.q3": quiz.number(
        question="The sum of keras.utils.pad_sequences([[0.3, 0.7], [0.5]]) with its defaults.",
        right=0, hint="Look up the default dtype of pad_sequences, and what it does to 0.3.",
        wrong=(1.5, 0.5, 1.0)),
    "03.q4": quiz.choice(
        question="What Masking(mask_value=0.0) does with a step whose features are (0.0, 0.4). A letter.",
        right="a", hint="Masking compares the whole step, all features of it, with the mask value."),
    "03.q5": quiz.number(
        question="The number of samples sliding_windows makes from 100 values with timesteps=12, "
                 "horizon=3.",
        right=86, hint="Each sample needs 12 + 3 consecutive values; count the first positions "
                       "where such a run fits.",
        wrong=(88, 85, 97, 100)),
    "03.q6": quiz.choice(
        question="Which padding keeps a masked LSTM on cuDNN (TensorFlow, GPU). A letter.",
        right="b", hint="cuDNN takes each sequence's length, not a mask: the real steps must come "
                        "first, in one run."),
})
