"""Provenance notes (issue #19): a paragraph keeps its source until it is edited away."""

from hypothesis import given
from hypothesis import strategies as st

from posts.textkit.provenance import Note, Origin, trace

ORIGINS = [
    Origin("from Draft 2 · bold, r2", "Hook two grabs you by the collar."),
    Origin("from Draft 1, r1", "Body one explains it all."),
]


def test_identical_paragraphs_name_their_source():
    notes = trace(
        "Hook two grabs you by the collar.\n\nBody one explains it all.", ORIGINS
    )
    assert [(n.paragraph, n.label, n.edited) for n in notes] == [
        (1, "from Draft 2 · bold, r2", False),
        (2, "from Draft 1, r1", False),
    ]


def test_a_lightly_edited_paragraph_is_edited_since():
    (note,) = trace("Hook two grabs you firmly by the collar.", ORIGINS[:1])
    assert note.edited and note.label == "from Draft 2 · bold, r2"


def test_a_paragraph_edited_away_has_no_note():
    assert trace("Something else entirely, in my own words now.", ORIGINS[:1]) == []


def test_whitespace_and_case_do_not_count_as_edits():
    (note,) = trace("hook two  grabs you\nby the collar.", ORIGINS[:1])
    assert not note.edited


def test_each_source_explains_one_paragraph():
    notes = trace("Body one explains it all.\n\nBody one explains it all.", ORIGINS[1:])
    assert [n.paragraph for n in notes] == [1]


def test_the_opening_is_the_paragraphs_first_words():
    long = "word " * 40
    (note,) = trace(long, [Origin("x", long)])
    assert note.opening.endswith("…") and len(note.opening) <= 61


@given(
    st.lists(st.text(alphabet="ab .\n", max_size=30), max_size=6),
    st.text(alphabet="ab .\n", max_size=80),
)
def test_notes_point_at_real_paragraphs_once(sources, text):
    notes = trace(text, [Origin(str(i), s) for i, s in enumerate(sources)])
    assert len({n.paragraph for n in notes}) == len(notes)
    assert all(isinstance(n, Note) and n.paragraph >= 1 for n in notes)
