#!/usr/bin/env python3
"""Turns the bench guest's console log into tables, JSON and a plot.

    report.py --log build/bench/bench.log --out build/bench \
              --png docs/bench-connections.png --plot-script bench/connections.gp

The guest (bench/guest.sh) prints one "BENCH {json}" line per measurement.
Figures of the same point from several rounds are averaged; the spread
between rounds is kept in results.json ("rps_rounds").
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HZ = 100  # USER_HZ: the unit of /proc/stat and /proc/PID/stat
SERVERS = ("khttpd", "nginx", "epoll")
IDLE_KIND = {"new": "that never sent a request (httpraw -I)",
             "keepalive": "after one request each (idle-clients)"}


def load(path):
    runs, info, mem, stats, sweeps, broken = [], {}, [], [], [], 0
    in_stats = False
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line == "KHTTPD-STATS-BEGIN":
                in_stats = True
                continue
            if line == "KHTTPD-STATS-END":
                in_stats = False
                continue
            if in_stats:
                stats.append(line)
                continue
            if not line.startswith("BENCH {"):
                continue
            try:
                rec = json.loads(line[6:])
            except ValueError:
                broken += 1  # a kernel message cut into the line
                continue
            sec = rec.get("section")
            if sec == "info":
                info = rec
            elif sec == "idle-mem":
                mem.append(rec)
            elif sec == "sweep":
                sweeps.append(rec)
            else:
                runs.append(derive(rec))
    return runs, info, mem, stats, sweeps, broken


def derive(r):
    """Adds rate, latency and CPU-per-request figures to one measurement."""
    res = r["result"]
    r["rps"] = res.get("requests_per_s", 0.0)
    r["p99"] = res.get("latency_us", {}).get("p99")
    r["good"] = res.get("good", 0)
    r["bad"] = res.get("bad", 0)
    r["errors"] = res.get("errors", 0)
    r["failed"] = res.get("failed")
    # Busy time is the wall time minus idle time: the idle time in /proc/stat
    # is measured (NOHZ), the other fields are tick samples, which a TCG
    # guest under load undercounts (late ticks are lost).  The tick samples
    # still give the split between user, system and softirq.
    wall = r["wall_cs"] / 100.0 or r["dur"]
    busy, cpus = 0.0, {}
    for cpu, v in r["stat"].items():
        user, nice, system, idle, iowait, irq, softirq, steal = v
        b = max(wall - (idle + iowait) / HZ, 0.0)
        ticks = max(user + nice + system + irq + softirq + steal, 1)
        cpus[cpu] = {"busy_pct": 100.0 * b / wall,
                     "user_share": (user + nice) / ticks,
                     "sys_share": system / ticks,
                     "softirq_share": (softirq + irq) / ticks}
        busy += b
    r["cpus"] = cpus
    client_s = r["client_user_s"] + r["client_sys_s"]
    r["client_pct"] = 100.0 * client_s / wall / (r["threads"] if r["pin"] == "none" else 1)
    n = r["good"] or 1
    r["us_total"] = busy * 1e6 / n
    r["us_client"] = client_s * 1e6 / n
    r["us_server"] = r["server_ticks"] / HZ * 1e6 / n
    r["us_ksoftirqd"] = r["ksoftirqd_ticks"] / HZ * 1e6 / n
    r["us_rest"] = r["us_total"] - r["us_client"] - r["us_server"]
    if "klat" in r:
        r["klat_p50"] = bucket_percentile(r["klat"], 0.50)
        r["klat_p99"] = bucket_percentile(r["klat"], 0.99)
    return r


def bucket_percentile(cum, q):
    """Upper bound (us) of the power-of-two bucket holding quantile q, from
    cumulative counts [[upper_us, requests_at_most_that], ...]."""
    total = cum[-1][1] if cum else 0
    if total <= 0:
        return None
    for upper, n in cum:
        if n >= q * total:
            return upper
    return cum[-1][0]


def mean(xs):
    xs = [x for x in xs if x is not None]
    return statistics.mean(xs) if xs else None


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def round_ratio(a_runs, b_runs):
    """Median over rounds of a's req/s over b's in the same round: the two
    ran minutes apart at most, so slow drifts of the host cancel out."""
    b = {r.get("round"): r["rps"] for r in b_runs}
    return median([r["rps"] / b[r.get("round")] for r in a_runs
                   if b.get(r.get("round"))])


def point_key(r):
    return (r["mode"], r["conc"], r["client"], r["threads"], r["pin"])


def label(key):
    mode, conc, client, threads, pin = key
    name = {"keepalive": "keep-alive", "close": "conn/request",
            "pipeline16": "pipelined x16"}[mode]
    s = "%s c=%d" % (name, conc)
    if pin == "none":
        s += " (%d thr, unpinned)" % threads
    elif pin == "one":
        s += " (all on vCPU 0)"
    return s


def group(runs, section, server_of=lambda r: r["server"]):
    """{point: {server: [runs]}} in the order the points were run."""
    pts = {}
    for r in runs:
        if r["section"] == section:
            pts.setdefault(point_key(r), {}).setdefault(server_of(r), []).append(r)
    return pts


def agg(rs):
    return {"rps": median([r["rps"] for r in rs]),
            "p99": median([r["p99"] for r in rs]),
            "rps_rounds": [round(r["rps"]) for r in rs],
            "p99_rounds": [r["p99"] for r in rs],
            "problems": sum(r["bad"] + r["errors"] for r in rs) +
            sum(1 for r in rs if r["failed"]),
            "us_total": mean([r["us_total"] for r in rs]),
            "us_server": mean([r["us_server"] for r in rs]),
            "us_client": mean([r["us_client"] for r in rs]),
            "us_ksoftirqd": mean([r["us_ksoftirqd"] for r in rs]),
            "client_pct": mean([r["client_pct"] for r in rs]),
            "cpu0_pct": mean([r["cpus"].get("cpu0", {}).get("busy_pct") for r in rs]),
            "cpu1_pct": mean([r["cpus"].get("cpu1", {}).get("busy_pct") for r in rs]),
            "p50": median([r["result"].get("latency_us", {}).get("p50") for r in rs]),
            "klat_p50": max([r.get("klat_p50") or 0 for r in rs] or [0]) or None,
            "klat_p99": max([r.get("klat_p99") or 0 for r in rs] or [0]) or None}


def ratio(a, b):
    return a / b if a and b else None


def fmt(x, spec="%.0f", none="-"):
    return none if x is None else spec % x


def main_table(runs, lines, summary):
    pts = group(runs, "main")
    if not pts:
        return
    lines.append("Throughput (req/s) and p99 latency (us); client pinned to vCPU 0 "
                 "unless marked; median of rounds; ratios: median of the per-round ratios")
    hdr = "%-34s %-8s %9s %9s %9s %7s %7s %8s %8s %8s" % (
        "workload", "client", "khttpd", "nginx", "epoll", "k/ngx", "k/epl",
        "p99 k", "p99 ngx", "p99 epl")
    lines += [hdr, "-" * len(hdr)]
    for key, by in pts.items():
        a = {s: agg(by.get(s, [])) for s in SERVERS}
        row = {"workload": label(key), "mode": key[0], "conc": key[1],
               "client": key[2], "threads": key[3], "pin": key[4]}
        for s in SERVERS:
            row[s] = a[s]
        row["khttpd_vs_nginx"] = round_ratio(by.get("khttpd", []), by.get("nginx", []))
        row["khttpd_vs_epoll"] = round_ratio(by.get("khttpd", []), by.get("epoll", []))
        summary["main"].append(row)
        mark = lambda s: "!" if a[s]["problems"] else ""
        lines.append("%-34s %-8s %9s %9s %9s %7s %7s %8s %8s %8s" % (
            label(key), key[2],
            fmt(a["khttpd"]["rps"]) + mark("khttpd"),
            fmt(a["nginx"]["rps"]) + mark("nginx"),
            fmt(a["epoll"]["rps"]) + mark("epoll"),
            fmt(row["khttpd_vs_nginx"], "%.2fx"), fmt(row["khttpd_vs_epoll"], "%.2fx"),
            fmt(a["khttpd"]["p99"]), fmt(a["nginx"]["p99"]), fmt(a["epoll"]["p99"])))
    lines.append("(! = bad responses or errors in that cell: see results.json)")
    # round-to-round spread, as a noise indicator
    spreads = []
    for row in summary["main"]:
        for s in SERVERS:
            rr = row[s]["rps_rounds"]
            if len(rr) > 1 and min(rr) > 0:
                spreads.append(max(rr) / min(rr) - 1)
    if spreads:
        lines.append("Round-to-round spread of req/s: median %.0f%%, max %.0f%%" % (
            100 * statistics.median(spreads), 100 * max(spreads)))
    lines.append("")

    lines.append("CPU time per request (us of CPU per completed request): total = all "
                 "busy time of both vCPUs; server = nginx/epoll processes or, for "
                 "khttpd, all kworkers; client = the client process; ksoftirq = the "
                 "ksoftirqd threads (network work deferred by softirq); other = the rest "
                 "(softirq on an idle CPU, RCU, timers; slightly negative = sampling "
                 "error); client% = its share of one CPU (pinned) or of its threads' "
                 "CPUs; cpuN% = busy share of each vCPU")
    hdr = "%-34s %-8s %-7s %8s %8s %8s %8s %8s %8s %6s %6s" % (
        "workload", "client", "server", "total", "server", "client", "ksoftirq",
        "other", "client%", "cpu0%", "cpu1%")
    lines += [hdr, "-" * len(hdr)]
    for row in summary["main"]:
        for s in SERVERS:
            a = row[s]
            if a["us_total"] is None:
                continue
            lines.append("%-34s %-8s %-7s %8.0f %8.0f %8.0f %8.0f %8.0f %8.0f %6.0f %6.0f" % (
                row["workload"], row["client"], s, a["us_total"], a["us_server"],
                a["us_client"], a["us_ksoftirqd"],
                a["us_total"] - a["us_server"] - a["us_client"] - a["us_ksoftirqd"],
                a["client_pct"], a["cpu0_pct"] or 0, a["cpu1_pct"] or 0))
    lines.append("")


def klat_table(lines, summary):
    rows = [r for r in summary["main"] if r["khttpd"]["klat_p99"]]
    if not rows:
        return
    lines.append("Where khttpd's latency is: its own time per request (first byte read "
                 "to last byte sent, /proc/khttpd histogram, power-of-two bucket bound, "
                 "worst round) against what the client saw")
    hdr = "%-34s %-8s %10s %10s %10s %10s" % (
        "workload", "client", "in-kernel", "in-kernel", "client", "client")
    lines += [hdr, "%-34s %-8s %10s %10s %10s %10s" % ("", "", "p50 <=", "p99 <=", "p50", "p99"),
              "-" * len(hdr)]
    for r in rows:
        a = r["khttpd"]
        lines.append("%-34s %-8s %10s %10s %10s %10s" % (
            r["workload"], r["client"], fmt(a["klat_p50"]), fmt(a["klat_p99"]),
            fmt(a["p50"]), fmt(a["p99"])))
    lines.append("")


WQ_KINDS = ("local", "spread", "unbound", "balance")


def wq_table(runs, lines, summary):
    pts = group(runs, "wq")
    if not pts:
        return
    kinds = [k for k in WQ_KINDS
             if any(by.get("khttpd-" + k) for by in pts.values())]
    lines.append("Where io_work runs (placement), switched in turn: per-CPU workqueue "
                 "with each connection on the CPU that received it (local), dealt "
                 "round-robin (spread) or chosen by load each time (balance); or the "
                 "unbound workqueue (unbound)")
    others = [k for k in kinds if k != "local"]
    cols = (["workload", "client"] + kinds + ["%s/loc" % k[:3] for k in others]
            + ["p99 " + k[:3] for k in kinds] + ["cpu " + k[:3] for k in kinds])
    fmt_row = ("%-34s %-8s" + " %8s" * (len(kinds) + len(others) + len(kinds))
               + " %9s" * len(kinds))
    hdr = fmt_row % tuple(cols)
    lines += [hdr, "-" * len(hdr)]
    for key, by in pts.items():
        a = {kind: agg(by.get("khttpd-" + kind, [])) for kind in kinds}
        loc = by.get("khttpd-local", [])
        ratios = {k: round_ratio(by.get("khttpd-" + k, []), loc) for k in others}
        summary["wq"].append({"workload": label(key), "client": key[2], **a,
                              **{k + "_vs_local": v for k, v in ratios.items()}})
        cpu = lambda x: "%s/%s" % (fmt(x["cpu0_pct"]), fmt(x["cpu1_pct"]))
        rps = lambda x: fmt(x["rps"]) + ("!" if x["problems"] else "")
        lines.append(fmt_row % tuple(
            [label(key), key[2]] + [rps(a[k]) for k in kinds]
            + [fmt(ratios[k], "%.2fx") for k in others]
            + [fmt(a[k]["p99"]) for k in kinds] + [cpu(a[k]) for k in kinds]))
    lines.append("")


def ab_table(runs, lines, summary):
    """bench/run --ab: this tree's khttpd against the one built from an
    older revision, loaded in turn in the same boot (server "khttpd-old",
    "khttpd-old-KIND" in the wq section).  new/old: median of the per-round
    ratios of req/s, and the ratio of the median p99s."""
    if not any(r["server"].startswith("khttpd-old") for r in runs):
        return
    lines.append("Same boot, this tree (new) against --ab %s (old), loaded in turn "
                 "at every point; new/old > 1: faster now, p99 new/old < 1: lower "
                 "latency now" % summary["info"].get("ab", "?"))
    fmt_row = "%-4s %-34s %-8s %-8s %9s %9s %8s %8s %8s %8s"
    hdr = fmt_row % ("sect", "workload", "client", "placemnt", "new", "old",
                     "new/old", "p99 new", "p99 old", "p99 n/o")
    lines += [hdr, "-" * len(hdr)]
    for section in ("main", "wq"):
        for key, by in group(runs, section).items():
            for srv in sorted(by):
                if not srv.startswith("khttpd-old"):
                    continue
                new_srv = "khttpd" + srv[len("khttpd-old"):]
                new, old = agg(by.get(new_srv, [])), agg(by[srv])
                r = round_ratio(by.get(new_srv, []), by[srv])
                kind = srv[len("khttpd-old-"):] or "-"
                summary["ab"].append({"section": section, "workload": label(key),
                                      "client": key[2], "placement": kind,
                                      "new": new, "old": old, "new_vs_old": r,
                                      "p99_new_vs_old": ratio(new["p99"], old["p99"])})
                lines.append(fmt_row % (
                    section, label(key), key[2], kind, fmt(new["rps"]),
                    fmt(old["rps"]), fmt(r, "%.2fx"), fmt(new["p99"]),
                    fmt(old["p99"]), fmt(ratio(new["p99"], old["p99"]), "%.2fx")))
    lines.append("")


def idle_table(runs, mem, sweeps, lines, summary):
    idle = [r for r in runs if r["section"] == "idle"]
    if not idle:
        return
    lines.append("32 active keep-alive clients (pinned) beside idle connections: "
                 "req/s before, with, and after them")
    hdr = "%-7s %-8s %9s %9s %9s %8s %8s %8s" % (
        "server", "client", "before", "idle", "after", "kept", "p99 bef", "p99 idle")
    lines += [hdr, "-" * len(hdr)]
    for srv in ("khttpd", "nginx"):
        for cli in ("htstress", "wrk"):
            ph = {p: [r for r in idle if r["server"] == srv and r["client"] == cli
                      and r.get("phase") == p] for p in ("before", "idle", "after")}
            if not ph["idle"]:
                continue
            base = median([r["rps"] for r in ph["before"] + ph["after"]])
            with_idle = median([r["rps"] for r in ph["idle"]])
            kept = ratio(with_idle, base)
            summary["idle"].append({"server": srv, "client": cli,
                                    "before": median([r["rps"] for r in ph["before"]]),
                                    "idle": with_idle,
                                    "after": median([r["rps"] for r in ph["after"]]),
                                    "kept": kept,
                                    "p99_before": median([r["p99"] for r in ph["before"]]),
                                    "p99_idle": median([r["p99"] for r in ph["idle"]])})
            lines.append("%-7s %-8s %9s %9s %9s %8s %8s %8s" % (
                srv, cli, fmt(median([r["rps"] for r in ph["before"]])),
                fmt(with_idle), fmt(median([r["rps"] for r in ph["after"]])),
                fmt(kept and 100 * kept, "%.0f%%"),
                fmt(median([r["p99"] for r in ph["before"]])),
                fmt(median([r["p99"] for r in ph["idle"]]))))
    lines.append("(medians of 3 runs per phase; kept = with idle / before and after)")
    for sw in sweeps:
        t = sw.get("sweep")
        if t:
            lines.append("khttpd timeout sweep with %d connections (%s): %d runs in 4 s, "
                         "%d us each on average, %d us at most (spinlock held throughout)" % (
                             sw["conns"], sw["kind"], t["count"], t["mean_us"], t["max_us"]))
    summary["sweeps"] = sweeps
    for m in mem:
        n = m["conns"]
        ds = (m["slab_kb"][1] - m["slab_kb"][0]) * 1024
        s = "%s, %d idle connections %s (opened in %.0f s): Slab +%d kB = %d bytes " \
            "per connection (client and server socket both in this kernel)" % (
                m["server"], n, IDLE_KIND.get(m.get("kind"), ""), m["open_cs"] / 100.0,
                ds // 1024, ds // max(n, 1))
        if m["server"] == "nginx":
            dr = (m["nginx_rss_kb"][1] - m["nginx_rss_kb"][0]) * 1024
            s += "; nginx RSS +%d kB = %d bytes per connection" % (dr // 1024, dr // max(n, 1))
        if m.get("khttpd_conn") and m["server"] == "khttpd":
            s += "; khttpd_conn: %d objects of %d bytes" % tuple(m["khttpd_conn"])
        lines.append(s)
        top = sorted(m["caches"].items(), key=lambda kv: -kv[1][1])
        # kmalloc above 8 KiB comes from the page allocator: counted in
        # Slab (SUnreclaim) but in no /proc/slabinfo line
        listed = sum(v[1] for v in m["caches"].values())
        m["unlisted_bytes_per_conn"] = (ds - listed) / max(n, 1)
        lines.append("  in no slab cache (large kmalloc, e.g. buffers > 8 KiB): %d bytes "
                     "per connection" % m["unlisted_bytes_per_conn"])
        lines.append("  slab pages grown, bytes per connection: " + ", ".join(
            "%s %d (%.2f objs of %d)" % (k, v[1] / max(n, 1), v[0] / max(n, 1), v[2])
            for k, v in top if v[1] > 0))
        summary["idle_mem"].append(m)
    lines.append("")


def targets(summary, lines):
    rows = summary["main"]
    by = {(r["mode"], r["conc"], r["client"], r["pin"]): r for r in rows}
    out = []

    def verdict(name, value, goal, ok):
        out.append({"target": name, "value": value, "goal": goal, "met": ok})
        lines.append("%-58s %-18s %s" % (name, value, "MET" if ok else "NOT MET"))

    lines.append("Targets (from the issue), this run:")
    for cli in ("htstress", "wrk"):
        r = by.get(("keepalive", 32, cli, "cpu0"))
        if r and r["khttpd_vs_nginx"]:
            verdict("keep-alive c=32 (%s) >= 2.0x nginx" % cli,
                    "%.2fx" % r["khttpd_vs_nginx"], 2.0, r["khttpd_vs_nginx"] >= 2.0)
    r = by.get(("close", 32, "htstress", "cpu0"))
    if r and r["khttpd"]["rps"]:
        best = max(r["nginx"]["rps"] or 0, r["epoll"]["rps"] or 0)
        v = r["khttpd"]["rps"] / best if best else 0
        verdict("conn/request c=32 >= 1.2x max(nginx, epoll)", "%.2fx" % v, 1.2, v >= 1.2)
    worse = [r["workload"] + " " + r["client"] for r in rows
             if r["khttpd"]["p99"] and r["nginx"]["p99"] and
             r["khttpd"]["p99"] > r["nginx"]["p99"]]
    verdict("p99 no worse than nginx's (points where worse)",
            "%d of %d" % (len(worse), len(rows)), 0, not worse)
    for i in summary["idle"]:
        if i["server"] == "khttpd" and i["kept"]:
            verdict("khttpd keeps >= 90%% beside idle conns (%s)" % i["client"],
                    "%.0f%%" % (100 * i["kept"]), 0.9, i["kept"] >= 0.9)
    if worse:
        lines.append("  p99 worse than nginx at: " + "; ".join(worse))
    summary["targets"] = out
    lines.append("")


def plot(summary, out, png, script):
    """Keep-alive and connection-per-request req/s versus concurrency."""
    rows = [r for r in summary["main"] if r["pin"] == "cpu0"]
    files = {}
    for mode, client in (("keepalive", "htstress"), ("keepalive", "wrk"),
                         ("close", "htstress")):
        pts = sorted((r["conc"], r) for r in rows
                     if r["mode"] == mode and r["client"] == client)
        if not pts:
            continue
        name = os.path.join(out, "plot-%s-%s.dat" % (mode, client))
        with open(name, "w") as f:
            f.write("# conc khttpd nginx epoll (req/s)\n")
            for conc, r in pts:
                f.write("%d %s\n" % (conc, " ".join(
                    "%.0f" % (r[s]["rps"] or 0) for s in SERVERS)))
        files[mode + "-" + client] = name
    if not files:
        return None
    subtitle = "TCG guest, 2 vCPUs, client pinned to vCPU 0, %d s x %d rounds" % (
        summary["info"].get("dur", 0), summary["info"].get("rounds", 0))
    cmd = ["gnuplot", "-e", "outfile='%s'; datadir='%s'; subtitle='%s'" % (
        png, out, subtitle), script]
    return subprocess.run(cmd).returncode == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--png")
    ap.add_argument("--plot-script")
    args = ap.parse_args()

    runs, info, mem, stats, sweeps, broken = load(args.log)
    if not runs:
        print("report: no BENCH lines in %s" % args.log, file=sys.stderr)
        return 1
    summary = {"info": info, "main": [], "wq": [], "idle": [], "idle_mem": [],
               "targets": [], "ab": [], "khttpd_stats": stats}
    lines = ["khttpd connection-engine benchmark: kernel %s, %s vCPUs, nginx %s, "
             "%s s per run, %s rounds, khttpd placement %s" % (
                 info.get("kernel"), info.get("cpus"), info.get("nginx"),
                 info.get("dur"), info.get("rounds"), info.get("wq")), ""]
    if broken:
        lines += ["(%d BENCH lines were unreadable and skipped)" % broken, ""]
    main_table(runs, lines, summary)
    klat_table(lines, summary)
    wq_table(runs, lines, summary)
    ab_table(runs, lines, summary)
    idle_table(runs, mem, sweeps, lines, summary)
    targets(summary, lines)
    problems = [r for r in runs if r["bad"] or r["errors"] or r["failed"]]
    for r in problems:
        lines.append("problem: %s %s %s c=%d %s: bad=%s errors=%s %s" % (
            r["section"], r["server"], r["mode"], r["conc"], r["client"],
            r["bad"], r["errors"], r["failed"] or ""))
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    with open(os.path.join(args.out, "results.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"summary": summary, "runs": runs}, f, indent=1)
    if args.png and args.plot_script:
        done = plot(summary, args.out, args.png, args.plot_script)
        if done:
            print("plot: %s" % args.png)
        elif done is False:
            print("plot: gnuplot failed", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
