// Rasterises the vector icons in assets/src/ into every file the app and the
// installers use, with a local Chromium (scripts/chromium.mjs: CHROMIUM_PATH or
// the usual install locations) through playwright-core (no browser download). Outputs are committed; run again after editing an SVG:
//   node scripts/make-icons.mjs
// Tray: Linux PNG 16/32 (+@2x), macOS monochrome ...Template.png (+@2x), Windows
// .ico (16/24/32/48); app icon: 512 px PNG and a 16..256 px .ico.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'assets', 'src');
const out = join(root, 'assets');
const STATES = ['idle', 'waiting', 'error', 'normal', 'elevated', 'alert'];
// Colours the SVGs use; macOS template images replace them with black (the
// menu bar recolours templates, so on macOS the state shows by shape alone).
const COLOURS = ['#7a7a7a', '#1e9e4a', '#e09400', '#d7263d'];

/** An .ico whose entries are PNGs (supported since Windows Vista). */
export function icoFromPngs(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt8(0, e + 2); // no palette
    header.writeUInt8(0, e + 3);
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

const found = findChromium();
if (found.error) {
  console.error(`make-icons: ${found.error}`);
  process.exit(1);
}
const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
const page = await browser.newPage({ deviceScaleFactor: 1 });

async function render(svg, size) {
  const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`,
  );
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

function write(rel, data) {
  const path = join(out, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

try {
  for (const state of STATES) {
    const svg = readFileSync(join(src, `tray-${state}.svg`), 'utf8');
    const template = COLOURS.reduce((s, c) => s.replaceAll(c, '#000000'), svg);
    const png = {};
    for (const size of [16, 24, 32, 48, 64]) png[size] = await render(svg, size);
    write(`tray/linux/${state}-16.png`, png[16]);
    write(`tray/linux/${state}-16@2x.png`, png[32]);
    write(`tray/linux/${state}-32.png`, png[32]);
    write(`tray/linux/${state}-32@2x.png`, png[64]);
    write(`tray/mac/${state}Template.png`, await render(template, 16));
    write(`tray/mac/${state}Template@2x.png`, await render(template, 32));
    write(
      `tray/win/${state}.ico`,
      icoFromPngs([16, 24, 32, 48].map((size) => ({ size, png: png[size] }))),
    );
  }
  const app = readFileSync(join(src, 'app-icon.svg'), 'utf8');
  write('icon.png', await render(app, 512));
  const sizes = [16, 24, 32, 48, 64, 128, 256];
  const icons = [];
  for (const size of sizes) icons.push({ size, png: await render(app, size) });
  write('icon.ico', icoFromPngs(icons));
  console.log(
    `make-icons: ${STATES.length} tray states x 3 platforms + app icon written to assets/`,
  );
} finally {
  await browser.close();
}
