"""Check a staged .deb: every shared library that a program or library of the frozen
bundle needs and does not carry itself comes from a package the .deb depends on.

    python3 installer/deb/check-depends.py BUNDLE_DIR DEBIAN/control

The bundle takes its system libraries from the machine (installer/guichet.spec); one
left out of Depends would give a package that installs and then does not start. Exits 1
naming the library, the package that provides it here and who needs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys

NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[(.*?)\]")


def needed_libraries(bundle: str) -> tuple[set[str], dict[str, str]]:
    """(names of the files the bundle carries, {library needed: first file needing it})"""
    carried: set[str] = set()
    needed: dict[str, str] = {}
    for folder, _, files in os.walk(bundle):
        for name in files:
            path = os.path.join(folder, name)
            carried.add(name)
            if os.path.islink(path):
                continue
            with open(path, "rb") as f:
                if f.read(4) != b"\x7fELF":
                    continue
            dyn = subprocess.run(["readelf", "-d", path], capture_output=True, text=True).stdout
            for lib in NEEDED.findall(dyn):
                needed.setdefault(lib, os.path.relpath(path, bundle))
    return carried, needed


def package_of(lib: str, where: dict[str, str]) -> str | None:
    path = where.get(lib)
    if not path:
        return None
    real = os.path.realpath(path)
    # merged /usr: dpkg may know the file under /lib or /usr/lib
    for candidate in (path, real, real.replace("/usr/lib/", "/lib/", 1)):
        found = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if found.returncode == 0:
            return found.stdout.split(":")[0]
    return None


def main(bundle: str, control: str) -> int:
    with open(control, encoding="utf-8") as f:
        depends = next(line for line in f if line.startswith("Depends:"))
    declared = {re.sub(r"\s*\(.*", "", alt).strip() for alt in re.split(r"[,|]", depends[8:])}
    carried, needed = needed_libraries(bundle)
    where: dict[str, str] = {}
    ldconfig = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    for line in ldconfig.splitlines():
        m = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if m and "x86-64" in m.group(2):
            where.setdefault(m.group(1), m.group(3))
    missing = []
    for lib in sorted(set(needed) - carried):
        package = package_of(lib, where)
        if package not in declared:
            missing.append(f"{lib} (package {package or 'not found'}, needed by {needed[lib]})")
    if missing:
        sys.stderr.write("check-depends: add to Depends in installer/deb/control.in:\n  ")
        sys.stderr.write("\n  ".join(missing) + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
