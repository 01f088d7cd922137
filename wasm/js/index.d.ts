// Type declarations for the anshin package (see SPEC.md for the report format).

export type Kind = "post" | "message";
export type Stage = "draft" | "before_escrow" | "after_escrow";
export type Mode = "project" | "competition" | "task";
export type Platform = "lancers" | "crowdworks" | "coconala" | (string & {});
export type Locale = "ja" | "en";
export type Severity = "info" | "warning" | "error";
export type Category =
  | "stealth_marketing" | "external_tos" | "uncertain_pay" | "mlm" | "offsite_transaction"
  | "other_violation" | "missing_requirement" | "vague_requirement" | "advice";

export interface CheckOptions {
  kind?: Kind;          // default "post"
  stage?: Stage;        // default "draft" (a message: "before_escrow")
  mode?: Mode;          // default "project"
  platform?: Platform;  // default "lancers"
  locale?: Locale;      // default: the checker's locale
}

export interface Finding {
  rule: string;
  category: Category;
  severity: Severity;
  /** UTF-16 index into the checked text (inclusive). */
  start: number;
  /** UTF-16 index into the checked text (exclusive). */
  end: number;
  excerpt: string;
  message: string;
  suggestion: string;
  /** Present on substitution rules: text that can replace [start, end). */
  replacement?: string;
}

export interface ChecklistItem {
  field: string;
  status: "present" | "missing" | "vague";
  required?: false;
  start?: number;
  end?: number;
  value?: string;
  question?: string;
}

export interface Report {
  version: 1;
  kind: Kind;
  stage: Stage;
  mode: Mode;
  platform: Platform;
  locale: Locale;
  findings: Finding[];
  checklist?: ChecklistItem[];
  score?: number;
}

export interface ThreadMessage { from: "client" | "freelancer"; at: string; text: string; }
export interface Thread {
  post: string;
  stage?: Stage;
  mode?: Mode;
  platform?: Platform;
  me?: "client" | "freelancer";
  now?: string;
  messages: ThreadMessage[];
}

export interface Evidence { value: string; source: "post" | number; start: number; end: number; }
export interface ClarifyGuide {
  version: 1;
  facts: Record<"request" | "proposal" | "deadline" | "budget" | "deliverables" | "revisions" | "acceptance", Evidence[]>;
  changes: { message: number; at: string; start: number; end: number; excerpt: string }[];
  verbal: { message: number; at: string; start: number; end: number; excerpt: string }[];
  conflicts: { field: string; values: Evidence[] }[];
  questions: { field: string; text: string }[];
  summary: string;
  resolutions: { id: "extend_deadline" | "change_requirements_and_close" | "adr" | "court"; text: string }[];
}
export interface FollowupGuide {
  version: 1;
  waiting_on: "client" | "freelancer" | "none";
  days_silent: number;
  unanswered: { message: number; at: string; excerpt: string }[];
  next_step: "wait" | "remind" | "platform_reminder" | "support";
  template: string;
  prevention: string[];
}

export interface RuleTestResult {
  count: number;
  failures: { rule: string; pack: string; pointer: string; message: string }[];
}

export interface CheckerOptions {
  locale?: Locale;
  /** Extra rule packs (parsed JSON or JSON text), loaded after the built-in ones. */
  rules?: (object | string)[];
  /** A replacement platform policy (rules/platforms.json format). */
  platforms?: object | string;
  wasmUrl?: string | URL;
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Keep each line's matches between checks (default true): re-checks of an edited text match only changed lines. */
  lineCache?: boolean;
}

export class AnshinError extends Error {
  /** "invalid_argument" | "parse_error" | "schema_error" | "pattern_error" | "duplicate_rule" | "example_failed" | "io_error" */
  code: string;
  detail: string;
  file?: string;
  pointer?: string;
  rule?: string;
}

export interface Checker {
  check(text: string, options?: CheckOptions): Report;
  clarify(thread: Thread | string, options?: { locale?: Locale }): ClarifyGuide;
  followup(thread: Thread | string, options?: { now?: string; locale?: Locale }): FollowupGuide;
  testRules(): RuleTestResult;
  /** Compiles up to `n` (default 8) patterns not compiled yet; returns how many remain. */
  warm(n?: number): number;
  /** Compiles the remaining patterns in slices between other work; resolves when done or disposed. */
  warmInIdle(slice?: number): Promise<void>;
  readonly ruleCount: number;
  /** Bytes of WebAssembly linear memory held by this checker's instance. */
  readonly memoryBytes: number;
  dispose(): void;
}

export interface WorkerChecker {
  check(text: string, options?: CheckOptions): Promise<Report>;
  clarify(thread: Thread | string, options?: { locale?: Locale }): Promise<ClarifyGuide>;
  followup(thread: Thread | string, options?: { now?: string; locale?: Locale }): Promise<FollowupGuide>;
  testRules(): Promise<RuleTestResult>;
  dispose(): Promise<void>;
}

export function createChecker(options?: CheckerOptions): Promise<Checker>;
/** `warm` (default true): compile the remaining patterns in idle slices after start-up. */
export function createWorkerChecker(options?: CheckerOptions & { workerUrl?: string | URL; warm?: boolean }): Promise<WorkerChecker>;
