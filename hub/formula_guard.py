"""The one guard every CSV export applies to its cells (OWASP's CSV injection advice).

A cell a spreadsheet would run as a formula gets a leading apostrophe, so it stays text:
one that starts with = + - @, a tab or a line break, or with the full-width forms of the
signs (＝ ＋ － ＠, which some spreadsheets and locales read as the ASCII ones), also
after leading spaces, which some spreadsheets trim on import.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text
