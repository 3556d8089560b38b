"""How the screens fit text to the room they have."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from screens.text import example


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=80), st.integers(1, 90))
def test_an_example_is_fitted_to_any_width_and_kept_whole_when_it_fits(text: str, width: int) -> None:
    fitted = example(text, width)
    assert cell_len(fitted) <= width
    if cell_len(text) <= width:
        assert fitted == text


def test_an_example_keeps_whole_items_before_an_ellipsis() -> None:
    kinds = "talk, call, video, message, email, meeting, comment, letter, met, other"
    assert example(kinds, 40) == "talk, call, video, message, email, …"
    assert example("until when? fri, next week, +3d, Dec 5", 30) == "until when? fri, next week, …"
    assert example("linkedin=https://…; mastodon=@ana@…", 30) == "linkedin=https://…; …"
    assert example("a single long example without any list in it", 12) == "a single lo…"
