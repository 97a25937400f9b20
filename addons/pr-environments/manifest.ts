import { defineAddon } from "../../config/addon-manifest";
import { prEnvironmentsSettings } from "./settings";

// Ephemeral environments for pull requests (the EKS reference platform). An Argo CD ApplicationSet with the pullRequest
// generator creates one Application per open, labelled PR of the application repository, deploying the
// PR's head commit into its own namespace `pr-<number>` (PSA restricted, created by Argo CD). Kyverno then
// generates the namespace's guardrails: a ResourceQuota, a LimitRange, default-deny NetworkPolicies (DNS,
// same-namespace and ingress-controller traffic allowed). Teardown: when the PR closes or loses its label
// the generator drops it, the ApplicationSet deletes the Application and its finalizer prunes what it
// deployed; Argo CD leaves namespaces it created, so a Kyverno cleanup policy (the reaper) deletes every
// PR namespace whose Application is gone. An environment's TTL is therefore its PR's lifetime plus at most
// one generator poll (`requeueAfterSeconds`) and one reaper run (`reaperSchedule`).

const prEnvironmentDefaults = {
    enabled: false,
    quota: {
        requestsCpu: "2",
        requestsMemory: "4Gi",
        limitsCpu: "4",
        limitsMemory: "8Gi",
        pods: 20,
        persistentVolumeClaims: 2,
        requestsStorage: "10Gi",
        loadBalancers: 0,
    },
    limits: { defaultRequest: { cpu: "50m", memory: "64Mi" }, default: { cpu: "500m", memory: "512Mi" } },
};

export const prEnvironments = defineAddon({
    key: "prEnvironments",
    description:
        "A namespace per open pull request (Argo CD ApplicationSet), with quota, default-deny network policies and teardown on close",
    settings: prEnvironmentsSettings,
    // A PR environment is a preview, sized the same whichever cluster hosts it.
    defaults: {
        dev: prEnvironmentDefaults,
        prod: prEnvironmentDefaults,
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    // Argo CD runs the ApplicationSet; Kyverno generates each namespace's guardrails and reaps closed ones.
    requires: () => ["argoCd", "kyverno"],
    validate: (settings) =>
        settings.github
            ? []
            : [
                  "addons.prEnvironments.github: expected the application repository (owner, repo, token) whose pull requests get environments, got nothing",
              ],
    // PR namespaces are created by Argo CD; Kyverno generates their default-deny policies.
    flows: () => [],
});
