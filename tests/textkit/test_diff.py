import ast
import doctest
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posts.textkit import align, diff, words
from posts.textkit.diff import (
    Collapsed,
    Row,
    Span,
    apply_changes,
    collapse,
    diff_texts,
    paragraphs,
    tokens,
    word_spans,
)
from posts.textkit.layout import split_layout

WORDS = [
    "rules",
    "they",
    "don't",
    "the",
    "a",
    "post",
    "series",
    "write",
    "hands-on",
    "draft",
]
MARKS = [
    ",",
    ".",
    "—",
    "!",
    "?",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\n\n\n",
    "\r\n",
    "\r",
    "\n \n",
    "\t",
]


def kinds(d: diff.Diff) -> list[str]:
    return [row.kind for row in d.rows]


def texts(spans: list[Span]) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in spans]


# --- hypothesis strategies -------------------------------------------------

text = st.lists(st.sampled_from(WORDS + MARKS), max_size=40).map("".join)

paragraph = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
separator = st.sampled_from(["\n\n", "\n\n\n", "\n \n", "\r\n\r\n"])


@st.composite
def related_pair(draw):
    """A as paragraphs; B edits, moves, adds and drops some of them."""
    a_paras = draw(st.lists(paragraph, max_size=8))
    b_paras = list(a_paras)
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["edit", "move", "insert", "delete"]))
        if action == "insert" or not b_paras:
            b_paras.insert(draw(st.integers(0, len(b_paras))), draw(paragraph))
            continue
        k = draw(st.integers(0, len(b_paras) - 1))
        if action == "edit":
            words = b_paras[k].split(" ")
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
            b_paras[k] = " ".join(words)
        elif action == "move":
            b_paras.insert(draw(st.integers(0, len(b_paras) - 1)), b_paras.pop(k))
        else:
            b_paras.pop(k)

    def join(paras):
        out = draw(st.sampled_from(["", "\n", "\n\n"]))
        for k, p in enumerate(paras):
            out += p + (draw(separator) if k < len(paras) - 1 else "")
        return out + draw(st.sampled_from(["", "\n", "\n\n", " "]))

    return join(a_paras), join(b_paras)


pairs = st.one_of(st.tuples(text, text), related_pair())


# --- properties ------------------------------------------------------------


@given(pairs)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_applying_every_change_gives_b_and_none_gives_a(pair):
    a, b = pair
    d = diff_texts(a, b)
    assert apply_changes(a, b, d, d.change_indexes) == b
    assert apply_changes(a, b, d, set()) == a


@given(pairs, st.randoms(use_true_random=False))
@settings(max_examples=300)
def test_applying_some_changes_keeps_whole_paragraphs(pair, rnd):
    a, b = pair
    d = diff_texts(a, b)
    take = {i for i in d.change_indexes if rnd.random() < 0.5}
    result = apply_changes(a, b, d, take)
    if a.strip() and b.strip():
        assert set(paragraphs(result)) <= set(paragraphs(a)) | set(paragraphs(b))


@given(text)
def test_a_text_against_itself_has_no_changes(a):
    d = diff_texts(a, a)
    assert d.changes == 0
    assert d.is_identical
    assert apply_changes(a, a, d, set()) == a


@given(pairs)
def test_spans_join_back_to_the_paragraph(pair):
    for row in diff_texts(*pair).rows:
        assert "".join(s.text for s in row.left_spans) == (row.left or "")
        assert "".join(s.text for s in row.right_spans) == (row.right or "")
        assert {s.kind for s in row.left_spans} <= {"equal", "delete"}
        assert {s.kind for s in row.right_spans} <= {"equal", "insert"}
        assert all(s.text for s in row.left_spans + row.right_spans)


@given(pairs)
def test_every_paragraph_appears_once_in_order(pair):
    a, b = pair
    rows = diff_texts(a, b).rows
    assert [r.index for r in rows] == list(range(len(rows)))
    assert sorted(r.left_no for r in rows if r.left_no) == list(
        range(1, len(paragraphs(a)) + 1)
    )
    assert [r.right_no for r in rows if r.right_no] == list(
        range(1, len(paragraphs(b)) + 1)
    )
    in_place = [r.left_no for r in rows if r.left_no and r.kind != "moved"]
    assert in_place == sorted(in_place)


def _cuts(spans: list[Span]) -> int:
    """Highlights that start or end inside a word (letters or digits on both sides)."""
    text = "".join(s.text for s in spans)
    cuts, at = 0, 0
    for span in spans:
        end = at + len(span.text)
        if span.kind != "equal":
            cuts += at > 0 and text[at - 1].isalnum() and span.text[0].isalnum()
            cuts += end < len(text) and text[end].isalnum() and span.text[-1].isalnum()
        at = end
    return cuts


@given(pairs)
@settings(max_examples=300)
def test_no_highlight_cuts_through_a_word(pair):
    for row in diff_texts(*pair).rows:
        assert _cuts(row.left_spans) == 0
        assert _cuts(row.right_spans) == 0


long_paragraph = st.lists(st.sampled_from(WORDS), min_size=6, max_size=12).map(" ".join)


@given(st.lists(long_paragraph, min_size=4, max_size=8, unique=True), st.data())
@settings(max_examples=200)
def test_a_paragraph_moved_unchanged_is_found_as_moved(paras, data):
    k = data.draw(st.integers(0, len(paras) - 1))
    to = data.draw(st.integers(0, len(paras) - 1).filter(lambda n: abs(n - k) > 1))
    moved = list(paras)
    moved.insert(to, moved.pop(k))
    a, b = "\n\n".join(paras), "\n\n".join(moved)
    d = diff_texts(a, b)
    assert "moved" in kinds(d)
    assert not {"insert", "delete"} & set(kinds(d))
    assert all(r.left == r.right for r in d.rows if r.kind == "moved")
    assert apply_changes(a, b, d, d.change_indexes) == b


@given(pairs)
@settings(max_examples=100)
def test_a_full_codebook_falls_back_to_the_same_kind_of_diff(pair):
    """Past a million distinct words the words are compared as strings."""
    a, b = pair
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(words, "_CODES", 3)
        d = diff_texts(a, b)
    assert apply_changes(a, b, d, d.change_indexes) == b
    assert apply_changes(a, b, d, set()) == a
    for row in d.rows:
        assert "".join(s.text for s in row.left_spans) == (row.left or "")
        assert "".join(s.text for s in row.right_spans) == (row.right or "")


@given(text)
def test_paragraphs_and_tokens_lose_nothing(t):
    layout = split_layout(t)
    assert layout.text() == t
    assert layout.bodies == paragraphs(t)
    for p in paragraphs(t):
        assert "".join(tokens(p)) == p


# --- paragraphs and tokens -------------------------------------------------


def test_paragraphs_split_on_blank_lines_and_keep_their_text():
    assert paragraphs("  Code\n  more\n\n \t\nNext  \nline\n\n\n") == [
        "  Code\n  more",
        "Next  \nline",
    ]
    assert paragraphs("") == []
    assert paragraphs("one\r\n\r\ntwo") == ["one", "two"]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("rules—they", ["rules", "—", "they"]),
        ("I don't know", ["I ", "don't ", "know"]),
        ("It’s hands-on.", ["It’s ", "hands-on", "."]),
        (
            "see https://example.com/a-b?x=1&y=2.",
            ["see ", "https://example.com/a-b?x=1&y=2", "."],
        ),
        ("(www.example.org)", ["(", "www.example.org", ")"]),
        ("#AI and 1,000 e-mails", ["#AI ", "and ", "1,000 ", "e-mails"]),
        ("  indented", ["  ", "indented"]),
        ("cafe\u0301 ok", ["cafe\u0301 ", "ok"]),
    ],
)
def test_tokens_never_split_a_word(paragraph, expected):
    assert tokens(paragraph) == expected


# --- word spans ------------------------------------------------------------


def test_diff_marks_changed_words_only():
    left, right = word_spans("We write the draft today.", "We write the post today.")
    assert texts(left) == [
        ("equal", "We write the "),
        ("delete", "draft"),
        ("equal", " today."),
    ]
    assert texts(right) == [
        ("equal", "We write the "),
        ("insert", "post"),
        ("equal", " today."),
    ]


def test_diff_highlights_whole_words_around_an_em_dash():
    left, right = word_spans("Keep the rules—they help.", "Keep the rules—we help.")
    assert ("delete", "they") in texts(left)
    assert ("insert", "we") in texts(right)
    assert all(s.text in {"they", "we"} for s in left + right if s.kind != "equal")


def test_diff_treats_a_changed_contraction_or_url_as_one_word():
    left, right = word_spans(
        "I don't go to https://a.org/x today", "I do not go to https://a.org/y today"
    )
    assert [s.text for s in left if s.kind == "delete"] == ["don't", "https://a.org/x"]
    assert [s.text for s in right if s.kind == "insert"] == [
        "do not",
        "https://a.org/y",
    ]


def test_diff_joins_changes_separated_only_by_punctuation():
    left, right = word_spans("red, green and blue", "cyan; magenta and blue")
    assert texts(left) == [("delete", "red, green"), ("equal", " and blue")]
    assert texts(right) == [("insert", "cyan; magenta"), ("equal", " and blue")]


def test_word_spans_of_equal_paragraphs_are_one_equal_span():
    assert word_spans("Same.", "Same.") == (
        [Span("equal", "Same.")],
        [Span("equal", "Same.")],
    )


# --- rows ------------------------------------------------------------------


def test_diff_pairs_a_changed_paragraph_and_keeps_equal_ones():
    d = diff_texts(
        "One.\n\nWe write the draft today.\n", "One.\n\nWe write the post today.\n"
    )
    assert kinds(d) == ["equal", "changed"]
    assert d.changes == 1
    assert (d.rows[1].left_no, d.rows[1].right_no) == (2, 2)


def test_diff_leaves_a_gap_for_an_inserted_paragraph():
    d = diff_texts("One.\n\nThree.\n", "One.\n\nTwo is new.\n\nThree.\n")
    assert kinds(d) == ["equal", "insert", "equal"]
    inserted = d.rows[1]
    assert (inserted.left, inserted.left_no, inserted.right_no) == (None, None, 2)
    assert inserted.left_spans == []
    assert texts(inserted.right_spans) == [("insert", "Two is new.")]


def test_diff_leaves_a_gap_for_a_deleted_paragraph():
    d = diff_texts("One.\n\nTwo goes.\n\nThree.", "One.\n\nThree.")
    assert kinds(d) == ["equal", "delete", "equal"]
    assert (d.rows[1].right, d.rows[1].left_no) == (None, 2)


def test_diff_recognises_a_moved_paragraph():
    a = "Alpha starts here.\n\nBravo is the one that moves.\n\nCharlie stays.\n\nDelta stays too.\n"
    b = "Alpha starts here.\n\nCharlie stays.\n\nDelta stays too.\n\nBravo is the one that moves.\n"
    d = diff_texts(a, b)
    assert kinds(d) == ["equal", "equal", "equal", "moved"]
    moved = d.rows[3]
    assert (moved.left_no, moved.right_no) == (2, 4)
    assert moved.left == moved.right == "Bravo is the one that moves."
    assert apply_changes(a, b, d, {3}) == b


def test_diff_recognises_a_moved_and_edited_paragraph():
    a = "Alpha.\n\nBravo is the one that moves to the end today.\n\nCharlie.\n\nDelta.\n"
    b = "Alpha.\n\nCharlie.\n\nDelta.\n\nBravo is the one that moves to the end tomorrow.\n"
    d = diff_texts(a, b)
    assert kinds(d) == ["equal", "equal", "equal", "moved"]
    assert [s.text for s in d.rows[3].right_spans if s.kind == "insert"] == ["tomorrow"]


def test_diff_keeps_unrelated_replacements_as_delete_and_insert():
    d = diff_texts(
        "Keep.\n\nCompost needs air.\n", "Keep.\n\nTaxes are due in April.\n"
    )
    assert kinds(d) == ["equal", "delete", "insert"]


def test_diff_reports_a_blank_line_change_so_b_can_be_rebuilt():
    a, b = "One.\n\nTwo.\n", "One.\n\n\nTwo.\n"
    d = diff_texts(a, b)
    assert kinds(d) == ["changed", "equal"]
    assert d.rows[0].left == d.rows[0].right
    assert apply_changes(a, b, d, d.change_indexes) == b


def test_appending_a_paragraph_changes_nothing_else():
    a, b = "One.\n\nTwo.\n", "One.\n\nTwo.\n\nThree.\n"
    d = diff_texts(a, b)
    assert kinds(d) == ["equal", "equal", "insert"]
    assert apply_changes(a, b, d, {2}) == b


def test_apply_changes_takes_only_the_chosen_rows():
    a = "Intro.\n\nOld middle words here.\n\nGone soon.\n\nEnd.\n"
    b = "Intro.\n\nNew middle words here.\n\nEnd.\n\nAdded.\n"
    d = diff_texts(a, b)
    assert kinds(d) == ["equal", "changed", "delete", "equal", "insert"]
    assert (
        apply_changes(a, b, d, {1})
        == "Intro.\n\nNew middle words here.\n\nGone soon.\n\nEnd.\n"
    )
    assert (
        apply_changes(a, b, d, {2, 4})
        == "Intro.\n\nOld middle words here.\n\nEnd.\n\nAdded.\n"
    )


def test_apply_changes_rejects_unknown_rows_and_other_texts():
    d = diff_texts("One.", "Two.")
    with pytest.raises(ValueError):
        apply_changes("One.", "Two.", d, {7})
    with pytest.raises(ValueError):
        apply_changes("Other.", "Two.", d, set())


def test_whitespace_only_texts_still_differ():
    d = diff_texts("", "\n")
    assert d.changes == 1
    assert apply_changes("", "\n", d, d.change_indexes) == "\n"


def test_a_single_huge_paragraph_stays_fast_and_exact():
    rnd = random.Random(7)
    words = [rnd.choice(WORDS) for _ in range(30_000)]
    a = " ".join(words)
    words[15_000] = "CHANGED"
    b = " ".join(words)
    left, right = word_spans(a, b)
    assert [s.text for s in right if s.kind == "insert"] == ["CHANGED"]
    assert "".join(s.text for s in left) == a


# --- collapse --------------------------------------------------------------


def _row(index: int, kind: str) -> Row:
    return Row(index, kind, "p", "p", 1, 1, [], [])


def test_collapse_folds_long_equal_runs_and_keeps_context():
    rows = [_row(i, k) for i, k in enumerate("EEEECEEEEEC" + "EE")]
    rows = [_row(r.index, "changed" if r.kind == "C" else "equal") for r in rows]
    out = collapse(rows, context=1)
    shape = ["F" + str(x.count) if isinstance(x, Collapsed) else x.kind[0] for x in out]
    assert shape == ["F3", "e", "c", "e", "F3", "e", "c", "e", "e"]


def test_collapse_keeps_short_runs():
    rows = [
        _row(0, "changed"),
        _row(1, "equal"),
        _row(2, "equal"),
        _row(3, "equal"),
        _row(4, "changed"),
    ]
    assert collapse(rows, context=1) == rows


def test_collapsed_rows_say_what_they_are_for_the_template():
    folded = collapse([_row(i, "equal") for i in range(5)])
    assert folded == [Collapsed(5, [_row(i, "equal") for i in range(5)])]
    assert folded[0].kind == "collapsed"


# --- module hygiene --------------------------------------------------------


def test_diff_module_does_not_import_django():
    tree = ast.parse(Path(diff.__file__).read_text())
    imported = [
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    ]
    imported += [
        n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
    ]
    assert not [name for name in imported if name.split(".")[0] == "django"]


def test_docstring_examples_run():
    assert doctest.testmod(diff).failed == 0


@given(st.lists(text, min_size=1, max_size=6), st.lists(text, min_size=1, max_size=6))
@settings(max_examples=200)
def test_bits_give_the_same_similarity_as_the_bags(pa, pb):
    """Words.bits is Words.bag as an int: Dice by bits and by sets agree,
    also once the Codebook ran out and the words themselves are compared."""
    for codes in (words._CODES, 3):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(words, "_CODES", codes)
            book = words.Codebook()
            wa, wb = words.Words(pa, book), words.Words(pb, book)
            for i in range(len(pa)):
                assert wa.bits(i).bit_count() == len(wa.bag(i))
                for j in range(len(pb)):
                    by_sets = align.similarity(wa.bag(i), wb.bag(j))
                    assert align._dice(wa.bits(i), wb.bits(j)) == by_sets


@given(pairs)
@settings(max_examples=150)
def test_near_moves_by_bits_and_by_holders_agree(pair):
    """_near_moves counts shared rare words with bits for few pairs and with
    each word's holders for many: the rows are the same either way."""
    a, b = pair
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(align, "_BITS_PAIRS", 0)
        by_holders = diff_texts(a, b)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(align, "_BITS_PAIRS", 10**9)
        by_bits = diff_texts(a, b)
    assert by_bits == by_holders
