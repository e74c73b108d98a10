"""Errors that are reported to the user as one line, never as a traceback."""

from __future__ import annotations


class InputError(Exception):
    """A problem with the user's input, reported as ``FILE[:ROW[:COLUMN]]: message``."""

    def __init__(self, file: object, message: str, row: int | None = None, column: str | None = None):
        self.file = str(file)
        self.row = row
        self.column = column
        self.message = message
        super().__init__(self.location() + ": " + message)

    def _render_traceback_(self) -> list[str]:
        """What IPython shows when a notebook cell raises this: the one line, no traceback."""
        return [f"{self.location()}: error: {self.message}"]

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(str(self.row))
            if self.column is not None:
                parts.append(self.column)
        elif self.column is not None:
            parts.append(f"-:{self.column}")
        return ":".join(parts)
