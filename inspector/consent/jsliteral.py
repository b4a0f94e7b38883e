"""A small, safe parser for JavaScript object literals such as Cookiebot's cookie.

It reads data only - objects, arrays, strings in single or double quotes, numbers, ``true``,
``false``, ``null`` and ``undefined``, with unquoted identifier keys - and evaluates nothing.
Malformed input raises :class:`~inspector.errors.ConsentFormatError`.
"""

from __future__ import annotations

import re
from typing import Any

from inspector.errors import ConsentFormatError
from inspector.i18n import _

MAX_DEPTH = 16

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_WORDS: dict[str, Any] = {"true": True, "false": False, "null": None, "undefined": None}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_MAX_DIGITS = 30


def parse_js_literal(text: str) -> Any:
    """Parse one JavaScript literal value; the whole text must be consumed."""
    parser = _Parser(text)
    value = parser.value(0)
    parser.skip_space()
    if parser.pos != len(text):
        raise parser.error("unexpected text after the value")
    return value


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, problem: str) -> ConsentFormatError:
        return ConsentFormatError(
            _("The value is not a readable object literal: {problem}.").format(problem=problem)
        )

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def peek(self) -> str:
        self.skip_space()
        if self.pos >= len(self.text):
            raise self.error("it ends too early")
        return self.text[self.pos]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.error(f"expected {char!r}")
        self.pos += 1

    def value(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.error("it is nested too deeply")
        char = self.peek()
        if char == "{":
            return self.object(depth + 1)
        if char == "[":
            return self.array(depth + 1)
        if char in "'\"":
            return self.string()
        if char == "-" or char.isdigit():
            return self.number()
        word = _IDENTIFIER.match(self.text, self.pos)
        if word and word.group() in _WORDS:
            self.pos = word.end()
            return _WORDS[word.group()]
        raise self.error("unexpected text")

    def object(self, depth: int) -> dict[str, Any]:
        self.expect("{")
        result: dict[str, Any] = {}
        while self.peek() != "}":
            key = self.key()
            self.expect(":")
            result[key] = self.value(depth)
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "}":
                raise self.error("expected ',' or '}'")
        self.pos += 1
        return result

    def key(self) -> str:
        char = self.peek()
        if char in "'\"":
            return self.string()
        match = _IDENTIFIER.match(self.text, self.pos) or _NUMBER.match(self.text, self.pos)
        if not match:
            raise self.error("expected a key")
        self.pos = match.end()
        return match.group()

    def array(self, depth: int) -> list[Any]:
        self.expect("[")
        result: list[Any] = []
        while self.peek() != "]":
            result.append(self.value(depth))
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "]":
                raise self.error("expected ',' or ']'")
        self.pos += 1
        return result

    def string(self) -> str:
        quote = self.text[self.pos]
        self.pos += 1
        out: list[str] = []
        while True:
            if self.pos >= len(self.text):
                raise self.error("a string is not closed")
            char = self.text[self.pos]
            self.pos += 1
            if char == quote:
                return "".join(out)
            if char in "\r\n":
                raise self.error("a line break inside a string")
            if char == "\\":
                out.append(self.escape())
            else:
                out.append(char)

    def escape(self) -> str:
        if self.pos >= len(self.text):
            raise self.error("a string ends in an escape")
        char = self.text[self.pos]
        self.pos += 1
        if char in _ESCAPES:
            return _ESCAPES[char]
        if char in "ux":
            width = 4 if char == "u" else 2
            digits = self.text[self.pos : self.pos + width]
            if len(digits) != width or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise self.error("a bad escape")
            self.pos += width
            return chr(int(digits, 16))
        return char

    def number(self) -> int | float:
        match = _NUMBER.match(self.text, self.pos)
        if not match or len(match.group()) > _MAX_DIGITS:
            raise self.error("a bad number")
        self.pos = match.end()
        text = match.group()
        if any(c in text for c in ".eE"):
            return float(text)
        return int(text)
