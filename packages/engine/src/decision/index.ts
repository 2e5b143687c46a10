/** The access decision and its indexed policy. */
export * from "./reasons";
export * from "./PinHasher";
export * from "./PolicyIndex";
export * from "./decide";
export * from "./AntiPassback";
export * from "./TwoPerson";
export * from "./CredentialUse";
export * from "./PolicyChange";
