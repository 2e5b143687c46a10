/** The two-person rule (DESIGN §5 step 10): a second, different cardholder within the timeout lets both in. */
import type { TwoPersonWaiting } from "./reasons";

/**
 * The first swipe that `cardholderId` completes a two-person access with, or undefined when this swipe is
 * a first one (nobody waiting, the wait timed out, or the same cardholder again).
 */
export const twoPersonPartner = (
  timeoutMs: number,
  waiting: TwoPersonWaiting | undefined,
  cardholderId: string,
  at: number,
): TwoPersonWaiting | undefined =>
  waiting !== undefined && waiting.cardholderId !== cardholderId && at < waiting.at + timeoutMs
    ? waiting
    : undefined;
