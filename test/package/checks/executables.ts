// What splunkd executes: modular-input and alert-action executables, and the shell scripts themselves.
import { confStanzas } from './conf';
import { appPath, fileText, findEntry, type PackageTree } from './model';
import type { Finding, PackageCheck } from './types';

// AppInspect's ModularInputs / alert_actions lists (splunk-platform.md §1.1, §4.1).
const NIX_EXTENSIONS = ['.sh', '.py', ''];
const WINDOWS_EXTENSIONS = ['.cmd', '.bat', '.py', '.exe'];
const ALERT_EXTENSIONS = ['.sh', '.py', '.js', '', '.cmd', '.bat', '.exe'];

/** Schemes declared in README/inputs.conf.spec as `[<scheme>://<name>]`. */
export function declaredSchemes(tree: PackageTree): string[] {
  const text = fileText(tree, 'README/inputs.conf.spec') ?? '';
  return [...text.matchAll(/^\[([^\]:/]+):\/\/[^\]]*\]/gm)].map((m) => m[1] ?? '');
}

const hasFile = (tree: PackageTree, base: string, extensions: string[]) =>
  extensions.some((ext) => findEntry(tree, `${base}${ext}`)?.type === 'file');

export const modularInputExecutables: PackageCheck = {
  id: 'modinput-executables',
  rule: 'every scheme:// in README/inputs.conf.spec has a *nix (.sh, .py, no extension) and a Windows (.cmd, .bat, .py, .exe) executable in bin/',
  run(tree) {
    const findings: Finding[] = [];
    for (const scheme of declaredSchemes(tree)) {
      if (!hasFile(tree, `bin/${scheme}`, NIX_EXTENSIONS))
        findings.push({ check: this.id, path: `bin/${scheme}.sh`, message: `modular input '${scheme}' has no *nix executable bin/${scheme}.sh` });
      if (!hasFile(tree, `bin/${scheme}`, WINDOWS_EXTENSIONS))
        findings.push({ check: this.id, path: `bin/${scheme}.cmd`, message: `modular input '${scheme}' has no Windows executable bin/${scheme}.cmd` });
    }
    return findings;
  },
};

export const inputsSpecLineBreaks: PackageCheck = {
  id: 'inputs-spec-line-breaks',
  rule: 'README/inputs.conf.spec uses real line breaks: one setting per line',
  run(tree) {
    const text = fileText(tree, 'README/inputs.conf.spec');
    if (text === undefined) return [];
    const findings: Finding[] = [];
    if (/\r(?!\n)/.test(text)) findings.push({ check: this.id, message: 'README/inputs.conf.spec has bare CR line breaks' });
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.startsWith('*') && !line.startsWith('#') && !line.startsWith(' ') && (line.match(/\s=\s/g) ?? []).length > 1)
        findings.push({ check: this.id, message: `README/inputs.conf.spec line ${i + 1} holds more than one setting: '${line}'` });
      if (/\\n/.test(line) && !line.startsWith('*') && !line.startsWith('#'))
        findings.push({ check: this.id, message: `README/inputs.conf.spec line ${i + 1} has an escaped '\\n' instead of a line break` });
    });
    return findings;
  },
};

export const shellScripts: PackageCheck = {
  id: 'shell-scripts',
  rule: '.sh files start with a #! line and use LF line endings only (CRLF makes splunkd fail with exit 127)',
  run(tree) {
    const findings: Finding[] = [];
    for (const e of tree.entries) {
      const path = appPath(e);
      if (e.type !== 'file' || !path.endsWith('.sh')) continue;
      const text = e.content?.toString('utf8') ?? '';
      if (!text.startsWith('#!')) findings.push({ check: this.id, path, message: `${path} does not start with a #! line` });
      if (text.includes('\r')) findings.push({ check: this.id, path, message: `${path} has CR characters: use LF line endings` });
    }
    return findings;
  },
};

export const alertActions: PackageCheck = {
  id: 'alert-actions',
  rule: 'every alert action in default/alert_actions.conf has an executable in bin/, an existing icon_path, and payload_format json or xml',
  run(tree) {
    const stanzas = confStanzas(tree, 'default/alert_actions.conf');
    if (!stanzas) return [];
    const findings: Finding[] = [];
    for (const s of stanzas) {
      if (s.name === 'default') continue;
      const keys = Object.fromEntries(s.entries.map((e) => [e.key, e.value]));
      const add = (message: string) => findings.push({ check: this.id, path: 'default/alert_actions.conf', message: `[${s.name}] ${message}` });
      if (keys.icon_path === undefined) add('has no icon_path');
      else if (!findEntry(tree, `appserver/static/${keys.icon_path}`)) add(`icon_path '${keys.icon_path}' does not exist in appserver/static/`);
      if (keys.payload_format !== undefined && !['json', 'xml'].includes(keys.payload_format))
        add(`payload_format '${keys.payload_format}' must be json or xml`);
      const cmd = keys['alert.execute.cmd'];
      if (cmd !== undefined) {
        if (!findEntry(tree, `bin/${cmd}`)) add(`alert.execute.cmd '${cmd}' does not exist in bin/`);
      } else if (!hasFile(tree, `bin/${s.name}`, ALERT_EXTENSIONS)) add(`has no executable bin/${s.name}.sh or bin/${s.name}.cmd`);
    }
    return findings;
  },
};
