/** Registers a fresh harness per test (a temp dir, a store, a site, a server) and closes it afterwards. */
import { afterEach, beforeEach } from "vitest";
import { useTempDir } from "../store/tempDir";
import { connect, type TestClient } from "./client";
import { type Harness, startHarness } from "./harness";

/** The current test's harness, and a helper that connects and says hello with a role's token. */
export const useHarness = (options: Parameters<typeof startHarness>[1] = {}) => {
  const dir = useTempDir();
  let harness: Harness | undefined;
  const clients: TestClient[] = [];
  beforeEach(async () => {
    harness = await startHarness(dir(), options);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await harness?.close();
    harness = undefined;
  });
  const h = (): Harness => {
    if (harness === undefined) throw new Error("no harness outside a test");
    return harness;
  };
  const open = async (): Promise<TestClient> => {
    const client = await connect(h().server.wsUrl);
    clients.push(client);
    return client;
  };
  const as = async (role: keyof Harness["secrets"], resumeFrom?: number): Promise<TestClient> => {
    const client = await open();
    const welcome = await client.hello(h().secrets[role], resumeFrom);
    if (welcome.type !== "welcome") throw new Error(`hello refused: ${JSON.stringify(welcome)}`);
    return client;
  };
  return { h, open, as };
};
