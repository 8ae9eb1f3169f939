"""Chapter 8's complete example: the CNN LSTM learns which way a line moves across 50 frames.

Run it as it is, ``python -m lstm_book.book.scripts.cnn_lstm_moving_line`` (``LSTM_BOOK_QUICK=1``
for small sizes, a few seconds), or copy it: it needs NumPy, Keras and lstm_book.
"""

import keras
import numpy as np

import lstm_book
from lstm_book import evaluate, models, problems

QUICK = lstm_book.is_quick()
N_TRAIN = 200 if QUICK else 1_500   # training videos (the book: 5,000)
N_TEST = 50 if QUICK else 500       # fresh videos to score on (the book: 100)
BATCH_SIZE = 32


class VideoBatches(keras.utils.PyDataset):
    """Batches of uint8 videos, each converted to float32 only when Keras asks for it."""

    def __init__(self, videos, labels, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.videos, self.labels, self.batch_size = videos, labels, batch_size

    def __len__(self):
        return -(-len(self.videos) // self.batch_size)

    def __getitem__(self, index):
        batch = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.videos[batch].astype(np.float32), self.labels[batch]


def main(seed=1):
    """Train on N_TRAIN videos for one epoch, score N_TEST fresh ones; returns the accuracy."""
    lstm_book.set_seed(seed)
    rng = np.random.default_rng(seed)
    steps = -(-N_TRAIN // BATCH_SIZE)                           # one epoch of batches
    schedule = keras.optimizers.schedules.CosineDecay(0.004, decay_steps=steps)
    model = models.cnn_lstm()                                   # CNN on every frame -> LSTM -> Dense
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule, clipnorm=1.0),
                  loss="binary_crossentropy", metrics=["accuracy"])
    X, y = problems.moving_line(N_TRAIN, rng=rng)               # uint8 (1500, 50, 50, 50, 1): 188 MB
    model.fit(VideoBatches(X, y, BATCH_SIZE), epochs=1, verbose=0)  # float32 one batch at a time
    X_test, y_test = problems.moving_line(N_TEST, rng=rng)
    probability_right = model.predict(VideoBatches(X_test, y_test, 25), verbose=0)[:, 0]
    accuracy = evaluate.accuracy(y_test, (probability_right > 0.5).astype(int))
    print(f"accuracy on {N_TEST} fresh videos: {accuracy:.3f}")
    return accuracy


if __name__ == "__main__":
    main()
