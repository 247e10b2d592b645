import type { ApprovalVerdict } from '../../shared/src/core/remediation/approval-token';

export interface ApprovalPage {
  actionKey: string;
  verdict: ApprovalVerdict;
  summary: string;
  proposedAction: string;
  approver: string;
  approvalToken: string;
  formToken: string;
  expiresAt: string;
}

/**
 * The page an approval link opens. Opening it changes nothing (chat and mail previews fetch links);
 * only its form, posted by the signed-in approver with the form token, approves or rejects.
 */
export function approvalPageHtml(page: ApprovalPage): string {
  const verb = page.verdict === 'approve' ? 'Approve' : 'Reject';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<title>${verb} remediation ${escapeHtml(page.actionKey.slice(0, 12))}</title></head>
<body>
<h1>${verb} this remediation?</h1>
<p>${escapeHtml(page.summary)}</p>
<pre>${escapeHtml(page.proposedAction)}</pre>
<p>Signed in as ${escapeHtml(page.approver)}. The link expires at ${escapeHtml(page.expiresAt)}.</p>
<form method="post" action="/approvals/${escapeHtml(page.actionKey)}">
<input type="hidden" name="token" value="${escapeHtml(page.approvalToken)}">
<input type="hidden" name="csrf" value="${escapeHtml(page.formToken)}">
<button type="submit">${verb}</button>
</form>
</body></html>
`;
}

export function resultPageHtml(title: string, detail: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></body></html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}
