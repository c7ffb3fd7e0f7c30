//! The 操作手册's screenshots: PNG files of `static/manual/`, taken by the browser suite
//! (`e2e/run --update-manual`), compiled into the binary by `build.rs` and served at
//! `/static/manual/{file}` with long cache lifetimes; each URL carries the file's own hash (`?v=`).

use std::sync::LazyLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::extract::Path;
use crate::{AppError, HttpError};

include!(concat!(env!("OUT_DIR"), "/manual_shots.rs"));

/// One figure's image as the page needs it.
#[derive(Debug, Clone)]
pub struct Shot {
    pub src: String,
    /// Pixel size, for the `width`/`height` attributes (the browser reserves the space).
    pub width: u32,
    pub height: u32,
}

struct Entry {
    name: &'static str,
    bytes: &'static [u8],
    version: String,
    width: u32,
    height: u32,
}

static ENTRIES: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    MANUAL_SHOTS
        .iter()
        .map(|(name, bytes)| {
            let (width, height) = png_size(bytes).unwrap_or((0, 0));
            Entry {
                name,
                bytes,
                version: fnv(bytes),
                width,
                height,
            }
        })
        .collect()
});

/// The figure `file` of the manual. An unknown name still gets its address (which answers 404),
/// so a template naming a missing file shows up in the tests instead of failing the page.
pub fn shot(file: &str) -> Shot {
    match ENTRIES.iter().find(|e| e.name == file) {
        Some(e) => Shot {
            src: format!("/static/manual/{}?v={}", e.name, e.version),
            width: e.width,
            height: e.height,
        },
        None => Shot {
            src: format!("/static/manual/{file}"),
            width: 0,
            height: 0,
        },
    }
}

/// The names of all embedded figures.
pub fn names() -> impl Iterator<Item = &'static str> {
    ENTRIES.iter().map(|e| e.name)
}

pub async fn serve(Path(file): Path<String>) -> Result<Response, HttpError> {
    let entry = ENTRIES
        .iter()
        .find(|e| e.name == file)
        .ok_or_else(|| AppError::not_found("图片不存在"))?;
    let mut response = entry.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Ok(response)
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.get(..8)? != SIGNATURE || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let word = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    };
    Some((word(16)?, word(20)?))
}

/// A short content hash (FNV-1a) for cache busting; not for security.
fn fnv(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_figure_is_a_png_with_a_size() {
        for e in ENTRIES.iter() {
            assert!(e.width > 0 && e.height > 0, "{} is not a PNG", e.name);
        }
    }

    #[test]
    fn a_png_header_gives_its_size_and_junk_gives_none() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&750u32.to_be_bytes());
        png.extend_from_slice(&1334u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((750, 1334)));
        assert_eq!(png_size(b"GIF89a"), None);
        assert_eq!(png_size(&png[..20]), None);
    }

    #[test]
    fn an_unknown_figure_has_an_address_without_version() {
        let s = shot("no-such.png");
        assert_eq!(s.src, "/static/manual/no-such.png");
    }
}
