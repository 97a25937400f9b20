// EC2 instance types the shipped configs, examples and tests use: vCPUs and memory as EC2 lists them, and the
// kubelet's max pods on EKS. Max pods is AWS's ENI-based number from amazon-eks-ami
// (templates/shared/runtime/eni-max-pods.txt; nodeadm computes the same from instance-info.jsonl as
// ENIs × (IPv4 addresses per ENI − 1) + 2). A type missing here is a warning of the capacity check, never a
// guess: add a line, with the numbers from `aws ec2 describe-instance-types` and eni-max-pods.txt.

export interface InstanceType {
    readonly vcpus: number;
    /** As EC2 lists it (GiB × 1024); the guest sees somewhat less (config/allocatable.ts). */
    readonly memoryMiB: number;
    /** eni-max-pods.txt: pods the VPC CNI can address without prefix delegation. */
    readonly maxPods: number;
}

const type = (vcpus: number, memoryGiB: number, maxPods: number): InstanceType => ({ vcpus, memoryMiB: memoryGiB * 1024, maxPods });

export const instanceTypes: Readonly<Record<string, InstanceType>> = {
    "t3.medium": type(2, 4, 17),
    "t3.large": type(2, 8, 35),
    "m5.large": type(2, 8, 29),
    "m6i.large": type(2, 8, 29),
    "m6i.xlarge": type(4, 16, 58),
    "m6i.2xlarge": type(8, 32, 58),
    "m7i.large": type(2, 8, 29),
    "m7i.xlarge": type(4, 16, 58),
    "m7i.2xlarge": type(8, 32, 58),
    "m6g.xlarge": type(4, 16, 58),
    "m7g.xlarge": type(4, 16, 58),
    "c6i.large": type(2, 4, 29),
    "c6i.xlarge": type(4, 8, 58),
    "c6i.2xlarge": type(8, 16, 58),
    "c7i.large": type(2, 4, 29),
    "r6i.large": type(2, 16, 29),
    "r6i.xlarge": type(4, 32, 58),
    "r7i.large": type(2, 16, 29),
};
