import { z } from "zod";
import { cronSchedule } from "../../model/primitives";

// The settings of etcd-backup under `addons.etcdBackup` in the stack config.

export const etcdBackupSettings = z.strictObject({
    enabled: z
        .boolean()
        .describe("Snapshot etcd to the backup object store (only where the platform's user runs etcd: kubeadm on Nova, bare metal)."),
    schedule: cronSchedule.optional().describe("When etcd snapshots are taken, a five-field cron schedule; backups.schedule when unset."),
});

export type EtcdBackupSettings = z.infer<typeof etcdBackupSettings>;
