export function windowsCommandsConf(text: string): string;
