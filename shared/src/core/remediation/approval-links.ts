import type { ApprovalTokens } from './approval-token';
import type { ApprovalLinks } from './decision';

/** Two single-purpose links per action: the verdict is inside the signed token, not in the URL. */
export function approvalLinks(tokens: ApprovalTokens, actionKey: string, now: Date, expiresAt: string, baseUrl: string | undefined): ApprovalLinks {
  const claims = { actionKey, issuedAt: now.getTime(), expiresAt: Date.parse(expiresAt) };
  const approveToken = tokens.sign({ ...claims, verdict: 'approve' });
  const rejectToken = tokens.sign({ ...claims, verdict: 'reject' });
  const link = (token: string): string | null => (baseUrl === undefined ? null : `${baseUrl}/approvals/${actionKey}?token=${encodeURIComponent(token)}`);
  return { approveToken, rejectToken, approveUrl: link(approveToken), rejectUrl: link(rejectToken), expiresAt };
}
