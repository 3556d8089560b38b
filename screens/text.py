"""Text from the journal, a file or the user as the screens show it: literal content, never markup (which
can style, link or run actions), with control and bidi characters made visible as on the command line.

Every screen builds what it shows from these helpers; no screen formats markup around stored text.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text
from textual.content import Content

from journal.render import clip, safe

Part = str | tuple[str, str] | Content


def literal(*parts: Part) -> Content:
    """Content made of plain texts and (text, style) pairs: no part is ever read as markup."""
    return Content.assemble(*(_neutralised(part) for part in parts))


def lines(rows: list[Content]) -> Content:
    """Contents one below the other."""
    return Content("\n").join(rows)


def hanging(label: Content, value: Content, width: int) -> Content:
    """`label`, then `value` wrapped in the `width` cells left beside it, each further line starting under its
    first (a fact's value, a key's meaning), not back at the left edge under the label."""
    indent = label.cell_length
    wrapped = value.wrap(max(8, width - indent)) or [Content("")]
    pad = Content(" " * indent)
    return lines([label + wrapped[0], *(pad + line for line in wrapped[1:])])


def wrapped(value: Content, width: int) -> Content:
    """`value` wrapped in `width` cells, one line below the other (for a list that does not wrap itself)."""
    return hanging(Content(""), value, width)


def example(text: str, width: int) -> str:
    """A field's example fitted to `width` cells: whole if it fits, else as many of its items (parted by ", "
    or "; ") as fit before "…", else cut short with "…"."""
    if cell_len(text) <= width:
        return text
    items = re.split(r"(?<=[,;]) ", text)
    for count in range(len(items) - 1, 0, -1):
        shown = " ".join(items[:count]) + " …"
        if cell_len(shown) <= width:
            return shown
    return clip(text, max(width, 1)).rstrip()


def cell(text: str) -> Text:
    """A DataTable cell (DataTable reads plain strings as markup; a Rich Text it shows as it is)."""
    return Text(safe(text), no_wrap=True, end="")


def wrapped_cell(text: str) -> Text:
    """A DataTable cell that wraps in its column (a long word folds), for a row of auto height."""
    return Text(safe(text), end="", overflow="fold")


def _neutralised(part: Part) -> str | tuple[str, str] | Content:
    if isinstance(part, Content):
        return part
    if isinstance(part, tuple):
        return (safe(part[0]), part[1])
    return safe(part)
