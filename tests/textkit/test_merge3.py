import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posts.textkit import merge3 as merge3_module
from posts.textkit.merge3 import keep_both, merge3, merge_words, resolution, units

VOCAB = ["rules", "they", "the", "a", "post", "series", "draft", "we", "keep", "edit"]
SEPS = ["\n\n", "\n\n\n", "\n \n", "\n\t\n"]

# Small vocabulary: paragraphs collide, repeat and look alike.
loose_paragraph = st.lists(
    st.lists(st.sampled_from(VOCAB), min_size=1, max_size=5).map(" ".join),
    min_size=1,
    max_size=2,
).map("\n".join)


@st.composite
def texts(draw, paragraph=loose_paragraph):
    bodies = draw(st.lists(paragraph, min_size=0, max_size=6))
    head = draw(st.sampled_from(["", "\n", "\n\n"]))
    tail = draw(st.sampled_from(["", "\n", "\n\n", "  \n"]))
    if not bodies:
        return draw(st.sampled_from(["", "\n", " \n\n"]))
    out = head + bodies[0]
    for body in bodies[1:]:
        out += draw(st.sampled_from(SEPS)) + body
    return out + tail


def test_doctests():
    assert doctest.testmod(merge3_module).failed == 0


@given(texts())
def test_units_join_back_to_the_text(text):
    assert "".join(units(text)) == text


@given(texts(), texts())
def test_an_unchanged_side_gives_the_other_side(base, other):
    assert merge3(base, base, other).text == other
    assert merge3(base, other, base).text == other


@given(texts(), texts())
def test_the_same_edit_on_both_sides_is_that_edit(base, edited):
    assert merge3(base, edited, edited).text == edited


@given(texts(), texts(), texts())
def test_regions_cover_the_base_and_each_side_in_order(base, mine, theirs):
    merge = merge3(base, mine, theirs)
    assert "".join(r.base for r in merge.regions) == base
    # Keeping one side in every conflict never loses that side's clean changes.
    everything_mine = merge.resolve(["mine"] * len(merge.conflicts))
    everything_theirs = merge.resolve(["theirs"] * len(merge.conflicts))
    if merge.clean:
        assert everything_mine == everything_theirs == merge.text
    for region in merge.conflicts:
        assert region.mine != region.theirs


# --- a clean merge keeps every change of both sides ------------------------

# Distinct words per paragraph, so that the alignment has no ties to guess.
FRESH = [f"w{n}" for n in range(400)]


@st.composite
def edit_plan(draw):
    """A base of distinct paragraphs and two sets of edits on different paragraphs.

    Edits: replace one word, drop the paragraph, add a new paragraph after it,
    change the blank lines after it. Returns (base, mine, theirs, expected).
    """
    count = draw(st.integers(2, 8))
    words = iter(FRESH)
    bodies = [
        " ".join(next(words) for _ in range(draw(st.integers(4, 7)))) + "."
        for _ in range(count)
    ]
    seps = [draw(st.sampled_from(SEPS)) for _ in range(count - 1)]
    tail = draw(st.sampled_from(["", "\n"]))
    owners = draw(
        st.lists(
            st.sampled_from(["none", "mine", "theirs"]), min_size=count, max_size=count
        )
    )
    kinds = [
        draw(st.sampled_from(["word", "drop", "add", "space"])) for _ in range(count)
    ]
    new_words = iter(f"new{n}" for n in range(100))

    def edited(k: int, side: str) -> list[str]:
        """Paragraph k as the side leaves it: 0, 1 or 2 paragraphs."""
        body = bodies[k]
        if owners[k] != side:
            return [body]
        kind = kinds[k]
        if kind == "word":
            parts = body.split(" ")
            parts[draw(st.integers(0, len(parts) - 2))] = next(new_words)
            return [" ".join(parts)]
        if kind == "drop":
            return []
        if kind == "add":
            return [body, f"{next(new_words)} {next(new_words)} paragraph."]
        return [body]

    def build(lists: list[list[str]], spaced: str) -> str:
        """Each base paragraph's 0-2 paragraphs; the last of them keeps the
        blank lines that followed the base paragraph (one more if re-spaced)."""
        out = ""
        for k, paras in enumerate(lists):
            gap = seps[k] if k < count - 1 else tail
            owner = owners[k]
            if kinds[k] == "space" and owner != "none" and spaced in (owner, "both"):
                gap += "\n"
            for n, p in enumerate(paras):
                out += p + (gap if n == len(paras) - 1 else "\n\n")
        return out

    mine_paras = [edited(k, "mine") for k in range(count)]
    theirs_paras = [edited(k, "theirs") for k in range(count)]
    both_paras = [
        mine_paras[k] if owners[k] == "mine" else theirs_paras[k] for k in range(count)
    ]
    base = build([[b] for b in bodies], "none")
    return (
        base,
        build(mine_paras, "mine"),
        build(theirs_paras, "theirs"),
        build(both_paras, "both"),
    )


@settings(max_examples=300)
@given(edit_plan())
def test_edits_of_different_paragraphs_merge_cleanly_and_all_land(plan):
    base, mine, theirs, expected = plan
    merge = merge3(base, mine, theirs)
    assert merge.clean, merge.conflicts
    assert merge.text == expected


@given(
    st.lists(st.sampled_from(FRESH[:50]), min_size=4, max_size=12, unique=True),
    st.data(),
)
def test_edits_of_different_words_in_one_paragraph_merge_cleanly(words, data):
    i, j = sorted(
        data.draw(
            st.lists(
                st.integers(0, len(words) - 1), min_size=2, max_size=2, unique=True
            )
        )
    )
    base = " ".join(words) + ".\n"
    mine_words, theirs_words, both = list(words), list(words), list(words)
    mine_words[i] = both[i] = "mine"
    theirs_words[j] = both[j] = "theirs"
    merge = merge3(base, " ".join(mine_words) + ".\n", " ".join(theirs_words) + ".\n")
    assert merge.text == " ".join(both) + ".\n"


def test_a_whitespace_change_merges_with_a_word_change_in_the_same_paragraph():
    base = "One two three.\n\nFour five six.\n"
    mine = "One two three.\n\n\nFour five six.\n"  # one more blank line
    theirs = "One 2 three.\n\nFour five six.\n"
    assert merge3(base, mine, theirs).text == "One 2 three.\n\n\nFour five six.\n"


def test_changing_the_same_words_is_a_conflict_with_all_three_versions():
    base = "Intro.\n\nThe quick brown fox.\n\nEnd.\n"
    merge = merge3(base, base.replace("quick", "slow"), base.replace("quick", "fast"))
    [region] = merge.conflicts
    assert (region.base, region.mine, region.theirs) == (
        "The quick brown fox.\n\n",
        "The slow brown fox.\n\n",
        "The fast brown fox.\n\n",
    )
    assert region.paragraph == 2
    assert merge.resolve(["theirs-after-mine"]) == (
        "Intro.\n\nThe slow brown fox.\n\nThe fast brown fox.\n\nEnd.\n"
    )
    assert merge.resolve(["My own words.\n\n"]) == "Intro.\n\nMy own words.\n\nEnd.\n"
    with pytest.raises(ValueError):
        merge.text  # noqa: B018 - a conflicted merge has no text
    with pytest.raises(ValueError):
        merge.resolve([])


def test_two_insertions_at_one_place_conflict_and_keep_both_joins_them():
    base = "One.\n"
    merge = merge3(base, "One.\n\nMine.\n", "One.\n\nTheirs.\n")
    [region] = merge.conflicts
    assert merge.resolve(["mine-after-theirs"]) == "One.\n\nTheirs.\n\nMine.\n"


def test_changes_say_which_side_changed_which_paragraph():
    base = "A one.\n\nB two.\n\nC three.\n\nD four.\n"
    mine = base.replace("A one", "A uno")
    theirs = base.replace("D four", "D cuatro")
    changes = merge3(base, mine, theirs).changes
    assert [(c.kind, c.paragraph) for c in changes] == [("mine", 1), ("theirs", 4)]


def test_keep_both_and_resolution():
    assert keep_both("One.\n\n", "Two.\n") == "One.\n\nTwo.\n"
    assert keep_both("", "Two.\n") == "Two.\n"
    region = merge3("a b c.\n", "a x c.\n", "a y c.\n").conflicts[0]
    assert resolution(region, "mine") == "a x c.\n"
    assert resolution(region, "theirs") == "a y c.\n"
    assert resolution(region, "mine-after-theirs") == "a y c.\n\na x c.\n"


def test_merge_words_refuses_overlapping_word_changes():
    assert merge_words("a b c", "a x c", "a y c") is None
    assert merge_words("a b c d", "a x c d", "a b c y") == "a x c y"
