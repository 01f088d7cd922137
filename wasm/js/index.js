// Anshin — JavaScript API over the WebAssembly core.
//
//   import { createChecker } from "anshin";
//   const checker = await createChecker({ locale: "ja" });
//   const report = checker.check(text, { kind: "post", stage: "draft", mode: "project" });
//   checker.dispose();
//
// Everything runs locally: the only request this module ever makes is for its own
// .wasm file (in browsers), and it never uses eval or new Function.
import createAnshinModule from "./anshin_wasm.js";

/** Error thrown by every Anshin call: `code` is stable, `file`/`pointer`/`rule` say where. */
export class AnshinError extends Error {
  constructor(info) {
    const where = [info.file, info.pointer, info.rule ? `(rule ${info.rule})` : ""].filter(Boolean).join(" ");
    super(where ? `${where}: ${info.message}` : info.message);
    this.name = "AnshinError";
    this.code = info.code || "invalid_argument";
    this.detail = info.message;
    this.file = info.file;
    this.pointer = info.pointer;
    this.rule = info.rule;
  }
}

const KINDS = ["post", "message"];
const STAGES = ["draft", "before_escrow", "after_escrow"];
const MODES = ["project", "competition", "task"];
const LOCALES = ["ja", "en"];
const isNode = typeof process === "object" && process !== null && !!(process.versions && process.versions.node) &&
  typeof window === "undefined" && typeof self === "undefined";

function fail(message, pointer) {
  throw new AnshinError({ code: "invalid_argument", message, pointer });
}

function parseResult(json) {
  const value = JSON.parse(json);
  if (value && typeof value === "object" && value.error && !("version" in value)) throw new AnshinError(value.error);
  return value;
}

// UTF-8 bytes for the core. TextEncoder turns lone surrogates into U+FFFD, which is
// also one UTF-16 unit, so offsets in the report stay valid indices into `text`.
const encoder = new TextEncoder();
const decoder16 = new TextDecoder("utf-16le");

async function wasmBytesFor(options) {
  if (options.wasmBinary) return options.wasmBinary;
  const url = options.wasmUrl || new URL("./anshin_wasm.wasm", import.meta.url);
  if (isNode) {
    const { readFile } = await import("node:fs/promises");
    return readFile(url);
  }
  return null;  // browsers stream it below
}

async function instantiate(options) {
  const bytes = await wasmBytesFor(options);
  const url = options.wasmUrl || new URL("./anshin_wasm.wasm", import.meta.url);
  return createAnshinModule({
    // We instantiate ourselves: no fetch of a file path in Node, streaming in browsers.
    instantiateWasm(imports, receive) {
      const done = (result) => receive(result.instance, result.module);
      if (bytes) {
        WebAssembly.instantiate(bytes, imports).then(done, options.onError);
      } else if (typeof WebAssembly.instantiateStreaming === "function") {
        WebAssembly.instantiateStreaming(fetch(url, { credentials: "same-origin" }), imports)
          .catch(() => fetch(url).then((r) => r.arrayBuffer()).then((b) => WebAssembly.instantiate(b, imports)))
          .then(done, options.onError);
      } else {
        fetch(url).then((r) => r.arrayBuffer()).then((b) => WebAssembly.instantiate(b, imports)).then(done, options.onError);
      }
      return {};
    },
    print: () => {},
    printErr: () => {},
  });
}

function packsJson(rules) {
  if (rules === undefined || rules === null) return "";
  if (!Array.isArray(rules)) fail("options.rules must be an array of rule packs (parsed JSON objects or JSON strings)", "/rules");
  return JSON.stringify(rules.map((pack, i) => {
    if (typeof pack === "string") return { name: `rules[${i}]`, json: pack };
    if (pack && typeof pack === "object") return { name: `rules[${i}]${pack.pack ? ` (${pack.pack})` : ""}`, json: JSON.stringify(pack) };
    return fail(`options.rules[${i}] must be an object or a JSON string`, `/rules/${i}`);
  }));
}

function checkOptions(opts, defaults) {
  if (opts === undefined || opts === null) opts = {};
  if (typeof opts !== "object" || Array.isArray(opts)) fail("options must be an object");
  const out = {};
  for (const [key, value] of Object.entries(opts)) {
    if (value === undefined) continue;
    if (!["kind", "stage", "mode", "platform", "locale"].includes(key))
      fail(`unknown option "${key}" (kind, stage, mode, platform, locale)`, `/${key}`);
    if (typeof value !== "string") fail(`option "${key}" must be a string`, `/${key}`);
    out[key] = value;
  }
  if (out.kind && !KINDS.includes(out.kind)) fail(`unknown kind "${out.kind}" (${KINDS.join(", ")})`, "/kind");
  if (out.stage && !STAGES.includes(out.stage)) fail(`unknown stage "${out.stage}" (${STAGES.join(", ")})`, "/stage");
  if (out.mode && !MODES.includes(out.mode)) fail(`unknown mode "${out.mode}" (${MODES.join(", ")})`, "/mode");
  if (out.locale && !LOCALES.includes(out.locale)) fail(`unknown locale "${out.locale}" (ja, en)`, "/locale");
  if (!out.locale) out.locale = defaults.locale;
  // A message is read before escrow unless told otherwise (as the CLI does).
  if (out.kind === "message" && !out.stage) out.stage = "before_escrow";
  return out;
}

function threadJson(thread) {
  if (typeof thread === "string") return thread;
  if (thread && typeof thread === "object") return JSON.stringify(thread);
  return fail("thread must be an object or a JSON string");
}

/**
 * Creates a checker. Options (all optional):
 *   locale: "ja" (default) | "en"  — language of messages and guides
 *   rules: extra rule packs (parsed JSON objects or JSON strings), added to the built-in ones
 *   platforms: a replacement platform policy (object or JSON string)
 *   wasmUrl / wasmBinary: where the .wasm comes from (default: next to this file)
 *   lineCache: true (default) keeps each line's matches between checks, so re-checking
 *              an edited text matches only the changed lines; false for benchmarks
 */
export async function createChecker(options = {}) {
  if (options === null || typeof options !== "object") fail("options must be an object");
  const locale = options.locale ?? "ja";
  if (!LOCALES.includes(locale)) fail(`unknown locale "${locale}" (ja, en)`, "/locale");
  const packs = packsJson(options.rules);
  const lineCache = options.lineCache ?? true;
  if (typeof lineCache !== "boolean") fail("options.lineCache must be true or false", "/lineCache");
  const platforms = options.platforms === undefined ? "" :
    typeof options.platforms === "string" ? options.platforms : JSON.stringify(options.platforms);
  let module;
  try {
    module = await new Promise((resolve, reject) => {
      instantiate({ ...options, onError: reject }).then(resolve, reject);
    });
  } catch (e) {
    throw new AnshinError({ code: "io_error", message: `cannot load the WebAssembly module: ${e && e.message ? e.message : e}` });
  }
  const native = new module.Checker();
  const initError = native.init(packs, platforms, lineCache);
  if (initError) {
    native.delete();
    parseResult(initError);
  }
  return new Checker(native, { locale }, module);
}

class Checker {
  #native;
  #defaults;
  #module;
  #idle = null;
  constructor(native, defaults, module) {
    this.#native = native;
    this.#defaults = defaults;
    this.#module = module;
  }
  #live() {
    if (!this.#native) throw new AnshinError({ code: "invalid_argument", message: "this checker has been disposed" });
    return this.#native;
  }
  /** Checks a job post or message; returns SPEC.md's report (offsets are indices into `text`). */
  check(text, options) {
    if (typeof text !== "string") fail("text must be a string");
    const opts = checkOptions(options, this.#defaults);
    const live = this.#live();
    // The text goes straight into WebAssembly memory (at most 3 UTF-8 bytes per UTF-16
    // unit); the result is a view of WebAssembly memory, valid until the next call:
    // decode it now.
    const { written } = encoder.encodeInto(text, live.input(text.length * 3));
    return parseResult(decoder16.decode(live.check(written, JSON.stringify(opts))));
  }
  /** Requirement-clarification guide for a thread (SPEC.md "Thread"). */
  clarify(thread, options = {}) {
    const locale = (options && options.locale) || this.#defaults.locale;
    if (!LOCALES.includes(locale)) fail(`unknown locale "${locale}" (ja, en)`, "/locale");
    return parseResult(this.#live().clarify(threadJson(thread), locale));
  }
  /** No-reply guide for a thread; options.now (ISO 8601) overrides thread.now. */
  followup(thread, options = {}) {
    const locale = (options && options.locale) || this.#defaults.locale;
    if (!LOCALES.includes(locale)) fail(`unknown locale "${locale}" (ja, en)`, "/locale");
    const now = options && options.now !== undefined ? options.now : "";
    if (typeof now !== "string") fail("options.now must be an ISO 8601 string", "/now");
    return parseResult(this.#live().followup(threadJson(thread), now, locale));
  }
  /** Runs every example of every loaded rule: {count, failures}. */
  testRules() {
    return parseResult(this.#live().testRules());
  }
  /** Bytes of WebAssembly linear memory this checker's instance holds (it only grows). */
  get memoryBytes() {
    return this.#module.HEAP8.buffer.byteLength;
  }
  /**
   * Compiles up to `n` rule patterns not compiled yet (patterns otherwise compile the first
   * time a check needs them) and returns how many remain. For idle time: the Worker checker
   * calls it in small slices after start-up.
   */
  warm(n = 8) {
    if (!Number.isInteger(n) || n < 1) fail("n must be a positive integer");
    return this.#live().warm(n);
  }
  /**
   * Compiles the remaining patterns in slices of `slice`, one per macrotask, so that work
   * queued meanwhile runs in between and later first checks find the patterns ready.
   * Resolves when none is left or the checker is disposed; calling it again returns the
   * same promise. (The Worker checker and the extension's background use it.)
   */
  warmInIdle(slice = 4) {
    if (!Number.isInteger(slice) || slice < 1) fail("slice must be a positive integer");
    if (!this.#idle) {
      this.#idle = new Promise((resolve) => {
        const step = () => setTimeout(() => {
          let left = 0;
          try { left = this.warm(slice); } catch { resolve(); return; }
          if (left > 0) step(); else resolve();
        }, 0);
        step();
      });
    }
    return this.#idle;
  }
  /** Number of loaded rules. */
  get ruleCount() {
    return this.#live().ruleCount();
  }
  /** Frees the WebAssembly memory held by this checker. Safe to call twice. */
  dispose() {
    if (this.#native) {
      this.#native.delete();
      this.#native = null;
    }
  }
}

/**
 * The same checker in a Worker (browser Web Worker or Node worker_threads): every
 * method returns a Promise, so long texts never block the page.
 */
export async function createWorkerChecker(options = {}) {
  const url = options.workerUrl || new URL("./worker.js", import.meta.url);
  let worker;
  if (isNode) {
    const { Worker } = await import("node:worker_threads");
    worker = new Worker(url);
  } else {
    worker = new Worker(url, { type: "module" });
  }
  let next = 0;
  const pending = new Map();
  const onMessage = (data) => {
    const p = pending.get(data.id);
    if (!p) return;
    pending.delete(data.id);
    if (data.error) p.reject(new AnshinError(data.error));
    else p.resolve(data.result);
  };
  const onError = (e) => {
    const err = new AnshinError({ code: "io_error", message: `worker failed: ${e && e.message ? e.message : e}` });
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  if (isNode) { worker.on("message", onMessage); worker.on("error", onError); }
  else { worker.onmessage = (e) => onMessage(e.data); worker.onerror = onError; }
  const call = (method, args) => new Promise((resolve, reject) => {
    if (!worker) return reject(new AnshinError({ code: "invalid_argument", message: "this checker has been disposed" }));
    const id = ++next;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, method, args });
  });
  const { workerUrl, ...rest } = options;
  try {
    await call("init", [rest]);
  } catch (e) {
    const w = worker;
    worker = null;
    await w.terminate();
    throw e;
  }
  return {
    check: (text, opts) => call("check", [text, opts]),
    clarify: (thread, opts) => call("clarify", [thread, opts]),
    followup: (thread, opts) => call("followup", [thread, opts]),
    testRules: () => call("testRules", []),
    async dispose() {
      if (!worker) return;
      const w = worker;
      worker = null;
      for (const p of pending.values()) p.reject(new AnshinError({ code: "invalid_argument", message: "this checker has been disposed" }));
      pending.clear();
      await w.terminate();
    },
  };
}
