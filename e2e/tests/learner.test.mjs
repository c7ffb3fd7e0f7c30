// A learner's year, as a person clicks and types, at each viewport width of WIDTHS:
// register (SMS code from the outbox) → home greets them → log out → password login → log out →
// SMS login → 进入系统 → 网络培训 → 查看 a school → 确认报名 → 进入网校 (the built-in 演示网校) → 缴费 →
// 学完全部课程 → back: 学分已登记, 90 credits → 去评价 → 感谢您的评价; then a second enrollment (last year,
// another school) cancelled through its confirmation page.
//
// One server for the file; each width registers its own person (distinct ID number and phone).
// JXJY_SMS_COOLDOWN_SECS=0: the 60 s gap between two codes to one phone is per phone, whatever the
// purpose, so the SMS login right after registering would otherwise need a 60 s wait; the suite
// never sleeps. The cooldown itself is covered by the Rust integration tests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WIDTHS, checkPage, launchBrowser, manualShot, newPage, startServer } from '../lib/harness.mjs';
import { THIS_YEAR, phone, residentId, smsCode } from '../lib/people.mjs';

let server, browser;
before(async () => {
  server = await startServer({ env: { JXJY_SMS_COOLDOWN_SECS: '0' } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// ---- test data -------------------------------------------------------------------------------

const PASSWORD = 'Study2026';
const SCHOOL = '辽宁XX有限公司';
const OTHER_SCHOOL = '东北财经网校';
const NAMES = { 375: '林晓雨', 1366: '周明远' };

/** The 报名记录 row of a year and school (at 375 px the table is shown as cards; the DOM is the same). */
function recordRow(page, year, school) {
  return page.locator('section[aria-labelledby="records-heading"] tbody tr')
    .filter({ has: page.locator('td[data-label="年度"]', { hasText: String(year) }) })
    .filter({ has: page.locator('td[data-label="培训机构"]', { hasText: school }) });
}
const cell = (row, label) => row.locator(`td[data-label="${label}"]`);

/** A text field or select by its accessible name (what a screen reader says; the required-field
 * star is aria-hidden, so getByLabel's label text "姓名 *" would not match "姓名" exactly). */
const field = (page, name) => page.getByRole('textbox', { name, exact: true })
  .or(page.getByRole('combobox', { name, exact: true }));

// ---- the journey -----------------------------------------------------------------------------

for (const width of WIDTHS) {
  describe(`learner at ${width}px`, () => {
    let page;
    const me = { name: NAMES[width] ?? '吴思远', idNumber: residentId(), phone: phone() };
    before(async () => { page = await newPage(browser, server, width); });
    after(async () => { await page?.context().close(); });

    // The steps build on each other: after the first failure the rest are skipped, not timed out one by one.
    let failed = null;
    const step = (name, fn) => test(name, async (t) => {
      if (failed) return t.skip(`skipped: the step "${failed}" failed`);
      try { await fn(); } catch (err) { failed = name; throw err; }
    });

    step('learner: home, not logged in', async () => {
      await page.goto('/');
      const box = page.locator('section.login-box');
      await box.getByText('未登录').waitFor();
      await checkPage(page, 'learner-home-anonymous');
      await manualShot(page, '01-home.png');
      await manualShot(page, '02-flow.png', { element: page.locator('section.flow') });
      await manualShot(page, '01-home-desktop.png', { at: 1366 });
    });

    step('learner: register, 获取验证码 keeps what was typed', async () => {
      await page.locator('section.login-box').getByRole('link', { name: '注册', exact: true }).click();
      await page.waitForURL('**/register');
      await page.getByRole('heading', { level: 1, name: '注册与信息采集' }).waitFor();
      await field(page, '姓名').fill(me.name);
      await field(page, '证件类型').selectOption({ label: '居民身份证' });
      await field(page, '证件号码').fill(me.idNumber);
      await field(page, '手机号').fill(me.phone);
      await page.getByRole('button', { name: '获取验证码' }).click();
      await page.getByRole('status').filter({ hasText: '验证码已发送' }).waitFor();
      // The page came back at the code field, focused and in view (on a phone too), not at the top.
      const code = page.locator('#sms_code');
      await page.waitForFunction(() => document.activeElement?.id === 'sms_code', null, { timeout: 5000 });
      const box = await code.boundingBox();
      const vh = page.viewportSize().height;
      assert.ok(box && box.y >= 0 && box.y + box.height <= vh, `the code field is in view (y=${box?.y}, viewport ${vh})`);
      // The form came back with what was typed.
      assert.equal(await field(page, '姓名').inputValue(), me.name);
      assert.equal(await field(page, '证件号码').inputValue(), me.idNumber);
      assert.equal(await field(page, '手机号').inputValue(), me.phone);
      await checkPage(page, 'learner-register-code-sent');
      await manualShot(page, '03-register.png', { top: page.getByRole('heading', { level: 1 }) });
    });

    step('learner: register with the SMS code and 信息采集', async () => {
      await field(page, '短信验证码').fill(smsCode(server, me.phone, 'register'));
      await field(page, '密码').fill(PASSWORD);
      await field(page, '学历').selectOption({ label: '本科' });
      await field(page, '工作单位').fill('沈阳市和平区示例会计服务有限公司');
      await field(page, '主管部门').selectOption('210102');
      await field(page, '会计专业技术资格').selectOption('junior');
      await field(page, '取得资格年度').fill('2020');
      await checkPage(page, 'learner-register-filled');
      await manualShot(page, '04-register-work.png', { top: page.locator('fieldset', { hasText: '工作与资格' }) });
      await page.getByRole('button', { name: '注册并完成信息采集' }).click();
      await page.waitForURL(/\/learner\/profile\?welcome=1$/);
      await page.getByRole('status').filter({ hasText: '注册成功' }).waitFor();
      assert.equal(await field(page, '姓名').inputValue(), me.name);
      assert.match(await page.locator('dl.facts').innerText(), new RegExp(me.idNumber));
      await checkPage(page, 'learner-registered');
    });

    step('learner: home greets the logged-in learner', async () => {
      await page.getByRole('navigation', { name: '学员功能' }).getByRole('link', { name: '返回首页' }).click();
      await page.waitForURL((u) => u.pathname === '/');
      const box = page.locator('section.login-box');
      await box.getByText(`你好，${me.name}`).waitFor();
      await box.getByRole('link', { name: '进入系统' }).waitFor();
      await box.getByRole('button', { name: '退出登录' }).waitFor();
      await checkPage(page, 'learner-home-greeting');
    });

    step('learner: 退出登录 from home', async () => {
      await page.locator('section.login-box').getByRole('button', { name: '退出登录' }).click();
      await page.locator('section.login-box').getByText('未登录').waitFor();
      assert.equal(new URL(page.url()).pathname, '/');
      await checkPage(page, 'learner-logged-out');
    });

    step('learner: 登录 with 姓名, 证件号 and 密码', async () => {
      await page.locator('section.login-box').getByRole('link', { name: '登录', exact: true }).click();
      await page.waitForURL('**/login');
      await page.getByRole('navigation', { name: '登录方式' }).getByRole('link', { name: '使用密码登录' }).click();
      await page.waitForURL(/\/login\?tab=password/);
      await field(page, '姓名').fill(me.name);
      await field(page, '身份证号（或证件号）').fill(me.idNumber);
      await field(page, '密码').fill(PASSWORD);
      await checkPage(page, 'learner-login-password');
      await manualShot(page, '05-login-password.png', { top: page.getByRole('heading', { level: 1 }) });
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL('**/learner');
      await page.getByRole('heading', { level: 1, name: `你好，${me.name}` }).waitFor();
      await checkPage(page, 'learner-workspace-after-password');
    });

    step('learner: 退出登录 from the workspace', async () => {
      await page.getByRole('navigation', { name: '学员功能' }).getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL((u) => u.pathname === '/');
      await page.locator('section.login-box').getByText('未登录').waitFor();
      await checkPage(page, 'learner-logged-out-again');
    });

    step('learner: 手机验证码登录, 获取验证码', async () => {
      await page.locator('section.login-box').getByRole('link', { name: '登录', exact: true }).click();
      await page.waitForURL('**/login');
      await page.getByRole('navigation', { name: '登录方式' }).getByRole('link', { name: '手机验证码登录' }).click();
      await page.waitForURL(/\/login\?tab=sms/);
      await field(page, '手机号').fill(me.phone);
      await page.getByRole('button', { name: '获取验证码' }).click();
      await page.getByRole('status').filter({ hasText: '验证码已发送' }).waitFor();
      assert.equal(await field(page, '手机号').inputValue(), me.phone);
      await checkPage(page, 'learner-login-sms-code-sent');
      await manualShot(page, '06-login-sms.png', { top: page.getByRole('heading', { level: 1 }) });
    });

    step('learner: 手机验证码登录 with the code', async () => {
      await field(page, '短信验证码').fill(smsCode(server, me.phone, 'login'));
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL('**/learner');
      await page.getByRole('heading', { level: 1, name: `你好，${me.name}` }).waitFor();
      await page.getByText('和平区财政局').first().waitFor();
      await checkPage(page, 'learner-workspace');
    });

    step('learner: 进入系统 from home', async () => {
      await page.getByRole('navigation', { name: '学员功能' }).getByRole('link', { name: '返回首页' }).click();
      await page.waitForURL((u) => u.pathname === '/');
      await page.locator('section.login-box').getByRole('link', { name: '进入系统' }).click();
      await page.waitForURL('**/learner');
      await page.getByRole('heading', { level: 2, name: '温馨提示' }).waitFor();
      await checkPage(page, 'learner-enter-system');
      await manualShot(page, '07-workspace.png', { top: page.getByRole('navigation', { name: '学员功能' }) });
    });

    step('learner: 网络培训, choose year and level, 查询', async () => {
      await page.getByRole('navigation', { name: '学员功能' }).getByRole('link', { name: '网络培训' }).click();
      await page.waitForURL('**/learner/training');
      await page.getByRole('heading', { name: '温馨提示' }).waitFor();
      // The empty 报名记录 says what to do, and its link leads to the schools.
      const empty = page.locator('section[aria-labelledby="records-heading"] .empty', { hasText: '还没有报名记录' });
      assert.equal(await empty.getByRole('link', { name: '选择培训机构' }).getAttribute('href'), '#offers-heading');
      await field(page, '培训年度').selectOption({ label: `${THIS_YEAR} 年度` });
      await field(page, '培训等级').selectOption({ label: '初级及以下' });
      await page.getByRole('button', { name: '查询', exact: true }).click();
      await page.waitForURL(new RegExp(`/learner/training\\?year=${THIS_YEAR}&level=junior$`));
      await page.locator('.offer h3', { hasText: SCHOOL }).waitFor();
      assert.ok((await page.locator('.offer').count()) >= 3, 'the three demo schools are offered');
      await checkPage(page, 'learner-training');
      await manualShot(page, '08-training-offers.png', { top: page.locator('section[aria-labelledby="offers-heading"]') });
      await manualShot(page, '08-training-desktop.png', { at: 1366, top: page.locator('section[aria-labelledby="offers-heading"]') });
    });

    step('learner: 查看 a school', async () => {
      await page.locator('.offer', { hasText: SCHOOL }).getByRole('link', { name: /^查看/ }).click();
      await page.waitForURL(/\/learner\/institutions\/\d+$/);
      await page.getByRole('heading', { level: 1, name: SCHOOL }).waitFor();
      await page.getByRole('heading', { name: '联系方式' }).waitFor();
      await checkPage(page, 'learner-institution');
      await manualShot(page, '09-institution.png', { top: page.locator('main .card').first() });
    });

    step('learner: 确认报名 page', async () => {
      await page.getByRole('link', { name: '返回网络培训' }).click();
      await page.waitForURL('**/learner/training');
      await page.locator('.offer', { hasText: SCHOOL }).getByRole('link', { name: /^确认报名/ }).click();
      await page.waitForURL(/\/learner\/training\/confirm\?/);
      await page.getByRole('heading', { level: 1, name: '确认报名' }).waitFor();
      const facts = await page.locator('dl.facts').innerText();
      assert.match(facts, new RegExp(`${THIS_YEAR} 年度`));
      assert.match(facts, new RegExp(SCHOOL));
      await checkPage(page, 'learner-enroll-confirm');
      await manualShot(page, '10-enroll-confirm.png', { top: page.locator('main .card').first() });
    });

    step('learner: 确认报名 → 报名成功, 报名记录 shows 已报名', async () => {
      await page.getByRole('button', { name: '确认报名' }).click();
      await page.waitForURL(/\/learner\/training\?.*done=enrolled/);
      await page.getByRole('status').filter({ hasText: '报名成功' }).waitFor();
      const row = recordRow(page, THIS_YEAR, SCHOOL);
      assert.equal(await row.count(), 1);
      assert.equal((await cell(row, '状态').innerText()).trim(), '已报名');
      await row.getByRole('button', { name: '进入网校' }).waitFor();
      await row.getByRole('link', { name: '取消报名' }).waitFor();
      // One school a year: the offers no longer carry 确认报名.
      assert.equal(await page.locator('.offer').getByRole('link', { name: /^确认报名/ }).count(), 0);
      await checkPage(page, 'learner-enrolled');
      await manualShot(page, '11-enrolled.png', { top: page.locator('section[aria-labelledby="records-heading"]') });
    });

    step('learner: 进入网校 opens the 演示网校', async () => {
      await recordRow(page, THIS_YEAR, SCHOOL).getByRole('button', { name: '进入网校' }).click();
      await page.waitForURL(/\/demo-school\/\d+\/sso\?/);
      await page.getByRole('heading', { level: 1, name: SCHOOL }).waitFor();
      await page.getByRole('status').filter({ hasText: '已通过学习平台登录本网校' }).waitFor();
      assert.match(await page.locator('dl.facts').innerText(), new RegExp(me.name));
      await checkPage(page, 'learner-school-sso');
      await manualShot(page, '12-school.png', { top: page.locator('main .card').first() });
    });

    step('learner: 缴费 at the school', async () => {
      await page.getByRole('button', { name: /^缴费/ }).click();
      await page.waitForURL(/\/demo-school\/\d+\/enrollments\/\d+\/pay$/);
      await page.getByRole('status').filter({ hasText: '缴费成功' }).waitFor();
      assert.match(await page.locator('dl.facts').innerText(), /已缴费/);
      await checkPage(page, 'learner-school-paid');
      await manualShot(page, '13-school-paid.png', { top: page.locator('main .card').first() });
    });

    step('learner: 学完全部课程', async () => {
      await page.getByRole('button', { name: /^学完全部课程/ }).click();
      await page.waitForURL(/\/demo-school\/\d+\/enrollments\/\d+\/finish$/);
      await page.getByRole('status').filter({ hasText: '学分已报送' }).waitFor();
      assert.match(await page.locator('dl.facts').innerText(), /学分已登记/);
      await checkPage(page, 'learner-school-finished');
    });

    step('learner: back in the system, 学分已登记 with 90 credits', async () => {
      await page.getByRole('link', { name: '返回继续教育管理系统' }).click();
      await page.waitForURL(/\/learner\/training\?.*done=returned/);
      // Back where the eye is: the note on what the school reported, and this enrollment highlighted.
      await page.getByRole('status').filter({ hasText: '您已从网校返回' }).waitFor();
      const row = recordRow(page, THIS_YEAR, SCHOOL);
      await row.waitFor();
      assert.match(await row.getAttribute('class') ?? '', /just-changed/);
      assert.equal((await cell(row, '状态').innerText()).trim(), '学分已登记');
      assert.equal((await cell(row, '已获学分').innerText()).trim(), '90');
      assert.equal((await cell(row, '专业课学分').innerText()).trim(), '60');
      assert.equal((await cell(row, '公需课学分').innerText()).trim(), '30');
      await row.getByRole('link', { name: '去评价' }).waitFor();
      assert.equal(await row.getByRole('link', { name: '取消报名' }).count(), 0, 'a paid enrollment cannot be cancelled');
      await checkPage(page, 'learner-credited');
      await manualShot(page, '14-credited.png', { top: page.locator('section[aria-labelledby="records-heading"]') });
    });

    step('learner: 去评价 form', async () => {
      await recordRow(page, THIS_YEAR, SCHOOL).getByRole('link', { name: '去评价' }).click();
      await page.waitForURL(/\/learner\/enrollments\/\d+\/review$/);
      await page.getByRole('heading', { level: 1, name: `评价 ${SCHOOL}` }).waitFor();
      await page.getByRole('radio', { name: '5 分' }).check();
      await page.getByLabel(/^评价内容/).fill('课程内容实用，讲解清楚，学习平台操作方便。');
      await checkPage(page, 'learner-review');
      await manualShot(page, '15-review.png', { top: page.locator('main .card').first() });
    });

    step('learner: 提交评价 → 感谢您的评价', async () => {
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.waitForURL(/\/learner\/training\?.*done=reviewed/);
      await page.getByRole('status').filter({ hasText: '感谢您的评价' }).waitFor();
      const row = recordRow(page, THIS_YEAR, SCHOOL);
      await row.getByText('已评价').waitFor();
      assert.equal(await row.getByRole('link', { name: '去评价' }).count(), 0);
      await checkPage(page, 'learner-reviewed');
    });

    // Second journey: last year, another school, then 取消报名 through its confirmation page.

    step('learner: last year, 确认报名 at another school', async () => {
      await field(page, '培训年度').selectOption({ label: `${THIS_YEAR - 1} 年度` });
      await page.getByRole('button', { name: '查询', exact: true }).click();
      await page.waitForURL(new RegExp(`/learner/training\\?year=${THIS_YEAR - 1}&`));
      await page.locator('.offer', { hasText: OTHER_SCHOOL }).getByRole('link', { name: /^确认报名/ }).click();
      await page.waitForURL(/\/learner\/training\/confirm\?/);
      assert.match(await page.locator('dl.facts').innerText(), new RegExp(`${THIS_YEAR - 1} 年度[\\s\\S]*${OTHER_SCHOOL}`));
      await page.getByRole('button', { name: '确认报名' }).click();
      await page.waitForURL(/\/learner\/training\?.*done=enrolled/);
      await page.getByRole('status').filter({ hasText: '报名成功' }).waitFor();
      const row = recordRow(page, THIS_YEAR - 1, OTHER_SCHOOL);
      assert.equal((await cell(row, '状态').innerText()).trim(), '已报名');
      await checkPage(page, 'learner-enrolled-last-year');
    });

    step('learner: 取消报名 confirmation page', async () => {
      await recordRow(page, THIS_YEAR - 1, OTHER_SCHOOL).getByRole('link', { name: '取消报名' }).click();
      await page.waitForURL(/\/learner\/enrollments\/\d+\/cancel$/);
      await page.getByRole('heading', { level: 1, name: '取消报名' }).waitFor();
      await page.locator('strong', { hasText: `${THIS_YEAR - 1} 年度 ${OTHER_SCHOOL}` }).waitFor();
      await page.getByRole('link', { name: '不取消，返回' }).waitFor();
      await checkPage(page, 'learner-cancel-confirm');
      await manualShot(page, '16-cancel-confirm.png', { top: page.locator('main .card').first() });
    });

    step('learner: 确定取消报名 → 已取消', async () => {
      await page.getByRole('button', { name: '确定取消报名' }).click();
      await page.waitForURL(/\/learner\/training\?.*done=cancelled/);
      await page.getByRole('status').filter({ hasText: '已取消报名' }).waitFor();
      const row = recordRow(page, THIS_YEAR - 1, OTHER_SCHOOL);
      assert.equal((await cell(row, '状态').innerText()).trim(), '已取消');
      assert.equal(await row.getByRole('link', { name: '取消报名' }).count(), 0);
      assert.equal(await row.getByRole('button', { name: '进入网校' }).count(), 0);
      // The year is free again: 确认报名 is offered once more.
      assert.ok((await page.locator('.offer').getByRole('link', { name: /^确认报名/ }).count()) >= 1);
      // This year's credited enrollment is untouched.
      assert.equal((await cell(recordRow(page, THIS_YEAR, SCHOOL), '状态').innerText()).trim(), '学分已登记');
      await checkPage(page, 'learner-cancelled');
    });
  });
}
