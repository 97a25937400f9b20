import { expect } from "chai";
import { parseConfig } from "../config/config";
import { bootstrapTokenId } from "../substrates/nova/join";
import { planToJson, type Plan, type PlanResource } from "../scripts/lib/offline";
import {
    configFileWith,
    expectProblems,
    helmRelease,
    planOf,
    planOfConfig,
    rawConfigOfFile,
    resource,
    resources,
    writeTempConfig,
} from "./harness";

// Nova + kubeadm (the bare-metal reference platform on OpenStack): network and least-privilege security groups, anti-affinity,
// the HA control plane behind kube-vip or Octavia, secrets kept secret, and the OpenStack addons.

const example = "examples/openstack-vms-kubeadm-vault.yaml";
const instanceType = "openstack:compute/instance:Instance";
const ruleType = "openstack:networking/secGroupRule:SecGroupRule";

const withNova = (nova: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    configFileWith(example, { "groundwork:cluster": { nova }, ...extra });
const problemsOf = (config: Record<string, unknown>) => expectProblems(() => parseConfig(rawConfigOfFile(writeTempConfig(config))));
const dev = { "groundwork:environment": "dev" };
const controlPlane = (plan: Plan) =>
    resources(plan, instanceType).filter((r) => (r.inputs.metadata as Record<string, string>)["groundwork-role"] === "control-plane");
const rules = (plan: Plan, group: string) =>
    resources(plan, ruleType).filter((r) => r.inputs.securityGroupId === `ocf-network-${group}-id`);
const ingressOn = (rs: PlanResource[], port: number) =>
    rs.filter(
        (r) =>
            r.inputs.portRangeMin !== undefined && (r.inputs.portRangeMin as number) <= port && port <= (r.inputs.portRangeMax as number),
    );

describe("nova substrate", () => {
    describe("the bare-metal reference platform in prod (kube-vip)", () => {
        it("runs three control-plane nodes in a hard anti-affinity group, workers in a soft one", async () => {
            const plan = await planOf(example);
            const cps = controlPlane(plan);
            expect(cps.map((r) => r.name)).to.deep.equal(["ocf-cp-0", "ocf-cp-1", "ocf-cp-2"]);
            expect(resource(plan, "openstack:compute/serverGroup:ServerGroup", "ocf-control-plane").inputs.policies).to.deep.equal([
                "anti-affinity",
            ]);
            expect(resource(plan, "openstack:compute/serverGroup:ServerGroup", "ocf-pool-workers").inputs.policies).to.deep.equal([
                "soft-anti-affinity",
            ]);
            for (const cp of cps) expect(cp.inputs.schedulerHints).to.deep.equal([{ group: "ocf-control-plane-id" }]);
            for (const w of resources(plan, instanceType).filter((r) => r.name.startsWith("ocf-workers-")))
                expect(w.inputs.schedulerHints).to.deep.equal([{ group: "ocf-pool-workers-id" }]);
            // Joining nodes wait for the node that runs `kubeadm init`.
            expect(resource(plan, instanceType, "ocf-cp-1").dependsOn).to.include(resource(plan, instanceType, "ocf-cp-0").urn);
        });

        it("boots every node from a Cinder volume of the configured size", async () => {
            const plan = await planOf(example);
            expect(resource(plan, instanceType, "ocf-cp-0").inputs.blockDevices).to.deep.equal([
                {
                    bootIndex: 0,
                    deleteOnTermination: true,
                    destinationType: "volume",
                    sourceType: "image",
                    uuid: "3f1c2b9e-7d4a-4c6e-9b1a-2e5f8d7c6a40", // cluster.nova.imageId: pinned, never a lookup
                    volumeSize: 50,
                },
            ]);
            expect((resource(plan, instanceType, "ocf-workers-0").inputs.blockDevices as { volumeSize: number }[])[0].volumeSize).to.equal(
                100,
            );
        });

        it("reserves the kube-vip VIP as a port and lets only control-plane ports answer for it", async () => {
            const plan = await planOf(example);
            const vip = resource(plan, "openstack:networking/port:Port", "ocf-api-vip");
            expect(vip.inputs.fixedIps).to.deep.equal([{ ipAddress: "10.20.0.10", subnetId: "ocf-network-subnet-id" }]);
            expect(resource(plan, "openstack:networking/port:Port", "ocf-cp-1-port").inputs.allowedAddressPairs).to.deep.equal([
                { ipAddress: "10.20.0.10" },
            ]);
            expect(resource(plan, "openstack:networking/port:Port", "ocf-workers-0-port").inputs.allowedAddressPairs).to.equal(undefined);
            expect(resources(plan, "openstack:loadbalancer/loadBalancer:LoadBalancer")).to.have.length(0);
            expect(resource(plan, "openstack:networking/floatingIp:FloatingIp", "ocf-api-fip").inputs.portId).to.equal("ocf-api-vip-id");
        });

        it("opens the API to the configured CIDRs only, etcd to control planes only, SSH only where configured", async () => {
            const plan = await planOf(example);
            const api = ingressOn(rules(plan, "control-plane"), 6443);
            expect(api.filter((r) => r.inputs.remoteIpPrefix).map((r) => r.inputs.remoteIpPrefix)).to.have.members([
                "169.229.226.0/24",
                "10.20.0.0/22",
            ]);
            expect(api.filter((r) => r.inputs.remoteGroupId).map((r) => r.inputs.remoteGroupId)).to.deep.equal(["ocf-network-nodes-id"]);
            expect(ingressOn(rules(plan, "control-plane"), 2379).map((r) => r.inputs.remoteGroupId)).to.deep.equal([
                "ocf-network-control-plane-id",
            ]);
            expect(
                ingressOn(rules(plan, "nodes"), 22)
                    .filter((r) => r.inputs.remoteIpPrefix)
                    .map((r) => r.inputs.remoteIpPrefix),
            ).to.deep.equal(["169.229.226.0/24"]);
            // Node to node goes through the remote group, never a world-open CIDR.
            const all = resources(plan, ruleType);
            expect(all.filter((r) => r.inputs.remoteIpPrefix === "0.0.0.0/0")).to.deep.equal([]);
            expect(all.every((r) => r.inputs.direction === "ingress" && (r.inputs.remoteIpPrefix || r.inputs.remoteGroupId))).to.equal(
                true,
            );
        });

        it("keeps user data, the kubeconfig and every generated key secret", async () => {
            const plan = await planOf(example);
            for (const server of resources(plan, instanceType)) {
                expect(server.inputs.userData, server.name).to.equal("[secret]");
                // Running nodes never follow a new script or a new image: both apply to new and rebuilt nodes.
                expect(server.options.ignoreChanges).to.deep.equal(["blockDevices[0].uuid", "userData"]);
            }
            expect(resources(plan, "pulumi:providers:kubernetes")[0].inputs.kubeconfig).to.equal("[secret]");
            expect(plan.outputs.kubeconfig).to.equal("[secret]");
            expect(planToJson(plan)).to.not.match(/offline-secret-|offline-placeholder-for-/);
        });

        it("mints a bootstrap token per joining node, registered once its server exists, and no certificate key", async () => {
            const plan = await planOf(example);
            const joining = resources(plan, instanceType)
                .map((r) => r.name)
                .filter((n) => n !== "ocf-cp-0");
            for (const node of joining) {
                const tokenSecret = resource(plan, "random:index/randomString:RandomString", `${node}-token-secret`);
                expect(tokenSecret.inputs).to.include({ length: 16, upper: false, special: false, lower: true, numeric: true });
                // A rebuild (cluster.nova.rebuilds) is a new token.
                expect(tokenSecret.inputs.keepers).to.deep.equal({ rebuild: "0" });
                const secret = resource(plan, "kubernetes:core/v1:Secret", `${node}-bootstrap-token`);
                expect(secret.inputs).to.include({ type: "bootstrap.kubernetes.io/token", stringData: "[secret]" });
                const metadata = secret.inputs.metadata as { namespace: string; name: string };
                expect(metadata.namespace).to.equal("kube-system");
                // kubeadm finds a token by this name: bootstrap-token-<token-id>, the ID six of [a-z0-9].
                expect(metadata.name)
                    .to.equal(`bootstrap-token-${bootstrapTokenId(node, 0)}`)
                    .and.match(/^bootstrap-token-[a-z0-9]{6}$/);
                expect(secret.dependsOn).to.include(resource(plan, instanceType, node).urn);
            }
            // The init node runs `kubeadm init`: it joins nothing.
            expect(
                resources(plan, "random:index/randomString:RandomString").filter((r) => r.name.startsWith("ocf-cp-0-token")),
            ).to.deep.equal([]);
            expect(new Set(joining.map((n) => bootstrapTokenId(n, 0))).size).to.equal(joining.length);
            expect(resources(plan, "random:index/randomBytes:RandomBytes").filter((r) => r.name.includes("certificate-key"))).to.deep.equal(
                [],
            );
            const ca = resource(plan, "tls:index/selfSignedCert:SelfSignedCert", "ocf-pki-ca");
            expect(ca.inputs).to.include({ isCaCertificate: true, validityPeriodHours: 87600, earlyRenewalHours: 0 });
            expect(ca.options.protect).to.equal(true);
            expect(resource(plan, "tls:index/privateKey:PrivateKey", "ocf-pki-ca-key").options.protect).to.equal(true);
            const admin = resource(plan, "tls:index/locallySignedCert:LocallySignedCert", "ocf-pki-admin-cert");
            expect(admin.inputs.allowedUses).to.include("client_auth");
            expect(resource(plan, "tls:index/certRequest:CertRequest", "ocf-pki-admin-csr").inputs.subject).to.deep.include({
                organization: "kubeadm:cluster-admins",
            });
        });

        it("installs the cloud-controller-manager and Cinder CSI with the credentials in a Secret, Retain in prod", async () => {
            const plan = await planOf(example);
            const ccm = helmRelease(plan, "openstack-cloud-controller-manager");
            expect(ccm.inputs.version).to.equal("2.34.2");
            const ccmValues = ccm.inputs.values as Record<string, any>;
            expect(ccmValues.secret).to.deep.equal({ enabled: true, create: false, name: "cloud-config" });
            expect(ccmValues.cluster).to.deep.equal({ name: "ocf" });
            expect(ccmValues.enabledControllers).to.not.include("route");
            expect(ccmValues).to.not.have.property("cloudConfig");
            const csiValues = helmRelease(plan, "openstack-cinder-csi").inputs.values as Record<string, any>;
            expect(csiValues.secret).to.deep.include({ enabled: true, create: false, hostMount: false, name: "cloud-config" });
            expect(csiValues.storageClass).to.deep.equal({ enabled: false });
            for (const secret of resources(plan, "kubernetes:core/v1:Secret").filter((s) => s.name.endsWith("-cloud-config"))) {
                expect((secret.inputs.stringData as Record<string, string>)["cloud.conf"] ?? secret.inputs.stringData).to.equal("[secret]");
            }
            const sc = resource(plan, "kubernetes:storage.k8s.io/v1:StorageClass", "cinder-csi-cinder");
            expect(sc.inputs).to.include({
                provisioner: "cinder.csi.openstack.org",
                reclaimPolicy: "Retain",
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
            });
            expect(plan.outputs.capabilities).to.include({ loadBalancer: "octavia", defaultStorageClass: "cinder", selfManagedEtcd: true });
        });
    });

    it("dev: one control-plane node, addons on by default, Delete reclaim policy", async () => {
        const config = withNova(
            { controlPlane: { count: null }, sshAllowedCidrs: [] },
            { ...dev, "groundwork:addons": { openstackCloudControllerManager: null, cinderCsi: null } },
        );
        const plan = await planOfConfig(config, "dev");
        expect(controlPlane(plan).map((r) => r.name)).to.deep.equal(["ocf-cp-0"]);
        expect(ingressOn(resources(plan, ruleType), 22).filter((r) => r.inputs.remoteIpPrefix)).to.deep.equal([]); // no SSH from outside
        expect(resource(plan, "kubernetes:storage.k8s.io/v1:StorageClass", "cinder-csi-cinder").inputs.reclaimPolicy).to.equal("Delete");
        helmRelease(plan, "openstack-cloud-controller-manager");
        expect(resource(plan, "tls:index/selfSignedCert:SelfSignedCert", "ocf-pki-ca").options.protect).to.equal(false);
    });

    it("octavia endpoint: a TCP listener limited to the API CIDRs and the nodes, one member per control plane", async () => {
        const plan = await planOfConfig(withNova({ controlPlaneEndpoint: "octavia", vipAddress: null }), "prod");
        const listener = resources(plan, "openstack:loadbalancer/listener:Listener")[0];
        expect(listener.inputs).to.include({ protocol: "TCP", protocolPort: 6443 });
        expect(listener.inputs.allowedCidrs).to.deep.equal(["169.229.226.0/24", "10.20.0.0/22"]);
        const members = resources(plan, "openstack:loadbalancer/member:Member");
        expect(members.map((m) => m.inputs.address)).to.deep.equal(["10.20.0.11", "10.20.0.12", "10.20.0.13"]);
        expect(resources(plan, "openstack:loadbalancer/monitor:Monitor")).to.have.length(1);
        expect(resource(plan, "openstack:networking/floatingIp:FloatingIp", "ocf-api-fip").inputs.portId).to.equal(
            "ocf-api-lb-vip-port-id",
        );
        expect(resource(plan, "openstack:networking/port:Port", "ocf-cp-0-port").inputs.allowedAddressPairs).to.equal(undefined);
    });

    describe("refused configs", () => {
        it("one control-plane node in prod", () => {
            expect(problemsOf(withNova({ controlPlane: { count: 1 } }))).to.contain(
                "cluster.nova.controlPlane.count: expected 3 or more in prod (a highly available control plane), got 1",
            );
        });
        it("an even control-plane count", () => {
            expect(problemsOf(withNova({ controlPlane: { count: 2 } }))).to.contain(
                "cluster.nova.controlPlane.count: expected 1 or an odd number of at least 3 (etcd needs a majority of its members), got 2",
            );
        });
        it("SSH open to the world in prod", () => {
            expect(problemsOf(withNova({ sshAllowedCidrs: ["0.0.0.0/0"] }))).to.contain(
                'cluster.nova.sshAllowedCidrs[0]: expected a specific range in prod (no SSH open to the world), got "0.0.0.0/0"',
            );
        });
        it("a VIP outside the node network", () => {
            expect(problemsOf(withNova({ vipAddress: "192.168.1.10" }))).to.contain(
                'cluster.nova.vipAddress: expected an address inside network.nodeCidr (10.20.0.0/22), got "192.168.1.10"',
            );
        });
        it("no CIDR allowed to reach the API", () => {
            expect(problemsOf(withNova({ apiAllowedCidrs: [] }))).to.contain(
                "cluster.nova.apiAllowedCidrs: expected at least one CIDR allowed to reach the API",
            );
        });
        it("pods overlapping the node network", () => {
            expect(problemsOf(configFileWith(example, { "groundwork:network": { podCidr: "10.20.0.0/16" } }))).to.contain(
                'network.podCidr: expected a range that does not overlap network.nodeCidr (10.20.0.0/22), got "10.20.0.0/16"',
            );
        });
        it("a control-plane flavor that is not a flavor name", () => {
            expect(problemsOf(withNova({ controlPlane: { flavor: "large please" } }))).to.contain(
                "cluster.nova.controlPlane.flavor: expected an OpenStack flavor name such as m3.medium",
            );
        });
    });
});
