// Bundles src/ into dist/: assets/app-[hash].js and assets/app-[hash].css (uPlot's CSS included), each with a linked
// source map, and an index.html that references them by their hashed names, read from esbuild's metafile.
// The web role serves dist/assets/* as immutable and index.html as no-cache, so only index.html names a build.
import * as esbuild from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, 'dist');
const assets = path.join(dist, 'assets');

await rm(dist, { recursive: true, force: true });
await mkdir(assets, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { app: 'src/main.js' },
  outdir: assets,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  bundle: true,
  format: 'esm',
  target: ['es2020'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});

// The entry's output, and the CSS bundle esbuild emits beside it for the CSS the entry imports.
const entry = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint === 'src/main.js');
if (!entry) {
  throw new Error('esbuild produced no output for src/main.js');
}
const [jsFile, jsOutput] = entry;
const cssFile = jsOutput.cssBundle;
if (!cssFile) {
  throw new Error('esbuild produced no CSS bundle for src/main.js');
}
const href = (file) => '/assets/' + path.basename(file);

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'">
<meta name="referrer" content="same-origin">
<title>tspipe · Trust &amp; Safety</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%232563eb'/%3E%3Cpath d='M4 8h8M8 4v8' stroke='white' stroke-width='2'/%3E%3C/svg%3E">
<link rel="stylesheet" href="${href(cssFile)}">
<script type="module" src="${href(jsFile)}"></script>
</head>
<body>
<div id="app"><noscript>This app needs JavaScript.</noscript></div>
</body>
</html>
`;
await writeFile(path.join(dist, 'index.html'), html);

const sizes = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map'))
  .map(([file, output]) => `${path.relative(root, file)} ${(output.bytes / 1024).toFixed(1)} KiB`);
console.log(['built dist/index.html', ...sizes].join('\n'));
