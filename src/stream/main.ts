// defender_sync_stream: the seam src/entry/defender_sync_stream.ts loads on demand. Process edges: splunkd's
// environment, and SIGTERM (splunkd stopping, the input disabled or edited), stdin closed mid-run or splunkd gone
// (processLifetime) → close every subscription (which checkpoints what is flushed) and exit 0; several stanzas
// (single-instance mode) run side by side.
import { SCHEME_STREAM } from '../config/names';
import { splunkdConfigSource } from '../config/splunkd-source';
import { createLogger } from '../splunk/log';
import type { EventWriter } from '../splunk/modinput/event-writer';
import type { InputConfig, ValidationConfig } from '../splunk/modinput/input-xml';
import { processLifetime } from '../splunk/modinput/lifetime';
import { SplunkdClient } from '../splunk/rest';
import { runStreamStanza, type StreamTuning } from './run';
import { validateStream } from './validate';

/** Test and benchmark knobs from the environment (milliseconds); production uses the defaults. */
export function tuningFromEnv(env: NodeJS.ProcessEnv): Partial<StreamTuning> {
  const ms = (name: string): number | undefined => {
    const v = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(v) && v > 0 ? v : undefined;
  };
  const t: Partial<StreamTuning> = {};
  const backoff = ms('DEFENDER_SYNC_STREAM_BACKOFF_MS');
  if (backoff) t.backoffMs = backoff;
  const update = ms('DEFENDER_SYNC_STREAM_LB_UPDATE_MS');
  const expiry = ms('DEFENDER_SYNC_STREAM_LB_EXPIRY_MS');
  if (update || expiry) t.loadBalancing = { ...(update ? { updateIntervalInMs: update } : {}), ...(expiry ? { partitionOwnershipExpirationIntervalInMs: expiry } : {}) };
  return t;
}

export async function stream(cfg: InputConfig, writer: EventWriter, stdinClosed?: AbortSignal): Promise<number> {
  const logger = createLogger({ component: SCHEME_STREAM, stderr: process.stderr, ...(process.env.SPLUNK_HOME ? { splunkHome: process.env.SPLUNK_HOME } : {}) });
  const lifetime = processLifetime({
    ...(stdinClosed ? { stdinClosed } : {}),
    onStop: (reason) => {
      if (reason === 'stdin_closed') logger.info('stdin was closed: stopping (events and checkpoints are flushed first)', { action: 'stream_stop', reason });
      if (reason === 'orphaned') logger.warn('splunkd, which started this input, is gone: stopping (events and checkpoints are flushed first)', { action: 'stream_stop', reason });
    },
  });
  logger.addSecret(cfg.sessionKey);
  // splunkd's session key lives as long as the process; secrets are read once, at (re)connect.
  const client = new SplunkdClient({ serverUri: cfg.serverUri, sessionKey: cfg.sessionKey });
  const tuning = tuningFromEnv(process.env);
  try {
    const codes = await Promise.all(
      cfg.stanzas.map((stanza) =>
        runStreamStanza({
          stanza,
          checkpointDir: cfg.checkpointDir,
          source: splunkdConfigSource(client),
          sink: writer,
          logger,
          signal: lifetime.signal,
          shared: cfg.stanzas.length > 1,
          tuning,
        }),
      ),
    );
    return Math.max(0, ...codes);
  } finally {
    client.close();
    lifetime.dispose();
    // After a link was detached, the Event Hubs client can leave retry timers behind that its close() does not
    // clear, keeping the process alive after a clean stop. Everything is flushed and checkpointed by now (the
    // runner writes </stream> right after this returns): exit then, if nothing else ends the process first.
    setTimeout(() => process.exit(), STRAY_TIMER_GRACE_MS).unref();
  }
}

const STRAY_TIMER_GRACE_MS = 1000;

export const validate = (cfg: ValidationConfig): Promise<string | undefined> => validateStream(cfg, process.stderr);
