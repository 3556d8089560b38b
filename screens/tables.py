"""Tables that fit the terminal: the columns of free text share the room the others leave and wrap in it, so a
table never scrolls sideways at 40 columns and never wraps at 200."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from journal.render import columns as cells_of
from screens.text import cell, wrapped_cell

NARROWEST = 6  # a wrapping column is never narrower than this, whatever the room


def fill(
    table: DataTable[Text],
    rows: Sequence[tuple[str, Sequence[str]]],
    *,
    labels: Sequence[str],
    wrap: Sequence[int],
    room: int,
) -> None:
    """Replace the rows of `table` with `rows` (key, texts) under the columns `labels` (a screen shows fewer,
    wider columns when narrow); the columns numbered in `wrap` share what `room` (the cells the table may use)
    leaves after the others, each at most what it needs, and a row whose text is longer than its column is as
    tall as the wrapped text."""
    if tuple(str(c.label) for c in table.ordered_columns) != tuple(labels):
        table.clear(columns=True)
        table.add_columns(*labels)
    table.clear()
    columns = table.ordered_columns
    widths = [max([cells_of(str(c.label)), *(cells_of(texts[n]) for _, texts in rows)]) for n, c in enumerate(columns)]
    left = room - sum(w + 2 for n, w in enumerate(widths) if n not in wrap) - 2 * len(wrap)  # a cell pads 1 a side
    fits: dict[int, int] = {}
    for place, n in enumerate(sorted(wrap, key=lambda n: widths[n])):  # the narrowest first: what it leaves is shared
        fits[n] = max(NARROWEST, min(widths[n], left // (len(wrap) - place)))
        left -= fits[n]
    for n, fit in fits.items():
        columns[n].width, columns[n].auto_width = fit, False
    for key, texts in rows:
        long = {n for n in wrap if cells_of(texts[n]) > fits[n]}
        cells = [wrapped_cell(text) if n in long else cell(text) for n, text in enumerate(texts)]
        table.add_row(*cells, key=key, height=None if long else 1)
