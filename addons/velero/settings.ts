import { z } from "zod";
import { cronSchedule, dnsLabel } from "../../model/primitives";

// The settings of velero under `addons.velero` in the stack config.

export const veleroSettings = z.strictObject({
    enabled: z
        .boolean()
        .describe("Run Velero: daily backups of every namespace's Kubernetes objects, and of the volumes of namespaces that hold state."),
    nodeAgent: z
        .boolean()
        .default(true)
        .describe(
            "Node agent DaemonSet for file-system volume backups (kopia); needs a privileged namespace, as it reads kubelet's pod volumes.",
        ),
    stateNamespaces: z
        .array(dnsLabel)
        .default([])
        .describe("Namespaces whose volumes are backed up (besides the database's application namespaces)."),
    schedule: cronSchedule.optional().describe("When Velero backups run, a five-field cron schedule; backups.schedule when unset."),
});

export type VeleroSettings = z.infer<typeof veleroSettings>;
