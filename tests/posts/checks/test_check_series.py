"""check_series reads what the series is now: nothing from the trash."""

import json

import pytest
from django.core.management import call_command

from series.models import Part
from tests.factories import PartFactory, make_draft

CLEAN = "Short and clean.\n\n#AI #ML #Data"


@pytest.fixture
def series_with_a_trashed_part(series, user):
    make_draft(PartFactory(series=series, number=1), CLEAN)
    make_draft(PartFactory(series=series, number=2), CLEAN)
    trashed = Part.objects.create(series=series, number=3, title="Dropped")
    make_draft(trashed, "As promised last week, more.\n\nNext week: Part 4.\n\n#AI")
    trashed.move_to_trash(user)
    return series


def test_check_series_skips_drafts_of_parts_in_the_trash(
    series_with_a_trashed_part, capsys
):
    call_command("check_series", series_with_a_trashed_part.slug)  # exit 0: clean
    out = capsys.readouterr().out
    assert "part 3" not in out and "last part" not in out
    assert out.strip().endswith("0 findings in 2 drafts.")


def test_check_series_json_has_no_rows_for_parts_in_the_trash(
    series_with_a_trashed_part, capsys
):
    make_draft(series_with_a_trashed_part.parts.get(number=2), "Next week: more.")
    with pytest.raises(SystemExit):
        call_command(
            "check_series", series_with_a_trashed_part.slug, "--format", "json"
        )
    rows = json.loads(capsys.readouterr().out)
    # Part 2 is the last live part, so its teaser is reported; Part 3 is not there.
    assert {r["part"] for r in rows} == {2}
    assert any(r["code"] == "teaser-in-last-part" for r in rows)
