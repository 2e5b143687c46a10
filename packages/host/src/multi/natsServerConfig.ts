/**
 * The nats-server configuration a main generates: one account with JetStream, the main's user with
 * the whole account, and one user per sub server that may only read the globals stream through its
 * own consumers, publish under its own `pc.server.ID.>`, receive replies on its own inbox and the
 * main's requests on `pc.server.ID.request.*`, and answer them under the main's inbox, its own
 * prefix there (see {@link replySubjects}). A
 * removed sub's user is gone from the next configuration, so a reload shuts it out.
 */
import { GLOBALS_STREAM, inboxPrefix, replySubjects, requestSubjects, serverSubjects } from "./subjects";
import type { SubServer } from "./MultiState";

/** Where the generated nats-server listens and keeps its JetStream store. */
export interface NatsServerSettings {
  readonly host: string;
  readonly port: number;
  readonly storeDir: string;
}

const ACCOUNT = "PORTCULLIS";

/** The JetStream API calls a sub needs to read the globals stream with an ordered consumer. */
const subReadsGlobals = [
  "$JS.API.INFO",
  `$JS.API.STREAM.INFO.${GLOBALS_STREAM}`,
  `$JS.API.CONSUMER.CREATE.${GLOBALS_STREAM}`,
  `$JS.API.CONSUMER.CREATE.${GLOBALS_STREAM}.>`,
  `$JS.API.CONSUMER.INFO.${GLOBALS_STREAM}.>`,
  `$JS.API.CONSUMER.DELETE.${GLOBALS_STREAM}.>`,
  `$JS.API.CONSUMER.MSG.NEXT.${GLOBALS_STREAM}.>`,
];

/** The user entry of one sub server of the main whose NATS user is `mainUser`. */
const subUser = (mainUser: string, sub: Pick<SubServer, "serverId" | "natsUser" | "natsPassword">) => ({
  user: sub.natsUser,
  password: sub.natsPassword,
  permissions: {
    publish: {
      allow: [...subReadsGlobals, serverSubjects(sub.serverId), `${replySubjects(mainUser, sub.serverId)}.>`],
    },
    subscribe: { allow: [`${inboxPrefix(sub.natsUser)}.>`, requestSubjects(sub.serverId)] },
  },
});

/**
 * The configuration text (JSON, which nats-server reads as its own format). Passwords are in the
 * clear: the file is written readable by its owner only.
 */
export const natsServerConfig = (
  settings: NatsServerSettings,
  main: { readonly natsUser: string; readonly natsPassword: string },
  subs: ReadonlyArray<SubServer>,
): string =>
  JSON.stringify(
    {
      host: settings.host,
      port: settings.port,
      jetstream: { store_dir: settings.storeDir },
      accounts: {
        [ACCOUNT]: {
          jetstream: "enabled",
          users: [
            { user: main.natsUser, password: main.natsPassword },
            ...subs.map((s) => subUser(main.natsUser, s)),
          ],
        },
      },
    },
    null,
    2,
  );
