//! `--demo`: fills an empty database with a living example of Liaoning. Never for production:
//! it refuses any database that already holds data, so a restart never seeds twice.

use sqlx::{Any, Transaction};

use jxjy_store::audit::{self, Actor, Entry};
use jxjy_store::regions::{NewRegion, Region};
use jxjy_store::{Store, StoreError, admins, institutions};

/// What the caller supplies: hashes and secrets are made outside the storage layer.
pub struct DemoInput<'a> {
    pub province_code: &'a str,
    /// The argon2 hash of the demo password, shared by every demo account.
    pub password_hash: &'a str,
    /// Encrypts a school's partner secret for storage.
    pub encrypt_secret: &'a (dyn Fn(&str) -> String + Sync),
    pub this_year: i32,
    pub now: i64,
}

/// What was created, for the start-up log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub regions: usize,
    pub institutions: Vec<(i64, String, String)>,
    pub admins: Vec<(String, String)>,
    pub learner: (String, String),
    /// The approved employer: name and USCC (its password is the demo password).
    pub employer: (String, String),
}

pub enum DemoOutcome {
    Seeded(DemoSummary),
    /// The database already held data; nothing was touched.
    NotEmpty,
}

/// Liaoning's 14 cities (GB/T 2260).
pub const LIAONING_CITIES: &[(&str, &str)] = &[
    ("210100", "沈阳市"),
    ("210200", "大连市"),
    ("210300", "鞍山市"),
    ("210400", "抚顺市"),
    ("210500", "本溪市"),
    ("210600", "丹东市"),
    ("210700", "锦州市"),
    ("210800", "营口市"),
    ("210900", "阜新市"),
    ("211000", "辽阳市"),
    ("211100", "盘锦市"),
    ("211200", "铁岭市"),
    ("211300", "朝阳市"),
    ("211400", "葫芦岛市"),
];

/// Every district and county of Shenyang and Dalian (GB/T 2260).
pub const DISTRICTS: &[(&str, &str, &str)] = &[
    ("210100", "210102", "和平区"),
    ("210100", "210103", "沈河区"),
    ("210100", "210104", "大东区"),
    ("210100", "210105", "皇姑区"),
    ("210100", "210106", "铁西区"),
    ("210100", "210111", "苏家屯区"),
    ("210100", "210112", "浑南区"),
    ("210100", "210113", "沈北新区"),
    ("210100", "210114", "于洪区"),
    ("210100", "210115", "辽中区"),
    ("210100", "210123", "康平县"),
    ("210100", "210124", "法库县"),
    ("210100", "210181", "新民市"),
    ("210200", "210202", "中山区"),
    ("210200", "210203", "西岗区"),
    ("210200", "210204", "沙河口区"),
    ("210200", "210211", "甘井子区"),
    ("210200", "210212", "旅顺口区"),
    ("210200", "210213", "金州区"),
    ("210200", "210214", "普兰店区"),
    ("210200", "210224", "长海县"),
    ("210200", "210281", "瓦房店市"),
    ("210200", "210283", "庄河市"),
];

struct DemoInstitution {
    name: &'static str,
    sso_url: &'static str,
    intro: &'static str,
    person: &'static str,
    phone: &'static str,
    email: &'static str,
    website: &'static str,
}

const INSTITUTIONS: &[DemoInstitution] = &[
    DemoInstitution {
        name: "辽宁XX有限公司",
        sso_url: "/demo-school/sso",
        intro: "面向辽宁省会计人员的网络继续教育平台，提供初级、中级、高级各层级的专业科目与公需科目课程，支持手机与电脑学习，学完即报送学分。",
        person: "王老师",
        phone: "024-23450001",
        email: "service@lnxx.example.cn",
        website: "https://lnxx.example.cn",
    },
    DemoInstitution {
        name: "东北财经网校",
        sso_url: "/demo-school/sso",
        intro: "依托高校会计学科资源，课程涵盖企业会计准则、税法实务、管理会计与内部控制，配有在线答疑。",
        person: "李老师",
        phone: "0411-84710002",
        email: "kf@dbcj.example.cn",
        website: "https://dbcj.example.cn",
    },
    DemoInstitution {
        name: "沈阳会计学院继续教育中心",
        sso_url: "/demo-school/sso",
        intro: "沈阳地区老牌会计培训机构，提供高级会计人员专题研修与政府会计制度系列课程。",
        person: "赵老师",
        phone: "024-86120003",
        email: "jxjy@sykj.example.cn",
        website: "https://sykj.example.cn",
    },
];

const NOTICES: &[(&str, &str, i64)] = &[
    (
        "关于开展2025年度辽宁省会计专业技术人员继续教育工作的通知",
        "各市财政局，省直有关单位：\n\n根据《会计专业技术人员继续教育规定》（财会〔2018〕10号）和《辽宁省会计专业技术人员继续教育管理办法》，现就2025年度全省会计专业技术人员继续教育工作通知如下。\n\n一、参加对象\n具有会计专业技术资格的人员自取得资格的次年开始参加继续教育；不具有会计专业技术资格但从事会计工作的人员自从事会计工作的次年开始参加继续教育。\n\n二、学分要求\n会计专业技术人员每年参加继续教育取得的学分不少于90学分，其中专业科目不少于60学分，公需科目不少于30学分。学分当年度有效，不得结转以后年度。\n\n三、培训方式\n会计人员登录本系统，选择培训年度、培训等级和培训机构报名后，通过【进入网校】在网校缴费学习，学习完成后由网校报送学分。\n\n四、时间安排\n2025年度继续教育培训于2025年3月1日开始，12月31日结束，请合理安排学习时间。",
        1_740_535_200,
    ),
    (
        "关于印发《辽宁省会计专业技术人员继续教育管理办法》的通知",
        "各市财政局，省直有关单位：\n\n为进一步规范我省会计专业技术人员继续教育工作，提高会计专业技术人员素质，我厅制定了《辽宁省会计专业技术人员继续教育管理办法》，现印发给你们，请遵照执行。\n\n执行中如有问题，请及时向省财政厅会计处反映。",
        1_740_531_600,
    ),
];

const FAQS: &[(&str, &str)] = &[
    (
        "会计人员网络继续教育应该在哪个网站学习?",
        "会计专业技术人员在“辽宁会计网”官网-“辽宁省会计管理综合服务平台”-“继续教育”模块中注册登录，选择学习年度、层级和网络培训机构，进行报名、缴费、选课及学习；会计专业技术人员也可在“辽宁省干部在线学习网专技人才专区”学习公需科目。",
    ),
    (
        "会计人员需要从何时开始参加继续教育?",
        "根据财政部《会计专业技术人员继续教育规定》，具有会计专业技术资格的人员应当自取得会计专业资格的次年开始参加继续教育；不具有会计专业技术资格但从事会计工作的人员应当自从事会计工作的次年开始参加继续教育。",
    ),
    (
        "会计人员继续教育学分有什么要求?",
        "辽宁省会计专业技术人员每年参加继续教育取得的学分应不少于90学分。其中，专业科目不少于60学分，公需科目不少于30学分。",
    ),
];

/// The manual's example learner and her 2025 enrollment.
pub const DEMO_LEARNER_NAME: &str = "冯思媛";
pub const DEMO_LEARNER_ID_NUMBER: &str = "44010319900307883X";
pub const DEMO_LEARNER_PHONE: &str = "13800138000";
const DEMO_ENROLLED_AT: i64 = 1_740_562_440; // 2025-02-26 17:34 Asia/Shanghai
const DEMO_PAID_AT: i64 = 1_742_436_000; // 2025-03-20 10:00
const DEMO_CREDITED_AT: i64 = 1_743_577_200; // 2025-04-02 15:00

/// True when nothing has been entered yet: no learner, admin, school or notice.
pub async fn is_empty(store: &Store) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM learners) + (SELECT COUNT(*) FROM admins) \
         + (SELECT COUNT(*) FROM institutions) + (SELECT COUNT(*) FROM notices)",
    )
    .fetch_one(store.pool())
    .await?;
    Ok(n == 0)
}

/// Seeds the demo data in one transaction, only into an empty database.
pub async fn seed_demo(store: &Store, input: &DemoInput<'_>) -> Result<DemoOutcome, StoreError> {
    if !is_empty(store).await? {
        return Ok(DemoOutcome::NotEmpty);
    }
    let root = store
        .regions()
        .region(input.province_code)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut tx = store.pool().begin().await?;
    let regions = seed_regions(&mut tx, &root).await?;
    let institutions = seed_institutions(&mut tx, input).await?;
    seed_notices_and_faqs(&mut tx, input.now).await?;
    let admins = seed_admins(&mut tx, input, &root).await?;
    let (learner, learner_id) = seed_learner(&mut tx, input, institutions[0].0).await?;
    let employer = crate::demo_employer::seed_employer(&mut tx, input, learner_id).await?;
    sqlx::query("INSERT INTO meta (key, value) VALUES ('demo_seeded_at', $1)")
        .bind(input.now.to_string())
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        &Entry::new(
            input.now,
            &Actor::system(),
            "demo.seed",
            ("database", "demo"),
            "{}",
        ),
    )
    .await?;
    tx.commit().await?;
    store.forget_cached();
    Ok(DemoOutcome::Seeded(DemoSummary {
        regions,
        institutions,
        admins,
        learner,
        employer,
    }))
}

async fn seed_regions(
    tx: &mut Transaction<'static, Any>,
    root: &Region,
) -> Result<usize, StoreError> {
    let mut count = 0;
    let mut cities = Vec::new();
    for (i, (code, name)) in LIAONING_CITIES.iter().enumerate() {
        let authority = format!("{name}财政局");
        let region = NewRegion {
            code,
            parent_code: Some(&root.code),
            name,
            authority_name: &authority,
            sort_order: i as i64,
        };
        jxjy_store::regions::insert(&mut **tx, Some(root), &region).await?;
        cities.push(Region {
            code: code.to_string(),
            parent_code: Some(root.code.clone()),
            level: root.level + 1,
            name: name.to_string(),
            authority_name: authority,
            path: format!("{}{}/", root.path, code),
            sort_order: i as i64,
        });
        count += 1;
    }
    for (i, (city_code, code, name)) in DISTRICTS.iter().enumerate() {
        let Some(city) = cities.iter().find(|c| c.code == *city_code) else {
            continue;
        };
        let authority = format!("{name}财政局");
        let region = NewRegion {
            code,
            parent_code: Some(city_code),
            name,
            authority_name: &authority,
            sort_order: i as i64,
        };
        jxjy_store::regions::insert(&mut **tx, Some(city), &region).await?;
        count += 1;
    }
    Ok(count)
}

async fn seed_institutions(
    tx: &mut Transaction<'static, Any>,
    input: &DemoInput<'_>,
) -> Result<Vec<(i64, String, String)>, StoreError> {
    let mut created = Vec::new();
    for (i, inst) in INSTITUTIONS.iter().enumerate() {
        // Demo secrets are fixed so that the README can show a signed request; never in production.
        let secret = format!("demo-secret-{}", i + 1);
        let id = institutions::insert(
            &mut **tx,
            &institutions::NewInstitution {
                name: inst.name,
                sso_url: inst.sso_url,
                webhook_url: None,
                intro: inst.intro,
                contact_person: inst.person,
                contact_phone: inst.phone,
                contact_email: inst.email,
                website: inst.website,
                secret_enc: &(input.encrypt_secret)(&secret),
            },
            input.now,
        )
        .await?;
        for year in [input.this_year - 1, input.this_year] {
            for level in ["junior", "intermediate", "senior"] {
                sqlx::query("INSERT INTO offers (year, level, institution_id, price_fen, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(i64::from(year))
                    .bind(level)
                    .bind(id)
                    .bind(12_000_i64)
                    .bind(input.now)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        // Each demo school has its own page in the built-in 演示网校.
        sqlx::query("UPDATE institutions SET sso_url = $1 WHERE id = $2")
            .bind(format!("/demo-school/{id}/sso"))
            .bind(id)
            .execute(&mut **tx)
            .await?;
        created.push((id, inst.name.to_string(), secret));
    }
    Ok(created)
}

async fn seed_notices_and_faqs(
    tx: &mut Transaction<'static, Any>,
    now: i64,
) -> Result<(), StoreError> {
    for (title, body, at) in NOTICES {
        sqlx::query("INSERT INTO notices (title, body, published_at, created_at, updated_at) VALUES ($1, $2, $3, $3, $3)")
            .bind(*title)
            .bind(*body)
            .bind(*at)
            .execute(&mut **tx)
            .await?;
    }
    for (i, (q, a)) in FAQS.iter().enumerate() {
        sqlx::query("INSERT INTO faqs (question, answer, sort_order, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)")
            .bind(*q)
            .bind(*a)
            .bind(i as i64)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn seed_admins(
    tx: &mut Transaction<'static, Any>,
    input: &DemoInput<'_>,
    root: &Region,
) -> Result<Vec<(String, String)>, StoreError> {
    let list = [
        ("admin", "super", root.code.as_str(), "系统管理员"),
        (
            "province",
            "province",
            root.code.as_str(),
            root.authority_name.as_str(),
        ),
        ("shenyang", "city", "210100", "沈阳市财政局"),
        ("heping", "district", "210102", "和平区财政局"),
    ];
    let mut created = Vec::new();
    for (username, role, region_code, display_name) in list {
        admins::insert(
            &mut **tx,
            &admins::NewAdmin {
                username,
                password_hash: input.password_hash,
                role,
                region_code,
                display_name,
            },
            input.now,
        )
        .await?;
        created.push((
            username.to_string(),
            format!("{display_name}（{role}，{region_code}）"),
        ));
    }
    Ok(created)
}

async fn seed_learner(
    tx: &mut Transaction<'static, Any>,
    input: &DemoInput<'_>,
    institution_id: i64,
) -> Result<((String, String), i64), StoreError> {
    let learner_id: i64 = sqlx::query_scalar(
        "INSERT INTO learners (name, id_type, id_number, phone, password_hash, gender, birth_date, education, employer, \
         region_code, qualification_level, qualification_year, work_start_year, first_required_year, created_at, updated_at) \
         VALUES ($1, 'resident_id', $2, $3, $4, 'male', '1990-03-07', '本科', '辽宁示例会计服务有限公司', '210102', \
         'junior', 2015, 2013, 2014, $5, $5) RETURNING id",
    )
    .bind(DEMO_LEARNER_NAME)
    .bind(DEMO_LEARNER_ID_NUMBER)
    .bind(DEMO_LEARNER_PHONE)
    .bind(input.password_hash)
    .bind(DEMO_ENROLLED_AT)
    .fetch_one(&mut **tx)
    .await?;
    let seq = jxjy_store::counters::next(&mut **tx, "enrollment_change").await?;
    let enrollment_id: i64 = sqlx::query_scalar(
        "INSERT INTO enrollments (learner_id, year, level, institution_id, status, enrolled_at, paid_at, credited_at, updated_at, change_seq) \
         VALUES ($1, 2025, 'junior', $2, 'credited', $3, $4, $5, $5, $6) RETURNING id",
    )
    .bind(learner_id)
    .bind(institution_id)
    .bind(DEMO_ENROLLED_AT)
    .bind(DEMO_PAID_AT)
    .bind(DEMO_CREDITED_AT)
    .bind(seq)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO payments (enrollment_id, institution_id, kind, reference, amount_fen, occurred_at, created_at) \
         VALUES ($1, $2, 'payment', 'DEMO-PAY-0001', 12000, $3, $3)",
    )
    .bind(enrollment_id)
    .bind(institution_id)
    .bind(DEMO_PAID_AT)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO credit_records (learner_id, year, category, credits_tenths, method, source, source_ref, institution_id, \
         enrollment_id, course, completed_at, created_at) \
         VALUES ($1, 2025, 'professional', 100, 'online', 'school', $2, $3, $4, '企业会计准则解读（2025）', $5, $5)",
    )
    .bind(learner_id)
    .bind(format!("{institution_id}:DEMO-REC-0001"))
    .bind(institution_id)
    .bind(enrollment_id)
    .bind(DEMO_CREDITED_AT)
    .execute(&mut **tx)
    .await?;
    Ok((
        (
            DEMO_LEARNER_NAME.to_string(),
            DEMO_LEARNER_ID_NUMBER.to_string(),
        ),
        learner_id,
    ))
}
