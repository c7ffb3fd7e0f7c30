// The employer's journey (SPEC section 8), as a person clicks and types, at each viewport width of WIDTHS:
// the demo employer 辽宁示例会计服务有限公司 logs in → /employer lists its three confirmed staff with 达标
// status → the 未达标 filter → 邀请人员 by 姓名 + 证件号 of a learner registered for this width → the learner
// (own browser context) accepts on 个人信息 → back on the console the learner is 已确认 → 团报 of that one
// learner for this year → the result names them → the learner's 网络培训 says 由单位报名 → the staff export is
// an xlsx (a zip: "PK").
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { WIDTHS, checkPage, launchBrowser, newPage, startServer } from '../lib/harness.mjs';
import { THIS_YEAR, registerLearner } from '../lib/people.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const EMPLOYER = { name: '辽宁示例会计服务有限公司', uscc: '91210102MA0XJY2067', password: 'Jxjy@2025' };
const NAMES = { 375: '钱晓燕', 1366: '孙国栋' };

const field = (page, name) => page.getByRole('textbox', { name, exact: true })
  .or(page.getByRole('combobox', { name, exact: true }));
const staffRow = (page, name) => page.locator('section[aria-labelledby="staff-heading"] tbody tr')
  .filter({ has: page.locator('td[data-label="姓名"]', { hasText: name }) });

for (const width of WIDTHS) {
  describe(`employer at ${width}px`, () => {
    let page, learnerPage, learner;
    before(async () => {
      learner = await registerLearner(server, { name: NAMES[width] ?? '周立群' });
      page = await newPage(browser, server, width);
    });
    after(async () => {
      await page?.context().close();
      await learnerPage?.context().close();
    });

    let failed = null;
    const step = (name, fn) => test(name, async (t) => {
      if (failed) return t.skip(`skipped: the step "${failed}" failed`);
      try { await fn(); } catch (err) { failed = name; throw err; }
    });

    step('employer: logs in with the USCC and sees its staff', async () => {
      await page.goto('/employer');
      await page.waitForURL('**/employer/login');
      await page.getByRole('heading', { level: 1, name: '单位登录' }).waitFor();
      await checkPage(page, 'employer-login');
      await field(page, '统一社会信用代码').fill(EMPLOYER.uscc);
      await page.getByLabel('密码', { exact: true }).fill(EMPLOYER.password);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL(/\/employer$/);
      await page.getByRole('heading', { level: 1, name: EMPLOYER.name }).waitFor();
      const row = staffRow(page, '冯思媛');
      await row.waitFor();
      assert.match(await row.locator('td[data-label="关系"]').innerText(), /已确认/);
      assert.match(await row.locator('td[data-label="达标情况"]').innerText(), /达标|不要求|无记录/);
      await checkPage(page, 'employer-staff');
    });

    step('employer: the 未达标 filter keeps only those short of the rule', async () => {
      await field(page, '达标情况').selectOption({ label: '未达标' });
      await page.getByRole('button', { name: '查询', exact: true }).click();
      await page.waitForURL(/met=false/);
      const statuses = await page.locator('section[aria-labelledby="staff-heading"] td[data-label="达标情况"]').allInnerTexts();
      assert.ok(statuses.length > 0, 'someone is short');
      for (const s of statuses) assert.match(s, /未达标/);
      await checkPage(page, 'employer-filter-not-met');
    });

    step('employer: invites the learner by 姓名 + 证件号', async () => {
      await page.goto('/employer#invite');
      await page.locator('#invite-name').fill(learner.name);
      await page.locator('#invite-id').fill(learner.idNumber);
      await page.getByRole('button', { name: '发出邀请' }).click();
      await page.getByText('邀请已发出').waitFor();
      await staffRow(page, learner.name).waitFor();
      assert.match(await staffRow(page, learner.name).locator('td[data-label="关系"]').innerText(), /邀请/);
      await checkPage(page, 'employer-invited');
    });

    step('learner: accepts the invitation on 个人信息', async () => {
      learnerPage = await newPage(browser, server, width);
      await learnerPage.goto('/login?tab=password');
      await field(learnerPage, '姓名').fill(learner.name);
      await field(learnerPage, '身份证号（或证件号）').fill(learner.idNumber);
      await learnerPage.getByLabel('密码', { exact: true }).fill(learner.password);
      await learnerPage.getByRole('button', { name: '登录', exact: true }).click();
      await learnerPage.waitForURL('**/learner');
      await learnerPage.goto('/learner/profile#employer');
      const section = learnerPage.locator('section[aria-labelledby="employer-heading"]');
      await section.getByText(`${EMPLOYER.name}`).first().waitFor();
      await checkPage(learnerPage, 'learner-invitation');
      await section.getByRole('button', { name: '接受邀请' }).click();
      await learnerPage.waitForURL(/employer=accepted/);
      await section.getByText('已接受邀请').waitFor();
      assert.match(await section.innerText(), new RegExp(`当前单位：${EMPLOYER.name}`));
      await checkPage(learnerPage, 'learner-employer-accepted');
    });

    step('employer: 团报 of the learner for this year', async () => {
      await page.goto('/employer');
      const row = staffRow(page, learner.name);
      await row.waitFor();
      assert.match(await row.locator('td[data-label="关系"]').innerText(), /已确认/);
      await row.getByRole('checkbox').check();
      const offer = page.locator('#offer option', { hasText: `${THIS_YEAR} 年度 · 初级` }).first();
      await page.locator('#offer').selectOption(await offer.getAttribute('value'));
      await page.getByRole('button', { name: '为勾选的人员报名' }).click();
      const result = page.locator('section[aria-labelledby="result-heading"]');
      await result.waitFor();
      assert.match(await result.innerText(), new RegExp(`已报名：${learner.name}`));
      await checkPage(page, 'employer-group-enrolled');
    });

    step('learner: 网络培训 shows 由单位报名', async () => {
      await learnerPage.goto('/learner/training');
      await learnerPage.getByText('由单位报名').first().waitFor();
      await checkPage(learnerPage, 'learner-enrolled-by-employer');
    });

    step('employer: the staff export is an xlsx', async () => {
      await page.goto('/employer');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /导出 .* 年度人员学习情况/ }).click(),
      ]);
      const file = await download.path();
      assert.equal(fs.readFileSync(file).subarray(0, 2).toString(), 'PK');
      assert.match(download.suggestedFilename(), /人员学习情况\.xlsx$/);
    });
  });
}
