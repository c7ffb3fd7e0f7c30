// 学习提醒 and 消息 (SPEC section 9), at each viewport width of WIDTHS: 主管部门 heping opens 学习提醒 →
// 预览人数 shows the count and the example SMS → 确认发送 → the progress page (the server's own delivery loop
// sends it; in-app only, so quiet hours do not hold it) reaches 已完成 → the demo learner 冯思媛 sees the
// unread count in the workspace's navigation → opens 消息 → the message, now read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WIDTHS, checkPage, launchBrowser, newPage, startServer } from '../lib/harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const field = (page, name) => page.getByRole('textbox', { name, exact: true })
  .or(page.getByRole('combobox', { name, exact: true }));

for (const width of WIDTHS) {
  describe(`reminders at ${width}px`, () => {
    let admin, learner;
    before(async () => {
      admin = await newPage(browser, server, width);
      learner = await newPage(browser, server, width);
    });
    after(async () => {
      await admin?.context().close();
      await learner?.context().close();
    });

    let failed = null;
    const step = (name, fn) => test(name, async (t) => {
      if (failed) return t.skip(`skipped: the step "${failed}" failed`);
      try { await fn(); } catch (err) { failed = name; throw err; }
    });

    step('officer: previews the count, then sends', async () => {
      await admin.goto('/admin/login');
      await field(admin, '用户名').fill('heping');
      await admin.getByLabel('密码', { exact: true }).fill('Jxjy@2025');
      await admin.getByRole('button', { name: '登录', exact: true }).click();
      await admin.waitForURL('**/admin');
      await admin.getByRole('navigation', { name: '管理功能' }).getByRole('link', { name: '学习提醒' }).click();
      await admin.waitForURL('**/admin/reminders');
      await admin.getByRole('heading', { level: 1, name: '学习提醒' }).waitFor();
      await field(admin, '提醒对象').selectOption({ label: '全部应参加的人员' });
      await admin.getByLabel('同时发送短信').uncheck();
      await admin.getByRole('button', { name: '预览人数' }).click();
      await admin.getByText(/将提醒 \d+ 人/).first().waitFor();
      await checkPage(admin, 'reminder-preview');
      await admin.getByRole('button', { name: '确认发送' }).click();
      await admin.waitForURL(/\/admin\/reminders\/\d+\?created=1/);
      await admin.locator('progress').waitFor();
      // The server's delivery loop sends it within a few seconds; the page reloads itself.
      await admin.getByRole('heading', { level: 1, name: /已完成/ }).waitFor({ timeout: 20_000 });
      assert.match(await admin.locator('label[for="progress"]').innerText(), /100%/);
      await checkPage(admin, 'reminder-done');
    });

    step('learner: the unread count, then the message', async () => {
      await learner.goto('/login?tab=password');
      await field(learner, '姓名').fill('冯思媛');
      await field(learner, '身份证号（或证件号）').fill('44010319900307883X');
      await learner.getByLabel('密码', { exact: true }).fill('Jxjy@2025');
      await learner.getByRole('button', { name: '登录', exact: true }).click();
      await learner.waitForURL('**/learner');
      const nav = learner.getByRole('navigation', { name: '学员功能' });
      assert.match(await nav.getByRole('link', { name: /消息/ }).innerText(), /消息\s*\d+/);
      await checkPage(learner, 'learner-unread');
      await nav.getByRole('link', { name: /消息/ }).click();
      await learner.waitForURL('**/learner/messages');
      await learner.getByRole('link', { name: /\[未读\]/ }).first().click();
      await learner.waitForURL(/\/learner\/messages\/\d+/);
      await learner.getByRole('heading', { level: 2, name: /年度继续教育学习提醒/ }).waitFor();
      await checkPage(learner, 'learner-message');
    });
  });
}
