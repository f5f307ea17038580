"""The one error type the core raises for bad input."""

from __future__ import annotations


class ParseError(Exception):
    """Input that cannot be read: carries a Chinese message for users and an English one for logs."""

    def __init__(
        self,
        message: str,
        *,
        english: str = "",
        path: str | None = None,
        line: int | None = None,
        row: int | None = None,
        warnings: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.english = english or message
        self.path = path
        self.line = line
        self.row = row
        # What the parser had noticed before it gave up: shown with the error, never lost.
        self.warnings: list[str] = list(warnings or [])

    def where(self) -> str:
        """Location prefix such as `file.txt 第12行` (empty when unknown)."""
        parts = []
        if self.path:
            parts.append(self.path)
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.row is not None:
            parts.append(f"表格第{self.row}行")
        return " ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}：{self.message}" if where else self.message

    def with_warnings(self) -> str:
        """The message with what the reading noticed before it failed (a rejected text keeps its warnings)."""
        if not self.warnings:
            return str(self)
        return f"{self}（此前的提示：{'；'.join(self.warnings)}）"

    def log_message(self) -> str:
        """English one-liner for logs."""
        loc = ", ".join(
            p
            for p in (
                self.path or "",
                f"line {self.line}" if self.line is not None else "",
                f"table row {self.row}" if self.row is not None else "",
            )
            if p
        )
        return f"{loc}: {self.english}" if loc else self.english
