"""Hostile and damaged files, made here from bytes (no binary is committed): each is what a
review found to crash the readers, or to hold them for minutes.

``MALFORMED`` and ``BOMBS`` map a file name to a function returning its bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook(rows: list[list[str]] | None = None) -> bytes:
    """A real, valid XLSX as openpyxl saves it."""
    book = Workbook()
    for row in rows or [["name", "country"], ["Liège", "BE"], ["Nice", "FR"]]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_part(data: bytes, member: str, content: bytes) -> bytes:
    """The workbook ``data`` with one part replaced (or added)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info.filename, src.read(info.filename))
        dst.writestr(member, content)
    return out.getvalue()


def utf16_odd_length() -> bytes:
    return b"\xff\xfe" + "name,country\nLiège,BE\n".encode("utf-16-le") + b"x"


def utf16_lone_surrogate() -> bytes:
    body = "name,country\n".encode("utf-16-le") + b"\x00\xd8" + ",BE\n".encode("utf-16-le")
    return b"\xff\xfe" + body


def bom_then_invalid_bytes() -> bytes:
    return b"\xef\xbb\xbfname,country\nNice,FR\n\xff\xfe\xfd,BE\n"


def xlsx_malformed_sheet() -> bytes:
    broken = f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1"><c r="A1" t="str"><v>na'
    return with_part(workbook(), SHEET, broken.encode())


def xlsx_entity_bomb() -> bytes:
    """The 'billion laughs': ten entities, each ten of the one before, in the sheet's XML."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{"".join(levels)}]>'
        f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>name</t></is></c></row><row r="2">'
        '<c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    return with_part(workbook(), SHEET, bomb.encode())


def xlsx_corrupt_deflate() -> bytes:
    """A valid workbook whose sheet's compressed bytes are overwritten in the middle; the
    zip's directory is intact, so only unpacking the sheet finds it."""
    data = bytearray(workbook([["name", "country"]] + [[f"Place {i}", "FR"] for i in range(300)]))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(SHEET)
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len + info.compress_size // 3
    data[start : start + 64] = b"\xff" * 64
    return bytes(data)


def sheet_of_rows(count: int, *, numbered: bool) -> bytes:
    """Sheet XML with a header and ``count`` rows of Nice, FR (``numbered``: with r="n", which
    compresses less, as a real sheet)."""
    cell = '<c t="inlineStr"><is><t>{}</t></is></c>'
    head = f'<row r="1">{cell.format("name")}{cell.format("country")}</row>'
    row = f'<row r="{{}}">{cell.format("Nice")}{cell.format("FR")}</row>' if numbered else (
        f"<row>{cell.format('Nice')}{cell.format('FR')}</row>"
    )  # fmt: skip
    rows = "".join(row.format(n) for n in range(2, count + 2)) if numbered else row * count
    return f'<worksheet xmlns="{_MAIN}"><sheetData>{head}{rows}</sheetData></worksheet>'.encode()


def xlsx_many_rows() -> bytes:
    """~0.8 MB that unpacks to 29 MB of XML: 290,000 rows, each a plain compressible row."""
    return with_part(workbook(), SHEET, sheet_of_rows(290_000, numbered=True))


def xlsx_unpacks_huge() -> bytes:
    """A few hundred kB that unpacks to over 100 MB: far past the limit, never unpacked."""
    return with_part(workbook(), SHEET, sheet_of_rows(1_300_000, numbered=False))


MALFORMED: dict[str, Callable[[], bytes]] = {
    "utf16-odd.csv": utf16_odd_length,
    "utf16-surrogate.csv": utf16_lone_surrogate,
    "bom-invalid.csv": bom_then_invalid_bytes,
    "malformed-sheet.xlsx": xlsx_malformed_sheet,
    "entity-bomb.xlsx": xlsx_entity_bomb,
    "corrupt-deflate.xlsx": xlsx_corrupt_deflate,
}
BOMBS: dict[str, Callable[[], bytes]] = {
    "many-rows.xlsx": xlsx_many_rows,
    "unpacks-huge.xlsx": xlsx_unpacks_huge,
}
