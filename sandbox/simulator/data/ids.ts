// Record ids that encode their index, so record i can be found from its id without a table.
import { hash32 } from '../prng';

const ALERT_ID = /^([a-z]{2})6375(\d{14})_(-?\d+)$/;

/** Alert ids shaped like Defender's (`da637551227677560813_-961444813`). */
export function alertId(prefix: string, index: number, seed: number): string {
  const tail = hash32(seed, 0x1d, index) | 0; // signed, like the real suffixes
  return `${prefix}6375${String(index).padStart(14, '0')}_${tail}`;
}

/** The index encoded in an alert id, or -1 when the id does not have that shape. */
export function alertIndexOf(id: string): number {
  const m = ALERT_ID.exec(id);
  return m ? Number(m[2]) : -1;
}

export const INCIDENT_ID_BASE = 100_000;

export function incidentId(index: number): string {
  return String(INCIDENT_ID_BASE + index);
}

/** Index of a numeric incident id, or -1. */
export function incidentIndexOf(id: string): number {
  if (!/^\d{1,15}$/.test(id)) return -1;
  const n = Number(id) - INCIDENT_ID_BASE;
  return n >= 0 ? n : -1;
}
