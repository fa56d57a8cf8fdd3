/* app.js — the web edition's page: the scenario editor (errors at their line and column while
 * typing), the view drawn from the module's display list (canvas.js), the models, parameters,
 * navigation, playhead, themes, lecture mode, FR/EN, downloads, and the whole state in the URL's
 * fragment so that a link shows exactly the same view. Everything lives under one root element. */
'use strict';

const SchedlabApp = (() => {
  const MODELS = ['sequential', 'processes', 'threads', 'coroutines'];
  const VIEWS = ['timeline', 'course', 'compare', 'sweep'];
  const SWEEP_COUNTS = '10,100,1000,10000,100000';   /* as the window's sweep */
  const PLAY_MS = 8000;   /* a whole run plays in 8 s */

  const TEXT = {
    en: {scenario: 'Scenario', view: 'View', timeline: 'timeline', course: 'course', compare: 'compare',
      sweep: 'sweep', theme: 'Theme', light: 'light', dark: 'dark', contrast: 'contrast', lang: 'Language',
      lecture: 'lecture', link: 'link', cores: 'cores', timeslice: 'timeslice', count: 'count',
      latency: 'latency ×', notes: 'notes', cstyle: 'compare as', fit: 'fit', edited: '(edited)',
      copied: 'link copied', sweeping: 'sweeping…', m0: 'sequential', m1: 'processes', m2: 'threads',
      m3: 'coroutines', norepeat: 'the sweep needs a "repeat N" statement'},
    fr: {scenario: 'Scénario', view: 'Vue', timeline: 'chronologie', course: 'cours', compare: 'comparaison',
      sweep: 'balayage', theme: 'Thème', light: 'clair', dark: 'sombre', contrast: 'contraste', lang: 'Langue',
      lecture: 'cours magistral', link: 'lien', cores: 'cœurs', timeslice: 'quantum', count: 'nombre',
      latency: 'latence ×', notes: 'annotations', cstyle: 'comparer en', fit: 'ajuster', edited: '(modifié)',
      copied: 'lien copié', sweeping: 'balayage…', m0: 'séquentiel', m1: 'processus', m2: 'threads',
      m3: 'coroutines', norepeat: 'le balayage demande une instruction « repeat N »'},
  };

  /* ---- The URL fragment: s= the scenario (base64url of UTF-8), then the knobs and the view ---- */

  function b64encode(s) {
    const bytes = new TextEncoder().encode(s);
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function b64decode(s) {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder().decode(Uint8Array.from(bin, c => c.charCodeAt(0)));
  }

  const KEYS = {name: 'n', model: 'm', cores: 'c', timeslice: 'ts', gil: 'g', count: 'r', latency: 'l', view: 'v',
    theme: 'th', lang: 'lg', lecture: 'lec', notes: 'no', cstyle: 'cs', t0: 't0', t1: 't1', ph: 'ph', sel: 'sel',
    msgs: 'mg', legend: 'lgd'};
  const NUMERIC = ['view', 'theme', 'lang', 'cstyle', 't0', 't1', 'ph', 'sel'];
  const BOOLEAN = ['lecture', 'notes', 'msgs', 'legend'];

  function toFragment(st) {
    const p = new URLSearchParams();
    p.set('s', b64encode(st.text));
    for (const [k, short] of Object.entries(KEYS)) {
      const v = st[k];
      if (v === null || v === '' || v === undefined) continue;
      p.set(short, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
    }
    for (const e of st.extra) p.append('x', e);
    return '#' + p.toString();
  }

  function fromFragment(hash, st) {
    if (!hash || hash.length < 2) return false;
    const p = new URLSearchParams(hash.slice(1));
    if (!p.has('s')) return false;
    try { st.text = b64decode(p.get('s')); } catch (e) { return false; }
    for (const [k, short] of Object.entries(KEYS)) {
      if (!p.has(short)) continue;
      const v = p.get(short);
      st[k] = NUMERIC.includes(k) ? Number(v) : BOOLEAN.includes(k) ? v === '1' : v;
    }
    st.extra = p.getAll('x');
    return true;
  }

  /* ---- One app on one root element ---------------------------------------------------------- */

  function App(root, M) {
    const $ = id => root.querySelector(`[data-id="${id}"]`);
    const el = {};
    ['menu', 'models', 'view', 'theme', 'lang', 'lecture', 'png', 'svg', 'link', 'cores', 'timeslice', 'gil',
      'count', 'latency', 'notes', 'cstyle', 'paramerr', 'gutter', 'text', 'error', 'viewbox', 'canvas', 'fit',
      'back', 'play', 'fwd', 'scrub', 'time', 'status'].forEach(id => { el[id] = $(id); });
    const g = el.canvas.getContext('2d');
    const w = M._web_new();
    const layout = SchedlabCanvas.layout(M);
    M.measureText = SchedlabCanvas.measurer(M);
    const st = {text: '', name: '', model: '', cores: '', timeslice: '', gil: '', count: '', latency: '', view: 0,
      theme: 0, lang: 0, lecture: false, notes: false, cstyle: 0, t0: null, t1: null, ph: null, sel: -1, extra: [],
      msgs: true, legend: true};
    let size = {w: 1, h: 1}, ok = false, parseErr = '', runErr = '', hover = null, drag = null, playing = false;
    let sweepJob = 0, urlTimer = 0, parseTimer = 0, worker = null, lastFrame = 0;

    /* Strings in and out of the module. */
    function withStr(s, f) {
      const n = M.lengthBytesUTF8(s) + 1, p = M._malloc(n);
      M.stringToUTF8(s, p, n);
      try { return f(p); } finally { M._free(p); }
    }
    const str = p => M.UTF8ToString(p);
    const tr = k => (TEXT[st.lang ? 'fr' : 'en'][k] || k);

    /* ---- Scenario, parameters, run ---- */

    function sets() {
      const out = st.extra.slice();
      if (st.model) out.push('model=' + st.model);
      if (st.cores) out.push('cores=' + st.cores);
      if (st.timeslice) out.push('timeslice=' + st.timeslice);
      if (st.gil) out.push('gil=' + st.gil);
      if (st.count && M._web_repeat(w) > 0) out.push('repeat=' + st.count);
      if (st.latency) out.push('latency.scale=' + st.latency);
      return out.join('\n');
    }

    function showParseError(msg) {
      parseErr = msg;
      const line = msg ? M._web_error_line(w) : 0;
      el.error.textContent = msg;
      const n = Math.max(1, st.text.split('\n').length);
      let html = '';
      for (let i = 1; i <= n; i++) html += i === line ? `<span class="bad">${i}</span>\n` : `${i}\n`;
      el.gutter.innerHTML = html;
      el.gutter.scrollTop = el.text.scrollTop;
    }

    /* Parses the editor's text; a good scenario runs at once, a bad one keeps the last run shown. */
    function parse(keepWindow) {
      const good = withStr(st.text, p => M._web_parse(w, p));
      showParseError(good ? '' : str(M._web_error(w)));
      if (good) simulate(keepWindow);
      else status();
    }

    function simulate(keepWindow) {
      const good = withStr(sets(), p => M._web_simulate(w, p));
      runErr = good ? '' : str(M._web_error(w));
      el.paramerr.textContent = runErr;
      if (!good) { status(); return; }
      ok = true;
      M._web_set_selected(w, st.sel);
      fillParams();
      sweepJob++;   /* a running sweep is for the old run */
      showView(keepWindow);
    }

    function fillParams() {
      el.cores.placeholder = M._web_cores(w);
      el.timeslice.placeholder = fmtDur(M._web_timeslice(w));
      el.gil.options[0].textContent = M._web_gil(w) ? '(on)' : '(off)';
      const rep = M._web_repeat(w);
      el.count.disabled = rep === 0;
      el.count.placeholder = rep || '—';
      el.latency.placeholder = M._web_latency_scale(w);
      const m = M._web_model(w);
      [...el.models.children].forEach((b, i) => b.setAttribute('aria-pressed', String(i === m)));
    }

    /* ---- The view ---- */

    function showView(keepWindow) {
      const t0 = keepWindow ? M._web_t0(w) : null, t1 = keepWindow ? M._web_t1(w) : null;
      /* Lecture mode as the window's: 1.6 x larger, the high-contrast theme, no legend. */
      M._web_set_opts(w, st.lecture ? 2 : st.theme, st.lang, st.lecture ? 1.6 : 1, st.notes ? 1 : 0, st.cstyle,
        st.msgs ? 1 : 0, st.legend && !st.lecture ? 1 : 0);
      if (!M._web_set_view(w, st.view, size.w, size.h)) {
        el.paramerr.textContent = str(M._web_error(w));
        st.view = 0;
        el.view.value = '0';
      }
      if (st.t0 !== null && st.t1 !== null) {   /* from the link */
        M._web_set_window(w, st.t0, st.t1);
        st.t0 = st.t1 = null;
      } else if (keepWindow && t1 > t0) {
        M._web_set_window(w, t0, t1);
      } else {
        M._web_fit(w);
      }
      if (st.view === 3 && !M._web_has_sweep(w)) sweep();
      render();
    }

    function resize() {
      const r = el.viewbox.getBoundingClientRect();
      const nw = Math.max(1, Math.floor(r.width)), nh = Math.max(1, Math.floor(r.height));
      if (nw === size.w && nh === size.h) return;
      const dpr = window.devicePixelRatio || 1;
      size = {w: nw, h: nh};
      el.canvas.width = Math.round(nw * dpr);
      el.canvas.height = Math.round(nh * dpr);
      el.canvas.style.width = nw + 'px';
      el.canvas.style.height = nh + 'px';
      if (ok) showView(true);
    }

    function render() {
      if (!ok) return;
      M._web_set_playhead(w, st.ph !== null ? 1 : 0, st.ph !== null ? st.ph : 0);
      M._web_set_hover(w, hover ? 1 : 0, hover ? hover.x : 0, hover ? hover.y : 0);
      M._web_frame(w);
      if (hover && M._web_hit(w, hover.x, hover.y)) M._web_tooltip(w, hover.x, hover.y);
      const dpr = el.canvas.width / size.w;
      g.setTransform(dpr, 0, 0, dpr, 0, 0);
      const p = M._web_dl_data(w), n = M._web_dl_len(w);
      SchedlabCanvas.draw(g, layout, M.HEAPU8.subarray(p, p + n), size.w, size.h, M._web_dl_bg(w) >>> 0);
      status();
      saveUrl();
    }

    function fmtDur(ns) {
      if (!(ns >= 0)) return '';
      const u = [[1e9, 's'], [1e6, 'ms'], [1e3, 'us'], [1, 'ns']].find(([d]) => ns >= d) || [1, 'ns'];
      return `${+(ns / u[0]).toPrecision(4)}${u[1]}`;
    }

    /* The page's state for people (the time) and for tests (the status line, the title). */
    function status() {
      const end = ok ? M._web_end(w) : 0;
      el.time.textContent = st.ph !== null ? `${fmtDur(st.ph)} / ${fmtDur(end)}` : fmtDur(end);
      el.scrub.value = st.ph !== null && end > 0 ? Math.round(1000 * st.ph / end) : 1000;
      el.play.textContent = playing ? '⏸' : '▶';
      const err = parseErr || runErr;
      const fields = ok ? [`view=${VIEWS[st.view]}`, `model=${MODELS[M._web_model(w)]}`,
        `makespan_ns=${M._web_makespan(w)}`, `t0=${Math.round(M._web_t0(w))}`, `t1=${Math.round(M._web_t1(w))}`,
        `playhead=${st.ph !== null ? Math.round(st.ph) : 'off'}`, `selected=${st.sel}`, `theme=${st.theme}`,
        `lang=${st.lang ? 'fr' : 'en'}`, `sweep=${M._web_has_sweep(w) ? 'done' : 'none'}`] : [];
      el.status.textContent = [err ? 'error' : ok ? 'ok' : 'loading', ...fields].join(' ') + (err ? ` | ${err}` : '');
      const title = ok ? str(M._web_title(w)) : '';
      if (ownsUrl()) document.title = ['schedlab', title || st.name, ok ? tr('m' + M._web_model(w)) : ''].filter(Boolean).join(' — ');
    }

    function saveUrl() {
      clearTimeout(urlTimer);
      urlTimer = setTimeout(() => {
        if (!ok || !ownsUrl()) return;
        const s = Object.assign({}, st, {t0: Math.round(M._web_t0(w)), t1: Math.round(M._web_t1(w)),
          ph: st.ph !== null ? Math.round(st.ph) : null, sel: st.sel >= 0 ? st.sel : null});
        try { history.replaceState(null, '', toFragment(s)); } catch (e) { /* sandboxed frames */ }
      }, 150);
    }

    /* ---- The sweep: in a Web Worker made of this same module, else here ---- */

    function workerMain() {
      self.onmessage = e => {
        SchedlabWasm().then(M => {
          const put = s => { const n = M.lengthBytesUTF8(s) + 1, p = M._malloc(n); M.stringToUTF8(s, p, n); return p; };
          const w = M._web_new(), d = e.data;
          let good = M._web_parse(w, put(d.text)) && M._web_simulate(w, put(d.sets)) && M._web_sweep(w, put(d.counts));
          if (!good) { self.postMessage({job: d.job, error: M.UTF8ToString(M._web_error(w))}); return; }
          const lp = M._malloc(4), p = M._web_sweep_bytes(w, lp), n = M.HEAP32[lp >> 2];
          self.postMessage({job: d.job, bytes: M.HEAPU8.slice(p, p + n)});
        });
      };
    }

    function sweepDone(job, msg) {
      if (job !== sweepJob) return;
      if (msg.error) {
        el.paramerr.textContent = msg.error;
      } else {
        const p = M._malloc(msg.bytes.length);
        M.HEAPU8.set(msg.bytes, p);
        M._web_sweep_load(w, p, msg.bytes.length);
        M._free(p);
        root.dataset.sweptIn = 'worker';
      }
      render();
    }

    function sweep() {
      const job = ++sweepJob;
      if (M._web_repeat(w) === 0) { el.paramerr.textContent = tr('norepeat'); return; }
      const req = {job, text: st.text, sets: sets(), counts: SWEEP_COUNTS};
      try {
        if (!worker) {
          /* The factory's source is the whole module, wasm included; _scriptDir lives in the
           * closure around it (MODULARIZE) and means nothing in a worker. */
          const src = `var _scriptDir;\nvar SchedlabWasm = (${SchedlabWasm.toString()});\n(${workerMain.toString()})();`;
          worker = new Worker(URL.createObjectURL(new Blob([src], {type: 'text/javascript'})));
          worker.onmessage = e => sweepDone(e.data.job, e.data);
          worker.onerror = e => { e.preventDefault(); worker = null; sweepHere(sweepJob); };
        }
        worker.postMessage(req);
      } catch (e) {
        worker = null;
        sweepHere(job);
      }
    }

    /* No worker (a sandbox, a failure): on this thread, after the "sweeping" frame shows. */
    function sweepHere(job) {
      setTimeout(() => {
        if (job !== sweepJob) return;
        const good = withStr(SWEEP_COUNTS, p => M._web_sweep(w, p));
        root.dataset.sweptIn = 'page';
        if (good) render();
        else sweepDone(job, {error: str(M._web_error(w))});
      }, 30);
    }

    /* ---- Playhead ---- */

    function setPlayhead(t) {
      const end = M._web_end(w);
      st.ph = t === null ? null : Math.max(0, Math.min(end, t));
      render();
    }

    function step(dir) {
      stop();
      const end = M._web_end(w);
      let t = st.ph === null ? (dir > 0 ? 0 : end) : st.ph;
      const n = dir > 0 ? M._web_next_event(w, t) : M._web_prev_event(w, t);
      if (n >= 0) t = n;
      else if (dir < 0) t = 0;
      setPlayhead(t);
    }

    function stop() { playing = false; status(); }

    function play() {
      if (playing) { stop(); return; }
      const end = M._web_end(w);
      if (st.ph === null || st.ph >= end) st.ph = 0;
      playing = true;
      lastFrame = performance.now();
      const tick = now => {
        if (!playing) return;
        const e = M._web_end(w);
        st.ph = Math.min(e, st.ph + (now - lastFrame) * e / PLAY_MS);
        lastFrame = now;
        if (st.ph >= e) playing = false;
        render();
        if (playing) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      status();
    }

    /* ---- Pointer and keys ---- */

    function pos(e) {
      const r = el.canvas.getBoundingClientRect();
      return {x: e.clientX - r.left, y: e.clientY - r.top};
    }

    el.canvas.addEventListener('pointerdown', e => {
      const p = pos(e);
      drag = {x: p.x, y: p.y, moved: false};
      el.canvas.setPointerCapture(e.pointerId);
      el.canvas.focus();
    });
    el.canvas.addEventListener('pointermove', e => {
      const p = pos(e);
      if (drag) {
        const dx = p.x - drag.x, dy = p.y - drag.y;
        if (!drag.moved && Math.hypot(dx, dy) < 3) return;
        drag.moved = true;
        el.canvas.classList.add('dragging');
        M._web_pan(w, dx, dy);
        drag.x = p.x;
        drag.y = p.y;
        hover = null;
      } else {
        hover = p;
      }
      render();
    });
    el.canvas.addEventListener('pointerup', e => {
      const p = pos(e), click = drag && !drag.moved;
      drag = null;
      el.canvas.classList.remove('dragging');
      if (!click || !ok) return;
      const where = M._web_hit(w, p.x, p.y) ? 0 : M._web_click(w, p.x, p.y);
      if (where === 2) {   /* the time axis: the playhead goes there */
        stop();
        setPlayhead(M._web_time_at(w, p.x, p.y));
        return;
      }
      if (where === 0) {   /* select the request under the pointer, or clear */
        const req = M._web_hit(w, p.x, p.y) ? M._web_hit_req(w) : -1;
        st.sel = req === st.sel ? -1 : req;
        M._web_set_selected(w, st.sel);
      }
      render();
    });
    el.canvas.addEventListener('pointerleave', () => { if (!drag) { hover = null; render(); } });
    el.canvas.addEventListener('wheel', e => {
      if (!ok) return;
      e.preventDefault();
      const p = pos(e), d = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      if (e.shiftKey) M._web_pan(w, -d, 0);
      else M._web_zoom(w, p.x, p.y, Math.exp(-d * 0.002));
      render();
    }, {passive: false});

    function zoomCentre(f) {
      M._web_zoom(w, size.w / 2, size.h / 2, f);
      render();
    }

    /* A duration as the scenario language writes it, exactly: 2ms, 500us, 1250ns. */
    function exactDur(ns) {
      ns = Math.max(1, Math.round(ns));
      return ns % 1e6 === 0 ? `${ns / 1e6}ms` : ns % 1e3 === 0 ? `${ns / 1e3}us` : `${ns}ns`;
    }

    /* The window's parameter keys: k/K cores, [/] timeslice, n/N count, ,/. latency, g GIL. */
    function knob(k) {
      const cores = Number(st.cores) || M._web_cores(w), rep = Number(st.count) || M._web_repeat(w);
      const lat = Number(st.latency) || M._web_latency_scale(w);
      if (k === 'k' || k === 'K') st.cores = String(Math.max(1, cores + (k === 'K' ? 1 : -1)));
      else if (k === '[' || k === ']') st.timeslice = exactDur(M._web_timeslice(w) * (k === ']' ? 2 : 0.5));
      else if ((k === 'n' || k === 'N') && rep > 0) st.count = String(Math.max(1, Math.round(rep * (k === 'N' ? 2 : 0.5))));
      else if (k === ',' || k === '.') st.latency = String(lat * (k === '.' ? 2 : 0.5));
      else if (k === 'g') st.gil = M._web_gil(w) ? 'off' : 'on';
      else return false;
      for (const f of ['cores', 'timeslice', 'gil', 'count', 'latency']) el[f].value = st[f] || '';
      simulate(k !== 'n' && k !== 'N');
      return true;
    }

    /* A view from the keys: the same key again goes back to the timeline, as in the window. */
    function toggleView(v) {
      st.view = st.view === v ? 0 : v;
      el.view.value = String(st.view);
      showView(true);
    }

    /* The window's keys (README "Keys"), where they make sense in a page. */
    root.addEventListener('keydown', e => {
      if (e.target === el.text || e.target.tagName === 'INPUT' || e.target.tagName === 'SELECT' || !ok) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const k = e.key;
      if (k >= '1' && k <= '4') setModel(Number(k) - 1);
      else if (k === ' ') play();
      else if (k === 'ArrowRight' || k === 'ArrowLeft') {
        const dir = k === 'ArrowRight' ? 1 : -1;
        if (st.ph !== null && !playing) step(dir);   /* with the playhead paused: event to event */
        else { M._web_pan(w, -dir * size.w / 10, 0); render(); }
      } else if (k === 'ArrowUp' || k === 'ArrowDown') { M._web_pan(w, 0, (k === 'ArrowUp' ? 1 : -1) * 40); render(); }
      else if (k === '+' || k === '=') zoomCentre(1.5);
      else if (k === '-') zoomCentre(1 / 1.5);
      else if (k === '0') { M._web_fit(w); render(); }
      else if (k === 'v') toggleView(1);
      else if (k === 'c') toggleView(2);
      else if (k === 'p') toggleView(3);
      else if (k === 'x') { el.notes.checked = !el.notes.checked; st.notes = el.notes.checked; showView(true); }
      else if (k === 'm') { st.msgs = !st.msgs; showView(true); }
      else if (k === 'l') { st.legend = !st.legend; showView(true); }
      else if (k === 'L') { el.lecture.checked = !el.lecture.checked; setLecture(); }
      else if (k === 't') { st.theme = (st.theme + 1) % 3; syncControls(); showView(true); }
      else if (k === 'i') { st.lang = 1 - st.lang; syncControls(); showView(true); }
      else if (k === 'Escape') {
        if (st.sel >= 0) { st.sel = -1; M._web_set_selected(w, -1); render(); }
        else if (st.ph !== null) { st.ph = null; stop(); render(); }
        else if (st.view >= 2) toggleView(st.view);
      } else if (!knob(k)) return;
      e.preventDefault();
    });

    /* ---- Controls ---- */

    function setModel(i) {
      st.model = MODELS[i];
      simulate(true);
    }

    function setLecture() {
      st.lecture = el.lecture.checked;
      root.classList.toggle('lecture', st.lecture);
      root.dataset.theme = st.lecture ? 'contrast' : ['light', 'dark', 'contrast'][st.theme];
      try {   /* full screen, when the browser lets the page (a key or a click is a user's gesture) */
        if (st.lecture && !document.fullscreenElement && root.requestFullscreen) root.requestFullscreen().catch(() => {});
        else if (!st.lecture && document.fullscreenElement === root) document.exitFullscreen().catch(() => {});
      } catch (err) { /* not allowed here (an iframe without allow="fullscreen") */ }
      size = {w: 0, h: 0};
      resize();
    }

    function labels() {
      root.querySelectorAll('[data-t]').forEach(n => { n.textContent = tr(n.dataset.t); });
      [...el.models.children].forEach((b, i) => { b.textContent = `${i + 1} ${tr('m' + i)}`; });
    }

    function download(name, blob) {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = name;
      document.body.appendChild(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }

    function baseName() {
      return (st.name || 'schedlab').replace(/\.scn$/, '') + '-' + VIEWS[st.view];
    }

    MODELS.forEach((m, i) => {
      const b = document.createElement('button');
      b.title = String(i + 1);
      b.addEventListener('click', () => setModel(i));
      el.models.appendChild(b);
    });
    el.text.addEventListener('input', () => {
      st.text = el.text.value;
      el.menu.value = '';   /* no longer the shipped file */
      showParseError(parseErr);
      clearTimeout(parseTimer);
      parseTimer = setTimeout(() => parse(true), 120);
    });
    el.text.addEventListener('scroll', () => { el.gutter.scrollTop = el.text.scrollTop; });
    el.menu.addEventListener('change', () => {
      const name = el.menu.value;
      if (!(name in scenarios())) return;
      load(name, scenarios()[name]);
    });
    el.view.addEventListener('change', () => { st.view = Number(el.view.value); showView(true); });
    el.theme.addEventListener('change', () => {
      st.theme = Number(el.theme.value);
      root.dataset.theme = ['light', 'dark', 'contrast'][st.theme];
      showView(true);
    });
    el.lang.addEventListener('change', () => { st.lang = Number(el.lang.value); labels(); showView(true); });
    el.lecture.addEventListener('change', setLecture);
    el.notes.addEventListener('change', () => { st.notes = el.notes.checked; showView(true); });
    el.cstyle.addEventListener('change', () => { st.cstyle = Number(el.cstyle.value); showView(false); });
    for (const k of ['cores', 'timeslice', 'gil', 'count', 'latency'])
      el[k].addEventListener('change', () => { st[k] = el[k].value.trim(); simulate(k !== 'count'); });
    el.fit.addEventListener('click', () => { M._web_fit(w); render(); });
    el.back.addEventListener('click', () => step(-1));
    el.fwd.addEventListener('click', () => step(1));
    el.play.addEventListener('click', play);
    el.scrub.addEventListener('input', () => {
      stop();
      const v = Number(el.scrub.value);
      setPlayhead(v >= 1000 ? null : v / 1000 * M._web_end(w));
    });
    el.png.addEventListener('click', () => el.canvas.toBlob(b => download(baseName() + '.png', b), 'image/png'));
    el.svg.addEventListener('click', () => download(baseName() + '.svg', new Blob([str(M._web_svg(w))], {type: 'image/svg+xml'})));
    el.link.addEventListener('click', () => {
      saveUrl();
      setTimeout(() => {
        if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(() => {});
        el.paramerr.textContent = tr('copied');
      }, 200);
    });
    window.addEventListener('hashchange', () => {
      const s = Object.assign({}, st, {extra: []});
      if (fromFragment(location.hash, s) && toFragment(s) !== toFragment(st)) restore(s);
    });

    /* Only the page itself keeps its state in the URL (not a copy inside a notebook cell). */
    function ownsUrl() { return document.body.classList.contains('schedlab-page'); }

    function scenarios() { return (typeof SCHEDLAB_SCENARIOS === 'object' && SCHEDLAB_SCENARIOS) || {}; }

    function fillMenu() {
      const names = Object.keys(scenarios());
      el.menu.innerHTML = '';
      const add = (v, t) => { const o = document.createElement('option'); o.value = v; o.textContent = t; el.menu.appendChild(o); };
      add('', tr('edited'));
      names.forEach(n => add(n, n));
      el.menu.value = names.includes(st.name) ? st.name : '';
    }

    /* A scenario from the menu: its own settings, the view fitted. */
    function load(name, text) {
      Object.assign(st, {text, name, model: '', cores: '', timeslice: '', gil: '', count: '', latency: '',
        ph: null, sel: -1, extra: [], t0: null, t1: null});
      syncControls();
      parse(false);
    }

    function syncControls() {
      el.text.value = st.text;
      for (const k of ['cores', 'timeslice', 'gil', 'count', 'latency']) el[k].value = st[k] || '';
      el.view.value = String(st.view);
      el.theme.value = String(st.theme);
      root.dataset.theme = st.lecture ? 'contrast' : ['light', 'dark', 'contrast'][st.theme] || 'light';
      el.lang.value = String(st.lang);
      el.lecture.checked = !!st.lecture;
      root.classList.toggle('lecture', !!st.lecture);
      el.notes.checked = !!st.notes;
      el.cstyle.value = String(st.cstyle);
      el.menu.value = st.name in scenarios() && scenarios()[st.name] === st.text ? st.name : '';
      labels();
    }

    function restore(s) {
      Object.assign(st, s);
      syncControls();
      size = {w: 0, h: 0};
      resize();
      parse(false);
    }

    /* The scenario to start with: the link's, the embedded one (schedlab export --format html),
     * else the first of the menu. */
    function start(embed) {
      fillMenu();
      const s = Object.assign({}, st);
      if (ownsUrl() && fromFragment(location.hash, s)) {
        restore(s);
      } else if (embed && embed.text) {
        s.text = embed.text;
        s.name = embed.name || '';
        for (const kv of embed.sets || []) {
          const m = /^model=(.*)$/.exec(kv);
          if (m) s.model = m[1];
          else s.extra.push(kv);
        }
        restore(s);
      } else {
        const names = Object.keys(scenarios());
        Object.assign(st, {text: names.length ? scenarios()[names[0]] : '', name: names[0] || ''});
        restore(Object.assign({}, st));
      }
      new ResizeObserver(resize).observe(el.viewbox);
    }

    return {start, state: st, module: M, handle: w};
  }

  /* Mounts every .schedlab-app not yet mounted (a page, or each notebook cell's copy). */
  function mountAll() {
    const roots = [...document.querySelectorAll('.schedlab-app:not([data-mounted])')];
    return Promise.all(roots.map(root => {
      root.dataset.mounted = '1';
      return SchedlabWasm().then(M => {
        const app = App(root, M);
        root.schedlab = app;
        app.start(typeof SCHEDLAB_EMBED === 'object' ? SCHEDLAB_EMBED : null);
        return app;
      });
    }));
  }

  return {mountAll, toFragment, fromFragment};
})();
