import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import {
    objectStoreContainer,
    objectStoreEnv,
    restrictedContainer,
    restrictedPod,
    snapshotCronJobSpec,
    uploadWithRetentionScript,
} from "../../platform/backups/snapshot-job";
import { images } from "../../model/versions";
import type { BackupLocationInfo } from "../../config/backup-location";
import { vaultClientTrust } from "./tls";

// Vault's two jobs. Both talk to Vault only after a person has initialized it (docs/vault-unseal.md), so
// neither blocks `pulumi up`: the audit Job waits (its pod stays Pending) until the bootstrap token Secret
// exists; the snapshot CronJob logs in with Kubernetes auth, which that same procedure sets up.

const vaultImage = `${images.vault.image}:${images.vault.tag}`;

export const auditBootstrapSecret = "vault-audit-bootstrap";

export interface AuditJobArgs {
    namespace: string;
    address: string;
    /** Vault serves TLS: trust its CA (./tls.ts). */
    tls: boolean;
    auditLogPath: string;
    dependsOn: pulumi.Resource[];
}

/**
 * Enables the file audit device once (idempotent), with a short-lived token the operator puts in the
 * `vault-audit-bootstrap` Secret after `vault operator init`. The chart only mounts the audit volume.
 */
export function auditJob(scope: pulumi.Resource, name: string, args: AuditJobArgs): k8s.batch.v1.Job {
    const trust = vaultClientTrust(args.tls);
    const script = [
        "set -eu",
        'export VAULT_TOKEN="$(cat /bootstrap/token)"',
        "until vault status >/dev/null 2>&1; do echo 'waiting for an initialized, unsealed Vault'; sleep 10; done",
        `if vault audit list -format=json 2>/dev/null | grep -q '"file/"'; then echo 'audit device file/ already enabled'; else vault audit enable file file_path=${args.auditLogPath}; fi`,
    ].join("\n");
    return new k8s.batch.v1.Job(
        name,
        {
            metadata: {
                name: "vault-enable-audit",
                namespace: args.namespace,
                // The pod waits for a human step; Pulumi must not wait for it to finish.
                annotations: { "pulumi.com/skipAwait": "true" },
            },
            spec: {
                backoffLimit: 20,
                template: {
                    spec: {
                        restartPolicy: "OnFailure",
                        securityContext: restrictedPod,
                        containers: [
                            {
                                name: "enable-audit",
                                image: vaultImage,
                                command: ["/bin/sh", "-c", script],
                                env: [{ name: "VAULT_ADDR", value: args.address }, { name: "HOME", value: "/tmp" }, ...trust.env],
                                securityContext: restrictedContainer,
                                volumeMounts: [
                                    { name: "bootstrap", mountPath: "/bootstrap", readOnly: true },
                                    { name: "tmp", mountPath: "/tmp" },
                                    ...trust.volumeMounts,
                                ],
                                resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
                            },
                        ],
                        volumes: [
                            { name: "bootstrap", secret: { secretName: auditBootstrapSecret } },
                            { name: "tmp", emptyDir: {} },
                            ...trust.volumes,
                        ],
                    },
                },
            },
        },
        { parent: scope, dependsOn: args.dependsOn },
    );
}

export interface SnapshotCronJobArgs {
    namespace: string;
    serviceAccount: string;
    serviceAccountAnnotations: pulumi.Input<Record<string, string>>;
    /** Secret with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY where no workload identity is used. */
    credentialsSecret: string | undefined;
    address: string;
    /** Vault serves TLS: trust its CA (./tls.ts). */
    tls: boolean;
    location: BackupLocationInfo;
    schedule: string;
    retentionDays: number;
    /** The namespace and the identity or Secret: what the service account waits for. */
    serviceAccountDependsOn: pulumi.Resource[];
    /** Vault's release: what the CronJob waits for. */
    dependsOn: pulumi.Resource[];
}

/** Vault role (Kubernetes auth) the snapshot job logs in with; created by the procedure in docs/vault-unseal.md. */
export const snapshotVaultRole = "raft-snapshot";

/** Daily raft snapshot: saved by the Vault CLI, uploaded and pruned by the AWS CLI. */
export function snapshotCronJob(scope: pulumi.Resource, name: string, args: SnapshotCronJobArgs): k8s.batch.v1.CronJob {
    const sa = new k8s.core.v1.ServiceAccount(
        `${name}-sa`,
        { metadata: { name: args.serviceAccount, namespace: args.namespace, annotations: args.serviceAccountAnnotations } },
        { parent: scope, dependsOn: args.serviceAccountDependsOn },
    );
    const save = [
        "set -eu",
        'JWT="$(cat /var/run/secrets/kubernetes.io/serviceaccount/token)"',
        `VAULT_TOKEN="$(vault write -field=token auth/kubernetes/login role=${snapshotVaultRole} jwt="$JWT")"`,
        "export VAULT_TOKEN",
        "vault operator raft snapshot save /snapshots/vault.snap",
    ].join("\n");
    const trust = vaultClientTrust(args.tls);
    const upload = uploadWithRetentionScript(args.location, "vault", { name: "vault", extension: "snap" }, args.retentionDays);
    return new k8s.batch.v1.CronJob(
        name,
        {
            metadata: { name: "vault-raft-snapshot", namespace: args.namespace },
            spec: snapshotCronJobSpec({
                schedule: args.schedule,
                serviceAccount: args.serviceAccount,
                save: {
                    name: "save",
                    image: vaultImage,
                    command: ["/bin/sh", "-c", save],
                    env: [{ name: "VAULT_ADDR", value: args.address }, { name: "HOME", value: "/tmp" }, ...trust.env],
                    securityContext: restrictedContainer,
                    volumeMounts: [
                        { name: "snapshots", mountPath: "/snapshots" },
                        { name: "tmp", mountPath: "/tmp" },
                        ...trust.volumeMounts,
                    ],
                },
                upload: objectStoreContainer("upload", upload, objectStoreEnv(args.location, args.credentialsSecret)),
                pod: { securityContext: restrictedPod, volumes: trust.volumes },
            }),
        },
        { parent: scope, dependsOn: [sa, ...args.dependsOn] },
    );
}
