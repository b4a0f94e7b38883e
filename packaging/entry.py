"""The frozen bundle's entry script (PyInstaller runs this file as ``__main__``)."""

from inspector.cli import run

run()
