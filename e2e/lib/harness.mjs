// Shared helpers of the browser end-to-end suite (see e2e/README.md).
//
//   const server = await startServer();          // real `jxjy serve --demo` on a free port, fresh data dir
//   const browser = await launchBrowser();       // Debian's headless Chromium through playwright-core
//   const page = await newPage(browser, server, 375);
//   await page.goto(server.url('/'));
//   await checkPage(page, 'home');               // errors, overflow, labels, axe, screenshot
//   await browser.close(); await server.stop();
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHOT_DIR = path.join(REPO_ROOT, 'target', 'e2e');
export const WIDTHS = [375, 1366]; // phone, desktop
const AXE_PATH = require.resolve('axe-core/axe.min.js');

// The 操作手册's figures (see e2e/README.md): `e2e/run --update-manual` sets JXJY_E2E_UPDATE_MANUAL=1,
// and manualShot() then writes the chosen steps into crates/web/static/manual/, which the binary embeds.
export const MANUAL_DIR = path.join(REPO_ROOT, 'crates', 'web', 'static', 'manual');
export const UPDATING_MANUAL = process.env.JXJY_E2E_UPDATE_MANUAL === '1';
/** The manual shows the phone: 375 x 667 CSS px (iPhone SE) at device scale 2, so text stays sharp. */
const MANUAL_PHONE = { width: 375, height: 667, scale: 2 };

/** Asks the kernel for a free loopback port (closed again before the server binds it). */
async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * Starts the server binary (env JXJY_BIN, default target/debug/jxjy) with demo data in a fresh temp
 * dir and waits until /healthz answers 200. Returns { base, dir, smsOutbox, url(path), log(), stop() }.
 */
export async function startServer({ extraArgs = [], env = {} } = {}) {
  const bin = process.env.JXJY_BIN || path.join(REPO_ROOT, 'target', 'debug', 'jxjy');
  if (!fs.existsSync(bin)) throw new Error(`server binary ${bin} missing: run cargo build -p jxjy`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jxjy-e2e-'));
  const port = await freePort();
  const smsOutbox = path.join(dir, 'sms.jsonl');
  const args = ['serve', '--demo', '--addr', `127.0.0.1:${port}`, '--data-dir', dir, '--sms-outbox', smsOutbox, ...extraArgs];
  const child = spawn(bin, args, { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  // Never leave a server behind, even if the test process dies without calling stop().
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const base = `http://127.0.0.1:${port}`;
  const server = {
    base, dir, smsOutbox, port,
    url: (p = '/') => base + p,
    log: () => output,
    async stop() {
      process.off('exit', killOnExit);
      if (!exited) {
        child.kill('SIGTERM'); // graceful shutdown
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        if (!exited) await once(child, 'exit');
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };

  // Bounded wait for /healthz: 150 tries, 200 ms apart (30 s).
  for (let i = 0; i < 150; i++) {
    if (exited) break;
    try {
      const res = await fetch(base + '/healthz');
      if (res.status === 200) return server;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.stop();
  throw new Error(`server did not become healthy (exit: ${JSON.stringify(exited)}); its output:\n${output}`);
}

/** Launches Debian's Chromium (env CHROMIUM overrides); playwright never downloads a browser here. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// Per-page bookkeeping: viewport width, screenshot counter, errors seen since the last check.
const state = new WeakMap();

/**
 * Opens a page in a new context of the given viewport width; screenshots go to target/e2e/{width}/ unless
 * opts.shotDir says otherwise. bypassCSP lets axe be injected despite the site's `script-src 'self'`.
 * Console errors and uncaught page errors are collected for checkPage. server may be null (self-test).
 */
export async function newPage(browser, server, width, { height = 800, shotDir = path.join(SHOT_DIR, String(width)) } = {}) {
  const phoneForManual = UPDATING_MANUAL && width === MANUAL_PHONE.width;
  const context = await browser.newContext({
    viewport: { width, height: phoneForManual ? MANUAL_PHONE.height : height },
    deviceScaleFactor: phoneForManual ? MANUAL_PHONE.scale : 1,
    bypassCSP: true, locale: 'zh-CN', baseURL: server?.base,
  });
  const page = await context.newPage();
  const st = { width, shotDir, step: 0, errors: [] };
  state.set(page, st);
  page.on('console', (msg) => {
    if (msg.type() === 'error') st.errors.push(`console: ${msg.text()} (${msg.location().url || '?'})`);
  });
  page.on('pageerror', (err) => st.errors.push(`pageerror: ${err.message}`));
  return page;
}

/** Every visible form field lacking label[for], a wrapping label, aria-label or aria-labelledby. */
function unlabelledFields(page) {
  return page.evaluate(() => {
    const skip = new Set(['hidden', 'submit', 'button', 'reset', 'image']); // these label themselves
    const bad = [];
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.tagName === 'INPUT' && skip.has(el.type)) continue;
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || cs.display === 'none') continue;
      const text = (n) => (n ? n.textContent.trim() : '');
      const byFor = el.id && [...document.querySelectorAll('label')].some((l) => l.htmlFor === el.id && text(l));
      const wrapped = text(el.closest('label'));
      const aria = (el.getAttribute('aria-label') || '').trim();
      const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
        .some((id) => text(document.getElementById(id)));
      if (!(byFor || wrapped || aria || by)) bad.push(el.outerHTML.slice(0, 160));
    }
    return bad;
  });
}

/** Runs axe-core in the page and returns its violations. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
}

function describeViolations(vs) {
  return vs.map((v) => `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
    v.nodes.map((n) => `      at ${n.target.join(' ')}: ${n.html.slice(0, 200)}\n        ${(n.failureSummary || '').replace(/\n/g, '\n        ')}`).join('\n'))
    .join('\n');
}

/**
 * The checks of every step. Collects all failures, saves the screenshot anyway, then throws one error
 * listing them all. opts.allowConsole: regexps of console errors that this step expects (e.g. a 404).
 */
export async function checkPage(page, name, { allowConsole = [] } = {}) {
  const st = state.get(page);
  if (!st) throw new Error('checkPage needs a page made by newPage()');
  await page.waitForLoadState('load');
  const problems = [];

  const errors = st.errors.splice(0).filter((e) => !allowConsole.some((re) => re.test(e)));
  if (errors.length) problems.push(`console/page errors:\n  ${errors.join('\n  ')}`);

  const overflow = await page.evaluate(() => {
    const vw = window.innerWidth, sw = document.documentElement.scrollWidth;
    if (sw <= vw) return null;
    const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > vw + 0.5)
      .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ').join('.') : ''} (right=${Math.round(e.getBoundingClientRect().right)})`);
    return { vw, sw, wide };
  });
  if (overflow) problems.push(`horizontal scrolling: scrollWidth ${overflow.sw} > innerWidth ${overflow.vw}; widest: ${overflow.wide.join(', ')}`);

  // Phone-first layout (issue 15): the page's own heading within the first 300 px on a phone, no
  // table cell that breaks a four-digit year, and chart text at a fixed, readable size.
  const layout = await page.evaluate((width) => {
    const found = [];
    const h1 = document.querySelector('main h1');
    if (width <= 400 && h1) {
      const top = h1.getBoundingClientRect().top + window.scrollY;
      if (top > 300) found.push(`the page heading "${h1.textContent.trim()}" starts at ${Math.round(top)} px (more than 300 px down on a phone)`);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement?.closest('td, th')) continue;
      for (const m of n.textContent.matchAll(/(?<!\d)(19|20)\d{2}(?!\d)/g)) {
        const range = document.createRange();
        range.setStart(n, m.index);
        range.setEnd(n, m.index + 4);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) found.push(`the year ${m[0]} breaks across lines in "${n.parentElement.closest('td, th').textContent.trim().slice(0, 40)}"`);
      }
    }
    for (const chart of document.querySelectorAll('figure.chart')) {
      for (const el of chart.querySelectorAll('*')) {
        const own = [...el.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
        if (!own) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const size = el instanceof SVGElement ? r.height : parseFloat(getComputedStyle(el).fontSize);
        if (size < 11 || size > 20) found.push(`chart text "${el.textContent.trim().slice(0, 30)}" is ${size.toFixed(1)} px tall (11-20 px wanted)`);
      }
    }
    return found;
  }, st.width);
  if (layout.length) problems.push(`layout:\n  ${layout.join('\n  ')}`);

  const unlabelled = await unlabelledFields(page);
  if (unlabelled.length) problems.push(`form fields without an accessible label:\n  ${unlabelled.join('\n  ')}`);

  const violations = await axeViolations(page);
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = violations.filter((v) => !blocking.includes(v));
  if (minor.length) console.log(`axe (not failing) ${st.width}px ${name}:\n${describeViolations(minor)}`);
  if (blocking.length) problems.push(`axe serious/critical violations:\n${describeViolations(blocking)}`);

  st.step += 1;
  fs.mkdirSync(st.shotDir, { recursive: true });
  const file = path.join(st.shotDir, `${String(st.step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });

  if (problems.length) {
    throw new Error(`${st.width}px "${name}" (${page.url()}), screenshot ${path.relative(REPO_ROOT, file)}:\n${problems.join('\n')}`);
  }
}

/**
 * A figure of the 操作手册: only when updating the manual (`e2e/run --update-manual`) and only at the
 * width `at` (the phone unless told), saves what the person sees now as crates/web/static/manual/{file}:
 * the viewport with `top` scrolled to its top edge (the page's top without it), or just `element`.
 * Never full-page, so the figures stay small; e2e/run compresses them afterwards.
 */
export async function manualShot(page, file, { at = MANUAL_PHONE.width, top, element } = {}) {
  const st = state.get(page);
  if (!UPDATING_MANUAL || !st || st.width !== at) return;
  fs.mkdirSync(MANUAL_DIR, { recursive: true });
  const out = path.join(MANUAL_DIR, file);
  // No focus ring of the field typed last, no caret: the figure shows the page at rest.
  await page.evaluate(() => document.activeElement?.blur?.());
  if (element) {
    await element.screenshot({ path: out, caret: 'hide', animations: 'disabled' });
    return;
  }
  if (top) await top.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: out, caret: 'hide', animations: 'disabled' });
}
