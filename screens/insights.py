"""Insights: the picture of your network from journal/stats.py, as bar charts fitted to the terminal.

The numbers are computed off the UI thread; each chart draws its bars to its own width when it is painted,
so the screen works at 40 columns (one chart under another) and uses 200 (three side by side).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ItemGrid, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Sparkline, Static

from journal.errors import KithError
from journal.render import bar, clip, columns
from journal.stats import Stats, network
from screens.footer import Footer
from screens.kithapp import kith_app
from screens.text import lines, literal

RETRY = 5.0  # seconds before trying again to read a journal that could not be read
Row = tuple[str, float, str]  # a label (journal text), the length of its bar, the value shown after it


class BarChart(Widget):
    """Labelled horizontal bars, fitted to the chart's width when drawn; labels are shown as literal text."""

    DEFAULT_CSS = "BarChart { height: auto; }"

    def __init__(self, rows: Sequence[Row], *, empty: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = list(rows)
        self.empty = empty
        self._drawn: tuple[int, Content] | None = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line a row."""
        return max(1, len(self.rows))

    def render(self) -> Content:
        """The bars, as wide as the chart allows (drawn again only when the width changed)."""
        if self._drawn is None or self._drawn[0] != self.size.width:
            self._drawn = (self.size.width, self._draw(max(12, self.size.width)))
        return self._drawn[1]

    def _draw(self, width: int) -> Content:
        if not self.rows:
            return literal((self.empty, "$text-muted"))
        shown = [value for _, _, value in self.rows]
        value_room = max(columns(v) for v in shown)
        label_room = min(24, max(6, width // 3))
        room = max(1, width - label_room - value_room - 2)
        most = max(length for _, length, _ in self.rows)
        return lines(
            [
                literal(
                    clip(label, label_room),
                    " ",
                    (bar(length, most, room).ljust(room), "$accent"),
                    " ",
                    value,
                )
                for label, length, value in self.rows
            ]
        )


class MonthChart(Widget):
    """Favors given (bars to the left) and received (to the right) month by month."""

    DEFAULT_CSS = "MonthChart { height: auto; }"

    def __init__(self, months: list[tuple[str, int, int]]) -> None:
        super().__init__(id="monthly")
        self.months = months
        self._drawn: tuple[int, Content] | None = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """A heading, then one line a month."""
        return len(self.months) + 1

    def render(self) -> Content:
        """Given │ received, each side as wide as half the chart allows (drawn again only for a new width)."""
        if self._drawn is None or self._drawn[0] != self.size.width:
            self._drawn = (self.size.width, self._draw(max(20, self.size.width)))
        return self._drawn[1]

    def _draw(self, width: int) -> Content:
        room = max(1, (width - 8 - 11) // 2)
        most = max((max(g, r) for _, g, r in self.months), default=0)
        rows = [literal(" " * 8, ("given".rjust(room + 4), "bold"), " │ ", ("received", "bold"))]
        for label, given, received in self.months:
            rows.append(
                literal(
                    label.ljust(8),
                    (bar(given, most, room).rjust(room), "$success"),
                    f" {given:>3} │ {received:<3} ",
                    (bar(received, most, room), "$warning"),
                )
            )
        return lines(rows)


def _section(title: str, *body: Widget, id: str) -> Vertical:
    """A titled box of the grid."""
    return Vertical(Static(literal((title, "bold")), classes="insight-title"), *body, classes="insight", id=id)


def sections(found: Stats) -> list[Widget]:
    """Every chart of the screen, from the numbers (formatting only: journal/stats.py decided everything)."""
    favors = found.favors
    months = [(date.fromisoformat(m.month + "-01").strftime("%b %y"), m.given, m.received) for m in found.monthly]
    summary = Static(
        lines(
            [
                literal(f"given {favors.given:,} · received {favors.received:,}"),
                literal(
                    ("referrals", "bold"),
                    f": {favors.referrals_received:,} sent you · you sent {favors.referrals_given:,}",
                ),
                literal(f"{favors.unthanked:,} not thanked yet" if favors.unthanked else "every favor thanked"),
            ]
        ),
        id="favors",
    )
    trend = Vertical(
        Horizontal(Static("given    ", classes="spark-label"), Sparkline([m[1] for m in months]), classes="spark"),
        Horizontal(Static("received ", classes="spark-label"), Sparkline([m[2] for m in months]), classes="spark"),
        classes="sparks",
    )
    sides = found.one_sided
    theirs = [(s.person, -s.balance, f"{s.received} for {s.given}") for s in sides.they_gave_more]
    mine = [(s.person, s.balance, f"{s.given} for {s.received}") for s in sides.you_gave_more]
    cold = [(c.person, c.overdue_days, f"{c.overdue_days} d late") for c in found.going_cold]
    connectors = [
        (c.person, c.introduced, f"{c.introduced} people" + (f" · {c.referrals} ref." if c.referrals else ""))
        for c in found.connectors
    ]
    src = found.sources
    origins = [("offline", src.offline, f"{src.offline:,}"), ("online", src.online, f"{src.online:,}")]
    origins += [("not known", src.unknown, f"{src.unknown:,}")] if src.unknown else []
    origins += [("introduced", src.introduced, f"{src.introduced:,}")]
    events = [(c.name, c.people, f"{c.people:,}") for c in src.events]
    platforms = [(c.name, c.people, f"{c.people:,}") for c in src.platforms]
    replies = [
        (r.platform, r.median_days, f"{r.median_days:g} d ({r.replies:,})" if r.replies else "no reply")
        for r in found.reply_days
    ]
    return [
        _section("Favors", summary, trend, id="favors-box"),
        _section("Favors by month", MonthChart(months), id="monthly-box"),
        _section("They gave more (you owe)", BarChart(theirs, empty="nobody", id="theirs"), id="theirs-box"),
        _section("You gave more", BarChart(mine, empty="nobody", id="mine"), id="mine-box"),
        _section("Going cold", BarChart(cold, empty="every keep-in-touch is on time", id="cold"), id="cold-box"),
        _section("Connectors", BarChart(connectors, empty="nobody introduced anyone yet", id="connectors"), id="c-box"),
        _section("Where people come from", BarChart(origins, empty="nobody yet", id="sources"), id="sources-box"),
        _section("Events", BarChart(events, empty="nobody met at an event", id="events"), id="events-box"),
        _section("Platforms", BarChart(platforms, empty="nobody met online", id="platforms"), id="platforms-box"),
        _section("Days to reply (median)", BarChart(replies, empty="no messages yet", id="replies"), id="replies-box"),
    ]


class InsightsScreen(Screen[None]):
    """Whom you owe, who carried the relationship, who is going cold, where your people come from."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "refresh_insights", "Refresh"),
    ]

    class Computed(Message):
        """The numbers were computed."""

        def __init__(self, found: Stats) -> None:
            super().__init__()
            self.found = found

    class Unavailable(Message):
        """The journal could not be read."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self) -> None:
        super().__init__()
        self.found: Stats | None = None

    def compose(self) -> ComposeResult:
        """A line about the journal, then the charts in as many columns as fit."""
        yield Header(icon="")
        yield Static("Reading your journal…", id="insights-summary")
        with VerticalScroll(id="insights"):
            yield ItemGrid(id="insights-grid", min_column_width=52, stretch_height=False)
        yield Footer()

    def on_mount(self) -> None:
        """Compute in the background, so a big journal never freezes the screen."""
        self.query_one("#insights", VerticalScroll).focus()
        self.load()

    def reload(self) -> None:
        """The journal changed (another process, an undo): compute again."""
        self.load()

    def action_refresh_insights(self) -> None:
        """Compute again now."""
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        """Compute the numbers off the UI thread."""
        app = kith_app(self)
        try:
            found = network(app.journal, app.today())
        except KithError as exc:
            self.post_message(self.Unavailable(str(exc)))
            return
        except Exception as exc:  # a bug: reported, and the screen keeps what it showed
            app.report_bug(exc, "computing the insights")
            return
        self.post_message(self.Computed(found))

    def on_insights_screen_unavailable(self, message: Unavailable) -> None:
        """Say why nothing can be shown, and try again in a while."""
        said = f"The journal cannot be read right now; trying again every {RETRY:g} s. {message.reason}"
        self.query_one("#insights-summary", Static).update(literal((said, "$error")))
        self.set_timer(RETRY, self.load)

    async def on_insights_screen_computed(self, message: Computed) -> None:
        """Draw the charts for the numbers computed."""
        self.found = message.found
        people = message.found.people
        self.query_one("#insights-summary", Static).update(
            literal(f"{people:,} {'person' if people == 1 else 'people'} · as of {message.found.day}")
        )
        grid = self.query_one("#insights-grid", ItemGrid)
        with self.app.batch_update():
            await grid.remove_children()
            await grid.mount_all(sections(message.found))
