# Cookie Inspector's replacement for PyInstaller's own hook-PySide6.QtGui.py (a hook in the
# spec's hookspath wins over the built-in one for the same module). It collects what the
# built-in hook collects, less the Qt plugins a desktop widgets app never loads. Dropping them
# here, before PyInstaller follows their library dependencies, keeps those libraries out too:
# the GTK 3 platform theme alone brings GTK, GDK, ATK, Cairo, Pango and friends, and the VNC and
# TUIO plugins bring QtNetwork.
# ruff: noqa
import re

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)

UNUSED_PLUGIN = re.compile(
    r"/plugins/("
    # Embedded-device platforms and their input drivers: no desktop uses them.
    r"platforms/(lib)?q(linuxfb|vnc|eglfs|minimalegl|vkkhrdisplay|bsdfb|directfb)[^/]*$"
    r"|egldeviceintegrations/|generic/"
    # The GTK 3 look: the app draws with Qt's Fusion style and its own palettes anyway.
    r"|platformthemes/(lib)?qgtk3[^/]*$"
    # Image formats the app never reads (PNG is built into QtGui; SVG, ICO, JPEG, GIF stay).
    r"|imageformats/(lib)?q(pdf|webp|tiff|tga|wbmp|icns)d?\.[^/]*$"
    r")"
)
dropped = [source for source, _ in binaries if UNUSED_PLUGIN.search(source.replace("\\", "/"))]
binaries = [(source, dest) for source, dest in binaries if source not in dropped]
