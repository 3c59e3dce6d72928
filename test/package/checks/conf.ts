// Conf files of the package, parsed with the project's conf parser.
import { confToObject, parseConf, type ConfStanza } from '../../../src/splunk/conf-file';
import { fileText, type PackageTree } from './model';

export function confStanzas(tree: PackageTree, path: string): ConfStanza[] | undefined {
  const text = fileText(tree, path);
  return text === undefined ? undefined : parseConf(text);
}

export function confObject(tree: PackageTree, path: string): Record<string, Record<string, string>> | undefined {
  const stanzas = confStanzas(tree, path);
  return stanzas && confToObject(stanzas);
}

export const appConf = (tree: PackageTree) => confObject(tree, 'default/app.conf') ?? {};
