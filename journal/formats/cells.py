"""What every CSV format shares: decoding, rows with their line numbers, and spreadsheet-safe cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from journal.errors import UserError
from journal.formats import BadRow, Incoming

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SNIFF_ROWS = 20


def decode(raw: bytes, name: str) -> str:
    """The text of an imported file: UTF-8 (with or without a byte-order mark) or UTF-16 with one."""
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{name} is not UTF-8 text (byte {exc.start} cannot be read); save it as UTF-8 and import it again"
        ) from None
    if "\x00" in text:
        raise UserError(f"{name} holds binary data, not text; import a .csv or .vcf file")
    return text


def neutralise(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs: a formula-like start gets a leading apostrophe (and so
    does a value that already starts with one before such a start, so `unneutralise` gives it back whole)."""
    return f"'{value}" if value.lstrip("'").startswith(FORMULA_STARTS) else value


def unneutralise(value: str) -> str:
    """The value `neutralise` was given."""
    return value[1:] if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS) else value


def to_csv(header: list[str], rows: Iterable[list[str]]) -> str:
    """RFC 4180 CSV (CRLF line ends, quoted where needed), every cell neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return out.getvalue()


def csv_rows(text: str) -> Iterator[tuple[int, list[str]] | BadRow]:
    """Each CSV row with the line number it starts on; a quoting error ends the file with a BadRow."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        yield BadRow(start, f"the CSV cannot be read from here on ({exc})")


def sniff(text: str, is_header: Callable[[list[str]], bool]) -> bool:
    """Whether one of the first rows of a CSV text (LinkedIn puts notes before its header) is a header."""
    for n, item in enumerate(csv_rows(text)):
        if isinstance(item, BadRow) or n == SNIFF_ROWS:
            return False
        if is_header([cell.strip() for cell in item[1]]):
            return True
    return False


def records(text: str, is_header: Callable[[list[str]], bool]) -> Iterator[tuple[int, dict[str, str]] | BadRow]:
    """The rows after the header (the first row `is_header` accepts) as dicts, cells trimmed and
    un-neutralised; rows with more cells than the header are bad, blank rows are left out."""
    header: list[str] | None = None
    for item in csv_rows(text):
        if isinstance(item, BadRow):
            yield item
            break
        line, row = item
        if header is None:
            if is_header([c.strip() for c in row]):
                header = [c.strip() for c in row]
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            yield BadRow(line, f"has {len(row)} cells but the header has {len(header)}; is a comma unquoted?")
            continue
        yield line, {key: unneutralise(cell.strip()) for key, cell in zip(header, row, strict=False)}
    if header is None:
        raise UserError("no header row found: the file is empty or not in the format chosen")


def read(
    text: str, is_header: Callable[[list[str]], bool], person: Callable[[int, dict[str, str]], Incoming]
) -> Iterator[Incoming | BadRow]:
    """Each row after the header turned into a person by `person(line, row)`; a ValueError it raises
    makes the row a BadRow with its message."""
    for item in records(text, is_header):
        if isinstance(item, BadRow):
            yield item
            continue
        line, row = item
        try:
            yield person(line, row)
        except ValueError as exc:
            yield BadRow(line, str(exc))


def header_has(*names: str) -> Callable[[list[str]], bool]:
    """A header test: the row holds every one of these column names."""
    wanted = set(names)
    return lambda row: wanted <= set(row)


def split(value: str, sep: str) -> list[str]:
    """The non-empty, trimmed parts of a joined cell."""
    return [part.strip() for part in value.split(sep) if part.strip()]
