// The names everything else is keyed by: the two environments and the four substrates.

export type Environment = "dev" | "prod";

export const substrates = ["eks", "magnum", "nova", "existing"] as const;
export type Substrate = (typeof substrates)[number];

/** certManager → cert-manager: an addon key as its folder under addons/ and its component's Pulumi name. */
export function kebab(key: string): string {
    return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
