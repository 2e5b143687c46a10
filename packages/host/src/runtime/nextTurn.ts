/** Resolves on the event loop's next turn: long work yields with it, so cards presented meanwhile are decided. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
