"""Build the working-day calendar from chinesecalendar plus the years staff entered in the admin."""

from collections import defaultdict

from catalog.models import AdjustedWorkday, HolidayPeriod, HolidayYear

from .calendar import WorkingDayCalendar, YearRule


def load_calendar() -> WorkingDayCalendar:
    """Two queries; call once per request or per lateness check, not per row."""
    holidays: dict[int, dict] = defaultdict(dict)
    workdays: dict[int, dict] = defaultdict(dict)
    years = set(HolidayYear.objects.values_list("year", flat=True))
    for period in HolidayPeriod.objects.all():
        for day in period.days():
            holidays[day.year][day] = period.name
    for workday in AdjustedWorkday.objects.all():
        workdays[workday.date.year][workday.date] = workday.name
    # A year counts as known only if staff created its HolidayYear; a holiday that
    # spills into the next year (元旦 starting on 12-30) does not make that year known.
    return WorkingDayCalendar(YearRule(year, holidays[year], workdays[year]) for year in sorted(years))
