// The add-on's logger. Two sinks:
// - stderr, which splunkd copies into splunkd.log (ExecProcessor / sendmodalert): every line starts with
//   the level word, because splunkd files unprefixed lines as ERROR;
// - $SPLUNK_HOME/var/log/splunk/ta_defender_sync.log: timestamped key=value lines for Splunk's KV
//   extraction (sourcetype ta_defender_sync:log), size-bounded with rotation.
// Every line on both sinks is redacted: the secrets added to any logger of the family, and secret shapes.
import { join } from 'node:path';
import { LOG_FILE } from '../config/names';
import { fieldText, foldLines, kvPairs, kvValue, quotedKvValue } from './kv-format';
import { RotatingFile } from './log-file';
import { isSensitiveKey, MASK, redactValue, SecretSet } from './redact';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, FATAL: 50 };
/** Python/UCC spellings that a [logging] loglevel may carry. */
const ALIASES: Record<string, LogLevel> = { WARNING: 'WARN', CRITICAL: 'FATAL' };

/** Accepts DEBUG|INFO|WARN|ERROR|FATAL in any case, and UCC's WARNING/CRITICAL. */
export function parseLogLevel(text: string): LogLevel {
  const upper = String(text).trim().toUpperCase();
  const level = (LOG_LEVELS as readonly string[]).includes(upper) ? (upper as LogLevel) : ALIASES[upper];
  if (!level) {
    throw new Error(`log level '${text}' is not one of ${LOG_LEVELS.join(', ')}; set [logging] loglevel to one of them`);
  }
  return level;
}

export function logFilePath(splunkHome: string): string {
  return join(splunkHome, 'var', 'log', 'splunk', LOG_FILE);
}

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  fatal(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line; it shares level, secrets and file with this one. */
  child(fields: LogFields): Logger;
  /** Masks `secret` from now on in every line of every logger of this family. */
  addSecret(secret: string): void;
  /** Changes the level of the whole family. */
  setLevel(level: LogLevel | string): void;
  /** `text` with this family's secrets and secret shapes masked (for text that leaves by another way, e.g. to the user). */
  redact(text: string): string;
  readonly level: LogLevel;
}

export interface LoggerOptions {
  component: string;
  stderr: { write(chunk: string): unknown };
  /** Without it, only stderr is written. */
  splunkHome?: string;
  level?: LogLevel | string;
  fields?: LogFields;
  now?: () => Date;
  maxBytes?: number;
  backups?: number;
  pid?: number;
}

interface Family {
  level: LogLevel;
  readonly component: string;
  readonly secrets: SecretSet;
  readonly stderr: { write(chunk: string): unknown };
  file: RotatingFile | undefined;
  readonly now: () => Date;
  readonly pid: number;
}

/** Keys the file line itself uses; a field with one of these names is written as `<name>_`. */
const RESERVED = new Set(['level', 'pid', 'component', 'message']);

export function createLogger(options: LoggerOptions): Logger {
  const family: Family = {
    level: parseLogLevel(options.level ?? 'INFO'),
    component: options.component,
    secrets: new SecretSet(),
    stderr: options.stderr,
    file: options.splunkHome
      ? new RotatingFile({
          path: logFilePath(options.splunkHome),
          maxBytes: options.maxBytes ?? 10 * 1024 * 1024,
          backups: options.backups ?? 5,
        })
      : undefined,
    now: options.now ?? (() => new Date()),
    pid: options.pid ?? process.pid,
  };
  return new FamilyLogger(family, options.fields ?? {});
}

class FamilyLogger implements Logger {
  constructor(
    private readonly family: Family,
    private readonly fields: LogFields,
  ) {}

  get level(): LogLevel {
    return this.family.level;
  }

  debug(message: string, fields?: LogFields): void {
    this.log('DEBUG', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.log('INFO', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.log('WARN', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.log('ERROR', message, fields);
  }
  fatal(message: string, fields?: LogFields): void {
    this.log('FATAL', message, fields);
  }

  child(fields: LogFields): Logger {
    return new FamilyLogger(this.family, { ...this.fields, ...fields });
  }

  addSecret(secret: string): void {
    this.family.secrets.add(secret);
  }

  setLevel(level: LogLevel | string): void {
    this.family.level = parseLogLevel(level);
  }

  redact(text: string): string {
    return this.family.secrets.redact(text);
  }

  private log(level: LogLevel, message: string, fields?: LogFields): void {
    const { family } = this;
    if (RANK[level] < RANK[family.level]) return;
    const { secrets } = family;
    const text = secrets.redact(fieldText(message ?? ''));
    const pairs: Array<[string, unknown]> = [];
    const merged = { ...this.fields, ...fields };
    for (const [key, value] of Object.entries(merged)) {
      if (value === undefined) continue;
      const name = RESERVED.has(key) ? `${key}_` : key;
      pairs.push([name, isSensitiveKey(key) ? MASK : redactValue(value, secrets)]);
    }
    const kv = pairs.length > 0 ? kvPairs(pairs) : '';

    // The final lines are redacted once more: a secret may only become recognisable once assembled.
    const stderrLine = [level, foldLines(text), kv].filter((p) => p !== '').join(' ');
    this.writeStderr(secrets.redact(stderrLine));

    if (family.file) {
      const parts = [timestamp(family.now()), `level=${level}`, `pid=${family.pid}`, `component=${kvValue(family.component)}`];
      if (kv) parts.push(kv);
      if (text) parts.push(`message=${quotedKvValue(text)}`);
      this.writeFile(secrets.redact(parts.join(' ')));
    }
  }

  private writeStderr(line: string): void {
    try {
      this.family.stderr.write(`${line}\n`);
    } catch {
      // A closed stderr (splunkd gone) must not take the input down with it.
    }
  }

  private writeFile(line: string): void {
    const { family } = this;
    const file = family.file;
    if (!file) return;
    try {
      file.append(line);
    } catch (e) {
      // Logging must never stop an input: say so once on stderr and keep to stderr from then on.
      family.file = undefined;
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      this.writeStderr(`WARN cannot write the log file ${file.path} (${code}); logging to stderr only. Check that the Splunk user can write $SPLUNK_HOME/var/log/splunk.`);
    }
  }
}

/** `2026-11-22 01:02:03.456 +0000` (UTC). */
export function timestamp(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${date.getUTCFullYear()}-${p(date.getUTCMonth() + 1)}-${p(date.getUTCDate())} ` +
    `${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}.${p(date.getUTCMilliseconds(), 3)} +0000`
  );
}
