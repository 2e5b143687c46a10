/** One message must not end the process (issue 10 §1): `portcullis start` survives a hello nested 5 000 deep. */
import { describe, expect, it } from "vitest";
import { connect } from "../feed/client";
import { tempDir } from "../runtime/tempDir";
import { serving, startHost } from "./hostProcess";

describe("portcullis start under a hostile client", () => {
  it("answers a hello whose token is nested 5 000 deep with BadMessage and keeps serving", async () => {
    const host = serving(await startHost(["--data", tempDir("deep"), "--listen", "127.0.0.1:0"]));
    try {
      const attacker = await connect(host.wsUrl);
      attacker.ws.send(`{"type":"hello","token":${"[".repeat(5_000)}"x"${"]".repeat(5_000)}}`);
      expect(await attacker.next((m) => m.type === "error")).toMatchObject({ error: { code: "BadMessage" } });
      attacker.close();
      expect(host.alive()).toBe(true);
      const health = await fetch(`${host.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", journal: { lastError: null } });
      const operator = await connect(host.wsUrl);
      expect(await operator.hello(host.operatorToken!)).toMatchObject({ type: "welcome", role: "operator" });
      operator.close();
    } finally {
      host.child.kill("SIGTERM");
      expect(await host.exited()).toBe(0);
    }
  }, 60_000);
});
