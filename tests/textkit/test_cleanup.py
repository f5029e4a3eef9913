import doctest

import pytest

from posts.textkit import cleanup


def test_docstring_examples_run():
    assert doctest.testmod(cleanup).failed == 0


@pytest.mark.parametrize(
    ("text", "title", "rest"),
    [
        ("# LinkedIn Post - Part 1\n\nHook.", "LinkedIn Post - Part 1", "Hook."),
        ("\n\n## Title ##\nHook.", "Title", "Hook."),
        ("#AI #ML\n\nHook.", None, "#AI #ML\n\nHook."),
        ("Hook first.\n\n# Later heading", None, "Hook first.\n\n# Later heading"),
    ],
)
def test_title_heading_only_when_the_text_opens_with_one(text, title, rest):
    assert cleanup.title_heading(text) == title
    assert cleanup.without_title_heading(text) == rest


def test_front_matter_needs_key_value_lines_at_the_very_top():
    assert (
        cleanup.front_matter("---\nplatform: x\n---\n\nPost") == "---\nplatform: x\n---"
    )
    assert cleanup.without_front_matter("---\nplatform: x\n---\n\nPost") == "Post"
    assert cleanup.front_matter("Post\n---\nplatform: x\n---") is None
    assert cleanup.front_matter("---\njust a rule\n---\nPost") is None
