import type * as pulumi from "@pulumi/pulumi";
import { HelmAddon } from "../../platform/helm-addon";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { defineComponent } from "../../platform/addon";
import type { EraserSettings } from "./settings";
import { eraser } from "./manifest";

// The eraser ComponentResource; its settings and rules are in ./manifest.ts.

export interface EraserArgs {
    cluster: ClusterHandle;
    settings: EraserSettings;
}

export class Eraser extends HelmAddon {
    constructor(name: string, args: EraserArgs, opts?: pulumi.ComponentResourceOptions) {
        const { settings, cluster } = args;
        super(
            "groundwork:addons:Eraser",
            name,
            {
                cluster,
                namespace: "eraser-system",
                // Exception: the per-node remover talks to containerd through the host's socket (hostPath).
                podSecurity: "privileged",
                chart: charts.eraser,
                values: {
                    runtimeConfig: {
                        manager: {
                            runtime: { name: "containerd", address: "unix:///run/containerd/containerd.sock" },
                            scheduling: { repeatInterval: settings.interval, beginImmediately: true },
                        },
                        components: {
                            collector: { enabled: true },
                            scanner: { enabled: settings.scanner },
                        },
                    },
                },
            },
            opts,
        );
    }
}

export const eraserComponent = defineComponent(
    eraser,
    (name, ctx): Eraser => new Eraser(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts),
);
