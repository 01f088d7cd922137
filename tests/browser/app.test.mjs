// The web app (build/web) in a real Chromium, served by web/serve.mjs under its strict CSP:
// live checking as you type, the checklist, text never becoming HTML, no foreign
// requests, no CSP violations, keyboard tabs, English, the running-job views, screenshots.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { get } from "node:http";
import { assertBuilt, startServer, launch, watch, recordRequests, screenshotPath, EXPECTED_CSP } from "./helpers.mjs";

function rawStatus(origin, path) {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(origin);
    get({ hostname, port, path }, (res) => { res.resume(); resolve(res.statusCode); }).on("error", reject);
  });
}

const XSS = "<img src=x onerror=alert(1)>";
const POST_WITH_PHONE = "ロゴのデザインをお願いします。\n納期は12月15日です。\nご質問は090-1234-5678までお電話ください。";
const T = { timeout: 60_000 };

describe("web app", { timeout: 300_000 }, () => {
  let server, browser, context, page, problems, requests;

  before(async () => {
    assertBuilt("build/web", "web/app");
    server = await startServer();
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
    context.setDefaultTimeout(15_000);
    requests = recordRequests(context, [server.origin + "/"]);
    // Anything foreign is recorded above and refused here, so an offline machine never waits on it.
    await context.route((url) => url.origin !== server.origin, (route) => route.abort());
    page = await context.newPage();
    problems = await watch(page);
    await page.goto(server.url);
    await page.waitForSelector('[data-anshin="engine-status"][data-state="ready"]');
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  const panel = (view) => page.locator(`#panel-${view}`);
  const checked = (view) => page.waitForSelector(`#panel-${view}[data-checked="true"]`);

  test("web/serve.mjs sends the strict CSP, application/wasm, and nothing outside its root", T, async () => {
    const index = await fetch(server.url);
    assert.equal(index.headers.get("content-security-policy"), EXPECTED_CSP);
    assert.match(index.headers.get("content-type"), /^text\/html/);
    assert.match(await index.text(), /<meta http-equiv="Content-Security-Policy"/);
    const wasm = await fetch(new URL("pkg/anshin_wasm.wasm", server.url));
    assert.equal(wasm.headers.get("content-type"), "application/wasm");
    assert.equal(wasm.headers.get("content-security-policy"), EXPECTED_CSP);
    assert.match((await fetch(new URL("app.js", server.url))).headers.get("content-type"), /^text\/javascript/);
    assert.match((await fetch(new URL("app.css", server.url))).headers.get("content-type"), /^text\/css/);
    // Raw paths (fetch would normalise them): an encoded "../" must not escape build/web.
    assert.equal(await rawStatus(server.origin, "/..%2f..%2fpackage.json"), 403);
    assert.equal(await rawStatus(server.origin, "/../../package.json"), 404);
    assert.equal((await fetch(new URL("missing.js", server.url))).status, 404);
    assert.equal((await fetch(server.url, { method: "POST" })).status, 405);
  });

  test("typing a post with a phone number shows an offsite_transaction finding, highlighted in the text", T, async () => {
    const input = page.locator('[data-anshin="post-input"]');
    await input.click();
    await input.fill(POST_WITH_PHONE.slice(0, -8));
    await input.pressSequentially(POST_WITH_PHONE.slice(-8), { delay: 15 });  // keep typing: debounced checks
    await checked("post");
    const item = panel("post").locator('[data-anshin="findings"] li[data-category="offsite_transaction"]').first();
    await item.waitFor();
    assert.match(await item.getAttribute("data-anshin-rule"), /^offsite_transaction\./);
    assert.match(await item.innerText(), /090-1234-5678/);
    assert.ok(["error", "warning", "info"].includes(await item.getAttribute("data-severity")));
    // The highlight layer marks exactly the phone number, at the same place as the text.
    const mark = panel("post").locator('.editor-highlights mark[data-rule^="offsite_transaction"]').first();
    assert.equal(await mark.textContent(), "090-1234-5678");
    // Every finding item carries its rule and category.
    for (const li of await panel("post").locator('[data-anshin="findings"] > li').all()) {
      assert.ok(await li.getAttribute("data-anshin-rule"));
      assert.ok(await li.getAttribute("data-category"));
    }
    // "Show in text" selects the span in the textarea.
    await item.getByRole("button", { name: "本文で表示" }).click();
    const selected = await input.evaluate((ta) => ta.value.slice(ta.selectionStart, ta.selectionEnd));
    assert.equal(selected, "090-1234-5678");
    await page.screenshot({ path: screenshotPath("01-post-ja"), fullPage: true });
  });

  test("the highlight layer lines up with the textarea's text, wrapped lines included", T, async () => {
    // The caret offset under each mark's first character must be the mark's own start.
    const text = "あ".repeat(36) + "い" + "う".repeat(30) + "090-1234-5678まで。LINE交換しませんか" + "え".repeat(40) +
      "ライン交換しませんか\n\n  Tabs\tand spaces, then email: taro@example.com — and 😀 an emoji before 080-9876-5432.\n";
    const input = page.locator('[data-anshin="post-input"]');
    const misplaced = async () => {
      await input.fill(text);
      await checked("post");
      return page.evaluate(() => [...document.querySelectorAll("#panel-post .editor-highlights mark")].flatMap((m) => {
        const r = m.getClientRects()[0];
        const at = document.caretPositionFromPoint(r.left + 1, (r.top + r.bottom) / 2);
        return at && at.offset === m.finding.start ? [] : [{ text: m.textContent, start: m.finding.start, caret: at && at.offset }];
      }));
    };
    assert.deepEqual(await misplaced(), []);
    assert.ok(await panel("post").locator(".editor-highlights mark").count() >= 3);
    await page.setViewportSize({ width: 700, height: 900 });  // one column, other wrapping
    await page.waitForTimeout(100);
    assert.deepEqual(await misplaced(), []);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test("long texts: the layer keeps the textarea's height, and typing stays responsive", T, async () => {
    const line = "はじめまして。美容系メディアの記事を書いていただける方を募集しています。連絡は090-1234-5678まで。";
    const long = Array.from({ length: 400 }, (_, i) => (i % 7 === 3 ? "" : `${i} ${line.repeat(1 + (i % 3))}`)).join("\n") + "\n";
    const input = page.locator('[data-anshin="post-input"]');
    await input.fill(long);
    await checked("post");
    const heights = await page.evaluate(() => {
      const ta = document.querySelector('[data-anshin="post-input"]');
      const layer = ta.parentElement.querySelector(".editor-highlights");
      const cs = getComputedStyle(ta);
      // The textarea's own text height (its box may be stretched by the grid cell it shares).
      const saved = ta.style.height;
      ta.style.height = "0px";
      const text = ta.scrollHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
      ta.style.height = saved;
      return { textarea: text, layer: layer.offsetHeight };
    });
    assert.ok(Math.abs(heights.textarea - heights.layer) <= 1, JSON.stringify(heights));
    // Typing into a 30,000-character post: each keystroke's own work stays small (the check
    // itself runs in the worker; only the edited line of the highlight layer is rebuilt).
    const times = await page.evaluate(async () => {
      const ta = document.querySelector('[data-anshin="post-input"]');
      ta.focus();
      ta.setSelectionRange(200, 200);
      const out = [];
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        document.execCommand("insertText", false, "あ");
        out.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
      return out.sort((a, b) => a - b);
    });
    assert.ok(long.length > 30_000);
    assert.ok(times[5] < 100, `median keystroke ${times[5].toFixed(1)} ms`);
    await checked("post");
    const marks = await panel("post").locator(".editor-highlights mark").count();
    assert.ok(marks >= 300, `${marks} marks`);
    assert.ok(await panel("post").locator('[data-anshin="findings"] > li').count() <= 100);
  });

  test("the same post without a budget lists budget as missing in the checklist", T, async () => {
    // Needs the requirement-field rules (missing_requirement, rules/packs); passes once they are in.
    await checked("post");
    const budget = panel("post").locator('[data-anshin="checklist"] li[data-field="budget"]');
    await budget.waitFor({ timeout: 5_000 }).catch(() => {});
    assert.equal(await budget.count(), 1, "no checklist item for budget (are the field rules built in?)");
    assert.equal(await budget.getAttribute("data-status"), "missing");
  });

  test("user text is shown as text, never run: no dialog, no <img> created", T, async () => {
    const payload = `${XSS} LINE交換しませんか ${XSS}\n090-1234-5678 "><svg onload=alert(2)>`;
    await page.locator('[data-anshin="post-input"]').fill(payload);
    await checked("post");
    await page.click("#tab-message");
    await page.locator('[data-anshin="message-input"]').fill(payload);
    await checked("message");
    await page.click("#tab-clarify");
    await page.locator('[data-anshin="thread-post"]').fill(payload);
    await page.click('[data-anshin="thread-add"]');
    await page.locator('[data-anshin="thread-text"]').last().fill(payload);
    await page.click('[data-anshin="clarify-run"]');
    await page.waitForSelector('#panel-clarify[data-done="true"]');
    await page.waitForTimeout(300);
    assert.deepEqual(problems.dialogs, []);
    assert.equal(await page.locator("img, svg").count(), 0, "an element was created from user text");
    // The text is there, as text, in the highlight layers.
    const layers = await page.locator(".editor-highlights").allTextContents();
    assert.ok(layers.filter((t) => t.includes(XSS)).length >= 2, layers.join("\n"));
    const messageTA = await page.locator('[data-anshin="message-input"]').inputValue();
    assert.equal(messageTA, payload);
  });

  test("tabs are a keyboard-operable tablist", T, async () => {
    await page.click("#tab-post");
    await page.focus("#tab-post");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.getAttribute("#tab-message", "aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-message");
    assert.equal(await panel("message").isVisible(), true);
    assert.equal(await panel("post").isVisible(), false);
    await page.keyboard.press("End");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-followup");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-post");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-followup");
    await page.keyboard.press("Home");
    assert.equal(await page.getAttribute("#tab-post", "aria-selected"), "true");
    assert.equal(await page.locator('[role="tab"][tabindex="0"]').count(), 1);
    assert.equal(await page.locator('[role="tablist"]').count(), 1);
    assert.equal(await panel("post").getAttribute("aria-labelledby"), "tab-post");
    assert.equal(await panel("post").locator('[data-anshin="findings"]').getAttribute("aria-live"), "polite");
    // Every form control has an accessible name.
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll("textarea, select, input")]
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label") && !el.closest("[hidden]"))
      .map((el) => el.id || el.outerHTML.slice(0, 60)));
    assert.deepEqual(unlabelled, []);
  });

  test("the message view checks with the chosen stage", T, async () => {
    await page.click("#tab-message");
    await page.click('[data-anshin="message-sample"]');
    await checked("message");
    const before = await panel("message").locator('[data-anshin="findings"] li[data-category="offsite_transaction"]').count();
    assert.ok(before > 0);
    await page.screenshot({ path: screenshotPath("02-message-ja"), fullPage: true });
    // After escrow, exchanging a phone number is allowed on Lancers (project mode); paying outside never is.
    await page.selectOption('[data-anshin="message-stage"]', "after_escrow");
    await checked("message");
    const phone = panel("message").locator('[data-anshin="findings"] li[data-anshin-rule="offsite_transaction.contact.phone"]');
    if (await phone.count()) assert.notEqual(await phone.first().getAttribute("data-severity"), "error");
    await page.selectOption('[data-anshin="message-stage"]', "before_escrow");
    await checked("message");
  });

  test("English switches the UI and the checker's messages", T, async () => {
    await page.click("#tab-post");
    await page.locator('[data-anshin="post-input"]').fill(POST_WITH_PHONE);
    await checked("post");
    const ja = await panel("post").locator('[data-anshin="findings"] li .finding-message').first().textContent();
    await page.click('.lang-btn[data-lang="en"]');
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await page.textContent("#tab-post"), "Job post");
    await page.waitForFunction((prev) => {
      const el = document.querySelector('#panel-post [data-anshin="findings"] li .finding-message');
      return el && el.textContent !== prev;
    }, ja);
    const en = await panel("post").locator('[data-anshin="findings"] li .finding-message').first().textContent();
    assert.match(en, /[A-Za-z]{3}/);
    assert.doesNotMatch(en, /[ぁ-ん]/);
    await page.screenshot({ path: screenshotPath("05-post-en"), fullPage: true });
    await page.click('.lang-btn[data-lang="ja"]');
    assert.equal(await page.textContent("#tab-post"), "依頼文チェック");
  });

  test("要件すり合わせ runs clarify on the thread, or shows its error calmly", T, async () => {
    await page.click("#tab-clarify");
    await page.click('[data-anshin="thread-sample"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-anshin="thread-text"]').length === 4);
    await page.click('[data-anshin="clarify-run"]');
    await page.waitForSelector('#panel-clarify[data-done="true"]');
    const error = panel("clarify").locator('[data-anshin="guide-error"]');
    if (await error.count()) {
      // The engine does not do it yet (or refused the input): a notice, not a crash.
      assert.ok((await error.innerText()).length > 0);
      assert.equal(await error.getAttribute("role"), "alert");
    } else {
      const summary = await panel("clarify").locator('[data-anshin="clarify-summary"]').textContent();
      assert.ok(summary.trim().length > 0);
      assert.equal(await panel("clarify").locator('[data-anshin="copy-summary"]').count(), 1);
      assert.ok(await panel("clarify").locator('[data-anshin="clarify-resolutions"] li').count() >= 1);
    }
    await page.screenshot({ path: screenshotPath("03-clarify-ja"), fullPage: true });
  });

  test("返信がない runs followup(thread, {now}), or shows its error calmly", T, async () => {
    await page.click("#tab-followup");
    assert.equal(await page.inputValue('[data-anshin="followup-now"]'), "2026-11-28T10:00");
    await page.click('[data-anshin="followup-run"]');
    await page.waitForSelector('#panel-followup[data-done="true"]');
    const error = panel("followup").locator('[data-anshin="guide-error"]');
    if (await error.count()) {
      assert.ok((await error.innerText()).length > 0);
    } else {
      // The sample: the client wrote last on 11-20 09:00; now is 11-28 10:00.
      assert.equal(await panel("followup").locator('[data-anshin="waiting-on"]').getAttribute("data-value"), "freelancer");
      assert.equal(await panel("followup").locator('[data-anshin="days-silent"]').getAttribute("data-value"), "8");
      assert.ok(["wait", "remind", "platform_reminder", "support"]
        .includes(await panel("followup").locator('[data-anshin="next-step"]').getAttribute("data-value")));
      assert.ok((await panel("followup").locator('[data-anshin="followup-template-text"]').textContent()).trim().length > 0);
    }
    await page.screenshot({ path: screenshotPath("04-followup-ja"), fullPage: true });
  });

  test("guides shaped like index.d.ts render as text (summary with markup stays text)", T, async () => {
    // Renders fixed ClarifyGuide/FollowupGuide objects with the app's own modules, so the
    // views are checked even before the engine's guides land.
    const p = await context.newPage();
    const pw = await watch(p);
    await p.goto(`${server.url}#clarify`);
    await p.waitForSelector('[data-anshin="engine-status"][data-state="ready"]');
    await p.evaluate(async (xss) => {
      const { renderClarify, renderFollowup } = await import(new URL("guides.js", location.href).href);
      const thread = { post: "…", me: "client", messages: [
        { from: "freelancer", at: "2026-11-10T10:00:00+09:00", text: "12月15日納品、30,000円で承ります。" },
        { from: "client", at: "2026-11-11T09:30:00+09:00", text: "先日お電話でお話しした通り、ショップカードも追加でお願いします。" },
        { from: "freelancer", at: "2026-11-12T18:00:00+09:00", text: "納期は12月20日でいかがでしょうか。" }] };
      const ev = (value, source) => ({ value, source, start: 0, end: value.length });
      const clarify = {
        version: 1,
        facts: { request: [ev("カフェの新店舗のロゴ", "post")], proposal: [ev("12月15日納品、30,000円で承ります。", 0)],
          deadline: [ev("12月15日", "post"), ev("12月20日", 2)], budget: [ev("30000", "post")], deliverables: [ev("AI形式とPNG形式", "post")],
          revisions: [ev("2回", "post")], acceptance: [] },
        changes: [{ message: 1, at: thread.messages[1].at, start: 0, end: 10, excerpt: "ショップカードも追加" }],
        verbal: [{ message: 1, at: thread.messages[1].at, start: 0, end: 10, excerpt: "先日お電話でお話しした通り" }],
        conflicts: [{ field: "deadline", values: [ev("12月15日", "post"), ev("12月20日", 2)] }],
        questions: [{ field: "deadline", text: "納期について、依頼文では「12月15日」、メッセージ3では「12月20日」となっています。どちらで合意したか確認させてください。" },
          { field: "verbal", text: "メッセージ2で触れられている通話での合意内容を、こちらに書き残していただけますか。" }],
        summary: `【合意内容の確認】\n・納期：未定（要確認）\n・金額：30,000円\n・途中の変更：ショップカードの追加\n${xss}`,
        resolutions: [{ id: "extend_deadline", text: "納期を延長して継続して進行する" }, { id: "change_requirements_and_close", text: "要件を変えて、その時点の成果物で終了とする" },
          { id: "adr", text: "ADR（裁判外紛争解決手続）で第三者の力を借りる" }, { id: "court", text: "訴訟提起を検討する" }],
      };
      const followup = {
        version: 1, waiting_on: "freelancer", days_silent: 8,
        unanswered: [{ message: 2, at: "2026-11-20T09:00:00+09:00", excerpt: "その後いかがでしょうか。" }],
        next_step: "remind", next_step_text: "最後の連絡から8日、返信がありません。丁寧な催促メッセージを送りましょう（2通目）。",
        template: `お世話になっております。\nその後の進捗はいかがでしょうか。\n${xss}`,
        prevention: ["仮払い後に緊急連絡先を交換しておく", "契約時に返信の目安時間を決めておく"],
      };
      renderClarify(document.querySelector('[data-anshin="clarify-result"]'), clarify, thread);
      // Shown when the 返信がない tab opens (after its own run on the empty thread has settled).
      window.__showFollowup = () => renderFollowup(document.querySelector('[data-anshin="followup-result"]'), followup, thread);
    }, XSS);
    assert.equal(await p.locator("img").count(), 0);
    assert.match(await p.locator('[data-anshin="clarify-summary"]').textContent(), /<img src=x onerror=alert\(1\)>/);
    assert.equal(await p.locator('[data-anshin="clarify-conflicts"] li.conflict').getAttribute("data-field"), "deadline");
    assert.match(await p.locator('[data-anshin="clarify-facts"]').innerText(), /メッセージ#3/);
    await p.screenshot({ path: screenshotPath("06-clarify-rendered"), fullPage: true });
    await p.click("#tab-followup");
    await p.waitForSelector('#panel-followup[data-done="true"]');
    await p.evaluate(() => window.__showFollowup());
    assert.equal(await p.locator('[data-anshin="next-step"] [aria-current="step"]').count(), 1);
    assert.match(await p.locator('[data-anshin="followup-template-text"]').textContent(), /<img src=x/);
    assert.equal(await p.locator("img").count(), 0);
    await p.screenshot({ path: screenshotPath("07-followup-rendered"), fullPage: true });
    assert.deepEqual(pw.dialogs, []);
    assert.deepEqual(await pw.csp(), []);
    await p.close();
  });

  test("vague wording: the engine's suggested replacement is applied with one click", T, async () => {
    await page.click("#tab-post");
    const text = "ロゴを作ってください。いい感じにまとめてください。なるべく早く納品してください。";
    const input = page.locator('[data-anshin="post-input"]');
    await input.fill(text);
    await checked("post");
    const item = panel("post").locator('[data-anshin="findings"] li[data-category="vague_requirement"]:has([data-anshin="apply"])').first();
    await item.waitFor();
    const excerpt = await item.locator(".finding-replacement del").textContent();
    const replacement = await item.locator(".finding-replacement ins").textContent();
    const rule = await item.getAttribute("data-anshin-rule");
    await page.screenshot({ path: screenshotPath("08-post-vague-ja"), fullPage: true });
    await item.locator('[data-anshin="apply"]').click();
    assert.equal(await input.inputValue(), text.replace(excerpt, replacement));
    await checked("post");
    assert.equal(await panel("post").locator(`[data-anshin="findings"] li[data-anshin-rule="${rule}"]`).count(), 0);
  });

  test("a finding with a replacement can be applied with one click (and undone)", T, async () => {
    const p = await context.newPage();
    await p.goto(server.url);
    await p.waitForSelector('[data-anshin="engine-status"][data-state="ready"]');
    const value = await p.evaluate(async () => {
      const { HighlightEditor } = await import(new URL("editor.js", location.href).href);
      const { renderFindings } = await import(new URL("report.js", location.href).href);
      const editor = new HighlightEditor({ id: "t-apply", hook: "t-apply" });
      const list = document.createElement("ol");
      document.querySelector("#panel-post").append(editor.element, list);
      editor.value = "いい感じにお願いします。";
      const f = { rule: "vague_requirement.test", category: "vague_requirement", severity: "warning", start: 0, end: 5,
        excerpt: "いい感じに", message: "あいまいです。", suggestion: "具体的に。", replacement: "下記の条件で" };
      editor.setFindings([f], editor.value);
      renderFindings(list, [f], { onApply: (x) => editor.replace(x.start, x.end, x.excerpt, x.replacement) });
      list.querySelector('[data-anshin="apply"]').click();
      const after = editor.value;
      document.execCommand("undo");
      return { after, undone: editor.value, marks: editor.highlights.querySelectorAll("mark").length };
    });
    assert.equal(value.after, "下記の条件でお願いします。");
    assert.equal(value.undone, "いい感じにお願いします。");
    await p.close();
  });

  test("no request left the page's origin (the wasm and worker included)", T, async () => {
    assert.ok(requests.urls.some((u) => u.endsWith("/pkg/anshin_wasm.wasm")), requests.urls.join("\n"));
    assert.ok(requests.urls.some((u) => u.endsWith("/pkg/worker.js")));
    assert.deepEqual(requests.foreign(), []);
  });

  test("no CSP violation, console error or exception on the way", T, async () => {
    assert.deepEqual(await problems.csp(), []);
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.errors, []);
    assert.deepEqual(problems.dialogs, []);
    // The policy is really enforced (so the empty list above means something): an inline
    // script is refused and reported.
    const ran = await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__inlineRan = true";
      document.head.append(s);
      return window.__inlineRan === true;
    });
    assert.equal(ran, false);
    await page.waitForFunction(() => window.__cspViolations.some((v) => v.startsWith("script-src")));
  });
});
