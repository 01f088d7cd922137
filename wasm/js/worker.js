// Worker side of createWorkerChecker(): one checker, driven by {id, method, args}
// messages; answers {id, result} or {id, error}. Runs as a module Web Worker or a
// Node worker_threads worker.
import { createChecker, AnshinError } from "./index.js";

const inBrowser = typeof self !== "undefined" && typeof self.postMessage === "function";
const port = inBrowser ? self : (await import("node:worker_threads")).parentPort;

let checker = null;

function errorInfo(e) {
  if (e instanceof AnshinError) return { code: e.code, message: e.detail, file: e.file, pointer: e.pointer, rule: e.rule };
  return { code: "invalid_argument", message: String(e && e.message ? e.message : e) };
}

async function handle({ id, method, args }) {
  try {
    let result;
    if (method === "init") {
      const { warm = true, ...options } = args[0] || {};
      checker = await createChecker(options);
      // Compile the remaining patterns between requests, so that first checks find them
      // ready; createWorkerChecker({ warm: false }) turns this off.
      if (warm) checker.warmInIdle();
      result = true;
    } else if (!checker) {
      throw new AnshinError({ code: "invalid_argument", message: "the checker is not initialised" });
    } else if (method === "check" || method === "clarify" || method === "followup" || method === "testRules") {
      result = checker[method](...args);
    } else {
      throw new AnshinError({ code: "invalid_argument", message: `unknown method "${method}"` });
    }
    port.postMessage({ id, result });
  } catch (e) {
    port.postMessage({ id, error: errorInfo(e) });
  }
}

if (inBrowser) self.onmessage = (e) => handle(e.data);
else port.on("message", handle);
