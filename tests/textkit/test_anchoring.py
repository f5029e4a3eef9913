import doctest
import sys
from pathlib import Path

from posts.textkit import anchoring
from posts.textkit.anchoring import context_of, locate, normalize

V1 = "Networks learn from data. Layers transform numbers. Each layer adds a little."


def _anchor(text: str, quote: str):
    start = text.index(quote)
    prefix, suffix = context_of(text, start, start + len(quote))
    return {"prefix": prefix, "suffix": suffix, "position": start}


def test_anchoring_doctests_pass():
    assert doctest.testmod(anchoring).failed == 0


def test_anchoring_does_not_import_django():
    assert "django" not in anchoring.__dict__
    source = Path(anchoring.__file__).read_text()
    assert "import django" not in source and "from django" not in source
    assert sys.modules["posts.textkit.anchoring"] is anchoring


def test_quote_follows_text_inserted_before_it():
    saved = _anchor(V1, "transform numbers")
    v2 = "A new opening sentence. " + V1
    found = locate(v2, "transform numbers", **saved)
    assert found is not None
    assert v2[found.start : found.end] == "transform numbers"
    assert found.start == saved["position"] + len("A new opening sentence. ")


def test_quote_is_gone_when_its_words_were_rewritten():
    saved = _anchor(V1, "transform numbers")
    v2 = V1.replace("transform numbers", "reshape values")
    assert locate(v2, "transform numbers", **saved) is None


def test_repeated_quote_is_told_apart_by_its_context():
    text = "The model learns. Then the data learns. Finally the team learns."
    v2 = "Intro. " + text
    start = text.index("team learns") + 5
    prefix, suffix = context_of(text, start, start + len("learns"))
    found = locate(v2, "learns", prefix=prefix, suffix=suffix, position=start)
    assert found is not None
    assert found.start == v2.index("team learns") + 5


def test_context_beats_nearness_when_the_text_moved():
    text = "Alpha says yes. Beta says yes."
    start = text.index("Beta says yes") + len("Beta says ")
    prefix, suffix = context_of(text, start, start + 3)
    moved = "Beta says yes. Alpha says yes."
    found = locate(moved, "yes", prefix=prefix, suffix=suffix, position=start)
    assert found is not None
    assert found.start == moved.index("Beta says yes") + len("Beta says ")


def test_tie_goes_to_the_nearest_occurrence():
    text = "x yes x yes x yes"
    found = locate(text, "yes", prefix="", suffix="", position=9)
    assert found is not None
    assert found.start == 8


def test_whitespace_in_the_quote_is_normalized():
    text = normalize("Each  layer\n adds a little.")
    found = locate(text, "layer \n adds", prefix="", suffix="", position=0)
    assert found is not None
    assert text[found.start : found.end] == "layer adds"


def test_empty_quote_anchors_nowhere():
    assert locate("text", "   ", prefix="", suffix="", position=0) is None


def test_context_of_clips_at_the_edges():
    assert context_of("abc", 1, 2) == ("a", "c")
