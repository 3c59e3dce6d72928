// Dashboard Studio views as the stand-in draws them: the definition's grid layout (positions scaled to the
// page), each visualization's title, and its data: single values, tables (with matchValue row colours from
// the definition's context), column, bar and line charts as inline SVG. A sketch of Studio's look in both
// themes, enough to see every panel with the demo's data; not Splunk's renderer (see ../README.md).
import { esc } from '../page';
import type { Cell, Table } from './data';

export interface StudioDefinition {
  title?: string;
  description?: string;
  visualizations: Record<string, { type: string; title?: string; dataSources?: Record<string, string>; options?: Record<string, unknown>; context?: Record<string, unknown> }>;
  dataSources: Record<string, { type: string; options?: { query?: string } }>;
  layout: { structure: Array<{ item: string; position: { x: number; y: number; w: number; h: number } }>; options?: { width?: number } };
}

type Theme = 'light' | 'dark';
const COLOURS = { light: { panel: '#ffffff', border: '#dcdfe3', text: '#2b3033', muted: '#6b7785', grid: '#e1e6eb', stripe: '#f7f8fa' }, dark: { panel: '#1b1e22', border: '#2e3236', text: '#e1e6eb', muted: '#9aa4ae', grid: '#31373e', stripe: '#212527' } };
const PALETTE = ['#7B56DB', '#009CEB', '#00CDAF', '#DD9900', '#FF677B', '#CB2196', '#813193', '#0051B5', '#008C80', '#99B100'];

const show = (v: Cell) => (v === null ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : v);

function seriesColour(options: Record<string, unknown> | undefined, field: string, i: number): string {
  const byField = options?.seriesColorsByField as Record<string, string> | undefined;
  return byField?.[field] ?? PALETTE[i % PALETTE.length] ?? '#888';
}

function singleValue(t: Table, options: Record<string, unknown> | undefined, k: (typeof COLOURS)[Theme]): string {
  const v = t.rows[0]?.at(-1) ?? null;
  const colour = typeof options?.majorColor === 'string' ? options.majorColor : k.text;
  return `<div class="sv" style="color:${esc(colour)}">${esc(show(v) || '0')}${options?.unit ? `<span class="unit">${esc(String(options.unit))}</span>` : ''}</div>`;
}

/** `> table | seriesByName("f") | matchValue(ctxKey)`: the colour of a row by one column's value. */
function rowColours(options: Record<string, unknown> | undefined, context: Record<string, unknown> | undefined): { field: string; colours: Array<{ match: string; value: string }> } | undefined {
  const formats = options?.columnFormat as Record<string, { rowBackgroundColors?: string }> | undefined;
  for (const [field, f] of Object.entries(formats ?? {})) {
    const m = /matchValue\((\w+)\)/.exec(f.rowBackgroundColors ?? '');
    const colours = m ? (context?.[m[1] as string] as Array<{ match: string; value: string }> | undefined) : undefined;
    if (colours) return { field, colours };
  }
  return undefined;
}

function tableHtml(t: Table, options: Record<string, unknown> | undefined, context: Record<string, unknown> | undefined): string {
  const colours = rowColours(options, context);
  const colourAt = colours ? t.fields.indexOf(colours.field) : -1;
  const head = t.fields.map((f) => `<th>${esc(f)}</th>`).join('');
  const body = t.rows
    .map((r) => {
      const c = colourAt >= 0 ? colours?.colours.find((x) => x.match === r[colourAt])?.value : undefined;
      return `<tr>${r.map((v, i) => (i === colourAt && c ? `<td class="badge" style="background:${esc(c)};color:#fff">${esc(show(v))}</td>` : `<td>${esc(show(v))}</td>`)).join('')}</tr>`;
    })
    .join('');
  return `<div class="tbl"><table><thead><tr>${head}</tr></thead><tbody>${body || `<tr><td colspan="${t.fields.length}" class="none">No results found.</td></tr>`}</tbody></table></div>`;
}

function chartSvg(kind: 'column' | 'bar' | 'line', t: Table, options: Record<string, unknown> | undefined, w: number, h: number, k: (typeof COLOURS)[Theme]): string {
  const labels = t.rows.map((r) => show(r[0] ?? null));
  const series = t.fields.slice(1);
  const stacked = options?.stackMode === 'stacked';
  const value = (r: Cell[], i: number) => Number(r[i + 1] ?? 0) || 0;
  const totals = t.rows.map((r) => (stacked ? series.reduce((a, _, i) => a + value(r, i), 0) : Math.max(0, ...series.map((_, i) => value(r, i)))));
  const max = Math.max(1, ...totals);
  const pad = { l: kind === 'bar' ? 150 : 40, r: 10, t: 8, b: 46 };
  const pw = Math.max(10, w - pad.l - pad.r);
  const ph = Math.max(10, h - pad.t - pad.b);
  const parts: string[] = [];
  const legend = series.map((s, i) => `<span class="lg"><i style="background:${esc(seriesColour(options, s, i))}"></i>${esc(s)}</span>`).join('');
  const tick = (v: number) => (max < 8 ? String(Math.round(v * 10) / 10) : String(Math.round(v)));
  for (let g = 0; g <= 4; g++) {
    const v = (max * g) / 4;
    if (kind === 'bar') {
      const x = pad.l + (pw * g) / 4;
      parts.push(`<line x1="${x}" y1="${pad.t}" x2="${x}" y2="${pad.t + ph}" stroke="${k.grid}"/><text x="${x}" y="${pad.t + ph + 14}" fill="${k.muted}" font-size="10" text-anchor="middle">${tick(v)}</text>`);
    } else {
      const y = pad.t + ph - (ph * g) / 4;
      parts.push(`<line x1="${pad.l}" y1="${y}" x2="${pad.l + pw}" y2="${y}" stroke="${k.grid}"/><text x="${pad.l - 4}" y="${y + 3}" fill="${k.muted}" font-size="10" text-anchor="end">${tick(v)}</text>`);
    }
  }
  const n = Math.max(1, t.rows.length);
  if (kind === 'line') {
    series.forEach((s, i) => {
      const pts = t.rows.map((r, j) => `${pad.l + (pw * (j + 0.5)) / n},${pad.t + ph - (ph * value(r, i)) / max}`).join(' ');
      parts.push(`<polyline fill="none" stroke="${esc(seriesColour(options, s, i))}" stroke-width="2" points="${pts}"/>`);
    });
  } else {
    const band = (kind === 'bar' ? ph : pw) / n;
    t.rows.forEach((r, j) => {
      let offset = 0;
      series.forEach((s, i) => {
        const v = value(r, i);
        const size = ((kind === 'bar' ? pw : ph) * v) / max;
        const thick = stacked ? band * 0.7 : (band * 0.7) / series.length;
        const at = band * j + band * 0.15 + (stacked ? 0 : thick * i);
        const fill = esc(seriesColour(options, s, i));
        if (kind === 'bar') parts.push(`<rect x="${pad.l + offset}" y="${pad.t + at}" width="${size}" height="${thick}" fill="${fill}"/>`);
        else parts.push(`<rect x="${pad.l + at}" y="${pad.t + ph - offset - size}" width="${thick}" height="${size}" fill="${fill}"/>`);
        if (stacked) offset += size;
      });
    });
  }
  const every = Math.max(1, Math.ceil(n / (kind === 'bar' ? 30 : Math.max(1, Math.floor(pw / 70)))));
  labels.forEach((l, j) => {
    if (j % every !== 0) return;
    const text = esc(l.length > 22 ? `${l.slice(0, 21)}…` : l);
    if (kind === 'bar') parts.push(`<text x="${pad.l - 6}" y="${pad.t + (ph * (j + 0.5)) / n + 3}" fill="${k.muted}" font-size="10" text-anchor="end">${text}</text>`);
    else parts.push(`<text x="${pad.l + (pw * (j + 0.5)) / n}" y="${pad.t + ph + 14}" fill="${k.muted}" font-size="10" text-anchor="middle">${text}</text>`);
  });
  if (t.rows.length === 0) return `<div class="none">No results found.</div>`;
  return `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img">${parts.join('')}</svg><div class="legend">${legend}</div>`;
}

/** The dashboard body: absolutely placed panels, scaled from the layout's width to `pageWidth`. */
export function renderStudio(def: StudioDefinition, tables: Record<string, Table | string>, theme: Theme, pageWidth: number): string {
  const k = COLOURS[theme];
  const scale = pageWidth / (def.layout.options?.width ?? 1440);
  const height = Math.max(0, ...def.layout.structure.map((b) => (b.position.y + b.position.h) * scale));
  const blocks = def.layout.structure.map((b) => {
    const viz = def.visualizations[b.item];
    if (!viz) return '';
    const [x, y, w, h] = [b.position.x * scale, b.position.y * scale, b.position.w * scale, b.position.h * scale];
    const ds = viz.dataSources?.primary;
    const data = ds ? tables[ds] : undefined;
    const inner = typeof data === 'string' || data === undefined
      ? `<div class="none">${esc(typeof data === 'string' ? data : 'No data source')}</div>`
      : viz.type === 'splunk.singlevalue'
        ? singleValue(data, viz.options, k)
        : viz.type === 'splunk.table'
          ? tableHtml(data, viz.options, viz.context)
          : viz.type === 'splunk.column' || viz.type === 'splunk.bar' || viz.type === 'splunk.line'
            ? chartSvg(viz.type.slice('splunk.'.length) as 'column' | 'bar' | 'line', data, viz.options, Math.floor(w - 24), Math.floor(h - 64), k)
            : `<div class="none">${esc(viz.type)} is not drawn by the stand-in</div>`;
    return `<section class="viz" data-test="studio-viz" data-viz="${esc(b.item)}" data-type="${esc(viz.type)}" data-rows="${typeof data === 'object' ? data.rows.length : 0}" style="left:${x}px;top:${y}px;width:${w - 8}px;height:${h - 8}px"><h3>${esc(viz.title ?? '')}</h3>${inner}</section>`;
  });
  const css = `
  .studio { position: relative; width: ${pageWidth}px; height: ${height}px; margin-top: 8px; }
  .studio .viz { position: absolute; box-sizing: border-box; background: ${k.panel}; border: 1px solid ${k.border}; border-radius: 4px; padding: 10px 12px; overflow: hidden; color: ${k.text}; }
  .studio h3 { margin: 0 0 8px; font-size: 13px; font-weight: 600; }
  .studio .sv { font-size: 44px; font-weight: 300; text-align: center; margin-top: 18px; }
  .studio .sv .unit { font-size: 20px; margin-left: 4px; }
  .studio .tbl { overflow: auto; max-height: calc(100% - 24px); }
  .studio table { border-collapse: collapse; width: 100%; font-size: 11px; }
  .studio th { text-align: left; color: ${k.muted}; font-weight: 600; border-bottom: 1px solid ${k.border}; padding: 4px 6px; white-space: nowrap; }
  .studio td { padding: 4px 6px; border-bottom: 1px solid ${k.grid}; max-width: 380px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .studio tbody tr:nth-child(even) td { background: ${k.stripe}; }
  .studio td.badge { font-weight: 600; border-radius: 2px; }
  .studio .legend { font-size: 10px; color: ${k.muted}; display: flex; flex-wrap: wrap; gap: 10px; }
  .studio .lg i { display: inline-block; width: 9px; height: 9px; margin-right: 4px; border-radius: 2px; }
  .studio .none { color: ${k.muted}; padding: 16px 0; text-align: center; }
  .studio-time { color: ${k.muted}; }`;
  return `<style>${css}</style><div class="studio-time" data-test="studio-time">Time range: the definition's default (results computed by the stand-in)</div><div class="studio" data-test="studio-dashboard">${blocks.join('\n')}</div>`;
}
