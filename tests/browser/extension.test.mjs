// The extension (build/extension), loaded unpacked into headless Chromium, on a local page
// (tests/browser/fixtures, served by web/serve.mjs with the app's strict CSP): it
// underlines findings in a textarea and a contenteditable from its own overlay, shows the
// message on hover, leaves the page's DOM alone, follows the popup's settings, and makes
// no request of its own.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { assertBuilt, startServer, launchWithExtension, recordRequests, watch, screenshotPath, root } from "./helpers.mjs";

const T = { timeout: 60_000 };

/** The page's <body> markup, with the contenteditable's own content left out (we type there). */
function bodyWithoutEditable() {
  const body = document.body.cloneNode(true);
  body.querySelector("#rich").replaceChildren();
  return body.innerHTML;
}
const MESSAGE = "ご提案ありがとうございます。\n詳しくは090-1234-5678までお電話ください。";

describe("browser extension", { timeout: 240_000 }, () => {
  let server, ext, context, page, extensionId, requests, problems, bodyBefore;

  before(async () => {
    assertBuilt("build/extension", "web/extension");
    server = await startServer({ root: join(root, "tests/browser/fixtures") });
    ext = await launchWithExtension(join(root, "build/extension"));
    context = ext.context;
    context.setDefaultTimeout(15_000);
    let [worker] = context.serviceWorkers();
    if (!worker) worker = await context.waitForEvent("serviceworker", { timeout: 15_000 });
    extensionId = new URL(worker.url()).host;
    requests = recordRequests(context, [`${server.origin}/`, `chrome-extension://${extensionId}/`]);
    page = await context.newPage();
    problems = await watch(page);
    await page.goto(server.url);
    bodyBefore = await page.evaluate(bodyWithoutEditable);
  });

  after(async () => {
    if (ext) await ext.close();
    if (server) await server.stop();
  });

  const underlines = (sel = "") => page.locator(`anshin-overlay [data-anshin-underline]${sel}`);

  test("underlines a phone number typed into a textarea, under the number itself", T, async () => {
    const ta = page.locator("#message");
    await ta.click();
    await ta.pressSequentially(MESSAGE, { delay: 5 });
    const line = underlines('[data-category="offsite_transaction"]').first();
    await line.waitFor();
    assert.match(await line.getAttribute("data-anshin-rule"), /^offsite_transaction\./);
    // Inside the textarea, on the second line of text (where the number is), about as wide as it.
    const box = await ta.boundingBox();
    const u = await line.boundingBox();
    assert.ok(u.x >= box.x && u.x + u.width <= box.x + box.width, `underline ${JSON.stringify(u)} outside ${JSON.stringify(box)}`);
    assert.ok(u.y > box.y && u.y < box.y + box.height);
    const lineHeight = await ta.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    const padTop = await ta.evaluate((el) => parseFloat(getComputedStyle(el).paddingTop) + parseFloat(getComputedStyle(el).borderTopWidth));
    const row = Math.floor((u.y - box.y - padTop) / lineHeight);
    assert.equal(row, 1, "the underline should be on the second line, where the number is");
    assert.ok(u.width > 40 && u.width < 200, `width ${u.width} does not look like a phone number's`);
  });

  test("hovering the underline shows the finding's message", T, async () => {
    const u = await underlines('[data-category="offsite_transaction"]').first().boundingBox();
    await page.mouse.move(u.x + u.width / 2, u.y - 6);
    const tip = page.locator("anshin-overlay [data-anshin-tooltip]");
    await tip.waitFor({ state: "visible" });
    assert.match(await tip.innerText(), /電話番号/);
    assert.match(await tip.innerText(), /違反|注意|参考/);
    await page.screenshot({ path: screenshotPath("10-extension-textarea"), caret: "initial" });
    await page.mouse.move(5, 5);
    await tip.waitFor({ state: "hidden" });
  });

  test("underlines in a contenteditable too", T, async () => {
    const rich = page.locator("#rich");
    await rich.click();
    await page.keyboard.press("End");
    await page.keyboard.type(" LINE交換しませんか？", { delay: 5 });
    const line = underlines('[data-anshin-rule^="offsite_transaction.contact"]');
    await page.waitForFunction(() => {
      const host = document.querySelector("anshin-overlay");
      const richBox = document.querySelector("#rich").getBoundingClientRect();
      return host && [...host.shadowRoot.querySelectorAll("[data-anshin-underline]")].some((u) => {
        const r = u.getBoundingClientRect();
        return r.top >= richBox.top && r.bottom <= richBox.bottom + 2;
      });
    });
    assert.ok(await line.count() >= 1);
  });

  test("the page's DOM is untouched apart from the one overlay element", T, async () => {
    const after = await page.evaluate(() => ({
      rootChildren: [...document.documentElement.children].map((e) => e.localName),
      overlays: document.querySelectorAll("anshin-overlay").length,
      hasShadow: !!document.querySelector("anshin-overlay").shadowRoot,
      textareaAttrs: [...document.querySelector("#message").attributes].map((a) => a.name).sort(),
    }));
    assert.deepEqual(after.rootChildren, ["head", "body", "anshin-overlay"]);
    assert.equal(after.overlays, 1);
    assert.ok(after.hasShadow);
    assert.deepEqual(after.textareaAttrs, ["id", "rows"]);
    // Apart from what we typed into the contenteditable, <body> is as it was.
    assert.equal(await page.evaluate(bodyWithoutEditable), bodyBefore);
  });

  test("the popup's settings reach the page: English messages", T, async () => {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await popup.waitForSelector("body[data-ready=true]");
    assert.match(await popup.textContent('[data-anshin="popup-status"]'), /\d+/);
    await popup.selectOption("#locale", "en");
    await popup.waitForFunction(() => document.documentElement.lang === "en");
    await popup.setViewportSize({ width: 340, height: 420 });
    await popup.screenshot({ path: screenshotPath("11-extension-popup-en") });
    await popup.close();
    // The content script re-checks with the new locale; hover shows English.
    await page.bringToFront();
    await page.waitForTimeout(300);
    const u = await underlines('[data-anshin-rule="offsite_transaction.contact.phone"]').first().boundingBox();
    await page.mouse.move(u.x + u.width / 2, u.y - 6);
    const tip = page.locator("anshin-overlay [data-anshin-tooltip]");
    await page.waitForFunction(() => {
      const t = document.querySelector("anshin-overlay").shadowRoot.querySelector("[data-anshin-tooltip]");
      return t && !t.hidden && /phone/i.test(t.textContent);
    });
    assert.doesNotMatch(await tip.innerText(), /[ぁ-ん]/);
    await page.screenshot({ path: screenshotPath("12-extension-textarea-en"), caret: "initial" });
  });

  test("turning the checker off in the popup removes the underlines", T, async () => {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await popup.waitForSelector("body[data-ready=true]");
    await popup.uncheck("#enabled");
    await popup.close();
    await page.bringToFront();
    await page.waitForFunction(() => document.querySelector("anshin-overlay").shadowRoot.querySelectorAll("[data-anshin-underline]").length === 0);
  });

  test("no request to any other origin; no error on the page", T, async () => {
    assert.deepEqual(requests.foreign(), []);
    assert.deepEqual(problems.errors, []);
    assert.deepEqual(problems.dialogs, []);
    assert.deepEqual(await problems.csp(), []);
  });
});
