# Cookie Inspector's replacement for PyInstaller's own hook-PySide6.QtGui.py (a hook in the
# spec's hookspath wins over the built-in one for the same module). It collects what the
# built-in hook collects, less the Qt plugins a desktop widgets app never loads. Dropping them
# here, before PyInstaller follows their library dependencies, keeps those libraries out too:
# the VNC and TUIO plugins bring QtNetwork. The GTK 3 platform theme stays (GNOME's native file
# dialogs and colours), but the GTK libraries it links are left to the user's system
# (cookie-inspector.spec, SYSTEM_GTK): a desktop that uses GTK has them, and where they are
# missing Qt quietly uses its own dialogs.
# ruff: noqa
import re

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)

UNUSED_PLUGIN = re.compile(
    r"/plugins/("
    # Embedded-device platforms and their input drivers: no desktop uses them.
    r"platforms/(lib)?q(linuxfb|vnc|eglfs|minimalegl|vkkhrdisplay|bsdfb|directfb)[^/]*$"
    r"|egldeviceintegrations/|generic/"
    # Image formats the app never reads (PNG is built into QtGui; SVG, ICO, JPEG, GIF stay).
    r"|imageformats/(lib)?q(pdf|webp|tiff|tga|wbmp|icns)d?\.[^/]*$"
    r")"
)
dropped = [source for source, _ in binaries if UNUSED_PLUGIN.search(source.replace("\\", "/"))]
binaries = [(source, dest) for source, dest in binaries if source not in dropped]
