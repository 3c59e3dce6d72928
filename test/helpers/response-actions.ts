// What the response-action e2e suites read back: the defender_sync:action outcomes splunkd indexed, a run's
// alert_complete summary line, and proof that a canary secret reached no event, output or file.
import { expect } from 'chai';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { World } from './world';

export type Rec = Record<string, unknown>;

export const outcomes = (w: World): Rec[] => w.splunkd.events.search({ sourcetype: 'defender_sync:action' }).map((e) => JSON.parse(e._raw) as Rec);

export const summaryOf = (stderr: Array<{ text: string }>): string => stderr.find((l) => l.text.startsWith('action=alert_complete'))?.text ?? '';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** The canary is in no run's stderr or stdout, no indexed event, and no file under SPLUNK_HOME (packages and the runtime aside). */
export function expectCanaryAbsent(w: World, canary: string, runs: ReadonlyArray<{ stderr: unknown; stdout: string }>): void {
  expect(JSON.stringify(runs.map((r) => r.stderr)) + runs.map((r) => r.stdout).join('')).not.to.contain(canary);
  for (const e of w.splunkd.events.search({})) expect(e._raw).not.to.contain(canary);
  for (const file of filesUnder(w.splunkd.splunkHome)) {
    if (file.endsWith('.tgz') || file.includes('/runtime/')) continue;
    expect(readFileSync(file).includes(canary), file).to.equal(false);
  }
}
