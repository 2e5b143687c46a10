/**
 * What the console's Chromium tests share: a demo host on a data directory and port that survive a
 * restart, Debian's Chromium through playwright-core (never a downloaded browser), a signed-in page,
 * and `sim.*` commands sent as a separate client would.
 */
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import WebSocket from "ws";
import { demoSiteFile } from "../../src/demo/demoSite";
import { silentLogger } from "../../src/runtime/logger";
import { startRunningSite, type RunningSite } from "../../src/runtime/RunningSite";

export const consoleDir = fileURLToPath(new URL("../../src/console/", import.meta.url));

// Without the background-networking flags Chromium keeps calling out of a closed network.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });

/**
 * Starts a site file on `dataDir` for the console, with the demo's simulated hardware and `sim.*`
 * when `demo`; `port` 0 picks one (pass the same one again to restart in place).
 */
export const startSite = (file: unknown, dataDir: string, demo: boolean, port = 0): Promise<RunningSite> =>
  startRunningSite({
    demo,
    site: { file, source: demo ? "demo" : "test" },
    dataDir,
    listen: { host: "127.0.0.1", port },
    consoleDir,
    logger: silentLogger,
    environment: {},
    nightlyBackupAt: "off",
  });

/** Starts the demo site on `dataDir`; `port` 0 picks one (pass the same one again to restart in place). */
export const startDemo = (dataDir: string, port = 0): Promise<RunningSite> =>
  startSite(demoSiteFile(), dataDir, true, port);

/** Opens the console and signs in with `token`; resolves once the doors are shown. */
export const signIn = async (
  browser: Browser,
  url: string,
  token: string,
  viewport = { width: 1280, height: 900 },
): Promise<Page> => {
  const page = await browser.newPage({ viewport });
  await page.goto(`${url}/`);
  await page.getByTestId("token").fill(token);
  await page.getByTestId("signin-button").click();
  await page.getByTestId("door-main").waitFor();
  return page;
};

/** Signs in with `token` and opens the administration page `section` (`cardholders`, `transfer`, …). */
export const openAdmin = async (
  browser: Browser,
  url: string,
  token: string,
  section: string,
): Promise<Page> => {
  const page = await signIn(browser, url, token);
  await page.getByTestId("nav-admin").click();
  await page.getByTestId(`admin-${section}`).click();
  return page;
};

/** Sends one command over its own connection; rejects if it is refused. */
export const send = (url: string, token: string, command: Record<string, unknown>) =>
  new Promise<unknown>((resolve, reject) => {
    const ws = new WebSocket(`${url.replace("http", "ws")}/ws`);
    ws.on("open", () => ws.send(JSON.stringify({ type: "hello", token })));
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as { type: string; ok?: boolean; value?: unknown };
      if (msg.type === "welcome") ws.send(JSON.stringify({ type: "command", id: "1", command }));
      if (msg.type === "error") reject(new Error(JSON.stringify(msg)));
      if (msg.type === "result") {
        ws.close();
        if (msg.ok) resolve(msg.value);
        else reject(new Error(JSON.stringify(msg)));
      }
    });
    ws.on("error", reject);
  });

/** The `seq`s of the events a page lists, in page order. */
export const listedSeqs = (page: Page, testId = "events"): Promise<number[]> =>
  page
    .getByTestId(testId)
    .locator("li[data-seq]")
    .evaluateAll((items) => items.map((li) => Number(li.getAttribute("data-seq"))));

/**
 * The lines of the live event list in page order, each as the `seq`s of its events: one for a
 * single event, a passage's steps in order.
 */
export const listedLines = (page: Page): Promise<number[][]> =>
  page
    .getByTestId("events")
    .locator(":scope > li")
    .evaluateAll((lines) =>
      lines.map((li) =>
        li.hasAttribute("data-seq")
          ? [Number(li.getAttribute("data-seq"))]
          : Array.from(li.querySelectorAll("li[data-seq]") as ArrayLike<typeof li>, (step) =>
              Number(step.getAttribute("data-seq")),
            ),
      ),
    );
