"""Word breakdown, the count a declared number meant, platform characters, overflow marks."""

import re

from hypothesis import given
from hypothesis import strategies as st

from posts.textkit.charcount import URL_WEIGHT, count
from posts.textkit.counting import breakdown, meant, readings
from posts.textkit.document import parse_document
from posts.textkit.metrics import measure, word_count
from posts.textkit.overflow import mark_overflow, written_before
from posts.textkit.parsing import parse_draft

GENERATOR_SHAPE = """# LinkedIn Post - Compost Part 2

Last week I promised the carbon side. Here it is.

**Additional documents to read on this:**
- [Composting 101 - EPA](https://www.epa.gov/recycle)
- Soil Science Society notes

#Compost #Soil #Gardening"""


def test_breakdown_splits_title_references_and_hashtags_off_the_prose():
    parts = breakdown(GENERATOR_SHAPE)
    assert (parts.title, parts.references, parts.hashtags) == (5, 13, 3)
    assert parts.prose == 10
    assert parts.total == word_count(GENERATOR_SHAPE)


def test_a_heading_after_the_prose_is_prose_and_inline_hashtags_are_hashtags():
    parts = breakdown("Opening words here.\n\n## A later heading\n\nI love #AI a lot.")
    assert parts.title == 0
    assert parts.hashtags == 1
    assert parts.prose == parts.total - 1


def test_breakdown_ignores_fenced_code_that_looks_like_a_heading():
    parts = breakdown("```\n# not a title\n```\n\nText.")
    assert parts.title == 0 and parts.total == word_count(
        "```\n# not a title\n```\n\nText."
    )


def test_breakdown_reads_crlf_line_ends_like_lf():
    assert breakdown(GENERATOR_SHAPE.replace("\n", "\r\n")) == breakdown(
        GENERATOR_SHAPE
    )


def test_meant_picks_the_nearest_reading_and_the_narrower_on_a_tie():
    parts = breakdown(GENERATOR_SHAPE)  # prose 10, +title 15, +hashtags 13, all 31
    assert meant(10, parts).name == "prose"
    assert meant(16, parts).name == "prose and title"
    assert meant(13, parts).name == "prose and hashtags"
    assert meant(40, parts).name == "everything"
    assert [r.name for r in readings(parts)][0] == "prose"


_line = st.one_of(
    st.text(alphabet="abc #-*[]()1:\u00e9\U0001f600", max_size=30),
    st.sampled_from(
        [
            "# Title",
            "**Additional documents to read on this:**",
            "- [x](https://a.b)",
            "#AI #ML",
            "",
        ]
    ),
)


@given(st.lists(_line, max_size=12))
def test_breakdown_parts_are_never_negative_and_add_up_to_the_preview_words(lines):
    text = "\n".join(lines)
    parts = breakdown(text)
    assert min(parts.prose, parts.title, parts.references, parts.hashtags) >= 0
    assert parts.total >= word_count(text) or parts.prose == 0
    if parts.prose:
        assert parts.total == word_count(text)
    assert meant(parts.total, parts).words == parts.total


# ---------------------------------------------------------------- characters


def test_x_counts_every_url_as_23_and_emoji_and_cjk_as_2():
    long_url = "https://example.com/" + "a" * 100
    assert count(long_url, "x", 280).used == URL_WEIGHT
    assert count("😀", "x", 280).used == 2
    assert count("日本", "x", 280).used == 4
    assert count("é", "x", 280).used == 1


def test_x_says_where_the_text_stops_fitting_even_after_astral_emoji():
    text = "a😀" * 100  # 300 weighted: 93 pairs and an "a" fit in 280
    counted = count(text, "x", 280)
    assert (counted.used, counted.fits) == (300, 187)


def test_bluesky_counts_graphemes_and_mastodon_links_as_23():
    family = "👨\u200d👩\u200d👧"
    assert count(family * 3, "bluesky", 300).used == 3
    assert count("e\u0301" * 301, "bluesky", 300).fits == 600
    text = "see https://example.com/" + "p" * 80 + " now"
    assert count(text, "mastodon", 500).used == len("see ") + 23 + len(" now")


def test_linkedin_and_threads_count_characters():
    assert count("x" * 3001, "linkedin", 3000) == count("x" * 3001, "linkedin", 3000)
    assert count("x" * 3001, "linkedin", 3000).fits == 3000
    assert count("x" * 10, "threads", 500).fits == 10


@given(st.text(max_size=400), st.sampled_from(["x", "bluesky", "mastodon", "threads"]))
def test_what_fits_is_within_the_limit_and_nothing_more_would(text, key):
    limit = {"x": 280, "bluesky": 300, "mastodon": 500, "threads": 500}[key]
    counted = count(text, key, limit)
    assert 0 <= counted.fits <= len(text)
    if counted.used <= limit:
        assert counted.fits == len(text)
    elif key != "x":  # X's own parser decides its own cut
        assert count(text[: counted.fits], key, limit).used <= limit


def test_measure_on_x_reports_the_weighted_length_and_the_overflow():
    body = "Read " + "https://example.com/" + "x" * 300 + " " + "word " * 60
    m = measure(body, "x")
    assert m.characters == count(m.plain, "x", 280).used
    assert m.over_limit == m.characters - 280
    assert m.overflow and m.plain.endswith(m.overflow)


# ---------------------------------------------------------------- overflow marks


def test_mark_overflow_marks_only_the_text_past_the_cut_and_keeps_tags():
    doc = parse_document("Keep this. Cut **from here** on.")
    keep = written_before(doc.plain, doc.added, len("Keep this. "))
    html = mark_overflow(doc.html, keep)
    assert (
        'Keep this. <mark class="over-limit">Cut </mark><strong><mark class="over-limit">from here</mark></strong>'
        in html
    )


def test_link_addresses_the_plain_text_adds_do_not_shift_the_cut():
    doc = parse_document(
        "A [guide](https://example.com/very/long) here. Then more text."
    )
    fits = doc.plain.index("Then")
    html = mark_overflow(doc.html, written_before(doc.plain, doc.added, fits))
    assert re.search(r'here\. <mark class="over-limit">Then more text\.</mark>', html)


def test_mark_overflow_escapes_the_writers_text():
    doc = parse_document("Fine. x &lt;script&gt;alert(1)&lt;/script&gt;")
    html = mark_overflow(doc.html, 2)
    assert "<script>" not in html and "&lt;script&gt;" in html


@given(st.text(alphabet="ab *_[]()#\n.", max_size=80), st.integers(0, 90))
def test_marking_never_changes_the_text(text, keep):
    doc = parse_document(text)
    marked = mark_overflow(doc.html, keep)
    assert marked.replace('<mark class="over-limit">', "").replace(
        "</mark>", ""
    ) == mark_overflow(doc.html, 10**6)


def test_the_x_limit_on_the_real_balanced_draft(example_paths):
    parsed = parse_draft(
        next(p for p in example_paths if "balanced" in p.name).read_text()
    )
    m = measure(parsed.body, "x")
    assert m.characters > 280 and m.over_limit == m.characters - 280
    # Two reference links count 23 each, however long their addresses.
    assert m.characters < len(m.plain)


def test_a_megabyte_on_x_is_counted_in_linear_time_and_agrees_with_twitter_text():
    import time

    from posts.textkit.charcount import X_EXACT_CHARS

    line = "Plain words, 日本 and a link https://example.com/a/b then more.\n"
    exact_text = line * (X_EXACT_CHARS // len(line))
    whole = line * (1_000_000 // len(line))
    per_line = count(exact_text, "x", 280).used // (X_EXACT_CHARS // len(line))
    start = time.process_time()
    counted = count(whole, "x", 280)
    assert time.process_time() - start < 2.0
    assert counted.used == per_line * (1_000_000 // len(line))
    assert counted.fits < 300
