// Custom search commands (search-commands.md §1.1–§1.2, §3): AppInspect's custom-command checks and what
// splunkd 10.2 needs to start a chunked command.
import type { ConfStanza } from '../../../src/splunk/conf-file';
import { confStanzas } from './conf';
import { appPath, fileText, findEntry, type PackageTree } from './model';
import { SEARCHBNF_REQUIRED } from './searchbnf-spec';
import type { Finding, PackageCheck } from './types';

/** check_ignored_parameters_v2_command: the only settings a chunked stanza may hold. */
const CHUNKED_KEYS = /^(filename|chunked|is_risky|maxchunksize|maxwait|python\.version|command\.arg\.\d+)$/;
const PLATFORM_DIRS = ['linux_x86_64', 'linux_x86', 'windows_x86_64', 'windows_x86', 'darwin_x86_64'];
/** Executables splunkd 10.2 runs for a chunked command (the 10.2 spec dropped .js: Splunk no longer ships Node.js). */
const CHUNKED_EXTENSIONS = ['.sh', '.cmd', '.bat', '.exe', '.py', '.pl', '.path', ''];
const WINDOWS_ONLY = ['.cmd', '.bat', '.exe'];

const extension = (filename: string) => /(\.[^.]+)$/.exec(filename)?.[1] ?? '';
const truthy = (v: string | undefined) => v !== undefined && ['1', 'true', 'yes', 't', 'y'].includes(v.trim().toLowerCase());

function platformOf(tree: PackageTree): 'linux' | 'windows' | undefined {
  if (tree.entries.some((e) => appPath(e).startsWith('bin/runtime/win-x64/'))) return 'windows';
  if (tree.entries.some((e) => appPath(e).startsWith('bin/runtime/linux-x64/'))) return 'linux';
  return undefined;
}

/** Stanzas of one name merged, as splunkd reads a conf file (later keys win). */
function merged(stanzas: readonly ConfStanza[] | undefined): ConfStanza[] {
  const byName = new Map<string, ConfStanza>();
  for (const s of stanzas ?? []) {
    const seen = byName.get(s.name);
    if (seen) seen.entries.push(...s.entries);
    else byName.set(s.name, { ...s, entries: [...s.entries] });
  }
  return [...byName.values()];
}

export const searchCommands: PackageCheck = {
  id: 'search-commands',
  rule: 'commands.conf: lowercase alphanumeric names; chunked stanzas hold only filename, chunked, is_risky, maxchunksize, maxwait, python.version, command.arg.N; filename names an executable splunkd 10.2 runs (.sh, .cmd, .bat, .exe, .py, .pl, .path or none; not .js) present in bin/ or <platform>/bin, runnable on the package\'s platform; metadata/default.meta exists; searchbnf.conf documents each command',
  run(tree) {
    if (fileText(tree, 'default/commands.conf') === undefined) return [];
    const stanzas = merged(confStanzas(tree, 'default/commands.conf'));
    const findings: Finding[] = [];
    const add = (message: string, path = 'default/commands.conf') => findings.push({ check: this.id, path, message });
    const platform = platformOf(tree);
    const bnf = new Map(merged(confStanzas(tree, 'default/searchbnf.conf')).map((s) => [s.name, new Set(s.entries.map((e) => e.key))]));
    if (fileText(tree, 'metadata/default.meta') === undefined) add('metadata/default.meta is missing: AppInspect requires it when commands.conf exists', 'metadata/default.meta');
    for (const s of stanzas) {
      if (s.name === 'default') continue;
      const keys = Object.fromEntries(s.entries.map((e) => [e.key, e.value]));
      const at = (line: number) => `default/commands.conf line ${line}: [${s.name}]`;
      if (!/^[a-z0-9]+$/.test(s.name)) add(`${at(s.line)} is not a valid command name: lowercase letters and digits only`);
      if (truthy(keys.chunked)) {
        for (const e of s.entries)
          if (!CHUNKED_KEYS.test(e.key)) add(`${at(e.line)} ${e.key} is not valid in a chunked command (only filename, chunked, is_risky, maxchunksize, maxwait, python.version, command.arg.<N>; declare the rest in the getinfo reply)`);
        const filename = keys.filename;
        if (filename === undefined) add(`${at(s.line)} has no filename: splunkd's ChunkedExternProcessor needs one`);
        else if (/[\\/]|\.\./.test(filename)) add(`${at(s.line)} filename '${filename}' must be a file name in bin/, not a path`);
        else {
          const ext = extension(filename);
          if (ext === '.js') add(`${at(s.line)} filename '${filename}': Splunk 10.2 no longer runs .js commands (it ships no Node.js); use a .sh/.cmd launcher`);
          else if (!CHUNKED_EXTENSIONS.includes(ext)) add(`${at(s.line)} filename '${filename}' must use a .sh, .cmd, .bat, .exe, .py, .pl, .path or no extension`);
          const where = ['bin', ...PLATFORM_DIRS.map((d) => `${d}/bin`)].map((d) => `${d}/${filename}`);
          if (!where.some((p) => findEntry(tree, p)?.type === 'file')) add(`${at(s.line)} filename '${filename}' does not exist in bin/ or <platform>/bin/`);
          if (platform === 'windows' && (ext === '.sh' || ext === '')) add(`${at(s.line)} filename '${filename}' cannot run on Windows, the platform of this package: point it at the .cmd launcher`);
          if (platform === 'linux' && WINDOWS_ONLY.includes(ext)) add(`${at(s.line)} filename '${filename}' cannot run on Linux, the platform of this package: point it at the .sh launcher`);
        }
      }
      const help = bnf.get(`${s.name}-command`);
      if (!help) add(`[${s.name}] has no [${s.name}-command] stanza in default/searchbnf.conf (the search assistant's help)`, 'default/searchbnf.conf');
      else for (const k of SEARCHBNF_REQUIRED) if (!help.has(k)) add(`[${s.name}-command] has no ${k} (required by searchbnf.conf.spec)`, 'default/searchbnf.conf');
    }
    return findings;
  },
};
