/** Persistence of the host: SQLite, migrations, the event journal, domain facts, configuration, tokens, the main key. */
export * from "./StoreError";
export * from "./Database";
export * from "./migrations";
export * from "./Journal";
export * from "./Checkpointer";
export * from "./followJournal";
export * from "./Facts";
export * from "./SiteDocuments";
export * from "./ConfigEntities";
export * from "./StoredSite";
export * from "./ApiTokens";
export * from "./Store";
export * from "./DataDirLock";
export * from "./effect";
export * from "./mainKey";
