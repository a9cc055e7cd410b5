#!/bin/sh
# package.sh: the release a CI job pins (docs/ci.md, "Pinning"). cpack makes
# a tarball and, where dpkg-deb is at hand, a Debian package, each with a
# SHA-256 file that sha256sum -c accepts; the takt in them runs and names
# its version; the Debian package says its version and run-time
# dependencies.
#
#   package.sh BUILD_DIR VERSION
set -u
build=$1
version=$2
command -v cpack > /dev/null 2>&1 || { echo "SKIP: no cpack"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/takt-package-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0
gens=TGZ
command -v dpkg-deb > /dev/null 2>&1 && command -v dpkg-shlibdeps > /dev/null 2>&1 && gens="TGZ;DEB"
(cd "$work" && cpack -G "$gens" --config "$build/CPackConfig.cmake" -B "$work/out" > log 2>&1) ||
    { echo "FAIL: cpack:"; tail -20 "$work/log"; exit 1; }
cd "$work/out" || exit 1
tgz=$(ls takt-"$version"-*.tar.gz 2> /dev/null | head -1)
[ -n "$tgz" ] || { echo "FAIL: no tarball takt-$version-*.tar.gz:"; ls; exit 1; }
sha256sum -c "$tgz.sha256" > /dev/null 2>&1 || { echo "FAIL: the tarball's checksum"; fail=1; }
mkdir t && tar -xzf "$tgz" -C t
bin=$(find t -path '*/bin/takt' | head -1)
[ -n "$bin" ] || { echo "FAIL: no bin/takt in the tarball"; exit 1; }
find t -path '*/share/takt/stdlib/std/*.takt' | grep -q . || { echo "FAIL: no standard library in the tarball"; fail=1; }
"$bin" --version | grep -q "^takt $version (revision " || { echo "FAIL: the packaged takt's version:"; "$bin" --version; fail=1; }
case $gens in *DEB*)
    deb=$(ls takt_"$version"_*.deb 2> /dev/null | head -1)
    [ -n "$deb" ] || { echo "FAIL: no takt_${version}_*.deb:"; ls; exit 1; }
    sha256sum -c "$deb.sha256" > /dev/null 2>&1 || { echo "FAIL: the Debian package's checksum"; fail=1; }
    [ "$(dpkg-deb -f "$deb" Package)" = takt ] || { echo "FAIL: the package's name"; fail=1; }
    [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || { echo "FAIL: the package's version"; fail=1; }
    dpkg-deb -f "$deb" Depends | grep -q libc6 || { echo "FAIL: no run-time dependencies:"; dpkg-deb -f "$deb" Depends; fail=1; }
    dpkg-deb -c "$deb" | grep -q '\./usr/bin/takt$' || { echo "FAIL: /usr/bin/takt not in the package"; fail=1; }
    ;;
esac
[ $fail -eq 0 ] && echo "release packages of takt $version: $(echo "$gens" | tr ';' ' '), with checksums"
exit $fail
