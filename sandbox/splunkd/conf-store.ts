// App configuration as splunkd layers it: etc/apps/<app>/default/<conf>.conf under
// etc/apps/<app>/local/<conf>.conf, key by key; keys of the [default] stanza (and, for inputs.conf, of the
// [<scheme>] stanza) are inherited by stanzas that do not set them. Writes go to local/ in .conf syntax.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { confToObject, parseConf, stringifyConf } from '../../src/splunk/conf-file';

export type ConfObject = Record<string, Record<string, string>>;

export interface EffectiveStanza {
  name: string;
  content: Record<string, string>;
  inDefault: boolean;
  inLocal: boolean;
}

const SAFE_NAME = /^[A-Za-z0-9_.-]+$/;

export function checkFileName(kind: string, name: string): void {
  if (!SAFE_NAME.test(name) || name === '.' || name === '..') throw new Error(`${kind} name '${name}' is not valid`);
}

export class ConfStore {
  private readonly listeners = new Set<(app: string, conf: string) => void>();

  constructor(readonly appsDir: string) {}

  /** Calls `fn` after every write to an app's local/ conf file (splunkd reacts to inputs.conf changes). */
  onChange(fn: (app: string, conf: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  apps(): string[] {
    if (!existsSync(this.appsDir)) return [];
    return readdirSync(this.appsDir)
      .filter((a) => SAFE_NAME.test(a) && statSync(join(this.appsDir, a)).isDirectory())
      .sort();
  }

  hasApp(app: string): boolean {
    return SAFE_NAME.test(app) && existsSync(join(this.appsDir, app)) && statSync(join(this.appsDir, app)).isDirectory();
  }

  appDir(app: string): string {
    checkFileName('app', app);
    return join(this.appsDir, app);
  }

  layer(app: string, conf: string, layer: 'default' | 'local'): ConfObject {
    checkFileName('conf', conf);
    const path = join(this.appDir(app), layer, `${conf}.conf`);
    if (!existsSync(path)) return {};
    return confToObject(parseConf(readFileSync(path, 'utf8')));
  }

  /** Stanzas in file order (default first), with inheritance from [default] and `inheritFrom(name)`. */
  effective(app: string, conf: string, inheritFrom?: (stanza: string) => string | undefined): EffectiveStanza[] {
    const def = this.layer(app, conf, 'default');
    const local = this.layer(app, conf, 'local');
    const names = [...new Set([...Object.keys(def), ...Object.keys(local)])];
    const merged = (name: string): Record<string, string> => ({ ...def[name], ...local[name] });
    return names.map((name) => {
      const parent = inheritFrom?.(name);
      const content = {
        ...(name === 'default' ? {} : merged('default')),
        ...(parent && parent !== name ? merged(parent) : {}),
        ...merged(name),
      };
      return { name, content, inDefault: name in def, inLocal: name in local };
    });
  }

  find(app: string, conf: string, stanza: string, inheritFrom?: (stanza: string) => string | undefined): EffectiveStanza | undefined {
    return this.effective(app, conf, inheritFrom).find((s) => s.name === stanza);
  }

  /** Sets keys of a stanza in local/ (creating file and stanza as needed); other keys stay. */
  writeLocal(app: string, conf: string, stanza: string, keys: Record<string, string>): void {
    const local = this.layer(app, conf, 'local');
    local[stanza] = { ...local[stanza], ...keys };
    this.saveLocal(app, conf, local);
  }

  /** Removes the stanza from local/; false when local/ did not have it. */
  removeLocal(app: string, conf: string, stanza: string): boolean {
    const local = this.layer(app, conf, 'local');
    if (!(stanza in local)) return false;
    delete local[stanza];
    this.saveLocal(app, conf, local);
    return true;
  }

  private saveLocal(app: string, conf: string, content: ConfObject): void {
    const dir = join(this.appDir(app), 'local');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${conf}.conf`);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, stringifyConf(content), { mode: 0o600 });
    renameSync(tmp, path);
    for (const fn of this.listeners) fn(app, conf);
  }
}

/** Stanza names and keys end up in .conf syntax: refuse what would change the file's structure. */
export function checkStanzaName(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (/[\r\n]/.test(name)) return 'the name contains a line break';
  if (name.includes(']')) return "the name contains ']'";
  return undefined;
}

export function checkKey(key: string): string | undefined {
  if (key === '' || /[\s=[\]]/.test(key)) return `'${key}' is not a valid key name`;
  return undefined;
}
