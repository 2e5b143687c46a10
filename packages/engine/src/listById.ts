/**
 * Entity lists of 100 000 cardholders or credentials, looked up and replaced by id without a scan:
 * each list remembers where its ids are; a position is checked before it is trusted, so a stale one
 * only costs a rebuild. Replacing or adding changes the list in place: copying 100 000 entries per
 * change costs several times the change (and its garbage the pauses of a large heap), so whoever
 * needs the state before a change keeps what the change reports (`ConfigApplied.undo`).
 */
type Keyed = Readonly<Record<string, unknown>>;

const positions = new WeakMap<ReadonlyArray<Keyed>, Map<unknown, number>>();

const positionsOf = (list: ReadonlyArray<Keyed>, key: string, rebuild: boolean): Map<unknown, number> => {
  let map = positions.get(list);
  if (map === undefined || rebuild) {
    map = new Map();
    for (let i = 0; i < list.length; i++) map.set(list[i]![key], i);
    positions.set(list, map);
  }
  return map;
};

/** Where the item with `id` (in field `key`) is in `list`; -1 if it is not there. */
export const indexOfId = (list: ReadonlyArray<Keyed>, id: unknown, key = "id"): number => {
  const known = positionsOf(list, key, false);
  const at = known.get(id);
  if (at !== undefined && list[at]?.[key] === id) return at;
  // A miss is trusted from positions that still cover the list: rebuilding on every new id made adding n entries cost n².
  if (at === undefined && known.size === list.length) return -1;
  const rebuilt = positionsOf(list, key, true).get(id);
  return rebuilt ?? -1;
};

/** The item with `id`, if `list` has one. */
export const findById = <T extends Keyed>(list: ReadonlyArray<T>, id: unknown, key = "id"): T | undefined => {
  const at = indexOfId(list, id, key);
  return at < 0 ? undefined : list[at];
};

/** `list` with `item` replacing the one of its id, or added at the end: changed in place. */
export const upsertById = <T extends Keyed>(list: ReadonlyArray<T>, item: T, key = "id"): T[] => {
  const at = indexOfId(list, item[key], key);
  const next = list as T[];
  if (at < 0) {
    positionsOf(list, key, false).set(item[key], next.length);
    next.push(item);
  } else next[at] = item;
  return next;
};
