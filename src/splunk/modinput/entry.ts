// What every modular-input entry point does: run the protocol on this process's argv and stdio with the
// input's definition, loading the input itself (and so MSAL, axios, the XML parser) only when a mode needs
// it. Imported statically by the entry files, so it must stay small.
import type { InputDefinition } from './definition';
import type { EventWriter } from './event-writer';
import type { InputConfig, ValidationConfig } from './input-xml';
import { runModularInput } from './runner';

export interface InputModule {
  validate(cfg: ValidationConfig): Promise<string | undefined>;
  stream(cfg: InputConfig, writer: EventWriter): Promise<number>;
}

export async function runInputEntry(definition: InputDefinition, load: () => Promise<InputModule>): Promise<void> {
  // exitCode, not process.exit(): stdout may still be flushing to splunkd.
  process.exitCode = await runModularInput({
    definition,
    argv: process.argv.slice(2),
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    validate: async (cfg) => (await load()).validate(cfg),
    stream: async (cfg, writer) => (await load()).stream(cfg, writer),
  });
}
