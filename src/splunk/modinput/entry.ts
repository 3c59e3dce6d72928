// What every modular-input entry point does: run the protocol on this process's argv and stdio with the
// input's definition, loading the input itself (and so MSAL, axios, the XML parser) only when a mode needs
// it. Imported statically by the entry files, so it must stay small. `use_single_instance` in the scheme
// follows the app's [scheduler] single_instance setting (src/config/run-model.ts).
import { appDirOf, readRunModel } from '../../config/run-model';
import type { InputDefinition } from './definition';
import type { EventWriter } from './event-writer';
import type { InputConfig, ValidationConfig } from './input-xml';
import { runModularInput } from './runner';

export interface InputModule {
  validate(cfg: ValidationConfig): Promise<string | undefined>;
  stream(cfg: InputConfig, writer: EventWriter, stdinClosed: AbortSignal): Promise<number>;
}

export async function runInputEntry(definition: InputDefinition, load: () => Promise<InputModule>): Promise<void> {
  const { singleInstance } = readRunModel(appDirOf(process.argv[1] ?? '.'));
  // exitCode, not process.exit(): stdout may still be flushing to splunkd.
  process.exitCode = await runModularInput({
    definition: { ...definition, useSingleInstance: singleInstance },
    argv: process.argv.slice(2),
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    validate: async (cfg) => (await load()).validate(cfg),
    stream: async (cfg, writer, stdinClosed) => (await load()).stream(cfg, writer, stdinClosed),
  });
}
