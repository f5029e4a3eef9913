"""The draft board's rows (issue #19), on the real example drafts and small texts."""

from posts.textkit.board import board
from posts.textkit.parsing import parse_draft


def bodies(paths):
    return [parse_draft(p.read_bytes(), p.name).body for p in paths]


def test_the_examples_hooks_share_one_row_and_their_teasers_another(example_paths):
    rows = {row.purpose: row for row in board(bodies(example_paths))}
    hooks = [cell.text for cell in rows["hook"].cells if cell]
    assert len(hooks) == 2
    assert hooks[0].startswith("My friends have often asked me")
    assert hooks[1].startswith("As promised last week")
    teasers = [dict(cell.facts)["Promises"] for cell in rows["teaser"].cells if cell]
    assert all(
        t.startswith("In next week's post (Part 2), I will explain how backpropagation")
        for t in teasers
    )


def test_hook_facts_are_the_feed_cuts():
    hook = "word " * 60
    (row,) = [r for r in board([f"{hook}\n\nSo what? Body."]) if r.purpose == "hook"]
    cell = row.cells[0]
    assert cell is not None
    facts = dict(cell.facts)
    assert (
        facts["Phone feed (140)"].endswith(" …see more")
        and len(facts["Phone feed (140)"]) <= 140 + 11
    )
    assert len(facts["Desktop feed (210)"]) > len(facts["Phone feed (140)"])


def test_a_row_has_an_empty_cell_for_a_draft_without_that_role():
    rows = {
        r.purpose: r
        for r in board(["Hook.\n\nBody.\n\nNext week: more.", "Hook two.\n\nBody two."])
    }
    assert rows["teaser"].cells[1] is None and rows["teaser"].cells[0] is not None


def test_shared_and_unique_hashtags():
    rows = {r.purpose: r for r in board(["A.\n\n#AI #ML", "B.\n\n#AI #Data"])}
    cells = rows["hashtags"].cells
    assert [dict(c.facts) for c in cells if c] == [
        {"Shared": "#AI", "Only here": "#ML"},
        {"Shared": "#AI", "Only here": "#Data"},
    ]


def test_a_call_to_action_after_the_turn_says_what_it_invites():
    text = "Hook.\n\nBody.\n\nMore body.\n\nAnd the best part? Your backfills become one command."
    rows = {r.purpose: r for r in board([text])}
    cell = rows["cta"].cells[0]
    assert (
        cell is not None
        and dict(cell.facts)["Invites"] == "Your backfills become one command."
    )
