"""Publication dates: normalise declared dates to ISO 8601 and choose among candidates."""

from __future__ import annotations

import datetime as dt
import re
import warnings

from dateutil import parser as dateparser

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_ISO_PARTIAL = re.compile(r"^\d{4}(?:-\d{2}|-?W\d{2})?$")
_MIN_YEAR = 1990
_MAX_CHARS = 100
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))
_HOUR = 3600
# Zone abbreviations that pages write after a time ("10:00 EST") and that name one offset;
# dateutil knows only UTC/GMT/Z. Names used for several zones (IST, CST in China) are left
# out: a time with an unknown name keeps its local time without an offset, never a guessed one.
_ZONES = {
    "EST": -5 * _HOUR, "EDT": -4 * _HOUR, "CDT": -5 * _HOUR, "MST": -7 * _HOUR,
    "MDT": -6 * _HOUR, "PST": -8 * _HOUR, "PDT": -7 * _HOUR, "AKST": -9 * _HOUR,
    "AKDT": -8 * _HOUR, "HST": -10 * _HOUR, "WET": 0, "WEST": _HOUR, "BST": _HOUR,
    "CET": _HOUR, "CEST": 2 * _HOUR, "MEZ": _HOUR, "MESZ": 2 * _HOUR, "EET": 2 * _HOUR,
    "EEST": 3 * _HOUR, "MSK": 3 * _HOUR, "JST": 9 * _HOUR, "KST": 9 * _HOUR,
    "AEST": 10 * _HOUR, "AEDT": 11 * _HOUR,
}  # fmt: skip


def normalize_date(value: str | None, *, today: dt.date | None = None) -> str | None:
    """An ISO 8601 form of a date string, or None when it is not a plausible publication date.

    Gives "YYYY-MM-DD" when the input holds no time of day, else "YYYY-MM-DDTHH:MM:SS" with
    the UTC offset ("+HH:MM") when the input gives one. Dates before 1990 or more than a day
    in the future (relative to ``today``), values that name no full date (a bare time, a month
    and a year) and values longer than 100 characters are refused.
    """
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) > _MAX_CHARS:  # a date is short; a long value is something else (and slow)
        return None
    if _ISO_DAY.match(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return None
        return value if _plausible(day, today) else None
    if _ISO_PARTIAL.match(value):  # a year, a month or a week: no day to give
        return None
    try:
        parsed = dateparser.isoparse(value)
    except (ValueError, OverflowError):
        # dateutil fills what the value lacks from a default date: parsed against two
        # defaults, a value that names no full date (a bare time, "March 2024") gives two
        # different days, and is no publication date
        try:
            parsed = _parse(value, _DEFAULTS[0])
            other = _parse(value, _DEFAULTS[1])
        except (ValueError, OverflowError, TypeError):
            return None
        if parsed.date() != other.date():
            return None
    if not _plausible(parsed.date(), today):
        return None
    if not _HAS_TIME.search(value) or (
        parsed.hour == parsed.minute == parsed.second == 0 and parsed.tzinfo is None
    ):
        return parsed.date().isoformat()
    return parsed.replace(microsecond=0).isoformat()


def _parse(value: str, default: dt.datetime) -> dt.datetime:
    """dateutil's reading of ``value`` with the zone names of ``_ZONES``; an unknown zone name
    gives the local time without an offset (dateutil warns of it on stderr otherwise)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dateparser.UnknownTimezoneWarning)
        return dateparser.parse(value, fuzzy=False, default=default, tzinfos=_ZONES)


def _plausible(day: dt.date, today: dt.date | None) -> bool:
    today = today or dt.date.today()
    return day.year >= _MIN_YEAR and day <= today + dt.timedelta(days=1)


def choose_published(declared: str | None, heuristic: str | None) -> str | None:
    """Pick the publication date from the page's declared date and htmldate's estimate.

    ``declared`` comes from JSON-LD ``datePublished`` / ``article:published_time`` and similar;
    ``heuristic`` from htmldate (day precision). Both are normalised first. The declared date
    wins when it is plausible (it usually carries the time of day); otherwise the heuristic one.
    """
    return normalize_date(declared) or normalize_date(heuristic)


_EARLY_UTC_HOUR = 8  # before 08:00 UTC it is still the previous day in the Americas


def is_early_utc(value: str | None) -> bool:
    """Whether an ISO date-time is given in UTC before 08:00 (its local day may be the day before)."""
    if not value or "T" not in value:
        return False
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return parsed.utcoffset() == dt.timedelta(0) and parsed.hour < _EARLY_UTC_HOUR


def reconcile_utc(declared: str, local_day: str | None) -> str:
    """The publication date when a declared UTC time and the page's local day disagree.

    Pages often declare an ISO time in UTC while the article is dated in the outlet's local
    time. When ``declared`` is an early-UTC time (see :func:`is_early_utc`) and the day found
    in the page (htmldate, ``local_day`` "YYYY-MM-DD") is exactly the day before, that local
    day is the publication date; otherwise ``declared`` stands.
    """
    if not local_day or not is_early_utc(declared):
        return declared
    try:
        day = dt.date.fromisoformat(declared[:10])
        local = dt.date.fromisoformat(local_day[:10])
    except ValueError:
        return declared
    return local.isoformat() if local == day - dt.timedelta(days=1) else declared
