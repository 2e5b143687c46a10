/** Public API of the Portcullis protocols: card formats, Wiegand and OSDP. */
export {};
