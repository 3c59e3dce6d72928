#!/usr/bin/env node
// Draws the app's icons (a white shield with two sync arrows on a Defender-blue rounded square) with pngjs.
// Run once after a design change (`node scripts/make-icons.js`) and commit the PNGs: the build only copies them.
// Shapes are described in unit coordinates (0..1, y down) and rendered with 8×8 supersampling for anti-aliasing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const BLUE_TOP = [0x1a, 0x86, 0xda];
const BLUE_BOTTOM = [0x00, 0x5a, 0x9e];
const ARROW_BLUE = [0x00, 0x78, 0xd4];
const WHITE = [0xff, 0xff, 0xff];
const WORDMARK = [0x2b, 0x88, 0xd8];

// ---- geometry -------------------------------------------------------------------------------

function cubic(p0, p1, p2, p3, steps) {
  const out = [];
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    out.push([
      u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
      u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1],
    ]);
  }
  return out;
}

/** Shield outline as a polygon: curved top, straight sides, curved flanks meeting in a point. */
function shieldPolygon() {
  const right = [
    [0.5, 0.15],
    ...cubic([0.5, 0.15], [0.6, 0.21], [0.7, 0.235], [0.79, 0.24], 24),
    [0.79, 0.47],
    ...cubic([0.79, 0.47], [0.79, 0.68], [0.63, 0.8], [0.5, 0.87], 24),
  ];
  const left = right
    .slice(1, -1)
    .reverse()
    .map(([x, y]) => [1 - x, y]);
  return [...right, ...left];
}

function insidePolygon(poly, x, y) {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideRoundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function insideTriangle([ax, ay], [bx, by], [cx, cy], x, y) {
  const d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by);
  const d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy);
  const d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay);
  const neg = d1 < 0 || d2 < 0 || d3 < 0;
  const pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
}

const deg = (d) => (d * Math.PI) / 180;
const onCircle = (c, r, a) => [c[0] + r * Math.cos(a), c[1] + r * Math.sin(a)];

/** Two clockwise arcs with arrowheads: the "sync" sign. Angles grow clockwise on screen (y down). */
function syncArrows(center, radius, halfWidth) {
  const arcs = [
    [deg(195), deg(320)],
    [deg(15), deg(140)],
  ];
  const heads = arcs.map(([, end]) => [
    onCircle(center, radius - 2.3 * halfWidth, end),
    onCircle(center, radius + 2.3 * halfWidth, end),
    onCircle(center, radius, end + deg(38)),
  ]);
  return (x, y) => {
    const dx = x - center[0];
    const dy = y - center[1];
    const d = Math.hypot(dx, dy);
    if (Math.abs(d - radius) <= halfWidth) {
      let a = Math.atan2(dy, dx);
      if (a < 0) a += 2 * Math.PI;
      if (arcs.some(([from, to]) => a >= from && a <= to)) return true;
    }
    return heads.some(([p, q, tip]) => insideTriangle(p, q, tip, x, y));
  };
}

function distanceToSegment(x, y, [ax, ay], [bx, by]) {
  const vx = bx - ax;
  const vy = by - ay;
  const len2 = vx * vx + vy * vy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / len2));
  return Math.hypot(x - (ax + t * vx), y - (ay + t * vy));
}

// A tiny stroke font (4×6 units per glyph) for the wordmark: only the letters we need.
const GLYPHS = {
  D: [[[0, 0], [0, 6], [2.2, 6], [3.5, 5.2], [4, 3.8], [4, 2.2], [3.5, 0.8], [2.2, 0], [0, 0]]],
  E: [[[4, 0], [0, 0], [0, 6], [4, 6]], [[0, 3], [3.2, 3]]],
  F: [[[4, 0], [0, 0], [0, 6]], [[0, 3], [3.2, 3]]],
  N: [[[0, 6], [0, 0], [4, 6], [4, 0]]],
  R: [[[0, 6], [0, 0], [2.8, 0], [3.7, 0.5], [4, 1.5], [3.7, 2.5], [2.8, 3], [0, 3]], [[2.2, 3], [4, 6]]],
  S: [[[4, 0.9], [3.3, 0.1], [2, 0], [0.7, 0.1], [0, 0.9], [0, 2.1], [0.7, 2.8], [2, 3], [3.3, 3.2], [4, 3.9], [4, 5.1], [3.3, 5.9], [2, 6], [0.7, 5.9], [0, 5.1]]],
  Y: [[[0, 0], [2, 3], [4, 0]], [[2, 3], [2, 6]]],
  C: [[[4, 0.9], [3.3, 0.1], [2, 0], [0.7, 0.1], [0, 1.2], [0, 4.8], [0.7, 5.9], [2, 6], [3.3, 5.9], [4, 5.1]]],
};

/** Segments of a text line placed at (x, y) with `unit` size per font unit. */
function textSegments(text, x, y, unit) {
  const segments = [];
  let cursor = x;
  for (const ch of text) {
    for (const stroke of GLYPHS[ch] ?? []) {
      for (let i = 1; i < stroke.length; i++) {
        const [ax, ay] = stroke[i - 1];
        const [bx, by] = stroke[i];
        segments.push([
          [cursor + ax * unit, y + ay * unit],
          [cursor + bx * unit, y + by * unit],
        ]);
      }
    }
    cursor += 5.6 * unit;
  }
  return segments;
}

// ---- scenes: (x, y in pixels of the target image) → RGBA ----------------------------------------

/** The mark inside the box (bx, by, size): rounded square (or none), shield, arrows. */
function mark({ bx, by, size, background }) {
  const shield = shieldPolygon();
  const arrows = syncArrows([0.5, 0.52], 0.145, 0.036);
  return (x, y) => {
    const u = (x - bx) / size;
    const v = (y - by) / size;
    if (u < 0 || u > 1 || v < 0 || v > 1) return null;
    if (insidePolygon(shield, u, v)) return arrows(u, v) ? [...ARROW_BLUE, 255] : [...WHITE, 255];
    if (background && insideRoundedRect(u, v, 0, 0, 1, 1, 0.2)) {
      const t = v;
      return [0, 1, 2].map((i) => Math.round(BLUE_TOP[i] * (1 - t) + BLUE_BOTTOM[i] * t)).concat(255);
    }
    return null;
  };
}

function logo(width, height) {
  const s = height / 40;
  const icon = mark({ bx: 2 * s, by: 2 * s, size: 36 * s, background: true });
  const unit = 2.45 * s;
  const stroke = 0.8 * unit;
  const segments = [
    ...textSegments('DEFENDER', 46 * s, 4 * s, unit),
    ...textSegments('SYNC', 46 * s, 22 * s, unit),
  ];
  return (x, y) => {
    const c = icon(x, y);
    if (c) return c;
    if (x < 44 * s) return null;
    for (const [a, b] of segments) if (distanceToSegment(x, y, a, b) <= stroke / 2) return [...WORDMARK, 255];
    return null;
  };
}

// ---- rendering ------------------------------------------------------------------------------

function render(width, height, scene, samples = 8) {
  const png = new PNG({ width, height });
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = scene(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples);
          if (!c) continue;
          const alpha = c[3] / 255;
          r += c[0] * alpha;
          g += c[1] * alpha;
          b += c[2] * alpha;
          a += alpha;
        }
      }
      const i = (py * width + px) * 4;
      // Un-premultiply so edge pixels keep their colour and only lose opacity.
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / (samples * samples)) * 255);
    }
  }
  return PNG.sync.write(png);
}

const squareMark = (size) => mark({ bx: 0, by: 0, size, background: true });
// The Alt icons sit on dark backgrounds (Splunk's dark theme): the shield alone, no square.
const bareMark = (size) => mark({ bx: 0, by: 0, size, background: false });

const ICONS = [
  ['static/appIcon.png', 36, 36, squareMark(36)],
  ['static/appIcon_2x.png', 72, 72, squareMark(72)],
  ['static/appIconAlt.png', 36, 36, bareMark(36)],
  ['static/appIconAlt_2x.png', 72, 72, bareMark(72)],
  ['static/appLogo.png', 160, 40, logo(160, 40)],
  ['static/appLogo_2x.png', 320, 80, logo(320, 80)],
  ['appserver/static/defender_sync_update.png', 48, 48, squareMark(48)],
];

for (const [file, width, height, scene] of ICONS) {
  const target = join(root, file);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, render(width, height, scene));
  console.log(`wrote ${file} (${width}x${height})`);
}
