// The version gov-clerk reports (package.json's, through assets.ts so the bundle has it too).
export { VERSION } from './assets.js';
