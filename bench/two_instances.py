"""Several `jxjy serve` on one PostgreSQL behind nginx as the load balancer (issue 19).

The province's deployment: instances share nothing but the database, so a learner's requests may
land on any of them. Measured here are the deadline reads, first through nginx to one instance
and then to two, so that the proxy's own cost is in both figures; the direct figures of the same
run stand beside them in result.md. On a 2-core machine the instances, nginx, PostgreSQL and wrk
share the same cores: the run shows that the reads scale out without errors, not how far
(docs/scale.md takes the per-request costs from here to a machine of the nation's size).
"""

import os
import subprocess
import sys
import time
import urllib.request

PORTS = [18081, 18082]
BALANCER_PORT = 18085
SCENARIOS = ["credits_json", "credits_page", "enrollments_page"]


def start_instance(b, url, port):
    proc = subprocess.Popen([b.JXJY, "serve", "--addr", f"127.0.0.1:{port}", "--database-url", url],
                            env=b.server_env(),
                            stdout=open(os.path.join(b.OUT, f"serve-{port}.log"), "w"),
                            stderr=subprocess.STDOUT)
    for _ in range(6000):
        if proc.poll() is not None:
            sys.exit(f"jxjy serve on {port} exited with {proc.returncode}; see target/bench/serve-{port}.log")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.01)
    sys.exit(f"jxjy serve on {port} did not become healthy")


def start_balancer(b, ports):
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in ports)
    return b.run_nginx(os.path.join(b.OUT, "balancer"), f"""  upstream jxjy {{
{servers}
    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{BALANCER_PORT};
    location / {{
      proxy_pass http://jxjy;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
    }}
  }}""", f"http://127.0.0.1:{BALANCER_PORT}/healthz")


def run(b, url, manifest, args):
    """One and two instances behind nginx; returns {"one": {scenario: wrk}, "two": {...}}."""
    reads = manifest["read_sessions"]
    lines = {
        "credits_json": [("GET", "/api/v1/credits", {"Authorization": f"Bearer {s['token']}"}, None)
                         for s in reads],
        "credits_page": [("GET", "/learner/credits", {"Cookie": f"jxjy_session={s['token']}"}, None)
                         for s in reads],
        "enrollments_page": [("GET", "/learner/training", {"Cookie": f"jxjy_session={s['token']}"}, None)
                             for s in reads],
    }
    base = f"http://127.0.0.1:{BALANCER_PORT}"
    out = {}
    for label, ports in (("one", PORTS[:1]), ("two", PORTS)):
        procs = [start_instance(b, url, p) for p in ports]
        balancer = start_balancer(b, ports)
        try:
            out[label] = {}
            for name in SCENARIOS:
                if args.only and name not in args.only:
                    continue
                path = b.write_requests(f"balanced-{label}-{name}", lines[name])
                b.wrk(base, path, args.warmup, args.connections)
                for p in procs:
                    b.reset_peak_rss(p.pid)
                pids, pg = [p.pid for p in procs], b.postgres_pids()
                app_cpu, db_cpu = b.cpu_seconds(pids), b.cpu_seconds(pg)
                r = b.wrk(base, path, args.duration, args.connections)
                r["peak_rss_mb"] = round(max(b.peak_rss_mb(p.pid) for p in procs), 1)
                done = max(r["requests"], 1)
                r["app_cpu_ms"] = round((b.cpu_seconds(pids) - app_cpu) * 1000 / done, 3)
                r["db_cpu_ms"] = round((b.cpu_seconds(pg) - db_cpu) * 1000 / done, 3)
                out[label][name] = r
                b.log(f"postgres behind nginx, {label} instance(s), {name}: {r}")
        finally:
            balancer.terminate()
            balancer.wait()
            for p in procs:
                b.stop(p)
    return out


def markdown(result):
    """The table beside the direct figures, or nothing when the run had none."""
    r = result["backends"].get("postgres", {})
    t = r.get("two_instances")
    if not t:
        return []
    yardstick = r["nginx_rps"]
    lines = ["", "PostgreSQL, the same reads directly, through nginx to one instance, and through nginx to two "
             "(req/s, share of nginx's static rate, p99 ms):", "",
             "| scenario | direct | nginx → one instance | nginx → two instances |", "|---|---|---|---|"]
    for name in SCENARIOS:
        cells = []
        for src in (r.get(name), t.get("one", {}).get(name), t.get("two", {}).get(name)):
            cells.append("-" if src is None else
                         f"{src['rps']:,.0f} ({src['rps'] / yardstick:.1%}), p99 {src['p99_ms']}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines
