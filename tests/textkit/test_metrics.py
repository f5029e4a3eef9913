import pytest

from posts.textkit.metrics import (
    PLATFORMS,
    Fold,
    fold,
    hashtags,
    links,
    measure,
    platform,
    reading_minutes,
    word_count,
)

# --- word_count: the one definition (see the module docstring) ----------------


def test_word_count_matches_the_docstring_example():
    assert word_count("**Hello** [big world](https://example.com) — #AI 2025") == 5


def test_word_count_skips_heading_marks_and_bullets():
    assert word_count("# Big title\n\n- one\n* two\n1. three\n> quoted") == 6


def test_word_count_counts_link_text_not_link_targets():
    # An image's description is not shown in the preview: not words a reader reads.
    assert word_count("[read this](https://a.b/very-long-path) ![a chart](c.png)") == 2


def test_word_count_splits_on_em_and_en_dashes():
    assert word_count("rules—they matter 2020–2025") == 5


def test_word_count_joins_hyphens_and_apostrophes():
    assert word_count("hands-on tutorials don't wait") == 4


def test_word_count_counts_each_hashtag_as_a_word():
    assert word_count("#NeuralNetworks #AI #DeepLearning") == 3


def test_word_count_ignores_bare_punctuation_and_rules():
    assert word_count("Wait — what?\n\n---\n\n& so on") == 4


def test_word_count_ignores_html_tags_comments_and_entities():
    assert word_count("Tom &amp; Jerry <b>bold</b> <!-- not shown -->") == 3


def test_word_count_of_nothing_is_zero():
    assert word_count("") == 0
    assert word_count("  \n\n  ") == 0


# --- hashtags ---------------------------------------------------------------------


def test_hashtags_keeps_order_and_duplicates():
    assert hashtags("#AI then #ML and #AI again") == ["#AI", "#ML", "#AI"]


def test_hashtags_ignores_headings():
    assert hashtags("# Title\n## Part 2\n\n#RealTag") == ["#RealTag"]


def test_hashtags_ignores_numbers_and_url_fragments():
    assert hashtags("Issue #1 and #2025, https://a.b/page#anchor, #1st") == ["#1st"]


# --- fold -------------------------------------------------------------------------


def test_fold_cuts_linkedin_desktop_at_210_on_a_word_boundary():
    text = "word " * 60  # 300 characters
    result = fold(text.strip(), 210)
    assert result.cut
    assert len(result.text) <= 210
    assert result.text.endswith("word")
    assert result.text == ("word " * 42).strip()


def test_fold_cuts_linkedin_mobile_at_140_without_splitting_a_word():
    text = "a" * 135 + " banana split"
    assert fold(text, 140) == Fold("a" * 135, True)


def test_fold_keeps_a_word_that_ends_exactly_at_the_limit():
    assert fold("abcd efgh ijkl", 9) == Fold("abcd efgh", True)


def test_fold_stops_after_the_third_line():
    text = "Hook line.\n\nSecond thought.\nHidden fourth line."
    assert fold(text, 210) == Fold("Hook line.\n\nSecond thought.", True)


def test_fold_takes_the_earlier_of_the_limit_and_the_third_line():
    text = "short\nlines\n" + "long " * 50 + "\nfour"
    result = fold(text, 40)
    assert result.cut
    assert result.text == "short\nlines\nlong long long long long"


def test_fold_of_a_short_post_is_not_cut():
    assert fold("Short.\nPost.", 140) == Fold("Short.\nPost.", False)
    assert fold("one\ntwo\nthree\n\n", 140) == Fold("one\ntwo\nthree", False)


def test_fold_hard_cuts_a_single_word_longer_than_the_limit():
    assert fold("x" * 300, 210) == Fold("x" * 210, True)


# --- reading time, links ------------------------------------------------------


def test_reading_minutes_is_at_least_one_for_any_text():
    assert reading_minutes(0) == 0
    assert reading_minutes(1) == 1
    assert reading_minutes(230) == 1
    assert reading_minutes(700) == 3
    assert reading_minutes(100, wpm=50) == 2


def test_reading_minutes_rejects_a_zero_rate():
    with pytest.raises(ValueError):
        reading_minutes(100, wpm=0)


def test_links_lists_links_autolinks_and_bare_urls_in_order():
    markdown = 'See https://a.b/1, [two](https://a.b/2 "t") and <https://a.b/3>.\n![i](https://a.b/img.png)'
    assert links(markdown) == ["https://a.b/1", "https://a.b/2", "https://a.b/3"]


def test_links_ignores_urls_inside_code():
    assert links("`https://a.b/x`\n\n```\nhttps://a.b/y\n```") == []


# --- measure ------------------------------------------------------------------


def test_measure_defaults_to_linkedin():
    assert measure("hi").platform is PLATFORMS["linkedin"]
    assert measure("hi", "nope").platform.key == "linkedin"
    assert platform(" X ").key == "x"


def test_measure_counts_characters_of_the_plain_text():
    metrics = measure("**Bold** [site](https://a.b)")
    assert metrics.characters == len("Bold site (https://a.b)")
    assert metrics.link_count == 1
    assert metrics.words == 2


def test_measure_counts_characters_in_nfc_form():
    decomposed = "Cafe\u0301"  # e + combining acute: one character a reader sees
    assert measure(decomposed).characters == 4


@pytest.mark.parametrize(
    ("key", "limit"),
    [
        ("x", 280),
        ("bluesky", 300),
        ("threads", 500),
        ("mastodon", 500),
        ("linkedin", 3000),
    ],
)
def test_measure_reports_characters_over_the_platform_limit(key, limit):
    within = measure("a" * limit, key)
    assert (within.char_limit, within.over_limit, within.limit_ratio()) == (
        limit,
        0,
        1.0,
    )
    over = measure("a" * (limit + 7), key)
    assert over.over_limit == 7
    assert over.limit_ratio() == pytest.approx((limit + 7) / limit)


def test_measure_has_no_limit_or_fold_for_a_blog():
    metrics = measure("word " * 5000, "blog")
    assert metrics.char_limit is None
    assert metrics.over_limit == 0
    assert metrics.limit_ratio() is None
    assert metrics.fold_desktop is None and metrics.fold_mobile is None


def test_measure_folds_only_on_linkedin():
    text = "word " * 100
    linkedin = measure(text, "linkedin")
    assert linkedin.fold_desktop is not None and linkedin.fold_desktop.cut
    assert linkedin.fold_mobile is not None and len(linkedin.fold_mobile.text) <= 140
    assert measure(text, "x").fold_desktop is None


def test_measure_reports_hashtags_and_reading_time():
    metrics = measure("# Title\n\n" + "word " * 460 + "\n\n#AI #ML")
    assert metrics.hashtags == ["#AI", "#ML"]
    assert metrics.hashtag_count == 2
    assert metrics.words == 463
    assert metrics.reading_minutes == 2


def test_measure_handles_a_long_post():
    paragraph = "**Neural** networks learn [from data](https://a.b/c) — hands-on. #AI\n"
    metrics = measure(paragraph * 720)
    assert metrics.words == 720 * 7  # about 5,000
    assert metrics.hashtag_count == 720
    assert metrics.link_count == 720
