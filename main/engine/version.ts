/** The app's version, from package.json: written into every report manifest and backup. */
import pkg from '../../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;
