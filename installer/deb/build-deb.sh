#!/usr/bin/env bash
# Build guichet_VERSION_amd64.deb from the frozen application (installer/build.sh).
#
#   installer/deb/build-deb.sh [BUNDLE_DIR] [OUT_DIR]
#
# BUNDLE_DIR defaults to installer/dist/guichet, OUT_DIR to installer/dist. Installs:
#   /opt/guichet/                 the frozen application (desk, guichet, _internal/)
#   /usr/bin/desk, /usr/bin/guichet   symbolic links to it
#   /usr/share/applications/guichet.desktop, the icon
#   /usr/lib/systemd/user/guichet-sync.{service,timer}   nightly `desk sync`
#   /usr/share/doc/guichet/       DEPLOYMENT.md and the example site file
# The site file (/etc/guichet/site.toml) is the IT team's: the package never writes it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bundle=${1:-$root/installer/dist/guichet}
out=${2:-$root/installer/dist}
[ -x "$bundle/desk" ] || { echo "no frozen bundle in $bundle: run installer/build.sh" >&2; exit 2; }

version=$(grep -E '^__version__' "$root/desk/__init__.py" | sed -E 's/.*"(.*)".*/\1/')
arch=$(dpkg --print-architecture)
stage=$root/installer/build/deb/guichet_${version}_${arch}
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/lib/systemd/user" \
  "$stage/usr/share/doc/guichet"

cp -a "$bundle" "$stage/opt/guichet"
cp "$root/docs/DEPLOYMENT.md" "$stage/opt/guichet/DEPLOYMENT.md"
ln -s /opt/guichet/desk "$stage/usr/bin/desk"
ln -s /opt/guichet/guichet "$stage/usr/bin/guichet"
install -m 0644 "$here/guichet.desktop" "$stage/usr/share/applications/guichet.desktop"
install -m 0644 "$root/installer/common/guichet.svg" \
  "$stage/usr/share/icons/hicolor/scalable/apps/guichet.svg"
install -m 0644 "$here/guichet-sync.service" "$here/guichet-sync.timer" \
  "$stage/usr/lib/systemd/user/"
install -m 0644 "$root/installer/site.example.toml" "$stage/usr/share/doc/guichet/"
install -m 0644 "$root/docs/DEPLOYMENT.md" "$stage/usr/share/doc/guichet/"
printf 'Guichet — EUPL-1.2. Third-party licences: /opt/guichet/_internal/*.dist-info\n' \
  > "$stage/usr/share/doc/guichet/copyright"

size_kb=$(du -sk "$stage" | cut -f1)
# the newest glibc symbol version a program or library of the bundle needs
glibc=$(find "$stage/opt/guichet" -type f \( -name "*.so*" -o -name desk \) -exec objdump -T {} + \
  2>/dev/null | grep -oE "GLIBC_2\.[0-9]+" | sort -t. -k2 -n -u | tail -1 | sed 's/GLIBC_//')
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size_kb/" \
  -e "s/@GLIBC@/$glibc/" "$here/control.in" > "$stage/DEBIAN/control"
# the system libraries the bundle does not carry all come from packages in Depends
python3 "$here/check-depends.py" "$stage/opt/guichet" "$stage/DEBIAN/control"
for script in postinst prerm postrm; do
  install -m 0755 "$here/$script" "$stage/DEBIAN/$script"
done

mkdir -p "$out"
deb=$out/guichet_${version}_${arch}.deb
# zstd -9: within 1 % of -12 (and of xz -6) in size, 3 times faster than -12 (16 s
# against 47 s on the 2-core CI machine); dpkg >= 1.21
dpkg-deb --root-owner-group -Zzstd -z9 --build "$stage" "$deb" >/dev/null
echo ">> $deb ($(du -m "$deb" | cut -f1) MB, installed $((size_kb / 1024)) MB)" >&2
echo "$deb"
