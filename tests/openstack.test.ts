import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { mockCall } from "../scripts/lib/mock-state";
import type { Plan, PlanResource } from "../scripts/lib/offline";
import { octaviaCapabilities, type OctaviaProvider } from "../substrates/openstack/octavia";
import { configFileWith, planOf, planOfConfig, repoRoot, resources } from "./harness";

// Every OpenStack resource and function call goes through the provider the program builds from the
// cluster's configured cloud, never the ambient default provider (which reads whatever clouds.yaml or
// OS_* variables the shell has: a preview from the wrong shell would target another project). And the
// API load balancer only uses what its Octavia driver accepts (ovn-octavia-provider refuses allowed_cidrs).

const nova = "examples/openstack-vms-kubeadm-vault.yaml";
const magnum = "examples/magnum-jetstream2-gitops.yaml";
const examples = fs
    .readdirSync(path.join(repoRoot, "examples"))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => `examples/${f}`);
const octaviaEndpoint = (octaviaProvider: OctaviaProvider) =>
    configFileWith(nova, {
        "groundwork:cluster": { nova: { controlPlaneEndpoint: "octavia", vipAddress: null, octaviaProvider } },
    });
const clusterHalf = (file: string) => () => planOfConfig(configFileWith(file, { "groundwork:stackRole": "cluster" }), "prod-cluster");

const plans: [string, () => Promise<Plan>][] = [
    ...["prod", "dev", ...examples].map((s): [string, () => Promise<Plan>] => [s, () => planOf(s)]),
    ["nova, Octavia endpoint on amphora", () => planOfConfig(octaviaEndpoint("amphora"), "dev")],
    ["nova, Octavia endpoint on ovn", () => planOfConfig(octaviaEndpoint("ovn"), "dev")],
    ["nova, cluster half of a split", clusterHalf(nova)],
    ["magnum, cluster half of a split", clusterHalf(magnum)],
];

/** The example's apiAllowedCidrs and its node subnet. */
const apiClients = ["169.229.226.0/24", "10.20.0.0/22"];
const isOpenStack = (r: PlanResource) => r.type.startsWith("openstack:");
const byUrn = (plan: Plan) => new Map(plan.resources.map((r) => [r.urn, r]));

describe("OpenStack provider and Octavia drivers", () => {
    describe("every OpenStack resource uses the program's own provider", () => {
        for (const [label, plan] of plans) {
            it(label, async () => {
                const p = await plan();
                const urns = byUrn(p);
                for (const r of p.resources.filter(isOpenStack)) {
                    const provider = r.provider ? urns.get(r.provider) : undefined;
                    expect(provider?.type, `${r.urn}: provider`).to.equal("pulumi:providers:openstack");
                    expect(provider!.name, `${r.urn}: a default provider`).not.to.match(/^default/);
                }
                const defaults = resources(p, "pulumi:providers:openstack").filter((r) => r.name.startsWith("default"));
                expect(defaults).to.deep.equal([]);
            });
        }
    });

    it("builds the provider from the configured cloud and application credential, kept secret", async () => {
        const p = await planOf(nova);
        const providers = resources(p, "pulumi:providers:openstack");
        expect(providers.map((r) => r.name)).to.deep.equal(["ocf-openstack"]);
        const inputs = providers[0].inputs;
        expect(inputs.authUrl).to.equal("https://openstack.example.org:5000/v3");
        expect(inputs.region).to.equal("RegionOne");
        // Secrets stay secrets: the plan records a secret as an opaque marker, never the value.
        expect(JSON.stringify(inputs.applicationCredentialSecret)).not.to.contain("osAppCredSecret");
        expect(inputs).to.have.property("applicationCredentialId");
        expect((await planOf(magnum)).resources.filter(isOpenStack).length).to.be.greaterThan(0);
    });

    it("refuses (offline) an OpenStack function call that names no provider", () => {
        const call = { token: "openstack:images/getImage:getImage", inputs: { name: "x" } };
        expect(() => mockCall(call)).to.throw(/without an explicit provider/);
        expect(mockCall({ ...call, provider: "urn::id" })).to.have.property("id");
    });

    describe("the API load balancer uses only what its Octavia driver accepts", () => {
        for (const provider of ["amphora", "ovn"] as const) {
            it(provider, async () => {
                const p = await planOfConfig(octaviaEndpoint(provider), "dev");
                const can = octaviaCapabilities[provider];
                const [lb] = resources(p, "openstack:loadbalancer/loadBalancer:LoadBalancer");
                const [listener] = resources(p, "openstack:loadbalancer/listener:Listener");
                const [pool] = resources(p, "openstack:loadbalancer/pool:Pool");
                const [monitor] = resources(p, "openstack:loadbalancer/monitor:Monitor");
                expect(lb.inputs.loadbalancerProvider).to.equal(provider);
                expect(can.listenerProtocols).to.include(listener.inputs.protocol);
                expect(can.algorithms).to.include(pool.inputs.lbMethod);
                expect(can.healthMonitorTypes).to.include(monitor.inputs.type);
                if (can.allowedCidrs) expect(listener.inputs.allowedCidrs).to.deep.equal(apiClients);
                else expect(listener.inputs).not.to.have.property("allowedCidrs");
            });
        }

        it("on ovn, the control-plane security group still limits the API to the configured CIDRs", async () => {
            const p = await planOfConfig(octaviaEndpoint("ovn"), "dev");
            const rules = resources(p, "openstack:networking/secGroupRule:SecGroupRule");
            const api = rules.filter((r) => r.inputs.portRangeMin === 6443);
            expect(api.map((r) => r.inputs.remoteIpPrefix).filter(Boolean)).to.have.members(apiClients);
        });
    });
});
