/** What a simulated PD shows: LEDs (temporary over permanent state, blinking), buzzer, outputs and text. */
import type { BuzzerControl, LedPermanent, LedRecord, OutputRecord, TextOutput } from "@portcullis/protocols";

// OSDP 2.2 §6.8/§6.7: times in 100 ms units.
const TICK_MS = 100;

interface Timed<T> {
  readonly state: T;
  readonly since: number;
}

interface LedSlot {
  permanent: Timed<LedPermanent>;
  temporary: (Timed<LedPermanent> & { readonly untilMs: number }) | null;
}

const OFF: LedPermanent = { control: 0, onTime: 0, offTime: 0, onColor: 0, offColor: 0 };

const colorAt = (led: Timed<LedPermanent>, now: number): number => {
  const { onTime, offTime, onColor, offColor } = led.state;
  if (offTime === 0) return onColor;
  if (onTime === 0) return offColor;
  const phase = Math.floor((now - led.since) / TICK_MS) % (onTime + offTime);
  return phase < onTime ? onColor : offColor;
};

/** The indicator state of a PD, driven by the LED, BUZ, OUT and TEXT commands it accepts. */
export class PdIndicators {
  private readonly leds = new Map<string, LedSlot>();
  private readonly outputs = new Map<number, { on: boolean; temporaryUntil: number; temporaryOn: boolean }>();
  /** The last BUZ accepted, with its time. */
  buzzer: Timed<BuzzerControl> | null = null;
  /** The last TEXT accepted. */
  text: TextOutput | null = null;

  /** Applies one LED record: temporary control 1 cancels, 2 sets and starts the timer; permanent control 1 sets. */
  applyLed(record: LedRecord, now: number): void {
    const key = `${record.reader}/${record.led}`;
    const slot = this.leds.get(key) ?? { permanent: { state: OFF, since: now }, temporary: null };
    if (record.temporary.control === 1) slot.temporary = null;
    if (record.temporary.control === 2)
      slot.temporary = {
        state: record.temporary,
        since: now,
        untilMs: now + record.temporary.timer * TICK_MS,
      };
    if (record.permanent.control === 1) slot.permanent = { state: record.permanent, since: now };
    this.leds.set(key, slot);
  }

  /** The colour LED `led` of reader `reader` shows at `now` (OSDP colour code; 0 is off). */
  ledColor(now: number, led = 0, reader = 0): number {
    const slot = this.leds.get(`${reader}/${led}`);
    if (slot === undefined) return 0;
    if (slot.temporary !== null && now < slot.temporary.untilMs) return colorAt(slot.temporary, now);
    return colorAt(slot.permanent, now);
  }

  /** Records a BUZ. */
  applyBuzzer(command: BuzzerControl, now: number): void {
    this.buzzer = { state: command, since: now };
  }

  /** Applies an OUT record: 1/3 permanent off, 2/4 permanent on, 5/6 temporary on/off for the timer. */
  applyOutput(record: OutputRecord, now: number): void {
    const output = this.outputs.get(record.output) ?? {
      on: false,
      temporaryUntil: -Infinity,
      temporaryOn: false,
    };
    if (record.control === 1 || record.control === 3) output.on = false;
    if (record.control === 2 || record.control === 4) output.on = true;
    if (record.control === 3 || record.control === 4) output.temporaryUntil = -Infinity;
    if (record.control === 5 || record.control === 6) {
      output.temporaryOn = record.control === 5;
      output.temporaryUntil = now + record.timer * TICK_MS;
    }
    this.outputs.set(record.output, output);
  }

  /** Whether output `n` is on at `now`. */
  outputOn(now: number, n = 0): boolean {
    const output = this.outputs.get(n);
    if (output === undefined) return false;
    return now < output.temporaryUntil ? output.temporaryOn : output.on;
  }

  /** Output states as OSTATR bytes for outputs 0 … count-1. */
  outputStates(now: number, count: number): Array<number> {
    return Array.from({ length: count }, (_, n) => (this.outputOn(now, n) ? 1 : 0));
  }
}
