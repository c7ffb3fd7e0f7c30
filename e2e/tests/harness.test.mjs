// Self-test of checkPage: a deliberately broken page must fail every check, a clean one must pass.
// Keeps the portal suite honest (a check that never fails proves nothing). No server needed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SHOT_DIR, checkPage, launchBrowser, newPage } from '../lib/harness.mjs';

const shotDir = path.join(SHOT_DIR, 'selftest');
let browser, page;
before(async () => {
  browser = await launchBrowser();
  page = await newPage(browser, null, 375, { shotDir });
});
after(async () => { await browser?.close(); });

const doc = (body) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>自检</title></head>
<body><main><h1>自检</h1>${body}</main></body></html>`;

test('checkPage passes a clean page with every way of labelling a field', async () => {
  await page.setContent(doc(`
    <label for="a">姓名</label><input id="a">
    <label>电话 <input type="tel"></label>
    <input aria-label="搜索" type="search">
    <p id="yl">年度</p><select aria-labelledby="yl"><option>2025</option></select>
    <input type="hidden" name="csrf"><button type="submit">提交</button>`));
  await checkPage(page, 'clean');
  assert.ok(fs.existsSync(path.join(shotDir, '01-clean.png')), 'screenshot saved');
});

test('checkPage reports errors, overflow, unlabelled fields and serious axe violations', async () => {
  await page.setContent(doc(`
    <script>console.error('boom-console'); throw new Error('boom-uncaught');</script>
    <div style="width: 2000px">太宽</div>
    <input type="text" name="nolabel">
    <p style="color: #ccc; background: #fff">对比度太低</p>
    <button></button>`));
  await assert.rejects(checkPage(page, 'broken'), (err) => {
    for (const want of ['boom-console', 'boom-uncaught', 'horizontal scrolling', 'name="nolabel"',
      'color-contrast', 'button-name']) {
      assert.ok(err.message.includes(want), `the failure mentions ${want}:\n${err.message}`);
    }
    return true;
  });
  assert.ok(fs.existsSync(path.join(shotDir, '02-broken.png')), 'screenshot saved even on failure');
});

test('checkPage reports a heading pushed down on a phone, a broken year and chart text that scales', async () => {
  await page.setContent(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>自检</title></head>
<body><nav style="height: 420px">很高的导航</nav><main><h1>自检</h1>
<table><thead><tr><th scope="col">年度</th><th scope="col">名称</th></tr></thead>
<tbody><tr><td style="width: 1px; overflow-wrap: anywhere">2026</td><td>示例</td></tr></tbody></table>
<figure class="chart"><figcaption>图</figcaption><svg viewBox="0 0 100 20" width="340"><text x="0" y="15" font-size="12">巨大的标签</text></svg>
<p style="font-size: 9px">太小的说明</p></figure></main></body></html>`);
  await assert.rejects(checkPage(page, 'layout-broken'), (err) => {
    for (const want of ['starts at', 'the year 2026 breaks', '巨大的标签', '太小的说明']) {
      assert.ok(err.message.includes(want), `the failure mentions ${want}:\n${err.message}`);
    }
    return true;
  });
});
