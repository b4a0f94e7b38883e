#!/usr/bin/env bash
# Install the Cookie Inspector bundle for the current user (no root needed), or remove it.
#
#   install.sh [--bundle DIR]      install or update
#   install.sh --uninstall         remove what install.sh installed
#   ~/.local/opt/cookie-inspector/uninstall.sh
#                                  the same, from the copy of this script that install.sh
#                                  leaves in the installed bundle (nothing else to keep)
#
# What goes where (XDG_DATA_HOME defaults to ~/.local/share):
#   the bundle            ~/.local/opt/cookie-inspector/
#   the command           ~/.local/bin/cookie-inspector  (a symbolic link into the bundle)
#   the launcher          $XDG_DATA_HOME/applications/io.github.cookie_inspector.CookieInspector.desktop
#   the icons             $XDG_DATA_HOME/icons/hicolor/<size>/apps/io.github.cookie_inspector.CookieInspector.*
#   the AppStream data    $XDG_DATA_HOME/metainfo/io.github.cookie_inspector.CookieInspector.metainfo.xml
#
# The bundle is DIR if given, else the cookie-inspector folder beside this script (the layout
# of the release archive), else dist/cookie-inspector of the checkout this script is in
# (after packaging/build_linux.sh).
#
# Uninstalling leaves your settings, deletion backups and imported catalogues alone; it says
# where they are.
set -euo pipefail

APP_ID=io.github.cookie_inspector.CookieInspector
HERE=$(cd "$(dirname "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
PREFIX=$HOME/.local/opt/cookie-inspector
BIN_DIR=$HOME/.local/bin
LINK=$BIN_DIR/cookie-inspector
APPLICATIONS=$DATA_HOME/applications
METAINFO=$DATA_HOME/metainfo
ICONS=$DATA_HOME/icons/hicolor

action=do_install
[ "$(basename "$0")" = uninstall.sh ] && action=do_uninstall
bundle=
while [ $# -gt 0 ]; do
  case "$1" in
    --uninstall) action=do_uninstall; shift ;;
    --bundle) bundle=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

refresh_caches() {
  # Desktops notice new launchers and icons by themselves; these make it immediate.
  if command -v update-desktop-database > /dev/null; then
    update-desktop-database -q "$APPLICATIONS" 2> /dev/null || true
  fi
  if command -v gtk-update-icon-cache > /dev/null && [ -f "$ICONS/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$ICONS" 2> /dev/null || true
  fi
}

our_link() {  # is $LINK the symbolic link install.sh made?
  [ -L "$LINK" ] && [ "$(readlink "$LINK")" = "$PREFIX/cookie-inspector" ]
}

icon_files() {  # the icons, relative to hicolor/
  (cd "$HERE/icons/hicolor" && find . -path "*/apps/$APP_ID.*" -type f | sed 's|^\./||' | sort)
}

do_uninstall() {
  # The program removes the menu entry it wrote (and only its own); then the rest goes.
  if [ -x "$PREFIX/cookie-inspector-cli" ]; then
    "$PREFIX/cookie-inspector-cli" --uninstall-desktop-entry > /dev/null || true
  fi
  rm -rf "$PREFIX"
  if our_link; then rm -f "$LINK"; fi
  rm -f "$APPLICATIONS/$APP_ID.desktop" "$METAINFO/$APP_ID.metainfo.xml"
  for size in 16x16 32x32 48x48 64x64 128x128 256x256 512x512; do
    rm -f "$ICONS/$size/apps/$APP_ID.png"
  done
  rm -f "$ICONS/scalable/apps/$APP_ID.svg"
  refresh_caches
  [ -d "$PREFIX" ] && { echo "install.sh: could not remove $PREFIX" >&2; exit 1; }
  echo "Cookie Inspector is uninstalled."
  echo "Your settings, deletion backups and imported catalogues are still in"
  echo "  ${XDG_CONFIG_HOME:-$HOME/.config}/cookie-inspector"
  echo "  $DATA_HOME/cookie-inspector"
  echo "Delete those two folders to remove them too (the backups are what 'Undo' restores)."
}

do_install() {
  if [ -z "$bundle" ]; then
    for candidate in "$HERE/cookie-inspector" "$HERE/../../dist/cookie-inspector"; do
      if [ -x "$candidate/cookie-inspector" ] && [ -d "$candidate/_internal" ]; then
        bundle=$candidate
        break
      fi
    done
  fi
  if [ -z "$bundle" ]; then
    echo "install.sh: no bundle found (looked for a cookie-inspector folder with the program" \
      "and _internal/ beside this script and in dist/). Build one with" \
      "packaging/build_linux.sh, or pass --bundle DIR." >&2
    exit 1
  fi
  if [ ! -x "$bundle/cookie-inspector" ] || [ ! -d "$bundle/_internal" ]; then
    echo "install.sh: $bundle is not a Cookie Inspector bundle (no cookie-inspector program" \
      "and _internal/ folder in it)." >&2
    exit 1
  fi
  bundle=$(cd "$bundle" && pwd)
  if [ "$bundle" = "$PREFIX" ]; then
    echo "install.sh: $bundle is already the installed copy; pass the new bundle." >&2
    exit 1
  fi
  "$bundle/cookie-inspector-cli" --version > /dev/null \
    || { echo "install.sh: the bundle in $bundle does not run here." >&2; exit 1; }

  # The bundle: copied beside the old one, then swapped in, so that a failed copy leaves the
  # installed version as it was.
  mkdir -p "$(dirname "$PREFIX")"
  staging=$(mktemp -d "$PREFIX.new.XXXXXX")
  trap 'rm -rf "$staging"' EXIT
  cp -a "$bundle/." "$staging/"
  chmod 755 "$staging"
  rm -rf "$PREFIX"
  mv "$staging" "$PREFIX"
  trap - EXIT

  # The command.
  mkdir -p "$BIN_DIR"
  if [ -e "$LINK" ] || [ -L "$LINK" ]; then
    if our_link; then
      :
    else
      echo "note: $LINK already exists and is not this bundle's (a pipx install?): left as it" \
        "is. The bundle's command is $PREFIX/cookie-inspector." >&2
    fi
  else
    ln -s "$PREFIX/cookie-inspector" "$LINK"
  fi

  # The launcher, the scalable icon and the AppStream data: written by the program itself, so
  # that Exec= points into the bundle, quoted as the desktop-entry format requires (a home
  # folder with spaces), whatever desktop session PATH is in force.
  "$PREFIX/cookie-inspector-cli" --install-desktop-entry > /dev/null \
    || { echo "install.sh: the menu entry could not be written." >&2; exit 1; }
  install -m 755 "$0" "$PREFIX/uninstall.sh"

  while IFS= read -r icon; do
    mkdir -p "$ICONS/$(dirname "$icon")"
    install -m 644 "$HERE/icons/hicolor/$icon" "$ICONS/$icon"
  done < <(icon_files)

  refresh_caches
  echo "Installed Cookie Inspector $("$PREFIX/cookie-inspector-cli" --version | cut -d' ' -f2)" \
    "in $PREFIX."
  echo "Start it from your applications menu, or run: cookie-inspector"
  echo "To uninstall: $PREFIX/uninstall.sh"
  case ":$PATH:" in
    *":$BIN_DIR:"*) ;;
    *) echo "($BIN_DIR is not on your PATH: add it, or run $PREFIX/cookie-inspector)" ;;
  esac
}

"$action"
