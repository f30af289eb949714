// `node --import ./register.mjs app.js`: resolve `electron` to the recording stand-in.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
