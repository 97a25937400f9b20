import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import {
    downloadNewestScript,
    objectStoreContainer,
    objectStoreEnv,
    restrictedContainer,
    restrictedPod,
} from "../../platform/backups/snapshot-job";
import { images } from "../../model/versions";
import { vaultClientTrust } from "./tls";
import type { BackupLocationInfo } from "../../config/backup-location";

// Restore mode for Vault (docs/disaster-recovery.md, docs/vault-unseal.md §6): a Job that force-restores the
// newest raft snapshot from the backup store into the rebuilt Vault. It cannot run unattended: the new Vault
// must first be initialized (a throwaway init whose keys the snapshot replaces), and restoring needs that
// init's root token. So, like the audit Job, its pod waits (Pending, no Secret to mount) until a person puts
// a short-lived token in the `vault-restore-token` Secret; Pulumi does not wait for it.

export const restoreTokenSecret = "vault-restore-token";

export interface RestoreJobArgs {
    namespace: string;
    /** The snapshot CronJob's service account: it may read the vault/ prefix (and the source's, when elsewhere). */
    serviceAccount: string;
    credentialsSecret: string | undefined;
    address: string;
    /** Vault serves TLS: trust its CA (./tls.ts). */
    tls: boolean;
    /** Where the snapshots are read from: the restore source's prefixes. */
    source: BackupLocationInfo;
    dependsOn: pulumi.Resource[];
}

export function restoreJob(scope: pulumi.Resource, name: string, args: RestoreJobArgs): k8s.batch.v1.Job {
    const restore = [
        "set -eu",
        'export VAULT_TOKEN="$(cat /token/token)"',
        "until vault status >/dev/null 2>&1; do echo 'waiting for an initialized, unsealed Vault'; sleep 10; done",
        // -force: the snapshot comes from another raft cluster (the old one) and carries its own seal keys.
        "vault operator raft snapshot restore -force /snapshots/vault.snap",
        // Double quotes: an apostrophe inside single quotes ends the string, and the shell then fails
        // (exit 2) after the restore already ran.
        `echo "restored: Vault is now sealed with the OLD cluster's keys (docs/vault-unseal.md §6)"`,
    ].join("\n");
    return new k8s.batch.v1.Job(
        name,
        {
            metadata: { name: "vault-restore-snapshot", namespace: args.namespace, annotations: { "pulumi.com/skipAwait": "true" } },
            spec: {
                // Never retried: a second forced restore, after someone unsealed Vault, would wipe whatever was
                // written since the first one. A failure stays visible as a failed Job.
                backoffLimit: 0,
                template: {
                    spec: {
                        serviceAccountName: args.serviceAccount,
                        restartPolicy: "Never",
                        securityContext: restrictedPod,
                        initContainers: [
                            objectStoreContainer(
                                "download",
                                downloadNewestScript(args.source, "vault", { name: "vault", extension: "snap" }),
                                objectStoreEnv(args.source, args.credentialsSecret),
                                {
                                    writable: true,
                                    resources: false,
                                },
                            ),
                        ],
                        containers: [
                            {
                                name: "restore",
                                image: `${images.vault.image}:${images.vault.tag}`,
                                command: ["/bin/sh", "-c", restore],
                                env: [
                                    { name: "VAULT_ADDR", value: args.address },
                                    { name: "HOME", value: "/tmp" },
                                    ...vaultClientTrust(args.tls).env,
                                ],
                                securityContext: restrictedContainer,
                                volumeMounts: [
                                    { name: "snapshots", mountPath: "/snapshots", readOnly: true },
                                    { name: "token", mountPath: "/token", readOnly: true },
                                    { name: "tmp", mountPath: "/tmp" },
                                    ...vaultClientTrust(args.tls).volumeMounts,
                                ],
                                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                            },
                        ],
                        volumes: [
                            { name: "snapshots", emptyDir: {} },
                            { name: "token", secret: { secretName: restoreTokenSecret } },
                            { name: "tmp", emptyDir: {} },
                            ...vaultClientTrust(args.tls).volumes,
                        ],
                    },
                },
            },
        },
        { parent: scope, dependsOn: args.dependsOn },
    );
}
