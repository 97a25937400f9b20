import type { ReceiverSettings } from "./settings";

/** The secret config keys the receivers name, by role; `alertmanagerConfig` takes their values by the same roles. */
export function receiverSecretKeys(r: ReceiverSettings): Record<string, string> {
    const keys: Record<string, string> = {};
    if (r.slack) keys.slack = r.slack.webhookUrl;
    if (r.discord) keys.discord = r.discord.webhookUrl;
    if (r.email) keys.email = r.email.password;
    if (r.pagerDuty) keys.pagerDuty = r.pagerDuty.routingKey;
    return keys;
}

export const hasReceivers = (r: ReceiverSettings): boolean => Object.keys(receiverSecretKeys(r)).length > 0;

/** Problems of a receiver set: PagerDuty alone would leave warnings with nobody (it receives only critical alerts). */
export function receiverProblems(r: ReceiverSettings): string[] {
    if (!r.pagerDuty || r.slack || r.discord || r.email) return [];
    const why = "it receives only critical alerts, warnings would reach nobody";
    const at = "addons.monitoring.alertmanager.receivers";
    return [`${at}: expected slack, discord or email next to pagerDuty (${why}), got only pagerDuty`];
}

const inhibit = (source: string, target: string, equal: string[]) => ({
    source_matchers: [source],
    target_matchers: [target],
    equal,
});

/**
 * alertmanager.yaml as an object. `secrets` holds the resolved values of `receiverSecretKeys` (call this
 * inside an apply and keep the result secret). It replaces kube-prometheus-stack's default config, so it
 * keeps that default's meaning: Watchdog, InfoInhibitor and `severity=info` alerts go nowhere (info alerts
 * exist to be inhibited or read in the UI), warnings go to the team channel, critical alerts page (and reach
 * the channel too). Anything else (no or an unknown severity) reaches the channel rather than nobody.
 */
export function alertmanagerConfig(r: ReceiverSettings, secrets: Readonly<Record<string, string>>): Record<string, unknown> {
    const platform: Record<string, unknown> = { name: "platform" };
    if (r.slack) platform.slack_configs = [{ api_url: secrets.slack, channel: r.slack.channel, send_resolved: true }];
    if (r.discord) platform.discord_configs = [{ webhook_url: secrets.discord, send_resolved: true }];
    if (r.email) {
        platform.email_configs = [
            {
                to: r.email.to,
                from: r.email.from,
                smarthost: r.email.smarthost,
                auth_username: r.email.username,
                auth_password: secrets.email,
                require_tls: r.email.requireTls,
                send_resolved: true,
            },
        ];
    }
    const receivers: Record<string, unknown>[] = [{ name: "null" }, platform];
    const routes: Record<string, unknown>[] = [
        { receiver: "null", matchers: ['alertname =~ "Watchdog|InfoInhibitor"'] },
        { receiver: "null", matchers: ['severity = "info"'] },
    ];
    if (r.pagerDuty) {
        receivers.push({ name: "pagerduty", pagerduty_configs: [{ routing_key: secrets.pagerDuty, send_resolved: true }] });
        routes.push({ receiver: "pagerduty", matchers: ['severity = "critical"'], continue: true });
    }
    return {
        route: {
            receiver: hasReceivers(r) ? "platform" : "null",
            group_by: ["alertname", "namespace"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "12h",
            routes,
        },
        receivers,
        // kube-prometheus-stack's default inhibitions: the more severe alert (or InfoInhibitor) mutes the others.
        inhibit_rules: [
            inhibit('severity = "critical"', 'severity =~ "warning|info"', ["alertname", "namespace"]),
            inhibit('severity = "warning"', 'severity = "info"', ["alertname", "namespace"]),
            inhibit('alertname = "InfoInhibitor"', 'severity = "info"', ["namespace"]),
            { target_matchers: ['alertname = "InfoInhibitor"'] },
        ],
    };
}
