// The add-on's version, from package.json (esbuild inlines just this field into the bundles).
import { version } from '../../package.json';

export const APP_VERSION: string = version;
