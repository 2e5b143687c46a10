/** Public API of the Portcullis protocols: card formats, Wiegand and OSDP. */
export * from "./cardformat";
export * from "./wiegand";
export * from "./osdp";
export * from "./crypto";
export {};
