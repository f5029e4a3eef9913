"""Where the feed cuts a post, by paragraph (issue #19's feed inside compare)."""

from hypothesis import given
from hypothesis import strategies as st

from posts.textkit.diff import paragraphs
from posts.textkit.feedcut import offsets, paragraph_cuts
from posts.textkit.metrics import measure

POST = "# A title\n\n" + "Hook words go on. " * 12 + "\n\nBody.\n\n#AI"


def cuts_of(text, platform="linkedin"):
    m = measure(text, platform)
    return paragraph_cuts(paragraphs(text), m.plain, offsets(m))


def test_the_folds_fall_in_the_hook_and_quote_the_words_before_them():
    found = cuts_of(POST)
    assert found["phone"].paragraph == 2 and found["desktop"].paragraph == 2
    m = measure(POST)
    assert m.fold_mobile and m.fold_mobile.text.endswith(found["phone"].before)
    assert len(found["desktop"].before) <= 40


def test_a_fold_at_a_paragraphs_end_stays_with_that_paragraph():
    text = "One.\n\nTwo.\n\nThree.\n\nFour."  # the feed stops at the third line
    found = cuts_of(text)
    assert found["phone"].paragraph == 2 and found["phone"].before.endswith("Two.")


def test_the_limit_is_marked_where_it_falls():
    text = "\n\n".join(f"Paragraph {n} " + "word " * 20 for n in range(1, 6))
    found = cuts_of(text, "x")
    assert found["limit"].paragraph == 3


def test_a_short_post_has_no_cut():
    assert cuts_of("Short.\n\n#AI") == {}


@given(st.lists(st.text(alphabet="ab #-*\n.", min_size=1, max_size=40), max_size=8))
def test_cuts_name_real_paragraphs(parts):
    text = "\n\n".join(parts)
    for cut in cuts_of(text).values():
        assert 1 <= cut.paragraph <= len(paragraphs(text))
