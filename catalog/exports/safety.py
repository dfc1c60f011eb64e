"""Formula injection: a cell that a spreadsheet would run as a formula.

OWASP's list is = + - @ and a leading tab or carriage return; spreadsheets also strip
leading spaces before looking, and LibreOffice accepts the full-width signs (＝＋－＠).
CSV gets a leading apostrophe (the OWASP remedy: the text shows, nothing runs). XLSX
cells are written as typed strings with Excel's own quote-prefix flag (see xlsx.py).
"""

TRIGGERS = frozenset("=+-@\t\r\n＝＋－＠")


def is_formula_like(value) -> bool:
    if not isinstance(value, str) or not value:
        return False
    if value[0] in TRIGGERS:
        return True
    stripped = value.lstrip()
    return bool(stripped) and stripped[0] in TRIGGERS


def csv_safe(value):
    """`value` unchanged, or prefixed with an apostrophe when it would start a formula."""
    return "'" + value if is_formula_like(value) else value
