"""The report: JSON with every run, a Markdown summary, and a chart of req/s and p99."""

from __future__ import annotations

import json
import os
import platform
import shutil
from pathlib import Path
from typing import Any

import matplotlib as mpl
import psutil

mpl.use("Agg")

import matplotlib.pyplot as plt

DOCS_BEGIN = "<!-- bench-results:begin -->"
DOCS_END = "<!-- bench-results:end -->"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, Any]:
    return {
        "cpu_model": cpu_model(),
        "logical_cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 1024**3, 1),
        "platform": platform.platform(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }


def write_json(report: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(report, indent=2, sort_keys=False) + "\n")


def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _ratio(numerator: dict[str, Any] | None, denominator: dict[str, Any] | None) -> float | None:
    if not numerator or not denominator or not denominator["rps"]:
        return None
    return round(float(numerator["rps"]) / float(denominator["rps"]), 3)


def tail_ratio(measurement: dict[str, Any]) -> float | None:
    return (
        round(measurement["p99_ms"] / measurement["p50_ms"], 2) if measurement["p50_ms"] else None
    )


def comparison_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per scenario and connection count, every app's measurement by name, and the
    three-way split: service / bare FastAPI, bare FastAPI / raw, service / raw."""
    by_key: dict[tuple[str, int], dict[str, Any]] = {}
    for measurement in report["measurements"]:
        key = (measurement["scenario"], measurement["connections"])
        row = by_key.setdefault(
            key,
            {"scenario": key[0], "title": measurement["title"], "connections": key[1], "apps": {}},
        )
        row["apps"][measurement["target"]] = measurement
    rows = list(by_key.values())
    for row in rows:
        apps = row["apps"]
        service, fastapi, raw = apps.get("service"), apps.get("fastapi"), apps.get("baseline")
        row["ratio"] = _ratio(service, raw)
        row["ratio_fastapi"] = _ratio(service, fastapi)
        row["fastapi_ratio"] = _ratio(fastapi, raw)
    return rows


def results_table(report: dict[str, Any]) -> str:
    """Every app on every scenario: throughput relative to the first app, and the tail."""
    lines = [
        "| Scenario | Conns | App | req/s | vs first | p50 ms | p99 ms | p99/p50 | non-2xx "
        "| errors | Worker CPU µs/request | Peak worker RSS MiB |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in comparison_rows(report):
        apps = list(row["apps"].values())
        first = apps[0]
        for m in apps:
            ratio = _ratio(m, first)
            lines.append(
                f"| `{row['title']}` | {row['connections']} | {m['target']} | {_fmt(m['rps'])} "
                f"| {'—' if ratio is None else f'{ratio:.2f}'} | {_fmt(m['p50_ms'])} "
                f"| {_fmt(m['p99_ms'])} | {_fmt(tail_ratio(m))} | {m['non_2xx']} | {m['errors']} "
                f"| {_fmt(m['cpu_us'])} | {_fmt(m['peak_rss_mib'])} |"
            )
    return "\n".join(lines)


def decomposition_table(report: dict[str, Any]) -> str:
    """Where the gap to the raw baseline goes: the framework, then the template's layers + ORM."""
    lines = [
        "| Scenario | Conns | bare FastAPI / raw (framework) | service / bare FastAPI "
        "(template layers + ORM) | service / raw |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in comparison_rows(report):
        if row["ratio"] is None:
            continue
        lines.append(
            f"| `{row['title']}` | {row['connections']} | {_fmt(row['fastapi_ratio'], 2)} "
            f"| {_fmt(row['ratio_fastapi'], 2)} | {_fmt(row['ratio'], 2)} |"
        )
    return "\n".join(lines)


def layer_table(costs: list[dict[str, Any]]) -> str:
    lines = [
        "| Layer | Conns | CPU µs/request | core CPU µs/request | cost | cost per run "
        "| req/s vs core | budget |",
        "|---|---:|---:|---:|---:|---|---:|---|",
    ]
    for row in costs:
        budget = "—" if row["budget"] is None else f"≤ {row['budget']:.0%}: "
        if row["budget"] is not None:
            budget += "met" if row["met"] else "missed"
        spread = ", ".join(f"{c:.0%}" for c in row["spread"])
        lines.append(
            f"| {row['layer']} | {row['connections']} | {_fmt(row['cpu_us'])} "
            f"| {_fmt(row['core_cpu_us'])} | {row['cost']:.1%} | {spread} "
            f"| {row['rps_ratio']:.2f} | {budget} |"
        )
    return "\n".join(lines)


def login_table(dos: dict[str, Any]) -> str:
    def verdict(met: bool) -> str:
        return "met" if met else "missed"

    c = dos["connections"]
    lines = ["| Check | Measured | Target |", "|---|---:|---|"]
    for index, probe in enumerate(dos["probes"]):
        target = f"≥ 50%: {verdict(dos['health_ratio_met'])}" if index == 0 else ""
        lines.append(
            f"| `{probe['title']}` req/s beside a login flood ({c} + {c} connections) vs alone "
            f"| {_fmt(probe['beside_login_rps'], 0)} of {_fmt(probe['solo_rps'], 0)} "
            f"({probe['ratio']:.0%}); p99 {_fmt(probe['beside_login_p99_ms'])} ms "
            f"(alone {_fmt(probe['solo_p99_ms'])} ms) | {target} |"
        )
    lines += [
        f"| Worker peak RSS under login load | {_fmt(dos['peak_rss_mib'])} MiB "
        f"| < 300 MiB: {verdict(dos['peak_rss_met'])} |",
        f"| Login throughput under the flood | {_fmt(dos['login_rps'])} req/s, "
        f"p99 {_fmt(dos['login_p99_ms'], 0)} ms; {dos.get('logins_shed', 0)} shed with 503 | |",
    ]
    backlogs = {f"{c} connections": b for c, b in dos.get("login_only_backlog_s", {}).items()}
    backlogs[f"{c} + {c} connections"] = dos["backlog_s"]
    lines.append(
        "| Work left when a login flood stops: seconds until one more login is answered "
        "| " + ", ".join(f"{_fmt(b)} s after {label}" for label, b in backlogs.items()) + " | |"
    )
    return "\n".join(lines)


def profile_section(profiles: dict[str, Any]) -> str:
    parts = [
        "py-spy samples the worker at 200 Hz while wrk loads one route; idle pool threads are "
        "left out. SQLAlchemy's greenlets and the event loop split Python stacks, so the "
        "inclusive shares of request-level functions are lower bounds; self time is exact "
        "(within sampling).\n"
    ]
    for summary in profiles.values():
        parts.append(
            f"#### `{summary['title']}` ({summary['busy_samples']} busy samples at "
            f"{summary['connections']} connections, {summary['main_thread_percent']}% on the "
            "event-loop thread)\n"
        )
        parts.append("| Library | self % | inclusive % |\n|---|---:|---:|")
        inclusive = {e["name"]: e["percent"] for e in summary["inclusive_by_component"]}
        parts += [
            f"| {e['name']} | {e['percent']} | {inclusive.get(e['name'], '')} |"
            for e in summary["self_by_component"][:12]
        ]
        parts.append("\n| Function (self time) | % |\n|---|---:|")
        parts += [f"| `{e['name']}` | {e['percent']} |" for e in summary["self_by_function"][:12]]
        parts.append("\n| App function (inclusive, lower bound) | % |\n|---|---:|")
        parts += [
            f"| `{e['name']}` | {e['percent']} |" for e in summary["app_functions_inclusive"][:10]
        ]
        parts.append("")
    return "\n".join(parts)


def method_text(report: dict[str, Any]) -> str:
    plan = report["plan"]
    versions = report["versions"]
    libraries = ", ".join(f"{k} {v}" for k, v in versions.items() if k != "python")
    m = report["machine"]
    return (
        f"{m['cpu_model']}, {m['logical_cores']} logical cores shared by wrk, the app and "
        f"PostgreSQL {report['postgres_version']} ({report['database_source']}); load average "
        f"at start {', '.join(map(str, m['load_average_at_start']))}. Python "
        f"{versions['python']}; {libraries}; {report['wrk_version']}.\n\n"
        f"Each app runs under gunicorn with one uvicorn-worker process, access log off, "
        f"production settings (`ENVIRONMENT=production`, default log level). For each "
        f"scenario: a {plan['warmup_s']} s warm-up per app, then {plan['runs']} timed runs of "
        f"{plan['duration_s']} s, the apps alternating; the table shows the median "
        f"of each metric (non-2xx and errors are totals). wrk uses "
        f"{plan['threads']} thread(s) at most. The seed is 1 user with "
        f"{report['seeded_items']} items. Peak RSS is the largest worker RSS sampled every "
        f"100 ms during the timed runs; worker CPU µs/request is the CPU time (user and system) "
        f"the app's workers spent in a timed run, divided by the requests it completed."
    )


def markdown(report: dict[str, Any], chart_path: str) -> str:
    sections = [
        f"Measured {report['finished_at']} ({report['mode']} run).\n",
        method_text(report) + "\n",
        results_table(report) + "\n",
        f"![req/s and p99 per scenario and app]({chart_path})\n",
    ]
    if any(row["ratio"] is not None for row in comparison_rows(report)):
        sections += ["### Where the gap goes\n", decomposition_table(report) + "\n"]
    if report.get("layer_costs"):
        sections += [
            "### What each layer costs on `/users/me`\n",
            layer_table(report["layer_costs"]) + "\n",
        ]
    if dos := report.get("login_dos"):
        sections += ["### Login under load\n", login_table(dos) + "\n"]
    if report.get("profiles"):
        sections += ["### Where the service spends its time\n", profile_section(report["profiles"])]
    if report.get("notes"):
        sections += ["### Notes\n", "\n".join(f"- {note}" for note in report["notes"]) + "\n"]
    return "\n".join(sections)


_APP_LABELS = {
    "service": "generated service",
    "fastapi": "bare FastAPI + asyncpg",
    "baseline": "raw ASGI + asyncpg",
}
_SHORT_TITLES = {
    "health": "GET /health/live",
    "me": "GET users/me",
    "items": "GET items (20)",
    "create_item": "POST items",
    "login": "POST auth/login",
}


def chart(report: dict[str, Any], path: Path) -> None:
    rows = comparison_rows(report)
    labels = [
        f"{_SHORT_TITLES.get(row['scenario'], row['title'])}\n{row['connections']} conns"
        for row in rows
    ]
    names = list(dict.fromkeys(name for row in rows for name in row["apps"]))
    positions = list(range(len(rows)))
    width = 0.8 / max(1, len(names))
    figure, (rps_axis, p99_axis) = plt.subplots(2, 1, figsize=(12, 9), constrained_layout=True)
    for axis, metric, title in (
        (rps_axis, "rps", "Requests per second, log scale (higher is better)"),
        (p99_axis, "p99_ms", "p99 latency in ms, log scale (lower is better)"),
    ):
        for index, name in enumerate(names):
            values = [row["apps"][name][metric] if name in row["apps"] else 0 for row in rows]
            offset = (index - (len(names) - 1) / 2) * width
            bars = axis.bar(
                [p + offset for p in positions], values, width, label=_APP_LABELS.get(name, name)
            )
            axis.bar_label(
                bars, labels=[f"{v:,.0f}" if v else "" for v in bars.datavalues], fontsize=6
            )
        axis.set_yscale("log")
        axis.set_title(title)
        axis.set_xticks(positions, labels, fontsize=8)
        axis.grid(axis="y", alpha=0.3)
        axis.legend()
    figure.suptitle(f"fastapi-stack benchmark ({report['mode']} run, {report['finished_at']})")
    figure.savefig(path, dpi=110)
    plt.close(figure)


def update_docs(report_md: str, chart_file: Path, docs_page: Path, docs_chart: Path) -> None:
    """Replace the results between the markers of the docs page and copy the chart beside it."""
    page = docs_page.read_text()
    head, found_begin, rest = page.partition(DOCS_BEGIN)
    _, found_end, tail = rest.partition(DOCS_END)
    if not (found_begin and found_end):
        raise RuntimeError(f"{docs_page} has no {DOCS_BEGIN} ... {DOCS_END} section")
    docs_page.write_text(f"{head}{DOCS_BEGIN}\n{report_md.strip()}\n{DOCS_END}{tail}")
    docs_chart.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(chart_file, docs_chart)
