//! The 学时证明 PDF: fonts, wrapping, and the issuing authority's seal line.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

fn sample() -> CertificateData<'static> {
    CertificateData {
        site_title: "辽宁省会计人员继续教育管理系统",
        name: "买买提·艾力",
        masked_id: "440103********883X",
        authority: "和平区财政局",
        year: 2026,
        professional: Credits::from_tenths(625),
        public: Credits::whole(30),
        rule: "总学分不少于 90 学分，其中专业科目不少于 60 学分、公需科目不少于 30 学分",
        rows: vec![
            ("网络培训", Credits::from_tenths(25), Credits::whole(30)),
            ("考试", Credits::whole(60), Credits::zero()),
        ],
        issued_on: "2026-11-27",
        code: "ABCD-EFGH-JKLM-NPQR",
        verify_url: "http://127.0.0.1:8080/verify/ABCD-EFGH-JKLM-NPQR",
        issuer: "辽宁省财政厅",
    }
}

#[test]
fn the_certificate_is_a_pdf_with_its_fonts_embedded_as_subsets() {
    let pdf = render(&sample()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // Two subset fonts of a few kilobytes each, not the 4 MB CJK font.
    assert!(pdf.len() < 200_000, "{} bytes", pdf.len());
}

#[test]
fn latin_characters_and_cjk_use_the_font_that_has_them() {
    let fonts = FONTS.as_ref().unwrap();
    let runs: Vec<_> = fonts
        .runs("姓名 2.5 学分·A")
        .into_iter()
        .map(|(face, s)| (std::ptr::eq(face, &fonts.latin), s))
        .collect();
    assert_eq!(
        runs,
        [
            (false, "姓名".to_string()),
            (true, " 2.5 ".to_string()),
            (false, "学分".to_string()),
            (true, "·A".to_string())
        ]
    );
}

#[test]
fn long_text_wraps_within_the_width_and_keeps_every_character() {
    let fonts = FONTS.as_ref().unwrap();
    let text = "总学分不少于 90 学分，其中专业科目不少于 60 学分、公需科目不少于 30 学分 http://example.cn/verify/ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let lines = fonts.wrap(text, 12.0, 150.0);
    assert!(lines.len() > 2);
    assert!(lines.iter().all(|l| fonts.width(l, 12.0) <= 150.0 + 0.01));
    let joined: String = lines.concat();
    assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
}

#[test]
fn the_seal_line_names_the_issuing_authority_and_the_date() {
    let d = sample();
    assert_eq!(
        seal_lines(&d),
        [
            "出具单位（章）：辽宁省财政厅".to_string(),
            "2026 年 11 月 27 日".to_string()
        ]
    );
}

#[test]
fn the_seal_line_stays_below_the_statement_however_long_the_table() {
    let short = seal_baseline(400.0);
    assert_eq!(
        short,
        PAGE_H - 72.0 - 40.0 - 110.0 - 56.0,
        "its place on a short certificate"
    );
    // Four study methods push the statement's last line to about 617 pt: the seal follows it.
    let long = seal_baseline(617.0);
    assert!(long >= 617.0 + 13.0, "{long}");
}
