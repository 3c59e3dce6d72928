// Entry point of bin/defendersync.{sh,cmd}, the `| defendersync` search command (chunked protocol v2 on
// stdin/stdout). Only the protocol and the argument checks load statically, so getinfo (which splunkd may
// run in extra processes) starts fast; the hunting code is a separate chunk loaded on the first execute.
import { defendersyncCommand } from '../commands/defendersync/command';
import { runGeneratingCommand, streamSink } from '../splunk/chunked/generating';

// splunkd gone (search cancelled): a write fails with EPIPE; the failed write reports it, not a crash.
process.stdout.on('error', () => undefined);
try {
  await runGeneratingCommand(
    defendersyncCommand(async () => (await import('../commands/defendersync/main')).huntRuntime()),
    process.stdin,
    streamSink(process.stdout),
  );
} catch (err) {
  // splunkd's side broke the protocol: nothing can reach the user through it any more.
  process.stderr.write(`ERROR defendersync: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
