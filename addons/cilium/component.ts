import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import { loadBalancerService, type IngressInfo } from "../../platform/ingress";
import { ciliumClassName } from "../../config/ingress";
import { defineComponent } from "../../platform/addon";
import type { CiliumSettings } from "./settings";
import { cilium } from "./manifest";

// The cilium ComponentResource; its settings and rules are in ./manifest.ts.

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
        if (ingress.enabled && args.loadBalancerController && !(cluster.substrate === "eks" && settings.eksMode === "eni"))
            deps.push(args.loadBalancerController);

        this.release = helmRelease(this, {
            chart: charts.cilium,
            namespace,
            dependsOn: deps,
            values: {
                ...datapathValues(cluster, settings, args.network),
                kubeProxyReplacement: settings.kubeProxyReplacement,
                ...(settings.kubeProxyReplacement
                    ? {
                          k8sServiceHost: settings.k8sServiceHost,
                          ...(settings.k8sServicePort ? { k8sServicePort: settings.k8sServicePort } : {}),
                      }
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
    return {
        cni: { chainingMode: "aws-cni", exclusive: false },
        enableIPv4Masquerade: false,
        routingMode: "native",
        endpointRoutes: { enabled: true },
    };
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

export const ciliumComponent = defineComponent(
    cilium,
    (name, ctx): Cilium =>
        new Cilium(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                network: ctx.config.network,
                metallbPool: ctx.addons.metallb?.pools[0],
                loadBalancerController:
                    ctx.cluster.capabilities.loadBalancer === "aws-nlb" ? ctx.addons.awsLoadBalancerController?.release : undefined,
            },
            ctx.opts,
        ),
);
