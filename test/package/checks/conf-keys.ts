// Every key of every stanza in default/*.conf and metadata/default.meta must be one Splunk knows
// (shared/splunk/spec/9.2) or one the app declares in README/<conf>.conf.spec, as Splunk's conf checker does.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { confStanzas } from './conf';
import { appPath, fileText, type PackageTree } from './model';
import { SEARCHBNF_SPEC } from './searchbnf-spec';
import { isKeyAllowed, keyMatches, matchingStanzas, parseSpec, type ConfSpec } from './spec';
import type { CheckContext, Finding, PackageCheck } from './types';

/** Splunk's spec files by conf name: `app.conf.spec` → `app`, `default.meta.spec` → `default.meta`. */
export function loadSplunkSpecs(dir: string): Map<string, ConfSpec> {
  const specs = new Map<string, ConfSpec>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.spec')))
    specs.set(file.replace(/(\.conf)?\.spec$/, ''), parseSpec(readFileSync(join(dir, file), 'utf8')));
  return specs;
}

// Settings splunkd accepts in every modular-input stanza although inputs.conf.spec lists them elsewhere
// (the "Modular Inputs" section trails the last stanza, and `disabled` is per input type).
const MODULAR_INPUT_KEYS = ['interval', 'disabled', 'python.version', 'run_introspection'];

/** Splunk specs missing from the published 9.2 set. */
const SPECS_NOT_IN_9_2: ReadonlyMap<string, ConfSpec> = new Map([['searchbnf', SEARCHBNF_SPEC]]);

function appSpec(tree: PackageTree, conf: string): ConfSpec | undefined {
  const text = fileText(tree, `README/${conf}.conf.spec`);
  return text === undefined ? undefined : parseSpec(text);
}

function checkConf(tree: PackageTree, path: string, ctx: CheckContext, id: string): Finding[] {
  const conf = path.slice('default/'.length, -'.conf'.length);
  const specs = [ctx.splunkSpecs.get(conf) ?? SPECS_NOT_IN_9_2.get(conf), appSpec(tree, conf)].filter((s): s is ConfSpec => s !== undefined);
  if (specs.length === 0)
    return [{ check: id, path, message: `${path}: no spec file for ${conf}.conf in Splunk 9.2 or in README/${conf}.conf.spec; add README/${conf}.conf.spec` }];
  const own = appSpec(tree, conf);
  const findings: Finding[] = [];
  for (const stanza of confStanzas(tree, path) ?? []) {
    const modularInput = conf === 'inputs' && own !== undefined && matchingStanzas(own, stanza.name).length > 0;
    for (const { key, line } of stanza.entries) {
      if (specs.some((spec) => isKeyAllowed(spec, stanza.name, key))) continue;
      if (modularInput && MODULAR_INPUT_KEYS.includes(key)) continue;
      findings.push({ check: id, path, message: `${path} line ${line}: [${stanza.name}] ${key} is not a setting of ${conf}.conf (Splunk 9.2 spec${own ? ` or README/${conf}.conf.spec` : ''})` });
    }
  }
  return findings;
}

// default.meta.spec shows examples ([], [views], [views/index_status]) of one rule: any object type, with
// or without an object name, takes the settings the examples use.
function checkMeta(tree: PackageTree, ctx: CheckContext, id: string): Finding[] {
  const path = 'metadata/default.meta';
  const spec = ctx.splunkSpecs.get('default.meta');
  if (!spec) return [{ check: id, path, message: 'default.meta.spec is missing from the Splunk specs' }];
  const keys = [...spec.global, ...spec.stanzas.flatMap((s) => s.keys)];
  const findings: Finding[] = [];
  for (const stanza of confStanzas(tree, path) ?? []) {
    if (!/^$|^[A-Za-z_][\w-]*(\/[^/]+)?$/.test(stanza.name) && stanza.name !== 'default')
      findings.push({ check: id, path, message: `${path} line ${stanza.line}: [${stanza.name}] is not [], [<object_type>] or [<object_type>/<name>]` });
    for (const { key, line } of stanza.entries)
      if (!keys.some((k) => keyMatches(k, key)))
        findings.push({ check: id, path, message: `${path} line ${line}: [${stanza.name}] ${key} is not a default.meta setting (${[...new Set(keys)].join(', ')})` });
  }
  return findings;
}

export const confKeys: PackageCheck = {
  id: 'conf-keys',
  rule: "every key in default/*.conf and metadata/default.meta is in Splunk 9.2's spec or the app's README/<conf>.conf.spec",
  run(tree, ctx) {
    const confs = tree.entries.map(appPath).filter((p) => /^default\/[^/]+\.conf$/.test(p));
    const findings = confs.flatMap((path) => checkConf(tree, path, ctx, this.id));
    if (fileText(tree, 'metadata/default.meta') !== undefined) findings.push(...checkMeta(tree, ctx, this.id));
    return findings;
  },
};
