// Process edges of an input run: splunkd's environment, the run model the app is configured for, and
// SIGTERM (splunkd stopping, or restarting a single-instance input for a new configuration), stdin closed mid-run
// or splunkd gone (processLifetime) turned into "finish the current page, checkpoint, exit".
import { cachedSplunkdConfigSource } from '../../config/cached-source';
import { appDirOf, readRunModel } from '../../config/run-model';
import type { EventWriter } from '../../splunk/modinput/event-writer';
import type { InputConfig, ValidationConfig } from '../../splunk/modinput/input-xml';
import { processLifetime } from '../../splunk/modinput/lifetime';
import { SplunkdClient } from '../../splunk/rest';
import { runScheduler } from '../scheduler/scheduler';
import { fetchStanzas } from '../scheduler/stanzas';
import { runInput, validateInput, type InputSpec } from './run';

/** After the scheduler returned: how long closing the event stream may take before the process exits. */
const EXIT_AFTER_STOP_MS = 2_000;

export function streamFromProcess(spec: InputSpec, cfg: InputConfig, writer: EventWriter, stdinClosed?: AbortSignal): Promise<number> {
  const lifetime = processLifetime(stdinClosed ? { stdinClosed } : {});
  const splunkHome = process.env.SPLUNK_HOME;
  const model = readRunModel(appDirOf(process.argv[1] ?? '.'));
  if (!model.singleInstance) {
    return runInput(spec, cfg, writer, { stderr: process.stderr, ...(splunkHome ? { splunkHome } : {}), signal: lifetime.signal }).finally(() => lifetime.dispose());
  }
  if (model.problem) process.stderr.write(`WARN ${model.problem}\n`);
  const splunkd = new SplunkdClient({ serverUri: cfg.serverUri, sessionKey: cfg.sessionKey });
  return runScheduler(spec, cfg, writer, {
    stderr: process.stderr,
    ...(splunkHome ? { splunkHome } : {}),
    signal: lifetime.signal,
    concurrency: model.concurrency,
    refresh: () => fetchStanzas(splunkd, spec.definition.scheme),
    configSource: cachedSplunkdConfigSource(splunkd),
  }).finally(() => {
    splunkd.close();
    lifetime.dispose();
    // A request stuck in a call that cannot be cancelled (a token request to a silent host) would keep the
    // process alive until its own timeout; everything was checkpointed, so exit once stdout is flushed.
    setTimeout(() => process.exit(), EXIT_AFTER_STOP_MS).unref();
  });
}

export function validateFromProcess(spec: InputSpec, cfg: ValidationConfig): Promise<string | undefined> {
  return validateInput(spec, cfg, { stderr: process.stderr });
}
