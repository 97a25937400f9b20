// Secrets every addon shares: generated passwords and secrets copied into the namespaces that read them.
export { generatedSecret, type GeneratedSecretArgs } from "./generated";
export { replicatedSecret, namespacedSecret, type ReplicatedSecretArgs } from "./replicated";
