import { defineAddon } from "../../config/addon-manifest";
import { ingressProblems } from "../../config/ingress";
import { ciliumSettings } from "./settings";

// Cilium: the CNI on nova and bare metal (the bare-metal reference platform), optional on EKS (ENI IPAM or chained behind the VPC
// CNI). Wave 1: nodes are NotReady until it runs, yet no other addon takes a dependency on it — their Helm
// releases wait (up to their timeout) for pods to schedule, so nothing is serialized behind the CNI except
// through the cluster provider they all share.

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
        const needsKpr = (feature: string) => `addons.cilium.kubeProxyReplacement: expected true because ${feature} needs it, got false`;
        if (!settings.kubeProxyReplacement && settings.ingressController.enabled)
            problems.push(needsKpr("addons.cilium.ingressController.enabled"));
        if (!settings.kubeProxyReplacement && settings.l2announcements) problems.push(needsKpr("addons.cilium.l2announcements"));
        if (settings.hubble.ui && !settings.hubble.relay)
            problems.push(
                "addons.cilium.hubble.relay: expected true because addons.cilium.hubble.ui reads flows from the relay, got false",
            );
        if (config.substrate === "eks" && settings.kubeProxyReplacement) {
            problems.push(
                "addons.cilium.kubeProxyReplacement: expected false on EKS (kube-proxy is an EKS managed add-on there), got true",
            );
        }
        return problems;
    },
    flows: () => [],
});
