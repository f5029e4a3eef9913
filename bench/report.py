"""bench/results.md from the results dict: targets (PASS/MISS) and the numbers.

Pure Python. Ratios over HTTP are medians of per-round ratios: a page and
its floor measured in the same round share the machine's mood.
"""

from __future__ import annotations

import statistics

NA = "not available"

# Every floor, in the order the table lists them (bench.run measures each).
FLOORS = ("bare", "markdown", "preview", "preview-5k", "download")


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def http_summary(http: dict) -> dict[str, dict]:
    """Per endpoint: median req/s, p50, p99, p99/p50, and ratios to each floor."""
    endpoints = http.get("endpoints", {})
    by_round: dict[str, dict[int, dict]] = {
        key: {s["round"]: s for s in e["samples"]} for key, e in endpoints.items()
    }
    out = {}
    for key, samples in by_round.items():
        if not samples:
            out[key] = {"error": endpoints[key].get("error", "no samples")}
            continue
        rows = list(samples.values())
        summary = {
            "rps": _median([s["rps"] for s in rows]),
            "p50_ms": _median([s["p50_ms"] for s in rows]),
            "p99_ms": _median([s["p99_ms"] for s in rows]),
            "tail": _median([s["p99_ms"] / s["p50_ms"] for s in rows if s["p50_ms"]]),
            "errors": sum(s["errors"] for s in rows),
        }
        for floor in FLOORS:
            base = by_round.get(f"floor:{floor}", {})
            ratios = [
                s["rps"] / base[r]["rps"]
                for r, s in samples.items()
                if r in base and base[r]["rps"]
            ]
            summary[f"x_{floor}"] = _median(ratios)
        out[key] = summary
    return out


def _fmt(value, spec: str = ".2f", suffix: str = "") -> str:
    return "—" if value is None else f"{value:{spec}}{suffix}"


def _status(ok: bool | None) -> str:
    return NA if ok is None else ("PASS" if ok else "**MISS**")


def targets(results: dict, pages, floor_labels: dict, tail_slack: float) -> list[tuple]:
    """(target, measured, result) rows."""
    rows: list[tuple] = []
    http = http_summary(results.get("http", {}))
    for page in pages:
        if page.target is None:
            continue
        info = results["pages"][page.key]
        goal = f"{page.label}: req/s ≥ {page.target:.2f}× {floor_labels[page.floor].removeprefix('Floor: ')}"
        summary = http.get(page.key)
        if not info.get("available"):
            rows.append((goal, f"{info['url_name']} not in the URLs yet", None))
            continue
        if not summary or "error" in summary:
            rows.append(
                (
                    goal,
                    (summary or {}).get("error", "not measured"),
                    False if summary else None,
                )
            )
            continue
        ratio = summary[f"x_{page.floor}"]
        rows.append(
            (goal, f"{_fmt(ratio)}×", ratio is not None and ratio >= page.target)
        )
        floor = http.get(f"floor:{page.floor}", {})
        if summary.get("tail") and floor.get("tail"):
            rel = summary["tail"] / floor["tail"]
            rows.append(
                (
                    f"{page.label}: p99/p50 ≤ {tail_slack}× the floor's",
                    f"{summary['tail']:.2f} vs floor {floor['tail']:.2f} ({rel:.2f}×)",
                    rel <= tail_slack,
                )
            )

    api_import = results.get("api_import")
    if api_import:
        rows.append(
            (
                f"API import of {api_import['drafts']} drafts ≤ 2× parsing them alone",
                f"{api_import['ratio']:.2f}× ({api_import['api_ms']:.0f} vs {api_import['parse_ms']:.0f} ms)",
                api_import["ratio"] <= 2,
            )
        )

    render = results["render"]["300"]
    rows.append(
        (
            "render_markdown ≤ 1.10× bare Python-Markdown (300 words, cache cleared)",
            f"{render['ratio']:.2f}× ({render['ours']:.3f} vs {render['bare']:.3f} ms; "
            f"cached {render['cached_ratio']:.2f}×)",
            render["ratio"] <= 1.10,
        )
    )

    compare = results.get("compare", {})
    diff = results["diff"]
    if compare.get("available"):
        c5 = compare["5k"]
        rows.append(
            (
                "Compare page (5k words): server time ≤ 1.5× diff engine alone",
                f"{c5['ratio']:.2f}× ({c5['page_ms']:.0f} vs {c5['engine_ms']:.0f} ms)",
                c5["ratio"] <= 1.5,
            )
        )
        rows.append(
            (
                "Compare page: 50k words ≤ 12× the 5k time",
                f"{compare['growth_50k_over_5k']:.1f}× ({compare['50k']['page_ms']:.0f} ms)",
                compare["growth_50k_over_5k"] <= 12,
            )
        )
        cuts = (
            compare["5k"]["mid_word_cuts_html"] + compare["50k"]["mid_word_cuts_html"]
        )
        rows.append(("Compare page: 0 highlights cutting a word", str(cuts), cuts == 0))
    else:
        rows.append(
            (
                "Compare page (5k words): server time ≤ 1.5× diff engine alone",
                "posts:compare not in the URLs yet",
                None,
            )
        )
    rows.append(
        (
            "Diff engine: 50k words ≤ 12× the 5k time",
            f"{diff['growth_50k_over_5k']:.1f}× ({diff['5k']['ours_ms']:.0f} → {diff['50k']['ours_ms']:.0f} ms)",
            diff["growth_50k_over_5k"] <= 12,
        )
    )
    merge = results.get("merge")
    if merge:
        rows.append(
            (
                "Three-way merge (5k words) ≤ 3× the diff engine's time",
                f"{merge['5k']['ratio']:.2f}× ({merge['5k']['merge_ms']:.0f} vs {merge['5k']['diff_ms']:.0f} ms)",
                merge["5k"]["ratio"] <= 3,
            )
        )
        rows.append(
            (
                "Three-way merge: 50k words ≤ 12× the 5k time",
                f"{merge['growth_50k_over_5k']:.1f}× ({merge['5k']['merge_ms']:.0f} → {merge['50k']['merge_ms']:.0f} ms)",
                merge["growth_50k_over_5k"] <= 12,
            )
        )
    cuts = sum(diff[s]["mid_word_cuts"] for s in ("300", "5k", "50k"))
    rows.append(
        (
            "Diff engine: 0 highlights cutting a word (300, 5k, 50k)",
            str(cuts),
            cuts == 0,
        )
    )

    export = results["export"]
    ratio = export["throughput_ratio"]
    rows.append(
        (
            f"Export ≥ 0.80× raw one-read download (in process, {export['function']})",
            f"{ratio:.2f}× ({export['export_ms']:.0f} vs {export['raw_ms']:.0f} ms)",
            ratio >= 0.80,
        )
    )

    for page in pages:
        info = results["pages"][page.key]
        goal = f"Fixed query count: {page.label}"
        if not info.get("available"):
            continue
        q = info.get("queries", {})
        small, large = q.get("small"), q.get("large")
        ok = isinstance(small, int) and small == large
        rows.append((goal, f"small {small} / large {large}", ok))
    return rows


def markdown(results: dict, pages, floor_labels: dict, tail_slack: float) -> str:
    http = results.get("http", {})
    summary = http_summary(http)
    lines = [
        "# Benchmark results",
        "",
        f"{results['when']} · {results['machine']} · {results['database']} · "
        f"load: {http.get('tool', 'none')}"
        + (
            f" ({http['connections']} connections, {http['rounds']} rounds × {http['seconds']:g} s, order rotated)"
            if http
            else ""
        )
        + f" · took {results.get('seconds', '?')} s",
        "",
        "## Targets",
        "",
        "| Target | Measured | Result |",
        "| --- | --- | --- |",
    ]
    if "diff" in results:  # the in-process step ran (see --steps)
        for goal, measured, ok in targets(results, pages, floor_labels, tail_slack):
            lines.append(f"| {goal} | {measured} | {_status(ok)} |")
    for goal, measured, ok in serving_targets(results):
        lines.append(f"| {goal} | {measured} | {_status(ok)} |")
    if "live" in results:
        from bench import live

        for goal, measured, ok in live.targets(results["live"]):
            lines.append(f"| {goal} | {measured} | {_status(ok)} |")

    if http:
        lines += [
            "",
            "## Pages over HTTP (gunicorn, 2 sync workers; medians over rounds)",
            "",
            "| Endpoint | req/s | p50 ms | p99 ms | p99/p50 | × bare | × its floor | queries small / large |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for floor in FLOORS:
            s = summary.get(f"floor:{floor}", {})
            lines.append(_http_row(floor_labels[floor], s, s.get("x_bare"), None, ""))
        for page in pages:
            info = results["pages"][page.key]
            if not info.get("available"):
                lines.append(
                    f"| {page.label} | {NA} ({info['url_name']}) | | | | | | |"
                )
                continue
            s = summary.get(page.key, {})
            q = info.get("queries", {})
            lines.append(
                _http_row(
                    page.label,
                    s,
                    s.get("x_bare"),
                    s.get(f"x_{page.floor}"),
                    f"{q.get('small')} / {q.get('large')}",
                    page.floor,
                )
            )

    lines += serving_lines(results)
    if "live" in results:
        from bench import live

        lines += live.markdown(results["live"])
    if "search" in results:
        from bench import search

        lines += ["", "## Search", "", search.markdown(results["search"]).rstrip()]
    if "diff" not in results:
        return "\n".join(lines + [""])
    diff, render, imp = results["diff"], results["render"], results["import"]
    lines += [
        "",
        "## In process (median of N, interleaved)",
        "",
        "| Measurement | Ours | Baseline | Ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for size in ("300", "5k", "50k"):
        d = diff[size]
        lines.append(
            f"| diff_texts vs difflib paragraphs+words, {d['words']} words | {d['ours_ms']:.1f} ms | "
            f"{d['difflib_ms']:.1f} ms | {d['ratio']:.2f}× |"
        )
    for size in ("5k", "50k"):
        m = results.get("merge", {}).get(size)
        if m:
            lines.append(
                f"| merge3 vs diff_texts (same base and mine), {m['words']} words, "
                f"{m['conflicts']} conflicts | {m['merge_ms']:.1f} ms | {m['diff_ms']:.1f} ms | {m['ratio']:.2f}× |"
            )
    for size in ("300", "5k"):
        r = render[size]
        lines.append(
            f"| render_markdown ({size} words), cache cleared vs bare Markdown | {r['ours']:.3f} ms | {r['bare']:.3f} ms | {r['ratio']:.2f}× |"
        )
        lines.append(
            f"| render_markdown ({size} words), cached vs bare Markdown | {r['ours_cached']:.4f} ms | {r['bare']:.3f} ms | {r['cached_ratio']:.3f}× |"
        )
        lines.append(
            f"| (bare markdown.markdown() with a new instance each call, {size} words) | — | {r['bare_new_instance']:.3f} ms | — |"
        )
    lines.append(
        f"| Importer.import_files × {imp['drafts']} vs parse_draft × {imp['drafts']} | {imp['import_ms']:.0f} ms | {imp['parse_ms']:.0f} ms | {imp['ratio']:.2f}× |"
    )
    api_import = results.get("api_import")
    if api_import:
        lines.append(
            f"| POST /api/v1/series/…/import of {api_import['drafts']} files vs parse_draft × {api_import['drafts']} | {api_import['api_ms']:.0f} ms | {api_import['parse_ms']:.0f} ms | {api_import['ratio']:.2f}× |"
        )
    export = results["export"]
    lines.append(
        f"| export of the 30-part series vs raw one-read download | {export['export_ms']:.1f} ms | {export['raw_ms']:.1f} ms | {export['export_ms'] / export['raw_ms']:.2f}× |"
    )
    compare = results.get("compare", {})
    if compare.get("available"):
        for size in ("5k", "50k"):
            c = compare[size]
            lines.append(
                f"| compare page {size} words vs diff_texts alone | {c['page_ms']:.0f} ms | {c['engine_ms']:.0f} ms | {c['ratio']:.2f}× |"
            )
    lines += [
        "",
        "Reproduce: `make bench` (SQLite in bench/db.sqlite3; PostgreSQL with "
        "`DATABASE_URL=postgres://… make bench`). Raw numbers: bench/results.json.",
        "",
    ]
    return "\n".join(lines)


def _http_row(label, s, x_bare, x_floor, queries, floor: str = "") -> str:
    if "error" in s:
        return f"| {label} | {s['error']} | | | | | | {queries} |"
    errors = f" ({s['errors']} errors)" if s.get("errors") else ""
    return (
        f"| {label}{errors} | {_fmt(s.get('rps'), '.0f')} | {_fmt(s.get('p50_ms'), '.1f')} | "
        f"{_fmt(s.get('p99_ms'), '.1f')} | {_fmt(s.get('tail'))} | {_fmt(x_bare)} | "
        f"{_fmt(x_floor) + (f' ({floor})' if floor and x_floor is not None else '')} | {queries} |"
    )


def serving_targets(results: dict) -> list[tuple[str, str, bool | None]]:
    """Issue #16's goals for the mix, the shared cache and one worker's memory."""
    rows: list[tuple[str, str, bool | None]] = []
    load = results.get("load")
    if load:
        at = {r["rate"]: r for r in load["rates"]}
        forty = at.get(40.0)
        measured = "not run at 40/s"
        if forty:
            measured = (
                f"{forty['errors']} errors, p99 reads {forty['reads']['p99_ms']:.0f} ms, "
                f"autosaves {forty['autosaves'].get('p99_ms', 0):.0f} ms "
                f"({forty['seconds']:g} s)"
            )
        rows.append(
            (
                "Mix at 40 req/s, 2 workers: 0 errors, p99 ≤ 300 ms reads, ≤ 500 ms autosaves",
                measured,
                forty["meets_goal"] if forty else None,
            )
        )
        best = load["highest_rate_p99_within_500ms"]
        rows.append(
            ("Highest mix rate with p99 ≤ 500 ms", f"{best or 'none'} req/s", None)
        )
    warm = results.get("warm")
    if warm:
        firsts = warm.get("first_requests", [])
        measured = warm.get("error") or ", ".join(
            ("page kept" if f.get("page_hits") else "page drawn")
            + f", texts {f['hits']} hits/{f['misses']} misses"
            for f in firsts
        )
        rows.append(
            (
                "4 workers with Redis: each worker's first page is answered from"
                " the shared cache (nothing read afresh)",
                measured,
                warm.get("all_warm"),
            )
        )
    memory = results.get("memory")
    if memory:
        rows.append(
            (
                f"One worker's RSS after {memory['previews']} distinct 5,000-word previews: < +50 MB",
                f"+{memory['growth_mb']:.1f} MB ({memory['rss_before_mb']:.0f} → {memory['rss_after_mb']:.0f} MB)",
                memory["growth_mb"] < 50,
            )
        )
    return rows


def serving_lines(results: dict) -> list[str]:
    load = results.get("load")
    if not load:
        return []
    lines = [
        "",
        "## The outside mix (open loop, constant rate, gunicorn 2 workers)",
        "",
        "Reads: dashboard, series, part, editor, history, compare, review pages and "
        "live previews of 2–20 KB texts, each different; autosaves of the part's drafts.",
        "",
        "Latency on a shared machine measures the neighbours too; the workers' CPU time "
        "per request does not (1000 / it ≈ the rate one free core serves).",
        "",
        "| Rate | Sent | Errors | Reads p50 / p99 ms | Previews p50 / p99 ms | Autosaves p50 / p99 ms | Server CPU ms/request |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in load["rates"]:
        cells = [
            f"{_fmt(r[k].get('p50_ms'), '.0f')} / {_fmt(r[k].get('p99_ms'), '.0f')}"
            for k in ("reads", "previews", "autosaves")
        ]
        lines.append(
            f"| {r['rate']:g}/s × {r['seconds']:g} s | {r['sent']} | {r['errors']} | "
            + " | ".join(cells)
            + f" | {_fmt(r.get('server_cpu_ms_per_request'), '.1f')} |"
        )
    return lines
