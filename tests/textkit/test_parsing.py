import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posts.textkit import metrics
from posts.textkit.parsing import (
    MAX_BYTES,
    ChecklistItem,
    DraftRejected,
    ParsedDraft,
    Reference,
    dump_draft,
    parse_draft,
)
from posts.textkit.plaintext import to_plain_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def rejection(data: bytes | str, filename: str = "") -> str:
    with pytest.raises(DraftRejected) as caught:
        parse_draft(data, filename)
    assert caught.value.reason == str(caught.value)
    return caught.value.reason


# --- Front matter ----------------------------------------------------------


def test_parse_reads_known_front_matter_keys_in_any_case():
    draft = parse_draft(
        fixture("compost-part1-balanced.md"), "compost-part1-balanced.md"
    )
    assert draft.platform == "linkedin"
    assert draft.title == "Home Composting"
    assert draft.series == "Home Composting"
    assert draft.part == 1
    assert draft.draft_number == 3
    assert draft.strategy == "balanced"
    assert draft.declared_word_count == 120
    assert draft.generated == datetime.date(2026, 3, 14)
    assert draft.warnings == []


def test_parse_keeps_unknown_keys_lower_cased_and_json_safe_in_metadata():
    draft = parse_draft(fixture("compost-part1-balanced.md"))
    assert draft.metadata == {
        "audience": "allotment holders",
        "tags": ["soil", "garden"],
        "reviewed": "2026-03-15",
        "subtitle": "Why a Heap Warms Up",
    }
    json.dumps(draft.metadata, allow_nan=False)


def test_parse_drops_only_the_blank_lines_between_front_matter_and_body():
    draft = parse_draft(fixture("compost-part1-balanced.md"))
    assert draft.body.startswith("# Why a compost heap warms up\n\nLast spring")
    assert draft.body.endswith("#Composting #Gardening #SoilHealth\n")


def test_parse_rejects_wrong_front_matter_values_naming_every_one():
    reason = rejection(
        "---\ngenerated: 2024-13-45\ndraft_number: 99999999999999999999\n---\nText.\n"
    )
    assert reason == (
        "The front matter has wrong values: 'generated' should be a date like"
        " 2025-11-30, not '2024-13-45'; 'draft_number' should be a whole number"
        " from 1 to 1000000, not 99999999999999999999."
    )


def test_parse_rejects_every_wrong_value_of_a_file_in_the_order_written():
    reason = rejection(fixture("wrong-types.md"))
    assert reason.startswith("The front matter has wrong values: 'draft_number' ")
    for expected in (
        "'draft_number' should be a whole number from 1 to 1000000, not 'two'",
        "'part' should be a whole number from 1 to 1000000, not a list",
        "'generated' should be a date like 2025-11-30, not 'someday'",
        "'word_count' should be a whole number from 0 to 1000000, not 'lots'",
    ):
        assert expected in reason
    assert reason.index("'part'") < reason.index("'generated'")


def test_parse_rejects_one_wrong_value_in_the_singular():
    assert rejection("---\ntitle: [a, b]\n---\nText.\n") == (
        "The front matter has a wrong value: 'title' should be text, not a list."
    )


def test_parse_reads_a_date_as_text_where_text_is_expected():
    draft = parse_draft("---\nstrategy: 2025-11-30\n---\nText.\n")
    assert draft.strategy == "2025-11-30"


def test_parse_warns_about_a_repeated_key_and_names_the_value_used():
    draft = parse_draft(
        "---\ndraft_number: 1\ntitle: Seeds\ndraft_number: 2\n---\nText.\n"
    )
    assert draft.draft_number == 2
    assert draft.warnings == [
        "The front matter has 'draft_number' more than once; the last one is used: 2."
    ]


def test_parse_warns_about_keys_repeated_in_other_case_or_inside_a_mapping():
    draft = parse_draft(
        "---\nPart: 1\npart: 3\nextra:\n  tone: dry\n  tone: warm\n---\nText.\n"
    )
    assert draft.part == 3
    assert draft.metadata["extra"] == {"tone": "warm"}
    assert draft.warnings == [
        "The front matter has 'part' more than once (in different case); the last one is used: 3.",
        "The front matter has 'extra.tone' more than once; the last one is used: 'warm'.",
    ]


def test_parse_lists_the_front_matter_keys_it_keeps_but_does_not_use():
    draft = parse_draft(fixture("compost-part1-balanced.md"))
    assert draft.ignored_keys == ["audience", "tags", "reviewed"]
    plain = parse_draft("---\ntitle: Seeds\nsubtitle: Why\n---\nText.\n")
    assert plain.ignored_keys == []  # a subtitle names the part


def test_parse_accepts_numbers_written_as_text_in_front_matter():
    draft = parse_draft(
        "---\npart: '2'\ndraft_number: Draft 4\nword_count: 1,200 words\n---\nText.\n"
    )
    assert (draft.part, draft.draft_number, draft.declared_word_count) == (2, 4, 1200)


def test_parse_keeps_a_bad_date_under_an_unknown_key_as_text():
    draft = parse_draft("---\nnote: 2025-02-30\n---\nText.\n")
    assert draft.metadata == {"note": "2025-02-30"}
    assert "'generated'" in rejection("---\ngenerated: 2025-13-45\n---\nText.\n")


def test_parse_keeps_a_huge_integer_as_text_instead_of_crashing():
    draft = parse_draft("---\nbig: " + "9" * 5000 + "\n---\nText.\n")
    assert draft.metadata["big"] == "9" * 5000
    reason = rejection("---\npart: " + "9" * 5000 + "\n---\nText.\n")
    assert "'part' should be a whole number" in reason and len(reason) < 200


def test_parse_uses_title_over_topic_and_keeps_topic_in_metadata():
    draft = parse_draft("---\ntitle: Seeds\ntopic: Saving tomato seeds\n---\nText.\n")
    assert draft.title == "Seeds"
    assert draft.metadata == {"topic": "Saving tomato seeds"}


def test_parse_warns_about_an_unknown_platform_and_uses_linkedin():
    draft = parse_draft("---\nplatform: Friendster\n---\nText.\n")
    assert draft.platform == metrics.DEFAULT_PLATFORM
    assert "Friendster" in draft.warnings[0]


def test_parse_prefers_front_matter_part_and_warns_when_the_title_disagrees():
    draft = parse_draft("---\ntitle: Seeds Part 1\npart: 2\n---\nText.\n")
    assert draft.part == 2
    assert draft.title == "Seeds"
    assert "part 2" in draft.warnings[0]


def test_parse_prefers_front_matter_word_count_over_scaffolding():
    text = "---\nword_count: 99\n---\nText.\n\n---\n**Word Count:** 5 words\n"
    draft = parse_draft(text)
    assert draft.declared_word_count == 99
    assert draft.scaffolding is not None
    assert draft.scaffolding.declared_word_count == 5


def test_parse_reads_front_matter_behind_a_utf8_bom():
    draft = parse_draft(b"\xef\xbb\xbf" + fixture("compost-part1-balanced.md"))
    assert draft.draft_number == 3
    assert draft.body.startswith("# Why a compost heap")


# --- Title and part --------------------------------------------------------


def test_parse_takes_title_and_part_from_first_heading_without_front_matter():
    draft = parse_draft(
        fixture("compost-part2-voice-match.md"), "compost-part2-voice-match.md"
    )
    assert draft.title == "Home Composting"
    assert draft.part == 2
    assert draft.metadata == {"subtitle": "Worms at Work"}
    assert draft.draft_number is None
    assert draft.platform == "linkedin"
    assert draft.strategy == "voice-match"  # from the filename


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Soil Part 1: How Roots Drink", ("Soil", 1, "How Roots Drink")),
        ("Soil Part 2 - Worms (and Beetles)", ("Soil", 2, "Worms (and Beetles)")),
        ("Soil (Part 3)", ("Soil", 3, None)),
        ("Soil, part two: Mulch", ("Soil", 2, "Mulch")),
        ("Soil – Part 12", ("Soil", 12, None)),
        ("Part 4: Only a Subtitle", ("Only a Subtitle", 4, None)),
        ("A Counterpart 5 Story", ("A Counterpart 5 Story", None, None)),
        ("Part-time gardening", ("Part-time gardening", None, None)),
    ],
)
def test_parse_cuts_part_number_out_of_the_title(title, expected):
    draft = parse_draft(f"# {title}\n\nText.\n")
    assert (draft.title, draft.part, draft.metadata.get("subtitle")) == expected


def test_parse_ignores_a_heading_inside_a_code_fence_for_the_title():
    draft = parse_draft("```\n# not a title\n```\n\n# Real Title\n")
    assert draft.title == "Real Title"


def test_parse_falls_back_to_filename_stem_then_untitled():
    assert (
        parse_draft("Just a note.\n", "drafts/seed_saving-tips.md").title
        == "seed saving tips"
    )
    assert parse_draft("Just a note.\n").title == "Untitled"


# --- Scaffolding -----------------------------------------------------------


def test_parse_splits_voice_checklist_from_body():
    draft = parse_draft(fixture("compost-part2-voice-match.md"))
    scaffolding = draft.scaffolding
    assert scaffolding is not None
    assert scaffolding.declared_word_count == 1234
    assert draft.declared_word_count == 1234
    assert scaffolding.voice_elements == [
        ChecklistItem('"In a nutshell" crystallization', "In a nutshell", True),
        ChecklistItem('Series callback ("Last week we talked heat")', None, True),
        ChecklistItem('"And here is the twist" turn', "And here is the twist", False),
    ]
    assert scaffolding.raw.startswith("---\n\n**Word Count:**")
    assert draft.body.endswith("#Composting #Vermicompost\n")
    assert "Word Count" not in draft.body
    assert draft.word_count == metrics.word_count(draft.body)


def test_parse_keeps_a_mid_post_horizontal_rule_in_the_body():
    draft = parse_draft(fixture("compost-part1-balanced.md"))
    assert draft.scaffolding is None
    assert (
        "steaming on a cold morning. That is because microbes are busy.\n\n---\n\nBacteria"
        in draft.body
    )


def test_parse_keeps_a_final_rule_followed_by_prose_in_the_body():
    text = "Intro.\n\n---\n\nWord counts matter less than you think.\n"
    draft = parse_draft(text)
    assert draft.scaffolding is None
    assert draft.body == text


def test_parse_splits_scaffolding_spread_over_two_rules():
    text = "Post text.\n\n---\n**Word Count:** 2 words\n\n---\n**Voice Match Elements:**\n- ✅ Short\n"
    draft = parse_draft(text)
    assert draft.body == "Post text.\n"
    assert draft.scaffolding is not None
    assert draft.scaffolding.declared_word_count == 2
    assert draft.scaffolding.voice_elements == [ChecklistItem("Short", None, True)]


def test_parse_rejects_a_file_that_is_only_scaffolding():
    assert "no post text" in rejection(
        "---\nplatform: x\n---\n\n---\n**Word Count:** 3 words\n"
    )


# --- References and hashtags -----------------------------------------------


def test_parse_extracts_linked_references_and_hashtags_but_keeps_them_in_body():
    draft = parse_draft(fixture("compost-part1-balanced.md"))
    assert draft.references == [
        Reference(
            "Composting at home - Garden Society", "https://garden.example.org/compost"
        ),
        Reference("Hot and cold heaps", "https://soil.example.net/heaps?x=1"),
    ]
    assert draft.hashtags == ["#Composting", "#Gardening", "#SoilHealth"]
    assert "[Hot and cold heaps](https://soil.example.net/heaps?x=1)" in draft.body


def test_parse_extracts_plain_and_bare_url_references_under_an_unbolded_label():
    draft = parse_draft(fixture("compost-part2-voice-match.md"))
    assert draft.references == [
        Reference("Worm Farming for Beginners - Green Press", None),
        Reference("https://worms.example.com/guide", "https://worms.example.com/guide"),
    ]
    assert draft.hashtags == ["#Composting", "#Vermicompost"]


@pytest.mark.parametrize(
    "label",
    [
        "**Additional documents to read on this**:",
        "__Additional documents to read on this__",
        "additional documents to read on this:",
    ],
)
def test_parse_finds_the_references_label_in_its_variants(label):
    draft = parse_draft(
        f"Text.\n\n{label}\n\n* [Guide](https://example.org/g) - short\n\nEnd.\n"
    )
    assert draft.references == [Reference("Guide - short", "https://example.org/g")]


# --- Encoding --------------------------------------------------------------


def test_parse_normalises_bom_crlf_and_cr_to_the_same_draft():
    plain = fixture("compost-part2-voice-match.md")
    variants: list[bytes | str] = [
        b"\xef\xbb\xbf" + plain,
        plain.replace(b"\n", b"\r\n"),
        plain.replace(b"\n", b"\r"),
        plain.decode("utf-8"),
    ]
    first = parse_draft(plain)
    for variant in variants:
        draft = parse_draft(variant)
        assert draft.body == first.body
        assert draft.scaffolding == first.scaffolding
        assert draft.content_hash == first.content_hash
    assert "\r" not in first.body


def test_parse_hashes_the_normalised_text():
    draft = parse_draft(b"\xef\xbb\xbfHello\r\n")
    assert (
        draft.content_hash
        == "66a045b452102c59d840ec097d59d9467e13a3f34f6494e539ffd32c1bb35f18"
    )  # sha256(b"Hello\n")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Hello, compost!\n".encode("utf-16"), "UTF-16"),
        ("Hello, compost!\n".encode("utf-16-be"), "UTF-16"),
        ("Hello, compost!\n".encode("utf-16-le"), "UTF-16"),
        ("Hello, compost!\n".encode("utf-32"), "UTF-32"),
        ("Hello, compost!\n".encode("utf-32-be"), "UTF-32"),
        ("Hello, compost!\n".encode("utf-32-le"), "UTF-32"),
    ],
)
def test_parse_rejects_utf16_and_utf32_by_bom_or_nul_pattern(data, encoding):
    assert (
        rejection(data)
        == f"The file is {encoding}, not UTF-8: save it as UTF-8 and try again."
    )


def test_parse_rejects_latin1_and_says_which_byte():
    reason = rejection("Line one\nCaf\u00e9 au lait\n".encode("latin-1"))
    assert "not valid UTF-8" in reason
    assert "0xE9 at offset 12 (line 2)" in reason


def test_parse_rejects_nul_bytes():
    assert "NUL byte at offset 5" in rejection(
        b"Hello\x00world, a text with one stray NUL in it\n"
    )
    assert "NUL character" in rejection("Hello\x00world")


def test_parse_rejects_binary_and_known_file_types():
    assert "binary file" in rejection(bytes(range(1, 32)) * 20)
    assert "a ZIP archive" in rejection(b"PK\x03\x04\x14\x00rest of a docx")
    assert "a PNG image" in rejection(b"\x89PNG\r\n\x1a\n....")


def test_parse_warns_about_a_few_control_characters_but_keeps_them():
    draft = parse_draft(
        "Tab\tand a bell\x07 here, plenty of ordinary text around it.\n"
    )
    assert "\x07" in draft.body
    assert "1 invisible control character" in draft.warnings[0]


def test_parse_rejects_files_over_one_megabyte():
    assert "limit is 1,000,000 bytes" in rejection(b"a" * (MAX_BYTES + 1))
    assert "longer than" in rejection("é" * (MAX_BYTES // 2 + 1))
    assert parse_draft(b"a" * MAX_BYTES).word_count == 1


@pytest.mark.parametrize("data", [b"", b"   \n\n\t", b"\xef\xbb\xbf", "\r\n\r\n"])
def test_parse_rejects_an_empty_file(data):
    assert rejection(data) == "The file is empty."


def test_parse_rejects_front_matter_without_a_body():
    assert "no post text" in rejection("---\ntitle: Seeds\n---\n\n \n")


# --- Hostile YAML ----------------------------------------------------------

BILLION_LAUGHS = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
---
Text.
"""


def test_parse_rejects_a_yaml_alias_bomb():
    assert "anchors or aliases" in rejection(BILLION_LAUGHS)


def test_parse_rejects_deeply_nested_front_matter():
    assert "nested more than 20 levels" in rejection(
        "---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\nText.\n"
    )


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object:collections.OrderedDict {}",
        "!!python/object/apply:os.system ['echo hi']",
        "!!binary aGk=",
        "!custom x",
    ],
)
def test_parse_rejects_unsafe_yaml_tags(tag):
    assert "uses the YAML tag" in rejection(f"---\nx: {tag}\n---\nText.\n")


def test_parse_rejects_invalid_yaml_with_its_line():
    reason = rejection("---\ntitle: Seeds\nbad: x: y\n---\nText.\n")
    assert reason.startswith(
        "The front matter (between the '---' lines at the top) is not valid YAML:"
    )
    assert "mapping values are not allowed" in reason
    assert "at line 3, column 7" in reason


def test_parse_rejects_front_matter_over_64_kb():
    assert "larger than 64 KB" in rejection(
        "---\nnote: " + "x" * 70_000 + "\n---\nText.\n"
    )


@pytest.mark.parametrize("block", ["- one\n- two", "just a sentence"])
def test_parse_warns_when_front_matter_is_not_key_value_pairs_and_keeps_the_text(block):
    text = f"---\n{block}\n---\nThe post.\n"
    draft = parse_draft(text)
    assert draft.body == text
    assert "must be key: value pairs" in draft.warnings[0]


def test_parse_warns_about_unclosed_front_matter_and_keeps_every_line():
    text = "---\ntitle: Seeds\n\nThe post never closes its front matter.\n"
    draft = parse_draft(text)
    assert draft.body == text
    assert "never closed" in draft.warnings[0]


def test_parse_treats_empty_front_matter_as_no_keys():
    draft = parse_draft("---\n---\nText.\n")
    assert draft.body == "Text.\n"
    assert draft.metadata == {}


def test_parse_escapes_nothing_and_keeps_script_tags_as_plain_text():
    draft = parse_draft("# <script>alert(1)</script>\n\nHi <b>there</b>\n")
    assert draft.title == "<script>alert(1)</script>"
    assert "<b>there</b>" in draft.body  # escaping is the template's job


# --- Round trip ------------------------------------------------------------


def test_dump_draft_round_trips_body_and_metadata():
    original = parse_draft(fixture("compost-part1-balanced.md"))
    front_matter = {
        "platform": original.platform,
        "title": original.title,
        "series": original.series,
        "part": original.part,
        "draft_number": original.draft_number,
        "strategy": original.strategy,
        "word_count": original.declared_word_count,
        "generated": original.generated,
        **original.metadata,
    }
    dumped = dump_draft(front_matter, original.body)
    assert dumped.startswith("---\nplatform: linkedin\n")
    again = parse_draft(dumped)
    assert again.body == original.body
    assert again.metadata == original.metadata
    assert (again.title, again.part, again.draft_number, again.generated) == (
        "Home Composting",
        1,
        3,
        datetime.date(2026, 3, 14),
    )


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
metadata_keys = (
    st.text(min_size=1, max_size=12)
    .map(str.lower)
    .filter(
        lambda key: (
            key.strip() == key
            and key
            not in {
                "title",
                "topic",
                "part",
                "series",
                "platform",
                "draft_number",
                "strategy",
                "word_count",
                "generated",
                "subtitle",
            }
        )
    )
)
body_lines = st.lists(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    metadata=st.dictionaries(metadata_keys, json_values, max_size=4), lines=body_lines
)
def test_dump_draft_round_trip_holds_for_any_parsed_body(metadata, lines):
    try:
        body = parse_draft("\n".join(lines)).body
    except DraftRejected:
        return
    again = parse_draft(dump_draft({"title": "T", **metadata}, body))
    assert again.body == body
    assert again.metadata == json.loads(json.dumps(metadata))


# --- Never a traceback -----------------------------------------------------

FRAGMENTS = [
    "---\n",
    "--- \n",
    "\n",
    "\r\n",
    "\r",
    "\ufeff",
    "# Title Part 2: Sub\n",
    "Part 3",
    "(Part 1)",
    "title: x\n",
    "Title: [1]\n",
    "part: two\n",
    "generated: someday\n",
    "generated: 2025-13-45\n",
    "a: &a [1]\n",
    "b: *a\n",
    "!!python/object/apply:os.system ['x']\n",
    "{",
    "[",
    "]",
    "}",
    ": ",
    "- ",
    "**Word Count:** 316 words\n",
    "**Voice Match Elements:**\n",
    '✅ "That is because" phrasing\n',
    "❌ x\n",
    "**Additional documents to read on this:**\n",
    "- [a](https://e.org)\n",
    "- plain\n",
    "#Tag #AI\n",
    "```\n",
    "~~~\n",
    "\x00",
    "\x07",
    "\t",
    "é",
    "\u2028",
    "\x85",
    "\U0001f600",
    '"',
    "'",
    "|\n",
    ">\n",
    "&",
    "*",
    "%YAML 1.1\n",
    "...\n",
    "? ",
    "9" * 30,
]


def assert_parses_or_rejects(data: bytes | str) -> None:
    try:
        draft = parse_draft(data, "x-part1-y.md")
    except DraftRejected as exc:
        assert exc.reason
        assert "internal error" not in exc.reason
        return
    assert isinstance(draft, ParsedDraft)
    assert draft.body.strip()
    assert "\r" not in draft.body
    assert draft.plain == to_plain_text(draft.body)  # what the search index gets
    json.dumps(draft.metadata, allow_nan=False)


@settings(max_examples=300)
@given(st.binary(max_size=4000))
def test_parse_any_bytes_gives_a_draft_or_a_rejection(data):
    assert_parses_or_rejects(data)


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=40).map(
        "".join
    ),
    st.booleans(),
)
def test_parse_any_markdownish_text_gives_a_draft_or_a_rejection(text, as_bytes):
    assert_parses_or_rejects(
        text.encode("utf-8", "surrogatepass") if as_bytes else text
    )


def test_parsing_module_does_not_import_django():
    code = "import sys, posts.textkit.parsing; sys.exit('django' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    assert (
        subprocess.run([sys.executable, "-c", code], cwd=root, check=False).returncode
        == 0
    )


def test_yaml_dump_of_parsed_metadata_is_safe_yaml():
    draft = parse_draft(fixture("compost-part1-balanced.md"))
    assert yaml.safe_load(yaml.safe_dump(draft.metadata)) == draft.metadata


# --- The real generator files ----------------------------------------------


def test_parse_reads_both_real_generator_examples():
    if not SHARED_EXAMPLES.is_dir():
        pytest.skip(
            "../shared/examples is not beside this checkout (CI has it; a fresh clone does not)"
        )
    balanced = parse_draft(
        (SHARED_EXAMPLES / "neural-networks-part1-balanced.md").read_bytes(),
        "neural-networks-part1-balanced.md",
    )
    voice = parse_draft(
        (SHARED_EXAMPLES / "neural-networks-part1-voice-match.md").read_bytes(),
        "neural-networks-part1-voice-match.md",
    )

    for draft in (balanced, voice):
        assert draft.part == 1
        assert draft.title == "Neural Networks"
        assert draft.warnings == []
        assert draft.body.rstrip("\n").splitlines()[-1].startswith("#NeuralNetworks ")
        assert "#NeuralNetworks" in draft.hashtags
    assert balanced.draft_number == 1
    assert voice.draft_number is None
    assert balanced.scaffolding is None
    assert len(balanced.references) == 2
    assert all(reference.url for reference in balanced.references)

    assert voice.scaffolding is not None
    assert voice.scaffolding.declared_word_count == 316
    assert voice.declared_word_count == 316
    ticked = [item for item in voice.scaffolding.voice_elements if item.ticked]
    assert len(ticked) == 11
    phrases = {item.phrase for item in ticked}
    assert {"That is because", "In a nutshell", "And the best part?"} <= phrases
    assert "Voice Match" not in voice.body
