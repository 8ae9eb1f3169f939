"""The chapter registry: each chapter's notebook, title and the targets its results must meet.

This table is the single source of truth for targets: a notebook records a metric with
``report.record(chapter, name, value)`` and the target and the book's figure are looked up here,
so a target cannot be lowered quietly in one notebook. ``python -m lstm_book list`` prints it.
"""

import numbers
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHAPTER_DIR = ROOT / "chapters"


@dataclass(frozen=True)
class Metric:
    """One recorded result: its name, its target (``None`` = reported only) and the book's figure."""

    name: str
    target: str | None
    book: str = "n/a"


@dataclass(frozen=True)
class Chapter:
    """A chapter of the companion: its number, notebook stem, title and metrics."""

    number: int
    stem: str
    title: str
    metrics: tuple[Metric, ...] = field(default_factory=tuple)

    @property
    def notebook(self):
        """Path of the notebook relative to the repository root, e.g. ``chapters/06_vanilla_lstm.ipynb``."""
        return f"chapters/{self.stem}.ipynb"

    @property
    def path(self):
        return ROOT / self.notebook


CHAPTERS = (
    Chapter(1, "01_what_are_lstms", "What are LSTMs", (
        Metric("numpy_vs_keras_max_abs_diff", "<= 1e-5", "equations only"),
    )),
    Chapter(2, "02_training_lstms", "How to train LSTMs", (
        Metric("grad_norm_ratio_lstm_over_rnn_k50", "> 1", "prose only"),
        # The LSTM's backward pass written in NumPy (float64) against the backend's float32 autodiff.
        Metric("bptt_numpy_vs_autodiff_max_abs_diff", "<= 1e-5", "prose only"),
    )),
    Chapter(3, "03_prepare_data", "How to prepare data for LSTMs", (
        Metric("windows_vs_shift_max_abs_diff", "<= 0", "n/a"),
        Metric("scaler_roundtrip_max_abs_error", "<= 1e-9", "n/a"),
        Metric("masked_vs_removed_max_abs_diff", "<= 1e-6", "n/a"),
        # Token ids padded left and right through Embedding(mask_zero=True): the unpadded output.
        Metric("embedding_mask_max_abs_diff", "<= 1e-5", "n/a"),
    )),
    Chapter(4, "04_lstms_in_keras", "How to develop LSTMs in Keras", (
        # The alarm problem: a sequence fed in 4 consecutive batches; state must cross batches.
        Metric("stateful_accuracy", ">= 0.98", "n/a"),
        Metric("stateless_accuracy", "<= 0.9", "n/a"),       # no memory across batches: must fall short
        Metric("accuracy_without_reset", "<= 0.9", "n/a"),   # a forgotten reset must show
        Metric("one_step_vs_chunk_max_abs_diff", "<= 1e-5", "n/a"),
    )),
    Chapter(5, "05_sequence_models", "Models for sequence prediction", (
        # one-to-one, one-to-many, many-to-one, many-to-many (same and different lengths)
        Metric("models_with_expected_shapes", ">= 5", "prose only"),
    )),
    Chapter(6, "06_vanilla_lstm", "Vanilla LSTM: echo sequence", (
        Metric("accuracy", ">= 0.99", "~0.99-1.00 on 100"),
        Metric("mlp_accuracy", None, "n/a (baseline the book asks for)"),
        # Seconds of the book's 10,000 one-sample fit() calls (extrapolated) over our one fit().
        Metric("loop_over_single_fit_time", None, "n/a"),
    )),
    Chapter(7, "07_stacked_lstm", "Stacked LSTM: damped sine wave", (
        Metric("mae", "<= 0.020", "~0.026"),
        Metric("one_layer_mae", None, "n/a (a one-layer LSTM of about the same size)"),
        # The last input value repeated: the baseline a forecast has to beat.
        Metric("persistence_mae", None, "n/a (no training: the last value repeated)"),
        # The book's own recipe (10,000 waves, batch 10, one epoch, Adam 0.001), run on our test waves.
        Metric("book_recipe_mae", None, "~0.026"),
    )),
    Chapter(8, "08_cnn_lstm", "CNN LSTM: moving line video", (
        Metric("accuracy", ">= 0.98", "~1.00 on 100"),
        # models.cnn_lstm's frames folded into the batch against the book's TimeDistributed(Conv2D).
        Metric("folded_vs_time_distributed_max_abs_diff", "<= 1e-5", "n/a"),
        # The whole process's peak RSS (the TimeDistributed model peaked at 3,125 MB on TensorFlow,
        # 3,551 MB on JAX); the data pipeline's own peak (Python and NumPy) beside it.
        Metric("peak_memory_mb", "<= 1500", "~2,500 MB of float32 videos alone"),
        Metric("data_pipeline_peak_mb", None, "~2,500 MB (the float32 videos)"),
        # The twin problem whose direction no single frame tells (20 frames of 20x20).
        Metric("moving_dot_accuracy", ">= 0.95", "n/a"),
    )),
    Chapter(9, "09_encoder_decoder_lstm", "Encoder-decoder LSTM: addition", (
        # Scored on the whole table of 1,000 questions (800 trained on, 200 held out).
        Metric("exact_match_accuracy", ">= 0.99", "n/a"),
        Metric("per_character_accuracy", None, "> 0.90, re-runs ~0.99-1.00"),
        # The 200 questions never trained on (a reordered question counts as a different one).
        Metric("unseen_exact_match_accuracy", ">= 0.99", "n/a"),
        # States passed and teacher forcing, step-by-step decoding, on the same 200 questions.
        Metric("teacher_forcing_exact_match_accuracy", None, "n/a"),
        # The book's extension "more digits": 3 terms up to 100, teacher forcing, unseen questions.
        Metric("harder_per_character_accuracy", None, "n/a"),
        Metric("harder_exact_match_accuracy", ">= 0.95", "n/a"),
    )),
    Chapter(10, "10_bidirectional_lstm", "Bidirectional LSTM: cumulative sum", (
        Metric("per_step_accuracy", ">= 0.99", "~0.99"),
        Metric("sequence_accuracy", ">= 0.95", "n/a"),
    )),
    Chapter(11, "11_generative_lstm", "Generative LSTM: shape generation", (
        # The book judges its shapes by eye. Bars set from our runs: 6 seeds trained 60 epochs
        # reached 0.05-0.21 deg and 0.0004-0.0026; the notebook's shorter recipe 0.08-0.70 and
        # 0.001-0.008 over the same seeds.
        Metric("corner_angle_error_deg", "<= 1.5", "judged by eye; well-trained here 0.05-0.21"),
        Metric("closure_error", "<= 0.015", "judged by eye; well-trained here 0.0004-0.0026"),
        Metric("book_loop_over_one_fit", None, "25,000 fit() calls"),
        # The spread of the heights the model draws from seeded starts (real ones: 1/sqrt(12)).
        Metric("generated_height_std", None, "n/a (real heights: 0.289)"),
        # A character LSTM on Python's documentation topics against the best add-k n-gram
        # (n 1-5, k chosen on validation), both on the test text. Development runs (LSTM(128-192),
        # windows of 32, 3-5 epochs): ratios 0.87-0.92.
        Metric("ngram_bits_per_char", None, "n/a"),
        Metric("lstm_bits_per_char", None, "n/a"),
        Metric("bpc_ratio_lstm_over_ngram", "<= 0.95", "n/a"),
    )),
    Chapter(12, "12_diagnose_and_debug", "Diagnose and debug LSTMs", (
        # Bar from the book's grids run side by side: the best configuration's mean over 5
        # repeats came to 0.0004-0.0012 over 25 seeds; memory cells 1-10 at batch 5 stay above 0.008.
        Metric("best_mean_val_mse", "<= 0.002", "n/a (grids shown as box plots)"),
        Metric("best_val_mse_std", None, "n/a"),
        # The plain fit's History against the same curves trained side by side from the same
        # weights: float32 rounding, 6e-8 over 20 epochs when the check was written.
        Metric("plain_vs_side_by_side_max_abs_diff", "<= 1e-5", "n/a"),
        Metric("side_by_side_speedup", None, "n/a"),
        # The gap (final validation loss - training loss, both without dropout) of LSTM(32) with
        # dropout=recurrent_dropout=0.3 over the gap without: -0.05 to 0.61 over 10 seeds here.
        Metric("dropout_val_loss_gap_ratio", "< 1", "n/a"),
    )),
    Chapter(13, "13_make_predictions", "Make predictions with LSTMs", (
        Metric("reload_max_abs_diff", "<= 0", "n/a"),
        Metric("rmse_ratio_vs_persistence", "< 1", "n/a"),
    )),
    Chapter(14, "14_update_models", "Update LSTM models", (
        Metric("best_rmse_ratio_vs_persistence", "< 1", "n/a"),
    )),
    Chapter(15, "15_inside_the_lstm", "Inside the LSTM: neurons made visible", (
        # Bars set from what well-trained models reach: of 14 runs (13 seeds), 13 counted every N
        # right (one 0.8) and the best unit's |correlation| was 0.985-0.9998; the notebook says so.
        Metric("counting_accuracy", ">= 0.99", "n/a"),
        Metric("counting_neuron_correlation", ">= 0.95", "n/a"),
    )),
)


def get(number):
    """The :class:`Chapter` with this number (an int, NumPy's too); a clear error otherwise."""
    known = ", ".join(str(c.number) for c in CHAPTERS)
    if isinstance(number, bool) or not isinstance(number, numbers.Integral):
        raise TypeError(f"number must be a chapter number (an integer), got {number!r:.60}; "
                        f"the chapters are {known}")
    for chapter in CHAPTERS:
        if chapter.number == number:
            return chapter
    raise ValueError(f"no chapter {number!r}; the chapters are {known} (number must be one of "
                     "them)")


def available():
    """The chapters whose notebook exists, in order."""
    return [c for c in CHAPTERS if c.path.exists()]
