/** Roll call and mustering from zone presence. */
export * from "./MusterError";
export * from "./rollCall";
export * from "./Musters";
export * from "./tables";
