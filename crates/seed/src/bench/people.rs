//! Who the synthetic learners are. Everything is a pure function of the learner's global number
//! `k` (0, 1, 2, … over every batch ever generated into a database), so a second batch, which
//! starts where the first ended, never repeats a document number or a phone.

use jxjy_domain::{Gender, QualificationLevel, check_char, first_required_year};

/// splitmix64's finaliser: a well-mixed 64-bit value from any input.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A deterministic random number for item `k` and purpose `salt`.
pub fn rnd(k: u64, salt: u64) -> u64 {
    mix(k ^ mix(salt))
}

/// Birth dates run over `BIRTH_DAYS` days from 1965-01-01 (ages about 24 to 62 in 2026). Fixed
/// constants, not "this year": a batch made next year must not reuse this year's numbers.
const BIRTH_BASE: (i32, u32, u32) = (1965, 1, 1);
const BIRTH_DAYS: u64 = 13_870;
/// Each learner number owns one (birth date, 3-digit sequence) pair, whatever its region.
pub const CAPACITY: u64 = BIRTH_DAYS * 1000;
/// Multiplying by a number coprime to `CAPACITY` (2·5·19·73·…) permutes `0..CAPACITY`, so
/// consecutive learners get scattered birth dates and still never share a pair.
const SCATTER: u64 = 7_919;

/// A learner's identity: document number (with its check character), birth date, gender, phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub id_number: String,
    pub birth: (i32, u32, u32),
    pub gender: Gender,
    pub phone: String,
    pub name: String,
}

/// The identity of learner `k` living in region `region_code` (6 digits), or `None` beyond
/// `CAPACITY` learners.
pub fn identity(k: u64, region_code: &str) -> Option<Identity> {
    if k >= CAPACITY || region_code.len() != 6 {
        return None;
    }
    let slot = k.checked_mul(SCATTER)? % CAPACITY;
    let (day, seq) = (slot % BIRTH_DAYS, slot / BIRTH_DAYS);
    let birth = civil_from_days(days_from_civil(BIRTH_BASE) + day as i64);
    let first17 = format!(
        "{region_code}{:04}{:02}{:02}{seq:03}",
        birth.0, birth.1, birth.2
    );
    let check = check_char(&first17)?;
    let gender = Gender::from_sequence_digit((seq % 10) as u32);
    Some(Identity {
        id_number: format!("{first17}{check}"),
        birth,
        gender,
        phone: phone(k),
        name: name(k, gender),
    })
}

/// `199` and 8 digits: `k` times a number coprime to 10^8, so distinct for the first 10^8 learners.
pub fn phone(k: u64) -> String {
    format!(
        "199{:08}",
        (k.wrapping_mul(SCATTER) + 1_234_567) % 100_000_000
    )
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段", "侯", "史", "欧阳",
    "上官",
];
const MALE_CHARS: &[&str] = &[
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "建", "国",
];
const FEMALE_CHARS: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "婷", "雪", "慧", "颖", "琳", "欣", "晶", "倩",
    "红", "玲", "燕", "萍", "梅", "莉", "洁", "思", "媛", "佳", "悦", "雅", "文", "月", "秀", "琪",
];

/// A plausible Chinese name: a surname and one or two given characters fitting the gender.
pub fn name(k: u64, gender: Gender) -> String {
    let pick = |list: &[&'static str], salt: u64| list[(rnd(k, salt) % list.len() as u64) as usize];
    let chars = match gender {
        Gender::Male => MALE_CHARS,
        Gender::Female => FEMALE_CHARS,
    };
    let surname = pick(SURNAMES, 1);
    if rnd(k, 2).is_multiple_of(3) {
        format!("{surname}{}", pick(chars, 3))
    } else {
        format!("{surname}{}{}", pick(chars, 3), pick(chars, 4))
    }
}

const EDUCATIONS: &[&str] = &["大专", "本科", "本科", "本科", "硕士研究生", "中专", "其他"];
const FIRM_WORDS: &[&str] = &[
    "恒信", "华泰", "东方", "北方", "盛达", "鑫源", "利民", "宏远", "金桥", "兴业", "瑞丰", "同创",
];
const FIRM_KINDS: &[&str] = &[
    "商贸有限公司",
    "建设集团有限公司",
    "会计师事务所",
    "机械制造有限公司",
    "物流有限公司",
    "医药有限公司",
    "科技股份有限公司",
];

/// 信息采集 beyond the identity: education, employer, qualification and work years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub education: &'static str,
    pub employer: String,
    pub qualification: QualificationLevel,
    pub qualification_year: Option<i32>,
    pub work_start_year: i32,
    pub first_required_year: Option<i32>,
}

/// Mixed levels and years: about a fifth without a qualification, a few qualified so recently
/// that this year is not yet required.
pub fn profile(k: u64, birth_year: i32, region_name: &str, this_year: i32) -> Profile {
    let work_start_year = (birth_year + 20 + (rnd(k, 10) % 6) as i32).min(this_year);
    let qualification = match rnd(k, 11) % 100 {
        0..22 => QualificationLevel::None,
        22..70 => QualificationLevel::Junior,
        70..93 => QualificationLevel::Intermediate,
        _ => QualificationLevel::Senior,
    };
    let qualification_year = qualification
        .is_held()
        .then(|| (work_start_year + (rnd(k, 12) % 14) as i32).min(this_year));
    // Some start work only now: not yet required this year.
    let work_start_year = if rnd(k, 13).is_multiple_of(40) {
        this_year
    } else {
        work_start_year
    };
    let qualification_year = qualification_year.map(|q| q.max(work_start_year).min(this_year));
    let pick = |list: &[&'static str], salt: u64| list[(rnd(k, salt) % list.len() as u64) as usize];
    Profile {
        education: pick(EDUCATIONS, 14),
        employer: format!(
            "{region_name}{}{}",
            pick(FIRM_WORDS, 15),
            pick(FIRM_KINDS, 16)
        ),
        qualification,
        qualification_year,
        work_start_year,
        first_required_year: first_required_year(
            qualification,
            qualification_year,
            Some(work_start_year),
        ),
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil((y, m, d): (i32, u32, u32)) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// Unix seconds of midnight, 1 January of `year`, in Asia/Shanghai (UTC+8, no daylight saving).
pub fn year_start(year: i32) -> i64 {
    days_from_civil((year, 1, 1)) * 86_400 - 8 * 3_600
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jxjy_domain::{Date, IdNumber, IdType, PersonName, Phone};
    use std::collections::HashSet;

    #[test]
    fn identities_are_valid_documents_of_their_region() {
        let today = Date::new(2026, 11, 27).unwrap();
        for k in (0..200_000).step_by(97) {
            let id = identity(k, "210102").unwrap();
            let parsed = IdNumber::parse(IdType::ResidentId, &id.id_number, today).unwrap();
            assert!(id.id_number.starts_with("210102"));
            assert_eq!(parsed.gender(), Some(id.gender));
            let b = parsed.birth_date().unwrap();
            assert_eq!((b.year(), b.month(), b.day()), id.birth);
            assert!((1965..=2003).contains(&b.year()));
            Phone::parse(&id.phone).unwrap();
            PersonName::parse(&id.name).unwrap();
        }
    }

    #[test]
    fn numbers_and_phones_never_repeat_whatever_the_region() {
        let mut numbers = HashSet::new();
        let mut phones = HashSet::new();
        let regions = ["210102", "210100", "210000"];
        for k in 0..300_000 {
            let id = identity(k, regions[(k % 3) as usize]).unwrap();
            // The region is not what keeps numbers apart: the rest of the number is unique.
            assert!(numbers.insert(id.id_number[6..17].to_string()), "{k}");
            assert!(phones.insert(id.phone), "{k}");
        }
        assert!(identity(CAPACITY, "210102").is_none());
    }

    #[test]
    fn dates_round_trip_through_day_counts() {
        assert_eq!(days_from_civil((1970, 1, 1)), 0);
        assert_eq!(
            civil_from_days(days_from_civil((2024, 2, 29))),
            (2024, 2, 29)
        );
        assert_eq!(year_start(2025), 1_735_660_800);
        for z in (-30_000..30_000).step_by(7) {
            assert_eq!(days_from_civil(civil_from_days(z)), z);
        }
    }

    #[test]
    fn profiles_mix_levels_and_required_years() {
        let profiles: Vec<Profile> = (0..2_000)
            .map(|k| profile(k, 1985, "和平区", 2026))
            .collect();
        for level in [
            QualificationLevel::None,
            QualificationLevel::Junior,
            QualificationLevel::Intermediate,
            QualificationLevel::Senior,
        ] {
            assert!(profiles.iter().any(|p| p.qualification == level));
        }
        assert!(profiles.iter().any(|p| p.first_required_year > Some(2026)));
        assert!(profiles.iter().any(|p| p.first_required_year < Some(2024)));
        assert!(
            profiles
                .iter()
                .all(|p| p.qualification_year.is_none_or(|q| q <= 2026))
        );
    }
}
