import { expect } from "chai";
import { addonManifests } from "../config/addon-manifests";
import { charts, type ChartPin } from "../model/versions";
import { addonPins, upgradeGuardProblems, type AddonPinSource } from "../config/rules";
import type { PlatformConfig } from "../config/types";
import { configOfStack } from "./harness";

// The upgrade guard: a cluster version outside any chart pin an enabled addon installs is refused at
// config time, naming the addon, the chart, its version and the range it supports.

const pin = (chart: string, version: string, min: string, max: string): ChartPin => ({
    chart,
    repo: "https://charts.example.org",
    version,
    kubernetes: { min, max },
});

function withVersion(version: string): PlatformConfig {
    const dev = configOfStack("dev");
    return { ...dev, cluster: { ...dev.cluster, kubernetesVersion: version } } as PlatformConfig;
}

describe("upgrade guard", () => {
    it("checks every pin an addon lists, naming addon, chart, version and range", () => {
        const defs: AddonPinSource[] = [
            {
                key: "certManager",
                pins: [pin("cert-manager", "v1.21.1", "1.31", "1.35"), pin("cert-manager-csi-driver", "0.10.0", "1.32", "1.35")],
            },
        ];
        expect(upgradeGuardProblems(withVersion("1.31"), defs)).to.deep.equal([
            'cluster.kubernetesVersion: expected a version that cert-manager-csi-driver 0.10.0 supports (1.32 to 1.35; addons.certManager), got "1.31"',
        ]);
        expect(upgradeGuardProblems(withVersion("1.33"), defs)).to.deep.equal([]);
    });

    it("defaults an addon's pins to the catalog chart under its key", () => {
        expect(addonPins({ key: "metricsServer" }, withVersion("1.33"))).to.deep.equal([charts.metricsServer]);
        const problems = upgradeGuardProblems(withVersion("1.36"), [{ key: "metricsServer" }]);
        expect(problems).to.deep.equal([
            `cluster.kubernetesVersion: expected a version that metrics-server ${charts.metricsServer.version} supports (${charts.metricsServer.kubernetes.min} to ${charts.metricsServer.kubernetes.max}; addons.metricsServer), got "1.36"`,
        ]);
    });

    it("lets a definition pick its pins from the settings and the cluster version", () => {
        const perMinor: Record<string, ChartPin> = { "1.33": pin("openstack-cinder-csi", "2.33.1", "1.33", "1.33") };
        const defs: AddonPinSource[] = [
            {
                key: "certManager",
                pins: (_s, config) => [perMinor[config.cluster.kubernetesVersion] ?? pin("openstack-cinder-csi", "2.34.3", "1.34", "1.34")],
            },
        ];
        expect(upgradeGuardProblems(withVersion("1.33"), defs)).to.deep.equal([]);
        expect(upgradeGuardProblems(withVersion("1.32"), defs)[0]).to.contain(
            "openstack-cinder-csi 2.34.3 supports (1.34 to 1.34; addons.certManager)",
        );
    });

    it("ignores disabled addons", () => {
        const dev = withVersion("1.31");
        const config = { ...dev, addons: { ...dev.addons, certManager: { ...dev.addons.certManager, enabled: false } } } as PlatformConfig;
        expect(upgradeGuardProblems(config, [{ key: "certManager", pins: [pin("cert-manager", "v9.0.0", "1.40", "1.41")] }])).to.deep.equal(
            [],
        );
    });

    it("resolves the pins of every registered addon from the catalog", () => {
        const catalog = new Set<ChartPin>(Object.values(charts));
        for (const def of addonManifests) {
            for (const p of addonPins(def, configOfStack("prod"))) {
                expect(p.kubernetes.min, `${def.key} ${p.chart}`).to.match(/^1\.\d+$/);
                if (!def.pins) expect(catalog.has(p), def.key).to.equal(true);
            }
        }
    });
});
