#!/usr/bin/env node
// Builds the static web app and the browser extension from web/ and the WebAssembly
// package (build/wasm/pkg, made by scripts/setup.sh). No bundler: both are plain ES
// modules, so "building" is copying files into place.
//
//   node web/build.mjs            # → build/web/ and build/extension/
//
// Each output is self-contained (the package is copied into its pkg/ folder), works
// offline and from any static file server.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkgDir = join(root, "build/wasm/pkg");

function fail(message) {
  console.error(`web/build.mjs: ${message}`);
  process.exit(2);
}

// The package's own "files" list says what ships; README and types are not needed at run time.
const pkgManifest = join(pkgDir, "package.json");
if (!existsSync(pkgManifest) || !existsSync(join(pkgDir, "anshin_wasm.wasm")))
  fail(`${relative(root, pkgDir)} is missing or incomplete; run scripts/setup.sh first`);
const runtimeFiles = JSON.parse(readFileSync(pkgManifest, "utf8")).files
  .filter((f) => /\.(js|wasm)$/.test(f));

function copyTree(from, to, skip = () => false) {
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    if (skip(name, src)) continue;
    const dst = join(to, name);
    if (statSync(src).isDirectory()) {
      mkdirSync(dst, { recursive: true });
      copyTree(src, dst, skip);
    } else {
      cpSync(src, dst);
    }
  }
}

function copyPkg(to) {
  mkdirSync(to, { recursive: true });
  for (const f of runtimeFiles) {
    if (!existsSync(join(pkgDir, f))) fail(`${relative(root, join(pkgDir, f))} is missing; run scripts/setup.sh`);
    cpSync(join(pkgDir, f), join(to, f));
  }
}

function build(name, from, to, skip) {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  copyTree(from, to, skip);
  copyPkg(join(to, "pkg"));
  console.log(`built ${relative(root, to)}/ (from ${relative(root, from)}/ and ${relative(root, pkgDir)}/)`);
}

build("web app", join(root, "web/app"), join(root, "build/web"));
// The extension's README is for developers, not part of the unpacked extension.
build("extension", join(root, "web/extension"), join(root, "build/extension"), (name) => name === "README.md");
