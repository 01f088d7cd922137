// The one checker of the page, running in a Web Worker (createWorkerChecker), and a
// debounced "latest input wins" runner so typing never waits for the engine.
import { createWorkerChecker, AnshinError } from "./pkg/index.js";

export { AnshinError };

let pending = null;

/** The page's worker checker, created on first use. Rejects with an AnshinError. */
export function engine() {
  if (!pending) {
    pending = createWorkerChecker().catch((e) => {
      pending = null;  // allow a retry
      throw e instanceof AnshinError ? e : new AnshinError({ code: "io_error", message: String(e && e.message ? e.message : e) });
    });
  }
  return pending;
}

/**
 * Runs `task(input)` at most once at a time, `delay` ms after the last schedule(), always
 * on the newest input: inputs scheduled while a task runs collapse into one follow-up run.
 * `onResult(result, input)` / `onError(error, input)` are called for every finished run.
 *
 *   const live = debounced((text) => checker.check(text), render, showError, 200);
 *   textarea.addEventListener("input", () => live.schedule(textarea.value));
 */
export function debounced(task, onResult, onError, delay = 200) {
  let timer = null;
  let running = false;
  let next = null;  // {input} of the newest schedule() not yet started

  async function run() {
    timer = null;
    if (running || !next) return;
    const { input } = next;
    next = null;
    running = true;
    try {
      onResult(await task(input), input);
    } catch (e) {
      onError(e, input);
    } finally {
      running = false;
      if (next && timer === null) run();
    }
  }

  return {
    /** Schedules a run on `input`; `now` skips the delay (e.g. when a selector changes). */
    schedule(input, now = false) {
      next = { input };
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(run, now ? 0 : delay);
    },
    /** True while a run is scheduled or running. */
    get busy() {
      return running || timer !== null;
    },
  };
}
