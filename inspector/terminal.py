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


def _escaped(char: str) -> str:
    if char in _HARMLESS_SPACES or (char.isprintable() and char != "\\"):
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
