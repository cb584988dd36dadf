#!/usr/bin/env bash
# `make install`: builds libgovuk_notify and installs, under $DESTDIR$PREFIX (PREFIX defaults to
# /usr/local):
#   include/govuk_notify.h
#   lib/libgovuk_notify.so.X.Y.Z, the SONAME link libgovuk_notify.so.ABI and libgovuk_notify.so
#   lib/libgovuk_notify.a
#   lib/pkgconfig/govuk-notify.pc            (pkg-config --cflags --libs [--static] govuk-notify)
#   lib/cmake/govuk-notify/govuk-notifyConfig.cmake and ...ConfigVersion.cmake
#                                            (find_package(govuk-notify) -> govuk-notify::govuk-notify
#                                             and govuk-notify::static)
# PROFILE=release (default) or PROFILE=debug picks the cargo profile; LIBDIR overrides "lib".
#
#   scripts/install-c.sh            builds, then installs
#   scripts/install-c.sh --build    only builds (`make lib`), as your own user
#   scripts/install-c.sh --no-build only installs what --build made (`sudo make install NO_BUILD=1`,
#                                   so cargo never runs as root)
# Installing as root into the live system (no DESTDIR) runs ldconfig afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/lib/progress.sh

PREFIX="${PREFIX:-/usr/local}"
LIBDIR="${LIBDIR:-lib}"
PROFILE="${PROFILE:-release}"
DEST="${DESTDIR:-}$PREFIX"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$PROFILE" in
  release) cargo_profile=(--release); out="$TARGET/release" ;;
  debug | dev) cargo_profile=(); out="$TARGET/debug" ;;
  *) echo "PROFILE must be release or debug, not $PROFILE" >&2; exit 2 ;;
esac

VERSION="$(sed -nE 's/^version = "([^"]+)"/\1/p' Cargo.toml | head -n 1)"
MAJOR="${VERSION%%.*}"; rest="${VERSION#*.}"; MINOR="${rest%%.*}"
if [ "$MAJOR" = 0 ]; then ABI="0.$MINOR"; else ABI="$MAJOR"; fi

MODE="${1:-all}"
[ "${NO_BUILD:-0}" = 1 ] && MODE=--no-build
NATIVE_FILE="$out/govuk-notify-native-static-libs.txt"
if [ "$MODE" != --no-build ]; then
  # `cargo rustc ... --print native-static-libs` builds the library and prints the system libraries
  # a program linking the static library needs (they go into the .pc file's Libs.private).
  native_log="$(mktemp)"
  trap 'rm -f "$native_log"' EXIT
  build() { GOVUK_NOTIFY_SONAME=1 cargo rustc "${cargo_profile[@]}" -p govuk-notify-ffi --lib -- --print native-static-libs 2>&1 | tee "$native_log"; }
  phase "building libgovuk_notify ($PROFILE)" build
  NATIVE_LIBS="$(sed -nE 's/.*native-static-libs: (.*)$/\1/p' "$native_log" | tail -n 1)"
  if [ -z "$NATIVE_LIBS" ]; then
    # cargo prints the note only when it compiled the crate; force that once if it was up to date.
    touch ffi-c/src/lib.rs
    phase "rebuilding libgovuk_notify for its static link flags" build
    NATIVE_LIBS="$(sed -nE 's/.*native-static-libs: (.*)$/\1/p' "$native_log" | tail -n 1)"
  fi
  [ -n "$NATIVE_LIBS" ] || { echo "could not read rustc's native-static-libs" >&2; exit 1; }
  # -lc (and -lgcc_s, which rustc lists for unwinding) come with every C link through cc; keep the
  # rest, once each, in order.
  NATIVE_LIBS="$(tr ' ' '\n' <<<"$NATIVE_LIBS" | { grep -vxE -- '-lc|-lgcc_s|' || true; } | awk '!seen[$0]++' | tr '\n' ' ' | sed 's/ $//')"
  echo "$NATIVE_LIBS" >"$NATIVE_FILE"
  if [ "$MODE" = --build ]; then
    echo "   built $out/libgovuk_notify.{so,a}; now install with: sudo make install NO_BUILD=1 PREFIX=$PREFIX"
    exit 0
  fi
else
  for f in "$out/libgovuk_notify.so" "$out/libgovuk_notify.a" "$NATIVE_FILE"; do
    [ -f "$f" ] || { echo "$f is missing: build first with \`make lib\` (PROFILE=$PROFILE)" >&2; exit 1; }
  done
  NATIVE_LIBS="$(cat "$NATIVE_FILE")"
fi

echo "== installing govuk-notify $VERSION into $DEST"
install -d "$DEST/include" "$DEST/$LIBDIR/pkgconfig" "$DEST/$LIBDIR/cmake/govuk-notify"
install -m 0644 include/govuk_notify.h "$DEST/include/govuk_notify.h"
install -m 0755 "$out/libgovuk_notify.so" "$DEST/$LIBDIR/libgovuk_notify.so.$VERSION"
ln -sf "libgovuk_notify.so.$VERSION" "$DEST/$LIBDIR/libgovuk_notify.so.$ABI"
ln -sf "libgovuk_notify.so.$ABI" "$DEST/$LIBDIR/libgovuk_notify.so"
install -m 0644 "$out/libgovuk_notify.a" "$DEST/$LIBDIR/libgovuk_notify.a"
install -d "$DEST/share/doc/govuk-notify"
install -m 0644 LICENSE "$DEST/share/doc/govuk-notify/LICENSE"

cat >"$DEST/$LIBDIR/pkgconfig/govuk-notify.pc" <<PC
prefix=$PREFIX
exec_prefix=\${prefix}
libdir=\${exec_prefix}/$LIBDIR
includedir=\${prefix}/include

Name: govuk-notify
Description: GOV.UK Notify API client (C ABI of the govuk-notify Rust core)
Version: $VERSION
Libs: -L\${libdir} -lgovuk_notify
Libs.private: $NATIVE_LIBS
Cflags: -I\${includedir}
PC

# CMake finds the files relative to this one, so the prefix can be moved after installing. UP climbs
# from $LIBDIR/cmake/govuk-notify back to the prefix (one ".." per path component).
UP="$(sed -E 's#[^/]+#..#g' <<<"$LIBDIR/cmake/govuk-notify")"
# A CMake list: library names separated by ";" (a space would make one bogus item).
cmake_libs="$(sed -E 's/(^| )-l/\1/g; s/ /;/g' <<<"$NATIVE_LIBS")"
cat >"$DEST/$LIBDIR/cmake/govuk-notify/govuk-notifyConfig.cmake" <<CMAKE
# govuk-notify $VERSION: find_package(govuk-notify) defines the imported targets
#   govuk-notify::govuk-notify  the shared library (libgovuk_notify.so)
#   govuk-notify::static        the static library, with the system libraries it needs
get_filename_component(_govuk_notify_prefix "\${CMAKE_CURRENT_LIST_DIR}/$UP" ABSOLUTE)
if(NOT TARGET govuk-notify::govuk-notify)
  add_library(govuk-notify::govuk-notify SHARED IMPORTED)
  set_target_properties(govuk-notify::govuk-notify PROPERTIES
    IMPORTED_LOCATION "\${_govuk_notify_prefix}/$LIBDIR/libgovuk_notify.so.$VERSION"
    IMPORTED_SONAME "libgovuk_notify.so.$ABI"
    INTERFACE_INCLUDE_DIRECTORIES "\${_govuk_notify_prefix}/include")
endif()
if(NOT TARGET govuk-notify::static)
  add_library(govuk-notify::static STATIC IMPORTED)
  set_target_properties(govuk-notify::static PROPERTIES
    IMPORTED_LOCATION "\${_govuk_notify_prefix}/$LIBDIR/libgovuk_notify.a"
    INTERFACE_INCLUDE_DIRECTORIES "\${_govuk_notify_prefix}/include"
    INTERFACE_LINK_LIBRARIES "$cmake_libs")
endif()
set(govuk-notify_VERSION "$VERSION")
unset(_govuk_notify_prefix)
CMAKE

cat >"$DEST/$LIBDIR/cmake/govuk-notify/govuk-notifyConfigVersion.cmake" <<CMAKE
# Compatible when the requested version has the same ABI ($ABI) and is not newer than $VERSION.
set(PACKAGE_VERSION "$VERSION")
set(PACKAGE_VERSION_COMPATIBLE FALSE)
if(PACKAGE_FIND_VERSION VERSION_LESS_EQUAL PACKAGE_VERSION)
  if("$MAJOR" STREQUAL "0")
    if(PACKAGE_FIND_VERSION_MAJOR EQUAL 0 AND PACKAGE_FIND_VERSION_MINOR EQUAL $MINOR)
      set(PACKAGE_VERSION_COMPATIBLE TRUE)
    endif()
  elseif(PACKAGE_FIND_VERSION_MAJOR EQUAL $MAJOR)
    set(PACKAGE_VERSION_COMPATIBLE TRUE)
  endif()
endif()
if(PACKAGE_FIND_VERSION VERSION_EQUAL PACKAGE_VERSION)
  set(PACKAGE_VERSION_EXACT TRUE)
endif()
CMAKE
echo "   installed: $DEST/include/govuk_notify.h, $DEST/$LIBDIR/libgovuk_notify.{so.$VERSION,so.$ABI,so,a},"
echo "   $DEST/$LIBDIR/pkgconfig/govuk-notify.pc, $DEST/$LIBDIR/cmake/govuk-notify/"
if [ -z "${DESTDIR:-}" ] && [ "$(id -u)" = 0 ] && command -v ldconfig >/dev/null 2>&1; then
  ldconfig
  echo "   ran ldconfig"
fi
