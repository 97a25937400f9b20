import * as pulumi from "@pulumi/pulumi";
import { defineComponent, type AddonContext } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { monitoringObject } from "../../platform/monitoring-objects";
import { platformNamespace } from "../../platform/namespace";
import { charts, rolloutsPlugins } from "../../model/versions";
import { defaultIngress } from "../../platform/ingress";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { ArgoRolloutsSettings, trafficRouters } from "./settings";
import { argoRollouts, namespace } from "./manifest";

// The argo-rollouts ComponentResource; its settings and rules are in ./manifest.ts.

export type TrafficRouter = Exclude<(typeof trafficRouters)[number], "auto">;

export interface ArgoRolloutsArgs {
    cluster: ClusterHandle;
    settings: ArgoRolloutsSettings;
    /** Resolved from the ingress addon in use (see `resolveTrafficRouter`). */
    trafficRouter: TrafficRouter;
    /** From the monitoring addon, when enabled: the ServiceMonitor waits for its CRDs. */
    monitoring?: { readonly ready: pulumi.Resource[] };
}

const release = "argo-rollouts";

const restrictedContainer = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    readOnlyRootFilesystem: true,
    seccompProfile: { type: "RuntimeDefault" },
};

/** Picks the traffic router for "auto" from the default ingress among the created addons. */
export function resolveTrafficRouter(
    setting: ArgoRolloutsSettings["trafficRouter"],
    addons: AddonContext<unknown>["addons"],
): TrafficRouter {
    if (setting !== "auto") return setting;
    const ingress = defaultIngress(addons);
    if (!ingress) return "none";
    if (ingress === addons.traefik?.ingress) return "traefik";
    if (ingress === addons.cilium?.ingress) return "gatewayApi";
    if (ingress === addons.awsLoadBalancerController?.ingress) return "alb";
    return "none";
}

/** The controller's chart values for a traffic router. */
export function trafficRouterValues(router: TrafficRouter, architecture: ArgoRolloutsSettings["architecture"]): Record<string, unknown> {
    switch (router) {
        case "traefik":
            return { extraArgs: ["--traefik-api-group=traefik.io", "--traefik-api-version=traefik.io/v1alpha1"] };
        case "gatewayApi": {
            const { name, version } = rolloutsPlugins.gatewayApi;
            const location = `https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/${version}/gatewayapi-plugin-linux-${architecture}`;
            return { trafficRouterPlugins: [{ name, location }] };
        }
        case "alb":
        case "none":
            return {};
    }
}

export class ArgoRollouts extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** The release (it installs and upgrades the Rollout CRDs): what a Rollout or AnalysisTemplate waits for. */
    readonly ready: pulumi.Resource[];
    readonly trafficRouter: TrafficRouter;

    constructor(name: string, args: ArgoRolloutsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:ArgoRollouts", name, {}, opts);
        const { settings, cluster, monitoring } = args;
        const ns = platformNamespace(this, name, { name: namespace, kubernetesVersion: cluster.kubernetesVersion });
        const ha = settings.replicas > 1;
        const chart = helmRelease(this, {
            chart: charts.argoRollouts,
            namespace: ns.metadata.name,
            values: {
                installCRDs: true,
                keepCRDs: true,
                controller: {
                    replicas: settings.replicas,
                    pdb: { enabled: ha, minAvailable: 1 },
                    metrics: { enabled: true, serviceMonitor: { enabled: false } },
                    resources: { requests: { cpu: "50m", memory: "128Mi" } },
                    ...trafficRouterValues(args.trafficRouter, settings.architecture),
                },
                dashboard: {
                    enabled: settings.dashboard.enabled,
                    readonly: true,
                    containerSecurityContext: restrictedContainer,
                    resources: { requests: { cpu: "10m", memory: "64Mi" } },
                },
            },
        });
        this.ready = [chart];

        if (monitoring) {
            monitoringObject(this, `${name}-metrics`, {
                kind: "ServiceMonitor",
                name: release,
                namespace: ns.metadata.name,
                spec: {
                    // The chart's metrics Service (argo-rollouts-metrics).
                    selector: { matchLabels: { "app.kubernetes.io/name": release, "app.kubernetes.io/component": "rollouts-controller" } },
                    endpoints: [{ port: "metrics" }],
                },
                ready: monitoring.ready,
            });
        }
        this.trafficRouter = args.trafficRouter;
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, trafficRouter: this.trafficRouter });
    }
}

export const argoRolloutsComponent = defineComponent(
    argoRollouts,
    (name, ctx): ArgoRollouts =>
        new ArgoRollouts(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                trafficRouter: resolveTrafficRouter(ctx.settings.trafficRouter, ctx.addons),
                monitoring: ctx.addons.monitoring,
            },
            ctx.opts,
        ),
);
