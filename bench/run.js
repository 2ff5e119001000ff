#!/usr/bin/env node
// Runs a TypeScript benchmark from source: esbuild bundles the workspace code it imports (path
// aliases from tsconfig.base.json, JSON included) in memory, packages stay external, and Node runs
// the bundle as if it were the .ts file itself (so node_modules resolve from here, and stack traces
// point at the .ts sources with --enable-source-maps). No files are written.
//
//   node --experimental-websocket --enable-source-maps bench/run.js bench/link-patients.ts [flags]
//
// No type check here: `npx tsc --noEmit -p bench` does that.
'use strict';
const path = require('node:path');
const Module = require('node:module');
const esbuild = require('esbuild');

const workspaceRoot = path.resolve(__dirname, '..');

async function main() {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: node --experimental-websocket bench/run.js <file.ts> [flags]\n');
    process.exit(2);
  }
  const filename = path.resolve(entry);
  const result = await esbuild.build({
    entryPoints: [filename],
    bundle: true,
    write: false,
    // Not written; names the output so that source map paths are relative to the .ts file's folder.
    outfile: filename.replace(/\.ts$/, '.bundle.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    tsconfig: path.join(workspaceRoot, 'tsconfig.base.json'),
    sourcemap: 'inline',
    sourcesContent: false,
    keepNames: true,
    logLevel: 'warning',
    plugins: [externalPackages],
  });
  const [output] = result.outputFiles;

  process.argv = [process.argv[0], filename, ...args];
  const benchModule = new Module(filename, module);
  benchModule.filename = filename;
  benchModule.paths = Module._nodeModulePaths(path.dirname(filename));
  benchModule._compile(output.text, filename);
}

/** Bare imports other than the workspace's `@prospect/*` aliases are loaded by Node at run time. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@prospect/') ? undefined : { path: args.path, external: true },
    );
  },
};

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
