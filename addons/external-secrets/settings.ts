import { z } from "zod";
import { dnsLabel } from "../../model/primitives";

// The settings of external-secrets under `addons.externalSecrets` in the stack config.

const syncedSecret = z
    .strictObject({
        name: dnsLabel.describe("Name of the Kubernetes Secret to create."),
        namespace: dnsLabel.describe("Namespace of that Secret."),
        key: z.string().min(1).describe("Key in the store (under the store's prefix on AWS; a KV v2 path under `secret/` in Vault)."),
    })
    .describe("A store secret synced into a Kubernetes Secret by an ExternalSecret.");

export const externalSecretsSettings = z.strictObject({
    enabled: z.boolean().describe("Run the External Secrets Operator and its ClusterSecretStore."),
    replicas: z
        .number()
        .int()
        .min(1)
        .max(5)
        .describe("Replicas of the operator, its webhook and cert controller (more than one: leader election and a PodDisruptionBudget)."),
    provider: z
        .enum(["aws", "vault", "none"])
        .optional()
        .describe(
            'Where the ClusterSecretStore reads: "vault" when addons.vault is on, "aws" (Secrets Manager) on EKS otherwise, when unset; "none" for no store.',
        ),
    awsSecretPrefix: z
        .string()
        .min(1)
        .optional()
        .describe("AWS: only secrets whose names start with this are readable; `<cluster name>/` when unset."),
    secrets: z.array(syncedSecret).default([]).describe("Secrets to sync from the store into namespaces."),
});

export type ExternalSecretsSettings = z.infer<typeof externalSecretsSettings>;
