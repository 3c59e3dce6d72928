// Entry point of bin/defender_sync_alerts.{sh,cmd}. Only the definition and the runner are imported
// statically so that `--scheme` (run at every splunkd start) stays cheap; the input itself is a separate
// chunk.
import { alertsInput } from '../inputs/definitions';
import { runModularInput } from '../splunk/modinput/runner';

const loadInput = () => import('../inputs/alerts/main');

// exitCode, not process.exit(): stdout may still be flushing to splunkd.
process.exitCode = await runModularInput({
  definition: alertsInput,
  argv: process.argv.slice(2),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  validate: async (cfg) => (await loadInput()).validate(cfg),
  stream: async (cfg, writer) => (await loadInput()).stream(cfg, writer),
});
