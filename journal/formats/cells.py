"""What every CSV format shares: decoding, rows with their line numbers, and spreadsheet-safe cells."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from journal.errors import UserError
from journal.formats import BadRow, Incoming

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SNIFF_ROWS = 20


def decode(raw: bytes, name: str) -> str:
    """The text of an imported file, in whatever encoding it was written (see `decode_named`)."""
    return decode_named(raw, name)[0]


def _unicode_encoding(head: bytes) -> str:
    """The Unicode encoding a file's first bytes say it is in: UTF-16 (by its byte-order mark or its zero
    bytes), else UTF-8 with or without a byte-order mark."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if _looks_utf16(head):
        return "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
    return "utf-8-sig"


def decode_named(raw: bytes, name: str) -> tuple[str, str | None]:
    """The text of an imported file and, when it was not UTF-8 or UTF-16, the legacy encoding assumed for it
    (cp1252, Latin-1…, told by charset-normalizer, which is loaded only for such files)."""
    assumed = None
    encoding = _unicode_encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        if encoding.startswith("utf-16"):
            raise UserError(f"{name} is not text Kith can read; save it as UTF-8 and import it again") from None
        assumed = legacy_encoding(raw)
        if assumed is None:
            raise UserError(
                f"{name} is not text in any encoding Kith recognises; save it as UTF-8 and import it again"
            ) from None
        text = raw.decode(assumed, errors="replace")
    if "\x00" in text:
        raise UserError(f"{name} holds binary data, not text; import a .csv or .vcf file")
    return text, assumed


HEAD = 1 << 16  # how much of a file its format is told from
CHUNK = 1 << 20


@dataclass
class OpenedText:
    """A file to import, looked at once without holding it: its encoding, its first lines, how many lines."""

    path: Path
    encoding: str
    assumed: str | None  # the legacy encoding assumed, when it was neither UTF-8 nor UTF-16
    head: str
    lines: int

    def stream(self) -> TextIO:
        """The text from the start, read as it is used (a CSV of 400,000 rows is never whole in memory)."""
        return self.path.open(encoding=self.encoding, newline="", errors="strict" if not self.assumed else "replace")

    def text(self) -> str:
        """The whole text."""
        with self.stream() as stream:
            return stream.read()


def open_text(path: Path) -> OpenedText:
    """Look a file to import over in chunks: binary or not, UTF-8, UTF-16 or a legacy encoding, its lines."""
    import codecs

    name = path.name
    try:
        with path.open("rb") as file:
            first = file.read(CHUNK)
            encoding = _unicode_encoding(first)
            check = codecs.getincrementaldecoder(encoding)()
            lines, chunk, utf = 0, first, True
            while chunk:
                lines += chunk.count(b"\n")
                if not encoding.startswith("utf-16") and b"\x00" in chunk:
                    raise UserError(f"{name} holds binary data, not text; import a .csv or .vcf file")
                if utf:
                    try:
                        check.decode(chunk)
                    except UnicodeDecodeError:
                        if encoding.startswith("utf-16"):
                            raise UserError(
                                f"{name} is not text Kith can read; save it as UTF-8 and import it again"
                            ) from None
                        utf = False
                chunk = file.read(CHUNK)
            if utf:
                try:
                    check.decode(b"", final=True)  # a character cut at the end
                except UnicodeDecodeError:
                    if encoding.startswith("utf-16"):
                        raise UserError(
                            f"{name} is not text Kith can read; save it as UTF-8 and import it again"
                        ) from None
                    utf = False
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    assumed = None
    if not utf:
        assumed = legacy_encoding(first)
        if assumed is None:
            raise UserError(f"{name} is not text in any encoding Kith recognises; save it as UTF-8 and import it again")
        encoding = assumed
    head_bytes = first[:HEAD]
    head = head_bytes.decode(encoding, errors="ignore")
    if len(first) > HEAD and "\n" in head:
        head = head[: head.rindex("\n") + 1]  # whole lines only
    if "\x00" in head:
        raise UserError(f"{name} holds binary data, not text; import a .csv or .vcf file")
    return OpenedText(path, encoding, assumed, head, lines + 1)


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of plain text is zero."""
    head = raw[:200]
    return (
        len(head) >= 4
        and head.count(0) * 3 >= len(head)
        and (head[1::2].count(0) > len(head) // 3 or head[0::2].count(0) > len(head) // 3)
    )


def legacy_encoding(raw: bytes) -> str | None:
    """The 8-bit encoding a text most likely is in, or None. Where several read it equally well (a short
    file of Western names reads as cp775 as well as cp1252), the Windows Western one most files are in wins."""
    from charset_normalizer import from_bytes

    sample = raw[:200_000]
    results = from_bytes(sample)
    best = results.best()
    if best is None:
        return None
    calmest = min(match.chaos for match in results)
    for preferred in _WESTERN:
        if any(m.encoding == preferred and m.chaos <= calmest + 0.01 for m in results):
            return "cp1252" if preferred in ("ascii", "utf_8") else preferred
    with contextlib.suppress(UnicodeDecodeError):
        if sample.decode("cp1252") == str(best):
            return "cp1252"
    return best.encoding


_WESTERN = ("cp1252", "iso8859_15", "latin_1", "ascii", "utf_8")


def neutralise(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs: a formula-like start gets a leading apostrophe (and so
    does a value that already starts with one before such a start, so `unneutralise` gives it back whole)."""
    return f"'{value}" if value.lstrip("'").startswith(FORMULA_STARTS) else value


def unneutralise(value: str) -> str:
    """The value `neutralise` was given."""
    return value[1:] if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS) else value


def is_number_like(value: str) -> bool:
    """A cell made only of digits, spaces and `+ - ( ) .` (a phone number): no formula can be made of those."""
    return bool(_NUMBER_LIKE.fullmatch(value))


_NUMBER_LIKE = re.compile(r"[0-9 +\-().]*[0-9][0-9 +\-().]*")


def to_csv(header: list[str], rows: Iterable[list[str]], *, numbers_as_is: bool = False) -> str:
    """RFC 4180 CSV (CRLF line ends, quoted where needed), every cell neutralised; with `numbers_as_is`,
    phone-like cells are written as they are (Google Contacts keeps an apostrophe as part of a number)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    if numbers_as_is:
        writer.writerows([cell if is_number_like(cell) else neutralise(cell) for cell in row] for row in rows)
    else:
        writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return out.getvalue()


def csv_rows(text: str | TextIO) -> Iterator[tuple[int, list[str]] | BadRow]:
    """Each CSV row with the line number it starts on; a quoting error ends the file with a BadRow."""
    reader = csv.reader(io.StringIO(text, newline="") if isinstance(text, str) else text, strict=True)
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


def records(
    text: str | TextIO, is_header: Callable[[list[str]], bool]
) -> Iterator[tuple[int, dict[str, str]] | BadRow]:
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
    text: str | TextIO, is_header: Callable[[list[str]], bool], person: Callable[[int, dict[str, str]], Incoming]
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
