import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { runOffline, type Plan } from "../scripts/lib/offline";

// Renaming the Platform's type token, with and without an alias, for the URN tests. Two ways: a miniature
// of groundwork's resource tree (Platform → addon → Helm release and namespace under the platform's
// Kubernetes provider) written with the rename, and the real program with the rename made where the engine
// sees it: in the registration request the SDK sends (type token, and the alias spec the SDK would send
// for `aliases: [{ type: "groundwork:platform:Platform" }]`).

export const platformType = "groundwork:platform:Platform";

/** The plan of the miniature with the Platform registered as `type`, optionally with `aliases`. */
export function miniaturePlan(type: string, aliases?: pulumi.Input<pulumi.URN | pulumi.Alias>[]): Promise<Plan> {
    return runOffline("prod", { values: {}, secretKeys: [] }, async () => {
        const platform = new pulumi.ComponentResource(type, "platform", {}, { aliases });
        const provider = new k8s.Provider("groundwork-prod-k8s", { kubeconfig: "{}" }, { parent: platform });
        const providers = { kubernetes: provider };
        const addonOpts = { parent: platform, providers };
        const addon = new pulumi.ComponentResource("groundwork:addons:Traefik", "traefik", {}, addonOpts);
        const ns = new k8s.core.v1.Namespace("traefik-ns", { metadata: { name: "traefik" } }, { parent: addon });
        const release = { chart: "traefik", version: "37.1.0", namespace: ns.metadata.name };
        new k8s.helm.v3.Release("traefik", release, { parent: addon });
    });
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aliasproto = require("@pulumi/pulumi/proto/alias_pb");

/**
 * Runs `plan` (a run of the real program) as if program/platform.ts registered the Platform as `type`,
 * with `aliases: [{ type: "groundwork:platform:Platform" }]` when `withAlias`.
 */
export async function withPlatformRenamed<T>(type: string, withAlias: boolean, plan: () => Promise<T>): Promise<T> {
    const getMonitor = settings.getMonitor;
    settings.getMonitor = () => {
        const monitor = getMonitor();
        if (monitor && !monitor.renamesPlatform) {
            monitor.renamesPlatform = true;
            const register = monitor.registerResource.bind(monitor);
            monitor.registerResource = (req: any, callback: unknown) => {
                if (req.getType() === platformType) {
                    req.setType(type);
                    if (withAlias) {
                        // What the SDK sends for the alias: the spec, with the resource's parent filled in.
                        const spec = new aliasproto.Alias.Spec();
                        spec.setType(platformType);
                        spec.setParenturn(req.getParent());
                        const alias = new aliasproto.Alias();
                        alias.setSpec(spec);
                        req.addAliases(alias);
                    }
                }
                return register(req, callback);
            };
        }
        return monitor;
    };
    try {
        return await plan();
    } finally {
        settings.getMonitor = getMonitor;
    }
}
