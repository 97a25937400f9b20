import type { InstanceType } from "../model/instance-types";

// What the scheduler can place on one node: its CPU and memory minus what the kubelet keeps back. The pure
// arithmetic of the capacity check (config/capacity.ts), kept apart so tests compare it with AWS's numbers.

export interface Resources {
    readonly cpuMilli: number;
    readonly memoryMiB: number;
}

/**
 * kube-reserved CPU as the EKS AMI computes it (amazon-eks-ami nodeadm/internal/kubelet/config.go,
 * getCPUMillicoresToReserve; AL2's bootstrap.sh used the same tiers): 6 % of the first core, 1 % of the
 * second, 0.5 % of the third and fourth, 0.25 % of every core above four.
 */
export function reservedCpuMilli(totalMilli: number): number {
    const tiers: [from: number, to: number, basisPoints: number][] = [
        [0, 1000, 600],
        [1000, 2000, 100],
        [2000, 4000, 50],
        [4000, Infinity, 25],
    ];
    return tiers.reduce(
        (sum, [from, to, bp]) => sum + (totalMilli <= from ? 0 : Math.floor(((Math.min(totalMilli, to) - from) * bp) / 10000)),
        0,
    );
}

/** kube-reserved memory as the EKS AMI computes it (getMemoryMebibytesToReserve): 11 MiB per pod the node may run, plus 255 MiB. */
export function reservedMemoryMiB(maxPods: number): number {
    return 11 * maxPods + 255;
}

/** The kubelet's hard eviction threshold on EKS nodes (nodeadm's evictionHard memory.available) and kubeadm's default. */
export const evictionHardMiB = 100;

/**
 * Memory EC2 (or a Nova flavor) lists that the guest kernel never hands to the kubelet (firmware, kernel,
 * crash kernel): the node's capacity is below the listed size. Karpenter estimates it at 7.5 %
 * (its vmMemoryOverheadPercent default) for the same reason; the check uses that estimate.
 */
export const guestMemoryOverhead = 0.075;

/** Allocatable CPU and memory of an EKS node of this type with the EKS AMI's kubelet defaults. */
export function eksAllocatable(type: InstanceType): Resources {
    const cpu = type.vcpus * 1000;
    const capacityMiB = Math.floor(type.memoryMiB * (1 - guestMemoryOverhead));
    return { cpuMilli: cpu - reservedCpuMilli(cpu), memoryMiB: capacityMiB - reservedMemoryMiB(type.maxPods) - evictionHardMiB };
}

/** The kubelet's default max pods, which kubeadm, Magnum and existing clusters keep unless they say otherwise. */
export const defaultMaxPods = 110;

/**
 * Allocatable CPU and memory of a kubeadm, Magnum or existing-cluster node. Their kubelets reserve nothing but
 * the 100 MiB eviction threshold by default, yet the kubelet, the container runtime and the OS still use CPU
 * and memory; the check keeps back what an EKS node of the kubelet's default 110 pods would (1465 MiB and the
 * same CPU tiers), so a plan that fits here does not rely on the daemons using nothing.
 */
export function kubeadmAllocatable(vcpus: number, memoryMiB: number): Resources {
    const cpu = vcpus * 1000;
    const capacityMiB = Math.floor(memoryMiB * (1 - guestMemoryOverhead));
    return { cpuMilli: cpu - reservedCpuMilli(cpu), memoryMiB: capacityMiB - reservedMemoryMiB(defaultMaxPods) - evictionHardMiB };
}

/**
 * Requests of the DaemonSets every EKS node runs before any platform pod: the VPC CNI's aws-node (25m, the
 * aws-vpc-cni chart's default) and the kube-proxy add-on (100m). Both request CPU only.
 */
export const eksNodeDaemonSets: Resources = { cpuMilli: 25 + 100, memoryMiB: 0 };

/** Kubernetes CPU quantities: "100m", "1", "2.5", or a number of cores. */
export function cpuMilli(quantity: string | number): number {
    if (typeof quantity === "number") return Math.round(quantity * 1000);
    const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
    if (!m) throw new Error(`internal: unexpected CPU quantity "${quantity}"`);
    return m[2] ? Number(m[1]) : Math.round(Number(m[1]) * 1000);
}

/** Kubernetes memory quantities in MiB: "256Mi", "1Gi", "2.5Gi". */
export function memoryMiB(quantity: string): number {
    const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)$/.exec(quantity);
    if (!m) throw new Error(`internal: unexpected memory quantity "${quantity}"`);
    const factor = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024 }[m[2] as "Ki" | "Mi" | "Gi" | "Ti"];
    return Number(m[1]) * factor;
}

/** "1.93 CPU / 6.7 GiB" */
export function describeResources(r: Resources): string {
    const cpu = Number((r.cpuMilli / 1000).toFixed(2));
    const gib = Number((r.memoryMiB / 1024).toFixed(1));
    return `${cpu} CPU / ${gib} GiB`;
}
