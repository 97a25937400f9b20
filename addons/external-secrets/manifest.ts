import { defineAddon } from "../../config/addon-manifest";
import type { PlatformConfig } from "../../config/types";
import { type ExternalSecretsSettings, externalSecretsSettings } from "./settings";

// External Secrets Operator (the Magnum (Jetstream2) reference platform) and one ClusterSecretStore every namespace can read from: AWS
// Secrets Manager on EKS (an IAM role through workload identity, limited to the cluster's prefix) or the
// platform's Vault (Kubernetes auth). Secrets listed under `secrets` become ExternalSecrets.

export type SecretStoreProvider = "aws" | "vault" | "none";

export function storeProviderOf(settings: Pick<ExternalSecretsSettings, "provider">, config: PlatformConfig): SecretStoreProvider {
    if (settings.provider) return settings.provider;
    if (config.addons.vault.enabled) return "vault";
    return config.substrate === "eks" ? "aws" : "none";
}

export const externalSecretsNamespace = "external-secrets";

export function externalSecretsProblems(settings: ExternalSecretsSettings, config: PlatformConfig): string[] {
    const provider = storeProviderOf(settings, config);
    const problems: string[] = [];
    if (provider === "aws" && config.substrate !== "eks") {
        problems.push(
            `addons.externalSecrets.provider: expected "vault" or "none" on substrate "${config.substrate}" (AWS Secrets Manager is read through EKS workload identity), got "aws"`,
        );
    }
    if (provider === "none" && settings.secrets.length > 0) {
        problems.push(
            `addons.externalSecrets.secrets: expected no secrets to sync without a store (provider "none"), got ${settings.secrets.length}`,
        );
    }
    return problems;
}

export const externalSecrets = defineAddon({
    key: "externalSecrets",
    description: "External Secrets Operator with a ClusterSecretStore for AWS Secrets Manager (EKS) or Vault",
    settings: externalSecretsSettings,
    defaults: {
        dev: { enabled: false, replicas: 1 },
        prod: { enabled: false, replicas: 2 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    requires: (settings, config) => (storeProviderOf(settings, config) === "vault" ? ["vault"] : []),
    uses: ["vault"],
    validate: externalSecretsProblems,
    // The webhook for the API server; the secret store: Vault in the cluster, or AWS Secrets Manager.
    flows: (settings, config) => [
        {
            namespace: externalSecretsNamespace,
            ingress: [
                { peer: "apiServer", ports: [10250] },
                { peer: "monitoring", ports: [8080] },
            ],
            egress: [
                { peer: "apiServer" },
                ...(storeProviderOf(settings, config) === "vault" ? [{ peer: { addon: "vault" as const }, ports: [8200] }] : []),
                ...(storeProviderOf(settings, config) === "aws" ? [{ peer: "cloudApi" as const }] : []),
            ],
        },
    ],
});
