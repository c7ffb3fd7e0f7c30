//! A full page of the partner feed with more behind it says `has_more: true` (it said false
//! when the page was 500: the store capped `limit + 1` at 500).

use crate::client;
use crate::common::fresh_database_url;
use crate::server::Server;

#[tokio::test]
async fn a_full_feed_page_of_500_says_more_follow() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(&dir).await;
    let mut server = Server::new(url, dir.path());
    let manifest = server.bench_data(1200).await;
    server.start().await;
    let http = client::client();
    let base = server.base();
    let institution = manifest["institutions"][0]["id"].as_i64().unwrap();
    let secret = client::secret_of(&manifest, institution);

    let (s, page) = client::partner(
        &http,
        &base,
        institution,
        &secret,
        "GET",
        "/api/v1/partner/enrollments?limit=500",
        None,
    )
    .await
    .unwrap();
    assert_eq!(s, 200, "{page}");
    let (all, _) = client::read_feed(&http, &base, institution, &secret, String::new())
        .await
        .unwrap();
    assert!(
        all.len() > 500,
        "the school has more than a page: {}",
        all.len()
    );
    assert_eq!(page["items"].as_array().unwrap().len(), 500);
    assert_eq!(page["has_more"], true, "a full page with more behind it");

    // The rest follows from the cursor, and the last page says it is the last.
    let next = format!(
        "/api/v1/partner/enrollments?limit=500&since={}",
        page["next_cursor"].as_str().unwrap()
    );
    let (s, rest) = client::partner(&http, &base, institution, &secret, "GET", &next, None)
        .await
        .unwrap();
    assert_eq!(s, 200);
    assert_eq!(
        500 + rest["items"].as_array().unwrap().len(),
        all.len().min(1000)
    );
    if all.len() <= 1000 {
        assert_eq!(rest["has_more"], false);
    }
    server.terminate(std::time::Duration::from_secs(60)).await;
}
