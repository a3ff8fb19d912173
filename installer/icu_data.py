"""A smaller ICU data library for the frozen counter (installer/guichet.spec).

PySide6's Qt Core links ICU, whose data library (libicudataNN.so, 31 MB) carries the
data of every ICU service for some 800 locales. Qt calls only four ICU services (the
ICU symbols its libraries import: u_strToUpper/Lower, ucal_* for time-zone names,
ucnv_* for legacy encodings, ucol_* for QCollator), and the counter speaks French (and
English). So the bundle carries:
- the data of the services Qt never calls: none (break iteration, transliteration,
  number spelling, currency and unit names: brkitr/, translit/, rbnf/, curr/, unit/);
- per-locale data (calendars, collation, zone, language and region names) for the
  root, French and English locales only;
- the single-byte legacy converters (ISO-8859-*, windows-125x, DOS and Mac code
  pages, KOI8…), but not the multi-byte ones (Chinese, Japanese, Korean, EBCDIC
  stateful, ISO-2022 compound text: 4.7 MB of the 8.7): Qt calls ucnv_ only when a
  program asks QStringDecoder for an encoding by name, which the counter never does
  (ui/ decodes nothing but UTF-8), and ICU lists as available only the converters it
  can open (QStringDecoder.availableCodecs());
- everything else that is not per-locale: normalisation, time zones, collation base.
31 MB become 4 MB; tests/installer/test_icu_data.py checks that Qt collates, changes
case, converts Western legacy encodings and names time zones the same with it.

Needs icupkg (Debian package icu-devtools) and a C compiler (gcc) on the build machine.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

#: the languages whose locale data is kept (with all their regional variants)
LANGUAGES = ("fr", "en")
#: data of ICU services Qt does not call (no ubrk_, utrans_, unum_ import in Qt's libraries)
UNUSED_TREES = ("brkitr/", "translit/", "rbnf/", "curr/", "unit/")
#: a locale bundle (fr.res, fr_CA.res, zh_Hant_TW.res, de_.res alias), not root, pool
#: or supplementalData
LOCALE_BUNDLE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")


def data_symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the ICU common data in ``library``
    (the exported object ``icudtNN_dat``)."""
    syms = subprocess.run(
        ["readelf", "--dyn-syms", "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout
    m = re.search(
        r":\s+([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\S+\s+(\d+)\s+(icudt\d+_dat)",
        syms,
    )
    if not m:
        raise RuntimeError(f"{library}: no icudtNN_dat symbol")
    address, size, section, name = int(m[1], 16), int(m[2], 0), int(m[3]), m[4]
    sections = subprocess.run(
        ["readelf", "-S", "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout
    s = re.search(rf"\[\s*{section}\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", sections)
    if not s:
        raise RuntimeError(f"{library}: no section {section}")
    return name, address - int(s[1], 16) + int(s[2], 16), size


def multi_byte_converter(data: bytes) -> bool:
    """Whether ``data`` (an ICU .cnv item) is a converter other than single-byte.
    The item is a DataHeader (its size in its first two bytes) then
    UConverterStaticData: structSize int32, name char[60], codepage int32,
    platform int8, conversionType int8, minBytesPerChar int8, maxBytesPerChar int8
    (makeconv stores single-byte tables in the MBCS format too: the type says
    nothing, the byte count does)."""
    header_size = int.from_bytes(data[:2], "little")
    return data[header_size + 71] > 1


def unwanted(items: list[str], multi_byte: frozenset[str] = frozenset()) -> list[str]:
    """The items of an ICU data package the counter does not need; ``multi_byte``:
    the .cnv items that are multi-byte converters."""
    drop = []
    for item in items:
        name = item.rsplit("/", 1)[-1]
        if (
            item in multi_byte
            or item.startswith(UNUSED_TREES)
            or (
                LOCALE_BUNDLE.match(name)
                and name != "res_index.res"
                and name.split("_")[0].removesuffix(".res") not in LANGUAGES
            )
        ):
            drop.append(item)
    return drop


def trim(library: Path, out: Path) -> Path:
    """Write to ``out`` a copy of the ICU data ``library`` holding only what the
    counter needs; same soname and symbol, so Qt's libicuuc loads it unchanged."""
    name, offset, size = data_symbol(library)
    # icupkg names the package (and prefixes its items) after the file: icudt73l.dat
    package = f"{name.removesuffix('_dat')}l.dat"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "full").mkdir()
        (work / "full" / package).write_bytes(library.read_bytes()[offset : offset + size])
        items = subprocess.run(
            ["icupkg", "-l", f"full/{package}"],
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        (work / "items").mkdir()
        converters = [item for item in items if item.endswith(".cnv")]
        (work / "converters.txt").write_text("\n".join(converters) + "\n")
        subprocess.run(
            ["icupkg", "-x", "converters.txt", "-d", "items", f"full/{package}"],
            cwd=work,
            capture_output=True,
            check=True,
        )
        multi_byte = frozenset(
            item
            for item in converters
            if multi_byte_converter((work / "items" / item).read_bytes())
        )
        (work / "remove.txt").write_text("\n".join(unwanted(items, multi_byte)) + "\n")
        subprocess.run(
            ["icupkg", "-r", "remove.txt", f"full/{package}", package],
            cwd=work,
            capture_output=True,
            check=True,
        )
        # ICU wants its common data 16-byte aligned
        (work / "data.S").write_text(
            f".section .rodata\n.balign 16\n.globl {name}\n.type {name}, @object\n{name}:\n"
            f'.incbin "{package}"\n.size {name}, . - {name}\n'
            '.section .note.GNU-stack,"",@progbits\n'
        )
        soname = subprocess.run(
            ["readelf", "-d", str(library)], capture_output=True, text=True, check=True
        ).stdout
        so = re.search(r"\(SONAME\)\s+Library soname: \[(.*?)\]", soname)
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "gcc",
                "-shared",
                "-nostdlib",
                f"-Wl,-soname,{so[1] if so else library.name}",
                "-o",
                str(out),
                "data.S",
            ],
            cwd=work,
            check=True,
        )
    return out
