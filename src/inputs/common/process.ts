// Process edges of an input run: splunkd's environment, and SIGTERM (splunkd stopping or the input being
// disabled) turned into "finish the current page, checkpoint, exit".
import type { EventWriter } from '../../splunk/modinput/event-writer';
import type { InputConfig, ValidationConfig } from '../../splunk/modinput/input-xml';
import { runInput, validateInput, type InputSpec } from './run';

export function streamFromProcess(spec: InputSpec, cfg: InputConfig, writer: EventWriter): Promise<number> {
  const stop = new AbortController();
  const onTerm = () => stop.abort();
  process.once('SIGTERM', onTerm);
  return runInput(spec, cfg, writer, {
    stderr: process.stderr,
    ...(process.env.SPLUNK_HOME ? { splunkHome: process.env.SPLUNK_HOME } : {}),
    signal: stop.signal,
  }).finally(() => process.removeListener('SIGTERM', onTerm));
}

export function validateFromProcess(spec: InputSpec, cfg: ValidationConfig): Promise<string | undefined> {
  return validateInput(spec, cfg, { stderr: process.stderr });
}
