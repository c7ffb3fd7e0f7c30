// 学分查询, 学分申报 and the 主管部门 console, as a person clicks and types, at each viewport width of WIDTHS:
// a new learner (required from this year on) logs in → 学分查询 with no credits yet (says what to do) →
// 学分申报 of an exam with a PDF → 审核中; then 主管部门 heping logs in (its own browser context, own
// cookies) → 学分申报 → 通过 → 已通过; back as the learner: this year 已达标 → 详情 lists the claim's
// credits → 下载学时证明 is a PDF → its 核验 address (/verify/CODE) confirms it to anyone; then the
// console's 统计 (SVG chart) and 导入导出, whose 达标名单 export is an xlsx (a zip: "PK").
//
// One server for the file; each width registers its own learner through the API (the pages' 注册 is the
// learner journey's subject), so both widths start from a clean year.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { UPDATING_MANUAL, MANUAL_DIR, WIDTHS, checkPage, launchBrowser, manualShot, newPage, startServer } from '../lib/harness.mjs';
import { THIS_YEAR, registerLearner } from '../lib/people.mjs';

let server, browser, tmp;
before(async () => {
  // The address printed on the certificate and in its QR code, as a production install sets it.
  server = await startServer({ env: { JXJY_PUBLIC_URL: 'https://jxjy.example.cn' } });
  browser = await launchBrowser();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jxjy-e2e-files-'));
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const ADMIN = { username: 'heping', password: 'Jxjy@2025' };
const NAMES = { 375: '陈雅琴', 1366: '赵文博' };
const CLAIM_TITLE = '全国会计专业技术中级资格考试（中级会计实务）';

/** A text field or select by its accessible name. */
const field = (page, name) => page.getByRole('textbox', { name, exact: true })
  .or(page.getByRole('combobox', { name, exact: true }));
const cell = (row, label) => row.locator(`td[data-label="${label}"]`);
/** The row of a year in a table of the section headed by headingId (cards at 375 px; the DOM is the same). */
const yearRow = (page, headingId, year) => page.locator(`section[aria-labelledby="${headingId}"] tbody tr`)
  .filter({ has: page.locator('td[data-label="年度"]', { hasText: String(year) }) });

for (const width of WIDTHS) {
  describe(`credits and console at ${width}px`, () => {
    let page, admin, learner, verifyCode;
    const title = CLAIM_TITLE;
    before(async () => {
      learner = await registerLearner(server, { name: NAMES[width] ?? '孙立新' });
      page = await newPage(browser, server, width);
    });
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

    step('credits: the new learner logs in with 密码', async () => {
      await page.goto('/login');
      await page.getByRole('navigation', { name: '登录方式' }).getByRole('link', { name: '使用密码登录' }).click();
      await page.waitForURL(/\/login\?tab=password/);
      await field(page, '姓名').fill(learner.name);
      await field(page, '身份证号（或证件号）').fill(learner.idNumber);
      await page.getByLabel('密码', { exact: true }).fill(learner.password);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL('**/learner');
      await page.getByRole('heading', { level: 1, name: `你好，${learner.name}` }).waitFor();
      await checkPage(page, 'credits-learner-logged-in');
    });

    step('credits: 学分查询 before any credit says what to do', async () => {
      await page.getByRole('navigation', { name: '学员功能' }).getByRole('link', { name: '学分查询' }).click();
      await page.waitForURL('**/learner/credits');
      await page.getByRole('heading', { level: 1, name: '学分查询' }).waitFor();
      await page.getByRole('heading', { name: '温馨提示' }).waitFor();
      const empty = page.locator('section[aria-labelledby="rows-heading"] .empty');
      assert.match(await empty.innerText(), /还没有学习记录/);
      await empty.getByRole('link', { name: '网络培训' }).waitFor();
      await empty.getByRole('link', { name: '学分申报' }).waitFor();
      const thisYear = yearRow(page, 'years-heading', THIS_YEAR);
      assert.equal((await cell(thisYear, '达标情况').innerText()).trim(), '未达标');
      assert.match(await cell(thisYear, '说明').innerText(), /还差/);
      await checkPage(page, 'credits-query-empty');
    });

    step('credits: 学分申报 of an exam with a PDF shows 审核中', async () => {
      await page.locator('section[aria-labelledby="rows-heading"] .actions').getByRole('link', { name: '学分申报' }).click();
      await page.waitForURL('**/learner/claims');
      await page.getByRole('heading', { level: 1, name: '学分申报' }).waitFor();
      await page.locator('section[aria-labelledby="claims-heading"] .empty', { hasText: '还没有申报记录' }).waitFor();
      const pdf = path.join(tmp, `exam-${width}.pdf`);
      fs.writeFileSync(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
      await field(page, '申报年度').selectOption(String(THIS_YEAR));
      await field(page, '申报类型').selectOption('exam');
      await field(page, '名称').fill(title);
      await page.getByRole('spinbutton', { name: '通过科目数' }).fill('1');
      await page.getByLabel('选择文件（可多选）').setInputFiles(pdf);
      await checkPage(page, 'credits-claim-filled');
      await manualShot(page, '19-claim-form.png', { top: page.locator('section[aria-labelledby="form-heading"]') });
      await manualShot(page, '19-claim-evidence.png', { top: page.locator('fieldset', { hasText: '证明材料' }) });
      await page.getByRole('button', { name: '提交申报' }).click();
      const row = page.locator('section[aria-labelledby="claims-heading"] tbody tr')
        .filter({ has: page.locator('td[data-label="名称"]', { hasText: title }) });
      await row.waitFor();
      assert.equal((await cell(row, '状态').innerText()).trim(), '审核中');
      assert.equal((await cell(row, '年度').innerText()).trim(), String(THIS_YEAR));
      await cell(row, '证明材料').getByRole('link').first().waitFor();
      await checkPage(page, 'credits-claim-submitted');
      await manualShot(page, '20-claim-submitted.png', { top: page.locator('section[aria-labelledby="claims-heading"]') });
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
      const claim = admin.locator('article.claim').filter({ hasText: learner.name });
      await claim.waitFor();
      assert.match(await claim.getByRole('heading').innerText(), new RegExp(`${learner.name} · ${THIS_YEAR} 年度 · 考试`));
      const evidence = claim.getByRole('link').first();
      const href = await evidence.getAttribute('href');
      assert.ok(href, 'the evidence link has an address');
      const res = await admin.request.get(href);
      assert.equal(res.status(), 200);
      assert.ok((await res.body()).subarray(0, 5).equals(Buffer.from('%PDF-')), 'the evidence is the uploaded PDF');
      await checkPage(admin, 'console-claims-pending');
      await claim.getByRole('button', { name: '通过', exact: true }).click();
      await admin.getByRole('heading', { level: 1, name: '通过学分申报' }).waitFor();
      assert.match(await admin.locator('.confirm-question').innerText(), new RegExp(`确认通过 ${learner.name} 的 ${THIS_YEAR} 年度考试申报`));
      await admin.getByRole('button', { name: '确认通过' }).click();
      await admin.getByRole('status').filter({ hasText: '已通过' }).waitFor();
      await checkPage(admin, 'console-claim-approved');
    });

    step('credits: this year 已达标 with 下载学时证明', async () => {
      await page.getByRole('navigation', { name: '学员功能' }).getByRole('link', { name: '学分查询' }).click();
      await page.waitForURL('**/learner/credits');
      const row = yearRow(page, 'years-heading', THIS_YEAR);
      await row.waitFor();
      assert.equal((await cell(row, '达标情况').innerText()).trim(), '已达标');
      await row.getByRole('link', { name: /下载学时证明/ }).waitFor();
      const method = yearRow(page, 'rows-heading', THIS_YEAR);
      assert.equal((await cell(method, '学习方式').innerText()).trim(), '考试');
      assert.equal((await cell(method, '已获总学分').innerText()).trim(), '90');
      await checkPage(page, 'credits-year-met');
      await manualShot(page, '17-credits.png', { top: page.locator('section[aria-labelledby="rows-heading"]') });
    });

    step('credits: 详情 of this year lists the approved claim', async () => {
      await yearRow(page, 'rows-heading', THIS_YEAR).getByRole('link', { name: /详情/ }).click();
      await page.waitForURL(`**/learner/credits/${THIS_YEAR}`);
      await page.getByRole('heading', { level: 1, name: `${THIS_YEAR} 年度学分详情` }).waitFor();
      await page.getByText(`已达到 ${THIS_YEAR} 年度学分要求`).waitFor();
      const records = page.locator('section[aria-labelledby="records-heading"] tbody tr');
      assert.equal(await records.count(), 2, 'the 90 credits split into 60 professional and 30 public');
      await records.filter({ hasText: title }).first().waitFor();
      await checkPage(page, 'credits-year-detail');
      await manualShot(page, '18-credits-detail.png', { top: page.locator('main .card').first() });
    });

    step('credits: 下载学时证明 is a PDF with a verification code', async () => {
      const link = page.getByRole('link', { name: '下载学时证明' });
      const href = await link.getAttribute('href');
      assert.equal(href, `/learner/credits/${THIS_YEAR}/certificate`);
      // The learner's own cookies: the page's request API shares its context.
      const res = await page.request.get(href);
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-type'] ?? '', /^application\/pdf/);
      const pdf = await res.body();
      assert.ok(pdf.subarray(0, 5).equals(Buffer.from('%PDF-')), 'the certificate is a PDF');
      // The code printed on the certificate (and in its QR code as {public_url}/verify/CODE).
      verifyCode = res.headers()['x-verification-code'];
      assert.match(verifyCode ?? '', /^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$/);
      if (UPDATING_MANUAL && width === 375) certificateFigure(pdf);
    });

    step('credits: the certificate\'s 核验 page confirms it to anyone', async () => {
      // A stranger (an employer scanning the QR code): a new context without the learner's cookies.
      const stranger = await newPage(browser, server, width);
      try {
        const res = await stranger.goto(`/verify/${verifyCode}`);
        assert.equal(res.status(), 200);
        await stranger.getByRole('heading', { level: 1, name: '学时证明核验' }).waitFor();
        await stranger.getByRole('status').filter({ hasText: '真实有效' }).waitFor();
        const facts = await stranger.locator('dl.facts').innerText();
        assert.match(facts, new RegExp(learner.name));
        assert.match(facts, new RegExp(`${THIS_YEAR} 年度`));
        assert.ok(!facts.includes(learner.idNumber), 'the document number is masked');
        assert.match(facts, new RegExp(`${learner.idNumber.slice(0, 6)}\\*{8}${learner.idNumber.slice(-4)}`));
        await checkPage(stranger, 'credits-verify');
        await manualShot(stranger, '22-verify.png', { top: stranger.locator('main .card').first() });
      } finally {
        await stranger.context().close();
      }
    });

    step('console: 统计 with the chart, 导入导出 and the 达标名单 export', async () => {
      await admin.goto(`/admin?year=${THIS_YEAR}`);
      await admin.getByRole('heading', { level: 1, name: new RegExp(`^${THIS_YEAR} 年度继续教育统计`) }).waitFor();
      // The region chart: one row per sub-region, its name and rate as text, this year against last year.
      const regionChart = admin.getByRole('figure', { name: '各地区达标率' });
      await regionChart.waitFor();
      assert.ok((await regionChart.locator('.bars li').count()) >= 1, 'a bar per region of the scope');
      await regionChart.locator('.chart-legend').getByText(`${THIS_YEAR - 1} 年度`).waitFor();
      // 待审核 leads to the queue (the claim was approved above: none waiting).
      assert.equal((await admin.locator('.kpi-action a').innerText()).trim(), '0');
      await checkPage(admin, 'console-dashboard');
      await admin.getByRole('navigation', { name: '管理功能' }).getByRole('link', { name: '导入导出' }).click();
      await admin.waitForURL('**/admin/tools**');
      await admin.getByRole('combobox', { name: '年度' }).waitFor();
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

/**
 * The certificate as a figure of the 操作手册 (only with `e2e/run --update-manual`): its first page
 * rendered by poppler's pdftoppm at 750 px wide. Without pdftoppm the old figure is kept, with a note.
 */
function certificateFigure(pdf) {
  const src = path.join(tmp, 'certificate.pdf');
  fs.writeFileSync(src, pdf);
  try {
    execFileSync('pdftoppm', ['-png', '-singlefile', '-scale-to-x', '750', '-scale-to-y', '-1', src,
      path.join(MANUAL_DIR, '21-certificate')]);
  } catch (err) {
    console.log(`manual: the certificate figure was not updated (pdftoppm from poppler-utils: ${err.message})`);
  }
}
