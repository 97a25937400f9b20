import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";
import { eksAddons, type EksAddonPin } from "../../model/versions";
import type { WorkloadIdentityBinder } from "../../platform/cluster/handle";
import type { EksIdentityMode } from "./workload-identity";

// EKS managed add-ons, each pinned in the version catalog per Kubernetes minor. Order matters: the pod
// identity agent, the VPC CNI and kube-proxy go in before the nodes (a node is NotReady without a CNI;
// all three run on the host network, so they start on a node without one); CoreDNS and the EBS CSI driver
// need schedulable nodes, so they come after the node groups (created before them, EKS reports them
// DEGRADED until nodes appear and the create times out).

export interface ManagedAddonArgs {
    cluster: aws.eks.Cluster;
    kubernetesVersion: string;
    partition: pulumi.Output<string>;
    opts: pulumi.CustomResourceOptions;
}

export interface IdentityArgs {
    identity: WorkloadIdentityBinder;
    mode: EksIdentityMode;
    /** Parent of the identities' roles. */
    scope: pulumi.Resource;
}

function managedAddon(
    name: string,
    pin: EksAddonPin,
    args: ManagedAddonArgs,
    extra: { serviceAccountRoleArn?: pulumi.Input<string>; dependsOn?: pulumi.Resource[]; configuration?: Record<string, unknown> } = {},
): aws.eks.Addon {
    return new aws.eks.Addon(
        `${name}-${pin.addonName}`,
        {
            clusterName: args.cluster.name,
            addonName: pin.addonName,
            addonVersion: pin.versions[args.kubernetesVersion],
            // Config is the source of truth: a hand edit in the cluster is overwritten on the next update.
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "OVERWRITE",
            serviceAccountRoleArn: extra.serviceAccountRoleArn,
            configurationValues: extra.configuration && JSON.stringify(extra.configuration),
        },
        { ...args.opts, dependsOn: extra.dependsOn },
    );
}

/** The agent that hands Pod Identity credentials to pods; every Pod Identity binding waits for it. */
export function podIdentityAgent(name: string, args: ManagedAddonArgs): aws.eks.Addon {
    return managedAddon(name, eksAddons.podIdentityAgent, args);
}

/** Binds an add-on's service account and returns what the add-on needs: the IRSA role ARN, or nothing for Pod Identity. */
function bindAddon(name: string, args: ManagedAddonArgs & IdentityArgs, serviceAccount: string, managedPolicy: string, policy?: string) {
    const identity = args.identity.bind(args.scope, {
        name,
        namespace: "kube-system",
        serviceAccount,
        policy,
        managedPolicyArns: [pulumi.interpolate`arn:${args.partition}:iam::aws:policy/${managedPolicy}`],
    });
    return { serviceAccountRoleArn: args.mode === "irsa" ? identity.roleArn : undefined, dependsOn: [...identity.resources] };
}

/** What nodes need before they can become Ready: the VPC CNI (with its own role, not the node's) and kube-proxy. */
export function networkingAddons(name: string, args: ManagedAddonArgs & IdentityArgs): aws.eks.Addon[] {
    // The VPC CNI enforces NetworkPolicies (the tenants' default-deny) only with its policy agent on.
    const vpcCni = managedAddon(name, eksAddons.vpcCni, args, {
        ...bindAddon("vpc-cni", args, "aws-node", "AmazonEKS_CNI_Policy"),
        configuration: { enableNetworkPolicy: "true" },
    });
    const kubeProxy = managedAddon(name, eksAddons.kubeProxy, args);
    return [vpcCni, kubeProxy];
}

/**
 * What the EBS CSI driver needs to create and attach volumes encrypted with a customer KMS key (AWS's
 * documented policy for the driver): the managed AmazonEBSCSIDriverPolicy covers only the AWS-managed key.
 */
export function ebsKmsPolicy(keyArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                Resource: [keyArn],
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
            {
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                Resource: [keyArn],
            },
        ],
    });
}

/** Add-ons that run as normal pods: CoreDNS, and the EBS CSI driver behind the gp3 StorageClass. */
export function workloadAddons(
    name: string,
    args: ManagedAddonArgs & IdentityArgs & { nodeGroups: pulumi.Resource[]; ebsKmsKeyArn?: string },
): aws.eks.Addon[] {
    const coredns = managedAddon(name, eksAddons.coredns, args, { dependsOn: args.nodeGroups });
    const kms = args.ebsKmsKeyArn ? ebsKmsPolicy(args.ebsKmsKeyArn) : undefined;
    const ebs = bindAddon("ebs-csi-driver", args, "ebs-csi-controller-sa", "service-role/AmazonEBSCSIDriverPolicy", kms);
    const ebsCsiDriver = managedAddon(name, eksAddons.ebsCsiDriver, args, { ...ebs, dependsOn: [...ebs.dependsOn, ...args.nodeGroups] });
    return [coredns, ebsCsiDriver];
}
