/** Cardholder photos: the host's photo directory and the images in it. */
export * from "./photoFiles";
