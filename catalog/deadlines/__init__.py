"""Deadlines, a library: the working-day calendar, 公开时限 text, due dates and the lateness logic.

The public site (the calculator), the audit pages (the lateness check) and the exports use it;
it never imports them. Modules:
- calendar.py   plain Python: WorkingDayCalendar (chinesecalendar 2004–2026, staff-entered years,
                weekday estimates for the rest), "Nth working day strictly after D".
- parsing.py    plain Python: parse_deadline(公开时限 text) -> kind, days, trigger, publicity days.
- due.py        plain Python: due_date(item_or_fields, event_date) -> DueDate for every kind.
- store.py      load_calendar(): the calendar plus the HolidayYear rows staff entered in the admin.
- filters.py    at_most_working_days / with_deadline_kind and ready-made django-filter filters.
- lateness.py   the auditors' check (read CSV/XLSX, match rows to items, judge, summarise); its
                report files are written by catalog/exports/lateness.py, a check is saved by
                catalog/services/lateness.py, its pages are in catalog/audit/.
- survey.py     the distinct 公开时限 texts of the committed fixtures (for tests and reports).

A new year's holidays: when the State Council publishes 国务院办公厅关于N年部分节假日安排的通知
(usually in November), staff add a 节假日安排（年度） in the admin with its 放假期间 and
调休上班日, until a chinesecalendar release ships that year (then upgrade the pin; the table
rows for years the package knows are ignored, and the admin refuses new ones).
"""
