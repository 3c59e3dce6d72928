// app.conf rules of AppInspect's packaging and app-approval checks (splunk-platform.md §7).
import { appConf } from './conf';
import type { Finding, PackageCheck } from './types';

// semver.org 2.0.0, the official regular expression.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const RESERVED_WINDOWS_NAMES = /^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])$/i;

export const appVersion: PackageCheck = {
  id: 'app-version',
  rule: '[id] version and [launcher] version are present, equal, and semver 2.0.0',
  run(tree) {
    const conf = appConf(tree);
    const findings: Finding[] = [];
    const id = conf.id?.version;
    const launcher = conf.launcher?.version;
    if (id === undefined) findings.push({ check: this.id, message: '[id] version is missing in default/app.conf' });
    if (launcher === undefined) findings.push({ check: this.id, message: '[launcher] version is missing in default/app.conf' });
    for (const [where, v] of [['[id]', id], ['[launcher]', launcher]] as const)
      if (v !== undefined && !SEMVER.test(v)) findings.push({ check: this.id, message: `${where} version '${v}' is not semver 2.0.0 (MAJOR.MINOR.PATCH)` });
    if (id !== undefined && launcher !== undefined && id !== launcher)
      findings.push({ check: this.id, message: `[id] version '${id}' differs from [launcher] version '${launcher}'` });
    return findings;
  },
};

export const appId: PackageCheck = {
  id: 'app-id',
  rule: '[package] id is a valid folder name and equals [id] name',
  run(tree) {
    const conf = appConf(tree);
    const id = conf.package?.id;
    const name = conf.id?.name;
    if (id === undefined) return [{ check: this.id, message: '[package] id is missing in default/app.conf' }];
    const findings: Finding[] = [];
    if (!/^[A-Za-z0-9._]+$/.test(id) || id.endsWith('.') || RESERVED_WINDOWS_NAMES.test(id))
      findings.push({ check: this.id, message: `[package] id '${id}' must use only letters, digits, '.' and '_', not end with '.', and not be a reserved Windows name` });
    if (name !== id) findings.push({ check: this.id, message: `[id] name '${name ?? ''}' differs from [package] id '${id}'` });
    return findings;
  },
};

export const appLabel: PackageCheck = {
  id: 'app-label',
  rule: '[ui] label has 5-80 characters and does not say "Splunk for"',
  run(tree) {
    const label = appConf(tree).ui?.label;
    if (label === undefined) return [{ check: this.id, message: '[ui] label is missing in default/app.conf' }];
    const findings: Finding[] = [];
    if (label.length < 5 || label.length > 80)
      findings.push({ check: this.id, message: `[ui] label '${label}' has ${label.length} characters; use 5 to 80` });
    if (/splunk\s+for/i.test(label)) findings.push({ check: this.id, message: `[ui] label '${label}' must not contain "Splunk for"` });
    return findings;
  },
};

export const launcherDescription: PackageCheck = {
  id: 'launcher-description',
  rule: '[launcher] description and author are present; the description has at most 200 characters',
  run(tree) {
    const launcher = appConf(tree).launcher ?? {};
    const findings: Finding[] = [];
    if (!launcher.author) findings.push({ check: this.id, message: '[launcher] author is missing in default/app.conf' });
    if (!launcher.description) findings.push({ check: this.id, message: '[launcher] description is missing in default/app.conf' });
    else if (launcher.description.length > 200)
      findings.push({ check: this.id, message: `[launcher] description has ${launcher.description.length} characters; use at most 200` });
    return findings;
  },
};

export const installBuild: PackageCheck = {
  id: 'install-build',
  rule: '[install] build is a positive integer',
  run(tree) {
    const build = appConf(tree).install?.build;
    return build !== undefined && /^[1-9]\d*$/.test(build)
      ? []
      : [{ check: this.id, message: `[install] build '${build ?? ''}' must be a positive integer, bumped with every release` }];
  },
};
