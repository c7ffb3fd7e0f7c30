"""result.md and the issues' targets, from the results bench.py gathered."""

import two_instances


READS = ["home", "credits_json", "credits_page", "enrollments_page"]


# Issue 19's targets, as shares of nginx's request rate: (SQLite, PostgreSQL).
TARGETS = {"credits_json": (0.30, 0.15), "pages": (0.20, 0.10), "credit_records": (0.50, 0.25)}


def targets(r, nginx_rps, backend):
    """The issues' targets, checked on one backend's results (a scenario not run is skipped)."""
    pg = 1 if backend == "postgres" else 0
    checks = {
        f"credits_json >= {TARGETS['credits_json'][pg]:.0%} nginx":
            lambda: r["credits_json"]["rps"] >= TARGETS["credits_json"][pg] * nginx_rps,
        f"学分查询 and 网络培训 pages >= {TARGETS['pages'][pg]:.0%} nginx":
            lambda: min(r["credits_page"]["rps"], r["enrollments_page"]["rps"])
            >= TARGETS["pages"][pg] * nginx_rps,
        "p99 of reads <= 50 ms": lambda: all(r[s]["p99_ms"] <= 50 for s in READS),
        "reads <= 150 MB RSS": lambda: all(r[s]["peak_rss_mb"] <= 150 for s in READS),
        "enrollments >= 2000/s": lambda: r["enroll_post"]["rps"] >= 2000,
        f"credit records/s >= {TARGETS['credit_records'][pg]:.0%} of nginx's req/s":
            lambda: r["partner_credits"]["records_per_s"] >= TARGETS["credit_records"][pg] * nginx_rps,
        "logins >= 90% of hash ceiling, <= 150 MB":
            lambda: r["login"]["ratio_to_ceiling"] >= 0.9 and r["login"]["peak_rss_mb"] <= 150,
        "export <= 60 s and <= 200 MB": lambda: (r["compliance_export"]["seconds"] <= 60
                                                 and r["compliance_export"]["peak_rss_mb"] <= 200),
        "cold start <= 2 s": lambda: r["cold_start"]["seconds"] <= 2,
    }
    out = {}
    for name, check in checks.items():
        try:
            out[name] = check()
        except KeyError:
            pass
    return out


def markdown(result):
    backends = list(result["backends"])
    lines = [f"Run {result['date']} on {result['machine']['cpu']} ({result['machine']['cores']} cores, "
             f"{result['machine']['mem_gb']} GB), commit {result['commit']}, "
             f"{result['learners']} learners, {result['connections']} connections, "
             f"{result['duration_s']} s a scenario.", "",
             "nginx static 1 KB, measured before and after each backend: "
             + ", ".join(f"{n['rps']:,.0f}" for n in result["nginx_runs"])
             + f" req/s (p50 {result['nginx']['p50_ms']} ms, p99 {result['nginx']['p99_ms']} ms on average); "
             "each backend is compared with the mean of the two runs around it"
             + "".join(f", {b} {result['backends'][b]['nginx_rps']:,.0f}" for b in backends) + ".", ""]
    head = "| scenario | " + " | ".join(
        f"{b} req/s | {b} vs nginx | {b} p50 ms | {b} p99 ms | {b} peak RSS MB" for b in backends) + " |"
    lines += [head, "|---" * (1 + 5 * len(backends)) + "|"]
    for s in READS + ["enroll_post", "partner_credits", "login"]:
        cells = []
        for b in backends:
            r = result["backends"][b].get(s)
            if r is None:
                cells.append("- | - | - | - | -")
                continue
            rps = f"{r['rps']:,.0f}"
            if s == "partner_credits":
                rps += f" ({r['records_per_s']:,.0f} records/s)"
            if r.get("exhausted"):
                rps = "≥ " + rps + " (all sent: a lower bound)"
            if s == "login":
                rps += f" ({r['ratio_to_ceiling']:.0%} of {r['hash_ceiling_rps']:.0f})"
            yardstick = result["backends"][b]["nginx_rps"]
            cells.append(f"{rps} | {r['rps'] / yardstick:.1%} | {r['p50_ms']} | {r['p99_ms']} | {r['peak_rss_mb']}")
        lines.append(f"| {s} | " + " | ".join(cells) + " |")
    lines.append("")
    for b in backends:
        r = result["backends"][b]
        e = r.get("compliance_export")
        if e is None:
            continue
        lines.append(f"- {b}: compliance export of the province {e['seconds']} s, "
                     f"{e['bytes'] / 1e6:.1f} MB, peak RSS {e['peak_rss_mb']} MB; "
                     f"cold start {r['cold_start']['seconds']} s.")
        m = r.get("reminder")
        if m:
            lines.append(f"- {b}: a reminder to {m['audience']:,} learners ({m['region_code']}), SMS through the outbox: "
                         f"created in {m['create_seconds']} s, done in {m['seconds']} s, "
                         f"{m['messages_per_s']:,.0f} messages/s, peak RSS {m['peak_rss_mb']} MB.")
    lines.append("")
    lines.append("| target | " + " | ".join(backends) + " |")
    lines.append("|---" * (1 + len(backends)) + "|")
    names = list(dict.fromkeys(t for b in backends for t in result["targets"][b]))
    for t in names:
        lines.append(f"| {t} | " + " | ".join(
            {True: "met", False: "**missed**", None: "-"}[result["targets"][b].get(t)]
            for b in backends) + " |")
    lines += two_instances.markdown(result)
    return "\n".join(lines) + "\n"
