#!/usr/bin/env bash
# Build the Linux one-folder bundle with PyInstaller, then smoke-test the frozen programs.
#
#   bash packaging/build_linux.sh [--venv DIR] [--archive]
#
# --venv DIR  the virtual environment to build with (default: .venv of the checkout). The
#             project must be installed in it (pip install -e .); PyInstaller is installed
#             into it here, at the version this script was tested with.
# --archive   also pack dist/cookie-inspector-VERSION-linux-ARCH.tar.gz: the bundle with
#             install.sh, the .desktop file, the AppStream metadata and the icons.
#
# Result: dist/cookie-inspector/ (cookie-inspector, cookie-inspector-cli, _internal/).
# Install it for the current user with packaging/linux/install.sh.
#
# The bundle carries its own Python, Qt and libraries, except those every desktop has (glibc,
# libGL/EGL, libxcb, Wayland's client libraries): it runs on distributions whose glibc is at
# least as new as the build machine's, so release builds are made on an old distribution.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PYINSTALLER_VERSION=6.22.3
VENV=.venv
ARCHIVE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --venv) VENV=$2; shift 2 ;;
    --archive) ARCHIVE=1; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "build_linux.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
PY=$VENV/bin/python
[ -x "$PY" ] || { echo "build_linux.sh: no Python at $PY (make the venv first)" >&2; exit 2; }

step() { echo "== $*"; }
fail() { echo "build_linux.sh: FAILED: $*" >&2; exit 1; }

step "PyInstaller $PYINSTALLER_VERSION into $VENV"
"$PY" -m pip install -q --disable-pip-version-check "pyinstaller==$PYINSTALLER_VERSION"
"$PY" -c "import inspector, PySide6, Cryptodome, jeepney, publicsuffixlist, lz4, platformdirs" \
  2>/dev/null || "$PY" -m pip install -q --disable-pip-version-check -e .
VERSION=$("$PY" -c "import re; print(re.search(r'__version__ = \"(.+)\"', \
  open('inspector/__init__.py').read()).group(1))")

# Qt's X11 platform plugin needs these two; when the build machine has them they go into the
# bundle, otherwise the bundle relies on the user's copies (most X11 desktops have them).
for lib in libxcb-icccm.so.4 libxcb-keysyms.so.1; do
  ldconfig -p 2>/dev/null | grep -q "$lib" \
    || echo "warning: $lib is not installed: the bundle will rely on the user's copy" >&2
done

step "build (PyInstaller, one folder)"
started=$(date +%s)
rm -rf dist/cookie-inspector build/pyinstaller
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/cookie-inspector.spec
elapsed=$(( $(date +%s) - started ))
BUNDLE=dist/cookie-inspector
echo "built $BUNDLE in ${elapsed}s: $(du -sh "$BUNDLE" | cut -f1)" \
  "($(find "$BUNDLE" -type f | wc -l) files)"

step "smoke tests of the frozen programs"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Keep the frozen programs away from the real per-user folders, and off any display.
export COOKIE_INSPECTOR_HOME=$WORK/home
unset DISPLAY WAYLAND_DISPLAY

out=$("$BUNDLE/cookie-inspector-cli" --version | head -1)
echo "$ cookie-inspector-cli --version"; echo "$out"
[ "$out" = "cookie-inspector $VERSION" ] || fail "--version printed '$out'"

# A private copy of the bundled sample stores (as the app itself does for --demo).
cp -r "$BUNDLE/_internal/inspector_resources/sample" "$WORK/sample"
echo "$ cookie-inspector-cli scan --json --show-values --store sample/chromium --store sample/firefox"
"$BUNDLE/cookie-inspector-cli" scan --json --show-values \
  --store "$WORK/sample/chromium" --store "$WORK/sample/firefox" > "$WORK/scan.json" \
  || fail "scan exited with status $?"
"$PY" - "$WORK/scan.json" <<'EOF' || fail "scan output"
import collections, json, sys
document = json.load(open(sys.argv[1], encoding="utf-8"))
for store in document["stores"]:
    print(f"  {store['browser']} / {store['profile']}: {store['cookie_count']} cookies",
          f"(error: {store['error']})" if store["error"] else "")
    assert not store["error"], store["error"]
cookies = document["cookies"]
assert cookies, "no cookie listed"
purposes = collections.Counter(cookie["purpose"] for cookie in cookies)
print(f"  {len(cookies)} cookies; purposes: {dict(sorted(purposes.items()))}")
# The catalogue, the Public Suffix List and the consent vocabulary are bundled data: without
# them every cookie would be 'unknown', every site its full host name, no consent decoded.
assert purposes.get("advertising") and purposes.get("analytics"), "catalogue not applied"
assert any(c["organization"] == "Google LLC" for c in cookies), "no organisation matched"
# www.example.co.uk -> example.co.uk needs the Public Suffix List's data file.
assert any(c["site"].endswith(".co.uk") and c["site"].count(".") == 2 for c in cookies), \
    "registrable domains wrong (public_suffix_list.dat missing?)"
records = [c["consent_record"] for c in cookies if c["consent_record"]]
assert any(record.get("tcf") for record in records), "no TCF consent string decoded"
# Values: Chromium's are AES-encrypted (pycryptodomex), Firefox's session cookies come from
# the lz4-compressed session store.
unreadable = [c for c in cookies if c["value"] is None]
assert not unreadable, f"{len(unreadable)} values unreadable: {unreadable[0]['value_unavailable_reason']}"
assert any(c["source"] == "sessionstore" for c in cookies), "session store not read"
print(f"  every value decrypted; {len(document['violations'])} contradictions found")
EOF

echo "$ cookie-inspector-cli report --format pdf"
"$BUNDLE/cookie-inspector-cli" report --format pdf -o "$WORK/report.pdf" \
  --store "$WORK/sample/chromium" > /dev/null || fail "PDF report"
[ "$(head -c 5 "$WORK/report.pdf")" = "%PDF-" ] || fail "the report is no PDF"
echo "  $(wc -c < "$WORK/report.pdf") bytes of PDF"

screenshot=${SCREENSHOT:-$WORK/screenshot.png}
echo "$ QT_QPA_PLATFORM=offscreen cookie-inspector gui --demo --screenshot $screenshot"
QT_QPA_PLATFORM=offscreen "$BUNDLE/cookie-inspector" gui --demo --screenshot "$screenshot" \
  || fail "the window did not start"
[ "$(head -c 8 "$screenshot" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] \
  || fail "no PNG written"
echo "  $(wc -c < "$screenshot") bytes of PNG"

# The X11 platform plugin, in a real (virtual) X server, when Xvfb is installed.
if command -v xvfb-run > /dev/null; then
  echo "$ xvfb-run cookie-inspector gui --demo --screenshot (QT_QPA_PLATFORM=xcb)"
  QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24" \
    "$BUNDLE/cookie-inspector" gui --demo --screenshot "$WORK/x11.png" \
    || fail "the window did not start under X11"
  [ -s "$WORK/x11.png" ] || fail "no PNG written under X11"
  echo "  $(wc -c < "$WORK/x11.png") bytes of PNG"
else
  echo "(xvfb-run not installed: the X11 check is skipped)"
fi

# install.sh into a home folder with a space in its name, then the uninstaller it leaves.
echo "$ packaging/linux/install.sh (HOME with a space), then uninstall.sh"
fake_home="$WORK/home with space"
mkdir -p "$fake_home"
HOME="$fake_home" XDG_DATA_HOME= bash packaging/linux/install.sh --bundle "$BUNDLE" > /dev/null \
  || fail "install.sh"
launcher="$fake_home/.local/share/applications/io.github.cookie_inspector.CookieInspector.desktop"
[ -f "$launcher" ] || fail "install.sh wrote no menu entry"
if command -v desktop-file-validate > /dev/null; then
  desktop-file-validate "$launcher" || fail "the installed menu entry is not valid"
fi
grep -q "^Exec=\"$fake_home/.local/opt/cookie-inspector/cookie-inspector\"$" "$launcher" \
  || fail "Exec= of the installed entry: $(grep ^Exec= "$launcher")"
for installed in .local/share/man/man1/cookie-inspector.1 \
    .local/share/bash-completion/completions/cookie-inspector \
    .local/share/zsh/site-functions/_cookie-inspector .config/fish/completions/cookie-inspector.fish; do
  [ -s "$fake_home/$installed" ] || fail "install.sh did not install $installed"
done
HOME="$fake_home" XDG_DATA_HOME= "$fake_home/.local/opt/cookie-inspector/uninstall.sh" > /dev/null \
  || fail "uninstall.sh"
[ ! -e "$launcher" ] && [ ! -e "$fake_home/.local/opt/cookie-inspector" ] \
  && [ ! -e "$fake_home/.local/share/man/man1/cookie-inspector.1" ] \
  || fail "uninstall.sh left files behind"
echo "  installed (menu entry valid, man page, completions), uninstalled"

# Libraries the bundle expects from the system and this machine lacks.
missing=$(find "$BUNDLE" -name '*.so*' -type f -exec ldd {} + 2>/dev/null \
  | grep 'not found' | sort -u || true)
[ -z "$missing" ] || echo "warning: libraries not found on this machine:"$'\n'"$missing" >&2

if [ "$ARCHIVE" = 1 ]; then
  step "archive"
  name=cookie-inspector-$VERSION-linux-$(uname -m)
  stage=$WORK/$name
  mkdir -p "$stage"
  cp -a "$BUNDLE" "$stage/cookie-inspector"
  cp -a packaging/linux/install.sh resources/desktop/*.desktop resources/desktop/*.metainfo.xml \
    packaging/linux/icons "$stage/"
  tar -C "$WORK" -czf "dist/$name.tar.gz" "$name"
  echo "dist/$name.tar.gz: $(du -h "dist/$name.tar.gz" | cut -f1)"
fi
echo "build_linux.sh: OK (${elapsed}s build, bundle $(du -sh "$BUNDLE" | cut -f1), $ROOT/$BUNDLE)"
