import { addonManifests } from "./addon-manifests";
import type { AddonKey } from "./addon-settings";
import { databaseNeedsOperator } from "../addons/cloudnative-pg/manifest";
import { charts, compareMinor, kubernetesVersions, type ChartPin } from "../model/versions";
import { capacityFindings } from "./capacity";
import { cidrsOverlap } from "../model/primitives";
import { restoreModeProblems, restoreTargetProblems } from "./restore-rules";
import { substrateRules } from "./substrate-rules";
import { platformSchema } from "./schema";
import type { PlatformConfig } from "./types";

// Cross-field rules: what a schema of single fields cannot say. Each rule returns problems in the
// `path: expected X, got Y` form, so they join the schema's problems in one message.

type Section = keyof PlatformConfig;

/** The parts of an addon definition the rules read. */
export interface AddonRuleSource {
    readonly key: AddonKey;
    readonly substrates: readonly string[];
    readonly requires?: (settings: never, config: PlatformConfig) => readonly AddonKey[];
    readonly conflicts?: readonly { readonly addon: AddonKey; readonly reason: string }[];
    readonly validate?: (settings: never, config: PlatformConfig) => readonly string[];
}
interface Rule {
    /** The top-level sections the rule reads; it runs only when all of them passed the schema. */
    readonly needs: readonly Section[];
    readonly check: (config: PlatformConfig) => string[];
}

const allSections = Object.keys(platformSchema.shape) as Section[];

const rules: readonly Rule[] = [
    { needs: ["substrate", "environment", "cluster", "network", "addons"], check: substrateProblems },
    // The upgrade guard asks each addon for its pins, which may depend on any section.
    { needs: allSections, check: kubernetesVersionProblems },
    { needs: ["cluster"], check: nodePoolProblems },
    { needs: ["network"], check: networkProblems },
    { needs: ["backups", "restore"], check: backupProblems },
    { needs: ["stackRole", "clusterStack"], check: stackRoleProblems },
    { needs: ["database", "addons"], check: databaseNeedsOperator },
    { needs: allSections, check: (c) => addonProblems(c) },
    // Addons' pods may be sized by any section.
    { needs: allSections, check: (c) => capacityFindings(c).problems },
];

/** Runs every rule whose sections are valid; `config` may be partial where sections failed the schema. */
export function crossFieldProblems(config: PlatformConfig, validSections: ReadonlySet<string>): string[] {
    return rules.filter((rule) => rule.needs.every((s) => validSections.has(s))).flatMap((rule) => rule.check(config));
}

function substrateProblems(config: PlatformConfig): string[] {
    const rules = substrateRules[config.substrate];
    if (!rules) {
        const implemented = Object.keys(substrateRules).join(", ");
        return [`substrate: expected one of the implemented substrates (${implemented}), got "${config.substrate}"`];
    }
    return rules(config);
}

function kubernetesVersionProblems(config: PlatformConfig): string[] {
    const version = config.cluster.kubernetesVersion;
    const problems: string[] = [];
    if (compareMinor(version, kubernetesVersions.min) < 0 || compareMinor(version, kubernetesVersions.max) > 0) {
        problems.push(
            `cluster.kubernetesVersion: expected ${kubernetesVersions.min} to ${kubernetesVersions.max} (the versions this release is tested with), got "${version}"`,
        );
    }
    return [...problems, ...upgradeGuardProblems(config)];
}

/** The parts of an addon definition the upgrade guard reads. */
export interface AddonPinSource {
    readonly key: AddonKey;
    readonly pins?: readonly ChartPin[] | ((settings: never, config: PlatformConfig) => readonly ChartPin[]);
}

/** The chart pins an enabled addon installs: its `pins`, or the catalog's chart under its own key. */
export function addonPins(def: AddonPinSource, config: PlatformConfig): readonly ChartPin[] {
    if (typeof def.pins === "function") return def.pins(config.addons[def.key] as never, config);
    if (def.pins) return def.pins;
    const own = (charts as Readonly<Record<string, ChartPin>>)[def.key];
    return own ? [own] : [];
}

/**
 * Upgrade guard: every chart an enabled addon installs must support the cluster's Kubernetes minor (the
 * catalog's `kubernetes` range per pin), so a version bump is refused at config time, naming the addon,
 * the chart, its version and the range it supports, instead of failing halfway through `pulumi up`.
 */
export function upgradeGuardProblems(config: PlatformConfig, definitions: readonly AddonPinSource[] = addonManifests): string[] {
    const version = config.cluster.kubernetesVersion;
    const problems: string[] = [];
    for (const def of definitions) {
        if (!config.addons[def.key]?.enabled) continue;
        for (const pin of addonPins(def, config)) {
            if (compareMinor(version, pin.kubernetes.min) >= 0 && compareMinor(version, pin.kubernetes.max) <= 0) continue;
            problems.push(
                `cluster.kubernetesVersion: expected a version that ${pin.chart} ${pin.version} supports (${pin.kubernetes.min} to ${pin.kubernetes.max}; addons.${def.key}), got "${version}"`,
            );
        }
    }
    return problems;
}

function nodePoolProblems(config: PlatformConfig): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    config.cluster.nodePools.forEach((pool, i) => {
        const at = `cluster.nodePools[${i}]`;
        if (seen.has(pool.name)) problems.push(`${at}.name: expected a name no other pool has, got "${pool.name}" twice`);
        seen.add(pool.name);
        if (pool.min > pool.max) problems.push(`${at}.min: expected at most max (${pool.max}), got ${pool.min}`);
        if (pool.desired < pool.min || pool.desired > pool.max)
            problems.push(`${at}.desired: expected a number from min (${pool.min}) to max (${pool.max}), got ${pool.desired}`);
        if (pool.kubernetesVersion) {
            const skew = compareMinor(config.cluster.kubernetesVersion, pool.kubernetesVersion);
            if (skew < 0)
                problems.push(
                    `${at}.kubernetesVersion: expected at most the control plane's ${config.cluster.kubernetesVersion} (nodes never lead it), got "${pool.kubernetesVersion}"`,
                );
            else if (skew > 3)
                problems.push(
                    `${at}.kubernetesVersion: expected at most three minors behind the control plane's ${config.cluster.kubernetesVersion}, got "${pool.kubernetesVersion}"`,
                );
        }
    });
    return problems;
}

function networkProblems(config: PlatformConfig): string[] {
    const { nodeCidr, podCidr, serviceCidr } = config.network;
    const pairs: [string, string, string, string][] = [
        ["network.podCidr", podCidr, "network.nodeCidr", nodeCidr],
        ["network.serviceCidr", serviceCidr, "network.nodeCidr", nodeCidr],
        ["network.serviceCidr", serviceCidr, "network.podCidr", podCidr],
    ];
    return pairs
        .filter(([, a, , b]) => cidrsOverlap(a, b))
        .map(([pa, a, pb, b]) => `${pa}: expected a range that does not overlap ${pb} (${b}), got "${a}"`);
}

function backupProblems(config: PlatformConfig): string[] {
    const problems: string[] = [];
    const store = config.backups.objectStore;
    if (config.backups.enabled && !store)
        problems.push("backups.objectStore: expected where to write backups (backups.enabled is true), got nothing");
    if (config.restore.enabled && !store)
        problems.push("restore.enabled: expected backups.objectStore to restore from, got true with no object store");
    problems.push(...restoreModeProblems(config), ...restoreTargetProblems(config));
    if (store && store.provider !== "s3" && !store.endpoint)
        problems.push(`backups.objectStore.endpoint: expected the S3 endpoint of the ${store.provider} object store, got nothing`);
    return problems;
}

/** Substrate support, requirements and each addon's own rules; `definitions` is a parameter for tests. */
export function addonProblems(config: PlatformConfig, definitions: readonly AddonRuleSource[] = addonManifests): string[] {
    const problems: string[] = [];
    for (const def of definitions) {
        const settings = config.addons[def.key] as never;
        if (!config.addons[def.key]?.enabled) continue;
        if (!def.substrates.includes(config.substrate)) {
            problems.push(
                `addons.${def.key}.enabled: expected false on substrate "${config.substrate}" (${def.key} runs on ${def.substrates.join(", ")}), got true`,
            );
        }
        for (const needed of def.requires?.(settings, config) ?? []) {
            if (!config.addons[needed].enabled)
                problems.push(`addons.${needed}.enabled: expected true because addons.${def.key} needs it, got false`);
        }
        for (const conflict of def.conflicts ?? []) {
            if (config.addons[conflict.addon].enabled) {
                problems.push(
                    `addons.${conflict.addon}.enabled: expected false when addons.${def.key} is enabled (${conflict.reason}), got true`,
                );
            }
        }
        problems.push(...(def.validate?.(settings, config) ?? []));
    }
    return problems;
}

function stackRoleProblems(config: PlatformConfig): string[] {
    if (config.stackRole === "platform" && !config.clusterStack)
        return ['clusterStack: expected the cluster stack this platform stack builds on (stackRole is "platform"), got nothing'];
    if (config.stackRole !== "platform" && config.clusterStack)
        return [`clusterStack: expected nothing unless stackRole is "platform", got "${config.clusterStack}"`];
    return [];
}
