// The demo page in a real browser: the README's walk-through clicked through in Chromium, and a note typed at a
// person's speed across several of the page's 2-second updates, while the page changes under it, that must
// survive. The console's flaws (a reload every 2 s that wiped a half-typed note) were only seen in a browser.
//
//   node scripts/browser-test.mjs [port]      (needs Debian's chromium, or CHROMIUM=<path to a Chromium>)
//
// It starts `./pagerstatus demo --port <port>` (a free port by default) and stops it at the end. Every wait is for a
// condition on the page; the only timed pauses are the keystrokes' human delay.
import { spawn, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import net from "node:net";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.argv[2] ?? (await freePort()));
const base = `http://127.0.0.1:${port}`;
const API_INCIDENT = 'tr[data-key="acme/Q1F7K0ZP3XW9LM"]';
const SEARCH_INCIDENT = 'tr[data-key="acme/Q6A1S4D7F2G5HJ"]';
const NOTE = "#public We are rolling back the change to the API; next update within 30 minutes.";
const HUMAN_DELAY_MS = 110; // about 9 keys a second: the note takes 3 to 4 of the page's 2-second updates

/** A port nobody listens on now, from the system. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      return execFileSync("which", [name], { encoding: "utf8" }).trim();
    } catch {}
  }
  throw new Error("no chromium on PATH: apt-get install -y chromium, or set CHROMIUM");
}

async function startDemo() {
  const demo = spawn(path.join(root, "pagerstatus"), ["demo", "--port", String(port), "--interval", "0"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Its log is shown only when the test fails.
  demo.stdout.on("data", (chunk) => demoLog.push(chunk));
  demo.stderr.on("data", (chunk) => demoLog.push(chunk));
  const exited = new Promise((_, reject) =>
    demo.once("exit", (code) => reject(new Error(`pagerstatus demo exited with ${code} before answering`))),
  );
  const answering = (async () => {
    for (;;) {
      try {
        if ((await fetch(`${base}/`)).ok) return;
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 250)); // poll until it answers
    }
  })();
  await Promise.race([answering, exited]);
  return demo;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log(`  ok: ${message}`);
}

async function updates(page) {
  return Number(await page.locator("html").getAttribute("data-refreshed")) || 0;
}

/** Waits for the page to have patched itself `count` more times. */
async function updatesPassed(page, count) {
  const from = await page.evaluate(() => window.__updates ?? 0);
  await page.waitForFunction((target) => (window.__updates ?? 0) >= target, from + count, { timeout: 30_000 });
}

/** Sends a console action the way another person's browser would, to change the page under this one. */
async function elsewhere(form) {
  const answer = await fetch(`${base}/demo/actions`, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
  if (answer.status !== 303) throw new Error(`action ${JSON.stringify(form)}: ${answer.status}`);
}

async function walkThrough(page) {
  const api = page.locator('[data-key="public"] [data-key="r3n8d5w2c6hj"]');
  await page.goto(`${base}/demo`);
  await page.getByText("All Systems Operational").waitFor();
  await page.evaluate(() => {
    // Counts the page's own updates, so the test can wait for some to have happened.
    new MutationObserver(() => (window.__updates = (window.__updates ?? 0) + 1)).observe(document.documentElement, {
      attributeFilter: ["data-refreshed"],
    });
  });

  await page.locator(API_INCIDENT).getByRole("button", { name: "acknowledge" }).click();
  await page.getByText("Some systems are affected").waitFor();
  await api.getByText("Partial outage").waitFor();
  check(true, "acknowledge acme#4821: a notice opens and API is in partial outage");

  await page.locator(API_INCIDENT).getByLabel("priority").selectOption("P1");
  await page.locator(API_INCIDENT).getByRole("button", { name: "set priority" }).click();
  await api.getByText("Major outage").waitFor();
  check(true, "set priority P1: the notice escalates, API is in major outage");

  // A refusal is shown on the console and stays through updates, until the next form goes through.
  await page.locator(API_INCIDENT).getByRole("button", { name: "add note" }).click();
  await page.locator("#problem").getByText("a note is 1 to 2,000 characters").waitFor();
  await updatesPassed(page, 1);
  check((await page.locator("#problem").textContent()) !== "", "an empty note is refused, and the console says why");

  // A person types a note slowly; meanwhile the page updates, and changes: someone acknowledges acme#4826
  // (a second notice opens) and someone lowers acme#4821 to P2 (its own row, the one being typed in, changes).
  const note = page.locator(API_INCIDENT).getByLabel("note");
  const updatesBefore = await page.evaluate(() => window.__updates ?? 0);
  await note.click();
  await note.pressSequentially(NOTE.slice(0, 30), { delay: HUMAN_DELAY_MS });
  await elsewhere({ action: "acknowledge", account: "acme", incident: "Q6A1S4D7F2G5HJ" });
  await note.pressSequentially(NOTE.slice(30, 60), { delay: HUMAN_DELAY_MS });
  await elsewhere({ action: "priority", account: "acme", incident: "Q1F7K0ZP3XW9LM", priority: "P2" });
  await note.pressSequentially(NOTE.slice(60), { delay: HUMAN_DELAY_MS });
  await page.locator('[data-key="public"]').getByText("Investigating errors in Search").waitFor();
  await api.getByText("Partial outage").waitFor();
  await updatesPassed(page, 1);
  const during = (await page.evaluate(() => window.__updates)) - updatesBefore;
  check(during >= 3, `the page updated itself ${during} times while the note was typed`);
  check((await note.inputValue()) === NOTE, "a note typed across those updates is all there");
  check(await note.evaluate((input) => input === document.activeElement), "and the note field kept the focus");

  // A priority picked but not yet set survives updates too, even once the person has moved on.
  const searchPriority = page.locator(SEARCH_INCIDENT).getByLabel("priority");
  await searchPriority.selectOption("P3");
  await note.focus();
  await updatesPassed(page, 2);
  check((await searchPriority.inputValue()) === "P3", "a priority picked but not set survives the updates");

  await page.locator(API_INCIDENT).getByRole("button", { name: "add note" }).click();
  await page.locator('[data-key="public"]').getByText("We are rolling back the change to the API").waitFor();
  check((await note.inputValue()) === "", "add note publishes the #public note and empties the field");
  check((await page.locator("#problem").textContent()) === "", "and the earlier refusal is gone");
  check((await searchPriority.inputValue()) === "P3", "sending one form leaves another's choice alone");

  await page.locator(API_INCIDENT).getByRole("button", { name: "resolve" }).click();
  await api.getByText("Operational").waitFor();
  await page.locator('[data-key="public"] .update b', { hasText: "Monitoring" }).first().waitFor();
  check(true, "resolve: API is operational and the notice is monitoring");

  await page.locator('[data-key="start-maintenance"] select').selectOption({ label: "Database" });
  await page.locator('[data-key="start-maintenance"]').getByRole("button", { name: "start" }).click();
  const database = page.locator('[data-key="public"] [data-key="t9p4f7s1k8vb"]');
  await database.getByText("Under maintenance").waitFor();
  await page.locator('[data-key="public"] .update b', { hasText: /^In progress$/ }).waitFor();
  check(true, 'start a maintenance: Database is under maintenance, the notice says "In progress"');
  await page.getByRole("button", { name: "end it" }).click();
  await database.getByText("Operational").waitFor();
  await page.locator('[data-key="public"] .update b', { hasText: /^Completed$/ }).waitFor();
  check(true, 'end it: Database is operational again, the maintenance "Completed"');
  check((await updates(page)) > 0, "the page updated itself in place, never reloading");
}

const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox"] });
const demoLog = [];
let demo;
try {
  demo = await startDemo();
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  let loads = 0;
  page.on("load", () => loads++);
  console.log(`demo page in ${await browser.version()} at ${base}/demo`);
  await walkThrough(page);
  check(loads === 1, "the page was loaded once: every change came as an update in place");
  console.log("browser test passed");
} catch (failure) {
  process.stderr.write(Buffer.concat(demoLog));
  throw failure;
} finally {
  await browser.close();
  demo?.kill("SIGTERM");
}
