/* wasm_makespans.js — the WebAssembly build against the native one: the engine's analytic cases
 * (analytic.json, from tests/test_sim.c: makespans computed by hand) and every shipped scenario
 * under the four models must give the same metrics as `schedlab run --json`, field for field.
 * Usage: node wasm_makespans.js SCHEDLAB_WASM_JS NATIVE_SCHEDLAB SCENARIO_DIR */
'use strict';
const fs = require('fs');
const path = require('path');
const {execFileSync} = require('child_process');

const [wasmJs, native, scnDir] = process.argv.slice(2);
const SchedlabWasm = require(path.resolve(wasmJs));
const MODELS = ['sequential', 'processes', 'threads', 'coroutines'];

function nativeRun(text, sets) {
  const args = ['run', '-', '--json'];
  for (const s of sets) args.push('--set', s);
  return JSON.parse(execFileSync(native, args, {input: text}).toString());
}

SchedlabWasm().then(M => {
  const put = s => { const n = M.lengthBytesUTF8(s) + 1, p = M._malloc(n); M.stringToUTF8(s, p, n); return p; };
  const w = M._web_new();
  function wasmRun(text, sets) {
    if (!M._web_parse(w, put(text))) throw new Error('parse: ' + M.UTF8ToString(M._web_error(w)));
    if (!M._web_simulate(w, put(sets.join('\n')))) throw new Error('run: ' + M.UTF8ToString(M._web_error(w)));
    return JSON.parse(M.UTF8ToString(M._web_metrics_json(w)));
  }
  let failed = 0, n = 0;
  function check(name, text, sets, want) {
    n++;
    const a = wasmRun(text, sets), b = nativeRun(text, sets);
    const same = JSON.stringify(a) === JSON.stringify(b);
    const ok = same && (want === undefined || a.makespan_ns === want);
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} [${sets.join(' ')}]: wasm ${a.makespan_ns} ns, native ${b.makespan_ns} ns` +
      (want !== undefined ? `, by hand ${want} ns` : '') + (same ? '' : ' (metrics differ)'));
    if (!ok) {
      failed++;
      if (!same) console.log('  wasm   ' + JSON.stringify(a) + '\n  native ' + JSON.stringify(b));
    }
  }
  const table = JSON.parse(fs.readFileSync(path.join(__dirname, 'analytic.json'), 'utf8'));
  for (const c of table.cases) check(c.name, c.text, c.sets, c.makespan_ns);
  for (const f of fs.readdirSync(scnDir).filter(f => f.endsWith('.scn')).sort()) {
    const text = fs.readFileSync(path.join(scnDir, f), 'utf8');
    for (const m of MODELS) check(f, text, [`model=${m}`]);
  }
  /* Errors reach the page as LINE:COL: error: ... */
  n++;
  if (M._web_parse(w, put('cores 2\nrequest a : cpu 1ms ;; cpu\n')) || !/^2:\d+: error: /.test(M.UTF8ToString(M._web_error(w)))) {
    failed++;
    console.log('FAIL a parse error reads LINE:COL: error:, got: ' + M.UTF8ToString(M._web_error(w)));
  } else {
    console.log('ok   parse error: ' + M.UTF8ToString(M._web_error(w)));
  }
  console.log(`${n - failed} of ${n} checks passed`);
  process.exit(failed ? 1 : 0);
}).catch(e => { console.error(e); process.exit(1); });
