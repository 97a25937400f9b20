import { expect } from "chai";
import { charts } from "../model/versions";
import { parseConfig } from "../config/config";
import { expectProblems, helmRelease, planOfConfig, rawConfigOfFile, resource, stackConfigWith, writeTempConfig } from "./harness";

// The optional extras (the Magnum (Jetstream2) reference platform): KEDA, Eraser, Istio, Redpanda, Valkey. Off unless enabled; sized per env.

const values = (r: { inputs: Record<string, unknown> }) => r.inputs.values as any;
const all = {
    keda: { enabled: true },
    eraser: { enabled: true },
    istio: { enabled: true },
    redpanda: { enabled: true },
    valkey: { enabled: true },
};
const dev = () => planOfConfig(stackConfigWith("dev", { "groundwork:addons": all }));
// Three Redpanda brokers (2 CPU / 8 GiB each, one per node) beside the database need more than prod's three nodes.
const biggerPool = { "groundwork:cluster": { nodePools: [{ name: "general", size: "m6i.xlarge", min: 6, max: 9, desired: 6 }] } };
const prod = () => planOfConfig(stackConfigWith("prod", { ...biggerPool, "groundwork:addons": all }), "prod");
const podSecurity = (plan: Awaited<ReturnType<typeof dev>>, ns: string) =>
    (resource(plan, "kubernetes:core/v1:Namespace", ns).inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"];

describe("extras", () => {
    it("are all off by default", async () => {
        const plan = await planOfConfig(stackConfigWith("dev", {}));
        for (const name of ["keda", "eraser", "istiod", "redpanda", "valkey"])
            expect(
                plan.resources.some((r) => r.name === name && r.type.endsWith("Release")),
                name,
            ).to.equal(false);
    });

    it("install the pinned charts", async () => {
        const plan = await dev();
        for (const [release, pin] of [
            ["keda", charts.keda],
            ["eraser", charts.eraser],
            ["istio-base", charts.istioBase],
            ["istiod", charts.istio],
            ["redpanda", charts.redpanda],
            ["valkey", charts.valkey],
        ] as const) {
            const r = helmRelease(plan, release);
            expect(r.inputs.chart, release).to.equal(pin.chart);
            expect(r.inputs.version, release).to.equal(pin.version);
            expect((r.inputs.repositoryOpts as { repo: string }).repo, release).to.equal(pin.repo);
        }
    });

    it("KEDA runs two replicas of each component in prod", async () => {
        expect(values(helmRelease(await prod(), "keda")).operator.replicaCount).to.equal(2);
        expect(values(helmRelease(await dev(), "keda")).operator.replicaCount).to.equal(1);
    });

    it("Eraser sweeps every node daily with a declared privileged exception", async () => {
        const plan = await dev();
        const v = values(helmRelease(plan, "eraser"));
        expect(v.runtimeConfig.manager.scheduling.repeatInterval).to.equal("24h");
        expect(v.runtimeConfig.components.scanner.enabled).to.equal(false);
        expect(podSecurity(plan, "eraser-ns")).to.equal("privileged");
    });

    it("Istio installs its CRDs (base) before istiod", async () => {
        const plan = await dev();
        const base = helmRelease(plan, "istio-base");
        expect(values(base).base.enableCRDTemplates).to.equal(true);
        expect(helmRelease(plan, "istiod").dependsOn).to.include(base.urn);
    });

    it("Redpanda: one broker in dev, three protected in prod, TLS from cert-manager", async () => {
        const d = values(helmRelease(await dev(), "redpanda"));
        expect(d.statefulset.replicas).to.equal(1);
        expect(d.storage.persistentVolume.size).to.equal("10Gi");
        const prodPlan = await prod();
        const release = helmRelease(prodPlan, "redpanda");
        expect(values(release).statefulset.replicas).to.equal(3);
        expect(values(release).storage.persistentVolume).to.include({ size: "50Gi", storageClass: "gp3" });
        expect(values(release).tls.enabled).to.equal(true);
        expect(release.options.protect).to.equal(true);
        expect(release.dependsOn).to.include(helmRelease(prodPlan, "cert-manager").urn);
    });

    it("Redpanda refuses fewer than three brokers in prod", () => {
        const file = writeTempConfig(stackConfigWith("prod", { "groundwork:addons": { redpanda: { enabled: true, replicas: 1 } } }));
        expect(expectProblems(() => parseConfig(rawConfigOfFile(file)))).to.contain(
            "addons.redpanda.replicas: expected at least 3 in prod",
        );
    });

    it("Valkey: generated password in a Secret the chart reads, replicas in prod", async () => {
        const plan = await prod();
        const release = helmRelease(plan, "valkey");
        const v = values(release);
        expect(v.auth).to.deep.equal({
            enabled: true,
            usersExistingSecret: "valkey-users",
            aclUsers: { default: { permissions: "~* &* +@all", passwordKey: "default" } },
        });
        expect(v.replica).to.deep.include({ enabled: true, replicas: 2 });
        const secret = resource(plan, "kubernetes:core/v1:Secret", "valkey-users");
        expect(secret.inputs.stringData).to.equal("[secret]");
        expect(release.dependsOn).to.include(secret.urn);
        expect(resource(plan, "random:index/randomPassword:RandomPassword", "valkey-default-user-password")).to.exist;
        expect(values(helmRelease(await dev(), "valkey")).replica.enabled).to.equal(false);
    });
});
