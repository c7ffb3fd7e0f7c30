//! Drawing the 学时证明 as a one-page A4 PDF with krilla: the fonts are compiled into the binary
//! (`assets/fonts/`) and embedded as subsets, so Chinese renders anywhere without a download, and
//! the QR code is drawn from the `qrcode` crate's module matrix as filled squares.
//!
//! Droid Sans Fallback has the CJK glyphs but no Latin letters or digits; DejaVu Sans has those.
//! Every character is drawn with the first of the two fonts that has it.

use std::sync::LazyLock;

use jxjy_domain::Credits;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf");
const LATIN_FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 72.0;
const RIGHT: f32 = PAGE_W - 72.0;

/// What the certificate states.
#[derive(Debug, Clone)]
pub struct CertificateData<'a> {
    pub site_title: &'a str,
    pub name: &'a str,
    pub masked_id: &'a str,
    pub authority: &'a str,
    pub year: i64,
    pub professional: Credits,
    pub public: Credits,
    /// The year's requirement as a sentence.
    pub rule: &'a str,
    /// Per study method: label, professional, public.
    pub rows: Vec<(&'static str, Credits, Credits)>,
    /// `2026-11-27`
    pub issued_on: &'a str,
    pub code: &'a str,
    pub verify_url: &'a str,
    /// The authority that issues the certificate (the province's 财政厅), on the seal line.
    pub issuer: &'a str,
}

/// Where the seal line's first baseline goes: a line's space below the statement however long
/// the table above it grew, and never above its place on a short certificate.
pub fn seal_baseline(statement_end: f32) -> f32 {
    (statement_end + 16.0).max(PAGE_H - 72.0 - 40.0 - 110.0 - 56.0)
}

/// The seal line under the statement, right-aligned as on a paper certificate: the issuing
/// authority, then the date in words.
pub fn seal_lines(d: &CertificateData<'_>) -> [String; 2] {
    let date = match d.issued_on.split('-').collect::<Vec<_>>()[..] {
        [y, m, day] => format!(
            "{y} 年 {} 月 {} 日",
            m.trim_start_matches('0'),
            day.trim_start_matches('0')
        ),
        _ => d.issued_on.to_string(),
    };
    [format!("出具单位（章）：{}", d.issuer), date]
}

struct Face {
    font: Font,
    data: FontRef<'static>,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Option<Face> {
        Some(Face {
            font: Font::new(bytes.into(), 0)?,
            data: FontRef::new(bytes).ok()?,
        })
    }

    fn has(&self, c: char) -> bool {
        self.data.charmap().map(c).is_some()
    }

    fn advance(&self, text: &str, size: f32) -> f32 {
        let charmap = self.data.charmap();
        let metrics = self
            .data
            .glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(size * 0.5)
            })
            .sum()
    }
}

struct Fonts {
    cjk: Face,
    latin: Face,
}

static FONTS: LazyLock<Option<Fonts>> = LazyLock::new(|| {
    Some(Fonts {
        cjk: Face::load(CJK_FONT)?,
        latin: Face::load(LATIN_FONT)?,
    })
});

impl Fonts {
    fn face_of(&self, c: char) -> &Face {
        if self.latin.has(c) || !self.cjk.has(c) {
            &self.latin
        } else {
            &self.cjk
        }
    }

    /// The text split into runs of one font each.
    fn runs<'a>(&'a self, text: &str) -> Vec<(&'a Face, String)> {
        let mut runs: Vec<(&Face, String)> = Vec::new();
        for c in text.chars() {
            let face = self.face_of(c);
            match runs.last_mut() {
                Some((f, s)) if std::ptr::eq(*f, face) => s.push(c),
                _ => runs.push((face, c.to_string())),
            }
        }
        runs
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        self.runs(text)
            .iter()
            .map(|(face, s)| face.advance(s, size))
            .sum()
    }

    /// Greedy line breaking: CJK may break anywhere, a run of ASCII letters and digits only
    /// between runs unless it is wider than a line on its own.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut tokens: Vec<String> = Vec::new();
        for c in text.chars() {
            let word = c.is_ascii_alphanumeric();
            match tokens.last_mut() {
                Some(t) if word && t.chars().all(|x| x.is_ascii_alphanumeric()) => t.push(c),
                _ => tokens.push(c.to_string()),
            }
        }
        let mut lines = Vec::new();
        let mut line = String::new();
        for token in tokens {
            let candidate = format!("{line}{token}");
            if self.width(&candidate, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let token = token.trim_start();
            if self.width(token, size) <= max {
                line = token.to_string();
                continue;
            }
            // One token wider than a line: break inside it.
            for c in token.chars() {
                let next = format!("{line}{c}");
                if self.width(&next, size) > max && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

fn fill(r: u8, g: u8, b: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        ..Default::default()
    }
}

fn stroke(r: u8, g: u8, b: u8, width: f32) -> Stroke {
    Stroke {
        paint: rgb::Color::new(r, g, b).into(),
        width,
        ..Default::default()
    }
}

struct Pen<'s, 'p> {
    surface: &'s mut Surface<'p>,
    fonts: &'static Fonts,
}

impl Pen<'_, '_> {
    /// Draws `text` with its baseline at `y`, starting at `x`.
    fn text(&mut self, x: f32, y: f32, size: f32, text: &str) {
        let mut x = x;
        for (face, run) in self.fonts.runs(text) {
            self.surface.draw_text(
                Point::from_xy(x, y),
                face.font.clone(),
                size,
                &run,
                false,
                TextDirection::Auto,
            );
            x += face.advance(&run, size);
        }
    }

    fn centered(&mut self, cx: f32, y: f32, size: f32, text: &str) {
        let w = self.fonts.width(text, size);
        self.text(cx - w / 2.0, y, size, text);
    }

    fn right(&mut self, right: f32, y: f32, size: f32, text: &str) {
        let w = self.fonts.width(text, size);
        self.text(right - w, y, size, text);
    }

    /// A paragraph from `y` (the first baseline); returns the baseline after it.
    fn paragraph(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        width: f32,
        leading: f32,
        text: &str,
    ) -> f32 {
        let mut y = y;
        for line in self.fonts.wrap(text, size, width) {
            self.text(x, y, size, &line);
            y += leading;
        }
        y
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, s: Stroke) {
        let mut pb = PathBuilder::new();
        pb.move_to(x1, y1);
        pb.line_to(x2, y2);
        if let Some(path) = pb.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(s));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }

    fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, s: Stroke) {
        if let Some(rect) = Rect::from_xywh(x, y, w, h) {
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            if let Some(path) = pb.finish() {
                self.surface.set_fill(None);
                self.surface.set_stroke(Some(s));
                self.surface.draw_path(&path);
                self.surface.set_stroke(None);
            }
        }
    }

    /// The QR code of `data` as dark squares in a `size`-point square at (x, y).
    fn qr(&mut self, x: f32, y: f32, size: f32, data: &str) -> Result<(), String> {
        let code = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::M)
            .map_err(|e| format!("qr: {e}"))?;
        let n = code.width();
        let module = size / n as f32;
        let mut pb = PathBuilder::new();
        for (i, color) in code.to_colors().iter().enumerate() {
            if *color == qrcode::Color::Dark {
                let (col, row) = ((i % n) as f32, (i / n) as f32);
                if let Some(r) = Rect::from_xywh(x + col * module, y + row * module, module, module)
                {
                    pb.push_rect(r);
                }
            }
        }
        if let Some(path) = pb.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(fill(0, 0, 0)));
            self.surface.draw_path(&path);
        }
        Ok(())
    }
}

/// The certificate as PDF bytes.
pub fn render(d: &CertificateData<'_>) -> Result<Vec<u8>, String> {
    let fonts = FONTS.as_ref().ok_or("embedded fonts unreadable")?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} 年度会计人员继续教育学时证明", d.year))
            .creator(d.site_title.to_string())
            .language("zh-CN".to_string()),
    );
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("page size")?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let mut pen = Pen {
        surface: &mut surface,
        fonts,
    };
    draw(&mut pen, d)?;
    surface.finish();
    page.finish();
    document.finish().map_err(|e| format!("pdf: {e:?}"))
}

fn draw(pen: &mut Pen<'_, '_>, d: &CertificateData<'_>) -> Result<(), String> {
    let red = (160, 30, 30);
    pen.frame(
        28.0,
        28.0,
        PAGE_W - 56.0,
        PAGE_H - 56.0,
        stroke(red.0, red.1, red.2, 2.5),
    );
    pen.frame(
        36.0,
        36.0,
        PAGE_W - 72.0,
        PAGE_H - 72.0,
        stroke(red.0, red.1, red.2, 0.6),
    );

    pen.surface.set_fill(Some(fill(red.0, red.1, red.2)));
    pen.centered(PAGE_W / 2.0, 110.0, 26.0, "会计人员继续教育学时证明");
    pen.surface.set_fill(Some(fill(90, 90, 90)));
    pen.centered(PAGE_W / 2.0, 138.0, 11.0, d.site_title);

    // Who, which year, how many credits.
    let total = d.professional + d.public;
    let facts: [(&str, String); 7] = [
        ("姓　　名", d.name.to_string()),
        ("证件号码", d.masked_id.to_string()),
        ("主管部门", d.authority.to_string()),
        ("年　　度", format!("{} 年度", d.year)),
        (
            "已获学分",
            format!(
                "总学分 {total} 学分，其中专业科目 {} 学分、公需科目 {} 学分",
                d.professional, d.public
            ),
        ),
        ("年度要求", d.rule.to_string()),
        ("完成情况", "已达标".to_string()),
    ];
    let label_w = 80.0;
    let mut y = 185.0;
    for (label, value) in facts {
        pen.surface.set_fill(Some(fill(90, 90, 90)));
        pen.text(LEFT, y, 12.0, label);
        pen.surface.set_fill(Some(fill(0, 0, 0)));
        y = pen.paragraph(
            LEFT + label_w,
            y,
            12.0,
            RIGHT - LEFT - label_w,
            18.0,
            &value,
        ) + 8.0;
    }

    // Credits by study method.
    y += 6.0;
    pen.surface.set_fill(Some(fill(0, 0, 0)));
    pen.text(LEFT, y, 13.0, "学分明细（按学习方式）");
    y += 12.0;
    let cols = [LEFT, LEFT + 190.0, LEFT + 290.0, LEFT + 390.0];
    let row_h = 24.0;
    let grey = stroke(150, 150, 150, 0.6);
    pen.line(LEFT, y, RIGHT, y, grey.clone());
    let header = ["学习方式", "专业科目", "公需科目", "合计"];
    let mut rows: Vec<[String; 4]> = vec![header.map(str::to_string)];
    for (label, p, q) in &d.rows {
        rows.push([
            (*label).to_string(),
            p.to_string(),
            q.to_string(),
            (*p + *q).to_string(),
        ]);
    }
    rows.push([
        "合计".to_string(),
        d.professional.to_string(),
        d.public.to_string(),
        total.to_string(),
    ]);
    for (i, row) in rows.iter().enumerate() {
        let baseline = y + row_h - 8.0;
        pen.surface.set_fill(Some(if i == 0 {
            fill(90, 90, 90)
        } else {
            fill(0, 0, 0)
        }));
        pen.text(cols[0] + 6.0, baseline, 12.0, &row[0]);
        for (c, cell) in row.iter().enumerate().skip(1) {
            let right_edge = cols.get(c + 1).copied().unwrap_or(RIGHT) - 10.0;
            pen.right(right_edge, baseline, 12.0, cell);
        }
        y += row_h;
        pen.line(LEFT, y, RIGHT, y, grey.clone());
    }

    // The statement.
    y += 30.0;
    pen.surface.set_fill(Some(fill(0, 0, 0)));
    let statement = format!(
        "兹证明上述人员 {} 年度会计专业技术人员继续教育学分已达到规定要求。本证明根据本系统记录的网校报送学分及经主管部门审核通过的学分申报生成；实际学习以及完成情况以全国会计人员统一服务管理平台数据为准。",
        d.year
    );
    let statement_end = pen.paragraph(LEFT, y, 12.0, RIGHT - LEFT, 20.0, &statement);
    let [issuer, date] = seal_lines(d);
    let seal_y = seal_baseline(statement_end);
    pen.right(RIGHT, seal_y, 13.0, &issuer);
    pen.right(RIGHT, seal_y + 22.0, 12.0, &date);

    // Verification: code, address and QR code.
    let qr_size = 110.0;
    let qr_x = RIGHT - qr_size;
    let qr_y = PAGE_H - 72.0 - 40.0 - qr_size;
    pen.qr(qr_x, qr_y, qr_size, d.verify_url)?;
    pen.surface.set_fill(Some(fill(90, 90, 90)));
    pen.centered(qr_x + qr_size / 2.0, qr_y + qr_size + 16.0, 9.0, "扫码核验");
    pen.surface.set_fill(Some(fill(0, 0, 0)));
    let text_w = qr_x - LEFT - 20.0;
    let mut vy = qr_y + 14.0;
    pen.text(LEFT, vy, 12.0, &format!("签发日期：{}", d.issued_on));
    vy += 22.0;
    pen.text(LEFT, vy, 12.0, &format!("核 验 码：{}", d.code));
    vy += 22.0;
    pen.text(LEFT, vy, 10.0, "核验网址：");
    vy += 16.0;
    pen.paragraph(LEFT, vy, 9.0, text_w, 13.0, d.verify_url);
    Ok(())
}

#[cfg(test)]
#[path = "pdf_tests.rs"]
mod tests;
