export function buildNumber(version: string): number;
export function setConfValues(text: string, values: Record<string, Record<string, string>>): string;
export function stampAppConf(text: string, version: string): string;
