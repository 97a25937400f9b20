import type { PlatformConfig } from "./types";

// Point-in-time recovery targets that cannot work, refused before anything is planned: a target in the
// future (nothing to replay to yet) and one before the oldest base backup (`backups.firstBackupTime`, when
// the user records it; offline the program cannot list the object store, so CloudNativePG's own check —
// the recovery job fails with "no target backup found" — is the last word).

/** Restore mode needs the backup writers on: it reads through them and writes the next generation. */
export function restoreModeProblems(config: PlatformConfig): string[] {
    return config.restore.enabled && config.backups.objectStore && !config.backups.enabled
        ? [
              "backups.enabled: expected true because restore.enabled reads the backups through the same writers (and writes the next generation), got false",
          ]
        : [];
}

/** `now` is a parameter so tests pin it. */
export function restoreTargetProblems(config: PlatformConfig, now: Date = new Date()): string[] {
    // Only a restore reads the target; normal mode ignores a leftover one.
    const target = config.restore.targetTime;
    if (!target || !config.restore.enabled) return [];
    const at = Date.parse(target);
    const problems: string[] = [];
    if (at > now.getTime()) problems.push(`restore.targetTime: expected a time in the past, got "${target}"`);
    const first = config.backups.firstBackupTime;
    if (first && at < Date.parse(first)) {
        problems.push(
            `restore.targetTime: expected a time after backups.firstBackupTime (${first}, the oldest base backup), got "${target}"`,
        );
    }
    return problems;
}
