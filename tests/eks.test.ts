import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { parse } from "yaml";
import { createCluster } from "../program/cluster";
import { eksKubeconfigYaml } from "../substrates/eks/kubeconfig";
import { eksAddons } from "../model/versions";
import { readStackConfigFile, runOffline, type Plan, type PlanResource } from "../scripts/lib/offline";
import { parseConfig } from "../config/config";
import { loadConfig } from "../program/load-config";
import { subnetOf } from "../substrates/eks/manifest";
import { eksLogTypes } from "../substrates/eks/settings";
import { expectProblems, planOf, planOfConfig, rawConfigOfFile, resource, resources, stackConfigWith, writeTempConfig } from "./harness";

// The EKS substrate: the prod hardening a reviewer must never lose, what dev changes (and only
// that), the node group wiring, the workload identity binder, and the configs it refuses.

const prodConfig = (patch: Record<string, unknown> = {}) => stackConfigWith("prod", patch);
/** The prod stack's cluster under the dev profile (zones from the profile; addons, data and backups at their defaults). */
const devConfig = () => {
    const prodStack = prodConfig();
    const keep = ["aws:region", "groundwork:substrate", "groundwork:cluster", "groundwork:dns", "groundwork:tls"];
    return { ...Object.fromEntries(keep.map((k) => [k, prodStack[k]])), "groundwork:environment": "dev" };
};

const inputs = (r: PlanResource) => r.inputs as any;
const byType = (plan: Plan, type: string) => resources(plan, type);
const cluster = (plan: Plan) => byType(plan, "aws:eks/cluster:Cluster")[0];
const policy = (text: string) => JSON.parse(text) as { Statement: any[] };

describe("EKS substrate", function () {
    this.timeout(120000);
    let prod: Plan;
    let dev: Plan;
    before(async () => {
        prod = await planOf("prod");
        dev = await planOfConfig(devConfig(), "dev");
    });

    describe("prod hardening", () => {
        it("sends every control-plane log type to a log group with a retention", () => {
            expect(inputs(cluster(prod)).enabledClusterLogTypes).to.deep.equal([...eksLogTypes]);
            const group = byType(prod, "aws:cloudwatch/logGroup:LogGroup").find(
                (g) => inputs(g).name === "/aws/eks/groundwork-prod/cluster",
            )!;
            expect(inputs(group).retentionInDays).to.equal(90);
            expect(cluster(prod).dependsOn).to.include(group.urn);
        });

        it("envelope-encrypts Secrets with a customer KMS key that rotates", () => {
            const key = byType(prod, "aws:kms/key:Key").find((k) => k.parent === cluster(prod).parent)!;
            expect(inputs(key).enableKeyRotation).to.equal(true);
            const enc = inputs(cluster(prod)).encryptionConfig;
            expect(enc.resources).to.deep.equal(["secrets"]);
            expect(enc.provider.keyArn).to.match(/^arn:aws:kms:/);
            expect(cluster(prod).dependsOn).to.include(key.urn);
        });

        it("keeps the private endpoint on and the public one limited to the configured CIDRs", () => {
            const vpc = inputs(cluster(prod)).vpcConfig;
            expect(vpc.endpointPrivateAccess).to.equal(true);
            if (vpc.endpointPublicAccess) {
                expect(vpc.publicAccessCidrs).to.deep.equal(["203.0.113.0/24"]);
                expect(vpc.publicAccessCidrs).to.not.include("0.0.0.0/0");
            }
        });

        it("turns deletion protection on, authenticates through access entries only, pins the version", () => {
            const c = inputs(cluster(prod));
            expect(c.deletionProtection).to.equal(true);
            expect(c.accessConfig.authenticationMode).to.equal("API");
            expect(c.bootstrapSelfManagedAddons).to.equal(false);
            expect(c.version).to.equal("1.33");
            expect(c.upgradePolicy.supportType).to.equal("STANDARD");
        });

        it("requires IMDSv2 one hop away from pods (no pod reaches the node role) and encrypted gp3 volumes", () => {
            for (const lt of byType(prod, "aws:ec2/launchTemplate:LaunchTemplate")) {
                expect(inputs(lt).metadataOptions).to.deep.equal({
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    httpPutResponseHopLimit: 1,
                });
                expect(inputs(lt).blockDeviceMappings).to.not.be.empty;
                for (const bd of inputs(lt).blockDeviceMappings) {
                    expect(bd.ebs).to.include({ encrypted: "true", volumeType: "gp3", deleteOnTermination: "true" });
                }
                expect(inputs(lt)).to.not.have.any.keys("keyName", "iamInstanceProfile", "imageId", "userData");
            }
        });

        it("gives nodes no SSH: no remoteAccess, no key pair", () => {
            const groups = byType(prod, "aws:eks/nodeGroup:NodeGroup");
            expect(groups).to.not.be.empty;
            for (const g of groups) expect(inputs(g)).to.not.have.any.keys("remoteAccess", "diskSize");
        });

        it("installs the five managed add-ons at the catalog's pins", () => {
            const addons = byType(prod, "aws:eks/addon:Addon").map((a) => [inputs(a).addonName, inputs(a).addonVersion]);
            const expected = Object.values(eksAddons).map((pin) => [pin.addonName, pin.versions["1.33"]]);
            expect(addons).to.have.deep.members(expected);
        });

        it("protects the cluster, its KMS key and the node groups", () => {
            expect(cluster(prod).options.protect).to.equal(true);
            const keys = byType(prod, "aws:kms/key:Key").filter((k) => k.parent === cluster(prod).parent);
            expect(keys).to.have.length(1);
            expect(keys[0].options.protect).to.equal(true);
            for (const g of byType(prod, "aws:eks/nodeGroup:NodeGroup")) {
                expect(g.options.protect).to.equal(true);
                expect(g.options.ignoreChanges).to.deep.equal(["scalingConfig.desiredSize"]);
            }
        });

        it("grants admins cluster-admin and viewers read-only through access entries", () => {
            const entries = byType(prod, "aws:eks/accessEntry:AccessEntry").map((e) => inputs(e).principalArn);
            expect(entries).to.have.members([
                "arn:aws:iam::123456789012:role/platform-admins",
                "arn:aws:iam::123456789012:role/developers",
            ]);
            const policies = Object.fromEntries(
                byType(prod, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => [inputs(a).principalArn, inputs(a)]),
            );
            expect(policies["arn:aws:iam::123456789012:role/platform-admins"].policyArn).to.equal(
                "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            );
            expect(policies["arn:aws:iam::123456789012:role/developers"].policyArn).to.equal(
                "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
            );
            for (const a of byType(prod, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"))
                expect(a.dependsOn.some((d) => d.includes("AccessEntry"))).to.equal(true);
        });

        it("binds every pod identity to one service account of this cluster (least-privilege trust)", () => {
            const associations = byType(prod, "aws:eks/podIdentityAssociation:PodIdentityAssociation");
            expect(associations.map((a) => `${inputs(a).namespace}/${inputs(a).serviceAccount}`)).to.include.members([
                "kube-system/aws-node",
                "kube-system/ebs-csi-controller-sa",
            ]);
            for (const a of associations) {
                const role = prod.resources.find((r) => r.type === "aws:iam/role:Role" && inputs(a).roleArn.endsWith(`role/${r.name}`))!;
                const [statement, ...rest] = policy(inputs(role).assumeRolePolicy).Statement;
                expect(rest).to.be.empty;
                expect(statement.Principal).to.deep.equal({ Service: "pods.eks.amazonaws.com" });
                expect(statement.Action).to.deep.equal(["sts:AssumeRole", "sts:TagSession"]);
                expect(statement.Condition.StringEquals).to.deep.equal({
                    "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:us-east-1:123456789012:cluster/groundwork-prod",
                    "aws:RequestTag/kubernetes-namespace": inputs(a).namespace,
                    "aws:RequestTag/kubernetes-service-account": inputs(a).serviceAccount,
                });
            }
        });

        it("keeps the VPC CNI's permissions off the node role", () => {
            const nodePolicies = byType(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter(
                (a) => inputs(a).role === "groundwork-prod-node",
            );
            expect(nodePolicies.map((a) => inputs(a).policyArn.split("/").pop())).to.have.members([
                "AmazonEKSWorkerNodePolicy",
                "AmazonEC2ContainerRegistryPullOnly",
            ]);
        });

        it("builds a VPC over three zones with a NAT per zone, tagged subnets and flow logs", () => {
            const subnets = byType(prod, "aws:ec2/subnet:Subnet").map(inputs);
            const pub = subnets.filter((s) => s.tags["kubernetes.io/role/elb"] === "1");
            const priv = subnets.filter((s) => s.tags["kubernetes.io/role/internal-elb"] === "1");
            expect(pub.map((s) => s.availabilityZone)).to.deep.equal(["us-east-1a", "us-east-1b", "us-east-1c"]);
            expect(priv.map((s) => s.cidrBlock)).to.deep.equal(["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"]);
            expect(priv.every((s) => s.tags["karpenter.sh/discovery"] === "groundwork-prod")).to.equal(true);
            expect(pub.every((s) => s.mapPublicIpOnLaunch === false)).to.equal(true);
            expect(byType(prod, "aws:ec2/natGateway:NatGateway")).to.have.length(3);
            expect(inputs(byType(prod, "aws:ec2/flowLog:FlowLog")[0])).to.include({
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
            });
            expect(inputs(cluster(prod)).vpcConfig.subnetIds).to.have.length(3);
        });

        it("makes the Kubernetes provider wait for nodes and add-ons, and exports a secret exec kubeconfig", () => {
            const provider = prod.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
            for (const t of ["aws:eks/nodeGroup:NodeGroup", "aws:eks/addon:Addon"]) {
                for (const r of byType(prod, t)) expect(provider.dependsOn, r.name).to.include(r.urn);
            }
            expect(prod.outputs.kubeconfig).to.equal("[secret]");
            expect(prod.outputs.capabilities).to.deep.equal({
                loadBalancer: "aws-nlb",
                defaultStorageClass: "gp3",
                dns: "route53",
                workloadIdentity: "eks-pod-identity",
                objectStorage: "s3",
                selfManagedEtcd: false,
            });
        });

        it("puts every AWS resource on the cluster's regional provider", () => {
            const eks = cluster(prod).parent;
            const aws = prod.resources.filter(
                (r) =>
                    r.type.startsWith("aws:") && (r.parent === eks || r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation"),
            );
            expect(aws).to.not.be.empty;
            for (const r of aws) expect(r.provider, r.name).to.match(/pulumi:providers:aws::/);
            expect(inputs(prod.resources.find((r) => r.type === "pulumi:providers:aws")!).region).to.equal("us-east-1");
        });
    });

    describe("dev differs only where the dev profile says", () => {
        it("uses two zones and one NAT gateway, without flow logs", () => {
            expect(byType(dev, "aws:ec2/subnet:Subnet")).to.have.length(4);
            expect(byType(dev, "aws:ec2/natGateway:NatGateway")).to.have.length(1);
            expect(byType(dev, "aws:ec2/flowLog:FlowLog")).to.be.empty;
            const routes = byType(dev, "aws:ec2/route:Route").filter((r) => inputs(r).natGatewayId);
            expect(new Set(routes.map((r) => inputs(r).natGatewayId))).to.have.property("size", 1);
        });

        it("logs only audit, without deletion protection or protect", () => {
            const c = inputs(cluster(dev));
            expect(c.enabledClusterLogTypes).to.deep.equal(["audit"]);
            expect(c.deletionProtection).to.equal(false);
            expect(cluster(dev).options.protect).to.equal(false);
            expect(byType(dev, "aws:eks/nodeGroup:NodeGroup").every((g) => !g.options.protect)).to.equal(true);
        });

        it("keeps everything else the same: encryption, endpoint, IMDS, volumes, add-ons, access", () => {
            const strip = (c: any) => {
                const { enabledClusterLogTypes, deletionProtection, vpcConfig, encryptionConfig, ...rest } = c;
                return { ...rest, vpc: { ...vpcConfig, subnetIds: undefined }, keyArnSet: !!encryptionConfig.provider.keyArn };
            };
            expect(strip(inputs(cluster(dev)))).to.deep.equal(strip(inputs(cluster(prod))));
            // The cluster component's own resources (addons may add keys or roles of their own).
            const own = (plan: Plan, type: string) =>
                byType(plan, type)
                    .filter((r) => r.parent === cluster(plan).parent)
                    .map(inputs);
            const same = (type: string, pick: (i: any) => unknown) =>
                expect(own(dev, type).map(pick)).to.deep.equal(own(prod, type).map(pick));
            same("aws:ec2/launchTemplate:LaunchTemplate", (i) => ({ ...i }));
            same("aws:eks/addon:Addon", (i) => [i.addonName, i.addonVersion]);
            same("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", (i) => [i.principalArn, i.policyArn]);
            same("aws:kms/key:Key", (i) => i.enableKeyRotation);
            same("aws:eks/nodeGroup:NodeGroup", ({ subnetIds, ...rest }) => rest);
        });
    });

    describe("node groups", () => {
        let plan: Plan;
        before(async () => {
            plan = await planOfConfig(
                prodConfig({
                    "groundwork:cluster": {
                        nodePools: [
                            { name: "general", size: "m6i.xlarge", min: 3, max: 6, desired: 3 },
                            {
                                name: "batch",
                                size: "m7g.xlarge",
                                min: 0,
                                max: 5,
                                desired: 0,
                                diskGiB: 80,
                                kubernetesVersion: "1.32",
                                labels: { workload: "batch" },
                                taints: [{ key: "workload", value: "batch", effect: "NoSchedule" }],
                            },
                        ],
                        eks: {
                            nodePools: {
                                batch: {
                                    amiType: "BOTTLEROCKET_ARM_64",
                                    capacityType: "SPOT",
                                    extraInstanceTypes: ["m6g.xlarge"],
                                    maxUnavailable: 2,
                                },
                            },
                        },
                    },
                }),
                "prod",
            );
        });

        it("wires each node group to its own launch template at a numbered version", () => {
            for (const g of byType(plan, "aws:eks/nodeGroup:NodeGroup")) {
                const lt = resource(plan, "aws:ec2/launchTemplate:LaunchTemplate", g.name);
                expect(inputs(g).launchTemplate).to.deep.equal({ id: `${lt.name}-id`, version: "1" });
                expect(g.dependsOn).to.include(lt.urn);
            }
        });

        it("applies the EKS pool settings, taints, labels and the pool's version", () => {
            const batch = inputs(resource(plan, "aws:eks/nodeGroup:NodeGroup", "groundwork-prod-batch"));
            expect(batch).to.deep.include({
                amiType: "BOTTLEROCKET_ARM_64",
                capacityType: "SPOT",
                version: "1.32",
                instanceTypes: ["m7g.xlarge", "m6g.xlarge"],
            });
            expect(batch.updateConfig).to.deep.equal({ maxUnavailable: 2 });
            expect(batch.scalingConfig).to.deep.equal({ minSize: 0, maxSize: 5, desiredSize: 0 });
            expect(batch.taints).to.deep.equal([{ key: "workload", value: "batch", effect: "NO_SCHEDULE" }]);
            expect(batch.labels).to.deep.equal({ workload: "batch" });
            const general = inputs(resource(plan, "aws:eks/nodeGroup:NodeGroup", "groundwork-prod-general"));
            expect(general).to.deep.include({ amiType: "AL2023_x86_64_STANDARD", capacityType: "ON_DEMAND", version: "1.33" });
        });

        it("sizes Bottlerocket's data volume (/dev/xvdb) and encrypts its OS volume too", () => {
            const lt = inputs(resource(plan, "aws:ec2/launchTemplate:LaunchTemplate", "groundwork-prod-batch"));
            expect(lt.blockDeviceMappings.map((b: any) => [b.deviceName, b.ebs.volumeSize, b.ebs.encrypted])).to.deep.equal([
                ["/dev/xvda", 4, "true"],
                ["/dev/xvdb", 80, "true"],
            ]);
        });
    });

    describe("workload identity binder", () => {
        /** Runs the cluster alone and binds one service account, returning what an addon would get. */
        async function bindOnce(patch: Record<string, unknown>): Promise<Plan> {
            const file = writeTempConfig(prodConfig(patch));
            return runOffline("prod", readStackConfigFile(file), async () => {
                const { config, secrets } = loadConfig();
                const handle = createCluster(config, secrets);
                const scope = new pulumi.ComponentResource("test:index:Scope", "scope");
                const identity = handle.workloadIdentity!.bind(scope, {
                    name: "external-dns",
                    namespace: "external-dns",
                    serviceAccount: "external-dns",
                    policy: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            { Effect: "Allow", Action: "route53:ChangeResourceRecordSets", Resource: "arn:aws:route53:::hostedzone/Z1" },
                        ],
                    }),
                });
                return {
                    roleArn: identity.roleArn,
                    annotations: identity.serviceAccountAnnotations,
                    count: identity.resources.length,
                    hostedZoneId: handle.aws?.hostedZoneId,
                };
            });
        }

        it("Pod Identity: a role, its policy and an association; no service account annotation", async () => {
            const plan = await bindOnce({});
            expect(plan.outputs).to.deep.include({
                roleArn: "arn:aws:iam::123456789012:role/groundwork-prod-external-dns",
                annotations: {},
                count: 3,
            });
            expect(plan.outputs.hostedZoneId).to.match(/^Z[0-9A-F]+$/);
            const association = resource(plan, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "groundwork-prod-external-dns");
            expect(inputs(association)).to.include({
                clusterName: "groundwork-prod",
                namespace: "external-dns",
                serviceAccount: "external-dns",
            });
            expect(association.provider).to.match(/pulumi:providers:aws::groundwork-prod-aws$/);
            const inline = inputs(resource(plan, "aws:iam/rolePolicy:RolePolicy", "groundwork-prod-external-dns"));
            expect(policy(inline.policy).Statement[0].Resource).to.equal("arn:aws:route53:::hostedzone/Z1");
        });

        it("IRSA: an OIDC provider, a web-identity trust for exactly one service account, and the role annotation", async () => {
            const plan = await bindOnce({ "groundwork:cluster": { eks: { workloadIdentity: "irsa" } } });
            expect(plan.outputs.annotations).to.deep.equal({
                "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/groundwork-prod-external-dns",
            });
            expect(plan.outputs.count).to.equal(2);
            expect(resources(plan, "aws:eks/podIdentityAssociation:PodIdentityAssociation")).to.be.empty;
            const oidc = inputs(resources(plan, "aws:iam/openIdConnectProvider:OpenIdConnectProvider")[0]);
            expect(oidc.clientIdLists).to.deep.equal(["sts.amazonaws.com"]);
            const trust = policy(inputs(resource(plan, "aws:iam/role:Role", "groundwork-prod-external-dns")).assumeRolePolicy).Statement[0];
            expect(trust.Action).to.equal("sts:AssumeRoleWithWebIdentity");
            const issuer = oidc.url.replace("https://", "");
            expect(trust.Condition.StringEquals).to.deep.equal({
                [`${issuer}:sub`]: "system:serviceaccount:external-dns:external-dns",
                [`${issuer}:aud`]: "sts.amazonaws.com",
            });
            const vpcCni = resources(plan, "aws:eks/addon:Addon").find((a) => inputs(a).addonName === "vpc-cni")!;
            expect(inputs(vpcCni).serviceAccountRoleArn).to.equal("arn:aws:iam::123456789012:role/groundwork-prod-vpc-cni");
            expect(plan.outputs.count).to.be.a("number");
        });
    });

    it("plans the EKS reference platform (examples/eks-alb-autoscaling-tenants.yaml): EKS with its addons, each with its own identity", async () => {
        const example = await planOf("examples/eks-alb-autoscaling-tenants.yaml", "prod");
        expect(example.outputs.addons).to.include.members([
            "metricsServer",
            "awsLoadBalancerController",
            "clusterAutoscaler",
            "externalDns",
            "newRelic",
        ]);
        expect(byType(example, "aws:eks/nodeGroup:NodeGroup").map((g) => [g.name, inputs(g).capacityType])).to.have.deep.members([
            ["common-k8s-general", "ON_DEMAND"],
            ["common-k8s-ephemeral", "SPOT"],
        ]);
        const bound = byType(example, "aws:eks/podIdentityAssociation:PodIdentityAssociation").map((a) => inputs(a).serviceAccount);
        expect(bound).to.include.members([
            "aws-load-balancer-controller",
            "cluster-autoscaler",
            "external-dns",
            "ebs-csi-controller-sa",
            "aws-node",
        ]);
        expect(JSON.stringify(example)).to.not.match(/offline-placeholder-for-|offline-secret-/);
    });

    it("writes a kubeconfig that gets tokens from `aws eks get-token`", () => {
        const doc = parse(
            eksKubeconfigYaml({ clusterName: "c1", region: "eu-west-1", endpoint: "https://x", certificateAuthority: "Q0E=" }),
        );
        expect(doc.clusters[0].cluster).to.deep.equal({ server: "https://x", "certificate-authority-data": "Q0E=" });
        expect(doc.users[0].user.exec.command).to.equal("aws");
        expect(doc.users[0].user.exec.args).to.deep.equal([
            "--region",
            "eu-west-1",
            "eks",
            "get-token",
            "--cluster-name",
            "c1",
            "--output",
            "json",
        ]);
    });

    it("splits nodeCidr into subnets", () => {
        expect(subnetOf("10.0.0.0/16", 3, 2)).to.equal("10.0.64.0/19");
        expect(subnetOf("10.0.0.0/16", 6, 56)).to.equal("10.0.224.0/22");
    });

    describe("refused configs", () => {
        const refused = (patch: Record<string, unknown>) => {
            return expectProblems(() => parseConfig(rawConfigOfFile(writeTempConfig(prodConfig(patch)))));
        };
        const pools = (pool: Record<string, unknown>) => ({
            "groundwork:cluster": { nodePools: [{ name: "general", size: "m6i.large", min: 1, max: 3, desired: 2, ...pool }] },
        });

        it("a node pool ahead of the control plane (the generic skew rule applies on EKS)", () => {
            expect(refused(pools({ kubernetesVersion: "1.34" }))).to.contain(
                `cluster.nodePools[0].kubernetesVersion: expected at most the control plane's 1.33 (nodes never lead it), got "1.34"`,
            );
        });
        it("min above max and desired outside [min, max]", () => {
            expect(refused(pools({ min: 4 }))).to.contain("cluster.nodePools[0].min: expected at most max (3), got 4");
            expect(refused(pools({ desired: 5 }))).to.contain(
                "cluster.nodePools[0].desired: expected a number from min (1) to max (3), got 5",
            );
        });
        it("an unknown instance type format", () => {
            expect(refused(pools({ size: "M6I.LARGE" }))).to.contain(
                'cluster.nodePools[0].size: expected an EC2 instance type such as m6i.large, got "M6I.LARGE"',
            );
        });
        it("a public endpoint open to the world in prod", () => {
            expect(refused({ "groundwork:cluster": { eks: { publicAccessCidrs: [] } } })).to.contain(
                "cluster.eks.publicAccessCidrs: expected the CIDRs allowed to reach the public API endpoint in prod (or publicEndpoint: false), got 0.0.0.0/0 (the default)",
            );
        });
        it("fewer zones than prod needs", () => {
            expect(refused({ "groundwork:network": { zones: ["us-east-1a", "us-east-1b"] } })).to.contain(
                "network.zones: expected at least 3 availability zones in prod, got 2",
            );
        });
        it("overlapping CIDRs (generic) and subnets outside nodeCidr", () => {
            expect(refused({ "groundwork:network": { serviceCidr: "10.0.128.0/20" } })).to.contain(
                'network.serviceCidr: expected a range that does not overlap network.nodeCidr (10.0.0.0/16), got "10.0.128.0/20"',
            );
            expect(
                refused({ "groundwork:cluster": { eks: { publicSubnetCidrs: ["10.0.224.0/22", "10.0.228.0/22", "10.9.0.0/22"] } } }),
            ).to.contain('cluster.eks.publicSubnetCidrs[2]: expected a range inside network.nodeCidr (10.0.0.0/16), got "10.9.0.0/22"');
        });
    });
});
