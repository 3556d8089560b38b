"""The footer of every screen: Textual's, drawn again only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer draws its keys again whenever a screen's bindings may have changed: every focus move,
    every screen pushed, every `refresh_bindings`, often several times for one event. Drawing them is about
    40 ms (a dozen keys, each styled), so this one keeps the keys it drew and draws again only for others."""

    _drawn: tuple[Hashable, ...] | None = None

    def compose(self) -> ComposeResult:
        """The keys, as Textual's footer yields them; remembered once the screen's bindings are known."""
        self._drawn = self._keys() if self._bindings_ready else None
        yield from super().compose()

    async def recompose(self) -> None:
        """Draw the keys again, unless they are the ones drawn."""
        if self.is_attached and self._drawn is not None and self._drawn == self._keys():
            return  # (a footer no longer attached is left to Textual, which draws nothing)
        await super().recompose()

    def _keys(self) -> tuple[Hashable, ...]:
        """What the footer shows: each shown binding with whether it is enabled, and the palette's key."""
        shown = tuple(
            (binding.key, binding.action, binding.description, binding.key_display, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )
        return (*shown, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE)
