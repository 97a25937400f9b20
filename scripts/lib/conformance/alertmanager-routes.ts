// What a person relies on from Alertmanager's routing, independent of receiver names: which alerts reach a
// receiver that notifies someone, and which of those page. Checked with `amtool config routes test` against
// the rendered config (./alertmanager.ts).

export interface RouteCase {
    /** Alert labels, as amtool takes them: "severity=warning". */
    labels: string[];
    /** What must be true of the receivers the alert reaches. */
    expect: "nobody" | "team channel, no pager" | "pager";
}

export const routeCases: RouteCase[] = [
    // kube-prometheus-stack's InfoInhibitor and Watchdog exist to be inhibited or to prove the pipeline works.
    { labels: ["alertname=InfoInhibitor", "severity=none", "namespace=apps"], expect: "nobody" },
    { labels: ["alertname=Watchdog", "severity=none"], expect: "nobody" },
    { labels: ["alertname=KubeQuotaAlmostFull", "severity=info", "namespace=apps"], expect: "nobody" },
    {
        labels: ["alertname=PersistentVolumeNearlyFull", "severity=warning", "namespace=apps"],
        expect: "team channel, no pager",
    },
    { labels: ["alertname=VaultSealed", "severity=critical", "namespace=vault"], expect: "pager" },
];

export interface ReceiverFacts {
    /** Receivers that notify someone (any *_configs). */
    notifying: Set<string>;
    /** Receivers that page (PagerDuty, Opsgenie). */
    paging: Set<string>;
}

export function receiverFacts(config: { receivers?: Record<string, unknown>[] }): ReceiverFacts {
    const notifying = new Set<string>();
    const paging = new Set<string>();
    for (const r of config.receivers ?? []) {
        const name = String(r.name);
        const integrations = Object.entries(r)
            .filter(([k, v]) => k.endsWith("_configs") && Array.isArray(v) && v.length > 0)
            .map(([k]) => k);
        if (integrations.length > 0) notifying.add(name);
        if (integrations.some((k) => k === "pagerduty_configs" || k === "opsgenie_configs")) paging.add(name);
    }
    return { notifying, paging };
}

/** Why the receivers an alert reached break the case's expectation, or undefined when they meet it. */
export function routeProblem(c: RouteCase, reached: string[], facts: ReceiverFacts): string | undefined {
    const notified = reached.filter((r) => facts.notifying.has(r));
    const paged = reached.filter((r) => facts.paging.has(r));
    const got = `got ${reached.join(", ") || "no receiver"}`;
    if (c.expect === "nobody") return notified.length === 0 ? undefined : `expected no notification, ${got}`;
    if (facts.notifying.size === 0) return undefined; // nothing configured to notify (a dev stack): nothing to route
    if (c.expect === "team channel, no pager") {
        if (paged.length > 0) return `expected the team channel and no pager, ${got}`;
        return notified.length > 0 ? undefined : `expected a receiver that notifies the team, ${got}`;
    }
    if (facts.paging.size > 0) return paged.length > 0 ? undefined : `expected the pager (${[...facts.paging].join(", ")}), ${got}`;
    return notified.length > 0 ? undefined : `expected a receiver that notifies someone, ${got}`;
}
