"""``os.fork`` that records the children this process started (install it with
``monkeypatch.setattr(os, "fork", Forks())``)."""

from __future__ import annotations

import os


class Forks:
    def __init__(self) -> None:
        self.pids: list[int] = []
        self._fork = os.fork

    @property
    def children(self) -> int:
        return len(self.pids)

    def __call__(self) -> int:
        child = self._fork()
        if child:
            self.pids.append(child)
        return child
