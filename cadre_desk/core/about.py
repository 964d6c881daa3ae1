"""What the app is made of: its version, and every component it ships with its licence.

``bundled_distributions()`` is the list of Python distributions a packaged build carries (the
installer's spec copies their metadata, licence files included, into the build), and
``components()`` the catalogue the About dialog shows: those distributions, Python, Qt,
SQLite and the bundled fonts, each with its version, licence name, purpose and licence text.
Both work in the source tree and in the packaged build, where ``importlib.metadata`` sees the
copied ``.dist-info`` folders; texts a distribution's metadata lacks come from
``resources/licenses/``.
"""

from __future__ import annotations

import importlib.metadata as metadata
import platform
import re
import sqlite3
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..resources import resources_dir

APP_DISTRIBUTION = "cadre-desk"

#: what each directly required distribution does in the app (the others: "（… 所需）")
PURPOSES = {
    "pyside6-essentials": "界面（Qt 6 的 Python 接口）",
    "sqlalchemy": "数据库访问",
    "alembic": "数据库升级",
    "platformdirs": "数据文件夹位置",
    "pillow": "照片处理",
    "pypinyin": "拼音检索",
    "argon2-cffi": "密码保护",
    "openpyxl": "读写 Excel",
    "reportlab": "打印 PDF",
    "segno": "二维码",
    "pypdfium2": "PDF 预览与打印",
    "cryptography": "数据同步加密签名",
}

#: the licence the app uses a distribution under, where its metadata offers a choice
#: (PySide6 and shiboken6 are offered under the LGPL or the GPL; a closed app uses the LGPL)
LICENCE_USED = {
    "pyside6-essentials": "LGPL-3.0-only",
    "shiboken6": "LGPL-3.0-only",
}

#: licence texts for distributions whose metadata carries none (files in resources/licenses/);
#: any other distribution may have ``resources/licenses/<canonical name>.txt``
FALLBACK_TEXTS = {
    "pyside6-essentials": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "shiboken6": ("LGPL-3.0.txt", "GPL-3.0.txt"),
}

#: "License :: OSI Approved :: …" classifiers as SPDX identifiers (the classifiers are a closed, deprecated list)
CLASSIFIER_LICENCES = {
    "MIT License": "MIT",
    "BSD License": "BSD",
    "Apache Software License": "Apache-2.0",
    "Python Software Foundation License": "PSF-2.0",
    "ISC License (ISCL)": "ISC",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0",
    "GNU Library or Lesser General Public License (LGPL)": "LGPL",
    "The Unlicense (Unlicense)": "Unlicense",
    "Historical Permission Notice and Disclaimer (HPND)": "HPND",
}

_LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
_EXTRA = re.compile(r"""extra\s*==\s*['"]([^'"]+)['"]""")


@dataclass(frozen=True)
class Component:
    """One thing the app ships, as the About dialog lists it."""

    name: str
    version: str
    licence: str
    purpose: str
    licence_text: str = ""
    homepage: str = ""
    #: the bundled files it covers (fonts: their file names in resources/fonts/)
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class AboutInfo:
    version: str
    data_dir: Path
    python: str
    qt: str  # the Qt the build was made with (PySide6's version); the UI may show Qt's own
    sqlite: str
    platform: str
    components: tuple[Component, ...]


# -- the distributions ---------------------------------------------------------------------


def canonical(name: str) -> str:
    """A distribution's name as PyPI compares names (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _parse(requirement: str) -> tuple[str, set[str], str]:
    """(name, extras, marker) of a requirement string."""
    spec, _, marker = requirement.partition(";")
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?", spec)
    if match is None:
        return "", set(), ""
    extras = {canonical(e.strip()) for e in (match.group(2) or "").split(",") if e.strip()}
    return match.group(1), extras, marker.strip()


def _applies(marker: str, extras: set[str]) -> bool:
    """Whether a requirement with this marker is needed, given the extras asked for.

    Evaluated with ``packaging`` where it is importable (the source tree, the build); else a
    requirement that names an extra is needed only when that extra is asked for, and any
    other marker counts as true (what is not installed is skipped anyway).
    """
    if not marker:
        return True
    try:
        from packaging.markers import InvalidMarker, Marker
    except ImportError:
        named = {canonical(e) for e in _EXTRA.findall(marker)}
        return not named or bool(named & extras)
    try:
        parsed = Marker(marker)
    except InvalidMarker:
        return False
    return any(parsed.evaluate({"extra": extra}) for extra in sorted(extras) or [""])


def _installed(name: str) -> metadata.Distribution | None:
    try:
        return metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None


def _dependency_graph() -> dict[str, set[str]]:
    """Each bundled distribution (canonical name) and the bundled ones that require it.

    The app's own entry (``cadre-desk``) is the root; its optional extras (tests, lint) are
    left out.  Where the app's own metadata is not there (a build that copied only its
    libraries' metadata) every visible distribution counts as bundled, required by the app.
    """
    required_by: dict[str, set[str]] = {}
    if _installed(APP_DISTRIBUTION) is None:
        for dist in metadata.distributions():
            name = canonical(dist.metadata["Name"] or "")
            if name and name != APP_DISTRIBUTION:
                required_by.setdefault(name, set()).add(APP_DISTRIBUTION)
        return required_by
    todo: list[tuple[str, set[str]]] = [(APP_DISTRIBUTION, set())]
    done: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras = todo.pop()
        if (name, frozenset(extras)) in done:
            continue
        done.add((name, frozenset(extras)))
        dist = _installed(name)
        if dist is None:
            continue
        for requirement in dist.requires or []:
            dep, dep_extras, marker = _parse(requirement)
            if not dep or not _applies(marker, extras):
                continue
            dep = canonical(dep)
            if dep == APP_DISTRIBUTION or _installed(dep) is None:
                continue
            required_by.setdefault(dep, set()).add(name)
            todo.append((dep, dep_extras))
    return required_by


def bundled_distributions() -> list[str]:
    """The canonical names of the Python distributions the app ships, sorted."""
    return sorted(_dependency_graph())


# -- licence names and texts ----------------------------------------------------------------


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _read_resource(name: str) -> str:
    return _read(resources_dir() / "licenses" / name)


def _licence_files(dist: metadata.Distribution) -> list[str]:
    """The licence, notice and authors files of a distribution, relative to its .dist-info."""
    # License-File: under licenses/ since metadata 2.4, in the .dist-info folder itself before
    found = [where for f in dist.metadata.get_all("License-File") or [] for where in (f"licenses/{f}", f)]
    for file in dist.files or []:
        parts = file.parts
        if len(parts) < 2 or not parts[0].endswith(".dist-info"):
            continue
        inside = "/".join(parts[1:])
        if parts[1] == "licenses" or _LICENCE_FILE.match(parts[-1]):
            found.append(inside)
    base = getattr(dist, "_path", None)  # no RECORD: look in the folder itself
    if not dist.files and isinstance(base, Path) and base.is_dir():
        found += [
            p.relative_to(base).as_posix()
            for p in base.rglob("*")
            if p.is_file() and (_LICENCE_FILE.match(p.name) or "licenses" in p.relative_to(base).parts[:1])
        ]

    def order(path: str) -> tuple[int, int, str]:
        parts = path.split("/")
        main = bool(re.match(r"LICEN[CS]E", parts[-1], re.IGNORECASE)) or parts[-2:-1] == ["LICENSES"]
        return (0 if main else 1, len(parts), path)

    return sorted(dict.fromkeys(found), key=order)


def _join(sections: Iterable[tuple[str, str]]) -> str:
    """Texts, each under a header line naming its file."""
    return "\n\n".join(f"===== {title} =====\n\n{text.strip()}" for title, text in sections if text.strip())


def _distribution_text(dist: metadata.Distribution, name: str) -> str:
    sections: list[tuple[str, str]] = []
    for inside in _licence_files(dist):
        try:
            text = dist.read_text(inside)
        except (OSError, UnicodeDecodeError):
            text = None
        if text:
            sections.append((inside.removeprefix("licenses/"), text))
    if not sections:
        for file in FALLBACK_TEXTS.get(name, (f"{name}.txt",)):
            sections.append((file, _read_resource(file)))
    return _join(sections)


def spdx(expression: str) -> str | None:
    """``expression`` as a canonical SPDX licence expression (``mit-0`` → ``MIT-0``), or None
    when it is not one.  Parsed by ``packaging.licenses``, which follows the SPDX licence list."""
    from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

    try:
        return canonicalize_license_expression(expression)
    except InvalidLicenseExpression:
        return None


def _licence_name(dist: metadata.Distribution, text: str) -> str:
    """The licence of a distribution as an SPDX expression where its metadata allows one.

    In order: the ``License-Expression`` field (metadata 2.4), the ``License`` field when it is
    an SPDX expression or a list of SPDX identifiers (“BSD-3-Clause, Apache-2.0, …”: all apply),
    then the ``License ::`` classifiers; what none of these names is shown as declared.
    """
    meta = dist.metadata
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return spdx(expression) or expression
    declared = (meta.get("License") or "").strip()
    short = declared if declared and "\n" not in declared and len(declared) <= 60 else ""
    if short and short.upper() != "UNKNOWN":
        if found := spdx(short):
            return found
        listed = [found for part in re.split(r"\s*[,;/]\s*", short) if (found := spdx(part))]
        if listed:
            return " AND ".join(dict.fromkeys(listed))
    names = [
        CLASSIFIER_LICENCES.get(c.split(" :: ")[-1], c.split(" :: ")[-1])
        for c in meta.get_all("Classifier") or []
        if c.startswith("License :: ")
    ]
    name = " OR ".join(dict.fromkeys(names))
    if name == "BSD":  # the classifier does not say which: the text does
        if "Neither the name" in text or "endorse or promote" in text:
            return "BSD-3-Clause"
        if "Redistributions in binary form" in text:
            return "BSD-2-Clause"
    if name and (found := spdx(name)):
        return found
    return name or short.split("(")[0].strip() or "—"


def _homepage(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    urls: dict[str, str] = {}
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        urls[label.strip().lower()] = url.strip()
    for label in ("homepage", "home", "source", "repository", "source code", "code"):
        if label in urls:
            return urls[label]
    return (meta.get("Home-page") or "").strip()


# -- fonts ------------------------------------------------------------------------------------


def font_version(path: Path) -> str:
    """The version a TrueType/OpenType font states in its name table ("2.004"), or ""."""
    try:
        with path.open("rb") as f:
            head = f.read(12)
            (count,) = struct.unpack(">H", head[4:6])
            directory = f.read(16 * count)
            for i in range(count):
                tag, _, offset, length = struct.unpack(">4sIII", directory[16 * i : 16 * i + 16])
                if tag != b"name":
                    continue
                f.seek(offset)
                table = f.read(length)
                _, records, strings = struct.unpack(">HHH", table[:6])
                for r in range(records):
                    platform_id, _, _, name_id, size, start = struct.unpack(">HHHHHH", table[6 + 12 * r : 18 + 12 * r])
                    if name_id == 5 and platform_id in (0, 3):
                        raw = table[strings + start : strings + start + size].decode("utf-16-be", "replace")
                        match = re.search(r"\d+(\.\d+)*[a-z]?", raw)
                        return match.group(0) if match else raw
    except (OSError, struct.error):
        return ""
    return ""


def _font_components() -> list[Component]:
    fonts = resources_dir() / "fonts"
    droid = ("DroidSansFallbackFull.ttf",)
    noto = tuple(sorted(p.name for p in fonts.glob("NotoSans*.ttf")))
    apache = _read_resource("Apache-2.0.txt")
    droid_notice = (
        "Droid Sans Fallback\nCopyright © 2006–2010 Google Corp.\nLicensed under the Apache License, Version 2.0."
    )
    noto_text = _read(fonts / "OFL-NotoSansCJK.txt")
    return [
        Component(
            "Droid Sans Fallback",
            font_version(fonts / droid[0]),
            "Apache-2.0",
            "界面中文字体（系统没有中文字体时）",
            _join([("NOTICE", droid_notice), ("Apache-2.0.txt", apache)]) if apache else "",
            "https://android.googlesource.com/platform/frameworks/base/",
            droid,
        ),
        Component(
            "Noto Sans SC",
            font_version(fonts / noto[0]) if noto else "",
            "OFL-1.1",
            "打印字体（黑体：标题）",
            _join([("OFL-NotoSansCJK.txt", noto_text)]),
            "https://github.com/notofonts/noto-cjk",
            noto,
        ),
        Component(
            "Noto Serif SC",
            font_version(fonts / "NotoSerifSC-Regular.ttf"),
            "OFL-1.1",
            "打印字体（宋体：正文和表格）",
            _join([("OFL-NotoSerifCJK.txt", _read(fonts / "OFL-NotoSerifCJK.txt"))]),
            "https://github.com/notofonts/noto-cjk",
            ("NotoSerifSC-Regular.ttf",),
        ),
        Component(
            "HanaMinB（花園明朝B）",
            "2017-09-04",
            "LicenseRef-Hanazono",
            "打印生僻字（CJK 扩展 B–F 区）",
            _join([("LICENSE-HanaMin.txt", _read(fonts / "LICENSE-HanaMin.txt"))]),
            "https://glyphwiki.org/wiki/GlyphWiki:%E8%8A%B1%E5%9C%92%E3%83%95%E3%82%A9%E3%83%B3%E3%83%88",
            ("HanaMinB-Ext.ttf",),
        ),
        Component(
            "BabelStone Han",
            font_version(fonts / "BabelStoneHan-ExtG.ttf"),
            "Arphic-1999",
            "打印生僻字（CJK 扩展 G 区）",
            _join([("ARPHICPL-BabelStoneHan.txt", _read(fonts / "ARPHICPL-BabelStoneHan.txt"))]),
            "https://www.babelstone.co.uk/Fonts/Han.html",
            ("BabelStoneHan-ExtG.ttf",),
        ),
    ]


# -- the catalogue ----------------------------------------------------------------------------


def _dist_version(name: str) -> str:
    dist = _installed(name)
    return dist.version if dist is not None else ""


def _display_name(dist: metadata.Distribution, name: str) -> str:
    return (dist.metadata["Name"] or name).replace("_", "-")


def components() -> list[Component]:
    """Everything the app ships with its licence: Python, Qt, SQLite, the Python
    distributions (those the app asks for first, then what they need) and the fonts."""
    qt_notice = (
        "Qt 6 — © The Qt Company Ltd. and other contributors.\n"
        "This app uses the Qt libraries, as shipped with PySide6, under the GNU Lesser General Public "
        "License version 3; the GNU General Public License version 3 it refers to follows it.\n"
        "Qt's source code: https://code.qt.io/ and https://download.qt.io/official_releases/qt/"
    )
    sqlite_text = _read_resource("SQLite.txt")
    out = [
        Component(
            "Python",
            platform.python_version(),
            "PSF-2.0",
            "运行环境",
            _join([("Python-PSF-2.0.txt", _read_resource("Python-PSF-2.0.txt"))]),
            "https://www.python.org/",
        ),
        Component(
            "Qt",
            _dist_version("pyside6-essentials"),
            "LGPL-3.0-only",
            "界面",
            _join(
                [
                    ("NOTICE", qt_notice),
                    ("LGPL-3.0.txt", _read_resource("LGPL-3.0.txt")),
                    ("GPL-3.0.txt", _read_resource("GPL-3.0.txt")),
                ]
            ),
            "https://www.qt.io/",
        ),
        Component(
            "SQLite",
            sqlite3.sqlite_version,
            "Public domain",
            "数据库",
            _join([("SQLite.txt", sqlite_text)]),
            "https://www.sqlite.org/",
        ),
    ]
    graph = _dependency_graph()
    direct = sorted((n for n, by in graph.items() if APP_DISTRIBUTION in by), key=str.lower)
    others = sorted((n for n in graph if n not in direct), key=str.lower)
    names = {n: _display_name(d, n) for n in graph if (d := _installed(n)) is not None}
    for name in [*direct, *others]:
        dist = _installed(name)
        if dist is None:
            continue
        text = _distribution_text(dist, name)
        needed_by = sorted(names.get(n, n) for n in graph[name] if n != APP_DISTRIBUTION)
        purpose = PURPOSES.get(name) or "（" + "、".join(needed_by) + " 所需）"
        out.append(
            Component(
                names[name],
                dist.version,
                LICENCE_USED.get(name) or _licence_name(dist, text),
                purpose,
                text,
                _homepage(dist),
            )
        )
    return out + _font_components()


def about_info(data_dir: Path) -> AboutInfo:
    """The version, where the data is, the platform and the components, for the About dialog."""
    from .. import __version__

    bits = struct.calcsize("P") * 8
    return AboutInfo(
        version=__version__,
        data_dir=Path(data_dir),
        python=f"{platform.python_version()} ({platform.python_implementation()}, {bits}-bit)",
        qt=_dist_version("pyside6-essentials"),
        sqlite=sqlite3.sqlite_version,
        platform=f"{platform.platform()} ({platform.machine()})",
        components=tuple(components()),
    )
