import { expect } from "chai";
import { charts, clusterAutoscalerImages, nodeImages } from "../model/versions";
import { autoDiscoveryTags } from "../addons/cluster-autoscaler/component";
import type { Plan, PlanResource } from "../scripts/lib/offline";
import { eks, parse } from "./config-builders";
import { expectProblems, helmRelease, planOfConfig, resource, resources, stackConfigWith, transitiveDependencies } from "./harness";

// Node autoscaling on EKS: Cluster Autoscaler (default) or Karpenter, never both.

const values = (release: PlanResource) => release.inputs.values as Record<string, any>;
const policyOf = (r: PlanResource) => JSON.parse(r.inputs.policy as string) as { Statement: Record<string, any>[] };
const statement = (r: PlanResource, sid: string) => policyOf(r).Statement.find((s) => s.Sid === sid)!;

describe("addon: cluster-autoscaler", () => {
    let plan: Plan;
    before(async () => {
        plan = await planOfConfig(eks("prod"), "prod");
    });

    it("installs the pinned chart with ASG auto-discovery for this cluster", () => {
        const release = helmRelease(plan, "cluster-autoscaler");
        expect(release.inputs.chart).to.equal(charts.clusterAutoscaler.chart);
        expect(release.inputs.version).to.equal(charts.clusterAutoscaler.version);
        expect((release.inputs.repositoryOpts as any).repo).to.equal(charts.clusterAutoscaler.repo);
        const v = values(release);
        expect(v.cloudProvider).to.equal("aws");
        expect(v.awsRegion).to.equal("eu-west-1");
        expect(v.autoDiscovery).to.deep.equal({ clusterName: "shop" });
        expect(v.extraArgs).to.include({ expander: "least-waste", "balance-similar-node-groups": true });
        expect(v.rbac.serviceAccount).to.include({ create: true, name: "cluster-autoscaler" });
    });

    it("matches the image to the cluster's Kubernetes minor", async () => {
        expect(values(helmRelease(plan, "cluster-autoscaler")).image).to.deep.equal({
            repository: "registry.k8s.io/autoscaling/cluster-autoscaler",
            tag: "v1.33.6",
        });
        const newer = await planOfConfig(eks("prod", {}, "1.34"), "prod");
        expect(values(helmRelease(newer, "cluster-autoscaler")).image.tag).to.equal("v1.34.5");
        for (const [minor, pin] of Object.entries(clusterAutoscalerImages)) expect(pin.tag.startsWith(`v${minor}.`), minor).to.equal(true);
    });

    it("may resize only node groups tagged for this cluster", () => {
        expect(autoDiscoveryTags("shop")).to.deep.equal({
            "k8s.io/cluster-autoscaler/enabled": "true",
            "k8s.io/cluster-autoscaler/shop": "owned",
        });
        const policy = resources(plan, "aws:iam/rolePolicy:RolePolicy").find((r) => r.urn.includes("ClusterAutoscaler"))!;
        const resize = statement(policy, "ResizeOwnNodeGroups");
        expect(resize.Action).to.deep.equal(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]);
        expect(resize.Condition.StringEquals).to.deep.equal({
            "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
            "aws:ResourceTag/k8s.io/cluster-autoscaler/shop": "owned",
        });
        // Every write is conditioned; only describe calls are unscoped.
        for (const s of policyOf(policy).Statement) {
            const actions: string[] = [s.Action].flat();
            if (s.Resource === "*" && !s.Condition)
                expect(
                    actions.every((a) => /:(Describe|Get)/.test(a)),
                    s.Sid,
                ).to.equal(true);
        }
        expect(statement(policy, "DescribeOwnNodeGroups").Resource).to.match(/^arn:aws:eks:eu-west-1:\d{12}:nodegroup\/shop\/\*$/);
    });

    it("binds its role to its own service account and starts after the binding", () => {
        const release = helmRelease(plan, "cluster-autoscaler");
        const association = resources(plan, "aws:eks/podIdentityAssociation:PodIdentityAssociation").find((r) =>
            r.urn.includes("ClusterAutoscaler"),
        )!;
        expect(association.inputs).to.include({ namespace: "cluster-autoscaler", serviceAccount: "cluster-autoscaler" });
        expect(transitiveDependencies(plan, release.urn)).to.include(association.urn);
    });

    it("runs in a restricted namespace with a matching security context", () => {
        const labels = (resource(plan, "kubernetes:core/v1:Namespace", "cluster-autoscaler-ns").inputs.metadata as any).labels;
        expect(labels["pod-security.kubernetes.io/enforce"]).to.equal("restricted");
        const v = values(helmRelease(plan, "cluster-autoscaler"));
        expect(v.securityContext).to.include({ runAsNonRoot: true });
        expect(v.containerSecurityContext).to.deep.include({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    });

    it("is on by default on EKS only, and refused elsewhere", () => {
        expect(parse(eks("dev")).addons.clusterAutoscaler.enabled).to.equal(true);
        expect(parse(stackConfigWith("dev", {})).addons.clusterAutoscaler.enabled).to.equal(false);
        const message = expectProblems(() =>
            parse(stackConfigWith("dev", { "groundwork:addons": { clusterAutoscaler: { enabled: true } } })),
        );
        expect(message).to.contain(
            'addons.clusterAutoscaler.enabled: expected false on substrate "existing" (clusterAutoscaler runs on eks), got true',
        );
    });
});

describe("addon: karpenter", () => {
    let plan: Plan;
    const karpenterOn = { clusterAutoscaler: { enabled: false }, karpenter: { enabled: true } };
    before(async () => {
        plan = await planOfConfig(eks("prod", karpenterOn), "prod");
    });
    const karpenter = (type: string) => resources(plan, type).filter((r) => r.urn.includes("groundwork:addons:Karpenter"));

    it("installs the CRD chart, then the controller without CRDs, both from the OCI registry", () => {
        const crds = helmRelease(plan, "karpenter-crd");
        const controller = helmRelease(plan, "karpenter");
        expect(crds.inputs.chart).to.equal(`${charts.karpenterCrd.repo}/karpenter-crd`);
        expect(controller.inputs.chart).to.equal(`${charts.karpenter.repo}/karpenter`);
        expect(controller.inputs.version).to.equal(charts.karpenter.version);
        expect(crds.inputs.version).to.equal(charts.karpenter.version);
        expect(controller.inputs.skipCrds).to.equal(true);
        expect(controller.dependsOn).to.include(crds.urn);
        expect(resources(plan, "kubernetes:helm.sh/v3:Release").map((r) => r.name)).to.not.include("cluster-autoscaler");
    });

    it("configures the controller for this cluster and its interruption queue", () => {
        const v = values(helmRelease(plan, "karpenter"));
        const queue = karpenter("aws:sqs/queue:Queue")[0];
        expect(queue.inputs).to.include({ name: "shop-karpenter", messageRetentionSeconds: 300, sqsManagedSseEnabled: true });
        expect(v.settings.clusterName).to.equal("shop");
        expect(v.settings.interruptionQueue).to.equal("shop-karpenter");
        expect(v.serviceAccount).to.include({ create: true, name: "karpenter" });
        expect(v.replicas).to.equal(2);
    });

    it("routes Spot, rebalance, health and state-change events to the queue", () => {
        const rules = karpenter("aws:cloudwatch/eventRule:EventRule");
        const patterns = rules.map((r) => JSON.parse(r.inputs.eventPattern as string)["detail-type"][0]).sort();
        expect(patterns).to.deep.equal([
            "AWS Health Event",
            "EC2 Capacity Reservation Instance Interruption Warning",
            "EC2 Instance Rebalance Recommendation",
            "EC2 Instance State-change Notification",
            "EC2 Spot Instance Interruption Warning",
        ]);
        const targets = karpenter("aws:cloudwatch/eventTarget:EventTarget");
        expect(targets).to.have.length(5);
        const queue = karpenter("aws:sqs/queue:Queue")[0];
        for (const t of targets) expect(t.dependsOn).to.include(queue.urn);
        const queuePolicy = JSON.parse(karpenter("aws:sqs/queuePolicy:QueuePolicy")[0].inputs.policy as string);
        expect(queuePolicy.Statement[0].Principal.Service).to.deep.equal(["events.amazonaws.com", "sqs.amazonaws.com"]);
        expect(queuePolicy.Statement[1]).to.include({ Sid: "DenyHTTP", Effect: "Deny" });
    });

    it("gives nodes their own role, joined to the cluster by an EC2_LINUX access entry", () => {
        const role = karpenter("aws:iam/role:Role").find((r) => r.name === "karpenter-node")!;
        expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal.Service).to.equal("ec2.amazonaws.com");
        const attached = karpenter("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
            .filter((a) => a.name.startsWith("karpenter-node-"))
            .map((a) => a.inputs.policyArn);
        // The same as the managed node groups' role; the VPC CNI has its own identity role.
        expect(attached).to.have.members([
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
        ]);
        const entry = karpenter("aws:eks/accessEntry:AccessEntry")[0];
        expect(entry.inputs).to.include({ clusterName: "shop", type: "EC2_LINUX" });
        expect(entry.dependsOn).to.include(role.urn);
    });

    it("scopes the controller's writes to this cluster's tagged resources", () => {
        const policies = karpenter("aws:iam/policy:Policy");
        expect(policies).to.have.length(3);
        for (const p of policies) expect((p.inputs.policy as string).length).to.be.below(6144); // managed policy size limit
        const lifecycle = policies.find((p) => p.name === "karpenter-node-lifecycle")!;
        expect(statement(lifecycle, "AllowScopedDeletion").Condition.StringEquals).to.deep.equal({
            "aws:ResourceTag/kubernetes.io/cluster/shop": "owned",
        });
        expect(statement(lifecycle, "AllowScopedEC2InstanceActionsWithTags").Condition.StringEquals).to.include({
            "aws:RequestTag/eks:eks-cluster-name": "shop",
        });
        const iam = policies.find((p) => p.name === "karpenter-iam-integration")!;
        const passRole = statement(iam, "AllowPassingInstanceRole");
        expect(passRole.Resource).to.match(/^arn:aws:iam::\d{12}:role\//); // the node role only, not "*"
        const discovery = policies.find((p) => p.name === "karpenter-discovery")!;
        expect(statement(discovery, "AllowInterruptionQueueActions").Resource).to.match(/:shop-karpenter$/);
        // All three are attached to the controller's workload identity role.
        const attachments = resources(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) =>
            a.name.startsWith("shop-karpenter"),
        );
        expect(attachments).to.have.length(3);
    });

    it("creates an EC2NodeClass and a NodePool after the controller (so teardown drains nodes first)", () => {
        const controller = helmRelease(plan, "karpenter");
        const crds = helmRelease(plan, "karpenter-crd");
        const nodeClass = resource(plan, "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "karpenter-node-class");
        const pool = resource(plan, "kubernetes:karpenter.sh/v1:NodePool", "karpenter-node-pool");
        for (const cr of [nodeClass, pool]) expect(cr.dependsOn).to.include.members([crds.urn, controller.urn]);
        const spec = nodeClass.inputs.spec as any;
        expect(spec.amiSelectorTerms).to.deep.equal([{ alias: nodeImages.karpenterAl2023 }]);
        expect(spec.amiSelectorTerms[0].alias).to.not.contain("latest");
        expect(spec.subnetSelectorTerms).to.deep.equal([{ tags: { "karpenter.sh/discovery": "shop" } }]);
        expect(spec.securityGroupSelectorTerms).to.deep.equal([{ tags: { "karpenter.sh/discovery": "shop" } }]);
        expect(spec.metadataOptions).to.include({ httpTokens: "required", httpPutResponseHopLimit: 1 });
        expect(spec.blockDeviceMappings[0].ebs).to.include({ encrypted: true, volumeType: "gp3" });
        const nodePool = pool.inputs.spec as any;
        expect(nodePool.template.spec.nodeClassRef).to.deep.equal({ group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" });
        expect(nodePool.template.spec.requirements).to.deep.include({
            key: "karpenter.sh/capacity-type",
            operator: "In",
            values: ["on-demand"],
        });
        expect(nodePool.limits).to.deep.equal({ cpu: "256", memory: "1024Gi" });
        expect(nodePool.disruption).to.deep.equal({ consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "5m" });
    });

    it("uses Spot in dev", async () => {
        const dev = await planOfConfig(eks("dev", karpenterOn), "dev");
        const pool = resource(dev, "kubernetes:karpenter.sh/v1:NodePool", "karpenter-node-pool").inputs.spec as any;
        expect(pool.template.spec.requirements).to.deep.include({
            key: "karpenter.sh/capacity-type",
            operator: "In",
            values: ["spot", "on-demand"],
        });
        expect(values(helmRelease(dev, "karpenter")).replicas).to.equal(1);
    });

    it("refuses to run next to Cluster Autoscaler", () => {
        const message = expectProblems(() => parse(eks("prod", { karpenter: { enabled: true } })));
        expect(message).to.contain(
            "addons.clusterAutoscaler.enabled: expected false when addons.karpenter is enabled (one node autoscaler per cluster), got true",
        );
    });

    it("refuses an unpinned AMI alias", () => {
        const message = expectProblems(() =>
            parse(eks("prod", { ...karpenterOn, karpenter: { enabled: true, amiAlias: "al2023@latest" } })),
        );
        expect(message).to.contain(
            'addons.karpenter.amiAlias: expected a pinned AMI alias such as "al2023@v20260423", got "al2023@latest"',
        );
    });

    it("is refused off EKS", () => {
        const message = expectProblems(() => parse(stackConfigWith("dev", { "groundwork:addons": { karpenter: { enabled: true } } })));
        expect(message).to.contain('addons.karpenter.enabled: expected false on substrate "existing" (karpenter runs on eks), got true');
    });
});
