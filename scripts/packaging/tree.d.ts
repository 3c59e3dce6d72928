export function isExcluded(name: string): boolean;
export function copyAppPath(from: string, to: string): void;
export function linkOrCopy(from: string, to: string): void;
export function listTree(dir: string): string[];
export function packagedMode(relPath: string): number;
export function normaliseModes(dir: string): void;
