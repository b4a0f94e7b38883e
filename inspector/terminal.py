"""Text from a store, made safe to print on a terminal.

Cookie names, hosts, paths, values and profile names are written by websites or by whoever
wrote the file. Printed raw, an escape sequence (ESC, or the one-character CSI U+009B) can
move the cursor, recolour or erase lines, a carriage return or newline can forge a line, and
a bidirectional override can make a line read backwards: a crafted store could hide or
rewrite lines of the deletion plan a person is asked to approve. ``terminal_text`` shows
every such character as a visible escape (``\\x1b``, ``\\n``, ``\\u202e``) and leaves all
other text, accents and scripts included, as it is.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
# No-break spaces look like a space and cannot move the cursor or forge a line; French puts
# them before ":" and ";", so our own translated text is full of them.
_HARMLESS_SPACES = frozenset({" ", "\u00a0", "\u202f"})


def terminal_text(text: object) -> str:
    """``text`` with every control, format (bidi, zero-width) and separator character but
    the plain and no-break spaces escaped; a lone surrogate too. Backslashes are doubled only when
    something was escaped, so ordinary text is returned unchanged."""
    value = text if isinstance(text, str) else str(text)
    if value.isprintable() or all(c.isprintable() or c in _HARMLESS_SPACES for c in value):
        return value
    return "".join(_escaped(char) for char in value)


def _shown_as_is(char: str) -> bool:
    return char.isprintable() or char in _HARMLESS_SPACES


def _escaped(char: str) -> str:
    if char != "\\" and _shown_as_is(char):
        return char
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


# Everything but ASCII's C0 controls and printable characters: the candidates for a JSON escape.
_BEYOND_ASCII = re.compile("[^\x00-\x7e]")


def terminal_json(text: str) -> str:
    """JSON text for a terminal: every character ``terminal_text`` would escape is written as
    a JSON ``\\uXXXX`` escape (a surrogate pair beyond U+FFFF), so the JSON reads back the
    same. C0 controls are left alone: JSON escapes them inside strings itself, and the
    newlines and indentation between values are its layout."""
    return _BEYOND_ASCII.sub(_json_escaped, text)


def _json_escaped(match: re.Match[str]) -> str:
    char = match.group()
    if _shown_as_is(char):
        return char
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
