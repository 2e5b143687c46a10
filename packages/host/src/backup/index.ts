/** Backups and restores of the host's database (seed "Backup and restore"). */
export * from "./BackupError";
export * from "./backupFiles";
export * from "./Backups";
export * from "./checkDatabase";
export * from "./hostEvents";
export * from "./hostBackups";
export * from "./restore";
export * from "./schedule";
export * from "./snapshot";
