import type * as pulumi from "@pulumi/pulumi";
import type { AddonManifest } from "../config/addon-manifest";
import type { AddonKey } from "../config/addon-settings";
import type { PlatformConfig, SecretReader } from "../config/types";
import type { ClusterHandle } from "./cluster/handle";

// The addon's program half: its manifest (config/addon-manifest.ts) bound to the function that creates its
// ComponentResource. The platform creates enabled addons in the order their manifests' `requires` and `uses`
// give, and hands each the components created before it.

/**
 * The component each enabled addon creates, by key: how addons consume each other's typed outputs. Filled in
 * by program/addon-components.ts (generated), so this contract imports no addon.
 */
// biome-ignore lint/suspicious/noEmptyInterface: an interface, so program/addon-components.ts can augment it
export interface AddonInstances {}

export interface AddonContext<S> {
    /** The addon's own validated settings. */
    readonly settings: S;
    readonly config: PlatformConfig;
    readonly cluster: ClusterHandle;
    /** Addons created before this one (everything in `requires` and, where enabled, `uses`). */
    readonly addons: Partial<AddonInstances>;
    readonly secrets: SecretReader;
    /** Parent (the Platform) and the cluster's providers; pass to the addon's constructor. */
    readonly opts: pulumi.ComponentResourceOptions;
}

export interface AddonComponent<K extends string, S extends { enabled: boolean }, R extends pulumi.Resource> {
    readonly manifest: AddonManifest<K, S>;
    readonly create: (name: string, ctx: AddonContext<S>) => R;
}

/** Binds a manifest to the function creating its component; TypeScript infers the instance type. */
export function defineComponent<K extends string, S extends { enabled: boolean }, R extends pulumi.Resource>(
    manifest: AddonManifest<K, S>,
    create: (name: string, ctx: AddonContext<S>) => R,
): AddonComponent<K, S, R> {
    return Object.freeze({ manifest, create });
}

/** Reads a required addon from the context; config validation guarantees it is there. */
export function requireAddon<K extends AddonKey & keyof AddonInstances>(ctx: AddonContext<unknown>, key: K): AddonInstances[K] {
    const addon = ctx.addons[key];
    if (!addon) throw new Error(`internal: addon "${key}" was not created before its dependents`);
    return addon as AddonInstances[K];
}
