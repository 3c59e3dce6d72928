// One modular input process: dispatches on argv the way splunkd calls us (splunk-platform.md §1.1)
// and turns every outcome into an exit code. `--scheme` runs at every splunkd start, so the XML parser
// is loaded only by the modes that read stdin.
import type { InputArgument, InputDefinition } from './definition';
import { EventWriter } from './event-writer';
import type { InputConfig, Params, ValidationConfig } from './input-xml';
import { renderScheme } from './scheme';
import { readDocument, release, watchStdin } from './stdin';
import { escapeXmlText } from '../xml';

export interface RunModularInputOptions {
  definition: InputDefinition;
  argv: string[];
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Checks beyond the per-argument ones (account, a real API call). Returns an error message or undefined. */
  validate: (cfg: ValidationConfig) => Promise<string | undefined>;
  /** Collects events; returns the exit code. `stdinClosed` aborts when the parent closes stdin mid-run. */
  stream: (cfg: InputConfig, writer: EventWriter, stdinClosed: AbortSignal) => Promise<number>;
  /** How long after the document an EOF on stdin still counts as splunkd handing it over (default 500 ms). */
  stdinHandOffMs?: number;
  now?: () => number;
}

export const EXIT_OK = 0;
/** Bad stdin, failed validation, or a failed run. */
export const EXIT_FAILURE = 1;
/** Unknown command-line arguments. */
export const EXIT_USAGE = 2;

/** splunkd writes the document and closes the pipe at once; 500 ms leaves room for a loaded machine. */
const STDIN_HAND_OFF_MS = 500;

export async function runModularInput(options: RunModularInputOptions): Promise<number> {
  try {
    return await dispatch(options);
  } catch (err) {
    // Only I/O on our own stdout can get here (e.g. splunkd closed the pipe): no stack trace, one line.
    await logLine(options.stderr, 'FATAL', `${options.definition.scheme}: ${errorMessage(err)}`);
    return EXIT_FAILURE;
  }
}

async function dispatch(options: RunModularInputOptions): Promise<number> {
  const { argv, definition } = options;
  if (argv.length === 0) return runStream(options);
  if (argv.length === 1 && argv[0] === '--scheme') {
    await writeText(options.stdout, renderScheme(definition));
    return EXIT_OK;
  }
  if (argv.length === 1 && argv[0] === '--validate-arguments') return runValidation(options);
  await logLine(
    options.stderr,
    'ERROR',
    `${definition.scheme}: unexpected arguments ${JSON.stringify(argv)}; usage: ${definition.scheme} [--scheme | --validate-arguments] (no arguments: read the input configuration XML on stdin and stream events)`,
  );
  return EXIT_USAGE;
}

async function runValidation(options: RunModularInputOptions): Promise<number> {
  let cfg: ValidationConfig;
  try {
    const { parseValidationConfig } = await import('./input-xml');
    cfg = parseValidationConfig(await readDocument(options.stdin, '</items>'));
  } catch (err) {
    await replyValidationError(options.stdout, errorMessage(err));
    return EXIT_FAILURE;
  }
  let message: string | undefined;
  try {
    message = validateArguments(options.definition.args, cfg.params) ?? (await options.validate(cfg));
  } catch (err) {
    message = errorMessage(err);
  }
  if (message === undefined) return EXIT_OK;
  await replyValidationError(options.stdout, redact(message, cfg.sessionKey));
  return EXIT_FAILURE;
}

/** The definition's own checks: required parameters, then each argument's `validate`. */
export function validateArguments(args: readonly InputArgument[], params: Params): string | undefined {
  const problems: string[] = [];
  for (const arg of args) {
    const raw = params[arg.name];
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const present = values.some((v) => v.trim() !== '');
    if (!present) {
      if (arg.requiredOnCreate || arg.requiredOnEdit) problems.push(`parameter '${arg.name}' is required`);
      continue;
    }
    for (const value of values) {
      const problem = arg.validate?.(value);
      if (problem) problems.push(problem);
    }
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}

async function runStream(options: RunModularInputOptions): Promise<number> {
  const scheme = options.definition.scheme;
  let cfg: InputConfig;
  try {
    const { parseInputConfig } = await import('./input-xml');
    cfg = parseInputConfig(await readDocument(options.stdin, '</input>', { keepOpen: true }));
  } catch (err) {
    release(options.stdin);
    await logLine(options.stderr, 'ERROR', `${scheme}: ${errorMessage(err)}`);
    return EXIT_FAILURE;
  }
  const writer = new EventWriter(options.stdout);
  const stdin = watchStdin(options.stdin, { handOffMs: options.stdinHandOffMs ?? STDIN_HAND_OFF_MS, now: options.now ?? Date.now });
  let code: number;
  try {
    code = await options.stream(cfg, writer, stdin.closed);
    if (!Number.isInteger(code) || code < 0 || code > 255) {
      await logLine(options.stderr, 'ERROR', `${scheme}: run returned exit code ${String(code)}; using 1`);
      code = EXIT_FAILURE;
    }
  } catch (err) {
    await logLine(options.stderr, 'FATAL', redact(`${scheme}: ${errorMessage(err)}`, cfg.sessionKey));
    code = EXIT_FAILURE;
  }
  stdin.release();
  try {
    await writer.close();
  } catch (err) {
    await logLine(options.stderr, 'ERROR', `${scheme}: could not finish the event stream on stdout: ${errorMessage(err)}`);
    code = code === EXIT_OK ? EXIT_FAILURE : code;
  }
  return code;
}

function replyValidationError(stdout: NodeJS.WritableStream, message: string): Promise<void> {
  return writeText(stdout, `<error><message>${escapeXmlText(message)}</message></error>\n`);
}

type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** splunkd reads stderr line by line and treats a line without a level word as ERROR. */
function logLine(stderr: NodeJS.WritableStream, level: Level, message: string): Promise<void> {
  return writeText(stderr, `${level} ${message.replace(/\s*[\r\n]+\s*/g, ' ')}\n`).catch(() => undefined);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// Real session keys are long; masking a few characters would garble messages without protecting anything.
const MIN_SECRET_LENGTH = 8;

function redact(text: string, secret: string): string {
  return secret.length >= MIN_SECRET_LENGTH ? text.split(secret).join('********') : text;
}

function writeText(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(text, (err?: Error | null) => (err ? reject(err) : resolve()));
  });
}
