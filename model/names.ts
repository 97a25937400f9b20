// The names everything else is keyed by: the two environments and the four substrates.

export type Environment = "dev" | "prod";

export const substrates = ["eks", "magnum", "nova", "existing"] as const;
export type Substrate = (typeof substrates)[number];
