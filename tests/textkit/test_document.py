"""One parse of a text: every consumer reads the same words off it."""

from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bench.textgen import Prose
from posts.textkit import checks, metrics
from posts.textkit.anchoring import anchor_text, normalize
from posts.textkit.document import RULE, forget_reading, parse_document, words_of
from posts.textkit.parsing import parse_draft
from posts.textkit.plaintext import convert, to_plain_text
from posts.textkit.sentences import split_sentences
from tests.scaling import growth

# name: (text, the words a reader of the preview sees)
CORPUS = {
    "reference link": ("Read [the study][s] today.\n\n[s]: https://x.y/z", 4),
    "strike-through": ("Was ~~$99~~ now $49.", 4),
    "list under label": (
        "**Additional documents to read on this:**\n"
        "- [A guide](https://a.b/1)\n"
        "- [Another one](https://a.b/2)",
        10,
    ),
    "ordered list": ("Steps:\n1. first\n2. second", 3),
    "bullets then numbers": ("- one\n* two\n1. three", 3),
    "nested by two spaces": ("- one\n  - two\n    - three", 3),
    "hashtag line": ("Done.\n#AI #MachineLearning", 3),
    "emphasis": ("**Bold**ly, un*believ*able and _snake_case_ stays.", 5),
    "inline code": ("Use `pip install x` now.", 5),
    "code block": ("Before.\n\n```python\nprint('hi there')\n```\n\nAfter.", 4),
    "image": ("See ![a chart](c.png) here.", 2),
    "bare url": ("Read https://a.b/c_d_ today.", 3),
    "heading and quote": ("## Heading\n> quoted *words*", 3),
    "raw html": ("a<br>b <script>alert(1)</script>", 2),
}


class _TextNodes(HTMLParser):
    """The page's text as review.js reads it: every text node, joined."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _page_words(html: str) -> int:
    nodes = _TextNodes()
    nodes.feed(html)
    nodes.close()
    return len(words_of(normalize("".join(nodes.parts))))


def _plain_words(markdown: str) -> int:
    """Words of the plain text, less what the plain text adds (addresses, numbers)."""
    document = parse_document(markdown)
    plain, kept, at, left_in = to_plain_text(markdown), [], 0, 0
    for piece in document.added:  # in order
        start = plain.find(piece, at)
        if plain.find(piece, start + 1) != -1:
            # The same text again later ("word1." then a list's "1."): which
            # one was added is not known here, so its words are subtracted.
            left_in += len(words_of(piece))
            continue
        # Where it stands once, cut out: "[1](:)1" reads "1 (:)1", and the
        # added " (:)" holds no word but glues onto the "1" after it.
        kept.append(plain[at:start])
        at = start + len(piece)
    return len(words_of("".join([*kept, plain[at:]]))) - left_in


def _counts(markdown: str) -> dict[str, int]:
    return {
        "metrics": metrics.word_count(markdown),
        "measure": metrics.measure(markdown).words,
        "plain text": _plain_words(markdown),
        "anchoring": len(words_of(anchor_text(markdown))),
        "page": _page_words(parse_document(markdown).html),
    }


@pytest.mark.parametrize(("markdown", "expected"), CORPUS.values(), ids=CORPUS.keys())
def test_every_reader_counts_the_same_words(markdown, expected):
    assert _counts(markdown) == dict.fromkeys(_counts(markdown), expected)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [v for k, v in CORPUS.items() if k != "code block"],
    ids=[k for k in CORPUS if k != "code block"],
)
def test_the_sentences_hold_every_word_outside_code(markdown, expected):
    assert sum(len(words_of(s)) for s in split_sentences(markdown)) == expected


def test_declared_word_count_check_counts_as_the_preview():
    markdown, words = CORPUS["reference link"]
    assert checks.check_declared(markdown, words, None, None) == []


def test_the_real_examples_count_the_same_everywhere(example_paths):
    for path in example_paths:
        draft = parse_draft(path.read_bytes(), path.name)
        counts = _counts(draft.body)
        assert len(set(counts.values())) == 1, (path.name, counts)
        assert draft.word_count == counts["metrics"]
        assert len(draft.references) == 2, path.name


def test_strike_through_is_struck_in_the_preview_and_kept_in_the_plain_text():
    document = parse_document("Was ~~$99~~ now $49.")
    assert "<del>$99</del>" in document.html
    assert document.plain == "Was $99 now $49."


def test_a_reference_definition_is_neither_shown_nor_counted():
    document = parse_document("Read [the study][s] today.\n\n[s]: https://x.y/z")
    assert document.plain == "Read the study (https://x.y/z) today."
    assert document.anchor_text == "Read the study today."
    assert document.links == ("https://x.y/z",)
    assert document.added == (" (https://x.y/z)",)


def test_a_list_under_its_label_stays_under_it_in_the_plain_text():
    markdown, _ = CORPUS["list under label"]
    assert to_plain_text(markdown) == (
        "Additional documents to read on this:\n"
        "• A guide (https://a.b/1)\n"
        "• Another one (https://a.b/2)"
    )
    assert split_sentences(markdown) == [
        "Additional documents to read on this:",
        "A guide",
        "Another one",
    ]


def test_a_list_after_a_paragraph_keeps_its_blank_line():
    assert to_plain_text("Para.\n\n- a\n- b") == "Para.\n\n• a\n• b"


def test_a_bare_address_is_a_link_everywhere():
    document = parse_document("Read https://a.b/c. Then stop.")
    assert '<a href="https://a.b/c" rel="noopener nofollow">' in document.html
    assert document.links == ("https://a.b/c",)
    assert document.plain == "Read https://a.b/c. Then stop."


def test_a_rule_is_a_dash_line_and_no_word():
    document = parse_document("a\n\n---\n\nb")
    assert document.plain == f"a\n\n{RULE}\n\nb"
    assert document.words == ("a", "b")


def test_paragraph_spans_point_into_the_source():
    text = "One\ntwo.\n\n\nThree."
    spans = parse_document(text).paragraphs
    assert [text[a:b] for a, b in spans] == ["One\ntwo.", "Three."]


def test_links_and_the_link_count_come_from_the_same_parse():
    markdown = "[a](https://a.b/1) https://a.b/2 <https://a.b/3> `https://a.b/no`"
    assert convert(markdown).links == [
        "https://a.b/1",
        "https://a.b/2",
        "https://a.b/3",
    ]
    assert metrics.measure(markdown).link_count == 3


def _read_afresh(text: str) -> object:
    forget_reading()  # parse_document keeps its last reading
    return parse_document(text)


def test_a_long_post_is_parsed_in_time_linear_in_its_length():
    text = Prose(seed=1).post(50_000)  # headings, emphasis, lists, links, hashtags
    assert parse_document(text).word_count > 50_000
    ratio = growth(lambda n: Prose(seed=1).post(n), _read_afresh, 12_500)
    assert ratio <= 8, f"4x the words took {ratio:.1f}x the time"


@pytest.mark.parametrize("unit", ["\\\\", "`a` ", "[a](b) ", "**a** "])
def test_a_megabyte_paragraph_is_parsed_in_linear_time(unit):
    """Python-Markdown is quadratic in one paragraph's escapes and spans: 10 s
    for 200 KB of them. Such a paragraph is shown as its text instead."""
    document = parse_document(unit * (1_000_000 // len(unit)))
    assert len(document.words) == len(words_of(document.plain))
    ratio = growth(lambda n: unit * n, _read_afresh, 250_000 // len(unit))
    assert ratio <= 8, f"4x the text took {ratio:.1f}x the time"


_PIECES = st.sampled_from(
    [
        "word",
        "two words",
        "don't",
        "—",
        " ",
        "\n",
        "\n\n",
        "# ",
        "## ",
        "#AI",
        "- ",
        "  - ",
        "1. ",
        "> ",
        "*",
        "**",
        "_",
        "~~",
        "`",
        "```\n",
        "[",
        "]",
        "(",
        ")",
        "[link](https://a.b/c)",
        "[ref][r]",
        "\n[r]: https://r.s/t\n",
        "![alt text](i.png)",
        "https://x.y/z_",
        "<b>",
        "</b>",
        "<br>",
        "&amp;",
        "|",
        "---",
        ":",
        ".",
        "!",
        "\\",
        "2025",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
@example("# word1. \n1. ")
def test_every_reader_counts_the_same_words_for_any_text(markdown):
    counts = _counts(markdown)
    assert len(set(counts.values())) == 1, counts


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text_reads_the_same_everywhere(markdown):
    counts = _counts(markdown)
    assert len(set(counts.values())) == 1, counts


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab #*_-`[]()<>!\\\n>1.&;~|:/✅ ")), max_size=80
    )
)
@example("[1](:)1")
def test_any_markup_soup_reads_the_same_everywhere(markdown):
    counts = _counts(markdown)
    assert len(set(counts.values())) == 1, counts
