//! Embeds the 操作手册's screenshots: every `static/manual/*.png` (written by the browser suite with
//! `e2e/run --update-manual`) becomes an entry of `MANUAL_SHOTS` in `$OUT_DIR/manual_shots.rs`, so
//! the folder is the one list of figures and a new or changed screenshot rebuilds the crate.

use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("static/manual");
    println!("cargo:rerun-if-changed=static/manual");
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    if dir.is_dir() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            let name = path.file_name().and_then(|n| n.to_str()).map(str::to_owned);
            if let Some(name) = name.filter(|n| n.ends_with(".png")) {
                files.push((name, path));
            }
        }
    }
    files.sort();
    let mut out = String::from("/// The manual's screenshots: file name and PNG bytes, by name.\n");
    out.push_str("pub static MANUAL_SHOTS: &[(&str, &[u8])] = &[\n");
    for (name, path) in &files {
        writeln!(
            out,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        )?;
    }
    out.push_str("];\n");
    std::fs::write(
        PathBuf::from(std::env::var("OUT_DIR")?).join("manual_shots.rs"),
        out,
    )?;
    Ok(())
}
