"""The footer of every screen: Textual's, with Help first, tighter in a narrow terminal, and drawn again only
when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey  # textual is pinned to 8.2.x (pyproject)

NARROW = 80  # below this many columns the keys are drawn close together and the palette key goes (ctrl+p works)
FIRST = ("help", "app.help")  # the one key that tells of every other: first, so the narrowest footer shows it


class Footer(TextualFooter):
    """The keys of the screen, Help first. A footer shows what fits on one line, and at 40 columns that is
    three or four keys: Help first means the one that lists the rest is always among them.

    Textual's footer draws its keys again whenever a screen's bindings may have changed: every focus move,
    every screen pushed, every `refresh_bindings`, often several times for one event. Drawing them is about
    40 ms (a dozen keys, each styled), so this one keeps the keys it drew and draws again only for others."""

    _drawn: tuple[Hashable, ...] | None = None

    def compose(self) -> ComposeResult:
        """One key per action, Help first, then as the screen orders them; the palette's key on the right."""
        if not self._bindings_ready:  # the screen's bindings are not known yet: Textual draws nothing either
            self._drawn = None
            return
        self._drawn = self._keys()
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                shown.setdefault(binding.action, (binding, enabled, tooltip))
        ordered = sorted(shown.values(), key=lambda item: item[0].action not in FIRST)
        for binding, enabled, tooltip in ordered:
            key = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            )
            # set before it is mounted, not bound: bound, each key was styled twice (its default, then the
            # footer's), about 3 ms a key; the keys are drawn again whenever `compact` changes (`_keys`)
            key.set_reactive(FooterKey.compact, self.compact)
            key.set_class(self.compact, "-compact", update=False)
            yield key
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette is not None:
            _, binding, enabled, tooltip = palette
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def on_resize(self, event: events.Resize) -> None:
        """Close the keys up, and leave the palette's key out, in a narrow terminal."""
        narrow = event.size.width < NARROW
        if narrow != self.compact or narrow == self.show_command_palette:
            self.compact = narrow
            self.show_command_palette = not narrow
            self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        """Draw the keys again, unless they are the ones drawn."""
        if self.is_attached and self._drawn is not None and self._drawn == self._keys():
            return  # (a footer no longer attached is left to Textual, which draws nothing)
        await super().recompose()

    def _keys(self) -> tuple[Hashable, ...]:
        """What the footer shows: each shown binding with whether it is enabled, how close, the palette's key."""
        shown = tuple(
            (binding.key, binding.action, binding.description, binding.key_display, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )
        return (*shown, self.compact, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE)
