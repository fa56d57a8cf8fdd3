/* cdp.js — a minimal Chrome DevTools Protocol client over --remote-debugging-pipe (no npm
 * package): chromium reads NUL-terminated JSON commands on fd 3 and answers on fd 4. Also a PNG
 * reader (zlib is Node's) so that tests check pixels of real screenshots. */
'use strict';
const {spawn} = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

class Browser {
  constructor(binary, width, height) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schedlab-chromium-'));
    this.proc = spawn(binary, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
      '--no-first-run', '--no-default-browser-check', '--remote-debugging-pipe', '--allow-file-access-from-files',
      `--user-data-dir=${this.dir}`, `--window-size=${width},${height}`, 'about:blank'],
    {stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe']});
    this.stderr = '';
    this.proc.stdio[2].on('data', d => { this.stderr += d; });
    this.next = 1;
    this.waiting = new Map();
    this.events = [];
    let buf = Buffer.alloc(0);
    this.proc.stdio[4].on('data', d => {
      buf = Buffer.concat([buf, d]);
      for (let z; (z = buf.indexOf(0)) >= 0; buf = buf.subarray(z + 1)) this.dispatch(JSON.parse(buf.subarray(0, z).toString()));
    });
    this.exited = new Promise(r => this.proc.on('exit', r));
  }

  dispatch(msg) {
    if (msg.id && this.waiting.has(msg.id)) {
      const {resolve, reject, method} = this.waiting.get(msg.id);
      this.waiting.delete(msg.id);
      if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
      else resolve(msg.result);
    } else if (msg.method) {
      this.events.push(msg);
    }
  }

  send(method, params = {}, sessionId) {
    const id = this.next++;
    const msg = {id, method, params};
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, {resolve, reject, method});
      this.proc.stdio[3].write(JSON.stringify(msg) + '\0');
    });
  }

  /* A new tab at url, its size w x h CSS pixels at scale 1. */
  async open(url, w, h) {
    const {targetId} = await this.send('Target.createTarget', {url: 'about:blank'});
    const {sessionId} = await this.send('Target.attachToTarget', {targetId, flatten: true});
    const page = new Page(this, sessionId, targetId);
    await page.send('Page.enable');
    await page.send('Runtime.enable');
    await page.send('Emulation.setDeviceMetricsOverride', {width: w, height: h, deviceScaleFactor: 1, mobile: false});
    await page.send('Page.navigate', {url});
    return page;
  }

  async close() {
    try { await Promise.race([this.send('Browser.close'), new Promise(r => setTimeout(r, 2000))]); } catch (e) { /* gone */ }
    if (this.proc.exitCode === null) this.proc.kill();
    await Promise.race([this.exited, new Promise(r => setTimeout(r, 3000))]);
    fs.rmSync(this.dir, {recursive: true, force: true});
  }
}

class Page {
  constructor(browser, sessionId, targetId) {
    this.b = browser;
    this.sessionId = sessionId;
    this.targetId = targetId;
  }

  send(method, params) { return this.b.send(method, params, this.sessionId); }

  /* The value of a JavaScript expression in the page (promises awaited). */
  async eval(expr) {
    const r = await this.send('Runtime.evaluate', {expression: expr, awaitPromise: true, returnByValue: true});
    if (r.exceptionDetails) throw new Error(`eval ${expr}: ${r.exceptionDetails.exception ? r.exceptionDetails.exception.description : r.exceptionDetails.text}`);
    return r.result.value;
  }

  /* Polls expr until it is truthy; its value, or an error after ms. */
  async until(expr, ms = 10000, what = expr) {
    const end = Date.now() + ms;
    for (;;) {
      const v = await this.eval(expr).catch(() => null);
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise(r => setTimeout(r, 50));
    }
  }

  async key(key, code, text) {
    const base = {key, code: code || key, windowsVirtualKeyCode: key.length === 1 ? key.toUpperCase().charCodeAt(0) : 0};
    await this.send('Input.dispatchKeyEvent', Object.assign({type: text ? 'keyDown' : 'rawKeyDown', text}, base));
    await this.send('Input.dispatchKeyEvent', Object.assign({type: 'keyUp'}, base));
  }

  async type(text) { await this.send('Input.insertText', {text}); }

  async mouse(type, x, y, extra = {}) {
    await this.send('Input.dispatchMouseEvent', Object.assign({type, x, y, button: 'left', clickCount: 1}, extra));
  }

  async click(x, y) {
    await this.mouse('mouseMoved', x, y, {button: 'none'});
    await this.mouse('mousePressed', x, y);
    await this.mouse('mouseReleased', x, y);
  }

  async drag(x0, y0, x1, y1, steps = 5) {
    await this.mouse('mouseMoved', x0, y0, {button: 'none'});
    await this.mouse('mousePressed', x0, y0);
    for (let i = 1; i <= steps; i++) await this.mouse('mouseMoved', x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps, {buttons: 1});
    await this.mouse('mouseReleased', x1, y1);
  }

  async wheel(x, y, deltaY) {
    await this.send('Input.dispatchMouseEvent', {type: 'mouseWheel', x, y, deltaX: 0, deltaY});
  }

  /* A PNG screenshot written to file; returns the decoded image. */
  async screenshot(file) {
    const {data} = await this.send('Page.captureScreenshot', {format: 'png'});
    const png = Buffer.from(data, 'base64');
    fs.writeFileSync(file, png);
    return decodePng(png);
  }
}

/* 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes) -> {w, h, px(x, y) -> [r, g, b]}. */
function decodePng(buf) {
  let off = 8, w = 0, h = 0, type = 0;
  const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off), kind = buf.toString('ascii', off + 4, off + 8), body = buf.subarray(off + 8, off + 8 + len);
    if (kind === 'IHDR') {
      w = body.readUInt32BE(0); h = body.readUInt32BE(4); type = body[9];
      if (body[8] !== 8 || body[12] !== 0 || (type !== 2 && type !== 6)) throw new Error('unsupported PNG');
    } else if (kind === 'IDAT') {
      idat.push(body);
    }
    off += 12 + len;
  }
  const bpp = type === 6 ? 4 : 3, stride = w * bpp, raw = zlib.inflateSync(Buffer.concat(idat));
  const out = Buffer.alloc(h * stride);
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)], src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[y * stride + i - bpp] : 0, b = y ? out[(y - 1) * stride + i] : 0;
      const c = i >= bpp && y ? out[(y - 1) * stride + i - bpp] : 0;
      let v = src[i];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      out[y * stride + i] = v & 255;
    }
  }
  return {w, h, px: (x, y) => { const i = y * stride + x * bpp; return [out[i], out[i + 1], out[i + 2]]; }};
}

/* Pixels of img inside the rectangle whose colour is within tol of rgb. */
function countColor(img, rect, rgb, tol = 8) {
  let n = 0;
  for (let y = Math.max(0, rect.y); y < Math.min(img.h, rect.y + rect.h); y++)
    for (let x = Math.max(0, rect.x); x < Math.min(img.w, rect.x + rect.w); x++) {
      const p = img.px(x, y);
      if (Math.abs(p[0] - rgb[0]) <= tol && Math.abs(p[1] - rgb[1]) <= tol && Math.abs(p[2] - rgb[2]) <= tol) n++;
    }
  return n;
}

module.exports = {Browser, decodePng, countColor};
