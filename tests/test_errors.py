"""The shared parameter checks (newsfuse.errors.require*): one wording everywhere."""

from __future__ import annotations

import pytest

from newsfuse.errors import ConfigError, is_number, require, require_fraction, require_int


@pytest.mark.parametrize("value", [True, float("nan"), float("inf"), "0.5", None])
def test_only_finite_real_numbers_are_numbers(value: object) -> None:
    assert not is_number(value)


def test_fractions_with_open_and_closed_ends() -> None:
    assert require_fraction("X", "t", 0) == 0.0
    assert require_fraction("X", "t", 1) == 1.0
    with pytest.raises(ConfigError, match=r"the 't' parameter of X must be a number in \(0, 1\), got 1"):
        require_fraction("X", "t", 1, low_open=True, high_open=True)
    with pytest.raises(ConfigError, match=r"must be a number in \(0, 1\], got 0"):
        require_fraction("X", "t", 0, low_open=True)
    with pytest.raises(ConfigError, match="got True"):
        require_fraction("X", "t", True)


def test_ints_and_free_form_checks() -> None:
    assert require_int("Y", "n", 3, least=2) == 3
    with pytest.raises(ConfigError, match=r"the 'n' parameter of Y must be an int >= 2, got 1\.5"):
        require_int("Y", "n", 1.5, least=2)
    require("Z", "w", 5, True, "anything")
    with pytest.raises(ConfigError, match="the 'w' parameter of Z must be odd, got 4"):
        require("Z", "w", 4, False, "odd")
