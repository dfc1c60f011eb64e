"""Deadlines: working-day calendar, due dates per 公开时限 kind, the calculator and the lateness check.

Modules
- calendar.py   plain Python: WorkingDayCalendar (chinesecalendar 2004–2026, staff-entered years,
                weekday estimates for the rest), "Nth working day strictly after D".
- due.py        plain Python: due_date(item_or_fields, event_date) -> DueDate for every kind.
- store.py      load_calendar(): the calendar plus the HolidayYear rows staff entered in the admin.
- context.py    calculator_context(item, request.GET) for templates/catalog/_calculator.html.
- filters.py    at_most_working_days / with_deadline_kind and ready-made django-filter filters.
- lateness.py   the auditors' check (read CSV/XLSX, match rows to items, judge, summarise);
  export.py     its CSV (UTF-8 with BOM) and XLSX, formula-safe; services.py saves a check.

A new year's holidays: when the State Council publishes 国务院办公厅关于N年部分节假日安排的通知
(usually in November), staff add a 节假日安排（年度） in the admin with its 放假期间 and
调休上班日, until a chinesecalendar release ships that year (then upgrade the pin; the table
rows for years the package knows are ignored, and the admin refuses new ones).
"""
