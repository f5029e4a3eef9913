import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import PartFactory, SeriesFactory, make_draft


@pytest.fixture
def two_parts(series):
    make_draft(
        PartFactory(series=series, number=1, title="First"), "One.\n", chosen=True
    )
    make_draft(PartFactory(series=series, number=2, title="Second"), "Two.\n")
    return series


def _run(*args) -> str:
    out = io.StringIO()
    call_command("export_series", *args, stdout=out)
    return out.getvalue()


def test_zip_by_default_found_by_title(two_parts, tmp_path):
    target = tmp_path / "out.zip"
    output = _run("neural networks", "--output", str(target))
    assert "Exported “Neural Networks”" in output
    with zipfile.ZipFile(target) as archive:
        # The whole series, which Postwright reads back (tests/posts/importing/test_archive.py)
        assert archive.namelist() == [
            "manifest.json",
            "index.md",
            "01-first/draft-1.md",
            "02-second/draft-1.md",
        ]
        assert "2. Second · unchosen" in archive.read("index.md").decode()


def test_chosen_only_leaves_unchosen_parts_out(two_parts, tmp_path):
    target = tmp_path / "out.zip"
    _run(two_parts.slug, "-o", str(target), "--chosen-only")
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["01-first.md", "index.md"]


def test_md_format_into_an_existing_folder(two_parts, tmp_path):
    _run(two_parts.slug, "--output", str(tmp_path), "--format", "md")
    text = (tmp_path / "neural-networks.md").read_text()
    assert "## Part 1: First" in text and "## Part 2: Second" in text


def test_txt_format_writes_a_folder_or_one_file(two_parts, tmp_path):
    _run(two_parts.slug, "--output", str(tmp_path / "txt"), "--format", "txt")
    assert sorted(p.name for p in (tmp_path / "txt").iterdir()) == [
        "01-first.txt",
        "02-second.txt",
    ]
    assert (tmp_path / "txt" / "01-first.txt").read_text() == "One.\n"
    _run(two_parts.slug, "--output", str(tmp_path / "all.txt"), "--format", "txt")
    assert "Part 2: Second\n\nTwo.\n" in (tmp_path / "all.txt").read_text()


def test_missing_series_exits_1_with_a_clear_message(db, tmp_path):
    with pytest.raises(CommandError, match="No series “Nope”") as error:
        _run("Nope", "--output", str(tmp_path / "x.zip"))
    assert error.value.returncode == 1


def test_user_only_finds_their_own_series(two_parts, stranger, tmp_path):
    with pytest.raises(CommandError, match="No series"):
        _run(two_parts.slug, "-o", str(tmp_path / "x.zip"), "--user", stranger.username)
    with pytest.raises(CommandError, match="No user called"):
        _run(two_parts.slug, "-o", str(tmp_path / "x.zip"), "--user", "ghost")


def test_ambiguous_title_asks_for_the_slug(two_parts, tmp_path):
    SeriesFactory(title="Neural Networks")
    with pytest.raises(CommandError, match="give the slug"):
        _run("Neural Networks", "-o", str(tmp_path / "x.zip"))


def test_unwritable_output_is_a_clear_error(two_parts, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(CommandError, match="Could not write"):
        _run(two_parts.slug, "-o", str(blocker / "x.zip"))
