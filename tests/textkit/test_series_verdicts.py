"""Voice and continuity verdicts on the real Part 1 drafts and on Part 2 fixtures
written in the generator's format (tests/fixtures/part2)."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posts.textkit.checks import (
    DraftChecks,
    PartOutline,
    VoiceElement,
    VoiceHit,
    check_draft,
    voice_elements_from_checklist,
)
from posts.textkit.continuity import is_callback, is_new_series, is_teaser
from posts.textkit.parsing import parse_draft
from posts.textkit.verdicts import VoiceTally, element_kind, place, tally
from posts.textkit.voice import checklist_elements, literal_items

PART2 = Path(__file__).resolve().parents[1] / "fixtures" / "part2"


def _load(path: Path):
    parsed = parse_draft(path.read_bytes())
    topic = ": ".join(
        x for x in (parsed.title, parsed.metadata.get("subtitle", "")) if x
    )
    items = parsed.scaffolding.voice_elements if parsed.scaffolding else []
    checklist = [(i.label, i.phrase, i.ticked) for i in items]
    return parsed, PartOutline(0, parsed.title, parsed.body, topic), checklist


def _as_part(outline: PartOutline, number: int) -> PartOutline:
    return PartOutline(number, outline.title, outline.text, outline.topic)


@pytest.fixture
def part1(example_paths):
    return {
        name: _load(next(p for p in example_paths if p.name.endswith(f"-{name}.md")))
        for name in ("balanced", "voice-match")
    }


@pytest.fixture
def profile(part1):
    """The series profile import seeds from the first checklist (Part 1's)."""
    _, _, checklist = part1["voice-match"]
    return voice_elements_from_checklist(
        [(label, phrase) for label, phrase, _ in checklist]
    )


def part2(name: str):
    return _load(PART2 / f"{name}.md")


def _check(parsed, checklist, number, outline, profile=()) -> DraftChecks:
    return check_draft(
        parsed.body,
        platform_key="linkedin",
        part_number=number,
        outline=outline,
        declared_word_count=parsed.declared_word_count,
        checklist=checklist,
        elements=profile,
    )


def _hit(hits, label) -> VoiceHit:
    return next(h for h in hits if h.element.label.startswith(label))


def _codes(checked: DraftChecks, kind: str) -> list[str]:
    return [f.code for f in checked.findings if f.kind == kind]


# ---------------------------------------------------------------- fixtures are what they claim


def test_the_part2_fixtures_are_in_the_generators_format():
    crlf = (PART2 / "neural-networks-part2-crlf.md").read_bytes()
    assert b"\r\n" in crlf and b"\n" not in crlf.replace(b"\r\n", b"")
    voice, _, checklist = part2("neural-networks-part2-voice-match")
    assert voice.scaffolding is not None and len(checklist) == 10
    story, _, _ = part2("neural-networks-part2-storytelling")
    assert story.strategy == "storytelling"
    other, _, _ = part2("vector-databases-part2-balanced")
    assert other.series == "Vector Databases"


# ---------------------------------------------------------------- voice


def test_part1_voice_match_is_checked_against_its_own_checklist_and_the_profile(
    part1, profile
):
    parsed, outline, checklist = part1["voice-match"]
    checked = _check(parsed, checklist, 1, [_as_part(outline, 1)], profile)
    # 11 items: 8 found, "Concrete example (MNIST …)" describes rather than quotes (to
    # tick), the callback is not wanted in Part 1 and the teaser points at a Part 2
    # the outline does not have (both set aside, continuity says why).
    assert str(checked.own_tally) == "8 of 11 verified, 1 to tick, 2 set aside"
    assert _hit(checked.own, "Specific numbers").present is True
    assert _hit(checked.own, "Specific resources").present is True
    assert _hit(checked.own, "Concrete example").present is None
    callback = _hit(checked.own, "Series callback")
    assert callback.present is None and "no last week" in callback.note
    # One verdict per sentence: no ✓ for the callback continuity warns about.
    assert "callback-in-first-part" in _codes(checked, "continuity")
    assert all(
        not (h.present and h.evidence.startswith("As promised last week"))
        for h in (*checked.own, *checked.profile)
    )
    # The profile keeps Part 1's numbers and resources as manual items: to tick.
    assert str(checked.profile_tally) == "6 of 11 verified, 3 to tick, 2 set aside"


def test_the_score_never_rounds_unticked_items_in():
    text = "That is because. In a nutshell, yes."
    elements = [
        VoiceElement("Because", "phrases", ("That is because",)),
        VoiceElement("Nutshell", "phrases", ("In a nutshell",)),
        VoiceElement("Anecdote", "manual"),
        VoiceElement("Numbers", "manual"),
    ]
    checked = check_draft(
        text, platform_key="blog", part_number=1, outline=[], elements=elements
    )
    assert str(checked.profile_tally) == "2 of 4 verified, 2 to tick"


def test_literal_items_are_checked_word_for_word():
    assert literal_items(
        "Specific numbers (784 neurons, 128 hidden, 10 output, 100,352 connections)"
    ) == (
        "784",
        "128",
        "10",
        "100,352",
    )
    assert literal_items("Concrete example (MNIST handwriting recognition)") == ()
    assert literal_items('Series callback ("As promised last week...")') == ()
    (element,) = checklist_elements(
        [("Specific resources (3Blue1Brown, Andrew Ng)", None)]
    )
    checked = check_draft(
        "Read Andrew Ng.", platform_key="blog", part_number=1, outline=[],
        checklist=[("Specific resources (3Blue1Brown, Andrew Ng)", None, True)],
    )  # fmt: skip
    (hit,) = checked.own
    assert hit.present is False and hit.missing == ("3Blue1Brown",)
    (claim,) = [f for f in checked.findings if f.code == "voice-claim-false"]
    assert claim.message.endswith("but 3Blue1Brown is not in the post.")
    assert element.mode == "all"


def test_part2_voice_match_keeps_its_own_callback_and_teaser(part1, profile):
    _, p1, _ = part1["balanced"]
    parsed, p2, checklist = part2("neural-networks-part2-voice-match")
    outline = [_as_part(p1, 1), _as_part(p2, 2), PartOutline(3, "Neural Networks", "")]
    checked = _check(parsed, checklist, 2, outline, profile)
    # Its own "Last week I promised…" and "Next week…" are there, word for word.
    assert _hit(checked.own, "Series callback").present is True
    assert _hit(checked.own, "Series continuity").present is True
    # The profile's "As promised last week…" is done in other words, not missing.
    profile_callback = _hit(checked.profile, "Series callback")
    assert (
        profile_callback.present is True and profile_callback.note == "In other words."
    )
    assert _hit(checked.profile, "Series continuity").present is True
    # Literal items: every number is in the text; one named resource is not.
    assert _hit(checked.own, "Specific numbers").present is True
    assert _hit(checked.own, "Specific resources").missing == ("3Blue1Brown",)
    assert str(checked.own_tally) == "8 of 10 verified, 1 missing, 1 to tick"
    assert _codes(checked, "continuity") == []


def test_a_teaser_in_the_last_part_is_set_aside_unless_it_promises_a_new_series(
    part1, profile
):
    _, p1, _ = part1["balanced"]
    story, p2, checklist = part2("neural-networks-part2-storytelling")
    outline = [_as_part(p1, 1), _as_part(p2, 2)]
    checked = _check(story, checklist, 2, outline, profile)
    teaser = _hit(checked.profile, "Series continuity")
    assert teaser.present is True and "new series on transformers" in teaser.evidence
    assert "teaser-in-last-part" not in _codes(checked, "continuity")
    voice, p2v, own = part2("neural-networks-part2-voice-match")
    checked = _check(voice, own, 2, [_as_part(p1, 1), _as_part(p2v, 2)], profile)
    teaser = _hit(checked.own, "Series continuity")
    assert teaser.present is None and teaser.note.startswith(
        "Continuity: This is the last part"
    )


# ---------------------------------------------------------------- continuity


def test_part1_teaser_is_kept_by_a_part2_about_backpropagation(part1):
    for p1_name in ("balanced", "voice-match"):
        parsed, p1, checklist = part1[p1_name]
        for name in ("storytelling", "voice-match", "crlf"):
            _, p2, _ = part2(f"neural-networks-part2-{name}")
            outline = [
                _as_part(p1, 1),
                _as_part(p2, 2),
                PartOutline(3, "Neural Networks", ""),
            ]
            checked = _check(parsed, checklist, 1, outline)
            assert "teaser-off-topic" not in _codes(checked, "continuity"), (
                p1_name,
                name,
            )


def test_part1_teaser_against_an_unrelated_part2_says_what_each_is_about(part1):
    parsed, p1, _ = part1["balanced"]
    _, other, _ = part2("vector-databases-part2-balanced")
    checked = _check(parsed, [], 1, [_as_part(p1, 1), _as_part(other, 2)])
    (off,) = [f for f in checked.findings if f.code == "teaser-off-topic"]
    assert off.message.startswith(
        "The teaser promises how backpropagation and gradient descent actually update"
    )
    assert (
        "; Part 2 is about “Vector Databases: Choosing an Index”: As promised last week, here is how vector databases"
        in off.message
    )


def test_one_shared_keyword_does_not_keep_a_promise(part1):
    parsed, p1, _ = part1["balanced"]
    # Shares "weights" (and "networks") with the teaser, nothing else of it.
    unrelated = PartOutline(
        2,
        "Vector Databases",
        "# Vector search\n\nIndexes store vectors and their weights for fast search.",
        "Vector Databases: Indexes",
    )
    checked = _check(parsed, [], 1, [_as_part(p1, 1), unrelated])
    assert "teaser-off-topic" in _codes(checked, "continuity")


def test_part2_callback_is_checked_against_part1_teaser(part1):
    _, p1, _ = part1["balanced"]
    for name in ("neural-networks-part2-voice-match", "neural-networks-part2-crlf"):
        parsed, p2, checklist = part2(name)
        checked = _check(
            parsed,
            checklist,
            2,
            [_as_part(p1, 1), _as_part(p2, 2), PartOutline(3, "x", "")],
        )
        assert not {"callback-mismatch", "callback-unpromised"} & set(
            _codes(checked, "continuity")
        )
    parsed, other, _ = part2("vector-databases-part2-balanced")
    checked = _check(parsed, [], 2, [_as_part(p1, 1), _as_part(other, 2)])
    (mismatch,) = [f for f in checked.findings if f.code == "callback-mismatch"]
    assert mismatch.evidence.startswith(
        "As promised last week, here is how vector databases"
    )
    assert (
        "Part 1 promised how backpropagation and gradient descent" in mismatch.message
    )


def test_a_new_series_in_the_last_part_is_not_a_teaser_for_a_missing_part(part1):
    _, p1, _ = part1["balanced"]
    parsed, p2, _ = part2("neural-networks-part2-storytelling")
    checked = _check(parsed, [], 2, [_as_part(p1, 1), _as_part(p2, 2)])
    assert not {"teaser-in-last-part", "teaser-missing-part"} & set(
        _codes(checked, "continuity")
    )
    assert is_new_series("Next week I will start a new series on transformers.")
    assert not is_teaser("Next week I will start a new series on transformers.")


def test_crlf_part2_reads_like_its_lf_twin(part1):
    _, p1, _ = part1["balanced"]
    raw = (PART2 / "neural-networks-part2-crlf.md").read_bytes()
    parsed, p2, _ = part2("neural-networks-part2-crlf")
    lf = parse_draft(raw.replace(b"\r\n", b"\n"))
    outline = [_as_part(p1, 1), _as_part(p2, 2)]
    assert "\r" not in parsed.body and parsed.declared_word_count == 110
    assert (
        _check(parsed, [], 2, outline).findings == _check(lf, [], 2, outline).findings
    )
    codes = _codes(_check(parsed, [], 2, outline), "continuity")
    assert codes == ["teaser-missing-part"]  # "Next week, in Part 3": no Part 3


# ---------------------------------------------------------------- properties

_sentences = st.lists(
    st.sampled_from(
        [
            "As promised last week, here is more.",
            "Last week I promised a guide.",
            "Next week, we go further.",
            "In next week's post (Part 2), I will explain weights.",
            "Next week I will start a new series on transformers.",
            "That is because it matters.",
            "Plain words here.",
        ]
    ),
    max_size=6,
)
_elements = [
    VoiceElement(
        "Series callback", "phrases", ("As promised last week",), starts_with=True
    ),
    VoiceElement("Series continuity", "phrases", ("Next week",), starts_with=True),
    VoiceElement("Because", "phrases", ("That is because",)),
    VoiceElement("Anecdote", "manual"),
]


@given(_sentences, st.integers(1, 3), st.integers(1, 3))
def test_no_sentence_is_both_a_voice_tick_and_a_continuity_warning(
    sentences, part, parts
):
    part = min(part, parts)
    outline = [
        PartOutline(n, f"Part {n}", "Weights and more weights.")
        for n in range(1, parts + 1)
    ]
    checked = check_draft(
        " ".join(sentences),
        platform_key="blog",
        part_number=part,
        outline=outline,
        elements=_elements,
    )
    warned = {f.evidence for f in checked.findings if f.kind == "continuity"}
    assert not [h for h in checked.profile if h.present and h.evidence in warned]
    counted = checked.profile_tally
    assert counted.total == len(_elements)
    if part == 1:
        assert _hit(checked.profile, "Series callback").present is None


@given(st.lists(st.sampled_from([True, False, None]), max_size=12))
def test_tally_counts_every_hit_once(states):
    hits = [
        VoiceHit(VoiceElement(str(i), "manual"), s, "") for i, s in enumerate(states)
    ]
    counted = tally(hits)
    assert counted.total == len(states)
    assert counted == VoiceTally(
        states.count(True), states.count(False), states.count(None), 0
    )
    assert "%" not in str(counted)


def test_callback_and_teaser_elements_are_told_apart():
    assert (
        element_kind(
            VoiceElement("Series callback", "phrases", ("Last week I promised",))
        )
        == "callback"
    )
    assert (
        element_kind(
            VoiceElement(
                "Series continuity", "phrases", ("In next week's post (Part 2)",)
            )
        )
        == "teaser"
    )
    assert element_kind(VoiceElement("Turn", "phrases", ("And the best part?",))) == ""
    assert is_callback("Last week I promised to show it.")
    assert place([], [], part_number=1, first=1, last=1, continuity=[]) == []
