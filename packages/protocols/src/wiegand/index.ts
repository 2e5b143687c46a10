/** Wiegand: framing D0/D1 pulses, keypad bursts, decoding frames with a reader's formats. */
export * from "./decodeCommand";
export * from "./framer";
export * from "./keypad";
export * from "./WiegandReader";
