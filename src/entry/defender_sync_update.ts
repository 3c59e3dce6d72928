// Entry point of bin/defender_sync_update.{sh,cmd}: splunkd starts custom alert actions with `--execute`
// and the JSON payload on stdin (payload_format = json). The action itself is a separate chunk.
const USAGE = 'ERROR defender_sync_update: usage: defender_sync_update --execute (JSON alert payload on stdin), as splunkd starts custom alert actions\n';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (process.argv.length !== 3 || process.argv[2] !== '--execute') {
  process.stderr.write(USAGE);
  process.exitCode = 1;
} else {
  const { executeFromProcess } = await import('../actions/update/main');
  process.exitCode = await executeFromProcess(await readStdin());
}

export {};
