import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { charts, cloudProviderOpenstackCharts } from "../model/versions";
import { crossGuardPolicy } from "../policy/crossguard";
import { policyPackConfig } from "../policy/enforcement";
import { environmentOfStack, stackOfUrn } from "../policy/environment";
import { evaluatePlan } from "../policy/evaluate";
import { policies } from "../policy/policies";
import { applies, type Environment, type PolicyResource } from "../policy/types";
import { readStackConfigFile, type Plan } from "../scripts/lib/offline";
import { planOf, planOfConfig, repoRoot, stackConfigWith } from "./harness";

// Every policy catches a violation and passes a compliant resource; the committed stacks pass (prod: no
// mandatory violation); the CrossGuard adapter and the offline runner agree.

const res = (
    type: string,
    inputs: Record<string, unknown>,
    options: PolicyResource["options"] = { protect: false, retainOnDelete: false },
): PolicyResource => ({
    type,
    name: "example",
    urn: `urn:pulumi:prod::groundwork::${type}::example`,
    inputs,
    options,
});

const eks = (over: Record<string, unknown> = {}) =>
    res("aws:eks/cluster:Cluster", {
        encryptionConfig: { provider: { keyArn: "arn:aws:kms:eu-west-1:111122223333:key/1" }, resources: ["secrets"] },
        enabledClusterLogTypes: ["api", "audit", "authenticator"],
        vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"], subnetIds: ["subnet-1", "subnet-2"] },
        deletionProtection: true,
        accessConfig: { authenticationMode: "API" },
        ...over,
    });
const launchTemplate = (over: Record<string, unknown> = {}) =>
    res("aws:ec2/launchTemplate:LaunchTemplate", {
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 50, volumeType: "gp3" } }],
        ...over,
    });
const release = (over: Record<string, unknown> = {}, values: Record<string, unknown> = {}) =>
    res("kubernetes:helm.sh/v3:Release", {
        chart: charts.metricsServer.chart,
        version: charts.metricsServer.version,
        repositoryOpts: { repo: charts.metricsServer.repo },
        atomic: true,
        cleanupOnFail: true,
        values: { resources: { requests: { cpu: "100m", memory: "200Mi" } }, ...values },
        ...over,
    });
const psa = {
    "pod-security.kubernetes.io/enforce": "restricted",
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/warn": "restricted",
};
const secGroupRule = (remoteIpPrefix: string) =>
    res("openstack:networking/secGroupRule:SecGroupRule", {
        direction: "ingress",
        ethertype: "IPv4",
        protocol: "tcp",
        portRangeMin: 22,
        portRangeMax: 22,
        remoteIpPrefix,
        securityGroupId: "sg",
    });
const instance = (over: Record<string, unknown> = {}) =>
    res("openstack:compute/instance:Instance", {
        flavorName: "m1.large",
        blockDevices: [
            { uuid: "img", sourceType: "image", destinationType: "volume", volumeSize: 50, bootIndex: 0, deleteOnTermination: true },
        ],
        schedulerHints: [{ group: "sg-uuid" }],
        userData: "[secret]",
        ...over,
    });

/** One violating and one compliant resource per policy, with the environment they are judged in. */
const cases: Record<string, { bad: PolicyResource; good: PolicyResource; env?: Environment }> = {
    "eks-secrets-encryption": { bad: eks({ encryptionConfig: undefined }), good: eks() },
    "eks-control-plane-logs": { bad: eks({ enabledClusterLogTypes: ["api"] }), good: eks() },
    "eks-endpoint-not-world-open": {
        bad: eks({ vpcConfig: { endpointPublicAccess: true, subnetIds: ["s"] } }),
        good: eks({ vpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true } }),
    },
    "eks-deletion-protection": { bad: eks({ deletionProtection: false }), good: eks() },
    "eks-authentication-mode": { bad: eks({ accessConfig: { authenticationMode: "CONFIG_MAP" } }), good: eks() },
    "eks-nodegroup-no-remote-ssh": {
        bad: res("aws:eks/nodeGroup:NodeGroup", { remoteAccess: { ec2SshKey: "admin" } }),
        good: res("aws:eks/nodeGroup:NodeGroup", { launchTemplate: { id: "lt-1", version: "1" } }),
    },
    "eks-nodegroup-launch-template": {
        bad: res("aws:eks/nodeGroup:NodeGroup", { diskSize: 50 }),
        good: res("aws:eks/nodeGroup:NodeGroup", { launchTemplate: { id: "lt-1", version: "1" } }),
    },
    "launch-template-imdsv2": { bad: launchTemplate({ metadataOptions: { httpTokens: "optional" } }), good: launchTemplate() },
    "launch-template-ebs-encrypted": {
        bad: launchTemplate({ blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 50 } }] }),
        good: launchTemplate(),
    },
    "ebs-volume-encrypted": {
        bad: res("aws:ebs/volume:Volume", { size: 10 }),
        good: res("aws:ebs/volume:Volume", { size: 10, encrypted: true }),
    },
    "aws-security-group-no-world-admin-ports": {
        bad: res("aws:ec2/securityGroupRule:SecurityGroupRule", {
            type: "ingress",
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrBlocks: ["0.0.0.0/0"],
        }),
        good: res("aws:ec2/securityGroupRule:SecurityGroupRule", {
            type: "ingress",
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ["0.0.0.0/0"],
        }),
    },
    "kms-key-rotation": {
        bad: res("aws:kms/key:Key", { description: "eks secrets" }),
        good: res("aws:kms/key:Key", { enableKeyRotation: true }),
    },
    "s3-block-public-access": {
        bad: res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", { bucket: "b", blockPublicAcls: true }),
        good: res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {
            bucket: "b",
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }),
    },
    "s3-no-public-acl": {
        bad: res("aws:s3/bucketAclV2:BucketAclV2", { bucket: "b", acl: "public-read" }),
        good: res("aws:s3/bucketAclV2:BucketAclV2", { bucket: "b", acl: "private" }),
    },
    "iam-no-wildcard-admin": {
        bad: res("aws:iam/policy:Policy", {
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
        }),
        good: res("aws:iam/policy:Policy", {
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["route53:ChangeResourceRecordSets"], Resource: "*" }],
            }),
        }),
    },
    "openstack-secgroup-no-world-admin-ports": { bad: secGroupRule("0.0.0.0/0"), good: secGroupRule("192.0.2.0/24") },
    "openstack-server-group-anti-affinity": {
        bad: res("openstack:compute/serverGroup:ServerGroup", { policies: ["affinity"] }),
        good: res("openstack:compute/serverGroup:ServerGroup", { policies: ["soft-anti-affinity"] }),
    },
    "openstack-instance-server-group": { bad: instance({ schedulerHints: undefined }), good: instance() },
    "openstack-instance-boot-volume": { bad: instance({ blockDevices: undefined, imageName: "ubuntu-24.04" }), good: instance() },
    "magnum-tls-enabled": {
        bad: res("openstack:containerinfra/clusterTemplate:ClusterTemplate", { coe: "kubernetes", image: "img", tlsDisabled: true }),
        good: res("openstack:containerinfra/clusterTemplate:ClusterTemplate", { coe: "kubernetes", image: "img", tlsDisabled: false }),
    },
    "magnum-no-node-floating-ips": {
        bad: res("openstack:containerinfra/clusterTemplate:ClusterTemplate", { floatingIpEnabled: true }),
        good: res("openstack:containerinfra/clusterTemplate:ClusterTemplate", { floatingIpEnabled: false }),
    },
    "magnum-ha-control-plane": {
        bad: res("openstack:containerinfra/cluster:Cluster", { masterCount: 2 }, { protect: true }),
        good: res("openstack:containerinfra/cluster:Cluster", { masterCount: 3 }, { protect: true }),
    },
    "magnum-master-lb": {
        bad: res("openstack:containerinfra/clusterTemplate:ClusterTemplate", { coe: "kubernetes" }),
        good: res("openstack:containerinfra/clusterTemplate:ClusterTemplate", { coe: "kubernetes", masterLbEnabled: true }),
    },
    "namespace-psa-labels": {
        bad: res("kubernetes:core/v1:Namespace", {
            metadata: { name: "apps", labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
        }),
        good: res("kubernetes:core/v1:Namespace", { metadata: { name: "apps", labels: psa } }),
    },
    "storage-class-encrypted": {
        bad: res("kubernetes:storage.k8s.io/v1:StorageClass", { provisioner: "ebs.csi.aws.com", parameters: { type: "gp3" } }),
        good: res("kubernetes:storage.k8s.io/v1:StorageClass", {
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true" },
        }),
    },
    "ingress-tls": {
        bad: res("kubernetes:networking.k8s.io/v1:Ingress", { spec: { rules: [{ host: "grafana.example.com" }] } }),
        good: res("kubernetes:networking.k8s.io/v1:Ingress", {
            spec: { rules: [{ host: "grafana.example.com" }], tls: [{ hosts: ["grafana.example.com"], secretName: "grafana-tls" }] },
        }),
    },
    "no-latest-images": {
        bad: release({}, { image: { repository: "registry.k8s.io/metrics-server/metrics-server", tag: "latest" } }),
        good: release({}, { image: { repository: "registry.k8s.io/metrics-server/metrics-server", tag: "v0.8.1" } }),
    },
    "manifests-pinned": {
        bad: res("kubernetes:yaml/v2:ConfigFile", {
            file: "https://github.com/cert-manager/cert-manager/releases/latest/download/cert-manager.crds.yaml",
        }),
        good: res("kubernetes:yaml/v2:ConfigFile", {
            file: "https://github.com/cert-manager/cert-manager/releases/download/v1.21.1/cert-manager.crds.yaml",
        }),
    },
    "helm-chart-pinned": { bad: release({ version: "^3.13.0" }), good: release() },
    "helm-chart-from-catalog": { bad: release({ version: "3.12.0" }), good: release() },
    "helm-release-atomic": { bad: release({ atomic: false }), good: release() },
    "helm-values-no-plain-secrets": {
        bad: release({}, { auth: { adminPassword: "hunter2" } }),
        good: release({}, { auth: { existingSecret: "admin", adminPassword: "[secret]" } }),
    },
    "helm-values-ingress-tls": {
        bad: release({}, { ingress: { enabled: true, hosts: ["a.example.com"] } }),
        good: release({}, { ingress: { enabled: true, tls: [{ hosts: ["a.example.com"] }] } }),
    },
    "helm-resource-requests": { bad: release({}, { resources: { limits: { memory: "1Gi" } } }), good: release() },
    "protect-stateful-resources": {
        bad: res("aws:kms/key:Key", { enableKeyRotation: true }),
        good: res("aws:kms/key:Key", { enableKeyRotation: true }, { protect: true }),
    },
    "secret-inputs-are-secret": {
        bad: res("kubernetes:core/v1:Secret", { metadata: { name: "db" }, stringData: { password: "hunter2" } }),
        good: res("kubernetes:core/v1:Secret", { metadata: { name: "db" }, stringData: { password: "[secret]" } }),
    },
};

describe("policy pack", () => {
    it("has at least 25 policies with unique kebab-case names, each with a test case", () => {
        const names = policies.map((p) => p.name);
        expect(names.length).to.be.at.least(25);
        expect(new Set(names).size).to.equal(names.length);
        for (const n of names) expect(n).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(Object.keys(cases).sort()).to.deep.equal([...names].sort());
    });

    for (const policy of policies) {
        describe(policy.name, () => {
            const { bad, good, env = "prod" } = cases[policy.name] ?? ({} as never);
            const ctx = { environment: env, mode: "plan" as const };
            it("catches a violation", () => {
                expect(applies(policy, bad, ctx), "applies to the violating resource").to.equal(true);
                const problems = policy.check(bad, ctx);
                expect(problems).to.not.be.empty;
                for (const p of problems) expect(p).to.match(/: expected .+, got /);
            });
            it("passes a compliant resource", () => {
                expect(policy.check(good, ctx)).to.deep.equal([]);
            });
        });
    }

    it("holds prod-only promises only in prod", () => {
        const dev = { environment: "dev" as const, mode: "plan" as const };
        const prodOnly = policies.filter((p) => p.prodOnly);
        expect(prodOnly.map((p) => p.name)).to.include.members([
            "eks-deletion-protection",
            "protect-stateful-resources",
            "openstack-secgroup-no-world-admin-ports",
        ]);
        for (const p of prodOnly) expect(applies(p, cases[p.name].bad, dev), p.name).to.equal(false);
    });

    it("checks secret markers only on the plan (CrossGuard sees secrets unwrapped)", () => {
        const live = { environment: "prod" as const, mode: "live" as const };
        expect(applies(policies.find((p) => p.name === "secret-inputs-are-secret")!, cases["secret-inputs-are-secret"].bad, live)).to.equal(
            false,
        );
    });

    for (const stack of ["dev", "prod"]) {
        it(`passes the ${stack} plan with no mandatory violation`, async () => {
            const plan = await planOf(stack);
            const violations = evaluatePlan(plan, stack === "prod" ? "prod" : "dev");
            expect(violations.filter((v) => v.level === "mandatory").map((v) => `${v.policy} ${v.name}: ${v.message}`)).to.deep.equal([]);
        });
    }

    describe("accepts what the program ships", () => {
        const mandatoryProblems = async (plan: Promise<Plan>, environment: Environment = "prod") =>
            evaluatePlan(await plan, environment)
                .filter((v) => v.level === "mandatory")
                .map((v) => `${v.policy} ${v.name}: ${v.message}`);
        const examples = fs.readdirSync(path.join(repoRoot, "examples")).filter((f) => f.endsWith(".yaml"));

        it("ships at least the five examples", () => expect(examples).to.have.length.at.least(5));
        // Pulumi.prod.yaml: "passes the prod plan with no mandatory violation" above.
        for (const file of examples.map((f) => `examples/${f}`)) {
            it(`${file}: no mandatory violation`, async () => {
                // Judged as `npm run policy` does: in the environment the file sets.
                const { values } = readStackConfigFile(path.join(repoRoot, file));
                const environment = values["groundwork:environment"] === "prod" ? "prod" : "dev";
                expect(await mandatoryProblems(planOf(file), environment)).to.deep.equal([]);
            });
        }
        const prodWith = (addons: Record<string, unknown>) =>
            mandatoryProblems(planOfConfig(stackConfigWith("prod", { "groundwork:addons": addons }), "prod"));
        it("prod with Karpenter (OCI charts): no mandatory violation", async () => {
            const karpenter = { karpenter: { enabled: true }, clusterAutoscaler: { enabled: false } };
            expect(await prodWith(karpenter)).to.deep.equal([]);
        });
        it("prod with a Kyverno registry allow-list (a wildcard pattern): no mandatory violation", async () => {
            const allowedRegistries = ["ghcr.io/acme", "registry.k8s.io"];
            const kyverno = { kyverno: { enabled: true, restrictRegistries: true, allowedRegistries } };
            expect(await prodWith(kyverno)).to.deep.equal([]);
        });
    });

    describe("helm-chart-from-catalog reads charts as platform/helm.ts passes them", () => {
        const policy = policies.find((p) => p.name === "helm-chart-from-catalog")!;
        const check = (r: PolicyResource) => policy.check(r, { environment: "prod", mode: "plan" });
        const oci = (ref: string, version: string) => release({ chart: ref, version, repositoryOpts: undefined });
        const ccm = cloudProviderOpenstackCharts.cloudControllerManager["1.34"];

        it("an OCI chart: one oci:// reference, no repositoryOpts", () => {
            expect(check(oci(`${charts.kargo.repo}/${charts.kargo.chart}`, charts.kargo.version))).to.deep.equal([]);
            expect(check(oci(`${charts.kargo.repo}/${charts.kargo.chart}`, "1.0.0"))).to.have.length(1);
            expect(check(oci(`oci://ghcr.io/someone-else/kargo`, charts.kargo.version))).to.have.length(1);
        });

        it("a per-Kubernetes-minor pin", () => {
            const pinned = (version: string) => release({ chart: ccm.chart, version, repositoryOpts: { repo: ccm.repo } });
            expect(check(pinned(ccm.version))).to.deep.equal([]);
            expect(check(pinned("2.35.0"))).to.have.length(1);
        });
    });

    it("no-latest-images leaves Kyverno validate patterns alone, not its mutate patches", () => {
        const check = policies.find((p) => p.name === "no-latest-images")!.check;
        const clusterPolicy = (rule: Record<string, unknown>) => res("kubernetes:kyverno.io/v1:ClusterPolicy", { spec: { rules: [rule] } });
        const containers = (image: string) => ({ spec: { containers: [{ image }] } });
        const ctx = { environment: "prod" as const, mode: "plan" as const };
        const allowList = containers("ghcr.io/acme/* | registry.k8s.io/*");
        expect(check(clusterPolicy({ validate: { pattern: allowList } }), ctx)).to.deep.equal([]);
        expect(check(clusterPolicy({ mutate: { patchStrategicMerge: containers("busybox") } }), ctx)).to.have.length(1);
        const deployment = res("kubernetes:apps/v1:Deployment", { spec: { template: containers("ghcr.io/acme/app") } });
        expect(check(deployment, ctx)).to.have.length(1);
    });

    it("reports a prod plan's violation as mandatory and the same in dev as advisory", async () => {
        const plan = structuredClone(await planOf("prod"));
        const ns = plan.resources.find((r) => r.type === "kubernetes:core/v1:Namespace")!;
        (ns.inputs.metadata as { labels: Record<string, string> }).labels = {};
        const prod = evaluatePlan(plan, "prod").filter((v) => v.policy === "namespace-psa-labels");
        expect(prod.map((v) => v.level)).to.deep.equal(["mandatory", "mandatory", "mandatory"]);
        expect(
            evaluatePlan(plan, "dev")
                .filter((v) => v.policy === "namespace-psa-labels")
                .map((v) => v.level),
        ).to.deep.equal(["advisory", "advisory", "advisory"]);
    });

    describe("CrossGuard adapter", () => {
        it("reports the same violations as the offline check", () => {
            const policy = crossGuardPolicy(policies.find((p) => p.name === "eks-deletion-protection")!);
            const reported: string[] = [];
            const args = (inputs: Record<string, unknown>) =>
                ({
                    type: "aws:eks/cluster:Cluster",
                    name: "c",
                    urn: "urn:pulumi:prod::groundwork::aws:eks/cluster:Cluster::c",
                    props: inputs,
                    opts: { protect: true },
                }) as never;
            policy.validateResource(args({ deletionProtection: false }), (m: string) => reported.push(m));
            policy.validateResource(args({ deletionProtection: true }), (m: string) => reported.push(m));
            expect(reported).to.deep.equal(["deletionProtection: expected true in prod, got false"]);
            expect(policy.enforcementLevel).to.equal("mandatory");
        });

        it("reads the environment from the stack's config file", () => {
            expect(stackOfUrn("urn:pulumi:prod::groundwork::kubernetes:core/v1:Namespace::x")).to.equal("prod");
            expect(environmentOfStack("dev", repoRoot)).to.equal("dev");
            expect(environmentOfStack("prod", repoRoot)).to.equal("prod");
            expect(environmentOfStack("acme/staging-prod", "/nonexistent")).to.equal("prod");
        });

        it("ships policy config files that match the policies' levels", () => {
            for (const env of ["dev", "prod"] as const) {
                const file = path.join(repoRoot, "policy", "config", `${env}.json`);
                expect(JSON.parse(fs.readFileSync(file, "utf8")), file).to.deep.equal(policyPackConfig(env));
            }
            expect(policyPackConfig("dev")).to.deep.equal({ all: "advisory" });
            expect(policyPackConfig("prod").all).to.equal("mandatory");
        });
    });
});
