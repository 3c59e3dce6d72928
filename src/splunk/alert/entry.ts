// What every alert action's entry point (src/entry/<action>.ts) does: splunkd starts it with `--execute`
// and the JSON payload on stdin (payload_format = json); anything else is a usage error (exit 1). The
// action itself is loaded on demand, as a separate chunk.
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function alertActionEntry(name: string, load: () => Promise<{ executeFromProcess(payload: string): Promise<number> }>): Promise<void> {
  if (process.argv.length !== 3 || process.argv[2] !== '--execute') {
    process.stderr.write(`ERROR ${name}: usage: ${name} --execute (JSON alert payload on stdin), as splunkd starts custom alert actions\n`);
    process.exitCode = 1;
    return;
  }
  const { executeFromProcess } = await load();
  process.exitCode = await executeFromProcess(await readStdin());
}
