"""What the packaged build weighs, by part, and its largest files.

python installer/bundle_size.py build/dist/cadre_desk [--top N]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

#: (part, test on the path inside the bundle) — the first that matches names the part
PARTS: list[tuple[str, tuple[str, ...]]] = [
    ("Qt plugins", ("PySide6/Qt/plugins/", "PySide6/plugins/")),
    ("Qt translations", ("/translations/",)),
    ("Qt libraries and PySide6", ("PySide6/", "shiboken6/", "libQt6", "Qt6")),
    ("fonts (the app's)", ("resources/fonts/",)),
    ("the app's other resources", ("resources/",)),
    ("Pillow", ("PIL/", "pillow.libs/")),
    ("cryptography", ("cryptography/",)),
    ("PDF preview (pdfium)", ("pypdfium2",)),
    ("reportlab", ("reportlab/",)),
    ("Python code (base_library.zip, PYZ)", ("base_library.zip", ".pyz", "PYZ")),
    ("Python runtime and extension modules", ("libpython", "python3", "lib-dynload/", ".pyd", ".cpython-")),
    ("licence metadata", (".dist-info/",)),
]


def part_of(relative: str) -> str:
    for part, needles in PARTS:
        if any(needle in relative for needle in needles):
            return part
    return "other libraries and files"


def report(bundle: Path, top: int = 15) -> str:
    files = [path for path in bundle.rglob("*") if path.is_file() and not path.is_symlink()]
    sizes = {path: path.stat().st_size for path in files}
    total = sum(sizes.values())
    parts: dict[str, int] = defaultdict(int)
    for path, size in sizes.items():
        parts[part_of(path.relative_to(bundle).as_posix())] += size
    lines = [f"bundle {bundle}: {total / 2**20:.1f} MiB in {len(files)} files"]
    for part, size in sorted(parts.items(), key=lambda item: -item[1]):
        lines.append(f"  {size / 2**20:7.1f} MiB  {part}")
    lines.append(f"largest {top} files:")
    for path, size in sorted(sizes.items(), key=lambda item: -item[1])[:top]:
        lines.append(f"  {size / 2**20:7.1f} MiB  {path.relative_to(bundle).as_posix()}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        print(f"no folder {args.bundle}", file=sys.stderr)
        return 2
    print(report(args.bundle, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
