"""Checks for chapter 8's exercises (the CNN LSTM on moving-line videos).

None of them depends on how well a model trained: they check counts, functions on videos
generated here, and the batches of a data pipeline.
"""

import numpy as np

from lstm_book import problems
from lstm_book.book.exercises import Exercise


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
