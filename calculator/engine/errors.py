"""The one error type the calculator raises for anything a user can get wrong.

It carries a stable `code`, the `field` (param name) at fault and the values the message needs;
the message itself is written in calculator/text so it exists in Arabic and English.
"""
from __future__ import annotations


class CalcError(Exception):
    def __init__(self, code: str, field: str | None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params
