"""The People list: every match, drawn a screenful at a time, in columns that share the terminal's width."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from journal.render import safe
from journal.views import Listed


@dataclass(frozen=True)
class Column:
    """A column: its heading, the fewest cells it is drawn in, and its share of the room beyond that."""

    label: str
    least: int
    share: int


COLUMNS = [Column("Name", 14, 3), Column("Company", 8, 2), Column("How met", 12, 4), Column("Last contact", 12, 0),
           Column("Promises", 8, 0)]  # fmt: skip
KEPT_FIRST = ["Name", "Last contact", "Company", "How met", "Promises"]  # which columns stay as the room shrinks
GAP = 1


def fit_columns(width: int) -> list[tuple[int, int]]:
    """(index into COLUMNS, width) of the columns drawn in `width` cells: as many as fit at their least, in the
    order KEPT_FIRST, then the room left shared out by each column's share."""
    chosen: set[int] = set()
    used = 0
    for label in KEPT_FIRST:
        index = next(n for n, column in enumerate(COLUMNS) if column.label == label)
        need = COLUMNS[index].least + (GAP if chosen else 0)
        if used + need <= width or not chosen:
            chosen.add(index)
            used += need
    order = sorted(chosen)
    spare = max(0, width - used)
    shares = sum(COLUMNS[n].share for n in order) or 1
    widths = {n: COLUMNS[n].least + spare * COLUMNS[n].share // shares for n in order}
    flexible = [n for n in order if COLUMNS[n].share]
    if flexible:  # what integer division left over goes to the first flexible column
        widths[flexible[0]] += width - used - sum(widths[n] - COLUMNS[n].least for n in order) if spare else 0
    return [(n, widths[n]) for n in order]


class PeopleList(ScrollView, can_focus=True):
    """Every person found, as rows under a heading that stays; only the rows on screen are ever drawn, so a
    list of 30,000 scrolls as freely as one of 30."""

    COMPONENT_CLASSES = {"people-list--header", "people-list--cursor", "people-list--even"}
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Selected(Message):
        """A person was chosen (enter, or a click on the row under the cursor)."""

        def __init__(self, uid: str) -> None:
            super().__init__()
            self.uid = uid

    class LeftTop(Message):
        """`up` on the first row: the user is going back above the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.people: Sequence[Listed] = []  # each person's uid and the cells of their row (views.listing)

    @property
    def row_count(self) -> int:
        """How many people are listed."""
        return len(self.people)

    def row(self, index: int) -> tuple[str, ...]:
        """The texts of a row, one per column of COLUMNS."""
        return tuple(self.people[index][1])

    def current(self) -> str | None:
        """The uid of the person under the cursor."""
        return self.people[self.cursor][0] if 0 <= self.cursor < len(self.people) else None

    def show(self, people: Sequence[Listed]) -> None:
        """List these people, keeping the cursor on the same person when they are still listed."""
        kept = self.current()
        self.people = people
        self.virtual_size = Size(self.size.width, len(people) + 1)  # and the heading
        self.cursor = next((n for n, (uid, _) in enumerate(people) if uid == kept), 0) if kept else 0
        self.refresh()

    def on_resize(self) -> None:
        """Columns follow the width."""
        self.virtual_size = Size(self.size.width, len(self.people) + 1)
        self.refresh()

    @property
    def rows_in_view(self) -> int:
        """How many rows the list shows below its heading (a scrollbar's room is not room for rows)."""
        return max(1, self.scrollable_content_region.height - 1)

    def watch_cursor(self, cursor: int) -> None:
        """Keep the cursor's row on screen, below the heading."""
        rows = self.rows_in_view
        top = self.scroll_offset.y
        if cursor < top:
            self.scroll_to(y=cursor, animate=False)
        elif cursor >= top + rows:
            self.scroll_to(y=cursor - rows + 1, animate=False)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        """One row up or down; up from the first row leaves the list."""
        if step < 0 and self.cursor == 0:
            self.post_message(self.LeftTop())
            return
        self.cursor = max(0, min(len(self.people) - 1, self.cursor + step))

    def action_page(self, pages: int) -> None:
        """A screenful up or down."""
        rows = self.rows_in_view
        self.cursor = max(0, min(len(self.people) - 1, self.cursor + pages * rows))

    def action_jump(self, index: int) -> None:
        """To the first or the last row."""
        self.cursor = max(0, len(self.people) - 1) if index < 0 else 0

    def action_select(self) -> None:
        """Open the person under the cursor."""
        if uid := self.current():
            self.post_message(self.Selected(uid))

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on a row; a click on the cursor's row opens it."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = self.scroll_offset.y + offset.y - 1
        if index >= len(self.people):
            return
        if index == self.cursor:
            self.action_select()
        else:
            self.cursor = index

    def render_line(self, y: int) -> Strip:
        """The heading on the first line; below it, the rows scrolled to."""
        width = self.scrollable_content_region.width  # without the scrollbar
        columns = fit_columns(max(1, width - 1 - GAP))
        if y == 0:
            texts = tuple(column.label for column in COLUMNS)
            return self._line(texts, columns, self.get_component_rich_style("people-list--header"), width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self.people):
            return Strip.blank(width, self.rich_style)
        style = self.rich_style
        if index % 2:
            style += self.get_component_rich_style("people-list--even")
        if index == self.cursor:
            style += self.get_component_rich_style("people-list--cursor")
        return self._line(self.row(index), columns, style, width)

    def _line(self, texts: tuple[str, ...], columns: list[tuple[int, int]], style: Style, width: int) -> Strip:
        """One line of cells, each clipped to its column: journal text is literal, never markup."""
        line = Text(" ", no_wrap=True, end="")
        for n, cell_width in columns:
            words = " ".join(safe(texts[n]).split()) if n < len(texts) else ""  # one line, whatever is stored
            cell = Text(words, no_wrap=True, end="")
            cell.truncate(cell_width, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append(" " * GAP)
        segments = [
            Segment(text, style + (seg_style or Style())) for text, seg_style, _ in line.render(self.app.console)
        ]
        return Strip(segments).crop_extend(0, width, style)
