"""A set of vendor ids whose memory follows the size of the string it was read from.

A TC string names vendors either as a bitfield or as ranges (``1-65535`` costs 33 bits).
Expanded into a ``frozenset``, one 4 KB cookie of publisher restrictions became hundreds of
65,535-element sets (1.9 GB). ``IdSet`` keeps what the string holds: a bitfield as one
integer (bit *i* set means id *i*; 65,535 ids are 8 KB), ranges as sorted, merged
``(start, end)`` pairs in two arrays (8 bytes a range). Membership, size and iteration work
as for a frozenset, and an ``IdSet`` equals a set holding the same ids.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Set
from typing import Any

_RUN = re.compile("1+")
_EMPTY: array[int] = array("I")  # shared by empty sets; never changed


class IdSet(Set[int]):
    """An immutable set of positive integer ids (see the module docstring)."""

    __slots__ = ("_bits", "_ends", "_size", "_starts")
    _bits: int | None
    _starts: array[int]
    _ends: array[int]
    _size: int

    def __init__(self, ids: Iterable[int] = ()) -> None:
        if isinstance(ids, IdSet):
            self._bits, self._starts, self._ends, self._size = (
                ids._bits,
                ids._starts,
                ids._ends,
                ids._size,
            )
            return
        self._bits = None
        runs: list[tuple[int, int]] = []
        for i in sorted(set(ids)):
            if runs and i == runs[-1][1] + 1:
                runs[-1] = (runs[-1][0], i)
            else:
                runs.append((i, i))
        self._set_runs(runs)

    @classmethod
    def from_ranges(cls, ranges: Iterable[tuple[int, int]]) -> IdSet:
        """Inclusive ``(start, end)`` ranges in any order, overlapping or not."""
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1] + 1:
                if end > merged[-1][1]:
                    merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        return cls._of_runs(merged)

    @classmethod
    def _of_runs(cls, runs: list[tuple[int, int]]) -> IdSet:
        result = cls.__new__(cls)
        result._bits = None
        result._set_runs(runs)
        return result

    @classmethod
    def from_bitfield(cls, bits: str) -> IdSet:
        """A string of '0' and '1' where position *i* (from 0) stands for id *i + 1*."""
        result = cls.__new__(cls)
        result._starts = result._ends = _EMPTY
        result._bits = int(bits[::-1], 2) << 1 if bits else 0
        result._size = bits.count("1")
        return result

    def _set_runs(self, runs: list[tuple[int, int]]) -> None:
        if not runs:
            self._starts = self._ends = _EMPTY
            self._size = 0
            return
        starts, ends = zip(*runs, strict=True)
        self._starts = array("I", starts)
        self._ends = array("I", ends)
        self._size = sum(ends) - sum(starts) + len(runs)

    def ranges(self) -> Iterator[tuple[int, int]]:
        """The ids as sorted, disjoint, non-adjacent inclusive ranges."""
        if self._bits is None:
            yield from zip(self._starts, self._ends, strict=True)
            return
        text = bin(self._bits)[:1:-1]  # bit 0 first
        for run in _RUN.finditer(text):
            yield run.start(), run.end() - 1

    @property
    def max(self) -> int:
        """The largest id, 0 for the empty set."""
        if self._bits is not None:
            return max(self._bits.bit_length() - 1, 0)
        return int(self._ends[-1]) if self._ends else 0

    @property
    def min(self) -> int:
        """The smallest id, 0 for the empty set."""
        if self._bits is not None:
            return (self._bits & -self._bits).bit_length() - 1 if self._bits else 0
        return int(self._starts[0]) if self._starts else 0

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, int) or item < 0:
            return False
        if self._bits is not None:
            return bool((self._bits >> item) & 1)
        index = bisect_right(self._starts, item) - 1
        return index >= 0 and item <= self._ends[index]

    def __iter__(self) -> Iterator[int]:
        for start, end in self.ranges():
            yield from range(start, end + 1)

    def __len__(self) -> int:
        return self._size

    def __or__(self, other: Any) -> IdSet:
        if isinstance(other, IdSet):
            if self._bits is not None and other._bits is not None:
                result = IdSet.__new__(IdSet)
                result._starts = result._ends = _EMPTY
                result._bits = self._bits | other._bits
                result._size = result._bits.bit_count()
                return result
            return IdSet.from_ranges([*self.ranges(), *other.ranges()])
        if isinstance(other, Set):
            return IdSet.from_ranges([*self.ranges(), *((i, i) for i in other)])
        return NotImplemented

    __ror__ = __or__

    @classmethod
    def _from_iterable(cls, values: Iterable[Any]) -> Set[Any]:
        return cls(values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IdSet):
            return self._size == other._size and list(self.ranges()) == list(other.ranges())
        if isinstance(other, Set):
            return len(other) == self._size and all(i in self for i in other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self.ranges()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{s}" if s == e else f"{s}-{e}" for s, e in self.ranges())
        return f"IdSet({{{shown}}})"
