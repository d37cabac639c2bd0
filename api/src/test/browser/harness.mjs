// A very small journey runner around playwright-core: one Chromium, a fresh context per journey,
// a screenshot (and the page's errors) kept for every failure, a closing "N passed, N failed" line.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const journeys = [];

/** Registers a journey: fn({page, context, browser, newContext, base, log}). */
export function journey(name, fn, { timeout = 45_000 } = {}) {
  journeys.push({ name, fn, timeout });
}

export class AssertionError extends Error {}

export function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}

/** Polls fn until it returns a truthy value (returned) or the time is up (throws with message). */
export async function until(fn, message, { timeout = 8000, interval = 80 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      throw new AssertionError(`${message}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

export async function visible(locator, message, timeout = 8000) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    throw new AssertionError(`${message}: not visible within ${timeout} ms`);
  }
  return locator.first();
}

export async function gone(locator, message, timeout = 8000) {
  try {
    await locator.first().waitFor({ state: 'detached', timeout });
  } catch {
    throw new AssertionError(`${message}: still present after ${timeout} ms`);
  }
}

export async function hidden(locator, message, timeout = 8000) {
  try {
    await locator.first().waitFor({ state: 'hidden', timeout });
  } catch {
    throw new AssertionError(`${message}: still visible after ${timeout} ms`);
  }
}

function slug(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

export async function run({ base, artifacts, only }) {
  fs.mkdirSync(artifacts, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  let passed = 0;
  let failed = 0;
  const started = Date.now();
  const selected = only ? journeys.filter((j) => j.name.toLowerCase().includes(only.toLowerCase())) : journeys;
  for (const j of selected) {
    const contexts = [];
    const problems = [];
    const newContext = async (options = {}) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, acceptDownloads: true, ...options });
      context.setDefaultTimeout(8000);
      contexts.push(context);
      context.on('page', (p) => watch(p, problems));
      return context;
    };
    const context = await newContext();
    const page = await context.newPage();
    const t0 = Date.now();
    try {
      await Promise.race([
        j.fn({ page, context, browser, newContext, base }),
        new Promise((_, reject) => setTimeout(() => reject(new AssertionError(`timed out after ${j.timeout} ms`)), j.timeout)),
      ]);
      if (problems.length) throw new AssertionError(`the page reported errors:\n  ${problems.join('\n  ')}`);
      passed += 1;
      console.log(`  ok    ${j.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed += 1;
      console.log(`  FAIL  ${j.name} (${Date.now() - t0} ms)\n        ${(e && e.stack) || e}`);
      if (problems.length) console.log(`        page errors:\n          ${problems.join('\n          ')}`);
      let n = 0;
      for (const c of contexts) {
        for (const p of c.pages()) {
          n += 1;
          const file = path.join(artifacts, `${slug(j.name)}${n > 1 ? `-${n}` : ''}.png`);
          try {
            await p.screenshot({ path: file, fullPage: true, timeout: 5000 });
            console.log(`        screenshot: ${file}`);
          } catch (err) {
            console.log(`        (no screenshot: ${err.message})`);
          }
        }
      }
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
    }
  }
  await browser.close();
  console.log(`browser journeys finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0;
}

/** Uncaught exceptions and CSP violations fail the journey. */
function watch(page, problems) {
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(text)) problems.push(`CSP: ${text}`);
  });
}
