import pytest

from posts.rendering import render_markdown


def test_hashtag_line_is_text_not_a_heading():
    assert (
        render_markdown("Post\n#NeuralNetworks #AI")
        == "<p>Post<br>\n#NeuralNetworks #AI</p>"
    )


def test_real_heading_still_renders():
    assert render_markdown("# Title") == "<h1>Title</h1>"


def test_list_directly_under_its_label_is_a_list():
    html = render_markdown(
        "**Additional documents to read on this:**\n- [A](https://a.example)\n- B"
    )
    assert "<ul>" in html and "<li>B</li>" in html


def test_single_line_breaks_are_kept():
    assert "one<br>\ntwo" in render_markdown("one\ntwo")


def test_links_get_noopener_nofollow_and_unsafe_schemes_are_dropped():
    html = render_markdown("[ok](https://a.example) [bad](javascript:alert(1))")
    assert '<a href="https://a.example" rel="noopener nofollow">ok</a>' in html
    assert "javascript" not in html


def test_raw_html_is_sanitized():
    html = render_markdown(
        '<div onclick="x()">hi</div><iframe src="https://evil"></iframe><style>p{}</style>'
    )
    assert "onclick" not in html and "<iframe" not in html and "<style" not in html


@pytest.mark.parametrize(
    "hostile",
    [
        "[" * 50_000,
        "![" * 20_000,
        "[a](" * 20_000,
        "- " * 50_000 + "x",
        "\n".join("  " * i + "- x" for i in range(2_000)),
        "> " * 50_000 + "x",
        "\n".join("[" * 150 for _ in range(300)),
    ],
    ids=[
        "brackets",
        "images",
        "open-links",
        "marker-chain",
        "deep-list",
        "deep-quote",
        "bracket-lines",
    ],
)
def test_hostile_markdown_renders_without_error(hostile):
    """Each of these took Python-Markdown seconds to minutes, or crashed it."""
    assert render_markdown(hostile)
