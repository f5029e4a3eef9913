"""The fast paths of the text checks read text exactly as the plain loops they replace.

Each reference below is the straightforward version (one character at a time);
the property tests hold the fast one to it on arbitrary text.
"""

import re
import string
from html import escape
from html.parser import HTMLParser

from hypothesis import example, given
from hypothesis import strategies as st

from posts.textkit import continuity, words
from posts.textkit.counting import words_in
from posts.textkit.document import forget_reading, parse_document
from posts.textkit.layout import split_layout
from posts.textkit.overflow import MARK_CLOSE, MARK_OPEN, mark_overflow, written_before
from posts.textkit.sentences import STRAIGHT_QUOTES, straighten

# Text with what the fast paths care about: curly quotes, dashes, every kind of space.
_TEXT = st.lists(
    st.sampled_from(
        [
            *"ab ’‘“”—–\t\n\u00a0\u2003\u3000\x1c<>&é#*[]()",
            "word",
            "https://x.y/z",
            "\n\n",
            "- ",
        ]
    ),
    max_size=40,
).map("".join)


def _written_before_one_by_one(plain: str, added: tuple[str, ...], fits: int) -> int:
    spans = []
    position = 0
    for piece in added:
        start = plain.find(piece, position)
        if start == -1:
            continue
        spans.append((start, start + len(piece)))
        position = start + len(piece)
    count = span = 0
    for index, char in enumerate(plain[:fits]):
        while span < len(spans) and spans[span][1] <= index:
            span += 1
        inside = span < len(spans) and spans[span][0] <= index
        if not inside and not char.isspace():
            count += 1
    return count


@given(_TEXT)
def test_straighten_is_the_translation_table(text):
    assert straighten(text) == text.translate(STRAIGHT_QUOTES)


def test_straighten_makes_quotes_and_dashes_plain():
    assert straighten("It’s “done” — now – ‘ok’") == "It's \"done\" - now - 'ok'"


@given(_TEXT, st.lists(_TEXT, max_size=4), st.integers(min_value=0, max_value=100))
def test_written_before_counts_as_the_character_loop(plain, added, fits):
    pieces = tuple(piece for piece in added if piece)
    expected = _written_before_one_by_one(plain, pieces, fits)
    assert written_before(plain, pieces, fits) == expected


class _OneByOne(HTMLParser):
    """The marker as it was: html.parser's reading of the page, and every
    character of a text node looked at in turn."""

    def __init__(self, keep: int) -> None:
        super().__init__(convert_charrefs=True)
        self.keep = keep
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag, attrs) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.keep <= 0:
            self.out.append(self._marked(data))
            return
        for index, char in enumerate(data):
            if char.isspace():
                continue
            self.keep -= 1
            if self.keep == 0:
                head, tail = data[: index + 1], data[index + 1 :]
                self.out.append(escape(head, quote=False))
                if tail:
                    self.out.append(self._marked(tail))
                return
        self.out.append(escape(data, quote=False))

    @staticmethod
    def _marked(data: str) -> str:
        body = data.lstrip()
        lead = data[: len(data) - len(body)]
        if not body:
            return escape(data, quote=False)
        return f"{escape(lead, quote=False)}{MARK_OPEN}{escape(body, quote=False)}{MARK_CLOSE}"


@given(_TEXT, st.integers(min_value=0, max_value=60))
@example('A [link](https://x.y/?q=">b"&c=d "t>i") and <b>bold</b> > c &amp; d.', 12)
@example("Line one\nline two\n\n- item\n- more &lt;tag&gt; here", 9)
def test_mark_overflow_cuts_where_the_character_loop_cuts(text, keep):
    forget_reading()
    html = parse_document(text).html
    reference = _OneByOne(keep)
    reference.feed(html)
    reference.close()
    assert mark_overflow(html, keep) == "".join(reference.out)


# Heading lines as generators write them: every ASCII mark, some markup.
_HEADING_PIECES = st.sampled_from(
    [*string.punctuation, "word", " ", "\t", "Part 1", "é", "\u00a0", "\x02"]
    + ["*em*", "_em_", "`code`", "[a](b)", "&amp;", " #", "<b>"]
)
_HEADING_LINE = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["", " ", "   "]),
        st.sampled_from(["#", "##", "######", "#######"]),
        st.sampled_from(["", " ", "\t", "  "]),
        st.lists(_HEADING_PIECES, max_size=8).map("".join),
    ),
)


@given(st.lists(_HEADING_LINE, min_size=1, max_size=2))
@example(["# *em* and _em_"])
@example(["# Part 1: Foundations", "## A subtitle - with dashes"])
def test_title_words_without_a_reading_are_the_readings_words(lines):
    forget_reading()
    assert words_in(lines) == parse_document("\n".join(lines)).words


# Sentences with what the continuity patterns look for, and the dots and
# curly quotes that could shift or stop a match.
_SENTENCE = st.lists(
    st.sampled_from(
        [
            "next week",
            "Next Week",
            "Part 3",
            "part two",
            "in Part 4",
            "as promised last week",
            "welcome back to my",
            " series",
            "two-part series",
            "Part 1 of 3",
            "picking up where we left off",
            "in my next post",
            ".",
            "?",
            "’",
            "—",
            " ",
            "word",
            "e.g.",
        ]
    ),
    max_size=8,
).map("".join)


@given(st.lists(_SENTENCE, max_size=8))
@example(["Welcome back to my", "series on graphs."])
@example(["In my next post", "I explain Part 3."])
# One of each branch, so that no cue word can go missing unseen.
@example(["As promised yesterday, the code."])
@example(["We promised you last week."])
@example(["In our previous post we saw it."])
@example(["A continuation of this long series."])
@example(["Picking up where we left off."])
@example(["In tomorrow’s post: graphs."])
@example(["Look out for PART 3!"])
@example(["A five-part series."])
@example(["Last week, we explored graphs."])
@example(["Welcome back to my series on graphs."])
def test_continuity_reads_the_sentences_each_pattern_finds_on_its_own(sentences):
    patterns = (
        continuity._CALLBACK,
        continuity._TEASER,
        continuity._PART_REF,
        continuity._SERIES_LENGTH,
    )
    one_by_one = [
        index
        for index, sentence in enumerate(sentences)
        if any(p.search(straighten(sentence)) for p in patterns)
    ]
    assert continuity._mentioning(tuple(sentences)) == one_by_one


# Text where links may start anywhere, or almost start ("http:/", "www").
_LINKY = st.lists(
    st.sampled_from(
        [
            *"ab .,:;/@&+'’-#)]!?<>\"\n\u200d\u0301😀",
            "://",
            "www.",
            "www",
            "mailto:",
            "http",
            "x.y",
        ]
    ),
    max_size=24,
).map("".join)


@given(_LINKY)
@example("see https://x.org/a-b.")
@example("write to mailto:me@x.y, now")
@example("at www.x.y/z!")
def test_tokenizing_skips_the_link_branch_only_where_no_link_can_start(text):
    assert words.tokenize(text) == words.TOKEN.findall(text)


def _bodies_by_regex(text: str) -> list[str]:
    """Runs of non-blank lines, each without the line break (and the "\r"s)
    it ends in: what split_layout's paragraphs are."""
    bodies, run = [], []
    for line in [*re.findall(r"[^\n]*\n|[^\n]+", text), ""]:
        if line.strip():
            run.append(line)
        elif run:
            bodies.append(re.sub(r"(?:\r*\n|\r+)\Z", "", "".join(run)))
            run = []
    return bodies


@given(st.lists(st.sampled_from(["a", " ", "\r", "\n", "\t", "\u2028"]), max_size=30))
@example(list("a\r\r\n\nb\r"))
def test_paragraphs_end_where_the_line_breaks_after_them_begin(pieces):
    text = "".join(pieces)
    layout = split_layout(text)
    assert layout.text() == text
    if text.strip():
        assert layout.bodies == _bodies_by_regex(text)
