export function packageMtime(env?: NodeJS.ProcessEnv): Date;
export function writeTarball(options: { appDir: string; topLevel: string; file: string; mtime?: Date }): Promise<string>;
