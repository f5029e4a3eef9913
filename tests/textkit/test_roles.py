"""Paragraph roles (issue #19): every example draft, with its roles written out by hand."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posts.textkit.parsing import parse_draft
from posts.textkit.roles import (
    BODY,
    CTA,
    HASHTAGS,
    HOOK,
    ORDER,
    REFERENCES,
    TEASER,
    TITLE,
    WHY,
    by_purpose,
    classify,
)

HERE = Path(__file__).resolve().parent
DEMO = HERE.parents[1] / "posts" / "management" / "demo"

# The roles a careful editor gives each paragraph, in order.
EXPECTED = {
    "neural-networks-part1-balanced.md": [TITLE, HOOK, HOOK, BODY, BODY, WHY, CTA, TEASER, REFERENCES, HASHTAGS],
    "neural-networks-part1-voice-match.md": [TITLE, HOOK, HOOK, BODY, BODY, BODY, WHY, CTA, TEASER, REFERENCES, HASHTAGS],
    "data-pipelines-part1-balanced.md": [TITLE, HOOK, HOOK, BODY, BODY, WHY, CTA, TEASER, REFERENCES, HASHTAGS],
    "data-pipelines-part1-voice-match.md": [TITLE, HOOK, HOOK, BODY, BODY, WHY, CTA, TEASER, REFERENCES, HASHTAGS],
    "data-pipelines-part2-balanced.md": [HOOK, HOOK, BODY, WHY, CTA, HASHTAGS],
    "compost-part1-balanced.md": [TITLE, HOOK, HOOK, BODY, REFERENCES, HASHTAGS],
    "compost-part2-voice-match.md": [TITLE, HOOK, BODY, REFERENCES, HASHTAGS],
}  # fmt: skip


def roles_of(path: Path) -> list[str]:
    return [p.purpose for p in classify(parse_draft(path.read_bytes(), path.name).body)]


def test_the_real_example_drafts(example_paths):
    for path in example_paths:
        assert roles_of(path) == EXPECTED[path.name], path.name


@pytest.mark.parametrize(
    "path",
    sorted(DEMO.glob("*.md")) + sorted((HERE / "fixtures").glob("compost-*.md")),
    ids=lambda p: p.name,
)
def test_the_demo_and_fixture_drafts(path):
    assert roles_of(path) == EXPECTED[path.name]


def test_a_question_to_the_reader_at_the_end_is_the_call_to_action():
    text = "I rewrote our onboarding.\n\nIt took a week.\n\nThe new flow is shorter.\n\nWhat would you cut first? Let me know below."
    assert [p.purpose for p in classify(text)] == [HOOK, BODY, BODY, CTA]


def test_a_teaser_mentioned_in_the_opening_is_still_the_hook():
    text = "Next week I start a series. First, a story.\n\nIt began in May.\n\nIt ended in June."
    assert [p.purpose for p in classify(text)][0] == HOOK


def test_a_separator_goes_with_the_paragraph_before_it():
    text = "# A title\n\nThe hook.\n\n---\n\nBody text here."
    assert [p.purpose for p in classify(text)] == [TITLE, HOOK, HOOK, BODY]


def test_indexes_are_the_compose_forms_paragraph_numbers():
    found = classify("One.\n\n\n\nTwo.\n\n#AI")
    assert [(p.index, p.text) for p in found] == [(1, "One."), (2, "Two."), (3, "#AI")]


def test_by_role_keeps_reading_order_and_leaves_out_absent_roles():
    grouped = by_purpose(classify("# T\n\nHook.\n\nBody.\n\n#AI"))
    assert list(grouped) == [TITLE, HOOK, BODY, HASHTAGS]


@given(st.text(alphabet=st.sampled_from(list("ab #?.\n-*[]()1:")), max_size=200))
def test_every_paragraph_gets_exactly_one_known_role(text):
    found = classify(text)
    assert all(p.purpose in ORDER for p in found)
    assert [p.index for p in found] == sorted({p.index for p in found})
    assert sum(p.purpose == TITLE for p in found) <= 1
    assert all(p.purpose != TITLE or i == 0 for i, p in enumerate(found))
