import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type CaptureEntry,
  deriveScbk,
  ioOfFrame,
  makeCpLine,
  nodeCrypto,
  writeOsdpcap,
} from "@portcullis/protocols";
import { Rs485Bus, SimulatedPd, VirtualClock } from "@portcullis/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { portcullis } from "./run";

const transcript = fileURLToPath(
  new URL("../../../protocols/test/fixtures/osdp/cp-pd-transcript-plain.txt", import.meta.url),
);
const dir = mkdtempSync(join(tmpdir(), "portcullis-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CP bringing up a factory-fresh PD in install mode (SCBK-D, KEYSET, new session), captured as osdpcap. */
const installModeCapture = (): string => {
  const clock = new VirtualClock();
  const bus = new Rs485Bus(clock, 115_200);
  const entries: Array<CaptureEntry> = [];
  bus.attach().onData((data) => {
    const ms = clock.now();
    entries.push({
      timeSec: Math.floor(ms / 1000),
      timeNano: Math.round((ms % 1000) * 1e6),
      io: ioOfFrame(data),
      data,
    });
  });
  const line = makeCpLine({
    transport: bus.attach(),
    clock,
    crypto: nodeCrypto,
    baudRate: bus.baudRate,
    readers: [{ readerId: "r1", address: 3, scbk: deriveScbk(nodeCrypto, new Uint8Array(32).fill(7), "r1") }],
  });
  new SimulatedPd({ clock, transport: bus.attach(), address: 3 });
  line.setInstallMode("r1", 60_000);
  line.start();
  clock.advance(500);
  line.stop();
  return writeOsdpcap(entries);
};

// Each case spawns node with tsx (1–5 s per process on a loaded two-core machine).
describe("portcullis osdp decode", { timeout: 60_000 }, () => {
  it("prints one JSON object per frame, exactly as DESIGN §8 says; a bad frame prints {ok: false, error}", () => {
    const run = portcullis(
      "osdp",
      "decode",
      "53 00 09 00 04 61 00 C0 66",
      "53E50900054101 0E8F",
      "53 00 09 00 04 61 00 C0 67",
      "53 00 08 00 00 61 00 44",
    );
    expect(run.code).toBe(0);
    expect(run.lines.slice(0, 2)).toEqual([
      '{"ok":true,"dir":"cp","addr":0,"sqn":0,"check":"crc","scb":null,"code":97,"name":"ID","data":"00","fields":{"requestType":0}}',
      '{"ok":true,"dir":"pd","addr":101,"sqn":1,"check":"crc","scb":null,"code":65,"name":"NAK","data":"01","fields":{"error":1,"detail":""}}',
    ]);
    expect(JSON.parse(run.lines[2]!)).toEqual({ ok: false, error: "CRC mismatch" });
    expect(JSON.parse(run.lines[3]!)).toMatchObject({ ok: true, check: "checksum", name: "ID" });
  });

  it("--file reads a hex transcript: every frame, the card read among them", () => {
    const run = portcullis("osdp", "decode", "--file", transcript);
    expect(run.code).toBe(0);
    const frames = run.lines.map((l) => JSON.parse(l));
    expect(frames.length).toBe(116);
    expect(frames.every((f) => f.ok === true)).toBe(true);
    expect(frames.find((f) => f.name === "RAW")).toEqual({
      ok: true,
      dir: "pd",
      addr: 101,
      sqn: 2,
      check: "crc",
      scb: null,
      code: 80,
      name: "RAW",
      data: "00011a008a2b3c40",
      fields: { reader: 0, format: 1, bitCount: 26, data: "8a2b3c40" },
    });
  });

  it("follows a CP's install-mode bring-up through SCBK-D, KEYSET and the new key's session", () => {
    const file = join(dir, "install.osdpcap");
    writeFileSync(file, installModeCapture());
    const frames = portcullis("osdp", "decode", "--file", file).lines.map((l) => JSON.parse(l));
    const names = frames.map((f) => f.name);
    expect(names.slice(0, 12)).toEqual([
      "ID",
      "PDID",
      "CAP",
      "PDCAP",
      "CHLNG",
      "CCRYPT",
      "SCRYPT",
      "RMAC_I",
      "KEYSET",
      "ACK",
      "CHLNG",
      "CCRYPT",
    ]);
    const macd = frames.filter((f) => "macOk" in f);
    expect(macd.length).toBeGreaterThan(10);
    expect(macd.every((f) => f.macOk === true)).toBe(true);
    expect(frames.find((f) => f.name === "KEYSET").fields.keyType).toBe(1);
  });

  it("usage errors exit 2 with a message", () => {
    const none = portcullis("osdp", "decode");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("give either HEX frames or --file CAPTURE");
    expect(portcullis("osdp", "decode", "--file", transcript, "530008000060").code).toBe(2);
    expect(portcullis("osdp", "decode", "--scbk", "0011", "530008000060").stderr).toContain(
      "--scbk must be 16 bytes",
    );
    expect(portcullis("osdp", "decode", "--bogus").code).toBe(2);
    const missing = portcullis("osdp", "decode", "--file", join(dir, "nope.txt"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read");
  });
});
