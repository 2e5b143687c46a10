/**
 * Reader feedback: the engine's intents as LED and BUZ commands. Chosen patterns (times in OSDP's 100 ms units):
 *
 * | intent                  | LED (temporary, then back to the permanent state) | buzzer                  |
 * |-------------------------|---------------------------------------------------|-------------------------|
 * | grant                   | green steady 3 s                                  | one 0.3 s beep          |
 * | deny                    | red blinking 0.2 s on / 0.2 s off for 3 s         | three 0.1 s beeps       |
 * | waiting-second-person   | amber blinking 0.5 s on / 0.5 s off for 10 s      | one 0.1 s beep          |
 * | enter-pin               | amber steady 10 s                                 | two 0.1 s beeps         |
 * | alert                   | red blinking 0.1 s on / 0.1 s off for 10 s        | five 0.2 s beeps        |
 *
 * The permanent LED state is left alone (NOP), so the reader returns to its idle colour. An intent carries no
 * duress information: a duress grant or denial is indistinguishable from a normal one (DESIGN §5 step 0).
 */
import type { Command } from "../messages";

/** What the engine asks a reader to show (the engine's `FeedbackIntent`). */
export type ReaderFeedbackIntent = "grant" | "deny" | "waiting-second-person" | "enter-pin" | "alert";

/** OSDP LED colours (OSDP 2.2 §6.8). */
export const LedColor = { BLACK: 0, RED: 1, GREEN: 2, AMBER: 3, BLUE: 4 } as const;

// osdp_LED temporary control 2: set the temporary state and start its timer; permanent control 0: no change.
const TEMPORARY_SET = 2;
const PERMANENT_NOP = 0;
// osdp_BUZ tone 2: the reader's default tone.
const DEFAULT_TONE = 2;

interface Pattern {
  readonly color: number;
  /** On/off times of a blink; `off` 0 is steady. */
  readonly on: number;
  readonly off: number;
  readonly duration: number;
  readonly beep: { readonly on: number; readonly off: number; readonly count: number };
}

const PATTERNS: Record<ReaderFeedbackIntent, Pattern> = {
  grant: { color: LedColor.GREEN, on: 30, off: 0, duration: 30, beep: { on: 3, off: 0, count: 1 } },
  deny: { color: LedColor.RED, on: 2, off: 2, duration: 30, beep: { on: 1, off: 1, count: 3 } },
  "waiting-second-person": {
    color: LedColor.AMBER,
    on: 5,
    off: 5,
    duration: 100,
    beep: { on: 1, off: 0, count: 1 },
  },
  "enter-pin": { color: LedColor.AMBER, on: 100, off: 0, duration: 100, beep: { on: 1, off: 1, count: 2 } },
  // An action rule's call for attention (an alarm at the door): faster and longer than a denial.
  alert: { color: LedColor.RED, on: 1, off: 1, duration: 100, beep: { on: 2, off: 2, count: 5 } },
};

/** The LED and BUZ commands showing `intent` on reader `reader` (0 for a single-reader PD), LED first. */
export const feedbackCommands = (intent: ReaderFeedbackIntent, reader = 0): ReadonlyArray<Command> => {
  const p = PATTERNS[intent];
  return [
    {
      kind: "LED",
      records: [
        {
          reader,
          led: 0,
          temporary: {
            control: TEMPORARY_SET,
            onTime: p.on,
            offTime: p.off,
            onColor: p.color,
            offColor: LedColor.BLACK,
            timer: p.duration,
          },
          permanent: { control: PERMANENT_NOP, onTime: 0, offTime: 0, onColor: 0, offColor: 0 },
        },
      ],
    },
    { kind: "BUZ", reader, tone: DEFAULT_TONE, onTime: p.beep.on, offTime: p.beep.off, count: p.beep.count },
  ];
};
