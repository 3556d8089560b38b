"""Help: every key of the screen underneath, and the keys that work everywhere."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from screens.footer import Footer
from screens.text import literal

EVERYWHERE = [
    ("?", "this help"),
    ("ctrl+p", "command palette: every action by name"),
    ("q", "quit (when no text field has the cursor)"),
    ("ctrl+q", "quit, always"),
    ("escape", "back, or cancel a form"),
]


def screen_keys(screen: Screen) -> list[tuple[str, str, str]]:
    """The keys a screen defines itself: (key as shown, what it does, action)."""
    found = []
    for binding in type(screen).BINDINGS:
        if isinstance(binding, Binding) and binding.description:
            found.append((binding.key_display or binding.key, binding.description, binding.action))
    return found


def name_of(screen: type[Screen]) -> str:
    """A screen's name in words, for the help's title: `EventPeopleScreen` is "Event people"."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", screen.__name__.removesuffix("Screen")).capitalize()


class HelpScreen(ModalScreen[None]):
    """The keys of the screen it was opened from."""

    BINDINGS = [Binding("escape,question_mark,q,f1", "dismiss", "Close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        """The screen's keys, what they do to each kind of thing it lists (if it says), and the keys of
        everywhere: a key in its column, what it does beside it, wrapping under itself when narrow."""
        keys = [(key, description) for key, description, _ in screen_keys(self.under)]
        title = name_of(type(self.under))
        with VerticalScroll(id="help", classes="dialog"):
            yield Label(literal(f"Keys on {title}"), id="form-title")
            yield from _key_rows(keys) if keys else [Static(literal("  (none)"))]
            for heading, keys_of_kind in getattr(self.under, "help_sections", list)():
                yield Label(literal(heading), classes="help-heading")
                yield from _key_rows(keys_of_kind)
            yield Label("Everywhere", classes="help-heading")
            yield from _key_rows(EVERYWHERE)
        yield Footer()  # its own keys, over those of the screen below


def _key_rows(keys: list[tuple[str, str]]) -> list[Horizontal]:
    """One row a key: the key in bold, then what it does."""
    return [
        Horizontal(Static(literal((key, "bold")), classes="help-key"), Static(literal(what)), classes="help-row")
        for key, what in keys
    ]
