#!/usr/bin/env python3
"""Turns bench/run.sh results (JSON Lines, one measured run a line) into a Markdown report on stdout.

Usage: report.py RESULTS.jsonl [META.json]

A cell (workload, N, tool) shows the median over its repetitions of wall time, client CPU (user+sys of the
whole process tree) and sshd CPU per connection, and the largest peak memory, with and without the page cache
the tree charged (files it wrote, such as fanout's run records). A cell with any failed run
says FAILED and its reason is listed under the table; a tool that is not installed says n/a. Ratios are
fanout / peer (below 1: fanout is better).
"""

import json
import statistics
import sys


def fmt(x, digits=2):
    return "n/a" if x is None else ("%.*f" % (digits, x))


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "n/a"
    return "%.2f" % (a / b)


def summarise(rows):
    """Aggregate of one cell: dict with status, medians and reasons."""
    if any(r.get("na") for r in rows):
        return {"status": "n/a"}
    failed = [r for r in rows if not r.get("ok")]
    n = rows[0]["n"]
    walls = [r["wall_s"] for r in rows if r.get("wall_s") is not None]
    cpus = [r["cpu_s"] for r in rows if r.get("cpu_s") is not None]
    peaks = [r["peak_bytes"] for r in rows if r.get("peak_bytes") is not None]
    non_cache = [r["peak_non_cache_bytes"] for r in rows if r.get("peak_non_cache_bytes") is not None]
    servers = [r["server_cpu_s"] / n for r in rows if r.get("server_cpu_s") is not None]
    return {
        "status": "FAILED" if failed else "ok",
        "runs": "%d/%d" % (len(rows) - len(failed), len(rows)),
        "reasons": [r.get("reason", "") for r in failed],
        "wall": statistics.median(walls) if walls else None,
        "wall_min": min(walls) if walls else None,
        "wall_max": max(walls) if walls else None,
        "cpu": statistics.median(cpus) if cpus else None,
        "peak": max(peaks) / 1048576 if peaks else None,
        "peak_nc": max(non_cache) / 1048576 if non_cache else None,
        "server_ms": statistics.median(servers) * 1000 if servers else None,
    }


def main():
    if len(sys.argv) < 2:
        print("usage: report.py RESULTS.jsonl [META.json]", file=sys.stderr)
        return 2
    rows = []
    with open(sys.argv[1]) as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    meta = {}
    if len(sys.argv) > 2:
        with open(sys.argv[2]) as f:
            meta = json.load(f)
    cells = {}
    for r in rows:
        cells.setdefault((r["workload"], r["n"]), {}).setdefault(r["tool"], []).append(r)

    out = []
    if meta:
        v = meta.get("versions", {})
        out.append("Machine: %s CPUs, Linux %s. %s. %s repetitions per cell, tools alternating."
                   % (meta.get("cpus"), meta.get("kernel"), meta.get("methods"), meta.get("reps")))
        out.append("Versions: " + "; ".join("%s: %s" % (k, v[k]) for k in sorted(v)) + ".")
        out.append("")
    out.append("| workload | N | tool | wall s, median (min-max) | client CPU s | peak MiB | peak MiB w/o page cache "
               "| sshd CPU ms/conn "
               "| fanout/peer wall | fanout/peer CPU | fanout/peer mem | runs ok |")
    out.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    notes = []
    floors = []
    for (wl, n), tools in cells.items():
        agg = {tool: summarise(rs) for tool, rs in tools.items()}
        fan = agg.get("fanout")
        fan_ok = fan is not None and fan["status"] == "ok"
        for tool, a in agg.items():
            if a["status"] == "n/a":
                out.append("| %s | %d | %s | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |" % (wl, n, tool))
                continue
            if a["status"] == "FAILED":
                wall = "FAILED"
                notes.append("- %s %s N=%d: %s" % (tool, wl, n, "; ".join(sorted(set(a["reasons"])))[:600]))
            else:
                wall = "%s (%s-%s)" % (fmt(a["wall"]), fmt(a["wall_min"]), fmt(a["wall_max"]))
            if tool == "fanout" or not fan_ok or a["status"] != "ok":
                rw = rc = rm = "-" if tool == "fanout" else "n/a"
            else:
                rw, rc, rm = ratio(fan["wall"], a["wall"]), ratio(fan["cpu"], a["cpu"]), ratio(fan["peak"], a["peak"])
            out.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                wl, n, tool, wall, fmt(a["cpu"]), fmt(a["peak"], 1), fmt(a["peak_nc"], 1), fmt(a["server_ms"], 1),
                rw, rc, rm, a["runs"]))
        server = [a["server_ms"] for t, a in agg.items()
                  if t != "fanout" and a["status"] == "ok" and a["server_ms"] is not None]
        if server and meta.get("cpus") and n > 1:
            per_conn = statistics.median(server)
            floor = n * per_conn / 1000 / meta["cpus"] + (1.0 if wl == "sleep" else 0.0)
            floors.append("- %s N=%d: sshd %.1f ms CPU per connection (median over the peers) x %d hosts / %d CPUs%s "
                          "= %.2f s wall floor" % (wl, n, per_conn, n, meta["cpus"],
                                                   " + 1 s of sleep" if wl == "sleep" else "", floor))
    print("\n".join(out))
    if floors:
        print("\nServer-side floor (the sshd work alone, spread over every CPU):")
        print("\n".join(floors))
    if notes:
        print("\nFailures:")
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
