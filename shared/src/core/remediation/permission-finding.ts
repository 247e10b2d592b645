/**
 * What an engineer needs to fix a permission_denied failure by hand: FlexiRoaster never grants IAM
 * itself, so the escalation must say exactly which permission is missing, for whom, and on what.
 */
export interface PermissionFinding {
  /** e.g. "bigquery.tables.getData"; null when the message names none ("The caller does not have permission"). */
  permission: string | null;
  /** IAM member form, e.g. "serviceAccount:etl@p.iam.gserviceaccount.com"; null when the message names none. */
  principal: string | null;
  resource: string | null;
  /** A role the message itself recommends granting, e.g. "roles/serviceusage.serviceUsageConsumer". */
  suggestedRole: string | null;
}

const PERMISSION = String.raw`[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9]+){2,}`;
const EMAIL = String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|\[REDACTED_EMAIL\]`;

/** Most specific first: the first pattern that names a permission wins. */
const PERMISSION_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`Permission\s+['"\u2018\u2019]?(${PERMISSION})['"\u2018\u2019]?\s+denied\s+(?:on|for)\s+(?:resource\s+)?['"\u2018]?([^'"\u2019\s(]+)?`, 'i'),
  new RegExp(String.raw`does not have (?:the )?['"]?(${PERMISSION})['"]? (?:permission|access)(?: (?:for|in|on|to) (?:the )?(.+?))?(?:\.(?:\s|$)|,|;|$)`, 'i'),
  new RegExp(String.raw`missing (?:IAM )?permission ['"]?(${PERMISSION})['"]?(?: on (?:resource )?['"]?([^'"\s,]+))?`, 'i'),
  new RegExp(String.raw`Required ['"]?(${PERMISSION})['"]? permission (?:for|on) ['"]?([^'"\s]+)`, 'i'),
  new RegExp(String.raw`(?:IAM )?permission ['"]?(${PERMISSION})['"]? is (?:required|missing)(?: (?:on|for) ['"]?([^'"\s,]+))?`, 'i'),
  // Last resort, e.g. "... a custom role with the serviceusage.services.use permission".
  new RegExp(String.raw`\b(?:the|with) ['"]?(${PERMISSION})['"]? permission\b`, 'i'),
];

const PRINCIPAL_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\b((?:serviceAccount|user|group|domain|principal|principalSet):(?:${EMAIL}|[^\s,;'"]+))`),
  new RegExp(String.raw`(?:^|[\s:'"(])(${EMAIL})\s+does not have\b`),
  new RegExp(String.raw`\b(?:caller|principal|user|member|identity|account)\s+['"]?(${EMAIL})['"]?`, 'i'),
];

const ACT_AS = new RegExp(String.raw`cannot act as service account\s+['"]?(${EMAIL})`, 'i');
const ROLE = /\b(roles\/[A-Za-z0-9_.]+)/;

function memberOf(identity: string): string {
  if (identity.includes(':')) return identity;
  return /gserviceaccount\.com$/i.test(identity) ? `serviceAccount:${identity}` : `user:${identity}`;
}

function clean(resource: string | undefined): string | null {
  const trimmed = resource?.trim().replace(/['"\u2019]+$/, '');
  return trimmed === undefined || trimmed === '' ? null : trimmed;
}

export function parsePermissionFinding(message: string): PermissionFinding {
  let permission: string | null = null;
  let resource: string | null = null;
  // GCS repeats the permission in two sentences and only one of them names the resource: keep looking for it.
  for (const pattern of PERMISSION_PATTERNS) {
    const match = pattern.exec(message);
    if (match?.[1] === undefined || (permission !== null && match[1] !== permission)) continue;
    permission = match[1];
    resource ??= clean(match[2]);
    if (resource !== null) break;
  }
  const actAs = ACT_AS.exec(message);
  if (permission === null && actAs?.[1] !== undefined) {
    // Launching as a service account needs iam.serviceAccounts.actAs on it; the message names only the account.
    permission = 'iam.serviceAccounts.actAs';
    resource = memberOf(actAs[1]);
  }
  let principal: string | null = null;
  for (const pattern of PRINCIPAL_PATTERNS) {
    const match = pattern.exec(message);
    if (match?.[1] !== undefined && (actAs === null || !match[1].endsWith(actAs[1] ?? ''))) {
      principal = memberOf(match[1]);
      break;
    }
  }
  return { permission, principal, resource, suggestedRole: ROLE.exec(message)?.[1] ?? null };
}
