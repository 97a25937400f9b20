import { defineAddon } from "../../config/addon-manifest";
import { type KyvernoSettings, kyvernoSettings } from "./settings";

// Admission policies (the production-checklist reference platform: non-root containers, no vulnerable or unpinned images): Kyverno, and a
// pinned policy set the program creates (addons/kyverno/policies.ts) — Enforce in prod, Audit in
// dev — after the chart's CRDs. Namespaces that need an exception declare it (see policies.ts).

export const namespace = "kyverno";

export function kyvernoProblems(settings: KyvernoSettings): string[] {
    return settings.restrictRegistries && settings.allowedRegistries.length === 0
        ? [
              "addons.kyverno.allowedRegistries: expected at least one registry prefix (addons.kyverno.restrictRegistries is true), got an empty list",
          ]
        : [];
}

export const admissionResources = { requests: { cpu: "100m", memory: "256Mi" } };

export const kyverno = defineAddon({
    key: "kyverno",
    description:
        "Kyverno admission policies: non-root, no privileged, no :latest, resource requests, allowed registries (Enforce in prod, Audit in dev)",
    settings: kyvernoSettings,
    defaults: {
        dev: { enabled: true, admissionReplicas: 1, controllerReplicas: 1, failureAction: "Audit" },
        prod: { enabled: true, admissionReplicas: 3, controllerReplicas: 2, failureAction: "Enforce" },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    validate: kyvernoProblems,
    pods: (settings) => [
        {
            what: "the Kyverno admission controller",
            setting: "addons.kyverno.admissionReplicas",
            replicas: settings.admissionReplicas,
            requests: admissionResources.requests,
            onePerNode: false,
        },
    ],
    // Admission webhooks for the API server; registries for image verification.
    flows: () => [
        {
            namespace,
            ingress: [
                { peer: "apiServer", ports: [9443] },
                { peer: "monitoring", ports: [8000] },
            ],
            egress: [{ peer: "apiServer" }, { peer: "internet", ports: [443] }],
        },
    ],
});
