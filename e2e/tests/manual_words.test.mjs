// The manual's words on their screens (../shared/seeds: the user's operation manual), at each width of WIDTHS,
// as the manual's own learner 冯思媛 sees them: headings, column names, tabs, buttons and notes, word for word.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WIDTHS, checkPage, launchBrowser, newPage, startServer } from '../lib/harness.mjs';
import { THIS_YEAR } from '../lib/people.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The header cells of the table inside a section, as the DOM has them (at 375 px they label the cards). */
async function columns(page, headingId) {
  return page.locator(`section[aria-labelledby="${headingId}"] thead th`).evaluateAll((ths) => ths.map((th) => th.textContent.trim()));
}

async function hasWords(page, words) {
  const text = await page.locator('main').textContent();
  for (const w of words) assert.ok(text.includes(w), `the page shows the manual's "${w}"`);
}

for (const width of WIDTHS) {
  describe(`the manual's words at ${width}px`, () => {
    let page;
    before(async () => { page = await newPage(browser, server, width); });
    after(async () => { await page?.context().close(); });

    test('首页: the login box, the browser advice and 学分获取流程', async () => {
      await page.goto('/');
      await hasWords(page, ['通知公告', '更多', '未登录', '操作过程推荐使用火狐、谷歌浏览器', '学分获取流程',
        '信息采集', '系统登录', '网络继续教育培训', '选择年度', '网校缴费学习', '获取继续教育学分']);
      await checkPage(page, 'manual-words-home');
    });

    test('登录: tabs, fields and 登录须知', async () => {
      await page.goto('/login');
      const tabs = page.getByRole('navigation', { name: '登录方式' });
      await tabs.getByRole('link', { name: '使用密码登录' }).waitFor();
      await tabs.getByRole('link', { name: '手机验证码登录' }).waitFor();
      await hasWords(page, ['姓名', '身份证号（或证件号）', '密码', '登录须知', '重置密码', '同一手机号码一天只能接收5次短信验证码']);
      await page.getByLabel('姓名').fill('冯思媛');
      await page.getByLabel('身份证号（或证件号）').fill('44010319900307883X');
      await page.getByLabel('密码', { exact: true }).fill('Jxjy@2025');
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL('**/learner');
      await checkPage(page, 'manual-words-workspace');
      const nav = page.getByRole('navigation', { name: '学员功能' });
      for (const name of ['返回首页', '网络培训', '学分查询', '常见问题', '操作说明']) await nav.getByRole('link', { name }).waitFor();
      await page.getByText(`${THIS_YEAR} 年度：已获 0 学分，还差专业课 60、公需课 30`).waitFor();
    });

    test('网络培训: 温馨提示, 培训年度, 培训等级, 报名记录 with its note and nine columns', async () => {
      await page.goto('/learner/training');
      await hasWords(page, ['温馨提示', '培训年度', '培训等级', '报名记录', '仅展示2025年3月1日后在此平台报名的数据']);
      assert.deepEqual(await columns(page, 'records-heading'),
        ['年度', '培训机构', '报名等级', '状态', '报名时间', '已获学分', '专业课学分', '公需课学分', '操作']);
      await checkPage(page, 'manual-words-training');
    });

    test('学分查询: 温馨提示, 学习记录 with 姓名 · 身份证号 · 主管部门 and its six columns', async () => {
      await page.goto('/learner/credits');
      await hasWords(page, ['温馨提示', '学习记录', '姓名', '身份证号', '主管部门',
        '本页面学分查询及完成情况仅展示网校学习情况，实际学习以及完成情况以全国会计人员统一服务管理平台数据为准']);
      assert.deepEqual(await columns(page, 'rows-heading'), ['年度', '学习方式', '已获总学分', '专业课学分', '公需课学分', '操作']);
      const row = page.locator('section[aria-labelledby="rows-heading"] tbody tr').filter({ hasText: '2025' });
      assert.equal((await row.locator('td[data-label="学习方式"]').innerText()).trim(), '网络培训');
      assert.equal((await row.locator('td[data-label="专业课学分"]').innerText()).trim(), '10');
      await row.getByRole('link', { name: /详情/ }).waitFor();
      await checkPage(page, 'manual-words-credits');
    });

    test('常见问题: 您的位置 and the three answers', async () => {
      await page.goto('/faq');
      await hasWords(page, ['您的位置：首页 > 常见问题']);
      assert.ok((await page.locator('.qa').count()) >= 3);
      await checkPage(page, 'manual-words-faq');
    });
  });
}
