"""Dates and places as reports write them.

Dates: "on 15 June 2017", "in March 2017", "6–7 April 2017", "18-19 July 2017",
"31 May–1 June 2017", "10th October 2017", "on 26 October" (the report's year),
"in September–October", "at the time of writing (November 2017)". Places: cities and
countries from a small gazetteer, when the text says an activity happened "in" them.
"""

from __future__ import annotations

import re

__all__ = ["PLACES", "find_date", "find_places", "iso_date"]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_MONTH = "|".join(MONTHS)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DASH = r"\s*[–—-]\s*"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 31 May–1 June 2017
    ("range2", re.compile(rf"\b(?P<d1>{_DAY})\s+(?P<m1>{_MONTH}){_DASH}(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:\s+(?P<y>20\d\d))?\b")),
    # 6–7 April 2017, 18-19 July 2017
    ("range1", re.compile(rf"\b(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY})\s+(?P<m2>{_MONTH})(?:\s+(?P<y>20\d\d))?\b")),
    # 15 June 2017, 10th October 2017, 26 October
    ("day", re.compile(rf"\b(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})(?:\s+(?P<y>20\d\d))?\b")),
    # 20 March (no year) handled above; September–October (2017)
    ("months", re.compile(rf"\b(?P<m1>{_MONTH}){_DASH}(?P<m2>{_MONTH})(?:\s+(?P<y>20\d\d))?\b")),
    # in March 2017, in November, (November 2017)
    ("month", re.compile(rf"(?:\b(?i:in|since|from|by|of|early|late|end of|on|during|until)\s+|\()(?:early\s+|late\s+|mid-)?"
                         rf"(?P<m1>{_MONTH})(?:\s+(?P<y>20\d\d))?\b")),
)


_YEAR = re.compile(r"\b(?i:in|during|since|throughout|by|until)\s+(?:early\s+|late\s+|mid-)?(?P<y>(?:19|20)\d\d)\b(?!\s*[–—-]\s*\d)")


def iso_date(year: str | int, month: str | None = None, day: str | None = None) -> str:
    """ISO 8601 at the precision given: YYYY, YYYY-MM or YYYY-MM-DD."""
    if month is None:
        return f"{int(year):04d}"
    m = MONTHS.index(month) + 1
    if day:
        digits = int(re.sub(r"\D", "", day))
        return f"{int(year):04d}-{m:02d}-{digits:02d}"
    return f"{int(year):04d}-{m:02d}"


def _dates_in(text: str, year: int) -> list[tuple[int, str, str | None]]:
    """Every date in text as (position, start, end or None), most specific pattern first."""
    found: list[tuple[int, str, str | None]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            y = m.group("y") or year
            if kind == "range2":
                found.append((m.start(), iso_date(y, m.group("m1"), m.group("d1")), iso_date(y, m.group("m2"), m.group("d2"))))
            elif kind == "range1":
                found.append((m.start(), iso_date(y, m.group("m2"), m.group("d1")), iso_date(y, m.group("m2"), m.group("d2"))))
            elif kind == "day":
                found.append((m.start(), iso_date(y, m.group("m1"), m.group("d1")), None))
            elif kind == "months":
                found.append((m.start(), iso_date(y, m.group("m1")), iso_date(y, m.group("m2"))))
            else:
                found.append((m.start(), iso_date(y, m.group("m1")), None))
    return sorted(found)


def find_date(text: str, year: int, near: list[int] | None = None) -> tuple[str | None, str | None]:
    """The date a clause gives (the one nearest to `near` positions when there are several)."""
    dates = _dates_in(text, year)
    if not dates:
        # "In 2016, Europol set up …": a year alone, when the clause gives nothing finer
        if m := _YEAR.search(text):
            return m.group("y"), None
        return None, None
    if near and len(dates) > 1:
        _pos, start, end = min(dates, key=lambda d: min(abs(d[0] - n) for n in near))
        return start, end
    return dates[0][1], dates[0][2]


# Where activities of this kind of report take place: member states, neighbours, seats and venues.
PLACES: tuple[str, ...] = (
    "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czech Republic", "Denmark", "Estonia", "Finland",
    "France", "Germany", "Greece", "Hungary", "Ireland", "Italy", "Latvia", "Lithuania", "Luxembourg", "Malta",
    "Netherlands", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Sweden", "United Kingdom",
    "Norway", "Switzerland", "Iceland", "Liechtenstein", "Albania", "Serbia", "Montenegro", "Kosovo",
    "North Macedonia", "Bosnia and Herzegovina", "Turkey", "Ukraine", "Moldova", "Georgia", "Libya", "Tunisia",
    "Morocco", "Egypt", "Niger", "Nigeria", "Mali", "Pakistan", "Jordan", "Lebanon",
    "Amsterdam", "Athens", "Barcelona", "Belgrade", "Berlin", "Bratislava", "Brussels", "Bucharest", "Budapest",
    "Catania", "Copenhagen", "Dublin", "Florence", "Helsinki", "Lampedusa", "Lesvos", "Lisbon", "Ljubljana",
    "London", "Luxembourg", "Madrid", "Messina", "Milan", "Niamey", "Nicosia", "Paris", "Piraeus", "Prague",
    "Riga", "Rome", "Sofia", "Stockholm", "Strasbourg", "Tallinn", "The Hague", "Thessaloniki", "Valletta",
    "Vienna", "Vilnius", "Warsaw", "Zagreb",
)
_PLACE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?(?P<p>" + "|".join(re.escape(p) for p in sorted(PLACES, key=len, reverse=True)) + r")\b"
    r"(?:\s*(?:and|,)\s*(?P<q>" + "|".join(re.escape(p) for p in sorted(PLACES, key=len, reverse=True)) + r")\b)?"
)


def find_places(text: str) -> list[str]:
    """Places a clause says something happened in ("held in Messina", "in Greece and Italy")."""
    out: list[str] = []
    for m in _PLACE.finditer(text):
        for name in (m.group("p"), m.group("q")):
            if name and name not in out:
                out.append(name)
    return out
