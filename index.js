// Electron's entry in development: `electron .` loads index.js when package.json has
// no "main". There is none on purpose: npm always ships the "main" file, and CLI users
// must not get the Electron bundle. Installers set it (electron-builder.yml extraMetadata).
import './dist/main/index.js';
