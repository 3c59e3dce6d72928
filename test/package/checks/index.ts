// All package checks (AppInspect's packaging and structure checks, re-implemented: splunk-platform.md §7).
import { alertActions, inputsSpecLineBreaks, modularInputExecutables, shellScripts } from './executables';
import { appId, appLabel, appVersion, installBuild, launcherDescription } from './app-conf';
import { binaryDeclaration } from './binary-declaration';
import { searchCommands } from './commands';
import { confKeys } from './conf-keys';
import { navViews, studioDashboards } from './dashboards';
import { icons } from './icons';
import type { PackageTree } from './model';
import { permissions } from './permissions';
import { noSecrets } from './secrets';
import { appConfPresent, archiveFormat, noDotSlashMembers, noHiddenFiles, noLocal, topLevelFolder } from './structure';
import type { CheckContext, Finding, PackageCheck } from './types';

export { loadSplunkSpecs } from './conf-keys';
export type { CheckContext, Finding, PackageCheck } from './types';

export const PACKAGE_CHECKS: readonly PackageCheck[] = [
  topLevelFolder,
  archiveFormat,
  appConfPresent,
  noLocal,
  noHiddenFiles,
  noDotSlashMembers,
  permissions,
  appVersion,
  appId,
  appLabel,
  launcherDescription,
  installBuild,
  icons,
  modularInputExecutables,
  inputsSpecLineBreaks,
  shellScripts,
  alertActions,
  searchCommands,
  confKeys,
  noSecrets,
  binaryDeclaration,
  studioDashboards,
  navViews,
];

export function runChecks(tree: PackageTree, ctx: CheckContext, checks: readonly PackageCheck[] = PACKAGE_CHECKS): Finding[] {
  return checks.flatMap((check) => check.run(tree, ctx));
}
