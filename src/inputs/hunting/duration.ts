// ISO 8601 durations for the hunting input's `lookback` and `delay` (PT1H, P1D, PT5M, P1DT12H, P2W).
// Years and months are refused: their length varies, and hunting data is kept 30 days anyway.

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds of an ISO 8601 duration, or undefined when the text is not one we accept. */
export function durationMs(text: string): number | undefined {
  const t = text.trim();
  const m = DURATION.exec(t);
  if (!m || t.length < 3 || /T$/i.test(t)) return undefined;
  const [, w = '0', d = '0', h = '0', min = '0', s = '0'] = m;
  return Math.round(((Number(w) * 7 + Number(d)) * 86_400 + Number(h) * 3600 + Number(min) * 60 + Number(s)) * 1000);
}

/** `PT1H30M` from milliseconds (whole seconds), for messages and the Graph timespan. */
export function isoDuration(ms: number): string {
  let s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const date = d ? `${d}D` : '';
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return date || time ? `P${date}${time ? `T${time}` : ''}` : 'PT0S';
}
