// The operator console's session and support endpoints (ext), listed apart so the console's additions stay in one place.
import type { AnyRoute } from '../../pipeline/define-route.js';
import consoleImportPreview from './console-import-preview.js';
import consoleMe from './console-me.js';
import consoleSignIn from './console-sign-in.js';
import consoleSignOut from './console-sign-out.js';
import consoleStats from './console-stats.js';

export const consoleRoutes: readonly AnyRoute[] = [
  consoleSignIn,
  consoleMe,
  consoleSignOut,
  consoleStats,
  consoleImportPreview,
];
