/** Acknowledging alarms: journals the host's `AlarmAcknowledged` for an alarm event in the journal. */
import { Either, Schema } from "effect";
import { ALARM_EVENT_TYPES } from "../../events";
import { FeedError } from "../FeedError";
import { type CommandSpec, defineCommand, done, onceStored } from "./Command";

/** `alarm.acknowledge {seq}`: `UnknownAlarm` unless the journal holds an alarm event at `seq`. */
export const alarmCommands: Readonly<Record<string, CommandSpec>> = {
  "alarm.acknowledge": defineCommand(
    "operator",
    Schema.Struct({ seq: Schema.Int.pipe(Schema.greaterThanOrEqualTo(1)) }),
    async ({ seq }, context) => {
      const { backend, by } = context;
      const [event] = await backend.journal.readFrom(seq, 1);
      if (event?.seq !== seq || !ALARM_EVENT_TYPES.has(event.type))
        return Either.left(new FeedError({ code: "UnknownAlarm", message: `no alarm event at seq ${seq}` }));
      backend.recordHostEvent({ type: "AlarmAcknowledged", at: backend.clock.now(), alarmSeq: seq, by });
      return onceStored(done, context);
    },
  ),
};
