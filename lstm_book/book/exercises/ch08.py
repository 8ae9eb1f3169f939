"""Checks for chapter 8's exercises (the CNN LSTM on moving-line videos).

None of them depends on how well a model trained: they check counts, functions on videos
generated here, and the batches of a data pipeline.
"""

import numpy as np

from lstm_book import problems
from lstm_book.book.exercises import Exercise, quiz


def _counts_frame_features(function):
    # A 2x2 convolution without padding loses one row and column; 2x2 pooling halves, rounding down.
    cases = {(50, 2): 1152, (8, 2): 18, (9, 3): 48, (21, 1): 100, (2, 4): 0}
    return all(int(function(size, filters)) == expected for (size, filters), expected in cases.items())


def _reads_direction(function):
    X, y = problems.moving_line(40, timesteps=12, rng=8)
    return np.array_equal(np.asarray(function(X)).astype(int).ravel(), y.astype(int))


def _first_frame_direction(X):
    return (X[:, 0, :, 0, 0].sum(axis=1) > 0).astype(int)


def _is_video_batches(dataset):
    if len(dataset) != 7:  # 100 videos in batches of 16: six full batches and one of 4
        return False
    for index, expected in ((0, 16), (6, 4)):
        videos, labels = dataset[index]
        videos, labels = np.asarray(videos), np.asarray(labels).ravel()
        if videos.shape != (expected, 20, 20, 20, 1) or labels.shape != (expected,):
            return False
        if not np.array_equal(_first_frame_direction(videos), labels.astype(int)):
            return False
        if not np.array_equal(videos.sum(axis=(2, 3, 4))[:, -1], np.full(expected, 20)):
            return False  # the last frame shows the whole line: one pixel per column
    return True


def _turns_lines_vertical(function):
    X, _ = problems.moving_line(3, timesteps=6, rng=9)
    turned = np.asarray(function(X))
    return turned.shape == X.shape and np.array_equal(turned, np.swapaxes(X, 2, 3))


CHECKS = {
    "08.1": Exercise(
        question="answer is a function frame_features(size, filters) giving how many values the "
                 "LSTM reads per frame in models.cnn_lstm(timesteps=size, filters=filters).",
        is_correct=_counts_frame_features,
        hint="follow one frame through the layers: the 2x2 convolution (no padding), the 2x2 "
             "max pooling (which drops an odd last row and column), then Flatten.",
        wrong_answers=(lambda size, filters: (size // 2) ** 2 * filters,
                       lambda size, filters: (size - 1) ** 2 * filters,
                       lambda size, filters: ((size - 1) // 2) ** 2),
    ),
    "08.2": Exercise(
        question="answer is a function direction(X) that reads each video's label (1 = moving right) "
                 "from its first frame alone.",
        is_correct=_reads_direction,
        hint="in the first frame a single pixel is lit; where is it when the line moves right?",
        wrong_answers=(lambda X: np.ones(len(X)), lambda X: np.zeros(len(X)),
                       lambda X: (X[:, 0, :, -1, 0].sum(axis=1) > 0).astype(int)),
    ),
    "08.3": Exercise(
        question="answer is a data set (e.g. a keras.utils.PyDataset) of 100 moving-line videos of "
                 "size 20 in batches of 16: len() is the number of batches, [i] gives (videos, labels).",
        is_correct=_is_video_batches,
        hint="make the paths with problems.moving_line_paths(100, timesteps=20, ...) and give them to "
             "the batch class of this chapter with batch_size=16.",
        wrong_answers=([(np.zeros((16, 20, 20, 20, 1)), np.zeros(16))] * 7, None),
    ),
    "08.4": Exercise(
        question="answer is a function that turns videos of lines moving left or right into videos "
                 "of lines moving down or up (the same videos with rows and columns swapped).",
        is_correct=_turns_lines_vertical,
        hint="a video batch is (videos, frames, rows, columns, channels): swap two axes, not flip them.",
        wrong_answers=(lambda X: X, lambda X: X[:, :, ::-1], lambda X: np.swapaxes(X, 1, 2)),
    ),
}

CHECKS["08.5"] = Exercise(
    question="answer is your prediction of the weights of the first layer of models.cnn_lstm(), "
             "its Conv2D(2, (2, 2)) on one-channel frames.",
    is_correct=lambda answer: not isinstance(answer, bool | str) and float(answer) == 10,
    hint="a filter has one weight per pixel of its window and per input channel, plus a bias; "
         "the same filters read every frame.",
    wrong_answers=(8, 500, 2, 4_800, "10"),
)

# --- the questionnaire (## Questionnaire in the notebook) ---------------------------------------

CHECKS.update({
    "08.q1": quiz.choice(
        question="What TimeDistributed(Conv2D(...)) does to a batch of videos. A letter.",
        right="a", hint="TimeDistributed wraps one layer and applies it at each step of a sequence."),
    "08.q2": quiz.number(
        question="The number of axes of a batch of gray videos for models.cnn_lstm().",
        right=5, hint="List them: how many videos, then what each video is made of, down to one "
                      "pixel's channels.",
        wrong=(4, 3, 6)),
    "08.q3": quiz.number(
        question="Megabytes of 1,000 uint8 videos of 50 frames of 50x50 pixels.",
        right=125, tolerance=1e-6, hint="One byte per pixel; count the pixels.",
        wrong=(500, 12.5, 2.5, 125_000_000)),
    "08.q4": quiz.choice(
        question="Why nearly all the weights sit in the LSTM. A letter.",
        right="d", hint="Chapter 5 showed what an LSTM's weight count grows with, and what not."),
    "08.q5": quiz.choice(
        question="Why the videos can be stored as uint8. A letter.",
        right="c", hint="Which values can a pixel of these videos take?"),
})
