// The public portal as a visitor walks it, at each viewport width of WIDTHS.
// Each test() is one step: act like a person (goto / click), assert what they should see, then checkPage().
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

for (const width of WIDTHS) {
  describe(`portal at ${width}px`, () => {
    let page;
    before(async () => { page = await newPage(browser, server, width); });
    after(async () => { await page?.context().close(); });

    test('home: notices, login box, credit flow', async () => {
      const res = await page.goto('/');
      assert.equal(res.status(), 200);
      await page.getByRole('heading', { name: '通知公告' }).waitFor();
      const box = page.locator('section.login-box');
      assert.equal(await box.getByRole('link', { name: '登录', exact: true }).count(), 1);
      assert.equal(await box.getByRole('link', { name: '注册', exact: true }).count(), 1);
      await page.getByRole('heading', { name: '学分获取流程' }).waitFor();
      assert.ok((await page.locator('.notice-list li').count()) >= 1, 'the demo notices are listed');
      await checkPage(page, 'home');
    });

    test('notices list, reached through 更多', async () => {
      await page.goto('/');
      await page.getByRole('link', { name: /更多/ }).click();
      await page.waitForURL(/\/notices$/);
      await page.getByRole('heading', { level: 1, name: '通知公告' }).waitFor();
      assert.match(await page.locator('.pager').innerText(), /共 \d+ 条/);
      await checkPage(page, 'notices');
    });

    test('notice detail, clicked from the list', async () => {
      await page.goto('/notices');
      const first = page.locator('.notice-list a').first();
      const title = (await first.innerText()).trim();
      await first.click();
      await page.waitForURL(/\/notices\/\d+$/);
      assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), title);
      await page.getByRole('link', { name: '返回通知公告' }).waitFor();
      await checkPage(page, 'notice');
    });

    test('faq with the schools\' contacts', async () => {
      const res = await page.goto('/faq');
      assert.equal(res.status(), 200);
      await page.getByRole('heading', { level: 1, name: '常见问题' }).waitFor();
      assert.ok((await page.locator('.qa').count()) >= 1, 'the demo FAQ answers are shown');
      await page.getByRole('cell', { name: '东北财经网校' }).waitFor();
      await checkPage(page, 'faq');
    });

    test('contact', async () => {
      const res = await page.goto('/contact');
      assert.equal(res.status(), 200);
      await page.getByRole('heading', { level: 1, name: '联系我们' }).waitFor();
      await checkPage(page, 'contact');
    });

    test('隐私保护 and 版权声明 from the footer, 联系我们 with a phone', async () => {
      await page.goto('/');
      await page.locator('footer').getByRole('link', { name: '隐私保护' }).click();
      await page.waitForURL(/\/privacy$/);
      await page.getByRole('heading', { level: 1, name: '隐私保护' }).waitFor();
      await checkPage(page, 'privacy');
      await page.locator('footer').getByRole('link', { name: '版权声明' }).click();
      await page.waitForURL(/\/copyright$/);
      await page.getByRole('heading', { level: 1, name: '版权声明' }).waitFor();
      await page.goto('/contact');
      assert.match(await page.locator('a[href^="tel:"]').first().getAttribute('href'), /^tel:\d+/);
    });

    test('证明核验: a form for the code printed on the certificate', async () => {
      await page.goto('/verify');
      await page.getByRole('heading', { level: 1, name: '学时证明核验' }).waitFor();
      await page.getByRole('textbox', { name: '核验码' }).fill('ABCD-EFGH-JKLM-NPQR');
      await page.getByRole('button', { name: '核验' }).click();
      await page.getByRole('alert').filter({ hasText: '未找到该核验码' }).waitFor();
      await checkPage(page, 'verify-not-found', { allowConsole: [/status of 404/] });
    });

    test('navigation: one compact menu on a phone, the full bar on a desktop', async () => {
      await page.goto('/notices');
      const bar = page.getByRole('navigation', { name: '主导航', exact: true });
      const menu = page.locator('details.phone-menu');
      if (width <= 640) {
        assert.equal(await bar.isVisible(), false, 'the two-row bar is folded away');
        await menu.locator('summary').click();
        await menu.getByRole('link', { name: '常见问题' }).click();
        await page.waitForURL(/\/faq$/);
      } else {
        assert.equal(await menu.isVisible(), false);
        await bar.getByRole('link', { name: '常见问题' }).click();
        await page.waitForURL(/\/faq$/);
      }
      await checkPage(page, 'nav-to-faq');
    });

    test('manual: every step\'s figure loads, lazily, within the width', async () => {
      const res = await page.goto('/manual');
      assert.equal(res.status(), 200);
      await page.getByRole('heading', { level: 1, name: '操作手册' }).waitFor();
      await page.getByRole('navigation', { name: '目录' }).waitFor();
      const images = page.locator('figure.shot img');
      const count = await images.count();
      assert.ok(count >= 20, `the manual shows its screens (${count} figures)`);
      for (let i = 0; i < count; i++) {
        const img = images.nth(i);
        assert.equal(await img.getAttribute('loading'), 'lazy');
        assert.ok(((await img.getAttribute('alt')) ?? '').length >= 8, 'a meaningful alt text');
        // Lazy: it loads once scrolled near; a missing file would end "complete" with no pixels.
        await img.scrollIntoViewIfNeeded();
        const handle = await img.elementHandle();
        await page.waitForFunction((el) => el.complete, handle);
        const { natural, shown, room } = await img.evaluate((el) => ({
          natural: el.naturalWidth, shown: el.getBoundingClientRect().width,
          room: el.closest('figure').parentElement.getBoundingClientRect().width,
        }));
        assert.ok(natural > 0, `${await img.getAttribute('src')} loaded`);
        assert.ok(shown <= room + 0.5, `figure ${i} fits its column (${shown} > ${room})`);
        await img.locator('xpath=following-sibling::figcaption').waitFor();
      }
      await checkPage(page, 'manual');
    });

    test('keyboard: the skip link and the focused link are visibly marked', async () => {
      await page.goto('/');
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: '跳到主要内容' });
      assert.ok(await skip.evaluate((el) => el === document.activeElement), 'Tab reaches the skip link first');
      const box = await skip.boundingBox();
      assert.ok(box && box.x >= 0 && box.y >= 0, 'the focused skip link is on screen');
      for (let i = 0; i < 3; i++) {
        const outline = await page.evaluate(() => {
          const cs = getComputedStyle(document.activeElement);
          return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
        });
        assert.ok(outline.style !== 'none' && outline.width >= 2, `focus ring on the focused element: ${JSON.stringify(outline)}`);
        await page.keyboard.press('Tab');
      }
      await checkPage(page, 'keyboard-focus');
    });

    test('api docs', async () => {
      const res = await page.goto('/api/docs');
      assert.equal(res.status(), 200);
      await page.getByRole('link', { name: '/api/openapi.json' }).waitFor();
      assert.ok((await page.locator('table tbody tr').count()) >= 3, 'operations are listed');
      await checkPage(page, 'api-docs');
    });

    test('404 page', async () => {
      const res = await page.goto('/no-such-page');
      assert.equal(res.status(), 404);
      await page.getByRole('link', { name: '返回首页' }).waitFor();
      // Chromium logs the document's own 404 as a console error: expected here.
      await checkPage(page, 'not-found', { allowConsole: [/status of 404/] });
    });
  });
}
