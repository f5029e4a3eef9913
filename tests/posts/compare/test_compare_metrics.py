"""The measures above the compared texts fold to one summary line (issue #22)."""

from tests.posts.compare.test_compare import compare_url, pair  # noqa: F401


def test_compare_folds_the_measures_into_one_summary_line(owner_client, pair):  # noqa: F811
    html = owner_client.get(compare_url(*pair)).text
    fold = html[html.index('<details class="compare-metrics-fold') :]
    summary = fold[: fold.index("</summary>")]
    assert "Words" in summary and "Characters" in summary
    assert "Strategy" not in summary  # the other rows wait behind the fold
    assert " open" not in fold[: fold.index(">")]
    assert "differ</span>" in summary
    assert 'class="metric-differs"><th scope="row">Strategy' in fold


def test_metric_table_counts_the_rows_that_differ(pair):  # noqa: F811
    from posts.compare.sides import load_side
    from posts.compare.table import metric_table

    a, b = pair
    user = a.part.series.owner
    table = metric_table(load_side(user, a.pk, 1), load_side(user, b.pk, 1))
    assert table.differing == sum(row.differs for row in table.rows)
    assert table.differing >= 3  # strategy, words, characters at least
    assert [row.label for row in table.headline] == ["Words", "Characters"]
