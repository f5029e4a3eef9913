"""Our own guard on front matter runs before the YAML library, whatever its version does."""

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posts.textkit import frontmatter
from posts.textkit.frontmatter import MAX_YAML_DEPTH, check_structure
from posts.textkit.parsing import DraftRejected, parse_draft

# YAML reads NEL, LS and PS as line breaks, so a writer would not round-trip them either.
text = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_categories=["Cs", "Cc", "Zl", "Zp"],
        exclude_characters="\x85",
    ),
    max_size=12,
)
keys = text.filter(bool)
scalars = st.one_of(st.integers(), st.booleans(), st.none(), text)


def nested(depth: int):
    """Mappings and lists nested exactly `depth` levels deep (the top mapping counts as one)."""
    inner: st.SearchStrategy[object] = st.dictionaries(keys, scalars, max_size=3)
    for _ in range(depth - 1):
        child = inner
        inner = st.one_of(
            st.lists(child, min_size=1, max_size=2),
            st.dictionaries(keys, child, min_size=1, max_size=2),
        )
        inner = st.dictionaries(st.just("key"), inner, min_size=1)
    return inner


# Nested data is slow to generate on a loaded 2-core machine; that says nothing about the guard.
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(value=nested(6), flow=st.sampled_from([None, True, False]))
def test_guard_accepts_what_a_yaml_writer_writes(value, flow):
    source = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True)
    check_structure(source)
    assert yaml.safe_load(source) == value


@pytest.mark.parametrize("flow", [None, True, False])
def test_guard_refuses_nesting_deeper_than_the_limit_in_any_style(flow):
    value: object = "leaf"
    for _ in range(MAX_YAML_DEPTH + 1):
        value = {"k": [value]}
    source = yaml.safe_dump(value, default_flow_style=flow)
    with pytest.raises(DraftRejected, match="nested more than 20 levels"):
        check_structure(source)


@pytest.mark.parametrize(
    "source",
    [
        'topic: "Q&A *live*: [not a list"\n',
        "strategy: state-of-the-art & *more*\n",
        "title: 'It''s [here] & {there}'\n",
        "notes: |\n  [[[[[[[[[[[[[[[[[[[[[[[[\n  &anchor *alias\ntopic: x\n",
        "topic: x # a comment with [[[[[[[[[[[[[[[[[[[[[[[[ & *\n",
    ],
)
def test_guard_leaves_ampersands_stars_and_brackets_in_text_alone(source):
    check_structure(source)


@pytest.mark.parametrize(
    "source", ["a: &x 1\nb: *x\n", "a: [1, *x]\n", "- &x 1\n", "a: {b: &x c}\n"]
)
def test_guard_refuses_anchors_and_aliases_itself(source):
    with pytest.raises(DraftRejected, match="anchors or aliases"):
        check_structure(source)


def test_guard_refuses_before_the_yaml_library_reads_anything(monkeypatch):
    def library_must_not_run(*args, **kwargs):
        raise AssertionError("the YAML library was called before our guard refused")

    monkeypatch.setattr(frontmatter.yaml, "parse", library_must_not_run)
    monkeypatch.setattr(frontmatter.yaml, "load", library_must_not_run)
    with pytest.raises(DraftRejected, match="nested more than 20 levels"):
        parse_draft("---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\nText.\n")
    with pytest.raises(DraftRejected, match="anchors or aliases"):
        parse_draft("---\na: &x [1]\nb: *x\n---\nText.\n")


@pytest.mark.parametrize(
    "refusal",
    [
        yaml.YAMLError("exceeded maximum nesting depth"),
        yaml.MarkedYAMLError(problem="exceeded maximum nesting depth"),
        RecursionError("maximum recursion depth exceeded"),
    ],
)
def test_a_refusal_by_the_yaml_library_becomes_a_clear_message(monkeypatch, refusal):
    def refuse(*args, **kwargs):
        raise refusal

    monkeypatch.setattr(frontmatter.yaml, "parse", refuse)
    with pytest.raises(DraftRejected) as caught:
        parse_draft("---\ntopic: Seeds\n---\nText.\n")
    reason = caught.value.reason
    assert reason.startswith(
        "The front matter (between the '---' lines at the top) is "
    )
    assert "Traceback" not in reason
