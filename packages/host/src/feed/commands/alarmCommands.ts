/** Acknowledging alarms: journals the host's `AlarmAcknowledged` for an alarm, with the operator's note. */
import { Either, Schema } from "effect";
import { ALARM_EVENT_TYPES } from "../../events";
import { FeedError } from "../FeedError";
import {
  type CommandContext,
  type CommandOutcome,
  type CommandSpec,
  defineCommand,
  done,
  onceStored,
} from "./Command";

/** Longest acknowledgement note kept. */
export const MAX_ALARM_NOTE = 1_000;

/** A host without its alarm list (tests, tools): any alarm event the journal holds, as before issue 13. */
const acknowledgeInJournal = async (
  seq: number,
  note: string,
  context: CommandContext,
): Promise<CommandOutcome> => {
  const { backend, by } = context;
  const [event] = await backend.journal.readFrom(seq, 1);
  if (event?.seq !== seq || !ALARM_EVENT_TYPES.has(event.type))
    return Either.left(new FeedError({ code: "UnknownAlarm", message: `no alarm event at seq ${seq}` }));
  backend.recordHostEvent({
    type: "AlarmAcknowledged",
    at: backend.clock.now(),
    alarmSeq: seq,
    by,
    ...(note !== "" && { note }),
  });
  return onceStored(done, context);
};

/**
 * `alarm.acknowledge {seq, note?}`: `UnknownAlarm` unless `seq` raised an alarm, `AlreadyAcknowledged`
 * for an alarm acknowledged before (or by someone else at the same moment). Answered once stored.
 */
export const alarmCommands: Readonly<Record<string, CommandSpec>> = {
  "alarm.acknowledge": defineCommand(
    "operator",
    Schema.Struct({
      seq: Schema.Int.pipe(Schema.greaterThanOrEqualTo(1)),
      note: Schema.optionalWith(Schema.String.pipe(Schema.maxLength(MAX_ALARM_NOTE)), { exact: true }),
    }),
    async ({ seq, note = "" }, context) => {
      const { backend, by } = context;
      const alarms = backend.alarms;
      if (alarms === undefined) return acknowledgeInJournal(seq, note.trim(), context);
      const held = await alarms.acknowledge(seq, by, note.trim(), (alarmSeq, who, text) =>
        backend.recordHostEvent({
          type: "AlarmAcknowledged",
          at: backend.clock.now(),
          alarmSeq,
          by: who,
          ...(text !== "" && { note: text }),
        }),
      );
      if (Either.isLeft(held))
        return Either.left(new FeedError({ code: held.left.code, message: held.left.message }));
      const stored = await onceStored(done, context);
      // The answer comes once the alarm itself is stored acknowledged, so a reload shows it so.
      await alarms.settled();
      return stored;
    },
  ),
};
