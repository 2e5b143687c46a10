/** The control panel's logical layer for one PD (libosdp's CP machine): ID → CAP → Secure Channel → online ⇄ offline. */
import { and, assign, emit, enqueueActions, type SnapshotFrom, setup } from "xstate";
import { NakCode } from "../codes";
import type { SecureChannelErrorReason } from "../errors";
import type { Capability, PdId, Reply } from "../messages";
import type { SecureChannelState } from "./events";
import {
  ERROR_KEEPALIVE_MS,
  ERROR_RETRY_MS,
  OFFLINE_AFTER_MS,
  PROBE_BACKOFF_MAX_MS,
  PROBE_BACKOFF_MIN_MS,
} from "./timing";

/** Communication security, the PDCAP function that announces Secure Channel (OSDP 2.2 Table 33, function 9). */
export const CAPABILITY_SECURE_CHANNEL = 9;

/** How a PD is run: `secureChannel` when Secure Channel is in effect for its reader (DESIGN §3). */
export interface PdMachineInput {
  readonly secureChannel: boolean;
}

interface PdContext {
  readonly secureChannel: boolean;
  /** SCBK-D is allowed for this reader (explicitly enabled, time-limited). */
  readonly installMode: boolean;
  /** The next CHLNG follows a confirmed KEYSET: a new session under the new key at SQN 0. */
  readonly rekeyed: boolean;
  /**
   * A reply of the current session has passed its MAC. Until one has, the reader is not online (nothing can be read
   * yet), and a session that fails again is not retried but reported `failed`.
   */
  readonly verified: boolean;
  readonly backoffMs: number;
  readonly failure: "unsupported" | "failed";
  readonly id: PdId | null;
  /** Bumped on entering every state that sends a new command: a command sent in an older step is not retried. */
  readonly step: number;
}

/** What the line tells the machine; `SILENCE` and `INSTALL_MODE_EXPIRED` are its own delayed events. */
export type PdMachineEvent =
  /** A valid reply arrived (BUSY included): the PD is alive. */
  | { readonly type: "ALIVE" }
  /** The final reply to the PD's outstanding command, accepted by the Secure Channel; `verified`: under its MAC. */
  | { readonly type: "REPLY"; readonly reply: Reply; readonly verified: boolean }
  /** The Secure Channel refused the reply (bad MAC or cryptogram, plaintext inside a session). */
  | { readonly type: "REJECTED"; readonly reason: SecureChannelErrorReason }
  /** No valid reply within the reply timeout. */
  | { readonly type: "TIMEOUT" }
  /** An admin put the reader in install mode for `durationMs`. */
  | { readonly type: "INSTALL_MODE"; readonly durationMs: number }
  | { readonly type: "SILENCE" }
  | { readonly type: "INSTALL_MODE_EXPIRED" };

/** Notifications the line turns into `CpLineEvent`s. */
export type PdMachineEmitted =
  | { readonly type: "status"; readonly status: "online" | "offline" | "error" }
  | { readonly type: "secureChannel"; readonly state: SecureChannelState }
  | { readonly type: "installMode"; readonly active: boolean }
  | {
      readonly type: "identified";
      readonly id: PdId | null;
      readonly capabilities: ReadonlyArray<Capability>;
    }
  /** The PD has a command to send (bring-up step or probe): wakes a sleeping line. */
  | { readonly type: "ready" };

const SILENCE_TIMER = "silence";
const INSTALL_MODE_TIMER = "installMode";

const replyOf = (event: PdMachineEvent): Reply | undefined =>
  event.type === "REPLY" ? event.reply : undefined;

const nakOf = (event: PdMachineEvent): number | undefined => {
  const reply = replyOf(event);
  return reply?.kind === "NAK" ? reply.error : undefined;
};

const supportsSecureChannel = (capabilities: ReadonlyArray<Capability>): boolean =>
  capabilities.some((c) => c.function === CAPABILITY_SECURE_CHANNEL && c.compliance >= 1);

/** The per-PD machine; create it with `createActor(pdMachine, { input, clock })`. */
export const pdMachine = setup({
  types: {
    context: {} as PdContext,
    input: {} as PdMachineInput,
    events: {} as PdMachineEvent,
    emitted: {} as PdMachineEmitted,
  },
  delays: {
    offlineAfter: OFFLINE_AFTER_MS,
    probeBackoff: ({ context }) => context.backoffMs,
    errorRetry: ERROR_RETRY_MS,
    keepAlive: ERROR_KEEPALIVE_MS,
  },
  guards: {
    replyIs: ({ event }, kind: Reply["kind"]) => replyOf(event)?.kind === kind,
    nakIs: ({ event }, code: number) => nakOf(event) === code,
    // A NAK to CHLNG other than "Secure Channel error" (0x06): the PD does not do Secure Channel at all.
    nakUnsupported: ({ event }) => {
      const code = nakOf(event);
      return code !== undefined && code !== NakCode.SECURE_CHANNEL_REQUIRED && code !== NakCode.SEQUENCE;
    },
    secureChannel: ({ context }) => context.secureChannel,
    plaintextPdcap: ({ context, event }) => !context.secureChannel && replyOf(event)?.kind === "PDCAP",
    installModeRmacI: ({ context, event }) => context.installMode && replyOf(event)?.kind === "RMAC_I",
    sessionDropped: ({ context, event }) =>
      context.secureChannel && nakOf(event) === NakCode.SECURE_CHANNEL_REQUIRED,
    verifiedSession: ({ context }) => context.verified,
    firstVerifiedReply: ({ context, event }) =>
      context.secureChannel && !context.verified && event.type === "REPLY" && event.verified,
    // The PD lost our sequence (or restarted): the connection starts over, whatever step it was at.
    notSequenceError: ({ event }) => nakOf(event) !== NakCode.SEQUENCE,
    pdSupportsSecureChannel: ({ event }) => {
      const reply = replyOf(event);
      return reply?.kind === "PDCAP" && supportsSecureChannel(reply.capabilities);
    },
  },
  actions: {
    nextStep: assign({ step: ({ context }) => context.step + 1 }),
    armSilence: enqueueActions(({ enqueue }) => {
      // DESIGN §2: cancel before re-arming, XState keeps the old timer when an id is reused.
      enqueue.cancel(SILENCE_TIMER);
      enqueue.raise({ type: "SILENCE" }, { id: SILENCE_TIMER, delay: "offlineAfter" });
    }),
    cancelSilence: enqueueActions(({ enqueue }) => enqueue.cancel(SILENCE_TIMER)),
    rememberId: assign({
      id: ({ context, event }) => {
        const reply = replyOf(event);
        return reply?.kind === "PDID" ? reply : context.id;
      },
    }),
    identified: emit(({ context, event }) => {
      const reply = replyOf(event);
      return {
        type: "identified" as const,
        id: context.id,
        capabilities: reply?.kind === "PDCAP" ? reply.capabilities : [],
      };
    }),
    fail: assign({ failure: (_, failure: "unsupported" | "failed") => failure }),
    resetBackoff: assign({ backoffMs: PROBE_BACKOFF_MIN_MS }),
    doubleBackoff: assign({
      backoffMs: ({ context }) => Math.min(context.backoffMs * 2, PROBE_BACKOFF_MAX_MS),
    }),
    startInstallMode: enqueueActions(({ context, event, enqueue }) => {
      if (!context.secureChannel || event.type !== "INSTALL_MODE") return;
      enqueue.assign({ installMode: true });
      enqueue.cancel(INSTALL_MODE_TIMER);
      enqueue.raise({ type: "INSTALL_MODE_EXPIRED" }, { id: INSTALL_MODE_TIMER, delay: event.durationMs });
      enqueue.emit({ type: "installMode", active: true });
    }),
    endInstallMode: enqueueActions(({ context, enqueue }) => {
      if (!context.installMode) return;
      enqueue.assign({ installMode: false });
      enqueue.cancel(INSTALL_MODE_TIMER);
      enqueue.emit({ type: "installMode", active: false });
    }),
    emitPlaintextOnline: enqueueActions(({ context, enqueue }) => {
      if (!context.secureChannel) enqueue.emit({ type: "status", status: "online" });
    }),
    emitSecureOnline: enqueueActions(({ enqueue }) => {
      enqueue.assign({ verified: true });
      enqueue.emit({ type: "secureChannel", state: "active" });
      enqueue.emit({ type: "status", status: "online" });
    }),
    emitError: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: "secureChannel", state: context.failure });
      enqueue.emit({ type: "status", status: "error" });
    }),
  },
}).createMachine({
  id: "pd",
  context: ({ input }) => ({
    secureChannel: input.secureChannel,
    installMode: false,
    rekeyed: false,
    verified: false,
    backoffMs: PROBE_BACKOFF_MIN_MS,
    failure: "unsupported",
    id: null,
    step: 0,
  }),
  initial: "connected",
  on: {
    INSTALL_MODE: { actions: "startInstallMode" },
    INSTALL_MODE_EXPIRED: { actions: "endInstallMode" },
    // No valid reply for OFFLINE_AFTER_MS, whether bringing up, online or in error: offline.
    ALIVE: { actions: "armSilence" },
    SILENCE: ".offline",
  },
  states: {
    // Bring-up and online: the PD is in the poll rotation and must keep answering.
    connected: {
      entry: ["armSilence", emit({ type: "ready" })],
      on: {
        // The PD lost track of our sequence, or restarted: start over at SQN 0.
        REPLY: { guard: { type: "nakIs", params: NakCode.SEQUENCE }, target: ".identify" },
      },
      initial: "identify",
      states: {
        identify: {
          entry: "nextStep",
          on: {
            REPLY: {
              guard: { type: "replyIs", params: "PDID" },
              target: "capabilities",
              actions: "rememberId",
            },
          },
        },
        capabilities: {
          entry: "nextStep",
          on: {
            REPLY: [
              {
                guard: "plaintextPdcap",
                target: "online",
                actions: "identified",
              },
              {
                guard: "pdSupportsSecureChannel",
                target: "secure",
                actions: "identified",
              },
              // Secure Channel configured, the PD does not announce it: never a plaintext fallback (DESIGN §3).
              {
                guard: { type: "replyIs", params: "PDCAP" },
                target: "#pd.error",
                actions: ["identified", { type: "fail", params: "unsupported" }],
              },
            ],
          },
        },
        secure: {
          entry: assign({ verified: false }),
          initial: "challenge",
          on: {
            REJECTED: { target: "#pd.error", actions: { type: "fail", params: "failed" } },
            // Install mode switched on mid-handshake: start again under SCBK-D.
            INSTALL_MODE: { target: ".challenge", reenter: true, actions: "startInstallMode" },
          },
          states: {
            challenge: {
              entry: "nextStep",
              on: {
                REPLY: [
                  {
                    guard: { type: "replyIs", params: "CCRYPT" },
                    target: "crypt",
                    actions: assign({ rekeyed: false }),
                  },
                  // 0x06 to CHLNG: the PD does Secure Channel but refuses this key.
                  {
                    guard: { type: "nakIs", params: NakCode.SECURE_CHANNEL_REQUIRED },
                    target: "#pd.error",
                    actions: { type: "fail", params: "failed" },
                  },
                  {
                    guard: "nakUnsupported",
                    target: "#pd.error",
                    actions: { type: "fail", params: "unsupported" },
                  },
                  // Any other answer: the handshake cannot complete.
                  {
                    guard: "notSequenceError",
                    target: "#pd.error",
                    actions: { type: "fail", params: "failed" },
                  },
                ],
              },
            },
            crypt: {
              entry: "nextStep",
              on: {
                REPLY: [
                  {
                    guard: "installModeRmacI",
                    target: "keyset",
                  },
                  { guard: { type: "replyIs", params: "RMAC_I" }, target: "#pd.connected.online" },
                  {
                    guard: "notSequenceError",
                    target: "#pd.error",
                    actions: { type: "fail", params: "failed" },
                  },
                ],
              },
            },
            // Install mode: a session under SCBK-D carries the reader's own key; its ACK ends install mode.
            keyset: {
              entry: "nextStep",
              on: {
                REPLY: [
                  {
                    guard: { type: "replyIs", params: "ACK" },
                    target: "challenge",
                    actions: ["endInstallMode", assign({ rekeyed: true })],
                  },
                  {
                    guard: "notSequenceError",
                    target: "#pd.error",
                    actions: { type: "fail", params: "failed" },
                  },
                ],
              },
            },
          },
        },
        // With Secure Channel, online (and its card data read) only once a reply of the session has passed its MAC.
        online: {
          entry: ["nextStep", "resetBackoff", "emitPlaintextOnline"],
          on: {
            // The PD dropped the session (NAK 0x06) or a reply failed its MAC: a new handshake, once. A session
            // that fails before any of its replies verified keeps failing (replies replaced, a PD that cannot
            // hold it): the reader is in error, never online with nothing read.
            REPLY: [
              { guard: "firstVerifiedReply", actions: "emitSecureOnline" },
              {
                guard: and(["sessionDropped", "verifiedSession"]),
                target: "secure",
              },
              {
                guard: "sessionDropped",
                target: "#pd.error",
                actions: { type: "fail", params: "failed" },
              },
            ],
            REJECTED: [
              { guard: "verifiedSession", target: "secure" },
              {
                guard: "secureChannel",
                target: "#pd.error",
                actions: { type: "fail", params: "failed" },
              },
            ],
          },
        },
      },
    },
    // Out of the rotation; probed with ID in idle slots, back-off doubling from 1 s to 30 s.
    offline: {
      entry: ["cancelSilence", emit({ type: "status", status: "offline" })],
      on: { INSTALL_MODE: { target: "connected", actions: "startInstallMode" } },
      initial: "waiting",
      states: {
        waiting: { after: { probeBackoff: "probeDue" } },
        probeDue: {
          entry: ["nextStep", emit({ type: "ready" })],
          on: {
            TIMEOUT: { target: "waiting", actions: "doubleBackoff" },
            REJECTED: { target: "waiting", actions: "doubleBackoff" },
            REPLY: [
              {
                guard: { type: "replyIs", params: "PDID" },
                target: "#pd.connected.capabilities",
                actions: "rememberId",
              },
              { target: "#pd.connected" },
            ],
          },
        },
      },
    },
    // Secure Channel configured and unsupported or failed: never online, card data ignored (DESIGN §3). The PD
    // is asked its ID (plaintext, no card data) to tell an unusable reader from a silent one, which goes offline.
    error: {
      entry: "emitError",
      after: { errorRetry: "connected" },
      on: { INSTALL_MODE: { target: "connected", actions: "startInstallMode" } },
      initial: "waiting",
      states: {
        waiting: { after: { keepAlive: "keepAliveDue" } },
        keepAliveDue: {
          entry: ["nextStep", emit({ type: "ready" })],
          on: { REPLY: "waiting", TIMEOUT: "waiting", REJECTED: "waiting" },
        },
      },
    },
  },
});

/** A snapshot of the per-PD machine. */
export type PdSnapshot = SnapshotFrom<typeof pdMachine>;

/** The command a PD's current state calls for; `POLL` stands for "queued command or poll" when online. */
export type PdStep =
  | { readonly kind: "ID" }
  | { readonly kind: "CAP" }
  /** `installKey`: SCBK-D (install mode); `newSession`: after KEYSET, restart at SQN 0. */
  | { readonly kind: "CHLNG"; readonly installKey: boolean; readonly newSession: boolean }
  | { readonly kind: "SCRYPT" }
  | { readonly kind: "KEYSET" }
  | { readonly kind: "POLL" };

/** What the PD needs sent now, or undefined when it is out of the rotation and not due for a probe. */
export const pdStep = (snapshot: PdSnapshot): PdStep | undefined => {
  const { context } = snapshot;
  if (snapshot.matches({ connected: "online" })) return { kind: "POLL" };
  if (
    snapshot.matches({ connected: "identify" }) ||
    snapshot.matches({ offline: "probeDue" }) ||
    snapshot.matches({ error: "keepAliveDue" })
  )
    return { kind: "ID" };
  if (snapshot.matches({ connected: "capabilities" })) return { kind: "CAP" };
  if (snapshot.matches({ connected: { secure: "challenge" } }))
    return { kind: "CHLNG", installKey: context.installMode, newSession: context.rekeyed };
  if (snapshot.matches({ connected: { secure: "crypt" } })) return { kind: "SCRYPT" };
  if (snapshot.matches({ connected: { secure: "keyset" } })) return { kind: "KEYSET" };
  return undefined;
};
