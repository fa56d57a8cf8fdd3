/* canvas.js — the display list drawn on a 2D canvas: one switch over the commands, as the SDL, PNG
 * and SVG back ends of src/render do (read src/view/dl.h for the format). The field offsets come
 * from the module (web_dl_layout, computed from dl.h); text is measured and drawn by the browser. */
'use strict';

const SchedlabCanvas = (() => {
  const FONT = 'DejaVu Sans, Verdana, sans-serif';
  const T = {RECT: 0, HATCH: 1, LINE: 2, ARROW: 3, POLY: 4, TEXT: 5, CLIP: 6};
  const NAMES = ['rect.x', 'rect.fill', 'rect.stroke', 'rect.stroke_w', 'hatch.x', 'hatch.fg', 'hatch.bg',
    'hatch.spacing', 'line.x0', 'line.width', 'line.color', 'line.dash', 'line.gap', 'arrow.x0', 'arrow.width',
    'arrow.head', 'arrow.color', 'arrow.both', 'poly.color', 'poly.n', 'poly.pts', 'text.x', 'text.size',
    'text.color', 'text.anchor', 'text.bold', 'text.vertical', 'text.len', 'text.text', 'clip.x'];

  function layout(M) {
    const p = M._web_dl_layout() >> 2, o = {};
    NAMES.forEach((n, i) => { o[n] = M.HEAP32[p + i]; });
    return o;
  }

  function css(c) {   /* 0xRRGGBBAA */
    return `rgba(${c >>> 24},${(c >>> 16) & 255},${(c >>> 8) & 255},${((c & 255) / 255).toFixed(3)})`;
  }
  const alpha = c => c & 255;

  function font(size, bold) { return `${bold ? 'bold ' : ''}${size}px ${FONT}`; }

  /* The filled head of an arrow at (x1, y1) pointing away from (x0, y0): dl_arrow_head of dl.c. */
  function arrowHead(x0, y0, x1, y1, head) {
    let dx = x1 - x0, dy = y1 - y0, len = Math.hypot(dx, dy);
    if (len < 1e-6) { dx = 1; dy = 0; len = 1; }
    dx /= len; dy /= len;
    const bx = x1 - dx * head, by = y1 - dy * head, hw = 0.4 * head;
    return [x1, y1, bx - dy * hw, by + dx * hw, bx + dy * hw, by - dx * hw];
  }

  function poly(g, pts, color) {
    g.beginPath();
    g.moveTo(pts[0], pts[1]);
    for (let i = 2; i < pts.length; i += 2) g.lineTo(pts[i], pts[i + 1]);
    g.closePath();
    g.fillStyle = css(color);
    g.fill();
  }

  function segment(g, x0, y0, x1, y1, width, color) {
    g.beginPath();
    g.moveTo(x0, y0);
    g.lineTo(x1, y1);
    g.lineWidth = width > 0 ? width : 1;
    g.strokeStyle = css(color);
    g.stroke();
  }

  /* Where the shaft meets a head: its vertex nearest the tail, projected on the shaft (svg.c). */
  function headBase(tri, x0, y0, x1, y1) {
    const dx = x1 - x0, dy = y1 - y0, d2 = dx * dx + dy * dy;
    if (d2 <= 0) return [x1, y1];
    let t = 1;
    for (let i = 0; i < 3; i++) t = Math.min(t, ((tri[2 * i] - x0) * dx + (tri[2 * i + 1] - y0) * dy) / d2);
    t = Math.max(t, 0);
    return [x0 + t * dx, y0 + t * dy];
  }

  function rect(g, v, o, b) {
    let x = v.getFloat32(b + o['rect.x'], true), y = v.getFloat32(b + o['rect.x'] + 4, true);
    let w = v.getFloat32(b + o['rect.x'] + 8, true), h = v.getFloat32(b + o['rect.x'] + 12, true);
    if (w < 0) { x += w; w = -w; }
    if (h < 0) { y += h; h = -h; }
    const fill = v.getUint32(b + o['rect.fill'], true), stroke = v.getUint32(b + o['rect.stroke'], true);
    const sw0 = v.getFloat32(b + o['rect.stroke_w'], true);
    if (alpha(fill)) { g.fillStyle = css(fill); g.fillRect(x, y, w, h); }
    if (sw0 > 0 && alpha(stroke)) {   /* the outline lies inside the rect, as in the other back ends */
      const sw = Math.min(sw0, w, h);
      g.lineWidth = sw;
      g.strokeStyle = css(stroke);
      g.strokeRect(x + sw / 2, y + sw / 2, w - sw, h - sw);
    }
  }

  function hatch(g, v, o, b) {
    let x = v.getFloat32(b + o['hatch.x'], true), y = v.getFloat32(b + o['hatch.x'] + 4, true);
    let w = v.getFloat32(b + o['hatch.x'] + 8, true), h = v.getFloat32(b + o['hatch.x'] + 12, true);
    if (w < 0) { x += w; w = -w; }
    if (h < 0) { y += h; h = -h; }
    const fg = v.getUint32(b + o['hatch.fg'], true), bg = v.getUint32(b + o['hatch.bg'], true);
    let sp = v.getFloat32(b + o['hatch.spacing'], true);
    if (!(sp > 0 && isFinite(sp))) sp = 6;
    if (alpha(bg)) { g.fillStyle = css(bg); g.fillRect(x, y, w, h); }
    if (!alpha(fg) || w <= 0 || h <= 0) return;
    /* The lines x + y = k * spacing (anchored to the canvas so adjacent bars line up). */
    g.save();
    g.beginPath();
    g.rect(x, y, w, h);
    g.clip();
    g.beginPath();
    for (let k = Math.floor((x + y) / sp); k * sp <= x + w + y + h; k++) {
      const c = k * sp;
      g.moveTo(c - y, y);
      g.lineTo(c - y - h, y + h);
    }
    g.lineWidth = 1;
    g.strokeStyle = css(fg);
    g.stroke();
    g.restore();
  }

  function line(g, v, o, b) {
    const p = b + o['line.x0'];
    const dash = v.getFloat32(b + o['line.dash'], true), gap = v.getFloat32(b + o['line.gap'], true);
    g.setLineDash(dash > 0 ? [dash, gap > 0 ? gap : dash] : []);
    segment(g, v.getFloat32(p, true), v.getFloat32(p + 4, true), v.getFloat32(p + 8, true),
      v.getFloat32(p + 12, true), v.getFloat32(b + o['line.width'], true), v.getUint32(b + o['line.color'], true));
    g.setLineDash([]);
  }

  function arrow(g, v, o, b) {
    const p = b + o['arrow.x0'];
    const x0 = v.getFloat32(p, true), y0 = v.getFloat32(p + 4, true);
    const x1 = v.getFloat32(p + 8, true), y1 = v.getFloat32(p + 12, true);
    const head = v.getFloat32(b + o['arrow.head'], true), color = v.getUint32(b + o['arrow.color'], true);
    const both = v.getUint8(b + o['arrow.both']) !== 0;
    const end = arrowHead(x0, y0, x1, y1, head), start = arrowHead(x1, y1, x0, y0, head);
    const [ex, ey] = headBase(end, x0, y0, x1, y1);
    const [sx, sy] = both ? headBase(start, x1, y1, x0, y0) : [x0, y0];
    segment(g, sx, sy, ex, ey, v.getFloat32(b + o['arrow.width'], true), color);
    if (!(head > 0)) return;
    poly(g, end, color);
    if (both) poly(g, start, color);
  }

  function polygon(g, v, o, b) {
    const n = v.getUint16(b + o['poly.n'], true);
    if (n < 3) return;
    const pts = new Array(2 * n);
    for (let i = 0; i < 2 * n; i++) pts[i] = v.getFloat32(b + o['poly.pts'] + 4 * i, true);
    poly(g, pts, v.getUint32(b + o['poly.color'], true));
  }

  const ALONG = ['left', 'center', 'right'], ACROSS = ['top', 'middle', 'bottom'];
  const decoder = new TextDecoder('utf-8');

  function text(g, v, o, b, bytes) {
    const x = v.getFloat32(b + o['text.x'], true), y = v.getFloat32(b + o['text.x'] + 4, true);
    const size = v.getFloat32(b + o['text.size'], true), color = v.getUint32(b + o['text.color'], true);
    let anchor = v.getUint8(b + o['text.anchor']);
    const bold = v.getUint8(b + o['text.bold']) !== 0, vertical = v.getUint8(b + o['text.vertical']) !== 0;
    const len = v.getUint16(b + o['text.len'], true), at = b + o['text.text'];
    const s = decoder.decode(bytes.subarray(at, at + len));
    if (anchor > 8) anchor = 0;
    const col = anchor % 3, row = Math.floor(anchor / 3);
    g.font = font(size, bold);
    g.fillStyle = css(color);
    if (vertical) {   /* reads bottom to top: the text's start is the box's bottom, its top the box's left */
      g.save();
      g.translate(x, y);
      g.rotate(-Math.PI / 2);
      g.textAlign = ALONG[2 - row];
      g.textBaseline = ACROSS[col];
      g.fillText(s, 0, 0);
      g.restore();
      return;
    }
    g.textAlign = ALONG[col];
    g.textBaseline = ACROSS[row];
    g.fillText(s, x, y);
  }

  function clip(g, v, o, b, state) {
    if (state.clipped) { g.restore(); state.clipped = false; }
    const p = b + o['clip.x'], w = v.getFloat32(p + 8, true);
    if (w < 0) return;
    g.save();
    g.beginPath();
    g.rect(v.getFloat32(p, true), v.getFloat32(p + 4, true), w, Math.max(v.getFloat32(p + 12, true), 0));
    g.clip();
    state.clipped = true;
  }

  /* Draws the list bytes[0..len) on g (a 2D context whose transform maps list pixels to the
   * canvas: the caller scales by devicePixelRatio). bg: the list's background colour. */
  function draw(g, o, bytes, width, height, bg) {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), state = {clipped: false};
    g.fillStyle = css(bg);
    g.fillRect(0, 0, width, height);
    g.lineCap = 'butt';
    for (let b = 0; b + 4 <= bytes.length;) {
      const type = v.getUint16(b, true), size = v.getUint16(b + 2, true);
      if (size < 4) break;
      switch (type) {
        case T.RECT: rect(g, v, o, b); break;
        case T.HATCH: hatch(g, v, o, b); break;
        case T.LINE: line(g, v, o, b); break;
        case T.ARROW: arrow(g, v, o, b); break;
        case T.POLY: polygon(g, v, o, b); break;
        case T.TEXT: text(g, v, o, b, bytes); break;
        case T.CLIP: clip(g, v, o, b, state); break;
        default: break;
      }
      b += size;
    }
    if (state.clipped) g.restore();
  }

  /* A measureText for the module: the width of UTF-8 bytes at size px in the page's font. */
  function measurer(M) {
    const g = document.createElement('canvas').getContext('2d'), cache = new Map();
    return (ptr, len, size, bold) => {
      const s = decoder.decode(M.HEAPU8.subarray(ptr, ptr + len)), key = `${size}|${bold}|${s}`;
      let w = cache.get(key);
      if (w === undefined) {
        g.font = font(size, bold);
        w = g.measureText(s).width;
        if (cache.size > 20000) cache.clear();
        cache.set(key, w);
      }
      return w;
    };
  }

  return {draw, layout, measurer, css};
})();
