// Helpers for the browser console's tests (console.test.mjs): launching
// Chromium through puppeteer-core, driving the console's pages by their
// data-testid attributes, and the small Makeriess data set the access
// pattern tests read.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import puppeteer from 'puppeteer-core';

export const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

// A CSS selector for data-testid values, each scoping the next:
// tid('pattern-3', 'p-items-json').
export function tid(...ids) {
  return ids.map((id) => `[data-testid="${id}"]`).join(' ');
}

export async function launchBrowser() {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

// Saves a screenshot of `page` as artifacts/console-<name>.png.
export async function keepScreenshot(page, name) {
  if (!page) return;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  try {
    await page.screenshot({ path: path.join(ARTIFACTS, `console-${slug}.png`), fullPage: true });
  } catch {
    // a page that has crashed cannot be captured; the test's error stands
  }
}

// Drives one page of the console.
export class ConsolePage {
  constructor(page, endpoint) {
    this.page = page;
    this.endpoint = endpoint;
  }

  // Loads the console at `hash` (a fresh document) and waits until the
  // router has rendered it.
  async open(hash) {
    await this.page.goto('about:blank');
    await this.page.goto(`${this.endpoint}/console${hash}`);
    await this.page.waitForSelector('#app[data-ready]');
  }

  async waitFor(selector, options = {}) {
    return this.page.waitForSelector(selector, { visible: true, ...options });
  }

  async text(selector) {
    await this.page.waitForSelector(selector);
    return this.page.$eval(selector, (e) => e.textContent);
  }

  async texts(selector) {
    return this.page.$$eval(selector, (els) => els.map((e) => e.textContent));
  }

  // Waits until `selector`'s text is `expected`.
  async waitText(selector, expected, timeout = 10_000) {
    try {
      await this.page.waitForFunction((s, want) => document.querySelector(s)?.textContent === want,
        { timeout }, selector, expected);
    } catch (err) {
      const got = await this.page.$eval(selector, (e) => e.textContent).catch(() => '(no element)');
      throw new Error(`${selector}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(got)}\n${err.message}`);
    }
  }

  async click(selector) {
    await this.waitFor(selector);
    await this.page.click(selector);
  }

  // Clicks `selector`, then waits for a new element matching `result`
  // (not the one that matched before the click).
  async clickAndWait(selector, result, timeout = 10_000) {
    const old = await this.page.$(result);
    await this.click(selector);
    await this.page.waitForFunction((s, o) => {
      const el = document.querySelector(s);
      return el && el !== o && el.isConnected;
    }, { timeout }, result, old);
  }

  // Presses a key, then waits as clickAndWait does.
  async pressAndWait(key, result, timeout = 10_000) {
    const old = await this.page.$(result);
    await this.page.keyboard.press(key);
    await this.page.waitForFunction((s, o) => {
      const el = document.querySelector(s);
      return el && el !== o && el.isConnected;
    }, { timeout }, result, old);
  }

  // Replaces the text of an input or textarea by typing.
  async fill(selector, value) {
    await this.waitFor(selector);
    await this.page.focus(selector);
    await this.page.keyboard.down('Control');
    await this.page.keyboard.press('KeyA');
    await this.page.keyboard.up('Control');
    await this.page.keyboard.press('Backspace');
    if (value !== '') await this.page.type(selector, value);
  }

  async select(selector, value) {
    await this.waitFor(selector);
    await this.page.select(selector, value);
  }

  async value(selector) {
    await this.page.waitForSelector(selector);
    return this.page.$eval(selector, (e) => e.value);
  }

  // Opens an items view's JSON (its toggle) and returns the items shown.
  async itemsJson(scope = '', testid = 'items') {
    const prefix = scope ? `${scope} ` : '';
    await this.click(`${prefix}${tid(`${testid}-toggle-json`)}`);
    const text = await this.text(`${prefix}${tid(`${testid}-json`)}`);
    return JSON.parse(text);
  }

  // The text of the first cell's value of every row of a grid.
  async firstColumn(gridSelector) {
    return this.page.$$eval(`${gridSelector} tbody tr`, (rows) =>
      rows.map((r) => r.querySelector('td .v')?.textContent));
  }

  async headers(gridSelector) {
    return this.page.$$eval(`${gridSelector} thead th`, (ths) => ths.map((t) => t.textContent));
  }

  // A row's cells by column name: { column: text }.
  async rowByColumn(gridSelector, rowIndex) {
    return this.page.$$eval(`${gridSelector} tr`, (rows, i) => {
      const names = [...rows[0].querySelectorAll('th')].map((t) => t.textContent);
      const cells = [...rows[i + 1].children];
      return Object.fromEntries(names.map((n, j) => [n, cells[j]?.querySelector('.v')?.textContent ?? null]));
    }, rowIndex);
  }

  async json(selector) {
    return JSON.parse(await this.text(selector));
  }
}

// --- a small Makeriess data set, in the seed's item shapes -----------------------

const S = (v) => ({ S: v });
const N = (v) => ({ N: String(v) });

// The seed's table: PK/SK, GSI1 (GSI1PK, GSI1SK) and GSI2 (GSI2PK, GSI2SK),
// all strings, projecting ALL, on demand.
export const MAKERIESS_TABLE = {
  TableName: 'makeriess-main-table',
  AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK']
    .map((n) => ({ AttributeName: n, AttributeType: 'S' })),
  KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
  BillingMode: 'PAY_PER_REQUEST',
  GlobalSecondaryIndexes: ['GSI1', 'GSI2'].map((name) => ({
    IndexName: name,
    KeySchema: [{ AttributeName: `${name}PK`, KeyType: 'HASH' }, { AttributeName: `${name}SK`, KeyType: 'RANGE' }],
    Projection: { ProjectionType: 'ALL' },
  })),
  SSESpecification: { Enabled: true },
  Tags: [{ Key: 'Environment', Value: 'production' }, { Key: 'Application', Value: 'makeriess' }],
};

// Three customers (cust_300 has no orders), two vendors, three products
// in two categories, three orders, favorites and reviews.
export function makeriessItems() {
  const items = [];
  const customers = [['cust_123', 'john@example.com', 'John Doe'], ['cust_200', 'ann@example.com', 'Ann Lee'],
    ['cust_300', 'idle@example.com', 'Ida Le']];
  for (const [cid, email, name] of customers) {
    items.push({ PK: S(`CUSTOMER#${cid}`), SK: S('METADATA'), GSI1PK: S(`EMAIL#${email}`), GSI1SK: S('CUSTOMER'),
      entityType: S('CUSTOMER'), customerId: S(cid), email: S(email), name: S(name), loyaltyPoints: N(10) });
  }
  const vendors = [['vend_1', 'shop1@example.com', 'Bakery'], ['vend_2', 'shop2@example.com', 'Crafts & Co']];
  for (const [vid, email, name] of vendors) {
    items.push({ PK: S(`VENDOR#${vid}`), SK: S('METADATA'), GSI1PK: S(`EMAIL#${email}`), GSI1SK: S('VENDOR'),
      entityType: S('VENDOR'), vendorId: S(vid), email: S(email), businessName: S(name) });
  }
  const products = [['prod_1', 'vend_1', 'Food & pastries', '4.50'], ['prod_2', 'vend_1', 'Crafts', '12'],
    ['prod_3', 'vend_2', 'Food & pastries', '7.25']];
  for (const [pid, vid, category, price] of products) {
    items.push({ PK: S(`PRODUCT#${pid}`), SK: S('METADATA'), GSI1PK: S(`VENDOR#${vid}`), GSI1SK: S(`PRODUCT#${pid}`),
      GSI2PK: S(`CATEGORY#${category}`), GSI2SK: S(`PRODUCT#${pid}`), entityType: S('PRODUCT'),
      productId: S(pid), vendorId: S(vid), category: S(category), price: N(price), tags: { SS: ['handmade', 'local'] } });
    items.push({ PK: S(`VENDOR#${vid}`), SK: S(`PRODUCT#${pid}`), entityType: S('VENDOR_PRODUCT'),
      productId: S(pid), vendorId: S(vid) });
  }
  const orders = [['ord_1', 'cust_123', 'vend_1', '2026-01-01T10:00:00Z'], ['ord_2', 'cust_123', 'vend_2', '2026-01-02T11:00:00Z'],
    ['ord_3', 'cust_200', 'vend_1', '2026-01-03T12:00:00Z']];
  for (const [oid, cid, vid, ts] of orders) {
    items.push({ PK: S(`ORDER#${oid}`), SK: S('METADATA'), GSI1PK: S(`CUSTOMER#${cid}`), GSI1SK: S(`ORDER#${ts}#${oid}`),
      GSI2PK: S('ORDER'), GSI2SK: S(ts), entityType: S('ORDER'), orderId: S(oid), customerId: S(cid),
      createdAt: S(ts), total: N(20) });
    items.push({ PK: S(`CUSTOMER#${cid}`), SK: S(`ORDER#${ts}#${oid}`), entityType: S('CUSTOMER_ORDER'),
      orderId: S(oid), customerId: S(cid) });
    items.push({ PK: S(`ORDER#${oid}`), SK: S(`VENDOR#${vid}`), GSI1PK: S(`VENDOR#${vid}`), GSI1SK: S(`ORDER#${ts}#${oid}`),
      GSI2PK: S(`VENDOR#${vid}`), GSI2SK: S(`ORDER#${ts}#${oid}`), entityType: S('VENDOR_ORDER'),
      orderId: S(oid), vendorId: S(vid) });
  }
  for (const pid of ['prod_2', 'prod_3']) {
    items.push({ PK: S('CUSTOMER#cust_123'), SK: S(`FAVORITE#${pid}`), entityType: S('FAVORITE'),
      customerId: S('cust_123'), productId: S(pid) });
  }
  for (const [rid, ts] of [['rev_1', '2026-01-05T09:00:00Z'], ['rev_2', '2026-01-06T09:00:00Z']]) {
    items.push({ PK: S('PRODUCT#prod_1'), SK: S(`REVIEW#${ts}#${rid}`), entityType: S('REVIEW'),
      productId: S('prod_1'), rating: N(5), comment: S('Lovely') });
  }
  return items;
}
