import { defineAddon } from "../../config/addon-manifest";
import { vaultSecretsOperatorSettings } from "./settings";

// vault-secrets-operator (the bare-metal reference platform): the alternative to External Secrets for Vault-only platforms. It gets a
// default VaultConnection to the platform's Vault and a default Kubernetes-auth VaultAuth; secrets listed
// under `secrets` become VaultStaticSecrets (KV v2) that create their Kubernetes Secret.

export const vaultSecretsOperator = defineAddon({
    key: "vaultSecretsOperator",
    description: "HashiCorp vault-secrets-operator: Vault KV secrets synced into Kubernetes Secrets (alternative to External Secrets)",
    settings: vaultSecretsOperatorSettings,
    defaults: {
        dev: { enabled: false, replicas: 1 },
        prod: { enabled: false, replicas: 2 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    requires: (_settings, config) => ["vault", ...(config.addons.vault.tls ? (["certManager"] as const) : [])],
    flows: () => [
        {
            namespace: "vault-secrets-operator",
            ingress: [{ peer: "monitoring", ports: [8443] }],
            egress: [{ peer: "apiServer" }, { peer: { addon: "vault" }, ports: [8200] }],
        },
    ],
});
