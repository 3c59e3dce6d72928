// The Inputs table's Health cell: a coloured state (Defender for Cloud's four), the reason on hover, and on
// expand the last success, last event and last error with its fix (per partition for stream inputs).
import Button from '@splunk/react-ui/Button';
import { useCallback, useEffect, useState } from 'react';
import { HEALTH_LABEL, type HealthState } from '../../health/states';
import { INPUT_STATUS_SEARCH, type InputHealth } from '../../health/status-rows';
import type { InputRow } from '../model/input-form';
import type { SplunkApi } from '../rest/api';
import { loadInputHealth } from '../services/health';
import { errorText, Muted } from './layout';

// Defender for Cloud's colours: green, red, orange, grey; text stays readable on both themes.
const COLOURS: Record<HealthState, string> = { healthy: '#1B8F3C', unhealthy: '#D6563C', stopped_reporting: '#D97A0B', not_reported: '#8C939B' };

const when = (ms: number | undefined) => (ms === undefined ? 'never' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));

/** Health of every input, reloaded with the table; undefined while loading, a string when it failed. */
export function useInputHealth(api: SplunkApi, rows: readonly InputRow[] | undefined, canSearchInternal: boolean, now: () => number = Date.now): Map<string, InputHealth> | string | undefined {
  const [health, setHealth] = useState<Map<string, InputHealth> | string>();
  const load = useCallback(async (list: readonly InputRow[]) => {
    try {
      setHealth(await loadInputHealth(api, list, now()));
    } catch (e) {
      setHealth(`Health unavailable: ${errorText(e)} (it runs the search ${INPUT_STATUS_SEARCH} over index=_internal)`);
    }
  }, [api, now]);
  useEffect(() => {
    // Splunk's default roles let only admins search _internal; anyone else would see every input "Not reported".
    if (!canSearchInternal) setHealth('Health reads the add-on log in index _internal, which only admins can search by default.');
    else if (rows) void load(rows);
  }, [rows, load, canSearchInternal]);
  return health;
}

export function HealthCell({ health, name }: { health: InputHealth | string | undefined; name: string }) {
  const [open, setOpen] = useState(false);
  if (health === undefined) return <Muted>…</Muted>;
  if (typeof health === 'string') return <Muted title={health} data-test="input-health-unavailable">unavailable</Muted>;
  const badge = (state: HealthState, testId?: string) => (
    <span data-test={testId} data-state={state} style={{ display: 'inline-flex', alignItems: 'center', gap: 6, fontWeight: 600, color: COLOURS[state] }}>
      <span aria-hidden="true" style={{ width: 10, height: 10, borderRadius: 5, background: COLOURS[state], display: 'inline-block' }} />
      {HEALTH_LABEL[state]}
    </span>
  );
  const details = (h: InputHealth | InputHealth['partitions'][number]) => (
    <dl style={{ margin: '4px 0 0', display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 8, rowGap: 2, fontSize: 12 }}>
      <dt>Last success</dt>
      <dd style={{ margin: 0 }}>{when(h.lastSuccess)}</dd>
      <dt>Last event</dt>
      <dd style={{ margin: 0 }}>{when(h.lastEvent)}</dd>
      <dt>Last error</dt>
      <dd style={{ margin: 0, maxWidth: 520, whiteSpace: 'normal' }}>{h.lastError ? `${when(h.lastError.time)}: ${h.lastError.message ?? h.lastError.code ?? 'failed'}` : 'none'}</dd>
    </dl>
  );
  return (
    <div data-test="input-health" title={health.reason}>
      {badge(health.state, 'input-health-state')}
      <Button appearance="subtle" inline label={open ? 'Hide' : 'Details'} aria-expanded={open} aria-label={`Health details of input ${name}`} onClick={() => setOpen(!open)} />
      {open && (
        <div data-test="input-health-details" style={{ marginTop: 4 }}>
          <div style={{ maxWidth: 520, whiteSpace: 'normal' }}>{health.reason}</div>
          {health.partitions.length === 0
            ? details(health)
            : health.partitions.map((p) => (
                <div key={p.partition} style={{ marginTop: 6 }}>
                  Partition {p.partition}: {badge(p.state)}
                  {details(p)}
                </div>
              ))}
        </div>
      )}
    </div>
  );
}
