"""The 学习提醒 scenario of the benchmark (issue 18): one reminder to about 200,000 learners,
its SMS through the outbox provider with the rate limit and quiet hours off, timed from its
creation to `done`; reports messages a second and the server's peak RSS, which stays flat in the
audience's size (the audience is written by one INSERT ... SELECT and read in pages of 100).
"""

import json
import sqlite3
import subprocess
import time
import urllib.request

TARGET = 200_000


def _json(method, url, body=None, token=None):
    req = urllib.request.Request(url, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.load(r)


def _cities(url, province):
    """The province and its cities: the candidate scopes."""
    sql = f"SELECT code FROM regions WHERE code = '{province}' OR parent_code = '{province}' ORDER BY code"
    if url.startswith("sqlite://"):
        with sqlite3.connect(url[len("sqlite://"):]) as db:
            return [r[0] for r in db.execute(sql)]
    out = subprocess.run(["psql", url, "-Atc", sql], capture_output=True, text=True, check=True).stdout
    return [l for l in out.splitlines() if l]


def run(base, url, token, year, proc_pid, peak_rss_mb, reset_peak_rss, province="210000"):
    """Creates the reminder in the scope whose audience is nearest TARGET and waits until it is done."""
    body = {"year": year, "audience": "all", "sms": True, "text": "{姓名}您好：您 {年度} 年度还差{还差}，请按时完成学习。"}
    best = None
    for code in _cities(url, province):
        n = _json("POST", f"{base}/api/v1/admin/reminders/preview", {**body, "region_code": code}, token)["audience_count"]
        if best is None or abs(n - TARGET) < abs(best[1] - TARGET):
            best = (code, n)
    code, _ = best
    reset_peak_rss(proc_pid)
    started = time.monotonic()
    created = _json("POST", f"{base}/api/v1/admin/reminders", {**body, "region_code": code}, token)
    created_s = time.monotonic() - started
    rid = created["id"]
    while True:
        r = _json("GET", f"{base}/api/v1/admin/reminders/{rid}", token=token)
        if r["status"] in ("done", "cancelled"):
            break
        time.sleep(0.5)
    seconds = time.monotonic() - started
    return {
        "region_code": code,
        "audience": created["audience_count"],
        "create_seconds": round(created_s, 2),
        "seconds": round(seconds, 1),
        "messages_per_s": round(created["audience_count"] / seconds, 1) if seconds > 0 else None,
        "sent": r["sent"], "failed": r["failed"], "skipped": r["skipped"],
        "peak_rss_mb": round(peak_rss_mb(proc_pid), 1),
    }
