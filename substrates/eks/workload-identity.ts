import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";
import type { ServiceAccountIdentity, ServiceAccountIdentityArgs, WorkloadIdentityBinder } from "../../platform/cluster/handle";
import { iamRoleNaming } from "./iam-names";

// Gives one service account one IAM role, and nothing else can assume it. EKS Pod Identity (default):
// the role trusts pods.eks.amazonaws.com only for session tags naming this cluster, namespace and service
// account, and a PodIdentityAssociation binds it, so charts need no annotation. IRSA (option): the role
// trusts the cluster's OIDC provider for exactly `system:serviceaccount:<ns>:<sa>`, and the chart puts
// the role ARN on the service account.

export type EksIdentityMode = "pod-identity" | "irsa";

export interface EksWorkloadIdentityArgs {
    mode: EksIdentityMode;
    /** For names and descriptions. */
    clusterName: string;
    /** The EKS cluster's ARN and name (outputs, so a platform stack can bind against a cluster stack's cluster). */
    clusterArn: pulumi.Output<string>;
    eksClusterName: pulumi.Output<string>;
    /** IRSA only: the cluster's OIDC provider ARN and issuer URL. */
    oidcProviderArn?: pulumi.Output<string>;
    oidcIssuerUrl?: pulumi.Output<string>;
    /** The cluster's AWS provider: roles are created with it whatever the caller's providers are. */
    provider: pulumi.ProviderResource;
    /** What an association waits for (the pod identity agent add-on); the role itself waits for nothing. */
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** The trust policy of a Pod Identity role, limited to one service account of one cluster. */
export function podIdentityTrust(clusterArn: string, namespace: string, serviceAccount: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-arn": clusterArn,
                        "aws:RequestTag/kubernetes-namespace": namespace,
                        "aws:RequestTag/kubernetes-service-account": serviceAccount,
                    },
                },
            },
        ],
    });
}

/** The trust policy of an IRSA role: web identity from the cluster's issuer for one service account. */
export function irsaTrust(oidcProviderArn: string, issuerUrl: string, namespace: string, serviceAccount: string): string {
    const issuer = issuerUrl.replace(/^https:\/\//, "");
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    });
}

export class EksWorkloadIdentity implements WorkloadIdentityBinder {
    constructor(private readonly args: EksWorkloadIdentityArgs) {}

    bind(scope: pulumi.Resource, binding: ServiceAccountIdentityArgs): ServiceAccountIdentity {
        const { mode, clusterName, provider } = this.args;
        const opts: pulumi.CustomResourceOptions = { parent: scope, provider };
        const name = `${clusterName}-${binding.name}`;
        const { namespace, serviceAccount } = binding;
        const assumeRolePolicy =
            mode === "irsa"
                ? pulumi
                      .all([this.args.oidcProviderArn!, this.args.oidcIssuerUrl!])
                      .apply(([arn, issuer]) => irsaTrust(arn, issuer, namespace, serviceAccount))
                : this.args.clusterArn.apply((arn) => podIdentityTrust(arn, namespace, serviceAccount));
        const role = new aws.iam.Role(
            name,
            {
                description: `${namespace}/${serviceAccount} in EKS cluster ${clusterName} (${mode})`,
                assumeRolePolicy,
                ...iamRoleNaming(name),
            },
            opts,
        );
        const resources: pulumi.Resource[] = [role];
        if (binding.policy !== undefined) resources.push(new aws.iam.RolePolicy(name, { role: role.id, policy: binding.policy }, opts));
        (binding.managedPolicyArns ?? []).forEach((policyArn, i) => {
            resources.push(new aws.iam.RolePolicyAttachment(`${name}-${i + 1}`, { role: role.name, policyArn }, opts));
        });
        if (mode === "pod-identity") {
            resources.push(
                new aws.eks.PodIdentityAssociation(
                    name,
                    { clusterName: this.args.eksClusterName, namespace, serviceAccount, roleArn: role.arn },
                    { ...opts, dependsOn: this.args.dependsOn },
                ),
            );
        }
        return {
            roleArn: role.arn,
            serviceAccountAnnotations: role.arn.apply(
                (arn): Record<string, string> => (mode === "irsa" ? { "eks.amazonaws.com/role-arn": arn } : {}),
            ),
            resources,
        };
    }
}
