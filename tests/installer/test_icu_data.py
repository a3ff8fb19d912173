"""installer/icu_data.py: the frozen counter's smaller ICU data library gives Qt the
same answers as PySide6's full one for what a French counter asks of it (collation,
case, Western legacy encodings, time-zone and date names), without the multi-byte
(Chinese, Japanese, Korean, EBCDIC) converters."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("icu_data", ROOT / "installer" / "icu_data.py")
assert spec and spec.loader
icu_data = importlib.util.module_from_spec(spec)
spec.loader.exec_module(icu_data)

PROBE = r"""
import functools, json
from PySide6.QtCore import QCollator, QDateTime, QLocale, QStringDecoder, QTimeZone
fr = QLocale(QLocale.Language.French, QLocale.Country.France)
names = ["Émile", "eve", "Ève", "Zoé", "zoe", "Œdipe", "oeuf", "Ça", "cab", "Nguyễn", "Ngo"]
paris = QTimeZone(b"Europe/Paris")
std, dst = QTimeZone.TimeType.StandardTime, QTimeZone.TimeType.DaylightTime
long, short = QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName
names_ = (long, short, QTimeZone.NameType.OffsetName)
print(json.dumps({
    "sorted": sorted(names, key=functools.cmp_to_key(QCollator(fr).compare)),
    "upper": fr.toUpper("éèçœß"),
    "codecs": sorted(QStringDecoder.availableCodecs()),
    "latin": [
        QStringDecoder(name).isValid()
        for name in ("windows-1252", "ISO-8859-15", "IBM850", "macintosh", "ISO-8859-2")
    ],
    "zone": paris.displayName(std, long, fr),
    "zone_en": paris.displayName(std, long, QLocale(QLocale.Language.English)),
    "zones": {
        bytes(z).decode(): [QTimeZone(z).displayName(t, n, fr) for t in (std, dst) for n in names_]
        for z in QTimeZone.availableTimeZoneIds()
    },
    "lower_tr": QLocale(QLocale.Language.Turkish).toLower("DİYARBAKIR"),
    "german": sorted(names, key=functools.cmp_to_key(QCollator(QLocale("de_DE")).compare)),
    "date": fr.toString(QDateTime.fromSecsSinceEpoch(1767225600, paris), "dddd d MMMM yyyy"),
}, ensure_ascii=False))
"""


def qt_answers(preload: Path | None) -> dict[str, object]:
    env = dict(os.environ)
    if preload:
        # same soname: the dynamic linker gives Qt's libicuuc this library instead
        env["LD_PRELOAD"] = str(preload)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    assert done.stderr == ""
    return json.loads(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries")
def test_trimmed_icu_data_answers_like_the_full_one(tmp_path: Path) -> None:
    assert shutil.which("icupkg"), "icupkg (icu-devtools, scripts/apt-packages.txt)"
    import PySide6

    full = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    small = icu_data.trim(full, tmp_path / full.name)

    assert small.stat().st_size < full.stat().st_size / 2
    trimmed, reference = qt_answers(small), qt_answers(None)
    codecs, reference_codecs = set(trimmed.pop("codecs")), set(reference.pop("codecs"))
    assert trimmed == reference
    assert trimmed["latin"] == [True] * 5
    assert codecs < reference_codecs
    assert {"windows-1252", "ISO-8859-15", "IBM850", "KOI8-R"} <= codecs
    assert {"Shift_JIS", "GB18030", "Big5", "EUC-KR"} <= reference_codecs - codecs
    assert trimmed["zone"] == "heure normale d’Europe centrale"
    assert trimmed["date"] == "jeudi 1 janvier 2026"
    assert trimmed["sorted"][:3] == ["Ça", "cab", "Émile"]


def test_only_unused_services_other_languages_and_multi_byte_converters_are_dropped() -> None:
    items = [
        "fr.res", "fr_CA.res", "en_001.res", "root.res", "res_index.res", "pool.res",
        "de.res", "zh_Hant_TW.res", "coll/de_.res", "coll/fr.res", "coll/ucadata.icu",
        "zone/ja.res", "zone/root.res", "supplementalData.res", "zoneinfo64.res",
        "ibm-1047_P100-1995.cnv", "brkitr/thaidict.dict", "translit/root.res",
        "region/fr.res", "region/it.res", "curr/fr.res", "unit/root.res",
        "ibm-943_P15A-2003.cnv",
    ]  # fmt: skip
    assert icu_data.unwanted(items, frozenset({"ibm-943_P15A-2003.cnv"})) == [
        "de.res", "zh_Hant_TW.res", "coll/de_.res", "zone/ja.res", "brkitr/thaidict.dict",
        "translit/root.res", "region/it.res", "curr/fr.res", "unit/root.res",
        "ibm-943_P15A-2003.cnv",
    ]  # fmt: skip
