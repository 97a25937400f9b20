import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import { ciliumClassName, ingressProblems, loadBalancerService, type IngressInfo } from "../../platform/ingress";

// Cilium: the CNI on nova and bare metal (the bare-metal reference platform), optional on EKS (ENI IPAM or chained behind the VPC
// CNI). Wave 1: nodes are NotReady until it runs, yet no other addon takes a dependency on it — their Helm
// releases wait (up to their timeout) for pods to schedule, so nothing is serialized behind the CNI except
// through the cluster provider they all share.

export const ciliumSettings = z.strictObject({
    enabled: z.boolean().describe("Run Cilium as the CNI (nova, bare metal) or next to / instead of the VPC CNI on EKS."),
    kubeProxyReplacement: z.boolean().default(false).describe("Replace kube-proxy with eBPF service handling; Cilium then reaches the API server directly."),
    k8sServiceHost: z
        .string()
        .min(1)
        .default("auto")
        .describe('API server host for kube-proxy replacement; "auto" reads it from the cluster-info ConfigMap (kubeadm).'),
    k8sServicePort: z.number().int().min(1).max(65535).optional().describe("API server port for kube-proxy replacement; read with the host when unset."),
    eksMode: z
        .enum(["chaining", "eni"])
        .default("chaining")
        .describe('On EKS: "chaining" runs on top of the VPC CNI (aws-cni chaining); "eni" replaces it with Cilium\'s ENI IPAM. Switching re-addresses every pod.'),
    hubble: z
        .strictObject({
            relay: z.boolean().default(false).describe("Hubble Relay: the cluster-wide flow API (the `hubble` CLI, the UI)."),
            ui: z.boolean().default(false).describe("The Hubble UI (a service map); needs the relay."),
        })
        .default({ relay: false, ui: false })
        .describe("Hubble network observability: every node records flows; these add the cluster-wide parts."),
    ingressController: z
        .strictObject({
            enabled: z.boolean().default(false).describe('Cilium\'s own ingress controller (IngressClass "cilium"); needs kube-proxy replacement.'),
            default: z.boolean().default(false).describe('Make "cilium" the default IngressClass; exactly one enabled ingress class must be.'),
            loadbalancerMode: z
                .enum(["shared", "dedicated"])
                .default("shared")
                .describe("One shared load balancer for every Ingress, or one per Ingress."),
            internal: z.boolean().default(false).describe("An internal load balancer (reachable inside the VPC only) instead of an internet-facing one."),
        })
        .default({ enabled: false, default: false, loadbalancerMode: "shared", internal: false })
        .describe("Cilium as an ingress controller."),
    l2announcements: z.boolean().default(false).describe("Answer ARP for LoadBalancer addresses (a MetalLB alternative); needs kube-proxy replacement."),
    operatorReplicas: z.number().int().min(1).max(5).describe("Replicas of the cilium-operator (IPAM, garbage collection)."),
});
export type CiliumSettings = z.infer<typeof ciliumSettings>;

export interface CiliumArgs {
    cluster: ClusterHandle;
    settings: CiliumSettings;
    network: PlatformConfig["network"];
    /** MetalLB pool for the shared ingress Service's address. */
    metallbPool?: string;
    /**
     * EKS: the AWS Load Balancer Controller, which owns the ingress Service's NLB; the release waits for it so
     * `pulumi destroy` deletes the Service first (platform/teardown.ts). Chaining mode only: in ENI mode the
     * controller's pods need Cilium, so that edge would deadlock; disable the ingress before destroying.
     */
    loadBalancerController?: pulumi.Resource;
}

/** Cilium lives in kube-system, where its chart, CLI and docs put it (privileged by nature: it programs the host's network). */
const namespace = "kube-system";

export class Cilium extends pulumi.ComponentResource {
    readonly namespace: string;
    /** Set when Cilium's ingress controller is enabled. */
    readonly ingress: IngressInfo | undefined;
    readonly release: pulumi.Resource;

    constructor(name: string, args: CiliumArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Cilium", name, {}, opts);
        const { settings, cluster } = args;
        const ingress = settings.ingressController;
        const lb = loadBalancerService(cluster, { internal: ingress.internal, metallbPool: args.metallbPool });
        const deps: pulumi.Resource[] = [];
        if (cluster.substrate === "eks" && settings.eksMode === "eni") deps.push(disableAwsNode(this, name));
        if (ingress.enabled && args.loadBalancerController && !(cluster.substrate === "eks" && settings.eksMode === "eni")) deps.push(args.loadBalancerController);

        this.release = helmRelease(this, {
            chart: charts.cilium,
            namespace,
            dependsOn: deps,
            values: {
                ...datapathValues(cluster, settings, args.network),
                kubeProxyReplacement: settings.kubeProxyReplacement,
                ...(settings.kubeProxyReplacement
                    ? { k8sServiceHost: settings.k8sServiceHost, ...(settings.k8sServicePort ? { k8sServicePort: settings.k8sServicePort } : {}) }
                    : {}),
                operator: { replicas: settings.operatorReplicas },
                // The platform's NetworkPolicies admit the API server and kubelets by the node CIDR (ipBlock);
                // Cilium matches node addresses in ipBlocks only in this mode (platform/network-policies.ts).
                policyCIDRMatchMode: ["nodes"],
                hubble: { enabled: true, relay: { enabled: settings.hubble.relay }, ui: { enabled: settings.hubble.ui } },
                ingressController: ingress.enabled
                    ? {
                          enabled: true,
                          default: ingress.default,
                          loadbalancerMode: ingress.loadbalancerMode,
                          // 308-redirects HTTP to HTTPS for hosts with TLS.
                          enforceHttps: true,
                          service: { type: lb.type, annotations: lb.annotations },
                      }
                    : { enabled: false },
                l2announcements: { enabled: settings.l2announcements },
            },
        });
        this.namespace = namespace;
        this.ingress = ingress.enabled ? { className: ciliumClassName, isDefault: ingress.default } : undefined;
        this.registerOutputs({ namespace: this.namespace, ingress: this.ingress });
    }
}

/** IPAM and routing per substrate: Cilium's own pod CIDR pool on nova/bare metal, ENI or chaining on EKS. */
function datapathValues(cluster: ClusterHandle, settings: CiliumSettings, network: PlatformConfig["network"]): Record<string, unknown> {
    if (cluster.substrate !== "eks") {
        return { ipam: { mode: "cluster-pool", operator: { clusterPoolIPv4PodCIDRList: [network.podCidr], clusterPoolIPv4MaskSize: 24 } } };
    }
    if (settings.eksMode === "eni") {
        // Cilium's EKS install: ENI IPAM, native routing, masquerade out of the node's ENIs. The operator
        // allocates ENIs with the node role's EC2 permissions.
        return { eni: { enabled: true }, ipam: { mode: "eni" }, routingMode: "native", egressMasqueradeInterfaces: "eth+" };
    }
    // Chained behind the VPC CNI (>= 1.11.2): the VPC CNI keeps IPAM and routing, Cilium adds policy and Hubble.
    return { cni: { chainingMode: "aws-cni", exclusive: false }, enableIPv4Masquerade: false, routingMode: "native", endpointRoutes: { enabled: true } };
}

/**
 * In ENI mode the VPC CNI must stop configuring pods: Cilium's EKS guide moves the aws-node DaemonSet onto
 * a node label no node carries. (An EKS managed add-on may restore it on its own update; the EKS substrate
 * should then not install the VPC CNI add-on at all.)
 */
function disableAwsNode(scope: pulumi.Resource, name: string): k8s.apps.v1.DaemonSetPatch {
    return new k8s.apps.v1.DaemonSetPatch(
        `${name}-aws-node-off`,
        {
            metadata: { name: "aws-node", namespace: "kube-system", annotations: { "pulumi.com/patchForce": "true" } },
            spec: { template: { spec: { nodeSelector: { "io.cilium/aws-node-enabled": "true" } } } },
        },
        { parent: scope },
    );
}

export const cilium = defineAddon({
    key: "cilium",
    description: "eBPF CNI with network policies, Hubble, optional kube-proxy replacement, ingress and L2 announcements",
    settings: ciliumSettings,
    defaults: {
        dev: { enabled: false, operatorReplicas: 1 },
        prod: { enabled: false, operatorReplicas: 2 },
    },
    // The CNI where the platform brings one: kubeadm on Nova and bare metal. Kind/k3d dev clusters bring
    // their own (the dev stack turns it off); on EKS the VPC CNI is the default and Cilium is opt-in.
    substrateDefaults: { nova: { enabled: true }, existing: { enabled: true } },
    // On Magnum the cluster template's network driver is the CNI.
    substrates: ["eks", "nova", "existing"],
    // Its ingress Service's NLB on EKS comes from the AWS Load Balancer Controller.
    requires: (settings, config) => (config.substrate === "eks" && settings.ingressController.enabled ? ["awsLoadBalancerController"] : []),
    uses: ["metallb", "awsLoadBalancerController"],
    validate: (settings, config) => {
        const problems = ingressProblems(config);
        const needsKpr = (feature: string) =>
            `addons.cilium.kubeProxyReplacement: expected true because ${feature} needs it, got false`;
        if (!settings.kubeProxyReplacement && settings.ingressController.enabled) problems.push(needsKpr("addons.cilium.ingressController.enabled"));
        if (!settings.kubeProxyReplacement && settings.l2announcements) problems.push(needsKpr("addons.cilium.l2announcements"));
        if (settings.hubble.ui && !settings.hubble.relay) problems.push("addons.cilium.hubble.relay: expected true because addons.cilium.hubble.ui reads flows from the relay, got false");
        if (config.substrate === "eks" && settings.kubeProxyReplacement) {
            problems.push("addons.cilium.kubeProxyReplacement: expected false on EKS (kube-proxy is an EKS managed add-on there), got true");
        }
        return problems;
    },
    flows: () => [], // runs in kube-system, which the platform does not own
    create: (name, ctx): Cilium =>
        new Cilium(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                network: ctx.config.network,
                metallbPool: ctx.addons.metallb?.pools[0],
                loadBalancerController: ctx.cluster.capabilities.loadBalancer === "aws-nlb" ? ctx.addons.awsLoadBalancerController?.release : undefined,
            },
            ctx.opts,
        ),
});
