import shutil

import pandas as pd
import pytest

from lstm_book import datasets


@pytest.mark.parametrize("name", list(datasets.DATASETS))
def test_every_data_set_loads_with_real_dates(name):
    series = datasets.load(name)
    assert isinstance(series.index, pd.DatetimeIndex)
    assert series.index.is_monotonic_increasing
    assert series.notna().all() and len(series) > 30


def test_shampoo_months_become_month_starts():
    series = datasets.load("shampoo")
    assert len(series) == 36
    assert series.index[0] == pd.Timestamp("1901-01-01")
    assert series.index[-1] == pd.Timestamp("1903-12-01")


def test_airline_passengers_values():
    series = datasets.load("airline-passengers")
    assert series.iloc[0] == 112 and series.iloc[-1] == 432 and len(series) == 144


def test_unknown_name_lists_the_choices():
    with pytest.raises(ValueError, match="shampoo"):
        datasets.load("passengers")


def test_missing_file_names_the_file_and_the_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"shampoo\.csv is missing; reinstall the package"):
        datasets.load("shampoo", data_dir=tmp_path)


def test_altered_file_fails_the_checksum(tmp_path):
    shutil.copy(datasets.DATA_DIR / "shampoo.csv", tmp_path / "shampoo.csv")
    with open(tmp_path / "shampoo.csv", "ab") as handle:
        handle.write(b"\r\n3-13,1.0")
    with pytest.raises(OSError, match="altered or corrupt"):
        datasets.load("shampoo", data_dir=tmp_path)


def test_pydoc_topics_text_is_the_published_ascii_text():
    text = datasets.load_text("pydoc-topics")
    assert len(text) == 465_111 and len(set(text)) == 94
    assert all(char == "\n" or " " <= char <= "~" for char in set(text))
    assert text.startswith('The "assert" statement\n') and text.endswith("\n")


def test_text_and_series_names_point_to_each_other():
    with pytest.raises(ValueError, match="use load_text"):
        datasets.load("pydoc-topics")
    with pytest.raises(ValueError, match="use load$"):
        datasets.load_text("shampoo")


def test_altered_text_fails_the_checksum(tmp_path):
    content = (datasets.DATA_DIR / "pydoc_topics.txt").read_bytes()
    (tmp_path / "pydoc_topics.txt").write_bytes(content.replace(b"\n", b"\r\n", 1))
    with pytest.raises(OSError, match="altered or corrupt"):
        datasets.load_text("pydoc-topics", data_dir=tmp_path)


def test_missing_text_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"pydoc_topics\.txt is missing"):
        datasets.load_text("pydoc-topics", data_dir=tmp_path)
