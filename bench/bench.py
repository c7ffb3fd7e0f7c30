#!/usr/bin/env python3
"""The deadline-rush benchmark: jxjy against nginx's static throughput on the same machine.

Run through `bench/run`, which builds the release binary and installs nginx and wrk. This script
prepares a pristine database per backend once (`jxjy bench-data`), copies it for every run (the
write scenarios use up the manifest's identities), starts `jxjy serve` on the copy, drives it with
wrk from another process on loopback, and writes target/bench/result.json and result.md.
"""

import argparse
import datetime
import hashlib
import hmac
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reminder_scenario  # noqa: E402
import two_instances  # noqa: E402
from report import markdown, targets  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "bench")
JXJY = os.path.join(ROOT, "target", "release", "jxjy")
LUA = os.path.join(ROOT, "bench", "requests.lua")
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
SECRET_KEY = "bench-secret-key-0123456789abcdef0123456789abcdef"
JXJY_PORT, NGINX_PORT = 18080, 18090
CORES = os.cpu_count() or 1


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(cmd, **kw):
    log("$ " + " ".join(cmd))
    return subprocess.run(cmd, check=True, **kw)


# ---------------------------------------------------------------- process metrics


def peak_rss_mb(pid):
    """The process's peak resident set since the last reset (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def cpu_seconds(pids):
    """User and system CPU seconds the processes have used (children that ended included)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        total += sum(int(v) for v in fields[11:15])
    return total / tick


def postgres_pids():
    """The PostgreSQL server's processes (its backends come and go with the connections)."""
    out = subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def reset_peak_rss(pid):
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


# ---------------------------------------------------------------- databases


def pg_psql(sql, db="postgres"):
    url = PG_ADMIN.rsplit("/", 1)[0] + "/" + db
    run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], stdout=subprocess.DEVNULL)


def prepare(backend, learners, fresh):
    """A pristine database with N bench learners and its manifest; built once, reused after."""
    os.makedirs(OUT, exist_ok=True)
    manifest = os.path.join(OUT, f"{backend}-{learners}.manifest.json")
    if backend == "sqlite":
        db = os.path.join(OUT, f"pristine-{learners}.db")
        url = f"sqlite://{db}"
        if fresh or not (os.path.exists(db) and os.path.exists(manifest)):
            for p in (db, db + "-wal", db + "-shm", manifest):
                if os.path.exists(p):
                    os.remove(p)
            build(url, learners, manifest)
            # Fold the WAL into the file so that a copy is the whole database.
            run(["sqlite3", db, "PRAGMA wal_checkpoint(TRUNCATE);"], stdout=subprocess.DEVNULL)
    else:
        name = f"jxjy_bench_{learners}"
        url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
        exists = subprocess.run(
            ["psql", PG_ADMIN, "-Atc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
            capture_output=True, text=True, check=True).stdout.strip() == "1"
        if fresh or not (exists and os.path.exists(manifest)):
            pg_psql(f"DROP DATABASE IF EXISTS {name}")
            pg_psql(f"CREATE DATABASE {name}")
            build(url, learners, manifest)
    return url, manifest


def build(url, learners, manifest):
    started = time.monotonic()
    run([JXJY, "migrate", "--database-url", url], env=server_env())
    run([JXJY, "bench-data", "--learners", str(learners), "--database-url", url,
         "--manifest", manifest], env=server_env())
    log(f"bench data for {learners} learners built in {time.monotonic() - started:.0f} s")


def working_copy(backend, pristine_url):
    """A copy of the pristine database for one run."""
    if backend == "sqlite":
        src = pristine_url[len("sqlite://"):]
        dst = os.path.join(OUT, "run.db")
        for p in (dst, dst + "-wal", dst + "-shm"):
            if os.path.exists(p):
                os.remove(p)
        shutil.copyfile(src, dst)
        # Written back before the run starts: otherwise the first checkpoint's fsync waits
        # for gigabytes of the copy, and the write scenarios measure the copy.
        os.sync()
        # Read once, as a server that has been up a while has its file in the page cache
        # (this machine's host also takes unused cache back over minutes: docs/performance.md).
        with open(dst, "rb") as f:
            while f.read(1 << 24):
                pass
        return f"sqlite://{dst}"
    src = pristine_url.rsplit("/", 1)[1]
    pg_psql("DROP DATABASE IF EXISTS jxjy_bench_run")
    pg_psql(f"CREATE DATABASE jxjy_bench_run TEMPLATE {src}")
    pg_psql("CHECKPOINT")
    os.sync()
    return PG_ADMIN.rsplit("/", 1)[0] + "/jxjy_bench_run"


# ---------------------------------------------------------------- servers


def server_env(extra=None):
    env = dict(os.environ)
    env.update({
        "JXJY_SECRET_KEY": SECRET_KEY,
        "JXJY_DATA_DIR": os.path.join(OUT, "data"),
        # The load comes from one address; X-Forwarded-For spreads it over many, as the
        # province's learners are, so the per-address guard stays on and is measured.
        "JXJY_TRUSTED_PROXIES": "127.0.0.1",
        "JXJY_REQUEST_TIMEOUT_SECS": "120",
        "RUST_LOG": "warn",
        # The reminder scenario: SMS through the outbox, no rate limit, no quiet hours.
        "JXJY_SMS_OUTBOX": os.path.join(OUT, "reminder-outbox.jsonl"),
        "JXJY_REMINDER_SMS_PER_SECOND": "0",
        "JXJY_REMINDER_QUIET_HOURS": "",
    })
    env.update(extra or {})
    return env


def start_jxjy(url):
    """Starts the server; returns the process and the seconds to its first healthy answer."""
    started = time.monotonic()
    proc = subprocess.Popen([JXJY, "serve", "--addr", f"127.0.0.1:{JXJY_PORT}",
                             "--database-url", url], env=server_env(),
                            stdout=open(os.path.join(OUT, "serve.log"), "w"),
                            stderr=subprocess.STDOUT)
    while True:
        if proc.poll() is not None:
            sys.exit(f"jxjy serve exited with {proc.returncode}; see target/bench/serve.log")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{JXJY_PORT}/healthz", timeout=5) as r:
                if r.status == 200:
                    return proc, time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.005)  # polling the port: the resolution of the cold-start figure


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def start_nginx():
    """nginx serving a 1 KB static file: the yardstick."""
    prefix = os.path.join(OUT, "nginx")
    os.makedirs(os.path.join(prefix, "html"), exist_ok=True)
    with open(os.path.join(prefix, "html", "static-1k.txt"), "w") as f:
        f.write(("jxjy nginx yardstick " * 60)[:1024])
    return run_nginx(prefix, f"""  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{NGINX_PORT};
    root {prefix}/html;
  }}""", f"http://127.0.0.1:{NGINX_PORT}/static-1k.txt")


def run_nginx(prefix, http_body, probe_url):
    """Starts nginx under `prefix` with `http_body` inside its `http` block; returns the process
    once `probe_url` answers 200."""
    os.makedirs(os.path.join(prefix, "logs"), exist_ok=True)
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes {CORES};
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
{http_body}
}}
""")
    proc = subprocess.Popen(["nginx", "-p", prefix, "-c", conf, "-g", "daemon off;"])
    for _ in range(2000):
        try:
            with urllib.request.urlopen(probe_url) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.005)
    sys.exit(f"nginx under {prefix} did not start")


# ---------------------------------------------------------------- load


def write_requests(name, lines, once=False):
    path = os.path.join(OUT, "requests", f"{name}.tsv")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        if once:
            f.write("#once\n")
        for method, target, headers, body in lines:
            h = "|".join(f"{k}: {v}" for k, v in headers.items())
            f.write(f"{method}\t{target}\t{h}\t{body or ''}\n")
    return path


def wrk(base, requests_file, duration, connections, threads=CORES):
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",
           "--timeout", "30s", "-s", LUA, base, "--", requests_file, str(threads)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("JSONRESULT "):
            r = json.loads(line[len("JSONRESULT "):])
            secs = r["duration_us"] / 1e6
            errors = sum(r[k] for k in r if k.startswith("errors_"))
            ok = r["requests"] - r["errors_status"]
            return {
                "requests": r["requests"],
                "ok": ok,
                "errors": errors,
                "seconds": round(secs, 2),
                "rps": round(ok / secs, 1),
                "p50_ms": round(r["p50_us"] / 1000, 2),
                "p99_ms": round(r["p99_us"] / 1000, 2),
                "max_ms": round(r["max_us"] / 1000, 2),
            }
    sys.exit("wrk printed no result:\n" + out)


def forwarded():
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


def signed(inst, method, target, body):
    ts = str(int(time.time()))
    nonce = os.urandom(12).hex()
    digest = hashlib.sha256(body.encode()).hexdigest()
    message = f"{method}\n{target}\n{ts}\n{nonce}\n{digest}"
    sig = hmac.new(inst["secret"].encode(), message.encode(), hashlib.sha256).hexdigest()
    return {"X-Institution-Id": str(inst["id"]), "X-Timestamp": ts, "X-Nonce": nonce,
            "X-Signature": sig, "Content-Type": "application/json"}


def credit_report_requests(manifest, count, year):
    insts = {i["id"]: i for i in manifest["institutions"]}
    lines = []
    for n, e in enumerate(manifest["paid_enrollments"][:count]):
        records = []
        for k in range(50):
            records.append({
                "record_id": f"bench-{e['enrollment_id']}-{k}",
                "course": f"基准课程{k}",
                "category": "professional" if k % 3 else "public",
                "credits": 0.5,
                "completed_at": f"{year}-01-{1 + k % 28:02d}T10:00:00+08:00",
            })
        body = json.dumps({"records": records}, ensure_ascii=False, separators=(",", ":"))
        target = f"/api/v1/partner/enrollments/{e['enrollment_id']}/credits"
        lines.append(("POST", target, signed(insts[e["institution_id"]], "POST", target, body), body))
    return lines


def http_json(method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def hash_ceiling():
    """Logins a second the machine could do if it did nothing but hash: one verifier per core
    at once, measured (argon2id is memory-bound: two cores hashing together may do less than
    twice one core's rate). Also returns one hash's time alone and cores / that time."""
    out = subprocess.run([JXJY, "bench-hash", "--rounds", "20"], capture_output=True, text=True,
                         check=True, env=server_env()).stdout
    r = json.loads(out)
    ms = float(r["ms_per_verify"])
    return ms, float(r["parallel_per_s"]), CORES * 1000 / ms


def scenarios(backend, url, manifest, args):
    base = f"http://127.0.0.1:{JXJY_PORT}"
    results = {}
    proc, cold = start_jxjy(url)
    results["cold_start"] = {"seconds": round(cold, 3)}
    log(f"{backend}: first healthy answer after {cold:.3f} s")
    year = datetime.date.today().year
    reads = manifest["read_sessions"]
    try:
        def load(name, lines, once=False, duration=args.duration):
            if args.only and name not in args.only:
                return
            path = write_requests(f"{backend}-{name}", lines, once)
            if not once:
                # Reads first run unmeasured for a few seconds: each session's first use
                # writes its touch, and the file's pages come into the cache (docs/performance.md).
                wrk(base, path, args.warmup, args.connections)
            reset_peak_rss(proc.pid)
            # The CPU each request cost the server and, on PostgreSQL, the database: the
            # per-request figures docs/scale.md sizes the nation's machines with.
            pg = postgres_pids() if backend == "postgres" else []
            app_cpu, db_cpu = cpu_seconds([proc.pid]), cpu_seconds(pg)
            r = wrk(base, path, duration, args.connections)
            r["peak_rss_mb"] = round(peak_rss_mb(proc.pid), 1)
            if once and r["requests"] >= 0.99 * len(lines):
                # Every prepared write was sent before the time was up, and wrk counts the whole
                # duration: the rate is then a lower bound (result.md says so).
                r["exhausted"] = True
                log(f"{backend} {name}: all {len(lines)} prepared requests used, the rate is a lower bound")
            done = max(r["requests"], 1)
            r["app_cpu_ms"] = round((cpu_seconds([proc.pid]) - app_cpu) * 1000 / done, 3)
            if pg:
                r["db_cpu_ms"] = round((cpu_seconds(pg) - db_cpu) * 1000 / done, 3)
            results[name] = r
            log(f"{backend} {name}: {r}")

        load("home", [("GET", "/", {}, None)])
        load("credits_json", [("GET", "/api/v1/credits",
                               {"Authorization": f"Bearer {s['token']}"}, None) for s in reads])
        load("credits_page", [("GET", "/learner/credits",
                               {"Cookie": f"jxjy_session={s['token']}"}, None) for s in reads])
        load("enrollments_page", [("GET", "/learner/training",
                                   {"Cookie": f"jxjy_session={s['token']}"}, None) for s in reads])
        # Logins right after the reads: the writes, the export and the reminder leave memory in
        # the allocator that a login's peak RSS would otherwise count.
        # The ceiling is measured right before and right after the logins, and the mean taken,
        # as nginx is around each backend: this host's hashing rate drifts between minutes.
        before = hash_ceiling() if not args.only or "login" in args.only else None
        load("login", [("POST", "/api/v1/login",
                        {"Content-Type": "application/json", "X-Forwarded-For": forwarded()},
                        json.dumps({"name": l["name"], "id_number": l["id_number"],
                                    "password": manifest["password"]}, ensure_ascii=False))
                       for l in manifest["login_sample"]])
        if "login" in results:
            after = hash_ceiling()
            ms, ceiling, single = ((x + y) / 2 for x, y in zip(before, after))
            results["login"]["hash_ceiling_runs"] = [round(before[1], 1), round(after[1], 1)]
            results["login"]["hash_ms"] = ms
            results["login"]["hash_ceiling_rps"] = round(ceiling, 1)
            results["login"]["cores_over_one_hash_rps"] = round(single, 1)
            results["login"]["ratio_to_ceiling"] = round(results["login"]["rps"] / ceiling, 3)
        load("enroll_post", [("POST", "/api/v1/enrollments",
                              {"Authorization": f"Bearer {s['token']}",
                               "Content-Type": "application/json",
                               "X-Forwarded-For": forwarded()},
                              json.dumps({"year": s["year"], "level": s["level"],
                                          "institution_id": s["institution_id"]}))
                             for s in manifest["enroll_sessions"]], once=True, duration=args.write_duration)
        reports = credit_report_requests(manifest, args.credit_requests, year)
        load("partner_credits", reports, once=True, duration=args.write_duration)
        if "partner_credits" in results:
            results["partner_credits"]["records_per_s"] = round(results["partner_credits"]["rps"] * 50, 1)
        if args.only:
            return results
        admin = manifest["admin"]
        token = http_json("POST", base + "/api/v1/admin/login",
                          {"username": admin["username"], "password": admin["password"]})["token"]
        reset_peak_rss(proc.pid)
        started = time.monotonic()
        req = urllib.request.Request(f"{base}/api/v1/admin/exports/compliance?year={year}",
                                     headers={"Authorization": f"Bearer {token}"})
        size = 0
        with urllib.request.urlopen(req, timeout=600) as r:
            while chunk := r.read(1 << 16):
                size += len(chunk)
        results["compliance_export"] = {
            "seconds": round(time.monotonic() - started, 2),
            "bytes": size,
            "peak_rss_mb": round(peak_rss_mb(proc.pid), 1),
        }
        log(f"{backend} compliance_export: {results['compliance_export']}")
        results["reminder"] = reminder_scenario.run(base, url, token, year, proc.pid, peak_rss_mb, reset_peak_rss)
        log(f"{backend} reminder: {results['reminder']}")

    finally:
        stop(proc)
    return results


def measure_nginx(args):
    nginx = start_nginx()
    try:
        r = wrk(f"http://127.0.0.1:{NGINX_PORT}",
                write_requests("nginx", [("GET", "/static-1k.txt", {}, None)]),
                args.duration, args.connections)
    finally:
        nginx.terminate()
        nginx.wait()
    log(f"nginx: {r}")
    return r


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) / 1024 / 1024
    return {"cpu": cpu, "cores": CORES, "mem_gb": round(mem, 1), "kernel": platform.release()}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--learners", type=int, default=1_000_000)
    p.add_argument("--backends", default="sqlite,postgres")
    p.add_argument("--pg-learners", type=int, default=2_000_000,
                   help="learners on PostgreSQL (its bench data loads slower than SQLite's)")
    p.add_argument("--duration", type=int, default=10, help="seconds a load scenario runs")
    p.add_argument("--write-duration", type=int, default=5,
                   help="seconds of the write scenarios: each prepared write is sent once, and the 50,000 "
                        "enrollments and 20,000 reports must last longer than this")
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--warmup", type=int, default=3,
                   help="unmeasured seconds before each read scenario")
    p.add_argument("--credit-requests", type=int, default=20000,
                   help="signed credit reports prepared (50 records each)")
    p.add_argument("--fresh", action="store_true", help="rebuild the bench databases")
    p.add_argument("--only", type=lambda v: set(v.split(",")), default=None,
                   help="run only these load scenarios (e.g. credits_json,credits_page), for a quick look")
    p.add_argument("--one-instance", action="store_true",
                   help="skip the run of two instances behind nginx on PostgreSQL")
    args = p.parse_args()
    os.makedirs(OUT, exist_ok=True)
    random.seed(2026)

    # The yardstick is measured before and after each backend, and each backend is compared with
    # the mean of the two around it: on a shared machine the throughput drifts over minutes.
    nginx_runs = [measure_nginx(args)]

    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                 capture_output=True, text=True).stdout.strip(),
        "learners": args.learners,
        "connections": args.connections,
        "duration_s": args.duration,
        "nginx": None,
        "nginx_runs": nginx_runs,
        "backends": {},
        "targets": {},
    }
    for backend in args.backends.split(","):
        n = args.pg_learners if backend == "postgres" and args.pg_learners else args.learners
        pristine, manifest_path = prepare(backend, n, args.fresh)
        with open(manifest_path) as f:
            manifest = json.load(f)
        url = working_copy(backend, pristine)
        r = scenarios(backend, url, manifest, args)
        r["learners"] = n
        if backend == "postgres" and not args.one_instance:
            r["two_instances"] = two_instances.run(sys.modules[__name__], url, manifest, args)
        nginx_runs.append(measure_nginx(args))
        r["nginx_rps"] = round((nginx_runs[-2]["rps"] + nginx_runs[-1]["rps"]) / 2, 1)
        result["backends"][backend] = r
        result["targets"][backend] = targets(r, r["nginx_rps"], backend)
    result["nginx"] = {k: round(sum(n[k] for n in nginx_runs) / len(nginx_runs), 2)
                       for k in ("rps", "p50_ms", "p99_ms")}

    with open(os.path.join(OUT, "result.json"), "w") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
    md = markdown(result)
    with open(os.path.join(OUT, "result.md"), "w") as f:
        f.write(md)
    print(md)


if __name__ == "__main__":
    main()
