/** Cardholder import and export as CSV, and undo import (seed "Import and export"). */
export * from "./CardholderTransfer";
export * from "./ImportError";
export * from "./ImportOptions";
export * from "./ImportUndo";
export * from "./columns";
export * from "./ImportUploads";
export * from "./importPhotos";
