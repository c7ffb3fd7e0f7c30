// 学分查询, 学分申报 and the 主管部门 console, as a person clicks and types, at each viewport width of WIDTHS:
// the demo learner logs in → 学分查询 (table, 温馨提示) → 详情 of 2025 → 学分申报 of an exam with a PDF → 审核中;
// then 主管部门 heping logs in (its own browser context, own cookies) → 学分申报 → 通过 → 已通过;
// back as the learner: this year 已达标, 下载学时证明 is a PDF; then the console's 统计 (SVG chart) and
// 导入导出, whose 达标名单 export is an xlsx (a zip: "PK").
//
// One server for the file; both widths use the demo learner, each with its own claim title (one pending
// claim per year, kind and title). The public /verify page is not linked from the UI (only its address is
// printed on the certificate) and is covered by the Rust tests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WIDTHS, checkPage, launchBrowser, newPage, startServer } from '../lib/harness.mjs';

let server, browser, tmp;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jxjy-e2e-files-'));
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// The server's 培训年度 are this year and last year, Asia/Shanghai.
const THIS_YEAR = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
const LEARNER = { name: '冯思媛', idNumber: '44010319900307883X', password: 'Jxjy@2025' };
const ADMIN = { username: 'heping', password: 'Jxjy@2025' };
const CLAIM_TITLES = { 375: '中级会计实务', 1366: '中级财务管理' };

/** A text field or select by its accessible name. */
const field = (page, name) => page.getByRole('textbox', { name, exact: true })
  .or(page.getByRole('combobox', { name, exact: true }));
const cell = (row, label) => row.locator(`td[data-label="${label}"]`);
/** The row of a year in a table of the section headed by headingId (cards at 375 px; the DOM is the same). */
const yearRow = (page, headingId, year) => page.locator(`section[aria-labelledby="${headingId}"] tbody tr`)
  .filter({ has: page.locator('td[data-label="年度"]', { hasText: String(year) }) });

for (const width of WIDTHS) {
  describe(`credits and console at ${width}px`, () => {
    let page, admin;
    const title = CLAIM_TITLES[width] ?? `中级经济法（${width}）`;
    before(async () => { page = await newPage(browser, server, width); });
    after(async () => {
      await page?.context().close();
      await admin?.context().close();
    });

    // The steps build on each other: after the first failure the rest are skipped, not timed out one by one.
    let failed = null;
    const step = (name, fn) => test(name, async (t) => {
      if (failed) return t.skip(`skipped: the step "${failed}" failed`);
      try { await fn(); } catch (err) { failed = name; throw err; }
    });

    step('credits: the demo learner logs in with 密码', async () => {
      await page.goto('/login');
      await page.getByRole('navigation', { name: '登录方式' }).getByRole('link', { name: '使用密码登录' }).click();
      await page.waitForURL(/\/login\?tab=password/);
      await field(page, '姓名').fill(LEARNER.name);
      await field(page, '身份证号（或证件号）').fill(LEARNER.idNumber);
      await page.getByLabel('密码', { exact: true }).fill(LEARNER.password);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL('**/learner');
      await page.getByRole('heading', { level: 1, name: `你好，${LEARNER.name}` }).waitFor();
      await checkPage(page, 'credits-learner-logged-in');
    });

    step('credits: 学分查询 shows 温馨提示 and the records', async () => {
      await page.getByRole('navigation', { name: '学员功能' }).getByRole('link', { name: '学分查询' }).click();
      await page.waitForURL('**/learner/credits');
      await page.getByRole('heading', { level: 1, name: '学分查询' }).waitFor();
      await page.getByRole('heading', { name: '温馨提示' }).waitFor();
      await yearRow(page, 'rows-heading', 2025).first().waitFor();
      const thisYear = yearRow(page, 'years-heading', THIS_YEAR);
      await thisYear.waitFor();
      // The demo learner has only 2025 records: this year is met only by the first width's approved claim.
      if (width === WIDTHS[0]) assert.notEqual((await cell(thisYear, '达标情况').innerText()).trim(), '已达标');
      await checkPage(page, 'credits-query');
    });

    step('credits: 详情 of 2025 lists 企业会计准则解读（2025）', async () => {
      await yearRow(page, 'rows-heading', 2025).first().getByRole('link', { name: /详情/ }).click();
      await page.waitForURL('**/learner/credits/2025');
      await page.getByRole('heading', { level: 1, name: '2025 年度学分详情' }).waitFor();
      await page.getByText('企业会计准则解读（2025）').first().waitFor();
      await checkPage(page, 'credits-year-2025');
    });

    step('credits: 学分申报 of an exam with a PDF shows 审核中', async () => {
      await page.goto('/learner/credits');
      await page.locator('section[aria-labelledby="learner-heading"]').getByRole('link', { name: '学分申报' }).click();
      await page.waitForURL('**/learner/claims');
      await page.getByRole('heading', { level: 1, name: '学分申报' }).waitFor();
      const pdf = path.join(tmp, `exam-${width}.pdf`);
      fs.writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
      await field(page, '申报年度').selectOption(String(THIS_YEAR));
      await field(page, '申报类型').selectOption('exam');
      await field(page, '名称').fill(title);
      await page.getByRole('spinbutton', { name: '通过科目数' }).fill('1');
      await page.getByLabel('选择文件（可多选）').setInputFiles(pdf);
      await checkPage(page, 'credits-claim-filled');
      await page.getByRole('button', { name: '提交申报' }).click();
      const row = page.locator('section[aria-labelledby="claims-heading"] tbody tr')
        .filter({ has: page.locator('td[data-label="名称"]', { hasText: title }) });
      await row.waitFor();
      assert.equal((await cell(row, '状态').innerText()).trim(), '审核中');
      assert.equal((await cell(row, '年度').innerText()).trim(), String(THIS_YEAR));
      await cell(row, '证明材料').getByRole('link').first().waitFor();
      await checkPage(page, 'credits-claim-submitted');
    });

    step('console: heping logs in in a new browser context', async () => {
      admin = await newPage(browser, server, width);
      await admin.goto('/admin/login');
      await admin.getByRole('heading', { level: 1, name: '主管部门登录' }).waitFor();
      await admin.getByLabel('用户名').fill(ADMIN.username);
      await admin.getByLabel('密码', { exact: true }).fill(ADMIN.password);
      await checkPage(admin, 'console-login');
      await admin.getByRole('button', { name: '登录', exact: true }).click();
      await admin.waitForURL((u) => u.pathname === '/admin');
      await admin.getByRole('navigation', { name: '管理功能' }).waitFor();
      await checkPage(admin, 'console-home');
    });

    step('console: 学分申报 queue shows the claim with its evidence; 通过', async () => {
      await admin.getByRole('navigation', { name: '管理功能' }).getByRole('link', { name: '学分申报' }).click();
      await admin.waitForURL('**/admin/claims**');
      await admin.getByRole('heading', { level: 1, name: '学分申报审核' }).waitFor();
      const claim = admin.locator('article.claim').filter({ hasText: title });
      await claim.waitFor();
      assert.match(await claim.getByRole('heading').innerText(), new RegExp(`${LEARNER.name} · ${THIS_YEAR} 年度 · 考试`));
      const evidence = claim.getByRole('link').first();
      const href = await evidence.getAttribute('href');
      assert.ok(href, 'the evidence link has an address');
      const res = await admin.request.get(href);
      assert.equal(res.status(), 200);
      assert.ok((await res.body()).subarray(0, 5).equals(Buffer.from('%PDF-')), 'the evidence is the uploaded PDF');
      await checkPage(admin, 'console-claims-pending');
      await claim.getByRole('button', { name: '通过', exact: true }).click();
      await admin.getByRole('status').filter({ hasText: '已通过' }).waitFor();
      await checkPage(admin, 'console-claim-approved');
    });

    step('credits: this year 已达标 and 下载学时证明 is a PDF', async () => {
      await page.getByRole('navigation', { name: '学员功能' }).getByRole('link', { name: '学分查询' }).click();
      await page.waitForURL('**/learner/credits');
      const row = yearRow(page, 'years-heading', THIS_YEAR);
      await row.waitFor();
      assert.equal((await cell(row, '达标情况').innerText()).trim(), '已达标');
      const link = row.getByRole('link', { name: /下载学时证明/ });
      const href = await link.getAttribute('href');
      assert.equal(href, `/learner/credits/${THIS_YEAR}/certificate`);
      // The learner's own cookies: the page's request API shares its context.
      const res = await page.request.get(href);
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-type'] ?? '', /^application\/pdf/);
      assert.ok((await res.body()).subarray(0, 5).equals(Buffer.from('%PDF-')), 'the certificate is a PDF');
      await checkPage(page, 'credits-year-met');
    });

    step('console: 统计 with the chart, 导入导出 and the 达标名单 export', async () => {
      await admin.goto(`/admin?year=${THIS_YEAR}`);
      await admin.getByRole('heading', { level: 1, name: new RegExp(`^${THIS_YEAR} 年度继续教育统计`) }).waitFor();
      await admin.getByRole('img', { name: '各地区达标率条形图' }).waitFor();
      assert.equal(await admin.locator('figure.chart svg').count(), 1);
      await checkPage(admin, 'console-dashboard');
      await admin.getByRole('navigation', { name: '管理功能' }).getByRole('link', { name: '导入导出' }).click();
      await admin.waitForURL('**/admin/tools**');
      const exportLink = admin.getByRole('link', { name: `${THIS_YEAR} 年度达标名单（xlsx）` });
      await exportLink.waitFor();
      await admin.getByRole('link', { name: `${THIS_YEAR} 年度统计（xlsx）` }).waitFor();
      await admin.getByRole('link', { name: `${THIS_YEAR} 年度学分记录（CSV）` }).waitFor();
      await checkPage(admin, 'console-tools');
      const res = await admin.request.get(await exportLink.getAttribute('href'));
      assert.equal(res.status(), 200);
      assert.equal((await res.body()).subarray(0, 2).toString('latin1'), 'PK');
    });
  });
}
