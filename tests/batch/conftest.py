"""Fixtures of the batch tests: the tiny model loaded once, good letters, a bad corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from .corpora import write_bad_corpus, write_good_letters


@pytest.fixture(scope="session")
def tiny_analyser(tiny_letter_model_dir):
    """(LetterAnalyser, model info) of the tiny model, loaded once."""
    from briefnlp.batch import load_model

    return load_model(tiny_letter_model_dir)


@pytest.fixture
def good_dir(tmp_path) -> Path:
    folder = tmp_path / "good"
    write_good_letters(folder)
    return folder


@pytest.fixture
def bad_dir(tmp_path) -> tuple[Path, dict[str, str | None]]:
    folder = tmp_path / "bad"
    folder.mkdir()
    return folder, write_bad_corpus(folder)
