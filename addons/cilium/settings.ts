import { z } from "zod";

// The settings of cilium under `addons.cilium` in the stack config.

export const ciliumSettings = z.strictObject({
    enabled: z.boolean().describe("Run Cilium as the CNI (nova, bare metal) or next to / instead of the VPC CNI on EKS."),
    kubeProxyReplacement: z
        .boolean()
        .default(false)
        .describe("Replace kube-proxy with eBPF service handling; Cilium then reaches the API server directly."),
    k8sServiceHost: z
        .string()
        .min(1)
        .default("auto")
        .describe('API server host for kube-proxy replacement; "auto" reads it from the cluster-info ConfigMap (kubeadm).'),
    k8sServicePort: z
        .number()
        .int()
        .min(1)
        .max(65535)
        .optional()
        .describe("API server port for kube-proxy replacement; read with the host when unset."),
    eksMode: z
        .enum(["chaining", "eni"])
        .default("chaining")
        .describe(
            'On EKS: "chaining" runs on top of the VPC CNI (aws-cni chaining); "eni" replaces it with Cilium\'s ENI IPAM. Switching re-addresses every pod.',
        ),
    hubble: z
        .strictObject({
            relay: z.boolean().default(false).describe("Hubble Relay: the cluster-wide flow API (the `hubble` CLI, the UI)."),
            ui: z.boolean().default(false).describe("The Hubble UI (a service map); needs the relay."),
        })
        .default({ relay: false, ui: false })
        .describe("Hubble network observability: every node records flows; these add the cluster-wide parts."),
    ingressController: z
        .strictObject({
            enabled: z
                .boolean()
                .default(false)
                .describe('Cilium\'s own ingress controller (IngressClass "cilium"); needs kube-proxy replacement.'),
            default: z
                .boolean()
                .default(false)
                .describe('Make "cilium" the default IngressClass; exactly one enabled ingress class must be.'),
            loadbalancerMode: z
                .enum(["shared", "dedicated"])
                .default("shared")
                .describe("One shared load balancer for every Ingress, or one per Ingress."),
            internal: z
                .boolean()
                .default(false)
                .describe("An internal load balancer (reachable inside the VPC only) instead of an internet-facing one."),
        })
        .default({ enabled: false, default: false, loadbalancerMode: "shared", internal: false })
        .describe("Cilium as an ingress controller."),
    l2announcements: z
        .boolean()
        .default(false)
        .describe("Answer ARP for LoadBalancer addresses (a MetalLB alternative); needs kube-proxy replacement."),
    operatorReplicas: z.number().int().min(1).max(5).describe("Replicas of the cilium-operator (IPAM, garbage collection)."),
});

export type CiliumSettings = z.infer<typeof ciliumSettings>;
