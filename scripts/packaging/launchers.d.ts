export interface LauncherTemplates {
  sh: string;
  cmd: string;
}
export function readLauncherTemplates(root: string): LauncherTemplates;
export function renderLaunchers(name: string, templates: LauncherTemplates): LauncherTemplates;
