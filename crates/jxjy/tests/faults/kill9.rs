//! SIGKILL at moments the test does not choose in advance, while schools report credits,
//! learners enroll and every school reads its change feed: after three crashes every
//! acknowledged write is there exactly once (a resend answers `repeat`), every report counts
//! whole or not at all, and the feed read with its cursor across the crashes missed nothing.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Value, json};
use tokio::sync::watch;

use crate::client::{self, NoAnswer};
use crate::common::fresh_database_url;
use crate::server::Server;

/// Waits for the next start of the server (or the end of the run) after a failed request.
async fn wait_restart(up: &mut watch::Receiver<u64>) {
    let _ = up.changed().await;
    up.borrow_and_update();
}

fn completed_at(year: i64) -> String {
    if year == i64::from(jxjy_app::format::year_of(jxjy_app::format::now())) {
        jxjy_app::format::rfc3339(jxjy_app::format::now() - 60)
    } else {
        format!("{year}-06-15T10:00:00+08:00")
    }
}

struct Report {
    institution: i64,
    path: String,
    body: Value,
    enrollment: i64,
    records: usize,
}

/// One school's stream of reports for one paid enrollment, each resent until acknowledged.
async fn report_stream(
    base: String,
    secret: String,
    (institution, enrollment, year): (i64, i64, i64),
    k: usize,
    stop: Arc<AtomicBool>,
    mut up: watch::Receiver<u64>,
    acked: watch::Sender<usize>,
) -> Vec<Report> {
    let http = client::client();
    let mut done = Vec::new();
    for i in 0.. {
        if stop.load(Ordering::Acquire) {
            break;
        }
        let records: Vec<Value> = (0..5)
            .map(|j| {
                json!({"record_id": format!("K{k}-{i}-{j}"), "course": "会计职业道德",
                "category": if j < 3 { "professional" } else { "public" },
                "credits": 0.5, "completed_at": completed_at(year)})
            })
            .collect();
        let body = json!({ "records": records });
        let path = format!("/api/v1/partner/enrollments/{enrollment}/credits");
        loop {
            match client::partner(
                &http,
                &base,
                institution,
                &secret,
                "POST",
                &path,
                Some(&body),
            )
            .await
            {
                Ok((200, _)) => break,
                // The database was still coming back: answered clearly, nothing written.
                Ok((503, _)) => wait_restart(&mut up).await,
                Ok((s, b)) => panic!("a credit report answered {s}: {b}"),
                Err(NoAnswer(_)) => wait_restart(&mut up).await,
            }
        }
        done.push(Report {
            institution,
            path,
            body,
            enrollment,
            records: 5,
        });
        acked.send_modify(|n| *n += 1);
    }
    done
}

/// Learners enrolling one after another; an enrollment whose answer was lost is found again
/// through 409 `already_enrolled` and the learner's own list.
async fn enroll_stream(
    base: String,
    sessions: Vec<Value>,
    mut up: watch::Receiver<u64>,
    acked: watch::Sender<usize>,
) -> Vec<(String, i64, i64)> {
    let http = client::client();
    let mut done = Vec::new();
    for s in sessions {
        let token = s["token"].as_str().unwrap().to_string();
        let body =
            json!({"year": s["year"], "level": s["level"], "institution_id": s["institution_id"]});
        let year = s["year"].as_i64().unwrap();
        let id = loop {
            match client::learner(
                &http,
                &base,
                &token,
                "POST",
                "/api/v1/enrollments",
                Some(&body),
            )
            .await
            {
                Ok((201, b)) => break b["id"].as_i64().unwrap(),
                Ok((409, b)) if b["error"]["code"] == "already_enrolled" => {
                    let Ok((200, list)) =
                        client::learner(&http, &base, &token, "GET", "/api/v1/enrollments", None)
                            .await
                    else {
                        wait_restart(&mut up).await;
                        continue;
                    };
                    let mine = list["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|e| e["year"] == year && e["status"] != "cancelled")
                        .cloned()
                        .unwrap();
                    break mine["id"].as_i64().unwrap();
                }
                Ok((503, _)) | Err(_) => wait_restart(&mut up).await,
                Ok((s, b)) => panic!("an enrollment answered {s}: {b}"),
            }
        };
        done.push((token, id, year));
        acked.send_modify(|n| *n += 1);
    }
    done
}

/// A school reading its feed after every acknowledged write, keeping its cursor across crashes;
/// returns each enrollment as last seen.
async fn feed_reader(
    base: String,
    institution: i64,
    secret: String,
    stop: Arc<AtomicBool>,
    mut acked: watch::Receiver<usize>,
) -> BTreeMap<i64, Value> {
    let http = client::client();
    let mut seen = BTreeMap::new();
    let mut cursor = String::new();
    loop {
        let last_round = stop.load(Ordering::Acquire);
        match client::read_feed(&http, &base, institution, &secret, cursor.clone()).await {
            Ok((items, next)) => {
                for item in items {
                    seen.insert(item["id"].as_i64().unwrap(), item);
                }
                cursor = next;
                if last_round {
                    return seen;
                }
            }
            // Down for a crash: the next acknowledged write comes after the restart.
            Err(NoAnswer(why)) => eprintln!("feed of school {institution}: {why}"),
        }
        if !last_round {
            let _ = acked.changed().await;
        }
    }
}

fn pseudo_random(below: usize) -> usize {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as usize;
    nanos % below
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill_exactly_once_and_the_feed_misses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(&dir).await;
    let mut server = Server::new(url, dir.path());
    let manifest = server.bench_data(150).await;
    server.start().await;
    let base = server.base();
    let http = client::client();

    let institutions: Vec<(i64, String)> = manifest["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_i64().unwrap(),
                i["secret"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut before = BTreeMap::new();
    for (id, secret) in &institutions {
        let (items, _) = client::read_feed(&http, &base, *id, secret, String::new())
            .await
            .unwrap();
        for item in items {
            before.insert(item["id"].as_i64().unwrap(), item);
        }
    }
    let paid: Vec<(i64, i64, i64)> = manifest["paid_enrollments"]
        .as_array()
        .unwrap()
        .iter()
        .take(6)
        .map(|p| {
            let e = p["enrollment_id"].as_i64().unwrap();
            (
                p["institution_id"].as_i64().unwrap(),
                e,
                before[&e]["year"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(paid.len(), 6, "the bench data has paid enrollments");
    let sessions: Vec<Value> = manifest["enroll_sessions"]
        .as_array()
        .unwrap()
        .iter()
        .take(60)
        .cloned()
        .collect();
    assert!(
        sessions.len() >= 20,
        "the bench data has learners to enroll"
    );

    let stop = Arc::new(AtomicBool::new(false));
    let writers_done = Arc::new(AtomicBool::new(false));
    let (up_tx, up_rx) = watch::channel(0_u64);
    let (acked_tx, mut acked_rx) = watch::channel(0_usize);
    let mut reports = Vec::new();
    for (k, p) in paid.iter().enumerate() {
        let secret = client::secret_of(&manifest, p.0);
        reports.push(tokio::spawn(report_stream(
            base.clone(),
            secret,
            *p,
            k,
            stop.clone(),
            up_rx.clone(),
            acked_tx.clone(),
        )));
    }
    let half = sessions.len() / 2;
    let enrolls = vec![
        tokio::spawn(enroll_stream(
            base.clone(),
            sessions[..half].to_vec(),
            up_rx.clone(),
            acked_tx.clone(),
        )),
        tokio::spawn(enroll_stream(
            base.clone(),
            sessions[half..].to_vec(),
            up_rx.clone(),
            acked_tx.clone(),
        )),
    ];
    let readers: Vec<_> = institutions
        .iter()
        .map(|(id, secret)| {
            tokio::spawn(feed_reader(
                base.clone(),
                *id,
                secret.clone(),
                writers_done.clone(),
                acked_tx.subscribe(),
            ))
        })
        .collect();

    // Three crashes, each after a number of acknowledged writes that varies from run to run.
    let mut target = 0;
    for generation in 1..=3 {
        target += 15 + pseudo_random(25);
        acked_rx.wait_for(|n| *n >= target).await.unwrap();
        server.kill9().await;
        server.start().await;
        up_tx.send_replace(generation);
    }
    target += 20;
    acked_rx.wait_for(|n| *n >= target).await.unwrap();
    stop.store(true, Ordering::Release);
    up_tx.send_replace(99);

    let mut acknowledged = Vec::new();
    for r in reports {
        acknowledged.extend(r.await.unwrap());
    }
    let mut enrolled = Vec::new();
    for e in enrolls {
        enrolled.extend(e.await.unwrap());
    }
    writers_done.store(true, Ordering::Release);
    acked_tx.send_modify(|n| *n += 1);
    let mut incremental = BTreeMap::new();
    for r in readers {
        incremental.extend(r.await.unwrap());
    }
    assert!(
        acknowledged.len() >= 30,
        "reports were acknowledged: {}",
        acknowledged.len()
    );

    // Every acknowledged report is there: sent again, it is a repeat.
    for r in &acknowledged {
        let secret = client::secret_of(&manifest, r.institution);
        let (s, b) = client::partner(
            &http,
            &base,
            r.institution,
            &secret,
            "POST",
            &r.path,
            Some(&r.body),
        )
        .await
        .unwrap();
        assert_eq!(
            (s, b["added"].as_i64(), b["repeat"].as_bool()),
            (200, Some(0), Some(true)),
            "{b}"
        );
    }

    // Exactly once, and whole: each enrollment gained 0.5 credits per acknowledged record.
    let mut after = BTreeMap::new();
    for (id, secret) in &institutions {
        let (items, _) = client::read_feed(&http, &base, *id, secret, String::new())
            .await
            .unwrap();
        for item in items {
            after.insert(item["id"].as_i64().unwrap(), item);
        }
    }
    for (_, e, _) in &paid {
        let records: usize = acknowledged
            .iter()
            .filter(|r| r.enrollment == *e)
            .map(|r| r.records)
            .sum();
        let gained = after[e]["credits"]["total"].as_f64().unwrap()
            - before[e]["credits"]["total"].as_f64().unwrap();
        assert!(
            (gained - 0.5 * records as f64).abs() < 1e-9,
            "enrollment {e}: gained {gained} for {records} records"
        );
        assert_eq!(after[e]["status"], "credited");
    }

    // Every acknowledged enrollment is the learner's one enrollment of that year.
    assert!(!enrolled.is_empty());
    for (token, id, year) in &enrolled {
        let (s, list) = client::learner(&http, &base, token, "GET", "/api/v1/enrollments", None)
            .await
            .unwrap();
        assert_eq!(s, 200);
        let active: Vec<&Value> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["year"] == *year && e["status"] != "cancelled")
            .collect();
        assert_eq!(active.len(), 1, "{list}");
        assert_eq!(active[0]["id"].as_i64(), Some(*id));
        assert!(
            after.contains_key(id),
            "enrollment {id} is in its school's feed"
        );
    }

    // The feed read with its cursor through the crashes shows every enrollment as it is now.
    for (id, item) in &after {
        if before.get(id) != Some(item) {
            assert_eq!(
                incremental.get(id),
                Some(item),
                "the feed read incrementally missed enrollment {id}"
            );
        }
    }
    server.terminate(std::time::Duration::from_secs(60)).await;
}
