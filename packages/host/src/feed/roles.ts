/** Cumulative roles (DESIGN §8): viewer ⊂ operator ⊂ admin. */
import type { TokenRole } from "../store";

const RANK: Record<TokenRole, number> = { viewer: 0, operator: 1, admin: 2 };

/** Whether a token of role `has` may do what needs role `needs`. */
export const roleAllows = (has: TokenRole, needs: TokenRole): boolean => RANK[has] >= RANK[needs];
