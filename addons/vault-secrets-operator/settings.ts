import { z } from "zod";
import { dnsLabel } from "../../model/primitives";

// The settings of vault-secrets-operator under `addons.vaultSecretsOperator` in the stack config.

const staticSecret = z
    .strictObject({
        name: dnsLabel.describe("Name of the Kubernetes Secret to create."),
        namespace: dnsLabel.describe("Namespace of that Secret (and of its VaultStaticSecret)."),
        path: z.string().min(1).describe('KV v2 path under the mount, e.g. "apps/web".'),
        mount: z.string().min(1).default("secret").describe("The KV v2 secrets engine's mount path in Vault."),
    })
    .describe("A Vault KV v2 secret synced into a Kubernetes Secret by a VaultStaticSecret.");

export const vaultSecretsOperatorSettings = z.strictObject({
    enabled: z.boolean().describe("Run vault-secrets-operator with a default VaultConnection and Kubernetes-auth VaultAuth."),
    replicas: z.number().int().min(1).max(3).describe("Replicas of the operator's controller (more than one: a PodDisruptionBudget)."),
    allowedNamespaces: z
        .array(dnsLabel)
        .default([])
        .describe("Namespaces allowed to use the default VaultAuth; every namespace when empty."),
    secrets: z.array(staticSecret).default([]).describe("Vault secrets to sync into namespaces."),
});

export type VaultSecretsOperatorSettings = z.infer<typeof vaultSecretsOperatorSettings>;
