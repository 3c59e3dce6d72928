// Confs that differ per platform package. commands.conf has one `filename` per command and splunkd runs it
// as is, so the Windows package points each chunked command at its .cmd launcher instead of the .sh one.

/** commands.conf text with every `filename = <name>.sh` turned into `<name>.cmd`. */
export function windowsCommandsConf(text) {
  return text.replace(/^(\s*filename\s*=\s*)([A-Za-z0-9_]+)\.sh(\s*)$/gm, '$1$2.cmd$3');
}
