// Progress lines on stderr while a long benchmark runs (the table goes to stdout at the end).
export function note(text: string): void {
  process.stderr.write(`  ${text}\n`);
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
