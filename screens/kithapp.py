"""Typed access to the running Kith app from any screen or widget."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.dom import DOMNode

if TYPE_CHECKING:
    from screens.app import KithApp


def kith_app(node: DOMNode) -> KithApp:
    """The Kith app a node belongs to."""
    return node.app  # type: ignore[return-value]
