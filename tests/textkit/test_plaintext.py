import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posts.textkit.plaintext import RULE, convert, to_plain_text


def _body(document: str) -> str:
    """The post without its YAML front matter, as posts store it."""
    if document.startswith("---\n"):
        return document.split("\n---\n", 1)[1]
    return document


def test_plain_text_removes_emphasis_marks():
    assert to_plain_text("**bold**, *it*, _u_, __b__, ***both*** and ~~gone~~") == (
        "bold, it, u, b, both and gone"
    )


def test_plain_text_keeps_underscores_inside_words():
    text = "snake_case, my_var_name and a * b"
    assert to_plain_text(text) == text


def test_plain_text_drops_stars_inside_words_as_the_preview_does():
    assert (
        to_plain_text("**bold**ly, un*believ*able, 2*3*4")
        == "boldly, unbelievable, 234"
    )


def test_plain_text_keeps_an_unmatched_star():
    assert to_plain_text("*footnote") == "*footnote"


def test_plain_text_turns_headings_into_their_text():
    assert to_plain_text("# Title\n## Sub ##\n\nSetext\n---") == "Title\nSub\n\nSetext"


def test_plain_text_keeps_a_hashtag_line_as_written():
    assert to_plain_text("Done.\n\n#AI #ML #machine_learning") == (
        "Done.\n\n#AI #ML #machine_learning"
    )


def test_plain_text_writes_links_as_text_and_url():
    markdown = "[UC San Diego research](https://x.y/z) says so"
    assert to_plain_text(markdown) == "UC San Diego research (https://x.y/z) says so"


def test_plain_text_drops_link_titles():
    markdown = "[one](https://a.b/1 \"Title\") and [two](<https://a.b/2> 'T')"
    assert to_plain_text(markdown) == "one (https://a.b/1) and two (https://a.b/2)"


def test_plain_text_shows_a_link_whose_text_is_its_url_once():
    assert to_plain_text("[https://a.b/c](https://a.b/c)") == "https://a.b/c"
    assert to_plain_text("[a.b/c](https://a.b/c/)") == "https://a.b/c/"


def test_plain_text_unwraps_autolinks_and_keeps_underscores_in_urls():
    markdown = "<https://a.b/x_y_> and https://a.b/_z_ and <me@a.bc>"
    assert to_plain_text(markdown) == "https://a.b/x_y_ and https://a.b/_z_ and me@a.bc"


def test_plain_text_keeps_parentheses_of_a_url():
    markdown = "[Foo](https://en.wikipedia.org/wiki/Foo_(bar)) (see https://a.b/c)."
    assert to_plain_text(markdown) == (
        "Foo (https://en.wikipedia.org/wiki/Foo_(bar)) (see https://a.b/c)."
    )


def test_plain_text_resolves_reference_links_and_hides_definitions():
    markdown = 'Read [the paper][p] and [p].\n\n[p]: https://a.b/p "Paper"'
    assert (
        to_plain_text(markdown)
        == "Read the paper (https://a.b/p) and p (https://a.b/p)."
    )


def test_plain_text_shows_images_as_their_alt_text():
    assert to_plain_text('![A chart of **loss**](img.png "t")') == "A chart of loss"


def test_plain_text_bullets_nested_lists_two_spaces_per_level():
    markdown = "- one\n  - two\n    - three\n- four\n* star\n+ plus"
    assert to_plain_text(markdown) == (
        "• one\n  • two\n    • three\n• four\n• star\n• plus"
    )


def test_plain_text_keeps_ordered_list_numbers():
    markdown = "1. first\n2. second\n   - detail\n3. third"
    assert to_plain_text(markdown) == "1. first\n2. second\n  • detail\n3. third"


def test_plain_text_indents_list_continuation_lines():
    assert (
        to_plain_text("- item\n  more of it\n\nafter")
        == "• item\n  more of it\n\nafter"
    )


def test_plain_text_bullets_a_list_right_after_a_label():
    markdown = (
        "**Additional documents to read on this:**\n"
        "- [How Neural Networks Learn](https://a.b/1)\n"
        "- [Forward Propagation](https://a.b/2)"
    )
    assert to_plain_text(markdown) == (
        "Additional documents to read on this:\n"
        "• How Neural Networks Learn (https://a.b/1)\n"
        "• Forward Propagation (https://a.b/2)"
    )


def test_plain_text_unquotes_blockquotes():
    assert to_plain_text("> Quoted **words**\n> second line\n>\n> > deeper") == (
        "Quoted words\nsecond line\n\ndeeper"
    )


def test_plain_text_keeps_inline_code_text_literally():
    assert to_plain_text("Use `a_b*c*` or ``x ` y`` and `&amp;`") == (
        "Use a_b*c* or x ` y and &amp;"
    )


def test_plain_text_keeps_fenced_code_lines_as_written():
    markdown = "Before\n\n```python\ndef f(**kw):\n    return [x](y)\n```\n\nAfter"
    assert to_plain_text(markdown) == (
        "Before\n\ndef f(**kw):\n    return [x](y)\n\nAfter"
    )


def test_plain_text_turns_rules_into_a_dash_line():
    assert to_plain_text("a\n\n---\n\nb\n\n* * *") == f"a\n\n{RULE}\n\nb\n\n{RULE}"


def test_plain_text_keeps_single_line_breaks():
    markdown = "First line.\nSecond line.\nThird line.  \nFourth\\\nFifth"
    assert to_plain_text(markdown) == (
        "First line.\nSecond line.\nThird line.\nFourth\nFifth"
    )


def test_plain_text_collapses_runs_of_blank_lines():
    assert to_plain_text("\n\na\n\n\n\n\nb\n\n\n") == "a\n\nb"


def test_plain_text_trims_trailing_whitespace_and_final_newline():
    assert to_plain_text("a   \nb\t\n\n") == "a\nb"


def test_plain_text_strips_html_and_decodes_entities():
    markdown = "Tom &amp; Jerry <b>bold</b><br>next &lt;script&gt;\n<!-- note\nhidden -->\nshown"
    # The preview keeps the comment's own line break (an empty line): so does the feed.
    assert to_plain_text(markdown) == "Tom & Jerry bold\nnext <script>\n\nshown"


def test_plain_text_honours_backslash_escapes():
    assert to_plain_text(r"\*not emphasis\* and \# not a heading") == (
        "*not emphasis* and # not a heading"
    )


def test_plain_text_leaves_emoji_alone():
    assert to_plain_text("✅ Done 🚀 **now** 👩‍💻") == "✅ Done 🚀 now 👩‍💻"


def test_plain_text_unpipes_tables():
    assert to_plain_text("| a | b |\n|---|:-:|\n| 1 | 2 |") == "a | b\n1 | 2"


def test_convert_lists_links_in_reading_order():
    markdown = "https://a.b/1 [two](https://a.b/2) <https://a.b/3>\n![img](https://a.b/i.png) `https://a.b/code`"
    assert convert(markdown).links == [
        "https://a.b/1",
        "https://a.b/2",
        "https://a.b/3",
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        "[" * 50_000,
        "*" * 50_000,
        "_" * 50_000,
        "`" * 50_000,
        "<" * 50_000,
        "![" * 25_000,
        "[a](" * 12_500,
        "[a](<" * 10_000,
        "*a" * 25_000,
        "* " * 25_000 + "x",
        "<!--" * 12_500,
        "#" + " " * 50_000 + "x",
        "https://" + "(" * 50_000,
        "\\" * 50_001,
        "&" * 50_000,
        "> " * 25_000,
        "  - " * 12_500,
    ],
)
def test_plain_text_finishes_on_hostile_input(hostile):
    # Catastrophic backtracking would hang here for minutes, not fail.
    assert isinstance(to_plain_text(hostile + "\n" + hostile), str)


@given(st.text(alphabet=st.sampled_from(list("ab #*_-`[]()<>!\\\n>1.&;~|:/✅ "))))
def test_plain_text_is_tidy_for_any_input(markdown):
    text = to_plain_text(markdown)
    assert not text.endswith("\n")
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert "\n\n\n" not in text


def test_textkit_does_not_import_django():
    code = "import sys, posts.textkit.metrics, posts.textkit.plaintext; print('django' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"


def test_examples_keep_their_hashtag_line_and_lose_markdown(example_paths):
    for path in example_paths:
        markdown = _body(path.read_text(encoding="utf-8"))
        text = to_plain_text(markdown)
        hashtag_lines = [
            line
            for line in markdown.splitlines()
            if line.startswith("#") and not line.startswith("# ")
        ]
        assert hashtag_lines, path.name
        for line in hashtag_lines:
            assert line in text.splitlines(), path.name
        assert "**" not in text, path.name
        assert "](" not in text, path.name


def test_plain_text_keeps_private_use_characters_as_written():
    """They once collided with the converter's own placeholders and crashed it."""
    text = "a \U000f0001\U000f0001 [link](https://x.y) \U0010fffd *b*"
    assert (
        to_plain_text(text) == "a \U000f0001\U000f0001 link (https://x.y) \U0010fffd b"
    )
