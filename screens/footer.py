"""The footer of every screen: Textual's, with Help first, its keys closed up when spaced they would not fit,
and drawn again only when what it shows changes."""

from __future__ import annotations

from collections.abc import Hashable

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey  # textual is pinned to 8.2.x (pyproject)

NARROW = 80  # below this many columns the palette's key is left out (ctrl+p still opens the palette)
PALETTE = 14  # the columns the palette's key takes, docked on the right
FIRST = ("help", "app.help")  # the one key that tells of every other: first, so the narrowest footer shows it
Shown = list[tuple[Binding, bool, str]]  # a binding, whether it is enabled, its tooltip


class Footer(TextualFooter):
    """The keys of the screen, Help first. A footer shows what fits on one line, and at 40 columns that is
    three or four keys: Help first means the one that lists the rest is always among them.

    Textual's footer draws its keys again whenever a screen's bindings may have changed: every focus move,
    every screen pushed, every `refresh_bindings`, often several times for one event. Drawing them is about
    40 ms (a dozen keys, each styled), so this one keeps the keys it drew and draws again only for others."""

    _drawn: tuple[Hashable, ...] | None = None

    def compose(self) -> ComposeResult:
        """One key per action, Help first, then as the screen orders them; the palette's key on the right. Drawn
        with its keys from the start: Textual's footer is empty until the screen first says its bindings changed,
        after the first frame, so every screen was laid out and drawn again for its keys (the screen's own keys
        are known from its mount; a key the focus adds later draws them again, as any change does)."""
        layout = shown, compact, palette = self._layout()
        self.set_reactive(TextualFooter.compact, compact)  # as `compact = …` would, without drawing it twice
        self.set_class(compact, "-compact", update=False)
        self.set_reactive(TextualFooter.show_command_palette, palette)
        self._drawn = self._keys(layout)
        for binding, enabled, tooltip in shown:
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
            key.set_reactive(FooterKey.compact, compact)
            key.set_class(compact, "-compact", update=False)
            yield key
        found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette and self.app.ENABLE_COMMAND_PALETTE and found is not None:
            _, binding, enabled, tooltip = found
            key = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette -compact",  # always compact, as in Textual's footer
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )
            key.set_reactive(FooterKey.compact, True)  # as its first watch would, without styling it twice
            yield key

    def on_resize(self) -> None:
        """Close the keys up, or space them, and show the palette's key or not, as the new width calls for."""
        if self._drawn is not None and self._drawn != self._keys():
            self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        """Draw the keys again, unless they are the ones drawn."""
        if self.is_attached and self._drawn is not None and self._drawn == self._keys():
            return  # (a footer no longer attached is left to Textual, which draws nothing)
        await super().recompose()

    def _layout(self) -> tuple[Shown, bool, bool]:
        """The keys to show in order; whether they close up (spaced, they would not fit the width); whether the
        palette's key is shown (not in a narrow terminal, nor where it would hide a key)."""
        found: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                found.setdefault(binding.action, (binding, enabled, tooltip))
        shown = sorted(found.values(), key=lambda item: item[0].action not in FIRST)
        width = self.size.width or self.app.size.width
        words = sum(cell_len(self.app.get_key_display(b)) + cell_len(b.description) for b, _, _ in shown)
        palette = width >= NARROW and words + 2 * len(shown) + PALETTE <= width  # with the keys closed up
        return shown, words + 3 * len(shown) + (PALETTE if palette else 0) > width, palette

    def _keys(self, layout: tuple[Shown, bool, bool] | None = None) -> tuple[Hashable, ...]:
        """What the footer shows: each key with whether it is enabled, whether they close up, the palette's key."""
        shown, compact, palette = layout or self._layout()
        keys = tuple((b.key, b.action, b.description, b.key_display, enabled, tooltip) for b, enabled, tooltip in shown)
        return (*keys, compact, palette, self.app.ENABLE_COMMAND_PALETTE)
