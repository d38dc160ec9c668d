// The version gov-clerk reports (package.json's, through assets.ts so the bundle has it too).
import { VERSION } from './assets.js';

export { VERSION };

/**
 * What `gov-clerk --version` prints: the program's version and the Node that runs it (the
 * machine's for the node CLI; the one built in for the single-file builds, issue 22.4).
 */
export function versionLine(node: string = process.version): string {
  return `gov-clerk ${VERSION}（Node.js ${node}）`;
}
