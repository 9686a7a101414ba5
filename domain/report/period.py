"""The period a report covers and what every section of it shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.errors import InvalidInput
from domain.network.participants import Population
from storage.models import Network


@dataclass(frozen=True)
class Period:
    """Whole days from ``first`` to ``last`` inclusive, in the network's time zone; instants in [start, end)."""

    first: date
    last: date
    zone: str = "UTC"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), tzinfo=self.tz).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), tzinfo=self.tz).astimezone(UTC)

    def local_day(self, instant: datetime) -> date:
        """The day an instant falls on in the network's time zone."""
        return instant.astimezone(self.tz).date()

    def month_ends(self) -> list[datetime]:
        """The end of each calendar month the period touches (the last one at the period's end), as UTC instants."""
        moments: list[datetime] = []
        year, month = self.first.year, self.first.month
        while True:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            boundary = datetime(year, month, 1, tzinfo=self.tz).astimezone(UTC)
            moments.append(min(boundary, self.end))
            if boundary >= self.end:
                return moments

    def month_of(self, moment: datetime) -> str:
        """ "2025-03" for the month a month-end instant closes (in the network's time zone)."""
        return f"{(moment - timedelta(microseconds=1)).astimezone(self.tz):%Y-%m}"

    def describe(self) -> str:
        return f"{self.first:%-d %B %Y} to {self.last:%-d %B %Y}"


def last_quarter(today: date) -> Period:
    """The last full calendar quarter before ``today``."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = quarter_start - timedelta(days=1)
    return Period(date(last.year, 3 * ((last.month - 1) // 3) + 1, 1), last)


@dataclass(frozen=True)
class Scope:
    """What every section needs: the network, the period, the threshold and the people."""

    network: Network
    period: Period
    minimum: int
    population: Population
    now: datetime  # figures count only what has happened by now ("so far")

    @property
    def participants(self) -> frozenset[str]:
        return self.population.participants


PERIOD_CHOICES = {
    "last_quarter": "Last quarter",
    "this_quarter": "This quarter so far",
    "last_12_months": "The last 12 months",
    "custom": "Dates I choose below",
}


def chosen_period(choice: str, *, today: date, first: str | None, last: str | None) -> Period:
    """The period a facilitator picked; InvalidInput names the field at fault."""
    if choice == "last_quarter":
        return last_quarter(today)
    if choice == "this_quarter":
        return Period(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today)
    if choice == "last_12_months":
        return Period(today.replace(year=today.year - 1) + timedelta(days=1), today)
    if choice != "custom":
        raise InvalidInput({"period": "Choose a period."})
    if not first:
        raise InvalidInput({"first": "Pick the first day, or choose another period."})
    if not last:
        raise InvalidInput({"last": "Pick the last day, or choose another period."})
    period = Period(date.fromisoformat(first), date.fromisoformat(last))
    if period.last < period.first:
        raise InvalidInput({"last": "The last day can't be before the first."})
    return period
