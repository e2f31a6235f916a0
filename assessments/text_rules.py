"""Rules for text that reaches the database from people or files (forms, imports, YAML).

PostgreSQL refuses NUL and other control characters make answers unreadable, so they are
refused with a clear message; tab, newline and carriage return stay allowed.
"""

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TEXT_ANSWER = 5000
CONTROL_MESSAGE = "contains control characters (remove them and try again)"


def has_control_characters(value: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(value))


def text_problem(value: str, max_length: int | None = None) -> str | None:
    """Why the text cannot be stored as it is, or None."""
    if has_control_characters(value):
        return CONTROL_MESSAGE
    if max_length is not None and len(value) > max_length:
        return f"is {len(value)} characters long, at most {max_length} allowed"
    return None


def shown(value: str, limit: int = 60) -> str:
    """A value quoted back in an error message: short, control characters as '?'."""
    value = CONTROL_CHARACTERS.sub("?", str(value))
    return value if len(value) <= limit else value[: limit - 1] + "…"
