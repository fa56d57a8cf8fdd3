/* browser_test.js — the web edition in a real browser (headless Chromium over the DevTools pipe):
 * loads the page, types a scenario (an error first: it must show at its line and column), switches
 * model and view, zooms, pans, steps back, selects, changes theme and language, reopens the page
 * from its own link, runs the sweep, then opens the single-file export from file://. It checks the
 * page's status line and title against the native program, and pixels of screenshots where bars
 * must (and must not) be. Screenshots go to OUT_DIR for people to look at.
 * Usage: node browser_test.js CHROMIUM SITE_URL SCHEDLAB OUT_DIR */
'use strict';
const {execFileSync} = require('child_process');
const fs = require('fs');
const path = require('path');
const {Browser, countColor} = require('./cdp.js');

const [chromium, siteUrl, schedlab, outDir] = process.argv.slice(2);
const W = 1280, H = 720;
const RED = [255, 0, 0], BLUE = [0, 0, 255];

/* The analytic two-page case of tests/test_sim.c (every cost zero): sequential 34 ms, threads 20 ms. */
const SCENARIO = `title "web test"
profile ideal
switch process=0ns thread=0ns coroutine=0ns
spawn process=0ns thread=0ns coroutine=0ns
gil off
server foo
server bar
request a color=#ff0000 : cpu 3ms ; call foo latency=4ms serve=3ms ; cpu 3ms
request b color=#0000ff : cpu 3ms ; call bar latency=4ms serve=3ms ; cpu 3ms
`;
const BAD = SCENARIO.replace('cpu 3ms ; call foo', 'cpu 3ms ;; call foo');

let failures = 0, checks = 0;
function check(ok, what) {
  checks++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

function native(text, sets) {
  const args = ['run', '-', '--json'];
  for (const s of sets) args.push('--set', s);
  return JSON.parse(execFileSync(schedlab, args, {input: text}).toString());
}

/* The status line as an object: ok/error first, then key=value fields. */
async function status(p) {
  const s = await p.eval(`document.querySelector('.schedlab-app [data-id=status]').textContent`);
  const o = {state: s.split(' ')[0], text: s};
  for (const m of s.matchAll(/(\w+)=(\S+)/g)) o[m[1]] = m[2];
  return o;
}

const q = sel => `document.querySelector('.schedlab-app ${sel}')`;
const waitStatus = (p, cond, what, ms) => p.until(`(() => { const s = ${q('[data-id=status]')}.textContent; return ${cond}; })()`, ms, what);

async function rectOf(p, sel) {
  return p.eval(`(() => { const r = ${q(sel)}.getBoundingClientRect(); return {x: Math.round(r.left), y: Math.round(r.top), w: Math.round(r.width), h: Math.round(r.height)}; })()`);
}

async function select(p, id, value) {
  await p.eval(`(() => { const e = ${q(`[data-id=${id}]`)}; e.value = '${value}'; e.dispatchEvent(new Event('change')); })()`);
}

async function typeScenario(p, text) {
  await p.eval(`(() => { const t = ${q('[data-id=text]')}; t.focus(); t.select(); })()`);
  await p.type(text);
}

async function shot(p, name) {
  const file = path.join(outDir, name);
  const img = await p.screenshot(file);
  return img;
}

async function pageTest(b) {
  const p = await b.open(siteUrl, W, H);
  await waitStatus(p, `s.startsWith('ok')`, 'the page to load and run its first scenario', 20000);
  check(true, 'the page loads and shows its first scenario');
  const menu = await p.eval(`[...${q('[data-id=menu]')}.options].map(o => o.value).filter(Boolean).length`);
  check(menu === fs.readdirSync(path.join(__dirname, '..', '..', 'scenarios')).filter(f => f.endsWith('.scn')).length,
    `the menu lists the ${menu} shipped scenarios`);

  /* An error while typing: shown at its line and column, the last good run kept. */
  await typeScenario(p, BAD);
  await waitStatus(p, `s.startsWith('error')`, 'the parse error');
  const err = await p.eval(`${q('[data-id=error]')}.textContent`);
  const bad = await p.eval(`${q('[data-id=gutter]')}.querySelector('.bad') ? ${q('[data-id=gutter]')}.querySelector('.bad').textContent : ''`);
  check(/^8:\d+: error: /.test(err) && bad === '8', `a typing error shows at its line and column: "${err}", gutter line ${bad}`);

  await typeScenario(p, SCENARIO);
  await waitStatus(p, `s.startsWith('ok') && s.includes('makespan_ns=34000000')`, 'the typed scenario to run');
  const seq = native(SCENARIO, ['model=sequential']);
  let st = await status(p);
  check(st.model === 'sequential' && Number(st.makespan_ns) === seq.makespan_ns,
    `typed scenario, sequential: page ${st.makespan_ns} ns, native ${seq.makespan_ns} ns, by hand 34000000 ns`);
  check((await p.eval('document.title')).includes('web test'), `the title names the scenario: ${await p.eval('document.title')}`);
  const view = await rectOf(p, '[data-id=viewbox]');
  let img = await shot(p, 'web-1-timeline-sequential.png');
  const redSeq = countColor(img, view, RED), blueSeq = countColor(img, view, BLUE);
  check(redSeq > 500 && blueSeq > 500, `timeline: request a's red bars (${redSeq} px) and b's blue bars (${blueSeq} px) show`);

  /* Model 3 from the keyboard. */
  await p.eval(`${q('[data-id=canvas]')}.focus()`);
  await p.key('3', 'Digit3', '3');
  await waitStatus(p, `s.includes('model=threads')`, 'model threads');
  st = await status(p);
  const thr = native(SCENARIO, ['model=threads']);
  check(Number(st.makespan_ns) === thr.makespan_ns && thr.makespan_ns === 20000000,
    `key 3: threads, page ${st.makespan_ns} ns, native ${thr.makespan_ns} ns, by hand 20000000 ns`);
  await p.key('0', 'Digit0', '0');

  /* The window's parameter keys: K one core more (threads in parallel: 17 ms by hand), k back. */
  await p.key('K', 'KeyK', 'K');
  await waitStatus(p, `!s.includes('makespan_ns=20000000')`, 'two cores');
  st = await status(p);
  const two = native(SCENARIO, ['model=threads', 'cores=2']);
  check(Number(st.makespan_ns) === two.makespan_ns && two.makespan_ns === 17000000,
    `key K: two cores, page ${st.makespan_ns} ns, native ${two.makespan_ns} ns, by hand 17000000 ns`);
  await p.key('k', 'KeyK', 'k');
  await waitStatus(p, `s.includes('makespan_ns=20000000')`, 'one core again');

  /* Zoom with the wheel, pan by dragging. */
  const before = await status(p);
  await p.wheel(view.x + view.w / 2, view.y + view.h / 2, -600);
  await waitStatus(p, `!s.includes('t1=${before.t1} ')`, 'the zoom');
  const zoomed = await status(p);
  const span0 = before.t1 - before.t0, span1 = zoomed.t1 - zoomed.t0;
  check(span1 < span0 / 2, `the wheel zooms in: ${span0} ns across, then ${span1} ns`);
  await p.drag(view.x + view.w / 2, view.y + 150, view.x + view.w / 2 - 200, view.y + 150);
  const panned = await status(p);
  check(Number(panned.t0) > Number(zoomed.t0), `dragging left pans later: t0 ${zoomed.t0} -> ${panned.t0}`);
  await p.key('0', 'Digit0', '0');

  /* Step back from the end with the button, then with the arrow key, down to the start. */
  const back = await rectOf(p, '[data-id=back]');
  await p.click(back.x + back.w / 2, back.y + back.h / 2);
  await waitStatus(p, `!s.includes('playhead=off')`, 'the playhead');
  st = await status(p);
  const ph1 = Number(st.playhead);
  check(ph1 > 0 && ph1 < thr.makespan_ns, `step back from the end: playhead at ${ph1} ns (run ends at ${thr.makespan_ns})`);
  await p.eval(`${q('[data-id=canvas]')}.focus()`);
  await p.key('ArrowLeft');
  st = await status(p);
  check(Number(st.playhead) < ph1, `left arrow steps back again: ${ph1} -> ${st.playhead} ns`);
  img = await shot(p, 'web-2-timeline-threads-stepped-back.png');
  const redPart = countColor(img, view, RED);
  for (let i = 0; i < 40 && Number((await status(p)).playhead) > 0; i++) await p.key('ArrowLeft');
  st = await status(p);
  img = await shot(p, 'web-3-timeline-playhead-at-0.png');
  const redZero = countColor(img, view, RED);
  check(Number(st.playhead) === 0 && redZero < redSeq / 10 && redPart > redZero,
    `stepping back to 0 hides what has not happened: red ${redSeq} px (whole run), ${redPart} px, ${redZero} px at 0`);
  await p.key('Escape');

  /* Click a bar to select its request. */
  const hit = await p.eval(`(() => { const a = ${q('')}.schedlab, M = a.module, w = a.handle;
    for (let y = 0; y < ${view.h}; y += 3) for (let x = 0; x < ${view.w}; x += 3)
      if (M._web_hit(w, x, y) && M._web_hit_req(w) >= 0) return {x, y, req: M._web_hit_req(w)};
    return null; })()`);
  if (hit) {
    await p.click(view.x + hit.x, view.y + hit.y);
    st = await status(p);
    check(Number(st.selected) === hit.req, `a click on a bar selects its request (${hit.req}): selected=${st.selected}`);
    await p.click(view.x + hit.x, view.y + hit.y);
  } else {
    check(false, 'a bar to click');
  }

  /* A click on the time axis puts the playhead there (three quarters across: about 3/4 of the run). */
  await p.click(view.x + Math.round(view.w * 0.75), view.y + 12);
  st = await status(p);
  const want = Number(st.t0) + 0.75 * (Number(st.t1) - Number(st.t0));
  check(st.playhead !== 'off' && Math.abs(Number(st.playhead) - want) < 0.2 * (st.t1 - st.t0),
    `a click on the time axis moves the playhead there: ${st.playhead} ns (about ${Math.round(want)})`);
  await p.key('Escape');

  /* Hover: the layout's tooltip, drawn into the display list; play and pause. */
  if (hit) {
    await p.mouse('mouseMoved', view.x + hit.x, view.y + hit.y, {button: 'none'});
    const tip = await p.eval(`(() => { const a = ${q('')}.schedlab; return a.module._web_hit(a.handle, ${hit.x}, ${hit.y}) ? a.module.UTF8ToString(a.module._web_hit_text(a.handle)) : ''; })()`);
    await shot(p, 'web-3b-hover-tooltip.png');
    check(/request|requête/.test(tip), `hovering a bar describes it: ${JSON.stringify(tip.split('\n')[0])}...`);
    await p.mouse('mouseMoved', view.x + 5, view.y + view.h - 5, {button: 'none'});
  }
  await p.eval(`${q('[data-id=canvas]')}.focus()`);
  await p.key(' ', 'Space', ' ');
  await new Promise(r => setTimeout(r, 700));
  await p.key(' ', 'Space', ' ');
  const pa = Number((await status(p)).playhead);
  await new Promise(r => setTimeout(r, 300));
  const pb = Number((await status(p)).playhead);
  check(pa > 0 && pa < thr.makespan_ns && pa === pb, `space plays then pauses: playhead ${pa} ns, still ${pb} ns after the pause`);
  await p.key('Escape');

  /* Downloads of what shows. */
  await b.send('Browser.setDownloadBehavior', {behavior: 'allow', downloadPath: outDir});
  for (const f of ['web-test-timeline.png', 'web-test-timeline.svg']) fs.rmSync(path.join(outDir, f), {force: true});
  await p.eval(`(() => { const a = ${q('')}.schedlab; a.state.name = 'web-test'; })()`);
  for (const id of ['png', 'svg']) {
    const r = await rectOf(p, `[data-id=${id}]`);
    await p.click(r.x + r.w / 2, r.y + r.h / 2);
  }
  const svgFile = path.join(outDir, 'web-test-timeline.svg'), pngFile = path.join(outDir, 'web-test-timeline.png');
  for (let i = 0; i < 100 && !(fs.existsSync(svgFile) && fs.existsSync(pngFile)); i++) await new Promise(r => setTimeout(r, 50));
  const svgText = fs.existsSync(svgFile) ? fs.readFileSync(svgFile, 'utf8') : '';
  const pngHead = fs.existsSync(pngFile) ? fs.readFileSync(pngFile).subarray(1, 4).toString() : '';
  check(svgText.startsWith('<?xml') && svgText.includes('fill="#ff0000"') && pngHead === 'PNG',
    `PNG and SVG downloads (${svgText.length} bytes of SVG with the red bars, a ${pngHead} file)`);

  /* Lecture mode: the editor goes, the text grows. */
  await p.eval(`${q('[data-id=canvas]')}.focus()`);
  await p.key('L', 'KeyL', 'L');
  const hidden = await p.eval(`getComputedStyle(${q('.sl-editor')}).display`);
  await shot(p, 'web-3c-lecture.png');
  await p.key('L', 'KeyL', 'L');
  check(hidden === 'none', 'L: lecture mode hides the editor');

  /* Views: course, comparison (all four models). */
  await select(p, 'view', '1');
  await waitStatus(p, `s.includes('view=course')`, 'the course view');
  img = await shot(p, 'web-4-course.png');
  check(countColor(img, view, RED) > 300, `course view: red bars show (${countColor(img, view, RED)} px)`);
  await select(p, 'view', '2');
  await waitStatus(p, `s.includes('view=compare')`, 'the comparison');
  img = await shot(p, 'web-5-compare.png');
  check(countColor(img, view, RED) > 300, `comparison: red bars show (${countColor(img, view, RED)} px)`);

  /* Dark theme and French. */
  await select(p, 'theme', '1');
  await select(p, 'lang', '1');
  await select(p, 'view', '0');
  await waitStatus(p, `s.includes('theme=1') && s.includes('lang=fr') && s.includes('view=timeline')`, 'dark, French');
  img = await shot(p, 'web-6-dark-fr.png');
  const bg = img.px(view.x + view.w - 5, view.y + view.h - 60);
  const label = await p.eval(`${q('[data-id=view] option[value="0"]')}.textContent`);
  check(bg[0] < 80 && bg[1] < 80 && bg[2] < 80 && label === 'chronologie', `dark theme (plot pixel ${bg}) and French labels ("${label}")`);

  /* The link: the same view in a new tab. */
  await new Promise(r => setTimeout(r, 400));
  const url = await p.eval('location.href');
  const s1 = await status(p);
  const p2 = await b.open(url, W, H);
  await waitStatus(p2, `s.startsWith('ok')`, 'the page from its link');
  const s2 = await status(p2);
  const same = ['view', 'model', 'makespan_ns', 't0', 't1', 'theme', 'lang'].every(k => s1[k] === s2[k]);
  check(same && url.includes('#s='), `the link reproduces the view (${url.length} chars): ${s2.text}`);
  await shot(p2, 'web-7-from-link.png');

  /* The sweep (in a Web Worker) needs a repeat statement. */
  await typeScenario(p, 'title "sweep"\nrepeat 10 request r : cpu 1us ; io 1ms ; cpu 1us\n');
  await waitStatus(p, `s.startsWith('ok') && s.includes('makespan_ns=')`, 'the sweep scenario');
  await select(p, 'view', '3');
  await waitStatus(p, `s.includes('sweep=done')`, 'the sweep', 60000);
  const where = await p.eval(`${q('')}.dataset.sweptIn`);
  img = await shot(p, 'web-8-sweep.png');
  check(where === 'worker', `the sweep ran in a Web Worker (${where}) and draws`);
}

async function exportTest(b) {
  const file = path.join(outDir, 'web-export.scn'), page = path.join(outDir, 'web-export.html');
  fs.writeFileSync(file, SCENARIO);
  execFileSync(schedlab, ['export', file, '--format', 'html', '--model', 'coroutines', '-o', page]);
  const p = await b.open('file://' + page, 1000, 600);
  await waitStatus(p, `s.startsWith('ok')`, 'the exported page from file://', 20000);
  const st = await status(p), nat = native(SCENARIO, ['model=coroutines']);
  check(st.model === 'coroutines' && Number(st.makespan_ns) === nat.makespan_ns,
    `the single-file export opens from file://: ${st.model}, ${st.makespan_ns} ns (native ${nat.makespan_ns} ns)`);
  const view = await rectOf(p, '[data-id=viewbox]');
  const img = await shot(p, 'web-9-export-file.png');
  check(countColor(img, view, RED) > 300 && countColor(img, view, BLUE) > 300, 'the export draws both requests');
  await typeScenario(p, 'repeat 10 request r : cpu 1us ; io 1ms ; cpu 1us\n');
  await waitStatus(p, `s.startsWith('ok') && !s.includes('makespan_ns=${nat.makespan_ns}')`, 'a scenario typed into the export');
  await select(p, 'view', '3');
  await waitStatus(p, `s.includes('sweep=done')`, 'the sweep from file://', 60000);
  const where = await p.eval(`${q('')}.dataset.sweptIn`);
  check(where === 'worker', `from file:// too, the sweep runs in a Web Worker (${where})`);
  /* In a notebook cell: the page inside an <iframe srcdoc> (what docs/web.md shows). */
  const html = fs.readFileSync(page, 'utf8').replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const nb = path.join(outDir, 'web-notebook.html');
  fs.writeFileSync(nb, `<!DOCTYPE html><html><body><h1>A notebook cell</h1><iframe srcdoc="${html}" width="960" height="480"></iframe></body></html>`);
  const p2 = await b.open('file://' + nb, 1000, 600);
  await p2.until(`(() => { const f = document.querySelector('iframe').contentDocument; const s = f && f.querySelector('[data-id=status]'); return s && s.textContent.startsWith('ok'); })()`, 20000, 'the page in an iframe');
  const img2 = await shot(p2, 'web-10-iframe.png');
  check(countColor(img2, {x: 0, y: 0, w: 1000, h: 600}, RED) > 300, 'the export runs inside an <iframe srcdoc> (a notebook cell)');
  /* Written straight into a cell, as IPython.display.HTML does: innerHTML, then each script
   * element made anew so that it runs (what Jupyter does for a trusted notebook). */
  const raw = JSON.stringify(fs.readFileSync(page, 'utf8')).replace(/</g, '\\u003c');
  const cell = path.join(outDir, 'web-notebook-cell.html');
  fs.writeFileSync(cell, `<!DOCTYPE html><html><head><title>notebook</title></head><body><h1>A notebook cell</h1><div id="out"></div><script>
    const out = document.getElementById('out');
    out.innerHTML = ${raw};
    for (const s of out.querySelectorAll('script')) { const n = document.createElement('script'); n.textContent = s.textContent; s.replaceWith(n); }
    </script></body></html>`);
  const p3 = await b.open('file://' + cell, 1000, 800);
  await waitStatus(p3, `s.startsWith('ok') && s.includes('model=coroutines')`, 'the page written into a cell', 20000);
  const img3 = await shot(p3, 'web-11-cell.png');
  const title = await p3.eval('document.title'), hash = await p3.eval('location.hash');
  check(countColor(img3, {x: 0, y: 0, w: 1000, h: 800}, RED) > 300 && title === 'notebook' && hash === '',
    `the export written into a cell (IPython.display.HTML) runs and leaves the notebook's title ("${title}") and URL alone`);
}

(async () => {
  fs.mkdirSync(outDir, {recursive: true});
  const b = new Browser(chromium, W, H);
  const t0 = Date.now();
  try {
    await pageTest(b);
    await exportTest(b);
  } catch (e) {
    check(false, e.message);
    if (b.stderr) console.log(b.stderr.split('\n').filter(l => /ERROR|error/.test(l) && !/dbus/.test(l)).slice(-10).join('\n'));
  } finally {
    await b.close();
  }
  console.log(`${checks - failures} of ${checks} checks passed in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${outDir}`);
  process.exit(failures ? 1 : 0);
})();
