import { addonManifests } from "./addon-manifests";
import type { AddonKey } from "./addon-settings";
import type { NamespaceFlows } from "./flows";
import type { PlatformConfig } from "./types";

// The order the platform creates addons in, and the flows they declare: read from the manifests alone, so
// the config validator, the network-policy generator and the reachability check share it without the program.

type AnyManifest = (typeof addonManifests)[number];

/** Enabled addons, each after the addons it requires or uses; ties keep the registry's (alphabetical) order. */
export function creationOrder(config: PlatformConfig): AnyManifest[] {
    const enabled = addonManifests.filter((d) => config.addons[d.key].enabled);
    const byKey = new Map<string, AnyManifest>(enabled.map((d) => [d.key, d]));
    const ordered: AnyManifest[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (def: AnyManifest, trail: string[]) => {
        if (state.get(def.key) === "done") return;
        if (state.get(def.key) === "visiting") throw new Error(`internal: addon dependency cycle ${[...trail, def.key].join(" -> ")}`);
        state.set(def.key, "visiting");
        for (const dep of dependenciesOf(def, config)) {
            const target = byKey.get(dep);
            if (target) visit(target, [...trail, def.key]);
        }
        state.set(def.key, "done");
        ordered.push(def);
    };
    for (const def of enabled) visit(def, []);
    return ordered;
}

/** Every enabled addon's namespaces and flows (its `flows` declaration), by key. */
export function platformFlows(config: PlatformConfig): Map<AddonKey, readonly NamespaceFlows[]> {
    const flows = new Map<AddonKey, readonly NamespaceFlows[]>();
    for (const def of creationOrder(config)) {
        const declare = def.flows as (settings: unknown, config: PlatformConfig) => readonly NamespaceFlows[];
        flows.set(def.key, declare(config.addons[def.key], config));
    }
    return flows;
}

function dependenciesOf(def: AnyManifest, config: PlatformConfig): readonly string[] {
    const settings = config.addons[def.key] as never;
    const required = (def as { requires?: (s: never, c: PlatformConfig) => readonly string[] }).requires?.(settings, config) ?? [];
    const used = (def as { uses?: readonly string[] }).uses ?? [];
    return [...required, ...used];
}
