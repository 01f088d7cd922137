// Deterministic benchmark texts built from the labelled corpus (real-looking Japanese
// posts and messages, violations and clean text mixed), cut to exact lengths.
import { corpusCases } from "../js/helpers.mjs";

const pool = corpusCases().map((c) => c.text);

/** A text of exactly `chars` UTF-16 units (cut on a code point boundary). */
export function textOfLength(chars, seed = 0) {
  let out = "";
  for (let i = seed; out.length < chars; i++) out += pool[i % pool.length] + "\n";
  let t = out.slice(0, chars);
  const last = t.charCodeAt(t.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) t = t.slice(0, -1) + " ";
  return t;
}

/** A text of about `bytes` bytes of UTF-8. */
export function textOfBytes(bytes) {
  const enc = new TextEncoder();
  const unit = pool.join("\n") + "\n";
  const unitBytes = enc.encode(unit).length;
  return unit.repeat(Math.max(1, Math.round(bytes / unitBytes)));
}
