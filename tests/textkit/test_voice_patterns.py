"""Writers' own voice patterns run on every preview: RE2 keeps each linear in the text."""

import pytest

from posts.textkit.checks import VoiceElement, check_voice, voice_pattern_error
from tests.scaling import growth

# Python's re backtracks exponentially on the first (35 s on 27 characters) and
# polynomially on the second (over 85 s on 600 characters).
HOSTILE = [r"(a|a)*c", r".*.*.*.*x", r"(a+)+$", r"(\w*)*!"]

# No "c", "x" or "!" anywhere, so no hostile pattern matches early and each must
# read every sentence; runs of "a" are what "(a|a)*c" chokes on.
WORDS = "the dog ran far into woods and saw a bird sing at dawn while rain fell on hills".split()  # noqa: SIM905


def _hostile_draft(words: int = 5000) -> str:
    sentences, count, n = [], 0, 0
    while count < words:
        sentence = [WORDS[(n * 7 + i) % len(WORDS)] for i in range(14)]
        if n % 10 == 0:
            sentence.append("a" * 30)
        sentences.append(" ".join(sentence).capitalize() + ".")
        count += len(sentence)
        n += 1
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    return "\n\n".join(paragraphs)


def test_hostile_patterns_check_a_draft_in_time_linear_in_its_length():
    elements = [VoiceElement(p, "regex", pattern=p) for p in HOSTILE]
    hits, _score = check_voice(_hostile_draft(5000), elements)
    assert [h.present for h in hits] == [False, False, False, False]
    assert all(h.error == "" for h in hits)
    # Python's re would take minutes here; RE2 reads 4x the text in ~4x the time.
    # From 5,000 words: at 1,250 the small run took ~1 ms, and one busy moment
    # in it was enough to push the ratio past 8 (seen once in CI, 8.07).
    ratio = growth(_hostile_draft, lambda text: check_voice(text, elements), 5000)
    assert ratio <= 8, f"4x the words took {ratio:.1f}x the time"


@pytest.mark.parametrize(
    "pattern",
    [r"(?<=so) why", r"why(?! not)", r"(\w+) \1", r"(?P<w>so) (?P=w)", r"end\Z"],
)
def test_patterns_re2_cannot_run_are_refused_with_a_reason(pattern):
    error = voice_pattern_error(pattern)
    assert "cannot run" in error and "RE2" in error
    hits, score = check_voice(
        "So why not, so so.", [VoiceElement("Rx", "regex", pattern=pattern)]
    )
    assert hits[0].present is None and hits[0].error == error
    assert score == 0.0


def test_invalid_and_overlong_patterns_are_refused_with_a_reason():
    assert "not a valid regular expression" in voice_pattern_error("(unclosed")
    assert "longer than 300" in voice_pattern_error("a" * 301)


@pytest.mark.parametrize(
    ("pattern", "evidence"),
    [
        (r"\bwhy\b", "So WHY now?"),
        (r"CAFÉ", "Un café noir."),
        (r"\p{L}+ noir", "Un café noir."),
        (r"(?i)it's", "It’s here."),  # curly quotes are made straight first
    ],
)
def test_usable_patterns_ignore_case_and_find_their_sentence(pattern, evidence):
    assert voice_pattern_error(pattern) == ""
    hits, _ = check_voice(
        "So WHY now? Un café noir. It’s here.",
        [VoiceElement("Rx", "regex", pattern=pattern)],
    )
    assert hits[0].present is True and hits[0].evidence == evidence


def test_a_lone_surrogate_in_the_text_does_not_break_the_check():
    hits, _ = check_voice(
        "Broken \ud800 text. Then why.", [VoiceElement("Rx", "regex", pattern="why")]
    )
    assert hits[0].present is True and hits[0].evidence == "Then why."
