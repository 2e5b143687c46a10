/** The control panel's timeouts and pacing, each a named constant (libosdp style), and line transmit time. */

/** How long a PD has to start answering once the command has left the wire (OSDP 2.2 §5.7: 200 ms). */
export const REPLY_TIMEOUT_MS = 200;
/** A reply timeout firing this much after its deadline was held up by a stalled event loop, not by the PD … */
export const REPLY_STALL_TOLERANCE_MS = 5;
/** … so bytes already received get this long to be read (timers run before I/O) before the command is resent. */
export const REPLY_STALL_GRACE_MS = 20;
/** A PD that has sent no valid reply for this long is offline (DESIGN §7). */
export const OFFLINE_AFTER_MS = 8_000;
/** After osdp_BUSY the PD is asked again (same SQN) no sooner than this; the line serves others meanwhile. */
export const BUSY_RETRY_MS = 50;
/** Shortest interval between two polls of one PD, so a quiet line does not spin (libosdp polls every 50 ms). */
export const POLL_INTERVAL_MS = 50;
/** First probe of an offline PD comes this long after it went offline; each unanswered probe doubles it … */
export const PROBE_BACKOFF_MIN_MS = 1_000;
/** … up to this. */
export const PROBE_BACKOFF_MAX_MS = 30_000;
/** Install mode lets a reader accept the well-known SCBK-D, so it is short (DESIGN §3: time-limited). */
export const MAX_INSTALL_MODE_MS = 30 * 60_000;
/** A PD in `error` (Secure Channel unsupported or failed) is tried again from ID this often … */
export const ERROR_RETRY_MS = 30_000;
/** … and asked its ID this often meanwhile, so that a PD in error that stops answering goes offline. */
export const ERROR_KEEPALIVE_MS = 1_000;

/** A line's transaction layer that failed (e.g. its port refused a write) is rebuilt and resumes this much later. */
export const TRANSACTION_RESTART_MS = 1_000;

/** Bits per byte on an RS-485 line: start bit, 8 data bits, stop bit (8N1). */
export const BITS_PER_BYTE = 10;

/** How long `byteCount` bytes take on the wire at `baudRate`, in ms. */
export const transmitTimeMs = (byteCount: number, baudRate: number): number =>
  (byteCount * BITS_PER_BYTE * 1000) / baudRate;

/** The reply timeout of one command: 200 ms after the command's last byte has been sent. */
export const replyTimeoutMs = (commandBytes: number, baudRate: number): number =>
  REPLY_TIMEOUT_MS + transmitTimeMs(commandBytes, baudRate);
