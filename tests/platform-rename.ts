import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { runOffline, type Plan } from "../scripts/lib/offline";

// The shape of groundwork's resource tree in miniature (Platform → addon component → Helm release,
// namespace and a password under the platform's Kubernetes provider), run through the real SDK and the
// offline recorder, so tests can rename the Platform's type token with and without an alias.

export const platformType = "groundwork:platform:Platform";

/** The plan of the miniature with the Platform registered as `type`, optionally with `aliases`. */
export function miniaturePlan(type: string, aliases?: pulumi.Input<pulumi.URN | pulumi.Alias>[]): Promise<Plan> {
    return runOffline("prod", { values: {}, secretKeys: [] }, async () => {
        const platform = new pulumi.ComponentResource(type, "platform", {}, { aliases });
        const provider = new k8s.Provider("groundwork-prod-k8s", { kubeconfig: "{}" }, { parent: platform });
        const providers = { kubernetes: provider };
        const addon = new pulumi.ComponentResource("groundwork:addons:Traefik", "traefik", {}, { parent: platform, providers });
        const ns = new k8s.core.v1.Namespace("traefik-ns", { metadata: { name: "traefik" } }, { parent: addon });
        const release = { chart: "traefik", version: "37.1.0", namespace: ns.metadata.name };
        new k8s.helm.v3.Release("traefik", release, { parent: addon });
    });
}
