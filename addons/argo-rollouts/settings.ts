import { z } from "zod";

// The settings of argo-rollouts under `addons.argoRollouts` in the stack config.

export const trafficRouters = ["auto", "traefik", "gatewayApi", "alb", "none"] as const;

export const argoRolloutsSettings = z.strictObject({
    enabled: z.boolean().describe("Run the Argo Rollouts controller for canary and blue-green deployments."),
    replicas: z.number().int().min(1).max(5).describe("Controller replicas (one leader; the others take over)."),
    trafficRouter: z
        .enum(trafficRouters)
        .default("auto")
        .describe(
            'How canaries shift traffic; "auto" follows the default ingress addon: traefik → traefik, cilium → gatewayApi, AWS LB controller → alb.',
        ),
    architecture: z
        .enum(["amd64", "arm64"])
        .default("amd64")
        .describe("CPU architecture of the controller's nodes: the Gateway API plugin is a per-architecture binary."),
    dashboard: z
        .strictObject({
            enabled: z
                .boolean()
                .default(false)
                .describe("The read-only web UI (reach it with `kubectl -n argo-rollouts port-forward svc/argo-rollouts-dashboard 3100`)."),
        })
        .default({ enabled: false })
        .describe("The Argo Rollouts dashboard."),
});

export type ArgoRolloutsSettings = z.infer<typeof argoRolloutsSettings>;
