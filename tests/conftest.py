"""Shared fixtures and strategies."""

import pytest

from hamstrong.core.exercises import Library
from hamstrong.library import load_library


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()
