"""Limits checked on an .xlsx file before any part of it is parsed (zip bombs, hostile sheets).

An .xlsx is a zip archive of XML parts.  A few kilobytes of it can inflate to gigabytes, a
sheet can declare a million rows or number one row 2,000,000,000, a cell can hold a
million characters.  :func:`preflight` looks at the archive as it is before the workbook
is opened:

* the central directory's record count and size, read from its end record, before the
  directory itself is read (:data:`MAX_MEMBERS`);
* every member's declared size and compression ratio, from the directory, before
  anything is inflated (:data:`MAX_PART_BYTES`, :data:`MAX_RATIO`);
* then every XML part, inflated a megabyte at a time (never whole): its real size
  (a member that inflates to more than it declares is damaged), its rows, cells and
  shared strings counted (:data:`MAX_ROWS`, :data:`MAX_CELLS`, :data:`MAX_SHARED_STRINGS`),
  the longest text between two tags (:data:`MAX_TEXT_RUN`), the sheet's declared
  dimension, and the merged ranges after the sheet data (which the roster reader needs
  and so does not have to inflate the sheet again).

Each limit is several times what a real roster of 50,000 people needs; crossing one is
refused with :class:`WorkbookRefused`, whose message says which limit and why.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO

from .errors import DomainError

__all__ = [
    "MAX_CELLS",
    "MAX_FILE_BYTES",
    "MAX_MEMBERS",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_SHARED_STRINGS",
    "MAX_TEXT_RUN",
    "Preflight",
    "WorkbookDamaged",
    "WorkbookRefused",
    "preflight",
]

#: the whole file (a real roster of 50,000 people is about 8 MB)
MAX_FILE_BYTES = 200 * 1024 * 1024
#: members of the archive (a workbook has a dozen or two; a few hundred with many sheets and pictures)
MAX_MEMBERS = 2000
#: one member, inflated (the 50,000-people sheet is 64 MB)
MAX_PART_BYTES = 256 * 1024 * 1024
#: all members together, inflated
MAX_TOTAL_BYTES = 512 * 1024 * 1024
#: inflated ÷ compressed, for members over :data:`_RATIO_FLOOR` (real sheets: 5–30)
MAX_RATIO = 100
_RATIO_FLOOR = 1024 * 1024
#: rows in one sheet, as written in the file (empty ones included)
MAX_ROWS = 200_000
#: cells in one sheet, as written in the file
MAX_CELLS = 3_000_000
#: entries of the shared-string table
MAX_SHARED_STRINGS = 1_500_000
#: bytes of text between two tags (a cell holds at most 32,767 characters)
MAX_TEXT_RUN = 256 * 1024
#: merged ranges in one sheet
MAX_MERGES = 100_000
#: bytes after a sheet's data (merged ranges, print setup) kept to read the merged ranges from
_MAX_TAIL = 16 * 1024 * 1024
#: the rows and columns Excel allows
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384

_CHUNK = 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_ROOT_PREFIX = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?(worksheet|sst|workbook|Types|Relationships)\b")
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\b[^>]*?\bref="([^"]*)"')
_SHEET_DATA_START = re.compile(rb"<(?:[\w.-]+:)?sheetData\b")
_SHEET_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData\s*>|<(?:[\w.-]+:)?sheetData\s*/>")
_MERGE = re.compile(
    rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?"'
)
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_LONG_TEXT = re.compile(b"<[^<]{%d}" % MAX_TEXT_RUN)


class WorkbookRefused(DomainError):
    """The file crosses a limit (too large, or built to exhaust the computer)."""


class WorkbookDamaged(DomainError):
    """A part of the archive does not hold what the archive's directory says it does."""


@dataclass
class PartFacts:
    """What the scan of one XML part found."""

    rows: int = 0
    cells: int = 0
    strings: int = 0
    dimension: tuple[int, int] | None = None  # (last row, last column) the sheet declares
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r1, c1, r2, c2)


@dataclass
class Preflight:
    """The archive's facts, per member name (without a leading “/”)."""

    parts: dict[str, PartFacts] = field(default_factory=dict)

    def part(self, name: str) -> PartFacts | None:
        return self.parts.get(name.lstrip("/"))


def column_number(letters: str) -> int:
    """``"A"`` → 1, ``"XFD"`` → 16384."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _refused(name: str, why: str) -> WorkbookRefused:
    return WorkbookRefused(
        f"“{name}”过大或结构异常，为保护电脑已拒绝读取：{why}。"
        "这可能是损坏或特意构造的文件；如果它确是名册，请在 Excel 或 WPS 中打开，"
        "另存为新的 .xlsx 文件后再导入（内容很多时可以分成几个文件）。"
    )


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f} MB" if n >= 10 * 1048576 else f"{n / 1048576:.1f} MB"


def _member_count(fh: BinaryIO, size: int) -> tuple[int, int] | None:
    """(records, directory bytes) from the archive's end record, before the directory is read."""
    try:
        end = zipfile._EndRecData(fh)  # type: ignore[attr-defined]  # (stable since Python 2)
    except (AttributeError, OSError, ValueError):
        return None
    if not end:
        return None
    return int(end[zipfile._ECD_ENTRIES_TOTAL]), int(end[zipfile._ECD_SIZE])  # type: ignore[attr-defined]


def _check_directory(archive: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refused(name, f"压缩包里有 {len(infos)} 个部件（正常的工作簿只有几十个）")
    total = 0
    for info in infos:
        declared, packed = info.file_size, info.compress_size
        if declared > MAX_PART_BYTES:
            raise _refused(
                name, f"其中的“{info.filename[:60]}”解压后有 {_mb(declared)}，超过了 {_mb(MAX_PART_BYTES)} 的上限"
            )
        if declared > _RATIO_FLOOR and declared > MAX_RATIO * max(packed, 1):
            raise _refused(
                name,
                f"其中的“{info.filename[:60]}”从 {_mb(packed)} 解压后会变成 {_mb(declared)}"
                f"（{declared // max(packed, 1)} 倍，正常的表格不超过几十倍），是“压缩炸弹”的特征",
            )
        total += declared
    if total > MAX_TOTAL_BYTES:
        raise _refused(name, f"解压后共有 {_mb(total)}，超过了 {_mb(MAX_TOTAL_BYTES)} 的上限")
    return infos


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> PartFacts:
    """Inflate one XML part a chunk at a time, counting what it holds and checking the limits."""
    facts = PartFacts()
    member = info.filename[:60]
    row_tag, cell_tags, si_tags = b"<row", (b"<c ", b"<c>"), (b"<si>", b"<si ")
    root = b""  # the root element's name, once seen: which counts matter
    carry = b""
    run = 0  # bytes since the last "<", across chunks
    seen = 0
    started = False  # the root tag was seen (and with it the prefix the part's tags use)
    in_data = False  # between <sheetData> and </sheetData>
    tail: bytearray | None = None  # what follows </sheetData>
    tail_over = False
    head = bytearray()  # the part up to <sheetData> (for its dimension)
    with archive.open(info) as src:
        while True:
            try:
                chunk = src.read(_CHUNK)
            except (zipfile.BadZipFile, EOFError, zlib.error) as exc:  # what it holds is not what it declares
                raise WorkbookDamaged(
                    f"“{name}”已损坏或被改动过：其中的“{member}”解压后的内容与记录的大小或校验值不符，"
                    "程序没有继续读取。如果它确是名册，请在 Excel 或 WPS 中打开，另存为新的 .xlsx 文件后再导入。"
                ) from exc
            if not chunk:
                break
            seen += len(chunk)
            if seen > info.file_size:  # zipfile stops at the declared size; be sure anyway
                raise _refused(name, f"其中的“{member}”实际解压后比记录的大小还大")
            if not started:
                found = _ROOT_PREFIX.search(chunk)
                if found:
                    root = found.group(2)
                    if found.group(1):
                        p = b"<" + found.group(1) + b":"
                        row_tag, cell_tags, si_tags = p + b"row", (p + b"c ", p + b"c>"), (p + b"si>", p + b"si ")
                started = found is not None or seen > _CHUNK
            # text between tags: the longest run without "<"
            first = chunk.find(b"<")
            if first < 0:
                run += len(chunk)
            else:
                run += first
                if run > MAX_TEXT_RUN or _LONG_TEXT.search(chunk):
                    raise _refused(name, _long_text(member))
                run = len(chunk) - chunk.rfind(b"<") - 1
            if run > MAX_TEXT_RUN:
                raise _refused(name, _long_text(member))
            if root in (b"worksheet", b""):  # (a part whose root is not found is counted as a sheet)
                facts.rows += chunk.count(row_tag)
                facts.cells += chunk.count(cell_tags[0]) + chunk.count(cell_tags[1])
                if facts.rows > MAX_ROWS:
                    raise _refused(name, f"一个工作表中有超过 {MAX_ROWS:,} 行（“{member}”）")
                if facts.cells > MAX_CELLS:
                    raise _refused(name, f"一个工作表中有超过 {MAX_CELLS:,} 个单元格（“{member}”）")
            if root in (b"sst", b""):
                facts.strings += chunk.count(si_tags[0]) + chunk.count(si_tags[1])
                if facts.strings > MAX_SHARED_STRINGS:
                    raise _refused(name, f"共享文字表中有超过 {MAX_SHARED_STRINGS:,} 条文字")
            # the sheet's dimension (before its data) and merged ranges (after it)
            edge = carry + chunk[:32]
            if b"sheetData" not in chunk and b"sheetData" not in edge:
                if tail is not None and not tail_over:
                    tail += chunk
                    if len(tail) > _MAX_TAIL:
                        tail, tail_over = bytearray(), True
                elif not in_data and tail is None and len(head) < 4 * _CHUNK:
                    head += chunk
                carry = chunk[-32:]
                continue
            buf = carry + chunk
            if not in_data and tail is None:
                head += chunk
                start = _first(_SHEET_DATA_START, head)
                if start is not None:
                    dim = _DIMENSION.search(head, 0, start.start())
                    if dim:
                        facts.dimension = _dimension(dim.group(1).decode("ascii", "replace"), name)
                    in_data = True
                head = bytearray()
            end = _last(_SHEET_DATA_END, buf)
            if end is not None:
                in_data = False
                tail, tail_over = bytearray(buf[end.end() :]), False
            elif tail is not None and not tail_over:
                tail += chunk
            carry = chunk[-32:]
    if tail_over:
        raise _refused(name, f"“{member}”在表格数据之后还有超过 {_MAX_TAIL >> 20} MB 的内容")
    if tail:
        facts.merges = _merges(bytes(tail), name)
    return facts


def _near_name(pattern: re.Pattern[bytes], data: bytes | bytearray) -> list[re.Match[bytes]]:
    """The matches of ``pattern`` (a tag named sheetData) in ``data``, looked for only around that word."""
    found = []
    i = data.find(b"sheetData")
    while i >= 0:
        found += pattern.finditer(data, max(0, i - 40), i + 40)
        i = data.find(b"sheetData", i + 9)
    return found


def _first(pattern: re.Pattern[bytes], data: bytes | bytearray) -> re.Match[bytes] | None:
    found = _near_name(pattern, data)
    return min(found, key=lambda m: m.start()) if found else None


def _last(pattern: re.Pattern[bytes], data: bytes | bytearray) -> re.Match[bytes] | None:
    found = _near_name(pattern, data)
    return max(found, key=lambda m: m.start()) if found else None


def _long_text(member: str) -> str:
    return f"其中的“{member}”有一段超过 {MAX_TEXT_RUN // 1024} KB 的文字（一个单元格最多 32767 个字）"


def _dimension(ref: str, name: str) -> tuple[int, int] | None:
    """(last row, last column) of a ``<dimension ref="A1:AG5001">``; refused beyond what Excel allows."""
    last = ref.rpartition(":")[2]
    m = _CELL_REF.fullmatch(last.strip())
    if not m:
        return None  # a malformed dimension is ignored (openpyxl reads every row regardless)
    row, col = int(m.group(2)), column_number(m.group(1))
    if row > EXCEL_ROWS or col > EXCEL_COLUMNS or row < 1:
        raise _refused(name, f"工作表声明的范围“{ref[:40]}”超出了 Excel 的最大范围（{EXCEL_ROWS:,} 行 × XFD 列）")
    return row, col


def _merges(tail: bytes, name: str) -> list[tuple[int, int, int, int]]:
    out = []
    for m in _MERGE.finditer(tail):
        c1, r1, c2, r2 = m.groups()
        row1, col1 = int(r1), column_number(c1.decode())
        row2, col2 = (int(r2), column_number(c2.decode())) if c2 else (row1, col1)
        if not (1 <= row1 <= row2 <= EXCEL_ROWS and 1 <= col1 <= col2 <= EXCEL_COLUMNS):
            raise _refused(name, f"合并单元格的范围“{m.group(0)[-30:].decode('ascii', 'replace')}”不合理")
        out.append((row1, col1, row2, col2))
        if len(out) > MAX_MERGES:
            raise _refused(name, f"一个工作表中有超过 {MAX_MERGES:,} 处合并单元格")
    return out


def preflight(fh: BinaryIO, name: str, size: int) -> Preflight:
    """Check an opened .xlsx (``name`` for messages, ``size`` in bytes) against every limit.

    Raises :class:`WorkbookRefused` for a limit crossed and :class:`zipfile.BadZipFile`
    for an archive that cannot be read (the caller says “damaged”).  Leaves ``fh`` at 0.
    """
    if size > MAX_FILE_BYTES:
        raise WorkbookRefused(
            f"“{name}”太大（{_mb(size)}），名册文件不能超过 {_mb(MAX_FILE_BYTES)}。"
            "请把名册分成几个文件，或删去其中的图片后再导入。"
        )
    counted = _member_count(fh, size)
    fh.seek(0)
    if counted is not None:
        records, directory = counted
        if records > MAX_MEMBERS or directory > MAX_MEMBERS * 1200:
            raise _refused(name, f"压缩包声明有 {records} 个部件（正常的工作簿只有几十个）")
    facts = Preflight()
    with zipfile.ZipFile(fh) as archive:
        for info in _check_directory(archive, name):
            if info.is_dir() or not info.filename.lower().endswith(_XML_SUFFIXES):
                continue  # pictures, printer settings: openpyxl does not read them in read-only mode
            facts.parts[info.filename.lstrip("/")] = _scan_part(archive, info, name)
    fh.seek(0)
    return facts
