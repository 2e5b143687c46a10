/** Card formats: definitions, predefined formats, site and reader sets, decoding and encoding. */
export * from "./CardFormat";
export * from "./CardFormatError";
export * from "./CardFormatSet";
export * from "./compile";
export * from "./decode";
export * from "./encode";
export * from "./library";
export * from "./output";
export * from "./predefined";
export * from "./cardRead";
export * from "./siteCardFormats";
