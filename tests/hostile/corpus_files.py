"""Hostile and broken inputs for the file side (rosters, photos, databases, data folders), made at test time.

Nothing large is committed: a 3 GB zip bomb is 3 MB of repeated deflate blocks written here
(:func:`deflate_repeat`), a sheet numbered to row 2,000,000,000 is a few hundred bytes.  Each
builder writes its input into a folder and returns its path; :data:`ROSTER_CASES` and
:data:`PHOTO_CASES` list them with the words the refusal must contain.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import struct
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from tests.core.roster_workbooks import make_id

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# -- a zip writer that can lie -------------------------------------------------------------------


@dataclass
class Member:
    """One archive member: ``data`` (deflated here), or ``raw`` deflate bytes with a ``declared`` size."""

    name: str
    data: bytes | None = None
    raw: bytes | None = None
    declared: int | None = None
    crc: int | None = None


def deflate_piece(data: bytes, *, final: bool = False) -> bytes:
    """Raw deflate of ``data``, ending byte-aligned (so pieces can follow one another) or final."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def deflate_repeat(head: bytes, block: bytes, times: int, tail: bytes) -> tuple[bytes, int]:
    """A raw deflate stream of ``head + block * times + tail`` made without inflating it; and its size.

    A megabyte of one repeated byte deflates to about a kilobyte, and a block flushed in full
    does not refer back, so the same compressed block can simply be repeated.
    """
    raw = deflate_piece(head) + deflate_piece(block) * times + deflate_piece(tail, final=True)
    return raw, len(head) + len(block) * times + len(tail)


def write_zip(path: Path, members: Sequence[Member]) -> Path:
    """A zip archive whose directory says what each member declares (true or not)."""
    out = io.BytesIO()
    central = []
    for m in members:
        name = m.name.encode()
        if m.raw is None:
            data = m.data or b""
            raw, size, crc = deflate_piece(data, final=True), len(data), zlib.crc32(data)
        else:
            raw, size, crc = m.raw, m.declared or 0, m.crc or 0
        if m.declared is not None:
            size = m.declared
        if m.crc is not None:
            crc = m.crc
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(raw), size, len(name), 0))
        out.write(name)
        out.write(raw)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(raw),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    size = out.tell() - start
    count = min(len(central), 0xFFFF)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    path.write_bytes(out.getvalue())
    return path


# -- a workbook written as XML (so that any part of it can be made hostile) ----------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
    '<sheets><sheet name="退休干部" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
WORKBOOK_BYTES = WORKBOOK.encode()
HEADER = ("姓名", "性别", "出生年月", "身份证号", "离退休类别")
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN_NS}">'
EMPTY_SST = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MAIN_NS}" count="0" uniqueCount="0"/>'


EMPTY_SST_BYTES = EMPTY_SST.encode()


def col_letter(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def cell(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def row_xml(number: int, values: Sequence[object], raw_cells: dict[int, str] | None = None) -> str:
    cells = []
    for c, v in enumerate(values, start=1):
        if raw_cells and c in raw_cells:
            cells.append(raw_cells[c])
        else:
            cells.append(cell(f"{col_letter(c)}{number}", v))
    return f'<row r="{number}">{"".join(cells)}</row>'


def person(seq: int, name: str | None = None) -> list[object]:
    birth = dt.date(1940 + seq % 20, 1 + seq % 12, 1 + seq % 27)
    sex = "男" if seq % 2 else "女"
    return [
        name or f"王{'一二三四五六七八九'[seq % 9]}{'甲乙丙丁戊己庚辛'[seq % 8]}",
        sex,
        f"{birth:%Y.%m}",
        make_id(birth, sex, seq=seq),
        "退休",
    ]


def sheet_xml(rows: Iterable[str], *, dimension: str | None = None, after: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (SHEET_HEAD + dim + "<sheetData>" + "".join(rows) + "</sheetData>" + after + "</worksheet>").encode()


def workbook(
    path: Path,
    sheet: bytes | Member,
    *,
    sst: bytes | Member = EMPTY_SST_BYTES,
    extra: Sequence[Member] = (),
    workbook_xml: bytes = WORKBOOK_BYTES,
) -> Path:
    sheet_member = sheet if isinstance(sheet, Member) else Member("xl/worksheets/sheet1.xml", sheet)
    sst_member = sst if isinstance(sst, Member) else Member("xl/sharedStrings.xml", sst)
    return write_zip(
        path,
        [
            Member("[Content_Types].xml", CONTENT_TYPES.encode()),
            Member("_rels/.rels", ROOT_RELS.encode()),
            Member("xl/workbook.xml", workbook_xml),
            Member("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.encode()),
            sheet_member,
            sst_member,
            *extra,
        ],
    )


def roster(path: Path, people: Sequence[Sequence[object]], **kw: object) -> Path:
    """A plain, valid roster: the header in row 1, one person per row below."""
    rows = [row_xml(1, HEADER)] + [row_xml(i, p) for i, p in enumerate(people, start=2)]
    return workbook(path, sheet_xml(rows), **kw)  # type: ignore[arg-type]


# -- the roster cases ----------------------------------------------------------------------------

GB = 1 << 30
MB = 1 << 20


def zip_bomb_sheet(path: Path) -> Path:
    """The sheet: 3 GB of spaces in 3 MB (declared honestly)."""
    raw, size = deflate_repeat(SHEET_HEAD.encode() + b"<sheetData>", b" " * MB, 3 * 1024, b"</sheetData></worksheet>")
    return workbook(path, Member("xl/worksheets/sheet1.xml", raw=raw, declared=size & 0xFFFFFFFF or 1))


def zip_bomb_ratio(path: Path) -> Path:
    """The sheet: 200 MB of spaces (under the size limit) in 200 KB: a ratio of 1000."""
    raw, size = deflate_repeat(SHEET_HEAD.encode() + b"<sheetData>", b" " * MB, 200, b"</sheetData></worksheet>")
    return workbook(path, Member("xl/worksheets/sheet1.xml", raw=raw, declared=size))


def zip_bomb_lying(path: Path) -> Path:
    """The sheet declares 20 KB and inflates to 2 GB of zeros."""
    raw, _size = deflate_repeat(SHEET_HEAD.encode() + b"<sheetData>", b"\0" * MB, 2 * 1024, b"</sheetData></worksheet>")
    return workbook(path, Member("xl/worksheets/sheet1.xml", raw=raw, declared=20_000))


def zip_bomb_small_part(path: Path) -> Path:
    """[Content_Types].xml (which openpyxl reads whole) declares 1 KB and inflates to 1 GB."""
    raw, _size = deflate_repeat(b"<Types>", b" " * MB, 1024, b"</Types>")
    rows = [row_xml(1, HEADER), row_xml(2, person(1))]
    members = [
        Member("[Content_Types].xml", raw=raw, declared=1000),
        Member("_rels/.rels", ROOT_RELS.encode()),
        Member("xl/workbook.xml", WORKBOOK.encode()),
        Member("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.encode()),
        Member("xl/worksheets/sheet1.xml", sheet_xml(rows)),
        Member("xl/sharedStrings.xml", EMPTY_SST.encode()),
    ]
    return write_zip(path, members)


def zip_bomb_shared_strings(path: Path) -> Path:
    """The shared strings: 2 GB of zeros in 2 MB."""
    raw, size = deflate_repeat(f'<sst xmlns="{MAIN_NS}"><si><t>'.encode(), b"\0" * MB, 2 * 1024, b"</t></si></sst>")
    rows = [row_xml(1, HEADER), row_xml(2, person(1))]
    return workbook(path, sheet_xml(rows), sst=Member("xl/sharedStrings.xml", raw=raw, declared=size))


def many_members(path: Path) -> Path:
    rows = [row_xml(1, HEADER), row_xml(2, person(1))]
    extra = [Member(f"xl/media/p{i}.bin", b"x") for i in range(6000)]
    return workbook(path, sheet_xml(rows), extra=extra)


def many_shared_strings(path: Path) -> Path:
    """1.6 million distinct shared strings (each a few bytes)."""
    body = "".join(f"<si><t>{i:x}</t></si>" for i in range(1_600_000))
    sst = f'<sst xmlns="{MAIN_NS}" count="1600000" uniqueCount="1600000">{body}</sst>'.encode()
    rows = [row_xml(1, HEADER), row_xml(2, person(1))]
    return workbook(path, sheet_xml(rows), sst=sst)


def many_rows(path: Path) -> Path:
    """250,000 rows of one number each (the limit is 200,000)."""
    rows = [row_xml(1, HEADER)] + [f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 250_002)]
    return workbook(path, sheet_xml(rows))


def huge_dimension(path: Path) -> Path:
    rows = [row_xml(1, HEADER), row_xml(2, person(1))]
    return workbook(path, sheet_xml(rows, dimension="A1:XFD2000000000"))


def row_number_jump(path: Path) -> Path:
    """A 1.7 KB sheet whose last row is numbered 2,000,000,000."""
    rows = [row_xml(1, HEADER), row_xml(2, person(1)), '<row r="2000000000"><c r="A2000000000"><v>1</v></c></row>']
    return workbook(path, sheet_xml(rows))


def million_char_cell(path: Path) -> Path:
    """A name of 400,000 random characters (1.2 MB of text in one cell)."""
    rnd = random.Random(7)
    name = "".join(chr(rnd.randint(0x4E00, 0x9FA5)) for _ in range(400_000))
    return roster(path, [person(1, name)])


def merges_bomb(path: Path) -> Path:
    """Fifty merged ranges over the whole sheet, from the first row (filled across every column)."""
    merges = "".join('<mergeCell ref="A1:XFD1048576"/>' for _ in range(50))
    rows = [row_xml(1, HEADER)] + [row_xml(i, person(i)) for i in range(2, 60)]
    after = f'<mergeCells count="50">{merges}</mergeCells>'
    return workbook(path, sheet_xml(rows, after=after))


def too_many_merges(path: Path) -> Path:
    merges = "".join(f'<mergeCell ref="F{i}:G{i}"/>' for i in range(1, 120_001))
    rows = [row_xml(1, HEADER), row_xml(2, person(1))]
    return workbook(path, sheet_xml(rows, after=f"<mergeCells>{merges}</mergeCells>"))


def entity_expansion(path: Path) -> Path:
    """“Billion laughs” in workbook.xml."""
    lol = '<!ENTITY l0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE workbook [{lol}]><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        '<sheets><sheet name="&l9;" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rows = [row_xml(1, HEADER), row_xml(2, person(1))]
    return workbook(path, sheet_xml(rows), workbook_xml=xml.encode())


def formula_ids(path: Path) -> Path:
    """ID numbers that are formulas saved without their results (as programs that do not calculate write them)."""
    rows = [row_xml(1, HEADER)]
    for i in range(2, 5):
        rows.append(row_xml(i, person(i), {4: f'<c r="D{i}"><f>CONCATENATE(Z{i},Y{i})</f></c>'}))
    return workbook(path, sheet_xml(rows))


def hidden_characters(path: Path) -> Path:
    """One name with a right-to-left override (refused), one with zero-width characters (cleaned, and said so)."""
    return roster(path, [person(11, "张\u202e三丰"), person(12, "李\u200b四\ufeff"), person(13, "赵\u2066六\u2069")])


def thousands_of_bad_rows(path: Path) -> Path:
    """3,000 rows whose ID numbers are wrong: the report lists 200 and counts the rest."""
    people = []
    for i in range(3000):
        p = person(i)
        p[3] = str(p[3])[:-1] + ("0" if str(p[3])[-1] != "0" else "1")  # a wrong check digit
        people.append(p)
    return roster(path, people)


def long_cell(path: Path) -> Path:
    """A cell of 40,000 characters: more than Excel holds, under the scan limit: a row error."""
    rnd = random.Random(3)
    text = "".join(chr(rnd.randint(0x4E00, 0x9FA5)) for _ in range(40_000))
    return roster(path, [person(1, text)])


def truncated(path: Path) -> Path:
    roster(path, [person(i) for i in range(1, 200)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 5])
    return path


def garbage(path: Path) -> Path:
    path.write_bytes(random.Random(5).randbytes(300_000))
    return path


def garbage_zip(path: Path) -> Path:
    """A zip header followed by garbage."""
    path.write_bytes(b"PK\x03\x04" + random.Random(6).randbytes(100_000))
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def dev_zero(path: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


def folder(path: Path) -> Path:
    path.mkdir()
    (path / "sheet.xml").write_text("<x/>")
    return path


def symlink_loop(path: Path) -> Path:
    path.symlink_to(path.name)
    return path


def missing(path: Path) -> Path:
    return path


# (what the file is, builder, file name, words the message must contain)
RosterCase = tuple[str, Callable[[Path], Path], str, tuple[str, ...]]

ROSTER_CASES: list[RosterCase] = [
    ("zip bomb: 3 GB sheet in 3 MB", zip_bomb_sheet, "名册.xlsx", ("过大或结构异常", "超过了")),
    ("zip bomb: ratio 1000 under the size limit", zip_bomb_ratio, "名册.xlsx", ("压缩炸弹",)),
    ("zip bomb: sheet lies about its size", zip_bomb_lying, "名册.xlsx", ("大小",)),
    ("zip bomb: [Content_Types].xml lies about its size", zip_bomb_small_part, "名册.xlsx", ("大小",)),
    ("zip bomb: shared strings 2 GB", zip_bomb_shared_strings, "名册.xlsx", ("过大或结构异常",)),
    ("6,000 archive members", many_members, "名册.xlsx", ("部件",)),
    ("1.6 million shared strings", many_shared_strings, "名册.xlsx", ("共享文字",)),
    ("250,000 rows", many_rows, "名册.xlsx", ("200,000 行",)),
    ("declared dimension A1:XFD2000000000", huge_dimension, "名册.xlsx", ("最大范围",)),
    ("row numbered 2,000,000,000", row_number_jump, "名册.xlsx", ("行号", "2000000000")),
    ("a cell of 400,000 characters", million_char_cell, "名册.xlsx", ("KB 的文字",)),
    ("50 merged ranges over the whole sheet", merges_bomb, "名册.xlsx", ("合并单元格",)),
    ("120,000 merged ranges", too_many_merges, "名册.xlsx", ("合并单元格",)),
    ("entity expansion in workbook.xml", entity_expansion, "名册.xlsx", ("已损坏",)),
    ("formula ID cells without results", formula_ids, "名册.xlsx", ("公式且没有计算结果", "没有可以导入的人员")),
    ("3,000 bad rows", thousands_of_bad_rows, "名册.xlsx", ("另有 2800 行",)),
    ("a cell of 40,000 characters", long_cell, "名册.xlsx", ("40,000 个字",)),
    ("truncated workbook", truncated, "名册.xlsx", ("已损坏",)),
    ("random bytes named .xlsx", garbage, "名册.xlsx", ("不是 Excel 工作簿",)),
    ("zip signature then garbage", garbage_zip, "名册.xlsx", ("已损坏",)),
    ("0-byte file", empty, "名册.xlsx", ("空文件",)),
    ("FIFO named .xlsx", fifo, "名册.xlsx", ("不是普通文件",)),
    ("symbolic link to /dev/zero named .xlsx", dev_zero, "名册.xlsx", ("不是普通文件",)),
    ("folder named .xlsx", folder, "名册.xlsx", ("文件夹",)),
    ("symbolic link loop named .xlsx", symlink_loop, "名册.xlsx", ("符号链接",)),
    ("missing file", missing, "不存在.xlsx", ("找不到文件",)),
]


# -- photos ---------------------------------------------------------------------------------------


def jpeg(size: tuple[int, int], seed: int = 1) -> bytes:
    from PIL import Image

    rnd = random.Random(seed)
    im = Image.new("RGB", size, (rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(0, 255)))
    noise = Image.effect_noise(size, 40).convert("RGB")
    im = Image.blend(im, noise, 0.5)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def lying_jpeg(path: Path) -> Path:
    """A 2000×1500 photo whose header says 8000×8000."""
    data = bytearray(jpeg((2000, 1500)))
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 8000, 8000)
    path.write_bytes(bytes(data))
    return path


def truncated_jpeg(path: Path) -> Path:
    data = jpeg((1600, 1200), 2)
    path.write_bytes(data[: len(data) // 2])
    return path


def png_bomb(path: Path) -> Path:
    """A PNG that declares 50,000 × 50,000 pixels in a few kilobytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = zlib.compress(b"\0" * (1 + 50_000 // 8) * 1000, 9)
    ihdr = struct.pack(">IIBBBBB", 50_000, 50_000, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows) + chunk(b"IEND", b""))
    return path


def huge_flat_png(path: Path) -> Path:
    """A real PNG of 7,000 × 7,000 pixels of one grey (49 megapixels in a few hundred kilobytes)."""
    from PIL import Image

    Image.new("L", (7000, 7000), 90).save(path, compress_level=9)
    return path


def garbage_jpeg(path: Path) -> Path:
    path.write_bytes(b"\xff\xd8\xff\xe0" + random.Random(9).randbytes(200_000))
    return path


PhotoCase = tuple[str, Callable[[Path], Path], str, tuple[str, ...]]

PHOTO_CASES: list[PhotoCase] = [
    ("JPEG header 8000×8000 over 2000×1500 data", lying_jpeg, "照片.jpg", ("已损坏或不完整", "8000×8000")),
    ("truncated JPEG", truncated_jpeg, "照片.jpg", ("已损坏或不完整",)),
    ("PNG declaring 50,000 × 50,000", png_bomb, "照片.png", ("尺寸",)),
    ("a flat PNG of 49 megapixels in a few hundred KB", huge_flat_png, "照片.png", ("24 百万像素",)),
    ("random bytes after a JPEG signature", garbage_jpeg, "照片.jpg", ("照片.jpg",)),
    ("0-byte .jpg", empty, "照片.jpg", ("空文件",)),
    ("FIFO named .jpg", fifo, "照片.jpg", ("不是普通文件",)),
    ("symbolic link to /dev/zero named .jpg", dev_zero, "照片.jpg", ("不是普通文件",)),
    ("folder named .jpg", folder, "照片.jpg", ("文件夹",)),
    ("symbolic link loop named .jpg", symlink_loop, "照片.jpg", ("符号链接",)),
]
